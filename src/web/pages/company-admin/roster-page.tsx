import type { JSX } from 'preact';
import { formatEnterpriseNumber, type EnterpriseNumber } from '../../../domain/enterprise-number.js';
import type { RosterEntry } from '../../../domain/roster.js';
import { formatWorker, workerKey, type Worker } from '../../../domain/worker.js';
import { CsrfField, FieldError, invalidAttributes, Layout } from '../layout.js';
import type { FieldErrors, PageContext } from '../page-context.js';

/** What the form to add a worker was sent with (or is filled in with), as typed. */
export interface RosterForm {
  readonly worker: string;
  readonly lastName: string;
  readonly firstName: string;
}

/** An empty form to add a worker. */
export const EMPTY_ROSTER_FORM: RosterForm = { worker: '', lastName: '', firstName: '' };

/** What was just done to the roster, said above it. */
export type RosterNotice = 'added' | 'removed';

/** A worker as the remove buttons name it: the kind of number and its digits (`NISS:85073003328`). */
export function rosterKey(worker: Worker): string {
  const key = workerKey(worker);
  return `${key.kind}:${key.id}`;
}

/** The query string that names whose roster it is, for a provider (`?enterprise=…`); none for a company. */
export function rosterQuery(
  enterprise: string | undefined,
  extra: Readonly<Record<string, string>> = {},
): string {
  const query = new URLSearchParams(enterprise === undefined ? {} : { enterprise });
  for (const [name, value] of Object.entries(extra)) query.set(name, value);
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * A company's roster: its workers (number and names) with a button to remove each, and the form to add one. A
 * provider first chooses which of the companies that mandated it the roster is of.
 */
export function RosterPage(props: {
  readonly ctx: PageContext;
  /** Whose roster is shown; undefined while a provider has not chosen. */
  readonly enterprise?: EnterpriseNumber;
  /** For a provider: the companies it acts for, to choose from. Empty for a company. */
  readonly companies: readonly EnterpriseNumber[];
  /** For a provider: the company it named, chosen in the list. */
  readonly chosen: string;
  readonly chooserErrors: FieldErrors;
  readonly roster: readonly RosterEntry[];
  readonly form: RosterForm;
  readonly errors: FieldErrors;
  /** For a provider: the company whose roster it keeps, named in the forms' addresses. */
  readonly forCompany?: EnterpriseNumber;
  readonly notice?: RosterNotice;
}): JSX.Element {
  const { ctx, enterprise } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admRosterTitle')}>
      <p class="muted">{t('admRosterIntro')}</p>
      {props.notice === undefined ? null : (
        <p class="notice" role="status" id="roster-notice">
          {t(props.notice === 'added' ? 'admWorkerAdded' : 'admWorkerRemoved')}
        </p>
      )}
      {props.companies.length === 0 && enterprise === undefined ? <p>{t('admNoMandators')}</p> : null}
      {props.companies.length === 0 ? null : (
        <form method="get" action="/roster" class="inline" novalidate>
          <label for="enterprise">{t('admActingFor')}</label>
          <select id="enterprise" name="enterprise" {...invalidAttributes(props.chooserErrors, 'enterprise')}>
            {enterprise === undefined ? <option value="">—</option> : null}
            {props.companies.map((c) => (
              <option value={c} selected={c === props.chosen}>
                {formatEnterpriseNumber(c)}
              </option>
            ))}
          </select>
          <button type="submit">{t('admOpen')}</button>
        </form>
      )}
      <FieldError errors={props.chooserErrors} name="enterprise" />
      {enterprise === undefined ? (
        props.companies.length === 0 ? null : (
          <p>{t('admChooseCompany')}</p>
        )
      ) : (
        <>
          <p>{t('admRosterOf', { enterprise: formatEnterpriseNumber(enterprise) })}</p>
          <Roster ctx={ctx} roster={props.roster} owner={props.forCompany} />
          <AddWorker ctx={ctx} form={props.form} errors={props.errors} owner={props.forCompany} />
        </>
      )}
    </Layout>
  );
}

function Roster(props: {
  readonly ctx: PageContext;
  readonly roster: readonly RosterEntry[];
  readonly owner: EnterpriseNumber | undefined;
}): JSX.Element {
  const { ctx, roster } = props;
  const { t } = ctx;
  return (
    <section aria-labelledby="roster-heading">
      <h2 id="roster-heading">{t('navRoster')}</h2>
      {roster.length === 0 ? (
        <p>{t('admRosterEmpty')}</p>
      ) : (
        <>
          <p class="muted">{t('admRosterCount', { count: roster.length })}</p>
          <table class="presences roster">
            <thead>
              <tr>
                <th scope="col">{t('admNumber')}</th>
                <th scope="col">{t('admLastName')}</th>
                <th scope="col">{t('admFirstName')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('admRemove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {roster.map((r) => (
                <tr>
                  <td class="mono">{formatWorker(r.worker)}</td>
                  <td>{r.lastName}</td>
                  <td>{r.firstName}</td>
                  <td>
                    <form
                      method="post"
                      action={`/roster/workers/remove${rosterQuery(props.owner)}`}
                      class="inline"
                    >
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="worker" value={rosterKey(r.worker)} />
                      <button
                        type="submit"
                        class="secondary"
                        aria-label={t('admRemoveWorker', { name: `${r.firstName} ${r.lastName}` })}
                      >
                        {t('admRemove')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function AddWorker(props: {
  readonly ctx: PageContext;
  readonly form: RosterForm;
  readonly errors: FieldErrors;
  readonly owner: EnterpriseNumber | undefined;
}): JSX.Element {
  const { ctx, form, errors } = props;
  const { t } = ctx;
  const field = (name: keyof RosterForm, label: Parameters<typeof t>[0], extra = {}) => (
    <>
      <label for={name}>{t(label)}</label>
      <input
        id={name}
        name={name}
        value={form[name]}
        autocomplete="off"
        {...extra}
        {...invalidAttributes(errors, name)}
      />
      <FieldError errors={errors} name={name} />
    </>
  );
  return (
    <section aria-labelledby="add-worker-heading">
      <h2 id="add-worker-heading">{t('admAddWorker')}</h2>
      {errors.size === 0 ? null : (
        <p class="warning" role="alert">
          {t('formHasErrors')}
        </p>
      )}
      <FieldError errors={errors} name="form" />
      <form method="post" action={`/roster/workers${rosterQuery(props.owner)}`} class="stacked" novalidate>
        <CsrfField ctx={ctx} />
        {field('worker', 'workerNumber', { class: 'mono' })}
        {field('lastName', 'admLastName')}
        {field('firstName', 'admFirstName')}
        <button type="submit">{t('admAdd')}</button>
      </form>
    </section>
  );
}
