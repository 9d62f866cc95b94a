import { outages } from '../domain/availability.js';
import { upstreamOutages } from '../domain/upstream.js';
import { addDays, brusselsDayStart, type CalendarDate } from '../domain/calendar-date.js';
import type { JournalCheck, Situation } from '../domain/procedure/situation.js';
import type { AppDeps } from './app-deps.js';

/**
 * How far a claimed time may be from an outage in the journal and still overlap it: the company's clock and
 * the registry's are not the same, and "I tried at 06:30" is said from memory.
 */
export const CLAIM_TOLERANCE_MS = 5 * 60_000;

/** A stretch of time. */
export interface Period {
  readonly from: Date;
  readonly to: Date;
}

/** A Brussels calendar day as a stretch of time, from its midnight to the next. */
export function brusselsDay(date: CalendarDate): Period {
  return { from: brusselsDayStart(date), to: brusselsDayStart(addDays(date, 1)) };
}

/**
 * The times a company claims the registry was unavailable: the period it gives, else — for an incident, which
 * is about a day — that whole day, else the moment of the situation.
 */
export function claimedPeriod(
  situation: Pick<Situation, 'at' | 'claimedFrom' | 'claimedTo'>,
  day?: CalendarDate,
): Period {
  const whole = day === undefined ? undefined : brusselsDay(day);
  const from =
    situation.claimedFrom ?? (whole === undefined ? (situation.claimedTo ?? situation.at) : undefined);
  const to =
    situation.claimedTo ?? (whole === undefined ? (situation.claimedFrom ?? situation.at) : undefined);
  return {
    from: from === undefined ? (whole?.from ?? new Date(situation.at)) : new Date(from),
    to: to === undefined ? (whole?.to ?? new Date(situation.at)) : new Date(to),
  };
}

/**
 * Whether the registry's availability journal — or, for a relay, the journal of the official registry's answers —
 * has an outage overlapping a claimed period, give or take five minutes.
 */
export async function checkJournal(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  claimed: Period,
): Promise<JournalCheck> {
  const period = {
    from: new Date(claimed.from.getTime() - CLAIM_TOLERANCE_MS),
    to: new Date(claimed.to.getTime() + CLAIM_TOLERANCE_MS),
  };
  const [runs, spans] = await Promise.all([
    deps.store.availability.runsAround(period.from.toISOString(), period.to.toISOString()),
    deps.store.upstream.spansAround(period.from.toISOString(), period.to.toISOString()),
  ]);
  // A relay's users register through it: when the official registry did not answer it, they could not register.
  const down =
    outages(runs, period, deps.clock.now()).length > 0 || upstreamOutages(spans, period).length > 0;
  return down ? 'CONFIRMED' : 'NOT_CONFIRMED';
}

/**
 * The situation with the journal's answer when the registry itself is said to be unavailable (for the times
 * claimed, or the incident's day), and without one otherwise.
 */
export async function withJournalCheck(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  situation: Situation,
  day?: CalendarDate,
): Promise<Situation> {
  if (situation.origin !== 'REGISTRY_UNAVAILABLE') {
    const { journal: _ignored, ...rest } = situation;
    return rest;
  }
  return { ...situation, journal: await checkJournal(deps, claimedPeriod(situation, day)) };
}
