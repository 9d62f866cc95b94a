import { addDays, brusselsDate, brusselsDayStart, type CalendarDate } from '../domain/calendar-date.js';
import { formatEnterpriseNumber } from '../domain/enterprise-number.js';
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
import type { Attempt, Capture, Journal, ProcedureRecord } from './journal.js';
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
 * Opens today's emergency procedure when today's captures could not be sent in time: some are still pending
 * after `delayMs`, and nothing has been sent since the oldest of them. The decision is the registry's own pure
 * function, taken offline; the origin follows where the failures point (the probe tells the line from the
 * registry). Returns today's procedure, opened now or before, or undefined when none is needed.
 */
export async function reviewProcedure(
  deps: SiteProcedureDeps,
  delayMs: number = DEFAULT_PROCEDURE_DELAY_MS,
): Promise<ProcedureRecord | undefined> {
  const now = deps.clock.now();
  const today = brusselsDate(now);
  const existing = await deps.journal.procedure(today);
  if (existing !== undefined) return existing;
  const [oldest] = await deps.journal.pending(today, 1);
  if (oldest === undefined || now.getTime() - Date.parse(oldest.capturedAt) < delayMs) return undefined;
  const summary = await deps.journal.summary();
  if (summary.lastSuccess !== undefined && summary.lastSuccess.at >= oldest.capturedAt) return undefined;
  const failures = (
    await deps.journal.attempts(oldest.capturedAt, now.toISOString(), MAX_EVIDENCE_ATTEMPTS)
  ).filter((a) => a.outcome === 'FAILED');
  const first = failures[0];
  const last = failures.at(-1);
  // The gateway is the company's usual channel: its failures are the evidence, not "another channel tried".
  const situation: Situation = {
    origin: originOf(last?.location),
    at: now.toISOString(),
    permanentlyWithoutInfrastructure: false,
    usesCoContractorMeans: false,
    channelsTried: [],
    claimedFrom: first?.at ?? oldest.capturedAt,
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
 * The paper attendance listing of a day, made offline from the journal: one row per worker captured that day
 * (present), names from the roster, empty rows to fill by hand, the reference number once entered.
 */
export async function listingSheet(
  deps: SiteProcedureDeps,
  settings: AgentSettings,
  day: CalendarDate,
  workplace: { readonly name: string; readonly address: string } = { name: '', address: '' },
): Promise<PaperListingSheet> {
  const record = await deps.journal.procedure(day);
  const captures = await workersOfDay(deps.journal, day);
  const names = new Map((await deps.journal.roster()).map((r) => [keyOf(r.worker), r]));
  const rows = captures.map(({ worker }) => {
    const name = names.get(keyOf(worker));
    return {
      worker: formatWorker(worker),
      ...(name === undefined ? {} : { lastName: name.lastName, firstName: name.firstName }),
      status: 'REGISTERED' as const,
    };
  });
  const reference = record?.referenceNumber;
  return {
    listingId: `agent ${settings.workplaceId} ${day}`,
    referenceNumber: reference ?? '',
    workplace: { id: settings.workplaceId, name: workplace.name, address: workplace.address },
    date: day,
    employer: { enterprise: formatEnterpriseNumber(settings.employer) },
    rows,
    blankRows: Math.max(10, 25 - rows.length),
    instructions: [
      ...(reference === undefined ? [] : [writeReferenceOnListing(reference).text]),
      STEPS.LISTING_FIELDS,
      STEPS.LISTING_IS_PROOF,
      STEPS.CAPTURE_LISTING,
    ],
    printedAt: deps.clock.now().toISOString(),
  };
}

/** The listing of a day as a PDF, without the registry. */
export async function listingPdf(
  deps: SiteProcedureDeps & { readonly pdf: PdfWriter },
  settings: AgentSettings,
  day: CalendarDate,
): Promise<Buffer> {
  return deps.pdf.paperListing(await listingSheet(deps, settings, day));
}

/** What filing a procedure did, step by step. */
export interface FilingReport {
  readonly day: CalendarDate;
  readonly incidentId?: string;
  readonly listingId?: string;
  readonly linesFiled: number;
  readonly linesWithoutNames: number;
  readonly closed: boolean;
  /** Why it stopped short, when it did (the registry refused something, or could not be reached). */
  readonly problem?: string;
}

/**
 * Once the registry can be reached again, files each open procedure: the incident with the agent's log of
 * failed attempts as evidence and the reference number, then — with a reference number — the paper listing on
 * the registry and the day's captures as its lines (presences of channel PAPER carrying the reference: the proof
 * of who was there, not late registrations). Each step is recorded as it succeeds, so a filing cut short goes on
 * where it stopped.
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
  const report = (extra: Partial<FilingReport>): FilingReport => ({
    day: record.day,
    ...(record.incidentId === undefined ? {} : { incidentId: record.incidentId }),
    ...(record.listingId === undefined ? {} : { listingId: record.listingId }),
    linesFiled: 0,
    linesWithoutNames: 0,
    closed: record.closedAt !== undefined,
    ...extra,
  });
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
    record = { ...record, incidentId: id.value };
    await deps.journal.saveProcedure(record);
  }
  if (record.evidenceFiledAt === undefined && record.incidentId !== undefined) {
    const { situation } = record;
    const attempts = await deps.journal.attempts(
      situation.claimedFrom ?? record.openedAt,
      deps.clock.now().toISOString(),
      MAX_EVIDENCE_ATTEMPTS,
    );
    const evidence = await client.post(`/incidents/${record.incidentId}/events`, {
      type: 'EVIDENCE_ADDED',
      evidence: {
        kind: 'AGENT_LOG',
        description: `The site agent's log of ${attempts.filter((a) => a.outcome === 'FAILED').length} failed attempt(s) to reach the registry.`,
        content: attemptLog(attempts),
      },
    });
    if (evidence.kind === 'FAILED' || evidence.status >= 300) return report({ problem: problemOf(evidence) });
    record = { ...record, evidenceFiledAt: deps.clock.now().toISOString() };
    await deps.journal.saveProcedure(record);
  }
  if (record.referenceNumber !== undefined && record.listingId === undefined) {
    await client.post(`/incidents/${record.incidentId ?? ''}/events`, {
      type: 'REFERENCE_OBTAINED',
      referenceNumber: record.referenceNumber,
    });
    const listing = await client.post('/paper-listings', {
      referenceNumber: record.referenceNumber,
      workplaceId: settings.workplaceId,
      date: record.day,
      employer: settings.employer,
    });
    const id = created(listing, 'paperListing');
    if (!id.ok) return report({ problem: id.error });
    record = { ...record, listingId: id.value };
    await deps.journal.saveProcedure(record);
  }
  let linesFiled = 0;
  let linesWithoutNames = 0;
  if (record.listingId !== undefined && record.listingFiledAt === undefined) {
    const names = new Map((await deps.journal.roster()).map((r) => [keyOf(r.worker), r]));
    const lines: { worker: Worker; lastName: string; firstName: string }[] = [];
    for (const { worker } of await workersOfDay(deps.journal, record.day)) {
      const name = names.get(keyOf(worker));
      if (name === undefined) linesWithoutNames += 1;
      else lines.push({ worker, lastName: name.lastName, firstName: name.firstName });
    }
    if (linesWithoutNames > 0)
      return report({
        linesWithoutNames,
        problem: `${linesWithoutNames} worker(s) of the day have no name on the roster: add them (agent roster import) and the listing is filed next time.`,
      });
    let refused = 0;
    for (let i = 0; i < lines.length; i += 200) {
      const entries = await client.post(`/paper-listings/${record.listingId}/entries`, {
        entries: lines.slice(i, i + 200).map((l) => ({
          worker: 'niss' in l.worker ? { niss: l.worker.niss } : { limosaId: l.worker.limosaId },
          lastName: l.lastName,
          firstName: l.firstName,
        })),
      });
      if (entries.kind === 'FAILED' || entries.status !== 200)
        return report({ linesFiled, problem: problemOf(entries) });
      const results = (entries.body as { results?: { status?: string }[] }).results ?? [];
      linesFiled += results.filter((r) => r.status === 'REGISTERED').length;
      refused += results.filter((r) => r.status !== 'REGISTERED').length;
    }
    if (refused > 0)
      return report({
        linesFiled,
        problem: `${refused} line(s) of the listing were refused by the registry.`,
      });
    record = { ...record, listingFiledAt: deps.clock.now().toISOString() };
  }
  // Done when the day is exempt, or its listing is filed; otherwise the procedure waits for a reference number.
  if (!record.decision.exempt && record.listingFiledAt === undefined)
    return report({
      linesFiled,
      problem:
        'Not exempt, and no reference number yet: enter it with agent reference, the listing is filed then.',
    });
  record = { ...record, closedAt: deps.clock.now().toISOString() };
  await deps.journal.saveProcedure(record);
  return report({ linesFiled, closed: true });
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
