import type { JSX } from 'preact';
import { outagesOfDay, type InspectionDossier } from '../../../app/inspection-dossier.js';
import { formatEnterpriseNumber } from '../../../domain/enterprise-number.js';
import type { Verdict } from '../../../domain/procedure/verdict.js';
import { formatWorker } from '../../../domain/worker.js';
import {
  CHANNEL_WORDS,
  EVIDENCE_WORDS,
  ORIGIN_WORDS,
  OUTAGE_CAUSE_WORDS,
  OUTCOME_WORDS,
  SOURCE_WORDS,
  VERDICT_WORDS,
  VERIFICATION_WORDS,
  VERIFIER_WORDS,
} from '../../messages/consoles.js';
import { formatBrusselsTime } from '../../../domain/brussels-time.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { UpstreamBadge } from '../upstream-badge.js';
import { ValidationBadge } from '../validation-badge.js';
import { DayForm, dossierPath } from './inspection-search-page.js';

/**
 * A workplace's day as the inspection dossier holds it: the verdict per employer first, then what it rests on —
 * presences (each with where it stands in its checks, which the verdicts do not weigh), incidents with their
 * decisions and evidence, references, paper listings and their lines, and the registry's own availability — with
 * the dossier as PDF and CSV.
 */
export function InspectionDossierPage(props: {
  readonly ctx: PageContext;
  readonly dossier: InspectionDossier;
}): JSX.Element {
  const { ctx, dossier } = props;
  const { t } = ctx;
  const { workplace } = dossier;
  const a = workplace.address;
  const path = dossierPath(workplace.id, dossier.date);
  return (
    <Layout ctx={ctx} title={t('inspDossierTitle', { workplace: workplace.name, date: dossier.date })}>
      <dl class="facts">
        <dt>{t('workplaceId')}</dt>
        <dd class="mono">{workplace.id}</dd>
        <dt>{t('inspAddress')}</dt>
        <dd>
          {a.street}, {a.postalCode} {a.city}
        </dd>
        <dt>{t('inspDeclarant')}</dt>
        <dd class="mono">{formatEnterpriseNumber(workplace.declarant)}</dd>
        <dt>{t('inspPeriod')}</dt>
        <dd>
          {workplace.startDate} → {workplace.endDate}
        </dd>
        <dt>{t('inspPermanent')}</dt>
        <dd>{workplace.permanentlyWithoutInfrastructure ? t('consoleYes') : t('consoleNo')}</dd>
        {dossier.contractors.length === 0 ? null : (
          <>
            <dt>{t('inspChain')}</dt>
            <dd>
              <ul class="chain">
                {dossier.contractors.map((l) => (
                  <li class="mono">
                    {t('inspChainLink', {
                      enterprise: formatEnterpriseNumber(l.enterprise),
                      parent: formatEnterpriseNumber(l.parent),
                    })}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      <div class="dossier-tools">
        <DayForm
          ctx={ctx}
          form={{ workplaceId: workplace.id, date: dossier.date }}
          errors={new Map()}
          hiddenWorkplace
        />
        <p class="exports">
          <span>{t('inspExports')}</span> <a href={`${path}.pdf`}>{t('inspPdf')}</a>{' '}
          <a href={`${path}.csv`}>{t('inspCsv')}</a>
        </p>
      </div>
      <p class="muted">
        {t('inspGeneratedAt', { at: formatBrusselsTime(dossier.generatedAt) })} {t('consoleTimesInBrussels')}
      </p>
      {dossier.truncated ? <p class="notice">{t('inspTruncated')}</p> : null}
      <Verdicts ctx={ctx} verdicts={dossier.verdicts} />
      <Presences ctx={ctx} dossier={dossier} />
      <Incidents ctx={ctx} dossier={dossier} />
      <References ctx={ctx} dossier={dossier} />
      <Listings ctx={ctx} dossier={dossier} />
      <Availability ctx={ctx} dossier={dossier} />
    </Layout>
  );
}

function Verdicts(props: { readonly ctx: PageContext; readonly verdicts: readonly Verdict[] }): JSX.Element {
  const { t, lang } = props.ctx;
  return (
    <section aria-labelledby="verdicts-heading">
      <h2 id="verdicts-heading">{t('inspVerdicts')}</h2>
      <table class="console" id="verdicts">
        <thead>
          <tr>
            <th scope="col">{t('employer')}</th>
            <th scope="col">{t('inspVerdict')}</th>
            <th scope="col">{t('inspDetail')}</th>
          </tr>
        </thead>
        <tbody>
          {props.verdicts.map((v) => (
            <tr>
              <td class="mono">{formatEnterpriseNumber(v.employer)}</td>
              <td>
                <span
                  class={`verdict verdict-${v.verdict.toLowerCase().replace(/_/gu, '-')}`}
                  data-verdict={v.verdict}
                >
                  {VERDICT_WORDS[v.verdict][lang]}
                </span>
              </td>
              <td>
                {v.detail[lang]}
                {v.verification === undefined ? null : (
                  <p class="muted">
                    {t('inspVerificationIs', {
                      how: `${VERIFICATION_WORDS[v.verification.status][lang]} ${VERIFIER_WORDS[v.verification.by][lang]}`,
                    })}
                  </p>
                )}
                <p class="muted">
                  {t('inspCounts', {
                    registered: v.counts.registered,
                    paper: v.counts.paperLines,
                    cancelled: v.counts.cancelled,
                  })}
                </p>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Presences(props: { readonly ctx: PageContext; readonly dossier: InspectionDossier }): JSX.Element {
  const { t, lang } = props.ctx;
  const { presences, cancellations } = props.dossier;
  return (
    <section aria-labelledby="presences-heading">
      <h2 id="presences-heading">{t('inspPresences')}</h2>
      {presences.length === 0 ? (
        <p>{t('inspNoPresences')}</p>
      ) : (
        <table class="console presences" id="presences">
          <thead>
            <tr>
              <th scope="col">{t('worker')}</th>
              <th scope="col">{t('employer')}</th>
              <th scope="col">{t('channel')}</th>
              <th scope="col">{t('receiptNumber')}</th>
              <th scope="col">{t('registrationId')}</th>
              <th scope="col">{t('inspPaperReference')}</th>
              <th scope="col">{t('inspRegisteredAt')}</th>
              <th scope="col">{t('validation')}</th>
            </tr>
          </thead>
          <tbody>
            {presences.map((p) => (
              <tr>
                <td class="mono">{formatWorker(p.worker)}</td>
                <td class="mono">{formatEnterpriseNumber(p.employer)}</td>
                <td>{CHANNEL_WORDS[p.channel][lang]}</td>
                <td class="mono receipt">{p.receiptNumber}</td>
                <td class="mono registration-id">{p.registrationId}</td>
                <td class="mono">{p.referenceNumber ?? ''}</td>
                <td>{formatBrusselsTime(p.createdAt)}</td>
                <td>
                  <ValidationBadge ctx={props.ctx} validation={p.validation} />
                  <UpstreamBadge ctx={props.ctx} presence={p} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cancellations.length === 0 ? null : (
        <>
          <h3>{t('inspCancellations')}</h3>
          <table class="console presences" id="cancellations">
            <thead>
              <tr>
                <th scope="col">{t('worker')}</th>
                <th scope="col">{t('employer')}</th>
                <th scope="col">{t('receiptNumber')}</th>
                <th scope="col">{t('registrationId')}</th>
                <th scope="col">{t('inspCancelledAt')}</th>
                <th scope="col">{t('inspReason')}</th>
              </tr>
            </thead>
            <tbody>
              {cancellations.map((p) => (
                <tr>
                  <td class="mono">{formatWorker(p.worker)}</td>
                  <td class="mono">{formatEnterpriseNumber(p.employer)}</td>
                  <td class="mono">{p.receiptNumber}</td>
                  <td class="mono registration-id">{p.registrationId}</td>
                  <td>{p.status === 'CANCELLED' ? formatBrusselsTime(p.cancelledAt) : ''}</td>
                  <td>{p.status === 'CANCELLED' ? p.cancellationReason : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Incidents(props: { readonly ctx: PageContext; readonly dossier: InspectionDossier }): JSX.Element {
  const { t, lang } = props.ctx;
  const { incidents } = props.dossier;
  return (
    <section aria-labelledby="incidents-heading">
      <h2 id="incidents-heading">{t('inspIncidents')}</h2>
      {incidents.length === 0 ? <p>{t('inspNoIncidents')}</p> : null}
      {incidents.map((i) => (
        <article class="incident" id={`incident-${i.id}`}>
          <h3>
            <span class="mono">{formatEnterpriseNumber(i.employer)}</span> —{' '}
            {ORIGIN_WORDS[i.situation.origin][lang]}
          </h3>
          <p class="muted">
            {t('inspReportedBy', {
              at: formatBrusselsTime(i.reportedAt),
              enterprise: formatEnterpriseNumber(i.reportedBy.enterprise),
            })}
            {i.reportedBy.role === 'provider' ? ` (${t('consoleByProvider')})` : ''} ·{' '}
            <span class="mono">{i.id}</span>
          </p>
          {i.description === undefined ? null : <p class="note">{i.description}</p>}
          <dl class="facts">
            <dt>{t('consoleDecision')}</dt>
            <dd>{OUTCOME_WORDS[i.decision.outcome][lang]}</dd>
            <dt>{t('inspExempt')}</dt>
            <dd>
              {i.decision.exempt
                ? `${t('consoleYes')}${i.decision.ground === undefined ? '' : ` — ${ORIGIN_WORDS[i.decision.ground][lang]}`}`
                : t('consoleNo')}
            </dd>
            {i.decision.verification === undefined ? null : (
              <>
                <dt>{t('inspVerification')}</dt>
                <dd>
                  {VERIFICATION_WORDS[i.decision.verification.status][lang]}{' '}
                  {VERIFIER_WORDS[i.decision.verification.by][lang]}
                </dd>
              </>
            )}
            <dt>{t('consoleReferenceObtained')}</dt>
            <dd>
              {i.situation.referenceNumber === undefined ? (
                t('consoleNotYet')
              ) : (
                <span class="mono refnum">{i.situation.referenceNumber}</span>
              )}
            </dd>
          </dl>
          <h4>{t('inspEvidence')}</h4>
          {i.evidence.length === 0 ? (
            <p class="muted">{t('inspNoEvidence')}</p>
          ) : (
            <ul class="evidence">
              {i.evidence.map((e) => (
                <li>
                  <strong>{EVIDENCE_WORDS[e.kind][lang]}</strong> — {e.description}
                  {e.reference === undefined ? null : (
                    <>
                      {' '}
                      ({t('inspEvidenceReference')} <span class="mono">{e.reference}</span>)
                    </>
                  )}
                  {e.content === undefined ? null : <pre class="evidence-content">{e.content}</pre>}
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}
    </section>
  );
}

function References(props: { readonly ctx: PageContext; readonly dossier: InspectionDossier }): JSX.Element {
  const { t, lang } = props.ctx;
  const { references } = props.dossier;
  return (
    <section aria-labelledby="references-heading">
      <h2 id="references-heading">{t('inspReferences')}</h2>
      {references.length === 0 ? (
        <p>{t('inspNoReferences')}</p>
      ) : (
        <table class="console" id="references">
          <thead>
            <tr>
              <th scope="col">{t('consoleReferenceNumber')}</th>
              <th scope="col">{t('consoleSource')}</th>
              <th scope="col">{t('consoleCompany')}</th>
              <th scope="col">{t('consoleIssuedAt')}</th>
              <th scope="col">{t('consoleNote')}</th>
              <th scope="col">{t('consoleContact')}</th>
            </tr>
          </thead>
          <tbody>
            {references.map((r) => (
              <tr>
                <td class="mono refnum">{r.number}</td>
                <td>{SOURCE_WORDS[r.source][lang]}</td>
                <td class="mono">{formatEnterpriseNumber(r.enterprise)}</td>
                <td>{formatBrusselsTime(r.issuedAt)}</td>
                <td class="note">{r.note}</td>
                <td>
                  {r.contact === undefined
                    ? ''
                    : [r.contact.name, r.contact.phone, r.contact.email]
                        .filter((x) => x !== undefined)
                        .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Listings(props: { readonly ctx: PageContext; readonly dossier: InspectionDossier }): JSX.Element {
  const { t } = props.ctx;
  const { paperListings } = props.dossier;
  return (
    <section aria-labelledby="listings-heading">
      <h2 id="listings-heading">{t('inspListings')}</h2>
      {paperListings.length === 0 ? <p>{t('inspNoListings')}</p> : null}
      {paperListings.map(({ paperListing, entries }) => (
        <article class="listing">
          <h3>
            {t('inspListingOf', {
              reference: paperListing.referenceNumber,
              employer: formatEnterpriseNumber(paperListing.employer),
              at: formatBrusselsTime(paperListing.createdAt),
            })}
          </h3>
          {entries.length === 0 ? (
            <p class="muted">{t('inspNoLines')}</p>
          ) : (
            <table class="console presences">
              <thead>
                <tr>
                  <th scope="col">{t('worker')}</th>
                  <th scope="col">{t('inspLastName')}</th>
                  <th scope="col">{t('inspFirstName')}</th>
                  <th scope="col">{t('receiptNumber')}</th>
                  <th scope="col">{t('inspCapturedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr>
                    <td class="mono">{formatWorker(e.worker)}</td>
                    <td>{e.lastName ?? ''}</td>
                    <td>{e.firstName ?? ''}</td>
                    <td class="mono receipt">{e.receiptNumber}</td>
                    <td>{formatBrusselsTime(e.capturedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </article>
      ))}
    </section>
  );
}

function Availability(props: {
  readonly ctx: PageContext;
  readonly dossier: InspectionDossier;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const outages = outagesOfDay(props.dossier.availability);
  return (
    <section aria-labelledby="availability-heading">
      <h2 id="availability-heading">{t('inspAvailability')}</h2>
      {outages.length === 0 ? (
        <p>{t('inspNoOutage')}</p>
      ) : (
        <table class="console" id="outages">
          <thead>
            <tr>
              <th scope="col">{t('inspFrom')}</th>
              <th scope="col">{t('inspTo')}</th>
              <th scope="col">{t('inspCause')}</th>
            </tr>
          </thead>
          <tbody>
            {outages.map((o) => (
              <tr>
                <td>{formatBrusselsTime(o.from)}</td>
                <td>{formatBrusselsTime(o.to)}</td>
                <td>{OUTAGE_CAUSE_WORDS[o.cause][lang]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
