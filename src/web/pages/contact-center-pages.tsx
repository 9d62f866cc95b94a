import type { JSX } from 'preact';
import type { IncidentSummary } from '../../app/incident-inbox.js';
import type { ContactReference } from '../../domain/contact-reference.js';
import { formatBrusselsTime } from '../../domain/brussels-time.js';
import { formatEnterpriseNumber } from '../../domain/enterprise-number.js';
import { ORIGIN_WORDS, OUTCOME_WORDS } from '../messages/consoles.js';
import { CsrfField, FieldError, invalidAttributes, Layout } from './layout.js';
import type { FieldErrors, PageContext } from './page-context.js';

/** The spans of days the contact center's lists cover, the day chosen being the last. */
export const CONTACT_CENTER_SPANS = [1, 3, 7] as const;

/** The days the lists cover: a day, and how many days up to it. */
export interface ContactCenterPeriod {
  readonly day: string;
  readonly days: number;
  readonly from: string;
}

/** What the form to issue a reference was sent with (or is filled in with), field by field. */
export interface IssueReferenceForm {
  readonly enterprise: string;
  readonly workplaceId: string;
  readonly date: string;
  readonly note: string;
  readonly contactName: string;
  readonly contactPhone: string;
  readonly contactEmail: string;
  readonly incidentId: string;
}

/** What came in at the contact center in the period. */
export interface ContactCenterInbox {
  readonly contactForms: readonly ContactReference[];
  readonly phoneReferences: readonly ContactReference[];
  readonly incidents: readonly IncidentSummary[];
  /** Whether a list was cut at its limit (the latest ones shown). */
  readonly references: { readonly count: number; readonly limit: number };
  readonly incidentLimit: number;
}

/**
 * The contact center's console: the reference just issued (to read out on the phone), the form to issue one
 * after a call, and what came in over the period — contact forms, incidents, references given by phone.
 */
export function ContactCenterPage(props: {
  readonly ctx: PageContext;
  readonly period: ContactCenterPeriod;
  readonly periodErrors: FieldErrors;
  readonly inbox: ContactCenterInbox;
  readonly form: IssueReferenceForm;
  readonly errors: FieldErrors;
  readonly issued?: ContactReference;
}): JSX.Element {
  const { ctx, period, inbox } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('ccTitle')}>
      <p class="muted">{t('ccIntro')}</p>
      {props.issued === undefined ? null : <Issued ctx={ctx} reference={props.issued} />}
      <IssueForm ctx={ctx} form={props.form} errors={props.errors} period={period} />
      <form method="get" action="/contact-center" class="inline period" novalidate>
        <label for="day">{t('ccPeriodDay')}</label>
        <input
          id="day"
          name="day"
          type="date"
          value={period.day}
          {...invalidAttributes(props.periodErrors, 'day')}
        />
        <label for="days">{t('ccPeriodSpan')}</label>
        <select id="days" name="days">
          {CONTACT_CENTER_SPANS.map((n) => (
            <option value={String(n)} selected={n === period.days}>
              {n === 1 ? t('ccSpanOne') : t('ccSpanMany', { n })}
            </option>
          ))}
        </select>
        <button type="submit">{t('ccShow')}</button>
      </form>
      <FieldError errors={props.periodErrors} name="day" />
      <p class="muted">
        {t('ccShowing', { from: period.from, to: period.day })} {t('consoleTimesInBrussels')}
      </p>
      <ContactForms ctx={ctx} references={inbox.contactForms} />
      <Incidents ctx={ctx} incidents={inbox.incidents} period={period} limit={inbox.incidentLimit} />
      <PhoneReferences ctx={ctx} references={inbox.phoneReferences} />
      {inbox.references.count >= inbox.references.limit ? (
        <p class="notice">{t('consoleLimitReached', { count: inbox.references.limit })}</p>
      ) : null}
    </Layout>
  );
}

/** The reference just issued, large, to read out to the caller. */
function Issued(props: { readonly ctx: PageContext; readonly reference: ContactReference }): JSX.Element {
  const { ctx, reference } = props;
  const { t } = ctx;
  return (
    <section class="issued" role="status" aria-labelledby="issued-heading">
      <h2 id="issued-heading">{t('ccIssuedTitle')}</h2>
      <p class="reference-number mono" id="issued-reference">
        {reference.number}
      </p>
      <p>
        {t('ccIssuedFor', {
          enterprise: formatEnterpriseNumber(reference.enterprise),
          workplace: reference.workplaceId,
          date: reference.date,
        })}
      </p>
      <p>{t('ccReadOut')}</p>
    </section>
  );
}

function IssueForm(props: {
  readonly ctx: PageContext;
  readonly form: IssueReferenceForm;
  readonly errors: FieldErrors;
  readonly period: ContactCenterPeriod;
}): JSX.Element {
  const { ctx, form, errors } = props;
  const { t } = ctx;
  const text = (name: keyof IssueReferenceForm, label: Parameters<typeof t>[0], extra = {}) => (
    <>
      <label for={name}>{t(label)}</label>
      <input id={name} name={name} value={form[name]} {...extra} {...invalidAttributes(errors, name)} />
      <FieldError errors={errors} name={name} />
    </>
  );
  const action = `/contact-center/references?day=${props.period.day}&days=${props.period.days}`;
  return (
    <section aria-labelledby="issue-heading">
      <h2 id="issue-heading">{t('ccIssueTitle')}</h2>
      <p class="muted">{t('ccIssueIntro')}</p>
      {errors.size === 0 ? null : (
        <p class="warning" role="alert">
          {t('formHasErrors')}
        </p>
      )}
      <FieldError errors={errors} name="form" />
      <form method="post" action={action} class="stacked" novalidate>
        <CsrfField ctx={ctx} />
        {text('enterprise', 'ccEnterprise', { inputmode: 'numeric', autocomplete: 'off' })}
        {text('workplaceId', 'ccWorkplace', { autocomplete: 'off', autocapitalize: 'characters' })}
        <label for="date">{t('ccDate')}</label>
        <input id="date" name="date" type="date" value={form.date} {...invalidAttributes(errors, 'date')} />
        <FieldError errors={errors} name="date" />
        <label for="note">{t('ccNote')}</label>
        <textarea id="note" name="note" rows={3} {...invalidAttributes(errors, 'note')}>
          {form.note}
        </textarea>
        <FieldError errors={errors} name="note" />
        {text('contactName', 'ccContactName', { autocomplete: 'off' })}
        {text('contactPhone', 'ccContactPhone', { type: 'tel', autocomplete: 'off' })}
        {text('contactEmail', 'ccContactEmail', { type: 'email', autocomplete: 'off' })}
        {text('incidentId', 'ccIncidentId', { autocomplete: 'off', class: 'mono' })}
        <button type="submit">{t('ccIssue')}</button>
      </form>
    </section>
  );
}

function ContactForms(props: {
  readonly ctx: PageContext;
  readonly references: readonly ContactReference[];
}): JSX.Element {
  const { t } = props.ctx;
  return (
    <section aria-labelledby="contact-forms-heading">
      <h2 id="contact-forms-heading">{t('ccContactForms')}</h2>
      {props.references.length === 0 ? (
        <p>{t('ccNoContactForms')}</p>
      ) : (
        <>
          <p class="muted">{t('ccContactFormsIntro')}</p>
          <ReferenceTable ctx={props.ctx} references={props.references} id="contact-forms" />
        </>
      )}
    </section>
  );
}

function PhoneReferences(props: {
  readonly ctx: PageContext;
  readonly references: readonly ContactReference[];
}): JSX.Element {
  const { t } = props.ctx;
  return (
    <section aria-labelledby="phone-references-heading">
      <h2 id="phone-references-heading">{t('ccPhoneReferences')}</h2>
      {props.references.length === 0 ? (
        <p>{t('ccNoPhoneReferences')}</p>
      ) : (
        <ReferenceTable ctx={props.ctx} references={props.references} id="phone-references" />
      )}
    </section>
  );
}

function ReferenceTable(props: {
  readonly ctx: PageContext;
  readonly references: readonly ContactReference[];
  readonly id: string;
}): JSX.Element {
  const { t } = props.ctx;
  return (
    <table class="console" id={props.id}>
      <thead>
        <tr>
          <th scope="col">{t('consoleReferenceNumber')}</th>
          <th scope="col">{t('consoleReceivedAt')}</th>
          <th scope="col">{t('consoleCompany')}</th>
          <th scope="col">{t('workplaceId')}</th>
          <th scope="col">{t('day')}</th>
          <th scope="col">{t('consoleNote')}</th>
          <th scope="col">{t('consoleContact')}</th>
        </tr>
      </thead>
      <tbody>
        {props.references.map((r) => (
          <tr>
            <td class="mono refnum">{r.number}</td>
            <td>{formatBrusselsTime(r.issuedAt)}</td>
            <td class="mono">{formatEnterpriseNumber(r.enterprise)}</td>
            <td class="mono">{r.workplaceId}</td>
            <td>{r.date}</td>
            <td class="note">{r.note}</td>
            <td>
              {r.contact === undefined ? null : (
                <>
                  {r.contact.name}
                  {r.contact.phone === undefined ? null : (
                    <>
                      <br />
                      <a href={`tel:${r.contact.phone.replace(/[^0-9+]/gu, '')}`}>{r.contact.phone}</a>
                    </>
                  )}
                  {r.contact.email === undefined ? null : (
                    <>
                      <br />
                      <a href={`mailto:${r.contact.email}`}>{r.contact.email}</a>
                    </>
                  )}
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Incidents(props: {
  readonly ctx: PageContext;
  readonly incidents: readonly IncidentSummary[];
  readonly period: ContactCenterPeriod;
  readonly limit: number;
}): JSX.Element {
  const { ctx, period } = props;
  const { t, lang } = ctx;
  return (
    <section aria-labelledby="incidents-heading">
      <h2 id="incidents-heading">{t('ccIncidents')}</h2>
      {props.incidents.length === 0 ? (
        <p>{t('ccNoIncidents')}</p>
      ) : (
        <table class="console" id="incidents">
          <thead>
            <tr>
              <th scope="col">{t('consoleReportedAt')}</th>
              <th scope="col">{t('employer')}</th>
              <th scope="col">{t('workplaceId')}</th>
              <th scope="col">{t('day')}</th>
              <th scope="col">{t('consoleOrigin')}</th>
              <th scope="col">{t('consoleDecision')}</th>
              <th scope="col">{t('consoleReferenceObtained')}</th>
            </tr>
          </thead>
          <tbody>
            {props.incidents.map((i) => (
              <tr>
                <td>{formatBrusselsTime(i.reportedAt)}</td>
                <td>
                  <span class="mono">{formatEnterpriseNumber(i.employer)}</span>
                  {i.reportedBy.enterprise === i.employer ? null : (
                    <span class="muted">
                      {' '}
                      ← <span class="mono">{formatEnterpriseNumber(i.reportedBy.enterprise)}</span>
                      {i.reportedBy.role === 'provider' ? ` (${t('consoleByProvider')})` : ''}
                    </span>
                  )}
                  {i.description === undefined ? null : <p class="note">{i.description}</p>}
                </td>
                <td class="mono">{i.workplaceId}</td>
                <td>{i.date}</td>
                <td>{ORIGIN_WORDS[i.origin][lang]}</td>
                <td class={i.exempt ? 'exempt' : undefined}>{OUTCOME_WORDS[i.outcome][lang]}</td>
                <td>
                  {i.referenceNumber === undefined ? (
                    <>
                      <span class="muted">{t('consoleNotYet')}</span>
                      {i.exempt ? null : (
                        <>
                          <br />
                          <a
                            href={`/contact-center?day=${period.day}&days=${period.days}&incident=${encodeURIComponent(i.id)}#issue-heading`}
                          >
                            {t('ccIssueForIncident')}
                          </a>
                        </>
                      )}
                    </>
                  ) : (
                    <span class="mono refnum">{i.referenceNumber}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.incidents.length >= props.limit ? (
        <p class="notice">{t('consoleLimitReached', { count: props.limit })}</p>
      ) : null}
    </section>
  );
}
