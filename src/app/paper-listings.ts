import { addDays, parseCalendarDate } from '../domain/calendar-date.js';
import { mayRegisterFor } from '../domain/contractor-chain.js';
import {
  formatEnterpriseNumber,
  parseEnterpriseNumber,
  type EnterpriseNumber,
} from '../domain/enterprise-number.js';
import { atField, domainError, type DomainError } from '../domain/errors.js';
import { FieldErrors } from '../domain/field-errors.js';
import {
  withoutNames,
  type PaperListing,
  type PaperListingEntry,
  type PaperListingEntryView,
} from '../domain/paper-listing.js';
import { authorize, seesEvery, type Action, type AllowedTo } from '../domain/permissions.js';
import { senderOf, type Principal } from '../domain/principal.js';
import { STEPS, writeReferenceOnListing } from '../domain/procedure/steps.js';
import { newPresenceNumbers, PRESENCE_NUMBERS_RANDOM_BYTES } from '../domain/presence-numbers.js';
import { parseReferenceNumber } from '../domain/reference-number.js';
import { ok, type Result } from '../domain/result.js';
import { parseRosterEntry, type RosterEntry, type RosterEntryInput } from '../domain/roster.js';
import { formatWorker, workerKey, type Worker } from '../domain/worker.js';
import { parseWorkplaceId } from '../domain/workplace-id.js';
import type { PaperListingSheet } from '../pdf/pdf-writer.js';
import type { PresenceDraft } from '../store/presence-repository.js';
import type { WorkplaceWithChain } from '../store/workplace-repository.js';
import { actingFor } from './acting-for.js';
import type { AppDeps } from './app-deps.js';
import { fail, failAll, type Failure } from './failure.js';
import { checkReference } from './incidents.js';
import { allPresences } from './presence-pages.js';
import { checkProcedureDay } from './procedure-day.js';
import { rejected, type ItemResult } from './item-result.js';
import { todayInBrussels } from './today.js';
import { workplaceOfEmployer } from './workplaces.js';

/** A paper listing to print: under which reference number, for which workplace, day and employer. */
export interface PaperListingInput {
  readonly referenceNumber: string;
  readonly workplaceId: string;
  readonly date: string;
  readonly employer: string;
}

/** A line of a filled-in listing, as typed from the paper. */
export interface ListingLineInput extends RosterEntryInput {
  /** The reference number as written on the sheet, when the typist copies it: checked against the listing's. */
  readonly referenceNumber?: string | undefined;
}

/** A listing with the lines captured from it so far. */
export interface PaperListingView {
  readonly paperListing: PaperListing;
  readonly entries: PaperListingEntryView[];
}

/** How many days before the listing's day count as the workers "expected" on the workplace. */
export const EXPECTED_LOOKBACK_DAYS = 14;
/** The most pre-filled rows a listing prints (the rest of a very large site is written by hand). */
export const MAX_PREFILLED_ROWS = 300;
/** The most presences looked at to pre-fill a listing. */
const MAX_LOOKBACK_PRESENCES = 10_000;
/** The most lines captured in one call (a listing may run to several calls). */
export const MAX_LINES = 200;

/**
 * Makes the paper attendance listing of step 3.3: only with a reference number the contact center gave for
 * that workplace and day, to the employer or a company above it. A listing for the day with no reference (or
 * with another day's) is refused. Asking twice gives the same listing.
 */
export async function createPaperListing(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random'>,
  principal: Principal,
  input: PaperListingInput,
): Promise<Result<{ readonly paperListing: PaperListing; readonly created: boolean }, Failure>> {
  const allowed = authorize(principal, 'paperListings.create');
  if (!allowed.ok) return fail(allowed.error);
  const sender = senderOf(allowed.value);
  const fields = new FieldErrors();
  const referenceNumber = fields.take(parseReferenceNumber(input.referenceNumber), 'referenceNumber');
  const workplaceId = fields.take(parseWorkplaceId(input.workplaceId), 'workplaceId');
  const date = fields.take(parseCalendarDate(input.date), 'date');
  const employer = fields.take(parseEnterpriseNumber(input.employer), 'employer');
  if (
    referenceNumber === undefined ||
    workplaceId === undefined ||
    date === undefined ||
    employer === undefined
  )
    return failAll(fields.list);
  const now = deps.clock.now();
  const party = await workplaceOfEmployer(deps, principal, workplaceId, employer);
  if (!party.ok) return party;
  const { found } = party.value;
  const dayError = checkProcedureDay(found, date, todayInBrussels(now));
  if (dayError !== undefined) return fail(dayError);
  const refused = await checkReference(
    deps,
    referenceNumber,
    { workplaceId, date, employer },
    found,
    'referenceNumber',
  );
  if (refused !== undefined) return fail(refused);
  const made = await deps.store.paperListings.create({
    id: deps.random.uuid(),
    referenceNumber,
    workplaceId,
    date,
    employer,
    createdBy: sender,
    createdAt: now.toISOString(),
  });
  return ok({ paperListing: made.listing, created: made.created });
}

/** A listing and its captured lines, for a caller allowed to see them. */
export async function getPaperListing(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  id: string,
): Promise<Result<PaperListingView, Failure>> {
  const found = await visibleListing(deps, principal, id, 'paperListings.read');
  if (!found.ok) return found;
  const entries = await deps.store.paperListings.entries(id);
  return ok({
    paperListing: found.value.listing,
    entries: found.value.readsNames ? entries : entries.map(withoutNames),
  });
}

/**
 * The listing as a PDF to print: the reference number, the works declaration number, the day, the company, one
 * row per worker present or expected — registered that day, or seen on the workplace in the two weeks before,
 * or, with no such history, the company's whole roster — with names from the roster, then empty rows, and the
 * procedure's instructions in French, Dutch and English.
 */
export async function paperListingPdf(
  deps: Pick<AppDeps, 'store' | 'clock' | 'pdf'>,
  principal: Principal,
  id: string,
): Promise<Result<Buffer, Failure>> {
  const found = await visibleListing(deps, principal, id, 'paperListings.read');
  if (!found.ok) return found;
  const { listing, workplace, readsNames } = found.value;
  const { presences } = await allPresences(
    deps,
    {
      from: addDays(listing.date, -EXPECTED_LOOKBACK_DAYS),
      to: listing.date,
      workplaceId: listing.workplaceId,
      employer: listing.employer,
      scope: { kind: 'ALL' },
    },
    MAX_LOOKBACK_PRESENCES,
  );
  // Names are the employer's to print (and an inspector's to see); a company above it prints numbers only.
  const roster = readsNames ? await deps.store.rosters.list(listing.employer) : [];
  const names = new Map(roster.map((r) => [keyOf(r.worker), r]));
  const rows = new Map<string, PaperListingSheet['rows'][number]>();
  const row = (worker: Worker, status: 'REGISTERED' | 'EXPECTED') => {
    const name = names.get(keyOf(worker));
    return {
      worker: formatWorker(worker),
      ...(name === undefined ? {} : { lastName: name.lastName, firstName: name.firstName }),
      status,
    };
  };
  for (const p of presences)
    if (p.registrationDate === listing.date && p.status === 'REGISTERED')
      rows.set(keyOf(p.worker), row(p.worker, 'REGISTERED'));
  for (const p of presences)
    if (!rows.has(keyOf(p.worker))) rows.set(keyOf(p.worker), row(p.worker, 'EXPECTED'));
  if (rows.size === 0) for (const r of roster) rows.set(keyOf(r.worker), row(r.worker, 'EXPECTED'));
  const sorted = [...rows.values()]
    .sort(
      (a, b) =>
        (a.lastName ?? '~').localeCompare(b.lastName ?? '~', 'fr') || a.worker.localeCompare(b.worker),
    )
    .slice(0, MAX_PREFILLED_ROWS);
  const address = workplace.workplace.address;
  const sheet: PaperListingSheet = {
    listingId: listing.id,
    referenceNumber: listing.referenceNumber,
    workplace: {
      id: workplace.workplace.id,
      name: workplace.workplace.name,
      address: `${address.street}, ${address.postalCode} ${address.city}`,
    },
    date: listing.date,
    employer: { enterprise: formatEnterpriseNumber(listing.employer) },
    rows: sorted,
    blankRows: Math.max(10, 25 - sorted.length),
    instructions: [
      writeReferenceOnListing(listing.referenceNumber).text,
      STEPS.LISTING_FIELDS,
      STEPS.LISTING_IS_PROOF,
      STEPS.CAPTURE_LISTING,
    ],
    printedAt: deps.clock.now().toISOString(),
  };
  return ok(await deps.pdf.paperListing(sheet));
}

/**
 * Enters a filled-in listing back, line by line: each line becomes a presence of channel `PAPER` carrying the
 * listing's reference number, accepted for the listing's day even though it is past. A mistyped number (the
 * NISS's check digits, the reference's check character) is refused on its line; the others go on. Capturing a
 * line twice changes nothing (the presence, then the line, are written; a retry completes what a failure
 * between them left); workers new to the company join its roster.
 */
export async function capturePaperListing(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random'>,
  principal: Principal,
  id: string,
  lines: readonly ListingLineInput[],
): Promise<Result<ItemResult[], Failure>> {
  const found = await visibleListing(deps, principal, id, 'paperListings.capture');
  if (!found.ok) return found;
  const { listing, workplace, acting, caller } = found.value;
  const sender = senderOf(caller);
  if (lines.length > MAX_LINES)
    return fail(domainError('TOO_MANY_ITEMS', `At most ${MAX_LINES} lines at a time.`, 'entries'));
  const now = deps.clock.now();
  const today = todayInBrussels(now);
  const dayError = checkProcedureDay(workplace, listing.date, today);

  const results: (ItemResult | undefined)[] = [];
  const accepted: { index: number; entry: RosterEntry; draft: PresenceDraft }[] = [];
  const seen = new Set<string>();
  for (const [index, line] of lines.entries()) {
    const path = `entries[${index}]`;
    const errors: DomainError[] = [];
    const parsed = parseRosterEntry(line);
    if (!parsed.ok) errors.push(...parsed.error);
    if (line.referenceNumber !== undefined) {
      const written = parseReferenceNumber(line.referenceNumber);
      if (!written.ok) errors.push(atField(written.error, 'referenceNumber'));
      else if (written.value !== listing.referenceNumber)
        errors.push(
          domainError(
            'REFERENCE_MISMATCH',
            `This listing is under reference ${listing.referenceNumber}.`,
            'referenceNumber',
          ),
        );
    }
    if (parsed.ok && seen.has(keyOf(parsed.value.worker)))
      errors.push(
        domainError('ROSTER_DUPLICATE_WORKER', 'This worker is already on an earlier line.', 'worker'),
      );
    if (!parsed.ok || errors.length > 0) {
      results[index] = rejected(
        index,
        errors.map((e) => atField(e, path)),
      );
      continue;
    }
    seen.add(keyOf(parsed.value.worker));
    accepted.push({
      index,
      entry: parsed.value,
      draft: {
        workplaceId: listing.workplaceId,
        registrationDate: listing.date,
        worker: parsed.value.worker,
        employer: listing.employer,
        referenceNumber: listing.referenceNumber,
        id: deps.random.uuid(),
        channel: 'PAPER',
        sender,
        createdAt: now.toISOString(),
        mayCreate: dayError === undefined,
        // The paper listing with its reference number is the proof of these presences: nothing to forward.
        relay: false,
        newNumbers: () => newPresenceNumbers(deps.random.bytes(PRESENCE_NUMBERS_RANDOM_BYTES)),
      },
    });
  }
  const outcomes =
    accepted.length === 0 ? [] : await deps.store.presences.register(accepted.map((a) => a.draft));
  const entries: PaperListingEntry[] = [];
  accepted.forEach(({ index, entry }, i) => {
    const outcome = outcomes[i];
    if (
      outcome === undefined ||
      outcome.kind === 'NOT_REGISTERED' ||
      outcome.kind === 'CLIENT_REFERENCE_CONFLICT'
    ) {
      results[index] = rejected(index, [
        atField(dayError ?? domainError('INTERNAL', 'Not processed.'), `entries[${index}]`),
      ]);
      return;
    }
    results[index] = {
      index,
      status: 'REGISTERED',
      duplicate: outcome.kind === 'DUPLICATE',
      presence: outcome.presence,
    };
    entries.push({
      listingId: listing.id,
      worker: entry.worker,
      lastName: entry.lastName,
      firstName: entry.firstName,
      presenceId: outcome.presence.id,
      receiptNumber: outcome.presence.receiptNumber,
      capturedAt: now.toISOString(),
      capturedBy: sender,
    });
  });
  if (entries.length > 0) {
    await deps.store.paperListings.addEntries(entries);
    // Workers new to the employer's roster join it, when the employer (or its provider) captures its own
    // listing; a company above it never writes its roster, and names already there are never overwritten.
    if (acting.has(listing.employer)) {
      const known = new Set((await deps.store.rosters.list(listing.employer)).map((r) => keyOf(r.worker)));
      const added = entries.filter((e) => !known.has(keyOf(e.worker)));
      if (added.length > 0)
        await deps.store.rosters.upsert(
          listing.employer,
          added.map((e) => ({ worker: e.worker, lastName: e.lastName, firstName: e.firstName })),
          now.toISOString(),
        );
    }
  }
  return ok(results.filter((r): r is ItemResult => r !== undefined));
}

/**
 * A listing the caller may see: an inspector, or someone who may register for its employer. Names are read by
 * inspectors and by the employer itself (or a provider it mandated) only.
 */
async function visibleListing<A extends Action>(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  id: string,
  action: A,
): Promise<
  Result<
    {
      readonly caller: AllowedTo<A>;
      readonly listing: PaperListing;
      readonly workplace: WorkplaceWithChain;
      readonly acting: ReadonlySet<EnterpriseNumber>;
      readonly readsNames: boolean;
    },
    Failure
  >
> {
  const allowed = authorize(principal, action);
  if (!allowed.ok) return fail(allowed.error);
  const caller = allowed.value;
  const notFound = fail(
    domainError('PAPER_LISTING_NOT_FOUND', 'No paper listing with this id that you may see.', 'id'),
  );
  const listing = await deps.store.paperListings.get(id);
  if (listing === undefined) return notFound;
  const workplace = await deps.store.workplaces.get(listing.workplaceId);
  if (workplace === undefined) return notFound;
  if (seesEvery(caller, 'paperListings'))
    return ok({ caller, listing, workplace, acting: new Set(), readsNames: true });
  const acting = await actingFor(deps, caller);
  return mayRegisterFor(workplace.chain, acting, listing.employer).ok
    ? ok({ caller, listing, workplace, acting, readsNames: acting.has(listing.employer) })
    : notFound;
}

function keyOf(worker: Worker): string {
  const key = workerKey(worker);
  return `${key.kind}:${key.id}`;
}
