import type { Presence } from '../../src/domain/presence.js';
import type { RegisterOutcome } from '../../src/store/presence-repository.js';

/** The presence of a registration outcome; fails the test when nothing was registered. */
export function presenceOf(outcome: RegisterOutcome | undefined): Presence {
  if (outcome === undefined || outcome.kind === 'NOT_REGISTERED')
    throw new Error('no presence in this outcome');
  return outcome.presence;
}
