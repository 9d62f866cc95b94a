import { addDays, brusselsDate, brusselsDayStart, type CalendarDate } from '../domain/calendar-date.js';
import type { DomainError } from '../domain/errors.js';
import { decide } from '../domain/procedure/decide.js';
import type { ContactCenter } from '../domain/procedure/contact-center.js';
import type { Origin, Situation } from '../domain/procedure/situation.js';
import { parseReferenceNumber } from '../domain/reference-number.js';
import { ok, type Result } from '../domain/result.js';
import type { Attempt, AttemptLog } from './attempt-log.js';
import type { CaptureJournal } from './capture-journal.js';
import type { ProcedureRecord, ProcedureStore } from './procedure-store.js';
import type { RosterStore } from './roster-store.js';

/**
 * What the agent's procedure needs: the captures (who was there, what waits), the attempts (the evidence), the
 * roster (the names on the listing), the procedures kept, the clock, and the contact center the decision sends
 * companies to.
 */
export interface SiteProcedureDeps {
  readonly journal: CaptureJournal;
  readonly attemptLog: AttemptLog;
  readonly roster: RosterStore;
  readonly procedures: ProcedureStore;
  readonly clock: { now(): Date };
  readonly contactCenter: ContactCenter;
}

/** How long today's captures may wait unsent before the agent opens the emergency procedure, by default. */
export const DEFAULT_PROCEDURE_DELAY_MS = 30 * 60_000;
/** The most attempts kept in the evidence filed with an incident. */
export const MAX_EVIDENCE_ATTEMPTS = 2_000;

/** Where the failures point, as an origin of the procedure's table. */
function originOf(location: Attempt['location']): Origin {
  switch (location) {
    case 'LINE':
      return 'THIRD_PARTY_INFRASTRUCTURE';
    case 'REGISTRY':
      return 'REGISTRY_UNAVAILABLE';
    case 'AGENT':
      return 'OWN_COMPANY';
    case 'UNKNOWN':
    case undefined:
      return 'UNKNOWN';
  }
}

/**
 * Opens today's emergency procedure when today's captures could not be sent in time: some have waited unsent
 * for `delayMs` since they were journaled, at least one attempt to send failed since, and nothing has been sent
 * since the oldest of them. The decision is the registry's own pure function, taken offline; the origin follows
 * where the failures point (the probe tells the line from the registry). A procedure filed earlier today is
 * opened again by a second outage: its incident gets the new evidence, its listings the new lines. Returns
 * today's procedure, opened now or before, or undefined when none is needed.
 */
export async function reviewProcedure(
  deps: SiteProcedureDeps,
  delayMs: number = DEFAULT_PROCEDURE_DELAY_MS,
  officialRegistryDownSince?: string,
): Promise<ProcedureRecord | undefined> {
  const now = deps.clock.now();
  const today = brusselsDate(now);
  const existing = await deps.procedures.procedure(today);
  if (existing !== undefined && existing.closedAt === undefined) return existing;
  const outage =
    (await currentOutage(deps, today, now, delayMs, existing?.closedAt)) ??
    officialOutage(officialRegistryDownSince, today, existing?.closedAt);
  if (outage === undefined) return existing;
  if (existing !== undefined) {
    // A second outage the same day: the same incident and listings, filed again with what is new.
    const { closedAt: _closed, evidenceFiledAt: _filed, ...rest } = existing;
    const reopened: ProcedureRecord = {
      ...rest,
      evidenceSince: outage.from,
      situation: { ...existing.situation, claimedTo: now.toISOString() },
      ...(existing.listings === undefined
        ? {}
        : { listings: existing.listings.map(({ filedAt: _at, ...listing }) => listing) }),
    };
    await deps.procedures.saveProcedure(reopened);
    return reopened;
  }
  // The gateway is the company's usual channel: its failures are the evidence, not "another channel tried".
  const situation: Situation = {
    origin: originOf(outage.location),
    at: now.toISOString(),
    permanentlyWithoutInfrastructure: false,
    usesCoContractorMeans: false,
    channelsTried: [],
    claimedFrom: outage.from,
    claimedTo: now.toISOString(),
  };
  const record: ProcedureRecord = {
    day: today,
    openedAt: now.toISOString(),
    situation,
    decision: decide(situation, deps.contactCenter),
  };
  await deps.procedures.saveProcedure(record);
  return record;
}

/**
 * The outage of the official registry that the registry (a relay) reports, when it began today and after the
 * procedure last filed (a later filing closed it for that outage already): the registry takes the captures, but
 * the registration that counts in law cannot be made — the procedure's case "Checkin@Work is unavailable".
 */
function officialOutage(
  since: string | undefined,
  today: CalendarDate,
  after: string | undefined,
): { readonly from: string; readonly location: Attempt['location'] } | undefined {
  if (since === undefined || (after !== undefined && since <= after)) return undefined;
  const from = brusselsDate(new Date(since)) < today ? brusselsDayStart(today).toISOString() : since;
  return { from, location: 'REGISTRY' };
}

/**
 * Today's outage, if there is one: the oldest pending capture has waited `delayMs` since it was journaled (and
 * since `after`), attempts to send failed since, and none succeeded since. When it began, and where it lies.
 */
async function currentOutage(
  deps: SiteProcedureDeps,
  today: CalendarDate,
  now: Date,
  delayMs: number,
  after: string | undefined,
): Promise<{ readonly from: string; readonly location: Attempt['location'] } | undefined> {
  const [oldest] = await deps.journal.pending(today, 1);
  if (oldest === undefined) return undefined;
  const journaled = oldest.journaledAt ?? oldest.capturedAt;
  const since = after !== undefined && after > journaled ? after : journaled;
  if (now.getTime() - Date.parse(since) < delayMs) return undefined;
  const summary = await deps.journal.summary();
  if (summary.lastSuccess !== undefined && summary.lastSuccess.at >= since) return undefined;
  const failures = (await deps.attemptLog.attempts(since, now.toISOString(), MAX_EVIDENCE_ATTEMPTS)).filter(
    (a) => a.outcome === 'FAILED',
  );
  const first = failures[0];
  if (first === undefined) return undefined;
  return { from: first.at, location: failures.at(-1)?.location };
}

/**
 * Opens a procedure for each past day whose captures are held (their day ended before they could be
 * registered: an outage at the end of the day, or captures imported too late) and that has none yet: the
 * captures are the proof of who was there, and the procedure says what the company must do about that day. The
 * origin follows that day's failed attempts; with none, it is unknown and the decision asks. Returns those opened.
 */
export async function reviewHeldDays(deps: SiteProcedureDeps): Promise<ProcedureRecord[]> {
  const now = deps.clock.now();
  const opened: ProcedureRecord[] = [];
  for (const day of await deps.journal.heldDays(brusselsDate(now))) {
    if ((await deps.procedures.procedure(day)) !== undefined) continue;
    const failures = (
      await deps.attemptLog.attempts(
        brusselsDayStart(day).toISOString(),
        brusselsDayStart(addDays(day, 1)).toISOString(),
        MAX_EVIDENCE_ATTEMPTS,
      )
    ).filter((a) => a.outcome === 'FAILED');
    const first = failures[0];
    const last = failures.at(-1);
    const situation: Situation = {
      origin: originOf(last?.location),
      at: now.toISOString(),
      permanentlyWithoutInfrastructure: false,
      usesCoContractorMeans: false,
      channelsTried: [],
      ...(first === undefined || last === undefined ? {} : { claimedFrom: first.at, claimedTo: last.at }),
    };
    const record: ProcedureRecord = {
      day,
      openedAt: now.toISOString(),
      situation,
      decision: decide(situation, deps.contactCenter),
    };
    await deps.procedures.saveProcedure(record);
    opened.push(record);
  }
  return opened;
}

/**
 * Records the reference number the contact center gave (refused when mistyped: its check character), on the
 * procedure of that day, and takes the decision again: now the paper listing.
 */
export async function enterReference(
  deps: SiteProcedureDeps,
  day: CalendarDate,
  raw: string,
): Promise<Result<ProcedureRecord, DomainError>> {
  const reference = parseReferenceNumber(raw);
  if (!reference.ok) return reference;
  const now = deps.clock.now();
  const record = (await deps.procedures.procedure(day)) ?? openByHand(deps, day, now);
  const situation: Situation = {
    ...record.situation,
    referenceNumber: reference.value,
    at: now.toISOString(),
  };
  const updated: ProcedureRecord = {
    ...record,
    situation,
    decision: decide(situation, deps.contactCenter),
    referenceNumber: reference.value,
  };
  // A reference entered after the procedure was filed opens it again: its listing is still to be filed.
  const { closedAt: _closed, ...reopened } = updated;
  await deps.procedures.saveProcedure(reopened);
  return ok(reopened);
}

/** A procedure opened by the company itself (it called the contact center before the agent gave up waiting). */
function openByHand(deps: SiteProcedureDeps, day: CalendarDate, now: Date): ProcedureRecord {
  const situation: Situation = {
    origin: 'UNKNOWN',
    at: now.toISOString(),
    permanentlyWithoutInfrastructure: false,
    usesCoContractorMeans: false,
    channelsTried: [],
  };
  return { day, openedAt: now.toISOString(), situation, decision: decide(situation, deps.contactCenter) };
}
