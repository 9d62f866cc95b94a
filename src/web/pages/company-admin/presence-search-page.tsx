import type { JSX } from 'preact';
import { formatEnterpriseNumber } from '../../../domain/enterprise-number.js';
import type { Presence } from '../../../domain/presence.js';
import { formatWorker } from '../../../domain/worker.js';
import type { Workplace } from '../../../domain/workplace.js';
import { CHANNEL_WORDS } from '../../messages/consoles.js';
import { formatBrusselsTimeIn } from '../../../domain/brussels-time.js';
import { CsrfField, FieldError, invalidAttributes, Layout } from '../layout.js';
import type { FieldErrors, PageContext } from '../page-context.js';
import { UpstreamBadge } from '../upstream-badge.js';
import { ValidationBadge, ValidationHint } from '../validation-badge.js';

/** The statuses a search filters on, as the form and its links write them. */
export const SEARCH_STATUSES = ['all', 'registered', 'cancelled'] as const;
export type SearchStatus = (typeof SEARCH_STATUSES)[number];

/** How many presences a page of results may show, and how many it shows unless asked. */
export const SEARCH_PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_SEARCH_PAGE_SIZE = 50;

/** What the search form was sent with (or is filled in with), as typed. */
export interface SearchForm {
  readonly from: string;
  readonly to: string;
  readonly workplaceId: string;
  readonly worker: string;
  readonly status: SearchStatus;
  readonly limit: number;
}

/** One presence found, and whether the person may cancel it now. */
export interface SearchRow {
  readonly presence: Presence;
  readonly mayCancel: boolean;
}

/** A page of results: its presences, the cursor it was asked with, and the next page's. */
export interface SearchResults {
  readonly rows: readonly SearchRow[];
  readonly cursor?: string;
  readonly nextCursor?: string;
}

/** The field of a presence's cancel form: one per presence, so that its errors show next to it. */
export function reasonField(presenceId: string): string {
  return `reason-${presenceId}`;
}

/** The query string of a search (`?from=…`), with a page's cursor and any extra parameters. */
export function searchQuery(
  form: SearchForm,
  cursor?: string,
  extra: Readonly<Record<string, string>> = {},
): string {
  const query = new URLSearchParams({ from: form.from, to: form.to });
  if (form.workplaceId !== '') query.set('workplaceId', form.workplaceId);
  if (form.worker !== '') query.set('worker', form.worker);
  query.set('status', form.status);
  query.set('limit', String(form.limit));
  if (cursor !== undefined) query.set('cursor', cursor);
  for (const [name, value] of Object.entries(extra)) query.set(name, value);
  return `?${query.toString()}`;
}

/**
 * The search of a company's (or its provider's) presences: the form, a page of results with each presence's
 * receipt number and status (a registered one's with where it stands in its checks: a cancelled presence is no
 * longer checked), a cancel form with its reason for each presence the person may cancel, and the link to the
 * next page.
 */
export function PresenceSearchPage(props: {
  readonly ctx: PageContext;
  readonly form: SearchForm;
  readonly errors: FieldErrors;
  readonly workplaces: readonly Workplace[];
  /** Undefined when the search itself was refused (its errors are next to its fields). */
  readonly results?: SearchResults;
  /** The reason typed in a cancel form that was refused, by presence id. */
  readonly reasons: ReadonlyMap<string, string>;
  /** The presence just cancelled. */
  readonly cancelled?: Presence;
}): JSX.Element {
  const { ctx, form, errors, results } = props;
  const { t } = ctx;
  const searchErrors = ['from', 'to', 'workplaceId', 'worker', 'form'].some((f) => errors.has(f));
  return (
    <Layout ctx={ctx} title={t('admSearchTitle')}>
      <p class="muted">{t('admSearchIntro')}</p>
      {props.cancelled === undefined ? null : (
        <p class="notice" role="status" id="cancelled-notice">
          {t('admCancelledNotice', {
            worker: formatWorker(props.cancelled.worker),
            date: props.cancelled.registrationDate,
            receipt: props.cancelled.receiptNumber,
          })}
        </p>
      )}
      <section aria-labelledby="search-heading">
        <h2 id="search-heading">{t('admSearch')}</h2>
        {searchErrors ? (
          <p class="warning" role="alert">
            {t('formHasErrors')}
          </p>
        ) : null}
        <FieldError errors={errors} name="form" />
        <form method="get" action="/presences" class="stacked search" novalidate>
          <div class="row">
            <div>
              <label for="from">{t('admFrom')}</label>
              <input
                id="from"
                name="from"
                type="date"
                value={form.from}
                {...invalidAttributes(errors, 'from')}
              />
              <FieldError errors={errors} name="from" />
            </div>
            <div>
              <label for="to">{t('admTo')}</label>
              <input id="to" name="to" type="date" value={form.to} {...invalidAttributes(errors, 'to')} />
              <FieldError errors={errors} name="to" />
            </div>
          </div>
          <label for="workplaceId">{t('workplace')}</label>
          <select id="workplaceId" name="workplaceId" {...invalidAttributes(errors, 'workplaceId')}>
            <option value="">{t('admAllWorkplaces')}</option>
            {props.workplaces.map((w) => (
              <option value={w.id} selected={w.id === form.workplaceId}>
                {w.name} ({w.id})
              </option>
            ))}
          </select>
          <FieldError errors={errors} name="workplaceId" />
          <label for="worker">{t('admWorkerFilter')}</label>
          <input
            id="worker"
            name="worker"
            value={form.worker}
            autocomplete="off"
            class="mono"
            {...invalidAttributes(errors, 'worker')}
          />
          <FieldError errors={errors} name="worker" />
          <div class="row">
            <div>
              <label for="status">{t('status')}</label>
              <select id="status" name="status">
                {SEARCH_STATUSES.map((s) => (
                  <option value={s} selected={s === form.status}>
                    {t(STATUS_LABELS[s])}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="limit">{t('admPerPage')}</label>
              <select id="limit" name="limit">
                {SEARCH_PAGE_SIZES.map((n) => (
                  <option value={String(n)} selected={n === form.limit}>
                    {n}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <button type="submit">{t('admSearch')}</button>
        </form>
        {form.workplaceId === '' || !props.workplaces.some((w) => w.id === form.workplaceId) ? null : (
          <p>
            <a href={`/workplaces/${encodeURIComponent(form.workplaceId)}/chain`}>{t('admChain')}</a>
          </p>
        )}
      </section>
      {results === undefined ? null : (
        <Results
          ctx={ctx}
          form={form}
          results={results}
          errors={errors}
          reasons={props.reasons}
          names={new Map(props.workplaces.map((w) => [w.id as string, w.name]))}
        />
      )}
    </Layout>
  );
}

const STATUS_LABELS = {
  all: 'admStatusAll',
  registered: 'admStatusRegistered',
  cancelled: 'admStatusCancelled',
} as const;

function Results(props: {
  readonly ctx: PageContext;
  readonly form: SearchForm;
  readonly results: SearchResults;
  readonly errors: FieldErrors;
  readonly reasons: ReadonlyMap<string, string>;
  readonly names: ReadonlyMap<string, string>;
}): JSX.Element {
  const { ctx, form, results, errors } = props;
  const { t } = ctx;
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">{t('admResults')}</h2>
      {results.rows.length === 0 ? (
        <p>{t('admNoResults')}</p>
      ) : (
        <>
          <p class="muted">
            {t('admPageCount', { count: results.rows.length })} {t('admTimesInBrussels')}
          </p>
          <table class="presences search-results">
            <thead>
              <tr>
                <th scope="col">{t('day')}</th>
                <th scope="col">{t('workplace')}</th>
                <th scope="col">{t('worker')}</th>
                <th scope="col">{t('employer')}</th>
                <th scope="col">{t('channel')}</th>
                <th scope="col">{t('receiptNumber')}</th>
                <th scope="col">{t('registrationId')}</th>
                <th scope="col">{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {results.rows.map(({ presence: p, mayCancel }) => (
                <tr id={`presence-${p.id}`} data-status={p.status}>
                  <td>{p.registrationDate}</td>
                  <td>
                    <a href={`/workplaces/${p.workplaceId}?date=${p.registrationDate}`}>
                      {props.names.get(p.workplaceId) ?? p.workplaceId}
                    </a>
                    <br />
                    <a class="small" href={`/workplaces/${p.workplaceId}/chain`}>
                      {t('admChain')}
                    </a>
                  </td>
                  <td class="mono">{formatWorker(p.worker)}</td>
                  <td class="mono">{formatEnterpriseNumber(p.employer)}</td>
                  <td>{CHANNEL_WORDS[p.channel][ctx.lang]}</td>
                  <td class="mono receipt">{p.receiptNumber}</td>
                  <td class="mono registration-id">{p.registrationId}</td>
                  <td>
                    <PresenceStatus ctx={ctx} presence={p} />
                    {mayCancel || props.reasons.has(p.id) ? (
                      <CancelForm
                        ctx={ctx}
                        presence={p}
                        action={`/presences/${p.id}/cancel${searchQuery(form, results.cursor)}`}
                        reason={props.reasons.get(p.id) ?? ''}
                        errors={errors}
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ValidationHint
            ctx={ctx}
            validations={results.rows.flatMap(({ presence: p }) =>
              p.status === 'REGISTERED' ? [p.validation] : [],
            )}
          />
        </>
      )}
      <nav class="pager" aria-label={t('admResults')}>
        {results.cursor === undefined ? null : (
          <a href={`/presences${searchQuery(form)}`}>{t('admFirstPage')}</a>
        )}
        {results.nextCursor === undefined ? null : (
          <a href={`/presences${searchQuery(form, results.nextCursor)}`} rel="next">
            {t('admNextPage')}
          </a>
        )}
      </nav>
    </section>
  );
}

/** Registered, with where it stands in its checks; or cancelled, when and why (a cancelled one is not checked). */
function PresenceStatus(props: { readonly ctx: PageContext; readonly presence: Presence }): JSX.Element {
  const { ctx, presence } = props;
  const { t } = ctx;
  switch (presence.status) {
    case 'REGISTERED':
      return (
        <>
          <span class="status registered">{t('registered')}</span>
          <ValidationBadge ctx={ctx} validation={presence.validation} />
          <UpstreamBadge ctx={ctx} presence={presence} />
        </>
      );
    case 'CANCELLED':
      return (
        <>
          <span class="status cancelled">{t('cancelled')}</span>{' '}
          <span class="muted">
            {t('admCancelledOn', { time: formatBrusselsTimeIn(presence.cancelledAt, ctx.lang) })}
          </span>
          <p class="note">{presence.cancellationReason}</p>
        </>
      );
  }
}

function CancelForm(props: {
  readonly ctx: PageContext;
  readonly presence: Presence;
  readonly action: string;
  readonly reason: string;
  readonly errors: FieldErrors;
}): JSX.Element {
  const { ctx, presence, errors } = props;
  const { t } = ctx;
  const field = reasonField(presence.id);
  return (
    <form method="post" action={props.action} class="cancel" novalidate>
      <CsrfField ctx={ctx} />
      <label for={field}>{t('admCancelReason')}</label>
      <input
        id={field}
        name="reason"
        value={props.reason}
        autocomplete="off"
        {...invalidAttributes(errors, field)}
      />
      <FieldError errors={errors} name={field} />
      <button type="submit" class="secondary">
        {t('admCancel')}
      </button>
    </form>
  );
}
