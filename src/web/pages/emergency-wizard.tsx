import type { JSX } from 'preact';
import { formatEnterpriseNumber } from '../../domain/enterprise-number.js';
import type { Incident, IncidentEvent } from '../../domain/procedure/incident.js';
import { EVIDENCE_KINDS } from '../../domain/procedure/incident.js';
import { ATTEMPT_CHANNELS, ORIGINS, PROVIDER_OUTCOMES } from '../../domain/procedure/situation.js';
import type { Workplace } from '../../domain/workplace.js';
import type { MessageKey } from '../messages.js';
import { formatBrusselsTimeIn } from '../../domain/brussels-time.js';
import { CsrfField, FieldError, invalidAttributes, Layout } from './layout.js';
import type { FieldErrors, PageContext } from './page-context.js';

/** What the first form of the wizard was sent with. */
export interface EmergencyStartForm {
  readonly workplaceId: string;
  readonly date: string;
  readonly employer: string;
  readonly origin: string;
  readonly coContractor: boolean;
  readonly description: string;
}

/** The wizard's first page: where the problem comes from, in plain words, for which workplace and day. */
export function EmergencyStartPage(props: {
  readonly ctx: PageContext;
  readonly workplaces: readonly Workplace[];
  readonly form: EmergencyStartForm;
  readonly errors: FieldErrors;
  readonly earlier: readonly Incident[];
  /** For a relay: the official registry has not answered long enough that the procedure applies. */
  readonly upstreamDownSince?: string;
}): JSX.Element {
  const { ctx, form, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('emergencyTitle')}>
      {props.upstreamDownSince === undefined ? null : (
        <p class="warning" role="alert" id="upstream-down">
          {t('upstreamDown', { time: formatBrusselsTimeIn(props.upstreamDownSince, ctx.lang) })}
        </p>
      )}
      <p>{t('emergencyIntro')}</p>
      <form method="post" action="/emergency" class="stacked" novalidate>
        <CsrfField ctx={ctx} />
        <label for="workplaceId">{t('workplace')}</label>
        <select id="workplaceId" name="workplaceId" {...invalidAttributes(errors, 'workplaceId')}>
          {props.workplaces.map((w) => (
            <option value={w.id} selected={w.id === form.workplaceId}>
              {w.name} ({w.id})
            </option>
          ))}
        </select>
        <FieldError errors={errors} name="workplaceId" />
        <label for="date">{t('day')}</label>
        <input id="date" name="date" type="date" value={form.date} {...invalidAttributes(errors, 'date')} />
        <FieldError errors={errors} name="date" />
        <label for="employer">{t('employerOfWorkers')}</label>
        <input
          id="employer"
          name="employer"
          inputmode="numeric"
          value={form.employer}
          {...invalidAttributes(errors, 'employer')}
        />
        <FieldError errors={errors} name="employer" />
        <fieldset {...invalidAttributes(errors, 'origin')}>
          <legend>{t('whereFrom')}</legend>
          {ORIGINS.map((origin) => (
            <label class="check">
              <input type="radio" name="origin" value={origin} checked={form.origin === origin} required />
              {t(`origin${origin}`)}
            </label>
          ))}
        </fieldset>
        <FieldError errors={errors} name="origin" />
        <label class="check">
          <input type="checkbox" name="coContractor" value="yes" checked={form.coContractor} />
          {t('coContractorMeans')}
        </label>
        <label for="description">{t('whatHappened')}</label>
        <textarea id="description" name="description" rows={3} {...invalidAttributes(errors, 'description')}>
          {form.description}
        </textarea>
        <FieldError errors={errors} name="description" />
        <button type="submit">{t('startProcedure')}</button>
      </form>
      {props.earlier.length === 0 ? null : (
        <section>
          <h2>{t('earlierIncidents')}</h2>
          <ul>
            {props.earlier.map((i) => (
              <li>
                <a href={`/emergency/incidents/${i.id}`}>
                  {i.workplaceId} · {i.date} · {t(`origin${i.situation.origin}`)}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

/** The wizard at an incident: the decision, its steps, what to record next, and what was done. */
export function IncidentPage(props: {
  readonly ctx: PageContext;
  readonly incident: Incident;
  readonly workplace: Workplace;
  readonly errors: FieldErrors;
  /** Which form the errors are about, to show them there. */
  readonly errorsOf?: string;
}): JSX.Element {
  const { ctx, incident, errors } = props;
  const { t, lang } = ctx;
  const { decision, situation } = incident;
  const base = `/emergency/incidents/${incident.id}`;
  const formErrors = (form: string) => (props.errorsOf === form ? errors : new Map<string, string[]>());
  return (
    <Layout ctx={ctx} title={t('incidentTitle', { workplace: props.workplace.name, date: incident.date })}>
      <p class="muted">
        {t('workplaceId')}: <span class="mono">{incident.workplaceId}</span> · {t('employer')}:{' '}
        <span class="mono">{formatEnterpriseNumber(incident.employer)}</span> ·{' '}
        {t(`origin${situation.origin}`)}
      </p>
      <section
        class={`decision ${decision.exempt ? 'exempt' : 'not-exempt'}`}
        data-outcome={decision.outcome}
      >
        <p class="banner">
          <strong>{decision.exempt ? t('exemptBanner') : t('notExemptBanner')}</strong>
        </p>
        {decision.verification === undefined ? null : (
          <p>{t(`verification${decision.verification.status}`)}</p>
        )}
        {situation.referenceNumber === undefined ? null : (
          <p class="reference">
            {t('referenceIs', { reference: '' })}
            <strong class="mono" data-reference>
              {situation.referenceNumber}
            </strong>
          </p>
        )}
        <h2>{t('whatToDo')}</h2>
        <ol class="steps">
          {decision.nextSteps.map((s) => (
            <li data-step={s.code}>{s.text[lang]}</li>
          ))}
        </ol>
        {(decision.questions ?? []).length === 0 ? null : (
          <>
            <h2>{t('questionsToAsk')}</h2>
            <ul>
              {(decision.questions ?? []).map((q) => (
                <li>{q.text[lang]}</li>
              ))}
            </ul>
          </>
        )}
      </section>
      <Actions ctx={ctx} incident={incident} base={base} errorsOf={formErrors} />
      <section>
        <h2>{t('whatWasDone')}</h2>
        <ul class="events">
          <li>
            {t('reported')} — {formatBrusselsTimeIn(incident.reportedAt, lang)}
          </li>
          {incident.events.map((e) => (
            <li>
              {t(`event${e.type}`)} — {formatBrusselsTimeIn(e.at, lang)}
              {eventDetail(ctx, e)}
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

function eventDetail(ctx: PageContext, e: IncidentEvent): string {
  const { t } = ctx;
  switch (e.type) {
    case 'PROVIDER_CONTACTED':
      return ` — ${t(`provider${e.outcome}`)}`;
    case 'CHANNEL_TRIED':
      return ` — ${t(`channel${e.channel}`)}, ${t(`result${e.result}`)}${e.error === undefined ? '' : ` (${e.error})`}`;
    case 'REGISTERED_OTHER_CHANNEL':
      return ` — ${t(`channel${e.channel}`)}`;
    case 'REFERENCE_OBTAINED':
      return ` — ${e.referenceNumber}`;
    case 'EVIDENCE_ADDED':
      return ` — ${t(`evidence${e.evidence.kind}`)} — ${e.evidence.description}`;
    case 'ORIGIN_IDENTIFIED':
      return ` — ${t(`origin${e.origin}`)}`;
  }
}

/** The forms the decision calls for now: each records one fact, and the decision is taken again. */
function Actions(props: {
  readonly ctx: PageContext;
  readonly incident: Incident;
  readonly base: string;
  readonly errorsOf: (form: string) => FieldErrors;
}): JSX.Element {
  const { ctx, incident, base } = props;
  const { t } = ctx;
  const outcome = incident.decision.outcome;
  const event = (type: string, form: string, fields: JSX.Element, label: MessageKey) => {
    const errors = props.errorsOf(form);
    return (
      <section>
        <form method="post" action={`${base}/events`} class="stacked" novalidate data-form={form}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="type" value={type} />
          <input type="hidden" name="form" value={form} />
          {fields}
          <FieldError errors={errors} name="event" />
          <button type="submit">{t(label)}</button>
        </form>
      </section>
    );
  };
  const errorsOf = props.errorsOf;
  return (
    <>
      {outcome === 'CONTACT_PROVIDER'
        ? event(
            'PROVIDER_CONTACTED',
            'provider',
            <fieldset>
              <legend>{t('providerContactedForm')}</legend>
              {PROVIDER_OUTCOMES.map((o, i) => (
                <label class="check">
                  <input type="radio" name="outcome" value={o} checked={i === 1} />
                  {t(`provider${o}`)}
                </label>
              ))}
            </fieldset>,
            'record',
          )
        : null}
      {outcome === 'TRY_OTHER_CHANNEL'
        ? event(
            'CHANNEL_TRIED',
            'channel',
            <fieldset>
              <legend>{t('channelTriedForm')}</legend>
              <label for="channel">{t('channel')}</label>
              <select id="channel" name="channel">
                {ATTEMPT_CHANNELS.map((c) => (
                  <option value={c}>{t(`channel${c}`)}</option>
                ))}
              </select>
              {(['FAILED', 'OK'] as const).map((r) => (
                <label class="check">
                  <input type="radio" name="result" value={r} checked={r === 'FAILED'} />
                  {t(`result${r}`)}
                </label>
              ))}
              <label for="error">{t('errorSeen')}</label>
              <input id="error" name="error" {...invalidAttributes(errorsOf('channel'), 'error')} />
              <FieldError errors={errorsOf('channel')} name="error" />
            </fieldset>,
            'record',
          )
        : null}
      {outcome === 'CALL_CONTACT_CENTER' || outcome === 'USE_CONTACT_FORM'
        ? event(
            'REFERENCE_OBTAINED',
            'reference',
            <>
              <label for="referenceNumber">{t('referenceForm')}</label>
              <input
                id="referenceNumber"
                name="referenceNumber"
                autocapitalize="characters"
                autocomplete="off"
                placeholder="XXXX-XXXX"
                {...invalidAttributes(errorsOf('reference'), 'referenceNumber')}
              />
              <FieldError errors={errorsOf('reference')} name="referenceNumber" />
            </>,
            'record',
          )
        : null}
      {outcome === 'CALL_CONTACT_CENTER' || outcome === 'USE_CONTACT_FORM' ? (
        <ContactForm ctx={ctx} base={base} errors={errorsOf('contact')} />
      ) : null}
      {outcome === 'FILL_PAPER_LISTING' ? (
        <section>
          <form method="post" action={`${base}/listing`} class="inline">
            <CsrfField ctx={ctx} />
            <button type="submit">{t('printListing')}</button>
          </form>
          <FieldError errors={errorsOf('listing')} name="listing" />
        </section>
      ) : null}
      {incident.situation.origin === 'UNKNOWN'
        ? event(
            'ORIGIN_IDENTIFIED',
            'origin',
            <>
              <label for="origin">{t('originNowKnown')}</label>
              <select id="origin" name="origin">
                {ORIGINS.filter((o) => o !== 'UNKNOWN').map((o) => (
                  <option value={o}>{t(`origin${o}`)}</option>
                ))}
              </select>
            </>,
            'record',
          )
        : null}
      {outcome !== 'RESOLVED'
        ? event(
            'EVIDENCE_ADDED',
            'evidence',
            <fieldset>
              <legend>{t('evidenceForm')}</legend>
              <label for="evidenceKind">{t('evidenceKind')}</label>
              <select id="evidenceKind" name="evidenceKind">
                {EVIDENCE_KINDS.filter((k) => k !== 'AGENT_LOG').map((k) => (
                  <option value={k}>{t(`evidence${k}`)}</option>
                ))}
              </select>
              <label for="evidenceDescription">{t('evidenceDescription')}</label>
              <input
                id="evidenceDescription"
                name="evidenceDescription"
                {...invalidAttributes(errorsOf('evidence'), 'evidenceDescription')}
              />
              <FieldError errors={errorsOf('evidence')} name="evidenceDescription" />
              <label for="evidenceReference">{t('evidenceReference')}</label>
              <input id="evidenceReference" name="evidenceReference" />
            </fieldset>,
            'record',
          )
        : null}
    </>
  );
}

/** The contact center's form: at any hour, the reference number comes back at once. */
function ContactForm(props: {
  readonly ctx: PageContext;
  readonly base: string;
  readonly errors: FieldErrors;
}) {
  const { ctx, errors } = props;
  const { t } = ctx;
  return (
    <section>
      <h2>{t('contactFormTitle')}</h2>
      <form method="post" action={`${props.base}/contact-form`} class="stacked" novalidate>
        <CsrfField ctx={ctx} />
        <label for="contactName">{t('contactName')}</label>
        <input
          id="contactName"
          name="contactName"
          autocomplete="name"
          {...invalidAttributes(errors, 'contactName')}
        />
        <FieldError errors={errors} name="contactName" />
        <label for="contactPhone">{t('contactPhone')}</label>
        <input
          id="contactPhone"
          name="contactPhone"
          type="tel"
          {...invalidAttributes(errors, 'contactPhone')}
        />
        <FieldError errors={errors} name="contactPhone" />
        <label for="contactEmail">{t('contactEmail')}</label>
        <input
          id="contactEmail"
          name="contactEmail"
          type="email"
          {...invalidAttributes(errors, 'contactEmail')}
        />
        <FieldError errors={errors} name="contactEmail" />
        <label for="problem">{t('problemDescription')}</label>
        <textarea id="problem" name="problem" rows={3} {...invalidAttributes(errors, 'problem')} />
        <FieldError errors={errors} name="problem" />
        <FieldError errors={errors} name="form" />
        <button type="submit">{t('sendContactForm')}</button>
      </form>
    </section>
  );
}
