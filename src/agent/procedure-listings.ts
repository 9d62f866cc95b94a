import type { CalendarDate } from '../domain/calendar-date.js';
import { formatEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import { STEPS, writeReferenceOnListing } from '../domain/procedure/steps.js';
import { formatWorker, workerKey, type Worker } from '../domain/worker.js';
import type { PaperListingSheet, PdfWriter } from '../pdf/pdf-writer.js';
import type { AgentSettings } from './agent-settings.js';
import type { Capture, CaptureJournal } from './capture-journal.js';
import type { RosterEntry, RosterStore } from './roster-store.js';
import type { SiteProcedureDeps } from './site-procedure.js';

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
  const record = await deps.procedures.procedure(day);
  const names = await rosterNames(deps.roster);
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

/** The roster's names, by worker ({@link keyOf}). */
export async function rosterNames(roster: Pick<RosterStore, 'roster'>): Promise<Map<string, RosterEntry>> {
  return new Map((await roster.roster()).map((r) => [keyOf(r.worker), r]));
}

/**
 * The workers captured on a day, each once, by employer: the agent's own employer first, then the others in the
 * order first seen. A day without workers has the agent's own employer alone, with none.
 */
export async function workersByEmployer(
  journal: Pick<CaptureJournal, 'captures'>,
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
  journal: Pick<CaptureJournal, 'captures'>,
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

/** A worker as one text, `NISS:…` or `LIMOSA:…`: the key of the roster's names. */
export function keyOf(worker: Worker): string {
  const key = workerKey(worker);
  return `${key.kind}:${key.id}`;
}
