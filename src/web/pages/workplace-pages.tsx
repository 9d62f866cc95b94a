import type { JSX } from 'preact';
import type { ItemResult } from '../../app/item-result.js';
import { formatEnterpriseNumber } from '../../domain/enterprise-number.js';
import type { Presence } from '../../domain/presence.js';
import type { RosterEntry } from '../../domain/roster.js';
import { formatWorker, workerKey, type Worker } from '../../domain/worker.js';
import type { Workplace } from '../../domain/workplace.js';
import { CsrfField, FieldError, invalidAttributes, Layout } from './layout.js';
import type { FieldErrors, PageContext } from './page-context.js';
import { UpstreamBadge } from './upstream-badge.js';
import { ValidationBadge, ValidationHint } from './validation-badge.js';

/** The workplaces the person takes part in, each with a link to its day. */
export function WorkplacesPage(props: {
  readonly ctx: PageContext;
  readonly workplaces: readonly Workplace[];
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('workplaces')}>
      {props.workplaces.length === 0 ? (
        <p>{t('noWorkplaces')}</p>
      ) : (
        <ul class="cards">
          {props.workplaces.map((w) => (
            <li>
              <a href={`/workplaces/${w.id}`}>
                <strong>{w.name}</strong>
                <span>
                  {w.address.street}, {w.address.postalCode} {w.address.city}
                </span>
                <span>
                  {t('workplaceId')}: {w.id} · {t('period')}: {w.startDate} → {w.endDate}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** What the register form was sent with, to show it again with its errors. */
export interface RegisterForm {
  readonly workers: readonly string[];
  readonly numbers: string;
  readonly from: string;
  readonly to: string;
  readonly employer: string;
}

/** What registering gave, item by item, to show under the form. */
export interface RegisterOutcome {
  readonly results: readonly ItemResult[];
  /** What each item was: the worker as written and its day. */
  readonly items: readonly { readonly worker: string; readonly date: string }[];
}

/**
 * A workplace's day at a glance: who is registered, with their receipt numbers and where each stands in its
 * checks (with the remarks of a failed one); and the form to register workers (from the roster, or by number)
 * for one day or several.
 */
export function WorkplaceDayPage(props: {
  readonly ctx: PageContext;
  readonly workplace: Workplace;
  readonly date: string;
  readonly presences: readonly Presence[];
  readonly roster: readonly RosterEntry[];
  readonly form: RegisterForm;
  readonly errors: FieldErrors;
  readonly outcome?: RegisterOutcome;
  readonly mayRegister: boolean;
  /** Why the day's presences could not be read, if they could not: never shown as "nobody registered". */
  readonly presencesProblem?: string;
}): JSX.Element {
  const { ctx, workplace, errors } = props;
  const { t } = ctx;
  const names = new Map(props.roster.map((r) => [key(r.worker), `${r.lastName} ${r.firstName}`]));
  const chosen = new Set(props.form.workers);
  return (
    <Layout ctx={ctx} title={t('dayTitle', { workplace: workplace.name, date: props.date })}>
      <p class="muted">
        {t('workplaceId')}: <span class="mono">{workplace.id}</span> · {workplace.address.street},{' '}
        {workplace.address.postalCode} {workplace.address.city} ·{' '}
        <a href={`/workplaces/${workplace.id}/chain`}>{t('contractorChain')}</a>
      </p>
      <form method="get" action={`/workplaces/${workplace.id}`} class="inline">
        <label for="date">{t('day')}</label>
        <input id="date" name="date" type="date" value={props.date} />
        <button type="submit">{t('openDay')}</button>
      </form>
      {props.outcome === undefined ? null : <Outcome ctx={ctx} outcome={props.outcome} />}
      <section aria-labelledby="registered-heading">
        <h2 id="registered-heading">{t('registeredToday')}</h2>
        {props.presencesProblem !== undefined ? (
          <p class="warning" role="alert">
            {props.presencesProblem}
          </p>
        ) : props.presences.length === 0 ? (
          <p>{t('noPresences')}</p>
        ) : (
          <>
            <table class="presences">
              <thead>
                <tr>
                  <th scope="col">{t('worker')}</th>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('employer')}</th>
                  <th scope="col">{t('receiptNumber')}</th>
                  <th scope="col">{t('registrationId')}</th>
                  <th scope="col">{t('channel')}</th>
                  <th scope="col">{t('validation')}</th>
                </tr>
              </thead>
              <tbody>
                {props.presences.map((p) => (
                  <tr>
                    <td class="mono">{formatWorker(p.worker)}</td>
                    <td>{names.get(key(p.worker)) ?? ''}</td>
                    <td class="mono">{formatEnterpriseNumber(p.employer)}</td>
                    <td class="mono receipt">{p.receiptNumber}</td>
                    <td class="mono registration-id">{p.registrationId}</td>
                    <td>{t(`channel${p.channel}`)}</td>
                    <td>
                      <ValidationBadge ctx={ctx} validation={p.validation} />
                      <UpstreamBadge ctx={ctx} presence={p} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <ValidationHint ctx={ctx} validations={props.presences.map((p) => p.validation)} />
          </>
        )}
      </section>
      {props.mayRegister ? (
        <section aria-labelledby="register-heading">
          <h2 id="register-heading">{t('registerTitle')}</h2>
          <form method="post" action={`/workplaces/${workplace.id}/register`} class="stacked" novalidate>
            <CsrfField ctx={ctx} />
            {props.roster.length === 0 ? null : (
              <fieldset {...invalidAttributes(errors, 'workers')}>
                <legend>{t('fromRoster')}</legend>
                {props.roster.map((r) => {
                  const value = formatWorker(r.worker);
                  return (
                    <label class="check">
                      <input type="checkbox" name="workers" value={value} checked={chosen.has(value)} />
                      {r.lastName} {r.firstName} <span class="mono muted">{value}</span>
                    </label>
                  );
                })}
              </fieldset>
            )}
            <FieldError errors={errors} name="workers" />
            <label for="numbers">{t('otherNumbers')}</label>
            <textarea id="numbers" name="numbers" rows={3} {...invalidAttributes(errors, 'numbers')}>
              {props.form.numbers}
            </textarea>
            <FieldError errors={errors} name="numbers" />
            <div class="row">
              <div>
                <label for="from">{t('firstDay')}</label>
                <input
                  id="from"
                  name="from"
                  type="date"
                  value={props.form.from}
                  {...invalidAttributes(errors, 'from')}
                />
                <FieldError errors={errors} name="from" />
              </div>
              <div>
                <label for="to">{t('lastDay')}</label>
                <input
                  id="to"
                  name="to"
                  type="date"
                  value={props.form.to}
                  {...invalidAttributes(errors, 'to')}
                />
                <FieldError errors={errors} name="to" />
              </div>
            </div>
            <label for="employer">{t('employerOfWorkers')}</label>
            <input
              id="employer"
              name="employer"
              inputmode="numeric"
              value={props.form.employer}
              {...invalidAttributes(errors, 'employer')}
            />
            <FieldError errors={errors} name="employer" />
            <button type="submit">{t('register')}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

function Outcome(props: { readonly ctx: PageContext; readonly outcome: RegisterOutcome }): JSX.Element {
  const { t } = props.ctx;
  const { results, items } = props.outcome;
  const registered = results.filter((r) => r.status === 'REGISTERED');
  const refused = results.filter((r) => r.status === 'REJECTED');
  return (
    <section class="outcome" aria-labelledby="outcome-heading" role="status">
      <h2 id="outcome-heading">{t('results')}</h2>
      {registered.length === 0 ? null : <p>{t('registeredCount', { count: registered.length })}</p>}
      {refused.length === 0 ? null : <p class="warning">{t('refusedCount', { count: refused.length })}</p>}
      {registered.length === 0 ? null : (
        <table class="presences">
          <thead>
            <tr>
              <th scope="col">{t('worker')}</th>
              <th scope="col">{t('day')}</th>
              <th scope="col">{t('receiptNumber')}</th>
              <th scope="col">{t('registrationId')}</th>
            </tr>
          </thead>
          <tbody>
            {registered.map((r) => (
              <tr>
                <td class="mono">{items[r.index]?.worker}</td>
                <td>{items[r.index]?.date}</td>
                <td class="mono receipt">
                  {r.presence.receiptNumber}
                  {r.duplicate ? ` (${t('alreadyRegistered')})` : ''}
                </td>
                <td class="mono registration-id">{r.presence.registrationId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function key(worker: Worker): string {
  const k = workerKey(worker);
  return `${k.kind}:${k.id}`;
}
