import { outages } from '../domain/availability.js';
import type { JournalCheck, Situation } from '../domain/procedure/situation.js';
import type { AppDeps } from './app-deps.js';

/**
 * How far a claimed time may be from an outage in the journal and still overlap it: the company's clock and
 * the registry's are not the same, and "I tried at 06:30" is said from memory.
 */
export const CLAIM_TOLERANCE_MS = 5 * 60_000;

/**
 * Whether the registry's availability journal has an outage overlapping the times a company claims the
 * registry was unavailable (the claimed period, or the moment of the situation), give or take five minutes.
 */
export async function checkJournal(
  deps: AppDeps,
  situation: Pick<Situation, 'at' | 'claimedFrom' | 'claimedTo'>,
): Promise<JournalCheck> {
  const from = Date.parse(situation.claimedFrom ?? situation.claimedTo ?? situation.at) - CLAIM_TOLERANCE_MS;
  const to = Date.parse(situation.claimedTo ?? situation.claimedFrom ?? situation.at) + CLAIM_TOLERANCE_MS;
  const period = { from: new Date(from), to: new Date(to) };
  const runs = await deps.store.availability.runsAround(period.from.toISOString(), period.to.toISOString());
  return outages(runs, period, deps.clock.now()).length > 0 ? 'CONFIRMED' : 'NOT_CONFIRMED';
}

/** The situation with the journal's answer, when the registry itself is said to be unavailable. */
export async function withJournalCheck(deps: AppDeps, situation: Situation): Promise<Situation> {
  if (situation.origin !== 'REGISTRY_UNAVAILABLE') {
    const { journal: _ignored, ...rest } = situation;
    return rest;
  }
  return { ...situation, journal: await checkJournal(deps, situation) };
}
