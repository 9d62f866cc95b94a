import { daysBetween, parseCalendarDate } from '../domain/calendar-date.js';
import { maySeePresence } from '../domain/access.js';
import { parseEnterpriseNumber } from '../domain/enterprise-number.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { FieldErrors } from '../domain/field-errors.js';
import { parseLimosaId } from '../domain/limosa-id.js';
import { parseNiss } from '../domain/niss.js';
import { authorize, seesEvery } from '../domain/permissions.js';
import type { Presence } from '../domain/presence.js';
import type { Principal } from '../domain/principal.js';
import { err, ok, type Result } from '../domain/result.js';
import { stripSeparators } from '../domain/typed-input.js';
import { UPSTREAM_STATUSES, type UpstreamStatus } from '../domain/upstream.js';
import { isRemark, REMARKS, type Remark, type ValidationStatus } from '../domain/validation.js';
import type { Worker } from '../domain/worker.js';
import { parseWorkplaceId } from '../domain/workplace-id.js';
import type { PresenceQuery, SearchPosition } from '../store/presence-repository.js';
import { actingFor } from './acting-for.js';
import { findPresence } from './find-presence.js';
import type { AppDeps } from './app-deps.js';
import { fail, failAll, type Failure } from './failure.js';

/** The largest page a search returns, and the page size when none is asked. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 100;
/** The longest date range one search may cover. */
export const MAX_SEARCH_DAYS = 366;

/**
 * One presence by its id or its registration id, for a caller allowed to see it; `PRESENCE_NOT_FOUND` otherwise
 * (no probing).
 */
export async function getPresence(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  id: string,
): Promise<Result<Presence, Failure>> {
  const allowed = authorize(principal, 'presences.read');
  if (!allowed.ok) return fail(allowed.error);
  const presence = await findPresence(deps, id);
  if (presence !== undefined) {
    const found = await deps.store.workplaces.get(presence.workplaceId);
    if (
      found !== undefined &&
      maySeePresence(principal, await actingFor(deps, principal), found.chain, presence)
    ) {
      return ok(presence);
    }
  }
  return fail(domainError('PRESENCE_NOT_FOUND', 'No presence with this id that you may see.', 'id'));
}

/** A search as it arrives in a query string. */
export interface SearchInput {
  readonly from: string;
  readonly to: string;
  readonly workplaceId?: string | undefined;
  readonly worker?: string | undefined;
  readonly employer?: string | undefined;
  readonly status?: 'REGISTERED' | 'CANCELLED' | undefined;
  readonly validation?: ValidationStatus | undefined;
  /** Remark codes, comma-separated: presences whose latest check made any of them. */
  readonly remark?: string | undefined;
  /** Upstream states, comma-separated (a relay's): presences that stand so at the official registry. */
  readonly upstream?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

/**
 * Searches presences over a date range, filtered by workplace, worker, employer, status, validation, remarks and
 * upstream state, a page at a time.
 * A caller sees only what it may see: an outsider gets an empty page, never an error that reveals a workplace.
 */
export async function searchPresences(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  input: SearchInput,
): Promise<Result<{ presences: Presence[]; nextCursor?: string }, Failure>> {
  const allowed = authorize(principal, 'presences.read');
  if (!allowed.ok) return fail(allowed.error);
  const parsed = parseSearch(input);
  if (!parsed.ok) return failAll(parsed.error);
  const query = parsed.value;
  let scope: PresenceQuery['scope'];
  if (seesEvery(principal, 'presences')) {
    if (query.workplaceId === undefined && query.worker === undefined && query.employer === undefined) {
      return fail(
        domainError(
          'SEARCH_FILTER_REQUIRED',
          'Name a workplaceId, a worker or an employer to search the whole registry.',
        ),
      );
    }
    scope = { kind: 'ALL' };
  } else {
    const acting = await actingFor(deps, principal);
    if (acting.size === 0) return ok({ presences: [] });
    scope = { kind: 'CHAIN', actingFor: [...acting] };
  }
  const page = await deps.store.presences.search({ ...query, scope });
  return ok({
    presences: page.presences,
    ...(page.next === undefined ? {} : { nextCursor: encodeCursor(page.next) }),
  });
}

function parseSearch(input: SearchInput): Result<Omit<PresenceQuery, 'scope'>, DomainError[]> {
  const fields = new FieldErrors();
  const from = fields.take(parseCalendarDate(input.from), 'from');
  const to = fields.take(parseCalendarDate(input.to), 'to');
  if (from !== undefined && to !== undefined) {
    if (to < from) fields.add(domainError('DATE_RANGE_INVALID', '"to" is before "from".', 'to'));
    else if (daysBetween(from, to) >= MAX_SEARCH_DAYS) {
      fields.add(
        domainError('DATE_RANGE_TOO_LONG', `One search covers at most ${MAX_SEARCH_DAYS} days.`, 'to'),
      );
    }
  }
  const workplaceId =
    input.workplaceId === undefined
      ? undefined
      : fields.take(parseWorkplaceId(input.workplaceId), 'workplaceId');
  const worker =
    input.worker === undefined ? undefined : fields.take(parseWorkerFilter(input.worker), 'worker');
  const employer =
    input.employer === undefined ? undefined : fields.take(parseEnterpriseNumber(input.employer), 'employer');
  const remarks = input.remark === undefined ? undefined : fields.take(parseRemarks(input.remark), 'remark');
  const upstream =
    input.upstream === undefined ? undefined : fields.take(parseUpstreamStatuses(input.upstream), 'upstream');
  const after = input.cursor === undefined ? undefined : fields.take(decodeCursor(input.cursor), 'cursor');
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    fields.add(domainError('FIELD_VALUE', `limit is a whole number from 1 to ${MAX_PAGE_SIZE}.`, 'limit'));
  }
  if (fields.any() || from === undefined || to === undefined) return err(fields.list);
  return ok({
    from,
    to,
    limit,
    ...(workplaceId === undefined ? {} : { workplaceId }),
    ...(worker === undefined ? {} : { worker }),
    ...(employer === undefined ? {} : { employer }),
    ...(input.status === undefined ? {} : { status: input.status }),
    ...(input.validation === undefined ? {} : { validation: input.validation }),
    ...(remarks === undefined ? {} : { remarks }),
    ...(upstream === undefined ? {} : { upstream }),
    ...(after === undefined ? {} : { after }),
  });
}

/** Upstream states, comma-separated, each one of `UPSTREAM_STATUSES`. */
function parseUpstreamStatuses(raw: string): Result<UpstreamStatus[], DomainError> {
  const codes = raw
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
  const unknown = codes.find((code) => !(UPSTREAM_STATUSES as readonly string[]).includes(code));
  if (unknown !== undefined || codes.length === 0) {
    return err(
      domainError(
        'FIELD_VALUE',
        `upstream takes upstream states, comma-separated: ${unknown === undefined ? 'none was given' : `"${unknown.slice(0, 60)}" is not one`} (${UPSTREAM_STATUSES.join(', ')}).`,
      ),
    );
  }
  return ok(codes as UpstreamStatus[]);
}

/**
 * A worker filter: 11 digits are a national or BIS number (a mistyped one is refused, never taken for something
 * else); other lengths a Limosa-1 number.
 */
function parseWorkerFilter(raw: string): Result<Worker, DomainError> {
  if (stripSeparators(raw).length === 11) {
    const niss = parseNiss(raw);
    return niss.ok ? ok({ niss: niss.value.value }) : niss;
  }
  const limosa = parseLimosaId(raw);
  return limosa.ok ? ok({ limosaId: limosa.value }) : limosa;
}

/** Remark codes, comma-separated (spaces allowed), each one of `REMARKS`. */
function parseRemarks(raw: string): Result<Remark[], DomainError> {
  const codes = raw
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
  const unknown = codes.find((code) => !isRemark(code));
  if (unknown !== undefined || codes.length === 0) {
    return err(
      domainError(
        'FIELD_VALUE',
        `remark takes remark codes, comma-separated: ${unknown === undefined ? 'none was given' : `"${unknown.slice(0, 60)}" is not one`} (${REMARKS.join(', ')}).`,
      ),
    );
  }
  return ok(codes.filter(isRemark));
}

function encodeCursor(position: SearchPosition): string {
  return Buffer.from(JSON.stringify([position.registrationDate, position.sequence])).toString('base64url');
}

function decodeCursor(raw: string): Result<SearchPosition, DomainError> {
  const invalid = domainError(
    'CURSOR_INVALID',
    'This cursor is not one that a page of results gave (nextCursor).',
  );
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      !Array.isArray(value) ||
      value.length !== 2 ||
      typeof value[0] !== 'string' ||
      !Number.isSafeInteger(value[1])
    ) {
      return err(invalid);
    }
    const date = parseCalendarDate(value[0]);
    return date.ok ? ok({ registrationDate: date.value, sequence: value[1] as number }) : err(invalid);
  } catch {
    return err(invalid);
  }
}
