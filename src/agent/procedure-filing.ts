import { addDays, brusselsDayStart, type CalendarDate } from '../domain/calendar-date.js';
import { formatEnterpriseNumber } from '../domain/enterprise-number.js';
import { err, ok, type Result } from '../domain/result.js';
import { formatWorker, type Worker } from '../domain/worker.js';
import type { AgentSettings } from './agent-settings.js';
import type { Attempt } from './attempt-log.js';
import type { ProcedureClient } from './procedure-client.js';
import { keyOf, rosterNames, workersByEmployer } from './procedure-listings.js';
import type { ProcedureRecord } from './procedure-store.js';
import type { RosterEntry } from './roster-store.js';
import { MAX_EVIDENCE_ATTEMPTS, type SiteProcedureDeps } from './site-procedure.js';

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
  for (const record of await deps.procedures.openProcedures())
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
    await deps.procedures.saveProcedure(record);
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
    const attempts = await deps.attemptLog.attempts(
      record.evidenceSince ?? record.situation.claimedFrom ?? record.openedAt,
      deps.clock.now().toISOString(),
      MAX_EVIDENCE_ATTEMPTS,
    );
    // No attempt failed when the registry took the captures but the official registry it relays to did not
    // answer: the registry's own journal of the official registry's answers is the evidence then.
    if (attempts.length > 0) {
      const evidence = await client.post(`/incidents/${incidentId}/events`, {
        type: 'EVIDENCE_ADDED',
        evidence: {
          kind: 'AGENT_LOG',
          description: `The site agent's log of ${attempts.filter((a) => a.outcome === 'FAILED').length} failed attempt(s) to reach the registry.`,
          content: attemptLog(attempts),
        },
      });
      if (evidence.kind === 'FAILED' || evidence.status >= 300)
        return report({ problem: problemOf(evidence) });
    }
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
    const names = await rosterNames(deps.roster);
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
