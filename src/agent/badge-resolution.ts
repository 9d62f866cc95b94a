import { readCapture } from './badge.js';
import type { CaptureJournal, Resolution } from './capture-journal.js';
import type { RosterStore } from './roster-store.js';

/** The most unknown badges looked up again at once (a roster import looks at every one still unknown). */
const MAX_UNRESOLVED = 100_000;

/**
 * Looks up again, in the roster as it now is, the badges that were unknown when they were read: each one the
 * roster now knows becomes that worker's capture, with the roster's employer for the worker (or the employer
 * the capture had), pending again — it is sent like any other, and when its day is over, held for the
 * procedure. Its capture time stays what it was. Returns how many were resolved.
 */
export async function resolveUnknownBadges(deps: {
  readonly journal: CaptureJournal;
  readonly roster: Pick<RosterStore, 'findBadge'>;
}): Promise<number> {
  const { journal, roster } = deps;
  const resolutions: Resolution[] = [];
  for (const capture of await journal.captures({ state: 'UNRESOLVED' }, MAX_UNRESOLVED)) {
    const read = readCapture(capture.raw);
    if (read.kind !== 'badge') continue;
    const entry = await roster.findBadge(read.candidates);
    const employer = entry?.employer ?? capture.employer;
    if (entry === undefined || employer === undefined) continue;
    resolutions.push({ sequence: capture.sequence, worker: entry.worker, employer });
  }
  return resolutions.length === 0 ? 0 : journal.resolve(resolutions);
}
