import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerPresences } from '../../app/register-presences.js';
import { searchPresences } from '../../app/read-presences.js';
import { getRoster } from '../../app/roster.js';
import { todayInBrussels } from '../../app/today.js';
import type { SignedIn } from '../../app/users.js';
import { getWorkplace, listWorkplaces } from '../../app/workplaces.js';
import { parseCalendarDate } from '../../domain/calendar-date.js';
import { formatEnterpriseNumber } from '../../domain/enterprise-number.js';
import type { DomainError } from '../../domain/errors.js';
import type { Presence } from '../../domain/presence.js';
import { mayAttempt } from '../../domain/permissions.js';
import { ownEnterprise, type Role } from '../../domain/principal.js';
import type { RosterEntry } from '../../domain/roster.js';
import { errorText } from '../i18n/error-texts.js';
import type { PageContext } from '../pages/page-context.js';
import {
  WorkplaceDayPage,
  WorkplacesPage,
  type RegisterForm,
  type RegisterOutcome,
} from '../pages/workplace-pages.js';
import {
  MAX_FORM_ITEMS,
  readRegisterForm,
  type ItemSource,
  type RegisterFormBody,
} from '../register-form.js';
import { sendPage } from '../render.js';
import type { WebDeps } from '../web-deps.js';
import { requireRoles, sendRefusal } from '../page-access.js';
import { checkCsrf, pageContext } from '../page-support.js';

/** The online channel is a company's, its provider's (and an administrator's, to look): not a console's. */
const CHANNEL_ROLES: readonly Role[] = ['company', 'provider', 'admin'];

/**
 * The online channel of a company (or its provider): its workplaces, each workplace's day with who is
 * registered and their receipt numbers, and registering workers from the roster or by number for one day or
 * several.
 */

export function onlineChannelRoutes(deps: WebDeps) {
  return (web: FastifyInstance): Promise<void> => {
    web.get('/workplaces', async (request, reply) => {
      const who = requireRoles(request, reply, CHANNEL_ROLES);
      if (who === undefined) return reply;
      const ctx = pageContext(request, reply);
      const workplaces = await listWorkplaces(deps, who.principal);
      if (!workplaces.ok) return sendRefusal(reply, ctx, workplaces.error[0]);
      return sendPage(reply, 200, <WorkplacesPage ctx={ctx} workplaces={workplaces.value} />);
    });

    web.get<{ Params: { id: string }; Querystring: { date?: string } }>(
      '/workplaces/:id',
      async (request, reply) => {
        const who = requireRoles(request, reply, CHANNEL_ROLES);
        if (who === undefined) return reply;
        const today = todayInBrussels(deps.clock.now());
        const date = parseCalendarDate(request.query.date ?? today);
        const day = date.ok ? date.value : today;
        return renderDay(request, reply, who, request.params.id, day, emptyForm(who, day), new Map());
      },
    );

    web.post<{ Params: { id: string }; Body: RegisterFormBody }>(
      '/workplaces/:id/register',
      { preHandler: checkCsrf(web) },
      async (request, reply) => {
        const who = requireRoles(request, reply, CHANNEL_ROLES);
        if (who === undefined) return reply;
        const ctx = pageContext(request, reply);
        const form = formOf(request.body);
        const read = readRegisterForm(request.params.id, request.body);
        if (!read.ok) {
          const errors = new Map<string, string[]>();
          for (const error of read.errors) {
            const [field = 'workers', line] = error.field.split(':');
            const text =
              error.code === 'TOO_MANY_ITEMS'
                ? ctx.t('tooManyRegistrations', { max: MAX_FORM_ITEMS })
                : errorText(error, ctx.lang);
            addError(errors, field, line === undefined ? text : `${ctx.t('line', { n: line })} — ${text}`);
          }
          return renderDay(request, reply, who, request.params.id, form.from, form, errors, 400);
        }
        const registered = await registerPresences(deps, who.principal, {
          presences: read.items,
          channel: 'ONLINE',
        });
        if (!registered.ok) {
          const errors = new Map<string, string[]>();
          for (const error of registered.error) addError(errors, 'workers', errorText(error, ctx.lang));
          return renderDay(request, reply, who, request.params.id, form.from, form, errors, 400);
        }
        const results = registered.value;
        const errors = itemErrors(results, read.sources, ctx);
        const outcome: RegisterOutcome = {
          results,
          items: read.sources.map((s) => ({ worker: s.worker, date: s.date })),
        };
        const anyRefused = errors.size > 0;
        const firstDay = read.sources[0]?.date ?? form.from;
        return renderDay(
          request,
          reply,
          who,
          request.params.id,
          firstDay,
          anyRefused ? form : emptyForm(who, firstDay),
          errors,
          anyRefused ? 400 : 200,
          outcome,
        );
      },
    );

    async function renderDay(
      request: FastifyRequest,
      reply: FastifyReply,
      who: SignedIn,
      id: string,
      date: string,
      form: RegisterForm,
      errors: Map<string, string[]>,
      status = 200,
      outcome?: RegisterOutcome,
    ): Promise<FastifyReply> {
      const ctx = pageContext(request, reply, `/workplaces/${encodeURIComponent(id)}?date=${date}`);
      const found = await getWorkplace(deps, who.principal, id);
      if (!found.ok) return sendRefusal(reply, ctx, found.error[0]);
      const day = parseCalendarDate(date);
      const shown = day.ok ? day.value : todayInBrussels(deps.clock.now());
      const presences = await searchPresences(deps, who.principal, {
        from: shown,
        to: shown,
        workplaceId: found.value.workplace.id,
        status: 'REGISTERED',
        limit: 500,
      });
      const roster = await rosterOf(who);
      return sendPage(
        reply,
        status,
        <WorkplaceDayPage
          ctx={ctx}
          workplace={found.value.workplace}
          date={shown}
          presences={presences.ok ? presences.value.presences : ([] as Presence[])}
          {...(presences.ok ? {} : { presencesProblem: errorText(presences.error[0], ctx.lang) })}
          roster={roster}
          form={form}
          errors={errors}
          mayRegister={mayAttempt(who.principal, 'presences.register')}
          {...(outcome === undefined ? {} : { outcome })}
        />,
      );
    }

    /** The roster to register from: a company's own (a provider chooses no company here). */
    async function rosterOf(who: SignedIn): Promise<RosterEntry[]> {
      if (ownEnterprise(who.principal) === undefined) return [];
      const roster = await getRoster(deps, who.principal, {});
      return roster.ok ? roster.value : [];
    }
    return Promise.resolve();
  };
}

function emptyForm(who: SignedIn, day: string): RegisterForm {
  return {
    workers: [],
    numbers: '',
    from: day,
    to: day,
    employer: who.user.enterprise === undefined ? '' : formatEnterpriseNumber(who.user.enterprise),
  };
}

function formOf(body: RegisterFormBody): RegisterForm {
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const workers =
    typeof body.workers === 'string'
      ? [body.workers]
      : Array.isArray(body.workers)
        ? body.workers.filter((w): w is string => typeof w === 'string')
        : [];
  return {
    workers,
    numbers: text(body.numbers),
    from: text(body.from),
    to: text(body.to),
    employer: text(body.employer),
  };
}

/** Each refused item's errors, next to the form field it came from (a typed number on its line). */
function itemErrors(
  results: readonly {
    readonly index: number;
    readonly status: string;
    readonly errors?: readonly DomainError[];
  }[],
  sources: readonly ItemSource[],
  ctx: PageContext,
): Map<string, string[]> {
  const errors = new Map<string, string[]>();
  for (const result of results) {
    if (result.status !== 'REJECTED' || result.errors === undefined) continue;
    const source = sources[result.index];
    if (source === undefined) continue;
    for (const error of result.errors) {
      const path = (error.field ?? '').replace(/^presences\[\d+\]\.?/u, '');
      const text = errorText(error, ctx.lang);
      if (path.startsWith('employer')) addError(errors, 'employer', text);
      else if (path.startsWith('registrationDate')) addError(errors, 'to', `${source.date} — ${text}`);
      else if (source.field === 'numbers')
        addError(errors, 'numbers', `${ctx.t('line', { n: source.line ?? 0 })} (${source.date}) — ${text}`);
      else addError(errors, 'workers', `${source.worker} (${source.date}) — ${text}`);
    }
  }
  return errors;
}

function addError(errors: Map<string, string[]>, field: string, text: string): void {
  const list = errors.get(field) ?? [];
  if (!list.includes(text)) list.push(text);
  errors.set(field, list);
}
