import type { FastifyInstance, FastifyReply } from 'fastify';
import { actingFor } from '../../app/acting-for.js';
import { cancelPresences } from '../../app/cancel-presences.js';
import { getPresence, searchPresences } from '../../app/read-presences.js';
import { todayInBrussels } from '../../app/today.js';
import type { SignedIn } from '../../app/users.js';
import { listWorkplaces } from '../../app/workplaces.js';
import { mayCancelPresence } from '../../domain/access.js';
import type { CalendarDate } from '../../domain/calendar-date.js';
import { readDecimalInteger } from '../../domain/decimal-integer.js';
import { domainError, type DomainError } from '../../domain/errors.js';
import { checkCancellationDate, type Presence } from '../../domain/presence.js';
import { parseWorker, workerInputOf, workerKey } from '../../domain/worker.js';
import { requireRoles, sendRefusal } from '../page-access.js';
import { checkCsrf, fieldErrors, formText, nonBlank, pageContext, type Form } from '../page-support.js';
import {
  DEFAULT_SEARCH_PAGE_SIZE,
  PresenceSearchPage,
  reasonField,
  SEARCH_PAGE_SIZES,
  SEARCH_STATUSES,
  searchQuery,
  type SearchForm,
  type SearchRow,
  type SearchStatus,
} from '../pages/company-admin/presence-search-page.js';
import type { FieldErrors, PageContext } from '../pages/page-context.js';
import { sendPage } from '../render.js';
import type { WebDeps } from '../web-deps.js';

/** A search as it arrives in the query string. */
type SearchQuery = Partial<Record<'from' | 'to' | 'workplaceId' | 'worker' | 'status' | 'limit', string>> & {
  readonly cursor?: string;
};

/** The status filter of the use case for each status of the form. */
const STATUS_FILTER: Readonly<Record<SearchStatus, 'REGISTERED' | 'CANCELLED' | undefined>> = {
  all: undefined,
  registered: 'REGISTERED',
  cancelled: 'CANCELLED',
};

/** The fields of the search form an error of `searchPresences` may name; any other error is said above it. */
const SEARCH_FIELDS: ReadonlySet<string> = new Set(['from', 'to', 'workplaceId', 'worker']);

/**
 * A company's (or its provider's) search of presences, with a cancel form for each presence it may cancel. A
 * refused cancellation is said next to its reason, in the page's language; one that succeeds leads back to the
 * search (post, redirect, get) with a notice of what was done.
 */
export function presenceSearchRoutes(deps: WebDeps) {
  return (web: FastifyInstance): Promise<void> => {
    web.get<{ Querystring: SearchQuery & { cancelled?: string } }>('/presences', async (request, reply) => {
      const who = requireRoles(request, reply, ['company', 'provider']);
      if (who === undefined) return reply;
      const ctx = pageContext(request, reply);
      const form = readSearch(request.query, today());
      const cursor = nonBlank(request.query.cursor);
      let cancelled: Presence | undefined;
      const cancelledId = nonBlank(request.query.cancelled);
      if (cancelledId !== undefined) {
        const found = await getPresence(deps, who.principal, cancelledId);
        if (found.ok && found.value.status === 'CANCELLED') cancelled = found.value;
      }
      return renderSearch(reply, ctx, who, form, cursor, { cancelled });
    });

    // Where a person lands who was sent to sign in while posting a form: back to its page.
    web.get<{ Querystring: SearchQuery }>('/presences/:id/cancel', (request, reply) =>
      reply.redirect(`/presences${searchQuery(readSearch(request.query, today()))}`, 303),
    );

    web.post<{ Params: { id: string }; Querystring: SearchQuery; Body: Form }>(
      '/presences/:id/cancel',
      { preHandler: checkCsrf(web) },
      async (request, reply) => {
        const who = requireRoles(request, reply, ['company', 'provider']);
        if (who === undefined) return reply;
        const form = readSearch(request.query, today());
        const cursor = nonBlank(request.query.cursor);
        const { id } = request.params;
        const reason = formText(request.body, 'reason');
        const done = await cancelPresences(deps, who.principal, [{ id, reason }]);
        const ctx = pageContext(request, reply, `/presences${searchQuery(form, cursor)}`);
        if (!done.ok) return sendRefusal(reply, ctx, done.error[0]);
        const [result] = done.value;
        if (result?.status === 'CANCELLED')
          return reply.redirect(`/presences${searchQuery(form, cursor, { cancelled: id })}`, 303);
        const refusals: readonly DomainError[] =
          result?.status === 'REJECTED' ? result.errors : [domainError('INTERNAL', 'No result.')];
        const errors = fieldErrors(refusals, ctx.lang, () => reasonField(id));
        return renderSearch(reply, ctx, who, form, cursor, {
          refused: { id, reason, errors },
          status: 400,
        });
      },
    );

    /** The search page: the form, and the page of results unless the search was refused. */
    async function renderSearch(
      reply: FastifyReply,
      ctx: PageContext,
      who: SignedIn,
      form: SearchForm,
      cursor: string | undefined,
      options: {
        readonly cancelled?: Presence | undefined;
        readonly refused?: { readonly id: string; readonly reason: string; readonly errors: FieldErrors };
        readonly status?: number;
      },
    ): Promise<FastifyReply> {
      const workplaces = await listWorkplaces(deps, who.principal);
      if (!workplaces.ok) return sendRefusal(reply, ctx, workplaces.error[0]);
      const worker = readWorkerFilter(form.worker);
      const found = await searchPresences(deps, who.principal, {
        from: form.from,
        to: form.to,
        workplaceId: nonBlank(form.workplaceId),
        worker: worker.ok ? worker.value : undefined,
        status: STATUS_FILTER[form.status],
        cursor,
        limit: form.limit,
      });
      if (!found.ok && found.error[0].code === 'ROLE_FORBIDDEN')
        return sendRefusal(reply, ctx, found.error[0]);
      const searchErrors = [...(worker.ok ? [] : [worker.error]), ...(found.ok ? [] : found.error)];
      const errors = new Map(fieldErrors(searchErrors, ctx.lang, searchField));
      const { refused } = options;
      const reasons = new Map<string, string>();
      let rows: SearchRow[] | undefined;
      if (found.ok && searchErrors.length === 0) {
        const acting = await actingFor(deps, who.principal);
        const day = today();
        rows = found.value.presences.map((presence) => ({
          presence,
          mayCancel:
            presence.status === 'REGISTERED' &&
            mayCancelPresence(who.principal, acting, presence) &&
            checkCancellationDate(presence, day).ok,
        }));
      }
      if (refused !== undefined) {
        // A refusal about a presence not on this page (gone from the search meanwhile) is said above the form.
        const shown = rows?.some((r) => r.presence.id === refused.id) === true;
        for (const [field, texts] of refused.errors)
          errors.set(shown ? field : 'form', [...(errors.get(shown ? field : 'form') ?? []), ...texts]);
        if (shown) reasons.set(refused.id, refused.reason);
      }
      return sendPage(
        reply,
        options.status ?? (searchErrors.length > 0 ? 400 : 200),
        <PresenceSearchPage
          ctx={ctx}
          form={form}
          errors={errors}
          workplaces={workplaces.value}
          reasons={reasons}
          {...(rows === undefined || !found.ok
            ? {}
            : {
                results: {
                  rows,
                  ...(cursor === undefined ? {} : { cursor }),
                  ...(found.value.nextCursor === undefined ? {} : { nextCursor: found.value.nextCursor }),
                },
              })}
          {...(options.cancelled === undefined ? {} : { cancelled: options.cancelled })}
        />,
      );
    }

    function today(): CalendarDate {
      return todayInBrussels(deps.clock.now());
    }

    return Promise.resolve();
  };
}

/** The search asked for: today alone, every status, by default; a page size among those offered. */
function readSearch(query: SearchQuery, today: CalendarDate): SearchForm {
  const status = SEARCH_STATUSES.find((s) => s === query.status) ?? 'all';
  const asked = readDecimalInteger(query.limit ?? '');
  const limit = SEARCH_PAGE_SIZES.find((n) => n === asked) ?? DEFAULT_SEARCH_PAGE_SIZE;
  return {
    from: nonBlank(query.from) ?? today,
    to: nonBlank(query.to) ?? today,
    workplaceId: nonBlank(query.workplaceId) ?? '',
    worker: query.worker?.trim() ?? '',
    status,
    limit,
  };
}

/**
 * The worker filter as the search takes it (the number's digits), read the way the other forms read a worker:
 * a Limosa-1 number with its prefix (`L1 12345678`), else a national or BIS number.
 */
function readWorkerFilter(
  raw: string,
): { ok: true; value: string | undefined } | { ok: false; error: DomainError } {
  if (raw === '') return { ok: true, value: undefined };
  const worker = parseWorker(workerInputOf(raw));
  if (!worker.ok) return { ok: false, error: { ...worker.error, field: 'worker' } };
  return { ok: true, value: workerKey(worker.value).id };
}

function searchField(error: DomainError): string {
  const field = error.field ?? '';
  return SEARCH_FIELDS.has(field) ? field : 'form';
}
