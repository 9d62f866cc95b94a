import { addDays, brusselsDate, brusselsDayStart, type CalendarDate } from '../domain/calendar-date.js';
import { formatEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import type { DomainError } from '../domain/errors.js';
import { decide } from '../domain/procedure/decide.js';
import type { ContactCenter } from '../domain/procedure/contact-center.js';
import type { Origin, Situation } from '../domain/procedure/situation.js';
import { STEPS, writeReferenceOnListing } from '../domain/procedure/steps.js';
import { parseReferenceNumber } from '../domain/reference-number.js';
import { err, ok, type Result } from '../domain/result.js';
import { formatWorker, workerKey, type Worker } from '../domain/worker.js';
import type { PaperListingSheet, PdfWriter } from '../pdf/pdf-writer.js';
import type { AgentSettings } from './agent-settings.js';
import type { Attempt, Capture, Journal, ProcedureRecord, RosterEntry } from './journal.js';
import type { ProcedureClient } from './procedure-client.js';

/** What the agent's procedure needs. */
export interface SiteProcedureDeps {
  readonly journal: Journal;
  readonly clock: { now(): Date };
  readonly contactCenter: ContactCenter;
}

/** How long today's captures may wait unsent before the agent opens the emergency procedure, by default. */
export const DEFAULT_PROCEDURE_DELAY_MS = 30 * 60_000;
/** The most attempts kept in the evidence filed with an incident. */
const MAX_EVIDENCE_ATTEMPTS = 2_000;

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
): Promise<ProcedureRecord | undefined> {
  const now = deps.clock.now();
  const today = brusselsDate(now);
  const existing = await deps.journal.procedure(today);
  if (existing !== undefined && existing.closedAt === undefined) return existing;
  const outage = await currentOutage(deps, today, now, delayMs, existing?.closedAt);
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
    await deps.journal.saveProcedure(reopened);
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
  await deps.journal.saveProcedure(record);
  return record;
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
  const failures = (await deps.journal.attempts(since, now.toISOString(), MAX_EVIDENCE_ATTEMPTS)).filter(
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
    if ((await deps.journal.procedure(day)) !== undefined) continue;
    const failures = (
      await deps.journal.attempts(
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
    await deps.journal.saveProcedure(record);
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
  const record = (await deps.journal.procedure(day)) ?? openByHand(deps, day, now);
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
  await deps.journal.saveProcedure(reopened);
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

/**
 * The paper attendance listings of a day, made offline from the journal: one per employer of the workers
 * captured that day (the agent's own first; a subcontractor's workers are on their employer's listing), one row
 * per worker (present), names from the roster, empty rows to fill by hand, the reference number once entered.
 * A day without captures still gets the agent's employer's listing, to fill by hand.
 */
export async function listingSheets(
  deps: SiteProcedureDeps,
  settings: AgentSettings,
  day: CalendarDate,
  workplace: { readonly name: string; readonly address: string } = { name: '', address: '' },
): Promise<PaperListingSheet[]> {
  const record = await deps.journal.procedure(day);
  const names = await rosterNames(deps.journal);
  const reference = record?.referenceNumber;
  const printedAt = deps.clock.now().toISOString();
  return [...(await workersByEmployer(deps.journal, settings, day))].map(([employer, workers]) => {
    const rows = workers.map((worker) => {
      const name = names.get(keyOf(worker));
      return {
        worker: formatWorker(worker),
        ...(name === undefined ? {} : { lastName: name.lastName, firstName: name.firstName }),
        status: 'REGISTERED' as const,
      };
    });
    const enterprise = formatEnterpriseNumber(employer);
    return {
      listingId: `agent ${settings.workplaceId} ${day} ${enterprise}`,
      referenceNumber: reference ?? '',
      workplace: { id: settings.workplaceId, name: workplace.name, address: workplace.address },
      date: day,
      employer: { enterprise },
      rows,
      blankRows: Math.max(10, 25 - rows.length),
      instructions: [
        ...(reference === undefined ? [] : [writeReferenceOnListing(reference).text]),
        STEPS.LISTING_FIELDS,
        STEPS.LISTING_IS_PROOF,
        STEPS.CAPTURE_LISTING,
      ],
      printedAt,
    };
  });
}

/** The listings of a day as one PDF (each employer's on pages of its own), without the registry. */
export async function listingPdf(
  deps: SiteProcedureDeps & { readonly pdf: PdfWriter },
  settings: AgentSettings,
  day: CalendarDate,
): Promise<Buffer> {
  return deps.pdf.paperListings(await listingSheets(deps, settings, day));
}

/** What filing a procedure did, step by step. */
export interface FilingReport {
  readonly day: CalendarDate;
  readonly incidentId?: string;
  /** The paper listings made on the registry, one per employer. */
  readonly listingIds: readonly string[];
  readonly linesFiled: number;
  readonly linesWithoutNames: number;
  readonly closed: boolean;
  /** Why it stopped short, when it did (the registry refused something, or could not be reached). */
  readonly problem?: string;
}

/**
 * Once the registry can be reached again, files each open procedure: the incident with the agent's log of
 * failed attempts as evidence and the reference number, then — with a reference number — a paper listing on
 * the registry per employer of the day's workers and the day's captures as their lines (presences of channel
 * PAPER carrying the reference: the proof of who was there, not late registrations). Each step is recorded as
 * it succeeds, so a filing cut short goes on where it stopped; the registry takes a listing or a line filed
 * twice as the same one.
 */
export async function fileProcedures(
  deps: SiteProcedureDeps,
  settings: AgentSettings,
  client: ProcedureClient,
): Promise<FilingReport[]> {
  const reports: FilingReport[] = [];
  for (const record of await deps.journal.openProcedures())
    reports.push(await fileOne(deps, settings, client, record));
  return reports;
}

async function fileOne(
  deps: SiteProcedureDeps,
  settings: AgentSettings,
  client: ProcedureClient,
  start: ProcedureRecord,
): Promise<FilingReport> {
  let record = start;
  let linesFiled = 0;
  let linesWithoutNames = 0;
  const report = (extra: Partial<FilingReport>): FilingReport => ({
    day: record.day,
    ...(record.incidentId === undefined ? {} : { incidentId: record.incidentId }),
    listingIds: (record.listings ?? []).map((l) => l.listingId),
    linesFiled,
    linesWithoutNames,
    closed: record.closedAt !== undefined,
    ...extra,
  });
  const save = async (next: ProcedureRecord): Promise<void> => {
    record = next;
    await deps.journal.saveProcedure(record);
  };
  if (record.incidentId === undefined) {
    const { situation } = record;
    // The times claimed lie within the incident's day (the registry refuses others).
    const dayEnd = brusselsDayStart(addDays(record.day, 1)).toISOString();
    const opened = await client.post('/incidents', {
      workplaceId: settings.workplaceId,
      date: record.day,
      employer: settings.employer,
      origin: situation.origin,
      description: `The site agent could not send the day's presences to the registry from ${situation.claimedFrom ?? record.openedAt}.`,
      ...(situation.claimedFrom === undefined ? {} : { claimedFrom: situation.claimedFrom }),
      ...(situation.claimedTo === undefined
        ? {}
        : { claimedTo: situation.claimedTo < dayEnd ? situation.claimedTo : dayEnd }),
    });
    const id = created(opened, 'incident');
    if (!id.ok) return report({ problem: id.error });
    await save({ ...record, incidentId: id.value });
  }
  const incidentId = record.incidentId ?? '';
  if (record.evidenceFiledAt === undefined) {
    const attempts = await deps.journal.attempts(
      record.evidenceSince ?? record.situation.claimedFrom ?? record.openedAt,
      deps.clock.now().toISOString(),
      MAX_EVIDENCE_ATTEMPTS,
    );
    const evidence = await client.post(`/incidents/${incidentId}/events`, {
      type: 'EVIDENCE_ADDED',
      evidence: {
        kind: 'AGENT_LOG',
        description: `The site agent's log of ${attempts.filter((a) => a.outcome === 'FAILED').length} failed attempt(s) to reach the registry.`,
        content: attemptLog(attempts),
      },
    });
    if (evidence.kind === 'FAILED' || evidence.status >= 300) return report({ problem: problemOf(evidence) });
    await save({ ...record, evidenceFiledAt: deps.clock.now().toISOString() });
  }
  if (record.referenceNumber !== undefined) {
    const groups = await workersByEmployer(deps.journal, settings, record.day);
    if (record.listings === undefined) {
      const obtained = await client.post(`/incidents/${incidentId}/events`, {
        type: 'REFERENCE_OBTAINED',
        referenceNumber: record.referenceNumber,
      });
      if (obtained.kind === 'FAILED' || obtained.status >= 500)
        return report({ problem: problemOf(obtained) });
    }
    // Names first, for every employer: a listing's lines need them, and none is filed half.
    const names = await rosterNames(deps.journal);
    const unnamed = [...groups.values()].flat().filter((worker) => !names.has(keyOf(worker)));
    if (unnamed.length > 0) {
      linesWithoutNames = unnamed.length;
      return report({
        problem: `${unnamed.length} worker(s) of the day have no name on the roster (${unnamed
          .slice(0, 5)
          .map(formatWorker)
          .join(
            ', ',
          )}${unnamed.length > 5 ? ', …' : ''}): add them (agent roster import) and the listings are filed next time.`,
      });
    }
    for (const [employer, workers] of groups) {
      let listing = record.listings?.find((l) => l.employer === employer);
      if (listing === undefined) {
        const made = await client.post('/paper-listings', {
          referenceNumber: record.referenceNumber,
          workplaceId: settings.workplaceId,
          date: record.day,
          employer,
        });
        const id = created(made, 'paperListing');
        if (!id.ok) return report({ problem: `${formatEnterpriseNumber(employer)}: ${id.error}` });
        listing = { employer, listingId: id.value };
        await save({ ...record, listings: [...(record.listings ?? []), listing] });
      }
      if (listing.filedAt !== undefined) continue;
      const filed = await fileLines(client, listing.listingId, workers, names);
      linesFiled += filed.lines;
      if (filed.problem !== undefined)
        return report({ problem: `${formatEnterpriseNumber(employer)}: ${filed.problem}` });
      const at = deps.clock.now().toISOString();
      const { listingId } = listing;
      await save({
        ...record,
        listings: (record.listings ?? []).map((l) => (l.listingId === listingId ? { ...l, filedAt: at } : l)),
      });
    }
  }
  // Done when the day is exempt, or its listings are filed; otherwise the procedure waits for a reference number.
  if (!record.decision.exempt && record.referenceNumber === undefined)
    return report({
      problem:
        'Not exempt, and no reference number yet: enter it with agent reference, the listings are filed then.',
    });
  await save({ ...record, closedAt: deps.clock.now().toISOString() });
  return report({});
}

/** Captures a listing's lines on the registry, 200 at a time; how many it took, or why it stopped. */
async function fileLines(
  client: ProcedureClient,
  listingId: string,
  workers: readonly Worker[],
  names: ReadonlyMap<string, RosterEntry>,
): Promise<{ readonly lines: number; readonly problem?: string }> {
  let lines = 0;
  let refused = 0;
  for (let i = 0; i < workers.length; i += 200) {
    const entries = await client.post(`/paper-listings/${listingId}/entries`, {
      entries: workers.slice(i, i + 200).map((worker) => {
        const name = names.get(keyOf(worker));
        return {
          worker: 'niss' in worker ? { niss: worker.niss } : { limosaId: worker.limosaId },
          lastName: name?.lastName ?? '',
          firstName: name?.firstName ?? '',
        };
      }),
    });
    if (entries.kind === 'FAILED' || entries.status !== 200) return { lines, problem: problemOf(entries) };
    const results = (entries.body as { results?: { status?: string }[] }).results ?? [];
    lines += results.filter((r) => r.status === 'REGISTERED').length;
    refused += results.filter((r) => r.status !== 'REGISTERED').length;
  }
  return refused === 0
    ? { lines }
    : { lines, problem: `${refused} line(s) of the listing were refused by the registry.` };
}

/** The roster's names, by worker. */
async function rosterNames(journal: Journal): Promise<Map<string, RosterEntry>> {
  return new Map((await journal.roster()).map((r) => [keyOf(r.worker), r]));
}

/**
 * The workers captured on a day, each once, by employer: the agent's own employer first, then the others in the
 * order first seen. A day without workers has the agent's own employer alone, with none.
 */
async function workersByEmployer(
  journal: Journal,
  settings: Pick<AgentSettings, 'employer'>,
  day: CalendarDate,
): Promise<Map<EnterpriseNumber, Worker[]>> {
  const groups = new Map<EnterpriseNumber, Worker[]>([[settings.employer, []]]);
  for (const { worker, capture } of await workersOfDay(journal, day)) {
    const employer = capture.employer ?? settings.employer;
    const group = groups.get(employer);
    if (group === undefined) groups.set(employer, [worker]);
    else group.push(worker);
  }
  if (groups.get(settings.employer)?.length === 0 && groups.size > 1) groups.delete(settings.employer);
  return groups;
}

/** Each worker captured on a day once, in the order first seen (pending, sent or held alike). */
async function workersOfDay(
  journal: Journal,
  day: CalendarDate,
): Promise<{ readonly worker: Worker; readonly capture: Capture }[]> {
  const seen = new Map<string, { readonly worker: Worker; readonly capture: Capture }>();
  for (const capture of await journal.captures({ day }, 100_000)) {
    if (capture.worker === undefined || capture.state === 'REJECTED') continue;
    const key = keyOf(capture.worker);
    if (!seen.has(key)) seen.set(key, { worker: capture.worker, capture });
  }
  return [...seen.values()];
}

function keyOf(worker: Worker): string {
  const key = workerKey(worker);
  return `${key.kind}:${key.id}`;
}

/** The log of attempts as text, one line each: the evidence of what failed and why. */
export function attemptLog(attempts: readonly Attempt[]): string {
  return attempts
    .map((a) =>
      [
        a.at,
        a.outcome,
        a.failureClass ?? '',
        a.location ?? '',
        a.probe ?? '',
        String(a.captures),
        a.detail ?? '',
      ].join('\t'),
    )
    .join('\n')
    .slice(0, 100_000);
}

function created(
  reply: Awaited<ReturnType<ProcedureClient['post']>>,
  field: 'incident' | 'paperListing',
): Result<string, string> {
  if (reply.kind === 'REPLY' && (reply.status === 201 || reply.status === 200)) {
    const id = (reply.body as Record<string, { id?: unknown } | undefined>)[field]?.id;
    if (typeof id === 'string') return ok(id);
  }
  return err(problemOf(reply));
}

function problemOf(reply: Awaited<ReturnType<ProcedureClient['post']>>): string {
  if (reply.kind === 'FAILED') return `${reply.failure.class}: ${reply.failure.detail}`;
  const error = (reply.body as { error?: { code?: string; message?: string } }).error;
  return `HTTP ${reply.status}${error === undefined ? '' : ` ${error.code ?? ''}: ${error.message ?? ''}`}`;
}
