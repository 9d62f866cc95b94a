import { formatBrusselsTime } from '../domain/brussels-time.js';
import { formatEnterpriseNumber } from '../domain/enterprise-number.js';
import type { Texts } from '../domain/procedure/decision.js';
import type { Presence } from '../domain/presence.js';
import { validationInWords } from '../domain/validation-texts.js';
import { formatWorker } from '../domain/worker.js';
import { toCsv } from '../pdf/csv.js';
import type { ReportDocument } from '../pdf/pdf-writer.js';
import { outagesOfDay, type InspectionDossier } from './inspection-dossier.js';

/** The languages a dossier is printed in. */
export type Language = keyof Texts;

const LABELS = {
  title: { fr: "Dossier d'inspection", nl: 'Inspectiedossier', en: 'Inspection dossier' },
  workplace: { fr: 'Lieu de travail', nl: 'Werkplaats', en: 'Workplace' },
  declaration: { fr: 'Déclaration de travaux', nl: 'Aangifte van werken', en: 'Works declaration' },
  address: { fr: 'Adresse', nl: 'Adres', en: 'Address' },
  declarant: { fr: 'Déclarant', nl: 'Aangever', en: 'Declarant' },
  date: { fr: 'Jour', nl: 'Dag', en: 'Day' },
  permanent: {
    fr: 'Sans infrastructure de façon permanente',
    nl: 'Blijvend zonder infrastructuur',
    en: 'Permanently without infrastructure',
  },
  yes: { fr: 'oui', nl: 'ja', en: 'yes' },
  no: { fr: 'non', nl: 'nee', en: 'no' },
  verdicts: { fr: 'Verdicts par employeur', nl: 'Oordeel per werkgever', en: 'Verdicts per employer' },
  presences: { fr: 'Présences enregistrées', nl: 'Geregistreerde aanwezigheden', en: 'Registered presences' },
  cancellations: { fr: 'Annulations', nl: 'Annuleringen', en: 'Cancellations' },
  incidents: {
    fr: 'Incidents et décisions',
    nl: 'Incidenten en beslissingen',
    en: 'Incidents and decisions',
  },
  evidence: { fr: 'Preuves', nl: 'Bewijzen', en: 'Evidence' },
  references: { fr: 'Numéros de référence', nl: 'Referentienummers', en: 'Reference numbers' },
  listings: { fr: 'Listings papier', nl: 'Papieren lijsten', en: 'Paper listings' },
  lines: { fr: 'Lignes encodées', nl: 'Ingevoerde regels', en: 'Captured lines' },
  availability: {
    fr: 'Disponibilité du registre ce jour-là',
    nl: 'Beschikbaarheid van het register die dag',
    en: 'Registry availability that day',
  },
  none: { fr: '(aucun)', nl: '(geen)', en: '(none)' },
  noOutage: {
    fr: 'Aucune interruption enregistrée.',
    nl: 'Geen onderbreking geregistreerd.',
    en: 'No outage recorded.',
  },
  employer: { fr: 'Employeur', nl: 'Werkgever', en: 'Employer' },
  verdict: { fr: 'Verdict', nl: 'Oordeel', en: 'Verdict' },
  detail: { fr: 'Détail', nl: 'Detail', en: 'Detail' },
  worker: { fr: 'Travailleur', nl: 'Werknemer', en: 'Worker' },
  receipt: { fr: 'Accusé de réception', nl: 'Ontvangstbewijs', en: 'Receipt' },
  registrationId: { fr: "N° d'enregistrement", nl: 'Registratienummer', en: 'Registration id' },
  channel: { fr: 'Canal', nl: 'Kanaal', en: 'Channel' },
  registeredAt: { fr: 'Enregistré le', nl: 'Geregistreerd op', en: 'Registered at' },
  validation: { fr: 'Vérification', nl: 'Controle', en: 'Check' },
  reference: { fr: 'Référence', nl: 'Referentie', en: 'Reference' },
  reason: { fr: 'Motif', nl: 'Reden', en: 'Reason' },
  cancelledAt: { fr: 'Annulé le', nl: 'Geannuleerd op', en: 'Cancelled at' },
  origin: { fr: 'Origine', nl: 'Oorsprong', en: 'Origin' },
  outcome: { fr: 'Décision', nl: 'Beslissing', en: 'Outcome' },
  exempt: { fr: 'Dispense', nl: 'Vrijstelling', en: 'Exempt' },
  verification: { fr: 'Vérification', nl: 'Verificatie', en: 'Verification' },
  reportedAt: { fr: 'Signalé le', nl: 'Gemeld op', en: 'Reported at' },
  kind: { fr: 'Type', nl: 'Soort', en: 'Kind' },
  description: { fr: 'Description', nl: 'Beschrijving', en: 'Description' },
  source: { fr: 'Source', nl: 'Bron', en: 'Source' },
  issuedAt: { fr: 'Attribué le', nl: 'Toegekend op', en: 'Issued at' },
  note: { fr: 'Note', nl: 'Notitie', en: 'Note' },
  listing: { fr: 'Listing', nl: 'Lijst', en: 'Listing' },
  lastName: { fr: 'Nom', nl: 'Naam', en: 'Last name' },
  firstName: { fr: 'Prénom', nl: 'Voornaam', en: 'First name' },
  from: { fr: 'De', nl: 'Van', en: 'From' },
  to: { fr: 'À', nl: 'Tot', en: 'To' },
  cause: { fr: 'Cause', nl: 'Oorzaak', en: 'Cause' },
  incident: { fr: 'Incident', nl: 'Incident', en: 'Incident' },
} as const satisfies Record<string, Texts>;

/** The dossier as a report to print, in one language. */
export function dossierReport(dossier: InspectionDossier, lang: Language): ReportDocument {
  const t = (key: keyof typeof LABELS): string => LABELS[key][lang];
  const enterprise = formatEnterpriseNumber;
  // Printed for a reader: Brussels time to the second (the CSV keeps the instants as stored).
  const when = (instant: string): string => formatBrusselsTime(instant, { seconds: true });
  const { workplace } = dossier;
  const a = workplace.address;
  return {
    title: `${t('title')} — ${workplace.id} — ${dossier.date}`,
    subtitle: workplace.name,
    lines: [
      { label: t('declaration'), value: workplace.id },
      { label: t('workplace'), value: workplace.name },
      { label: t('address'), value: `${a.street}, ${a.postalCode} ${a.city}` },
      { label: t('declarant'), value: enterprise(workplace.declarant) },
      { label: t('date'), value: dossier.date },
      { label: t('permanent'), value: workplace.permanentlyWithoutInfrastructure ? t('yes') : t('no') },
    ],
    sections: [
      {
        heading: t('verdicts'),
        columns: [t('employer'), t('verdict'), t('detail')],
        rows: dossier.verdicts.map((v) => [enterprise(v.employer), v.verdict, v.detail[lang]]),
        empty: t('none'),
      },
      {
        heading: t('presences'),
        columns: [
          t('worker'),
          t('employer'),
          t('receipt'),
          t('registrationId'),
          t('channel'),
          t('registeredAt'),
          t('reference'),
          t('validation'),
        ],
        rows: dossier.presences.map((p) => [
          formatWorker(p.worker),
          enterprise(p.employer),
          p.receiptNumber,
          p.registrationId,
          p.channel,
          when(p.createdAt),
          p.referenceNumber ?? '',
          checkCell(p, lang),
        ]),
        empty: t('none'),
      },
      {
        heading: t('cancellations'),
        columns: [
          t('worker'),
          t('employer'),
          t('receipt'),
          t('registrationId'),
          t('cancelledAt'),
          t('reason'),
        ],
        rows: dossier.cancellations.map((p) => [
          formatWorker(p.worker),
          enterprise(p.employer),
          p.receiptNumber,
          p.registrationId,
          p.status === 'CANCELLED' ? when(p.cancelledAt) : '',
          p.status === 'CANCELLED' ? p.cancellationReason : '',
        ]),
        empty: t('none'),
      },
      {
        heading: t('incidents'),
        columns: [
          t('incident'),
          t('employer'),
          t('origin'),
          t('outcome'),
          t('exempt'),
          t('verification'),
          t('reportedAt'),
        ],
        rows: dossier.incidents.map((i) => [
          i.id,
          enterprise(i.employer),
          i.situation.origin,
          i.decision.outcome,
          i.decision.exempt ? `${t('yes')} (${i.decision.ground ?? ''})` : t('no'),
          i.decision.verification === undefined
            ? ''
            : `${i.decision.verification.status} (${i.decision.verification.by})`,
          when(i.reportedAt),
        ]),
        empty: t('none'),
      },
      {
        heading: t('evidence'),
        columns: [t('incident'), t('kind'), t('description'), t('reference')],
        rows: dossier.incidents.flatMap((i) =>
          i.evidence.map((e) => [i.id, e.kind, e.description, e.reference ?? '']),
        ),
        empty: t('none'),
      },
      {
        heading: t('references'),
        columns: [t('reference'), t('source'), t('employer'), t('issuedAt'), t('note')],
        rows: dossier.references.map((r) => [
          r.number,
          r.source,
          enterprise(r.enterprise),
          when(r.issuedAt),
          r.note,
        ]),
        empty: t('none'),
      },
      {
        heading: t('listings'),
        columns: [t('listing'), t('reference'), t('employer'), t('lines')],
        rows: dossier.paperListings.map((l) => [
          l.paperListing.id,
          l.paperListing.referenceNumber,
          enterprise(l.paperListing.employer),
          String(l.entries.length),
        ]),
        empty: t('none'),
      },
      {
        heading: t('lines'),
        columns: [t('reference'), t('worker'), t('lastName'), t('firstName'), t('receipt')],
        rows: dossier.paperListings.flatMap((l) =>
          l.entries.map((e) => [
            l.paperListing.referenceNumber,
            formatWorker(e.worker),
            e.lastName ?? '',
            e.firstName ?? '',
            e.receiptNumber,
          ]),
        ),
        empty: t('none'),
      },
      {
        heading: t('availability'),
        columns: [t('from'), t('to'), t('cause')],
        rows: outagesOfDay(dossier.availability).map((o) => [when(o.from), when(o.to), o.cause]),
        empty: t('noOutage'),
      },
    ],
    printedAt: dossier.generatedAt,
  };
}

/** The dossier as one CSV table: a row per record, its kind in the first column. */
export function dossierCsv(dossier: InspectionDossier, lang: Language): string {
  const e = formatEnterpriseNumber;
  const columns = [
    'record',
    'employer',
    'worker',
    'lastName',
    'firstName',
    'number',
    'channel',
    'status',
    'time',
    'detail',
    'registrationId',
    'validation',
    'remarks',
  ];
  const rows: string[][] = [
    ...dossier.verdicts.map((v) => [
      'VERDICT',
      e(v.employer),
      '',
      '',
      '',
      '',
      '',
      v.verdict,
      '',
      v.detail[lang],
    ]),
    ...[...dossier.presences, ...dossier.cancellations].map((p) => [
      p.status === 'REGISTERED' ? 'PRESENCE' : 'CANCELLATION',
      e(p.employer),
      formatWorker(p.worker),
      '',
      '',
      p.receiptNumber,
      p.channel,
      p.status,
      p.status === 'CANCELLED' ? p.cancelledAt : p.createdAt,
      p.status === 'CANCELLED' ? p.cancellationReason : (p.referenceNumber ?? ''),
      p.registrationId,
      p.validation.status,
      remarkCodes(p),
    ]),
    ...dossier.incidents.flatMap((i) => [
      [
        'INCIDENT',
        e(i.employer),
        '',
        '',
        '',
        i.id,
        '',
        i.decision.outcome,
        i.reportedAt,
        `${i.situation.origin}; exempt=${String(i.decision.exempt)}${i.decision.ground === undefined ? '' : `; ground=${i.decision.ground}`}${i.decision.verification === undefined ? '' : `; verification=${i.decision.verification.status}`}`,
      ],
      ...i.evidence.map((ev) => [
        'EVIDENCE',
        e(i.employer),
        '',
        '',
        '',
        i.id,
        '',
        ev.kind,
        '',
        `${ev.description}${ev.reference === undefined ? '' : ` (${ev.reference})`}`,
      ]),
    ]),
    ...dossier.references.map((r) => [
      'REFERENCE',
      e(r.enterprise),
      '',
      '',
      '',
      r.number,
      r.source,
      '',
      r.issuedAt,
      r.note,
    ]),
    ...dossier.paperListings.flatMap((l) => [
      [
        'PAPER_LISTING',
        e(l.paperListing.employer),
        '',
        '',
        '',
        l.paperListing.referenceNumber,
        'PAPER',
        '',
        l.paperListing.createdAt,
        l.paperListing.id,
      ],
      ...l.entries.map((en) => [
        'PAPER_LINE',
        e(l.paperListing.employer),
        formatWorker(en.worker),
        en.lastName ?? '',
        en.firstName ?? '',
        en.receiptNumber,
        'PAPER',
        '',
        en.capturedAt,
        l.paperListing.referenceNumber,
      ]),
    ]),
    ...outagesOfDay(dossier.availability).map((o) => [
      'OUTAGE',
      '',
      '',
      '',
      '',
      '',
      '',
      o.cause,
      o.from,
      o.to,
    ]),
  ];
  // Only presences and cancellations have a registration id and a check: toCsv leaves their columns empty in the
  // other rows.
  return toCsv(columns, rows);
}

/** Where a presence stands in its checks, as a cell prints it: its status, then each remark on a line of its own. */
function checkCell(presence: Presence, lang: Language): string {
  const [status = '', ...remarks] = validationInWords(presence.validation, lang);
  return [status, ...remarks.map((remark) => `• ${remark}`)].join('\n');
}

/** The remarks of a presence's latest check, as codes (as the CSV writes its other statuses), `;` between them. */
function remarkCodes(presence: Presence): string {
  const { validation } = presence;
  return validation.status === 'FAILED' ? validation.remarks.join(';') : '';
}
