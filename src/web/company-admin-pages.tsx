import type { FastifyInstance, FastifyReply } from 'fastify';
import { actingFor } from '../app/acting-for.js';
import { cancelPresences } from '../app/cancel-presences.js';
import { getPresence, searchPresences } from '../app/read-presences.js';
import { addRosterWorker, getRoster, removeRosterWorker } from '../app/roster.js';
import { todayInBrussels } from '../app/today.js';
import type { SignedIn } from '../app/users.js';
import { addContractor, getWorkplace, listWorkplaces } from '../app/workplaces.js';
import { mayCancelPresence } from '../domain/access.js';
import type { CalendarDate } from '../domain/calendar-date.js';
import { readDecimalInteger } from '../domain/decimal-integer.js';
import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { seesEvery } from '../domain/permissions.js';
import { checkCancellationDate, type Presence } from '../domain/presence.js';
import { ownEnterprise } from '../domain/principal.js';
import type { RosterEntry } from '../domain/roster.js';
import { parseWorker, workerInputOf, workerKey, type WorkerInput } from '../domain/worker.js';
import { requireRoles, sendRefusal } from './page-access.js';
import { checkCsrf, fieldErrors, formText, pageContext, type Form } from './page-support.js';
import { ContractorChainPage, type ContractorForm } from './pages/company-admin/contractor-chain-page.js';
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
} from './pages/company-admin/presence-search-page.js';
import {
  EMPTY_ROSTER_FORM,
  RosterPage,
  rosterQuery,
  type RosterForm,
  type RosterNotice,
} from './pages/company-admin/roster-page.js';
import type { FieldErrors, PageContext } from './pages/page-context.js';
import { NO_ERRORS } from './pages/page-context.js';
import { sendPage } from './render.js';
import type { WebDeps } from './web-deps.js';

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
 * A company's (or its provider's) search of presences with a cancel form for each presence it may cancel, its
 * roster of workers, and the contractor chain of its workplaces with the form to add a subcontractor. Each
 * refusal is said next to its field, in the page's language; a form that succeeds leads back to its page (post,
 * redirect, get) with a notice of what was done.
 */
export function companyAdminPages(deps: WebDeps) {
  return (web: FastifyInstance): Promise<void> => {
    // Searching and cancelling presences

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
    web.get<{ Querystring: { enterprise?: string } }>('/roster/workers', (request, reply) =>
      reply.redirect(`/roster${rosterQuery(nonBlank(request.query.enterprise))}`, 303),
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

    // The roster

    web.get<{ Querystring: { enterprise?: string; done?: string } }>('/roster', async (request, reply) => {
      const who = requireRoles(request, reply, ['company', 'provider']);
      if (who === undefined) return reply;
      const ctx = pageContext(request, reply);
      const done = request.query.done;
      const notice: RosterNotice | undefined = done === 'added' || done === 'removed' ? done : undefined;
      return renderRoster(
        reply,
        ctx,
        who,
        request.query.enterprise,
        EMPTY_ROSTER_FORM,
        NO_ERRORS,
        200,
        notice,
      );
    });

    web.post<{ Querystring: { enterprise?: string }; Body: Form }>(
      '/roster/workers',
      { preHandler: checkCsrf(web) },
      async (request, reply) => {
        const who = requireRoles(request, reply, ['company', 'provider']);
        if (who === undefined) return reply;
        const owner = rosterOwner(who, request.query.enterprise);
        const ctx = pageContext(request, reply, `/roster${rosterQuery(owner)}`);
        const form: RosterForm = {
          worker: formText(request.body, 'worker'),
          lastName: formText(request.body, 'lastName'),
          firstName: formText(request.body, 'firstName'),
        };
        const added = await addRosterWorker(deps, who.principal, {
          enterprise: owner,
          worker: workerInputOf(form.worker),
          lastName: form.lastName,
          firstName: form.firstName,
        });
        if (added.ok) return reply.redirect(`/roster${rosterQuery(owner, { done: 'added' })}`, 303);
        const [first] = added.error;
        if (first.code === 'ROLE_FORBIDDEN' || first.field === 'enterprise')
          return sendRefusal(reply, ctx, first);
        const errors = fieldErrors(
          added.error.map((e) =>
            // A number left blank is a number to give, not a mistyped one.
            form.worker.trim() === '' && rosterField(e) === 'worker'
              ? domainError('FIELD_REQUIRED', 'Give the number.', e.field)
              : e,
          ),
          ctx.lang,
          rosterField,
        );
        return renderRoster(reply, ctx, who, owner, form, errors, 400);
      },
    );

    web.post<{ Querystring: { enterprise?: string }; Body: Form }>(
      '/roster/workers/remove',
      { preHandler: checkCsrf(web) },
      async (request, reply) => {
        const who = requireRoles(request, reply, ['company', 'provider']);
        if (who === undefined) return reply;
        const owner = rosterOwner(who, request.query.enterprise);
        const ctx = pageContext(request, reply, `/roster${rosterQuery(owner)}`);
        const worker = rosterWorker(formText(request.body, 'worker'));
        const removed = await removeRosterWorker(deps, who.principal, { enterprise: owner, worker });
        if (!removed.ok) {
          const [first] = removed.error;
          if (first.code === 'ROLE_FORBIDDEN' || first.field === 'enterprise')
            return sendRefusal(reply, ctx, first);
          // Removed meanwhile (by someone else, or a second click): the roster is as asked, with no news to say.
          if (first.code === 'NOT_FOUND') return reply.redirect(`/roster${rosterQuery(owner)}`, 303);
          const errors = fieldErrors(removed.error, ctx.lang, () => 'form');
          return renderRoster(reply, ctx, who, owner, EMPTY_ROSTER_FORM, errors, 400);
        }
        return reply.redirect(`/roster${rosterQuery(owner, { done: 'removed' })}`, 303);
      },
    );

    /** The roster page: a provider's choice of company, the company's workers, the form to add one. */
    async function renderRoster(
      reply: FastifyReply,
      ctx: PageContext,
      who: SignedIn,
      asked: string | undefined,
      form: RosterForm,
      errors: FieldErrors,
      status: number,
      notice?: RosterNotice,
    ): Promise<FastifyReply> {
      const owner = rosterOwner(who, asked);
      // A company keeps its own roster; a provider those of the companies that mandated it.
      const own = ownEnterprise(who.principal);
      const companies = own === undefined ? [...(await actingFor(deps, who.principal))] : [];
      const page = (props: {
        enterprise?: EnterpriseNumber;
        roster?: readonly RosterEntry[];
        chooserErrors?: FieldErrors;
        status?: number;
      }) =>
        sendPage(
          reply,
          props.status ?? status,
          <RosterPage
            ctx={ctx}
            companies={companies}
            chosen={enterpriseOf(owner ?? '') ?? ''}
            chooserErrors={props.chooserErrors ?? NO_ERRORS}
            roster={props.roster ?? []}
            form={form}
            errors={errors}
            {...(props.enterprise === undefined ? {} : { enterprise: props.enterprise })}
            {...(owner === undefined || props.enterprise === undefined
              ? {}
              : { forCompany: props.enterprise })}
            {...(notice === undefined ? {} : { notice })}
          />,
        );
      // A provider chooses first which company's roster it keeps.
      if (own === undefined && owner === undefined) return page({});
      const roster = await getRoster(deps, who.principal, { enterprise: owner });
      if (!roster.ok) {
        const [first] = roster.error;
        if (first.code === 'ROLE_FORBIDDEN' || first.field !== 'enterprise')
          return sendRefusal(reply, ctx, first);
        return page({ chooserErrors: fieldErrors(roster.error, ctx.lang, () => 'enterprise'), status: 400 });
      }
      const enterprise = own ?? companies.find((c) => c === enterpriseOf(owner ?? ''));
      return page({ roster: roster.value, ...(enterprise === undefined ? {} : { enterprise }) });
    }

    // The contractor chain

    web.get<{ Params: { id: string }; Querystring: { added?: string; parent?: string } }>(
      '/workplaces/:id/chain',
      async (request, reply) => {
        const who = requireRoles(request, reply, ['company', 'provider', 'admin']);
        if (who === undefined) return reply;
        const ctx = pageContext(request, reply);
        const added = { enterprise: request.query.added ?? '', parent: request.query.parent ?? '' };
        return renderChain(
          reply,
          ctx,
          who,
          request.params.id,
          { enterprise: '', parent: '' },
          NO_ERRORS,
          200,
          added,
        );
      },
    );

    web.post<{ Params: { id: string }; Body: Form }>(
      '/workplaces/:id/chain',
      { preHandler: checkCsrf(web) },
      async (request, reply) => {
        const who = requireRoles(request, reply, ['company', 'provider', 'admin']);
        if (who === undefined) return reply;
        const { id } = request.params;
        const ctx = pageContext(request, reply, `/workplaces/${encodeURIComponent(id)}/chain`);
        const form: ContractorForm = {
          enterprise: formText(request.body, 'enterprise'),
          parent: formText(request.body, 'parent'),
        };
        const added = await addContractor(deps, who.principal, id, form);
        if (!added.ok) {
          const [first] = added.error;
          if (first.code === 'ROLE_FORBIDDEN' || first.code === 'WORKPLACE_NOT_FOUND')
            return sendRefusal(reply, ctx, first);
          const errors = fieldErrors(added.error, ctx.lang, chainField);
          return renderChain(reply, ctx, who, id, form, errors, 400);
        }
        if (!added.value.added) {
          // Nothing changed: the person meant to add someone, so it is said next to what they typed.
          const errors = new Map([['enterprise', [ctx.t('admAlreadyLinked')]]]);
          return renderChain(reply, ctx, who, id, form, errors, 400);
        }
        const link = added.value.view.contractors.find(
          (l) => l.enterprise === enterpriseOf(form.enterprise) && l.parent === enterpriseOf(form.parent),
        );
        const query =
          link === undefined
            ? ''
            : `?${new URLSearchParams({ added: link.enterprise, parent: link.parent }).toString()}`;
        return reply.redirect(`/workplaces/${encodeURIComponent(id)}/chain${query}`, 303);
      },
    );

    /** The chain page: the chain as the person may see it, and the form to add a subcontractor. */
    async function renderChain(
      reply: FastifyReply,
      ctx: PageContext,
      who: SignedIn,
      id: string,
      form: ContractorForm,
      errors: FieldErrors,
      status: number,
      added?: { readonly enterprise: string; readonly parent: string },
    ): Promise<FastifyReply> {
      const found = await getWorkplace(deps, who.principal, id);
      if (!found.ok) return sendRefusal(reply, ctx, found.error[0]);
      const { workplace, contractors } = found.value;
      const own = await actingFor(deps, who.principal);
      const members = [workplace.declarant, ...new Set(contractors.map((l) => l.enterprise))];
      // The declarant (and an administrator, bound to no chain) links anywhere; any other company below itself.
      const parents =
        seesEvery(who.principal, 'workplaces') || own.has(workplace.declarant)
          ? [...new Set(members)]
          : members.filter((m) => own.has(m));
      // The notice names a link only if it is in the chain: a link to this page cannot make it say otherwise.
      const link =
        added === undefined
          ? undefined
          : contractors.find((l) => l.enterprise === added.enterprise && l.parent === added.parent);
      return sendPage(
        reply,
        status,
        <ContractorChainPage
          ctx={ctx}
          workplace={workplace}
          contractors={contractors}
          own={own}
          parents={parents}
          form={{
            ...form,
            parent: enterpriseOf(form.parent) ?? parents.find((p) => own.has(p)) ?? '',
          }}
          errors={errors}
          {...(link === undefined ? {} : { added: link })}
        />,
      );
    }

    function today(): CalendarDate {
      return todayInBrussels(deps.clock.now());
    }

    return Promise.resolve();
  };
}

function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
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

/** Whose roster a form or page is about: a company's own, or the one a provider names. */
function rosterOwner(who: SignedIn, asked: string | undefined): string | undefined {
  return ownEnterprise(who.principal) === undefined ? nonBlank(asked) : undefined;
}

/** The worker a remove button names (`NISS:85073003328`, see `rosterKey`), as `removeRosterWorker` takes it. */
function rosterWorker(key: string): WorkerInput {
  const [kind, id] = key.split(':', 2);
  if (kind === 'NISS') return { niss: id ?? '' };
  if (kind === 'LIMOSA') return { limosaId: id ?? '' };
  return {};
}

/** The field of the add form an error of `addRosterWorker` is about (`worker.niss` → `worker`), else `form`. */
function rosterField(error: DomainError): string {
  const name = (error.field ?? '').split('.')[0] ?? '';
  return name === 'worker' || name === 'lastName' || name === 'firstName' ? name : 'form';
}

/** The field of the chain's form an error of `addContractor` is about. */
function chainField(error: DomainError): string {
  const field = error.field ?? '';
  return field === 'enterprise' || field === 'parent' ? field : 'form';
}

/** An enterprise number as typed, read as the registry keeps it (`0403.170.701` → `0403170701`). */
function enterpriseOf(raw: string): EnterpriseNumber | undefined {
  const parsed = parseEnterpriseNumber(raw);
  return parsed.ok ? parsed.value : undefined;
}
