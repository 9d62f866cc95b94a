import type { AppDeps } from '../../app/app-deps.js';
import { cancelPresences } from '../../app/cancel-presences.js';
import type { Failure } from '../../app/failure.js';
import { getPresence, MAX_PAGE_SIZE, searchPresences } from '../../app/read-presences.js';
import { registerPresences } from '../../app/register-presences.js';
import { todayInBrussels } from '../../app/today.js';
import { WEB_SERVICE_DAYS_AHEAD, type Presence } from '../../domain/presence.js';
import type { Principal } from '../../domain/principal.js';
import type { ValidationStatus } from '../../domain/validation.js';
import type {
  CancelOutcome,
  PresenceRegistrationOut,
  RegisterOutcome,
  SearchCriteria,
  SoapFault,
  SoapRequest,
  SoapResponse,
  Sorting,
} from '../../soap/messages.js';
import { remarkOfText } from '../../soap/official-remarks.js';
import { itemErrors, presenceInput, registrationOf, statusOf } from './soap-presences.js';

/**
 * The most presences one search may match: the protocol pages by row number and counts every match, which this
 * registry does by reading them all; a search that matches more is refused (narrow its periods or filters).
 */
export const MOST_SEARCH_MATCHES = 10_000;

/**
 * Runs one operation of the PresenceRegistration protocol for a caller, through the same use cases as
 * `/api/v1`: the answer in the protocol's terms, or a fault when the whole request is refused.
 */
export async function runSoapOperation(
  deps: AppDeps,
  principal: Principal,
  request: SoapRequest,
): Promise<SoapResponse | SoapFault> {
  switch (request.operation) {
    case 'registerPresences': {
      const today = todayInBrussels(deps.clock.now());
      const result = await registerPresences(deps, principal, {
        presences: request.items.map((item) => presenceInput(item, today, principal)),
        channel: 'WEB_SERVICE',
        daysAhead: WEB_SERVICE_DAYS_AHEAD,
      });
      if (!result.ok) return refusal(result.error);
      const items = result.value.map((outcome, i): RegisterOutcome => {
        if (outcome.status === 'REJECTED') {
          return {
            kind: 'refused',
            submitted: request.items[i] ?? { workPlaceId: '' },
            errors: itemErrors(outcome.errors),
          };
        }
        return { kind: 'registered', registration: registrationOf(outcome.presence) };
      });
      return { operation: 'registerPresences', items };
    }
    case 'cancelPresences': {
      const result = await cancelPresences(
        deps,
        principal,
        request.items.map((item) => ({ id: item.presenceRegistrationId, reason: item.cancellationReason })),
      );
      if (!result.ok) return refusal(result.error);
      const items = result.value.map((outcome, i): CancelOutcome => {
        if (outcome.status === 'REJECTED') {
          const sent = request.items[i] ?? { presenceRegistrationId: '', cancellationReason: '' };
          return { kind: 'refused', request: sent, errors: itemErrors(outcome.errors) };
        }
        return { kind: 'cancelled', registration: registrationOf(outcome.presence) };
      });
      return { operation: 'cancelPresences', items };
    }
    case 'getPresenceRegistration': {
      const result = await getPresence(deps, principal, request.id);
      if (!result.ok && result.error[0].code !== 'PRESENCE_NOT_FOUND') return refusal(result.error);
      return {
        operation: 'getPresenceRegistration',
        id: request.id,
        registration: result.ok ? registrationOf(result.value) : null,
      };
    }
    case 'searchPresences': {
      const found = await matching(deps, principal, request.criteria);
      if (!('presences' in found)) return found;
      const sorted = sortRegistrations(found.presences.map(registrationOf), request.sorting);
      const { firstRow, fetchSize } = request.pagination;
      return {
        operation: 'searchPresences',
        criteria: request.criteria,
        pagination: request.pagination,
        sorting: request.sorting,
        resultCount: sorted.length,
        registrations: sorted.slice(firstRow, firstRow + fetchSize),
      };
    }
  }
}

/** A whole request refused by a use case: the request's fault, not the service's. */
function refusal(failure: Failure): SoapFault {
  return { side: 'client', code: failure[0].code, message: failure.map((e) => e.message).join(' ') };
}

/**
 * What the store can filter on for the protocol's statuses asked: the registry's status when they all fall on one
 * side, and the check's status when they name one; the rest is filtered once read ({@link meetsFilters}).
 */
function storedFilters(criteria: SearchCriteria): {
  readonly status?: 'REGISTERED' | 'CANCELLED';
  readonly validation?: ValidationStatus;
} {
  const asked = criteria.statuses ?? [];
  if (asked.length === 0) return {};
  if (asked.every((status) => status === 'SUCCESSFULLY CANCELLED')) return { status: 'CANCELLED' };
  if (asked.includes('SUCCESSFULLY CANCELLED')) return {};
  if (asked.length > 1) return { status: 'REGISTERED' };
  const [only] = asked;
  return {
    status: 'REGISTERED',
    validation:
      only === 'SUCCESSFULLY REGISTERED' ? 'PENDING' : only === 'VALIDATED' ? 'VALIDATED' : 'FAILED',
  };
}

/** Whether a presence meets the protocol's status and remark filters (each list: any of). */
function meetsFilters(presence: Presence, criteria: SearchCriteria): boolean {
  const statuses = criteria.statuses ?? [];
  if (statuses.length > 0 && !statuses.includes(statusOf(presence))) return false;
  const remarks = criteria.remarks ?? [];
  if (remarks.length === 0) return true;
  const made = presence.validation.status === 'PENDING' ? [] : presence.validation.remarks;
  return remarks.some((text) => made.includes(remarkOfText(text)));
}

/**
 * Every presence the caller may see that matches the criteria, read with the search use case period by period
 * and page by page (so that the chain's visibility and the filters' rules are those of `/api/v1`).
 */
async function matching(
  deps: AppDeps,
  principal: Principal,
  criteria: SearchCriteria,
): Promise<{ presences: Presence[] } | SoapFault> {
  if (criteria.registrationPeriods.length === 0) {
    return {
      side: 'client',
      code: 'SEARCH_FILTER_REQUIRED',
      message: 'Give at least one RegistrationPeriod.',
    };
  }
  const stored = storedFilters(criteria);
  const remarks = (criteria.remarks ?? []).map(remarkOfText);
  // Every workplace of this registry is a construction site (sector 1).
  if (criteria.sector !== undefined && criteria.sector !== 1) return { presences: [] };
  const seen = new Map<string, Presence>();
  for (const period of criteria.registrationPeriods) {
    let cursor: string | undefined;
    do {
      const page = await searchPresences(deps, principal, {
        from: period.start,
        to: period.end,
        workplaceId: criteria.workPlaceId,
        worker: criteria.inss,
        employer: criteria.companyId,
        status: stored.status,
        validation: stored.validation,
        // The remark filter is read by the store (only latest checks have remarks); the statuses below.
        remark: remarks.length === 0 ? undefined : remarks.join(','),
        cursor,
        limit: MAX_PAGE_SIZE,
      });
      if (!page.ok) return refusal(page.error);
      for (const presence of page.value.presences) {
        if (inCreationRange(presence, criteria) && meetsFilters(presence, criteria))
          seen.set(presence.id, presence);
      }
      if (seen.size > MOST_SEARCH_MATCHES) {
        return {
          side: 'client',
          code: 'SEARCH_TOO_BROAD',
          message: `More than ${MOST_SEARCH_MATCHES} registrations match: narrow the periods or add a filter.`,
        };
      }
      cursor = page.value.nextCursor;
    } while (cursor !== undefined);
  }
  return { presences: [...seen.values()] };
}

function inCreationRange(presence: Presence, criteria: SearchCriteria): boolean {
  const created = Date.parse(presence.createdAt);
  if (criteria.creationStart !== undefined && created < Date.parse(criteria.creationStart)) return false;
  if (criteria.creationEnd !== undefined && created > Date.parse(criteria.creationEnd)) return false;
  return true;
}

const SORT_KEYS: Record<Sorting['criterion'], (r: PresenceRegistrationOut) => string> = {
  ID: (r) => r.presenceRegistrationId,
  'REGISTRATION DATE': (r) => r.submitted.registrationDate ?? '',
  'CREATION DATE': (r) => r.creationDate,
  STATUS: (r) => r.lastValidation.status,
  'PLACE OF WORK': (r) => r.submitted.workPlaceId,
  'COMPANY ID': (r) => r.submitted.companyId ?? '',
  CHANNEL: (r) => r.channel,
  'SENDER ID': (r) => r.sender?.senderId ?? '',
};

/** The registrations in the order asked (by id, ascending, when none is), ties broken by id. */
function sortRegistrations(
  registrations: PresenceRegistrationOut[],
  sorting: Sorting | undefined,
): PresenceRegistrationOut[] {
  const key = SORT_KEYS[sorting?.criterion ?? 'ID'];
  const sign = sorting?.direction === 'DESCENDING' ? -1 : 1;
  return registrations.sort((a, b) => {
    const byKey = compare(key(a), key(b));
    return sign * (byKey !== 0 ? byKey : compare(a.presenceRegistrationId, b.presenceRegistrationId));
  });
}

/** Code-point order: ids, dates and codes compare as written, whatever the locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
