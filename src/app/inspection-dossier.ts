import { outages, type Outage } from '../domain/availability.js';
import { upstreamOutages, type UpstreamOutage } from '../domain/upstream.js';
import { parseCalendarDate, type CalendarDate } from '../domain/calendar-date.js';
import { withoutContact, type ContactReference } from '../domain/contact-reference.js';
import { isInChain, selfAndBelow, visibleLinks, type ContractorLink } from '../domain/contractor-chain.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import { atField } from '../domain/errors.js';
import { FieldErrors } from '../domain/field-errors.js';
import { withoutNames, type PaperListing, type PaperListingEntryView } from '../domain/paper-listing.js';
import { authorize, seesEvery } from '../domain/permissions.js';
import type { Presence } from '../domain/presence.js';
import type { Principal } from '../domain/principal.js';
import { evidenceOf, type Evidence, type Incident } from '../domain/procedure/incident.js';
import { verdictFor, type Verdict } from '../domain/procedure/verdict.js';
import { ok, type Result } from '../domain/result.js';
import type { Workplace } from '../domain/workplace.js';
import { parseWorkplaceId } from '../domain/workplace-id.js';
import { actingFor } from './acting-for.js';
import { brusselsDay } from './registry-journal.js';
import { allPresences } from './presence-pages.js';
import type { AppDeps } from './app-deps.js';
import { fail, failAll, type Failure } from './failure.js';
import { workplaceNotFound } from './workplaces.js';

/**
 * Everything the registry holds about a workplace's day, for an inspection: the presences and cancellations,
 * the incidents with their decisions and evidence, the contact center's references, the paper listings and the
 * lines captured from them, the registry's own availability that day, and a verdict per employer.
 */
export interface InspectionDossier {
  readonly workplace: Workplace;
  readonly contractors: readonly ContractorLink[];
  readonly date: CalendarDate;
  readonly generatedAt: string;
  /** True when the day had more presences than one dossier lists (counts and verdicts then fall short). */
  readonly truncated: boolean;
  readonly presences: readonly Presence[];
  readonly cancellations: readonly Presence[];
  readonly incidents: readonly (Incident & { readonly evidence: readonly Evidence[] })[];
  readonly references: readonly ContactReference[];
  readonly paperListings: readonly {
    readonly paperListing: PaperListing;
    readonly entries: readonly PaperListingEntryView[];
  }[];
  readonly availability: {
    readonly from: string;
    readonly to: string;
    readonly outages: readonly Outage[];
    /** For a relay: when the official registry did not answer it (its journal of the upstream's answers). */
    readonly upstreamOutages: readonly UpstreamOutage[];
  };
  readonly verdicts: readonly Verdict[];
}

/** Why registering was impossible for a while: the registry was not serving, or (for a relay) the upstream. */
export type DayOutageCause = Outage['cause'] | 'UPSTREAM';

/**
 * The day's outages in one list, in order: the registry's own, and — for a relay — the stretches when the official
 * registry did not answer it (`UPSTREAM`).
 */
export function outagesOfDay(
  availability: InspectionDossier['availability'],
): { readonly from: string; readonly to: string; readonly cause: DayOutageCause }[] {
  return [
    ...availability.outages,
    ...availability.upstreamOutages.map((o) => ({ ...o, cause: 'UPSTREAM' as const })),
  ].sort((a, b) => a.from.localeCompare(b.from));
}

/** The most presences one dossier lists (a very large site's day). */
export const MAX_DOSSIER_PRESENCES = 20_000;

/**
 * The inspection dossier of a workplace's day. An inspector sees everything; a company (or its provider) the
 * part of the chain at and below it, on a workplace it takes part in — an outsider is told the workplace does
 * not exist. Names of workers, and the contact persons given to the contact center, are shown to inspectors and
 * to the workers' own employer only.
 */
export async function inspectionDossier(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  principal: Principal,
  input: { readonly workplaceId: string; readonly date: string },
): Promise<Result<InspectionDossier, Failure>> {
  const allowed = authorize(principal, 'inspections.read');
  if (!allowed.ok) return fail(allowed.error);
  const fields = new FieldErrors();
  const workplaceId = fields.take(parseWorkplaceId(input.workplaceId), 'id');
  const date = fields.take(parseCalendarDate(input.date), 'date');
  if (workplaceId === undefined || date === undefined) return failAll(fields.list);
  const found = await deps.store.workplaces.get(workplaceId);
  if (found === undefined) return fail(workplaceNotFound('id'));
  const { workplace, chain } = found;

  const acting = seesEvery(principal, 'dossiers') ? undefined : await actingFor(deps, principal);
  const members = [chain.declarant, ...new Set(chain.links.map((l) => l.enterprise))];
  const visible = new Set<EnterpriseNumber>(
    acting === undefined
      ? members
      : [...acting].filter((e) => isInChain(chain, e)).flatMap((e) => [...selfAndBelow(chain, e)]),
  );
  if (visible.size === 0) return fail(atField(workplaceNotFound(), 'id'));
  const sees = (employer: EnterpriseNumber): boolean => acting === undefined || visible.has(employer);
  const readsNames = (employer: EnterpriseNumber): boolean => acting === undefined || acting.has(employer);

  const { presences: all, truncated } = await allPresences(
    deps,
    { from: date, to: date, workplaceId, scope: { kind: 'ALL' } },
    MAX_DOSSIER_PRESENCES,
  );
  const presences = all.filter((p) => sees(p.employer));
  const incidents = (await deps.store.incidents.forWorkplaceDay(workplaceId, date))
    .filter((i) => sees(i.employer))
    .map((i) => ({ ...i, evidence: evidenceOf(i) }));
  // The contact person, as the lines' names, only for the company that gave it (and inspectors).
  const references = (await deps.store.references.forWorkplaceDay(workplaceId, date))
    .filter((r) => sees(r.enterprise))
    .map((r) => (readsNames(r.enterprise) ? r : withoutContact(r)));
  const listings = (await deps.store.paperListings.forWorkplaceDay(workplaceId, date)).filter((l) =>
    sees(l.employer),
  );
  const paperListings = await Promise.all(
    listings.map(async (paperListing) => ({
      paperListing,
      entries: (await deps.store.paperListings.entries(paperListing.id)).map((e) =>
        readsNames(paperListing.employer) ? e : withoutNames(e),
      ),
    })),
  );

  const now = deps.clock.now();
  const period = brusselsDay(date);
  const [runs, spans] = await Promise.all([
    deps.store.availability.runsAround(period.from.toISOString(), period.to.toISOString()),
    deps.store.upstream.spansAround(period.from.toISOString(), period.to.toISOString()),
  ]);

  const employers = new Set<EnterpriseNumber>([
    ...members.filter(sees),
    ...presences.map((p) => p.employer),
    ...incidents.map((i) => i.employer),
    ...listings.map((l) => l.employer),
  ]);
  const verdicts = [...employers].map((employer) => {
    const own = presences.filter((p) => p.employer === employer);
    return verdictFor({
      employer,
      registered: own.filter((p) => p.status === 'REGISTERED' && p.channel !== 'PAPER').length,
      paperLines: own.filter((p) => p.status === 'REGISTERED' && p.channel === 'PAPER').length,
      cancelled: own.filter((p) => p.status === 'CANCELLED').length,
      listings: listings.filter((l) => l.employer === employer).length,
      incidents: incidents.filter((i) => i.employer === employer),
    });
  });

  return ok({
    workplace,
    contractors: visibleLinks(chain, acting ?? 'ALL'),
    date,
    generatedAt: now.toISOString(),
    truncated,
    presences: presences.filter((p) => p.status === 'REGISTERED'),
    cancellations: presences.filter((p) => p.status === 'CANCELLED'),
    incidents,
    references,
    paperListings,
    availability: {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      outages: outages(runs, period, now),
      upstreamOutages: upstreamOutages(spans, period),
    },
    verdicts,
  });
}
