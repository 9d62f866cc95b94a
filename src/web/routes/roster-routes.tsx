import type { FastifyInstance, FastifyReply } from 'fastify';
import { actingFor } from '../../app/acting-for.js';
import { addRosterWorker, getRoster, removeRosterWorker } from '../../app/roster.js';
import type { SignedIn } from '../../app/users.js';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import { domainError, type DomainError } from '../../domain/errors.js';
import { ownEnterprise } from '../../domain/principal.js';
import type { RosterEntry } from '../../domain/roster.js';
import { workerInputOf, type WorkerInput } from '../../domain/worker.js';
import { requireRoles, sendRefusal } from '../page-access.js';
import {
  checkCsrf,
  enterpriseOf,
  fieldErrors,
  formText,
  nonBlank,
  pageContext,
  type Form,
} from '../page-support.js';
import {
  EMPTY_ROSTER_FORM,
  RosterPage,
  rosterQuery,
  type RosterForm,
  type RosterNotice,
} from '../pages/company-admin/roster-page.js';
import { NO_ERRORS, type FieldErrors, type PageContext } from '../pages/page-context.js';
import { sendPage } from '../render.js';
import type { WebDeps } from '../web-deps.js';

/**
 * A company's roster of workers (a provider's, of a company that mandated it): the workers, and the forms to add
 * and remove one. A refusal is said next to its field, in the page's language; a form that succeeds leads back
 * to the roster (post, redirect, get) with a notice of what was done.
 */
export function rosterRoutes(deps: WebDeps) {
  return (web: FastifyInstance): Promise<void> => {
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

    // Where a person lands who was sent to sign in while posting a form: back to its page.
    web.get<{ Querystring: { enterprise?: string } }>('/roster/workers', (request, reply) =>
      reply.redirect(`/roster${rosterQuery(nonBlank(request.query.enterprise))}`, 303),
    );

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

    return Promise.resolve();
  };
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
