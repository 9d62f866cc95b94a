import type { Outage } from '../../domain/availability.js';
import type { ContactReference } from '../../domain/contact-reference.js';
import type { Channel } from '../../domain/presence.js';
import type { Outcome, Texts, Verification } from '../../domain/procedure/decision.js';
import type { EvidenceKind } from '../../domain/procedure/incident.js';
import type { Origin } from '../../domain/procedure/situation.js';
import type { VerdictCode } from '../../domain/procedure/verdict.js';

/**
 * The texts of the contact-center and inspection consoles. Keys start with `cc` (contact center), `insp`
 * (inspection) or `console` (both), so that they never clash with the texts of the other parts of the site.
 */
export const CONSOLE_MESSAGES = {
  // Shared by both consoles
  consoleReferenceNumber: { fr: 'Numéro de référence', nl: 'Referentienummer', en: 'Reference number' },
  consoleCompany: { fr: 'Entreprise (n° BCE)', nl: 'Bedrijf (KBO-nr.)', en: 'Company (enterprise number)' },
  consoleReceivedAt: { fr: 'Reçu le', nl: 'Ontvangen op', en: 'Received' },
  consoleIssuedAt: { fr: 'Attribué le', nl: 'Toegekend op', en: 'Issued' },
  consoleReportedAt: { fr: 'Signalé le', nl: 'Gemeld op', en: 'Reported' },
  consoleNote: { fr: 'Note', nl: 'Notitie', en: 'Note' },
  consoleDescription: { fr: 'Description', nl: 'Beschrijving', en: 'Description' },
  consoleContact: { fr: 'Personne de contact', nl: 'Contactpersoon', en: 'Contact' },
  consoleOrigin: { fr: 'Origine', nl: 'Oorsprong', en: 'Origin' },
  consoleDecision: { fr: 'Décision', nl: 'Beslissing', en: 'Decision' },
  consoleSource: { fr: 'Source', nl: 'Bron', en: 'Source' },
  consoleIncident: { fr: 'Incident', nl: 'Incident', en: 'Incident' },
  consoleReferenceObtained: {
    fr: 'N° de référence obtenu',
    nl: 'Referentienummer verkregen',
    en: 'Reference number obtained',
  },
  consoleNotYet: { fr: 'pas encore', nl: 'nog niet', en: 'not yet' },
  consoleYes: { fr: 'oui', nl: 'ja', en: 'yes' },
  consoleNo: { fr: 'non', nl: 'nee', en: 'no' },
  consoleByProvider: { fr: 'prestataire de services', nl: 'dienstverlener', en: 'service provider' },
  consoleTimesInBrussels: {
    fr: 'Heures de Bruxelles.',
    nl: 'Tijden in Brusselse tijd.',
    en: 'Times are Brussels times.',
  },
  consoleLimitReached: {
    fr: 'Seuls les {count} plus récents sont affichés : choisissez une période plus courte.',
    nl: 'Alleen de {count} recentste worden getoond: kies een kortere periode.',
    en: 'Only the {count} latest are shown: choose a shorter period.',
  },

  // The contact center
  ccTitle: { fr: 'Centre de contact', nl: 'Contactcenter', en: 'Contact center' },
  ccIntro: {
    fr: 'Les formulaires de contact reçus et les incidents signalés par les entreprises ; le numéro de référence à attribuer après un appel.',
    nl: 'De ontvangen contactformulieren en de incidenten die bedrijven meldden; het referentienummer dat u na een oproep toekent.',
    en: 'The contact forms received and the incidents companies reported; the reference number to issue after a call.',
  },
  ccPeriodDay: { fr: 'Jour', nl: 'Dag', en: 'Day' },
  ccPeriodSpan: { fr: 'Période', nl: 'Periode', en: 'Period' },
  ccSpanOne: { fr: 'Ce jour seulement', nl: 'Alleen die dag', en: 'That day only' },
  ccSpanMany: {
    fr: 'Les {n} jours jusqu’à ce jour',
    nl: 'De {n} dagen tot die dag',
    en: 'The {n} days up to that day',
  },
  ccShow: { fr: 'Afficher', nl: 'Tonen', en: 'Show' },
  ccShowing: { fr: 'Du {from} au {to}.', nl: 'Van {from} tot {to}.', en: 'From {from} to {to}.' },
  ccIssueTitle: {
    fr: 'Attribuer un numéro de référence après un appel',
    nl: 'Een referentienummer toekennen na een oproep',
    en: 'Issue a reference number after a call',
  },
  ccIssueIntro: {
    fr: 'Si l’appel ne permet pas de trouver une solution, attribuez un numéro de référence : il enregistre le problème, et l’entreprise l’inscrit sur la liste de présence papier.',
    nl: 'Als de oproep geen oplossing oplevert, kent u een referentienummer toe: het legt het probleem vast, en het bedrijf vermeldt het op de papieren aanwezigheidslijst.',
    en: 'When the call finds no solution, issue a reference number: it records the problem, and the company writes it on the paper attendance listing.',
  },
  ccEnterprise: {
    fr: 'N° BCE de l’entreprise qui appelle',
    nl: 'KBO-nr. van het bedrijf dat belt',
    en: 'Enterprise number of the company calling',
  },
  ccWorkplace: {
    fr: 'N° de la déclaration de travaux (lieu de travail)',
    nl: 'Nr. van de aangifte van werken (werkplaats)',
    en: 'Works declaration number (workplace)',
  },
  ccDate: { fr: 'Jour concerné', nl: 'Betrokken dag', en: 'Day concerned' },
  ccNote: {
    fr: 'Note de l’appel : le problème signalé',
    nl: 'Notitie van de oproep: het gemelde probleem',
    en: 'Note of the call: the problem reported',
  },
  ccContactName: {
    fr: 'Nom de la personne qui appelle (facultatif)',
    nl: 'Naam van de beller (facultatief)',
    en: 'Name of the caller (optional)',
  },
  ccContactPhone: {
    fr: 'Téléphone pour la rappeler (facultatif)',
    nl: 'Telefoon om terug te bellen (facultatief)',
    en: 'Phone to call back (optional)',
  },
  ccContactEmail: { fr: 'E-mail (facultatif)', nl: 'E-mail (facultatief)', en: 'E-mail (optional)' },
  ccIncidentId: {
    fr: 'Incident signalé par l’entreprise (facultatif)',
    nl: 'Incident dat het bedrijf meldde (facultatief)',
    en: 'Incident the company reported (optional)',
  },
  ccIssue: {
    fr: 'Attribuer le numéro de référence',
    nl: 'Referentienummer toekennen',
    en: 'Issue the reference number',
  },
  ccIssuedTitle: {
    fr: 'Numéro de référence attribué',
    nl: 'Referentienummer toegekend',
    en: 'Reference number issued',
  },
  ccIssuedFor: {
    fr: 'Pour l’entreprise {enterprise}, lieu de travail {workplace}, le {date}.',
    nl: 'Voor het bedrijf {enterprise}, werkplaats {workplace}, op {date}.',
    en: 'For company {enterprise}, workplace {workplace}, on {date}.',
  },
  ccReadOut: {
    fr: 'Lisez-le à la personne qui appelle, caractère par caractère. Elle l’inscrit sur la liste de présence papier avec le numéro de la déclaration de travaux, le jour, et pour chaque travailleur présent le NISS ou le numéro Limosa-1, le nom et le prénom.',
    nl: 'Lees het teken per teken voor aan de beller. Die vermeldt het op de papieren aanwezigheidslijst, met het nummer van de aangifte van werken, de dag, en voor elke aanwezige werknemer het INSZ of het Limosa-1-nummer, de naam en de voornaam.',
    en: 'Read it out to the caller, character by character. They write it on the paper attendance listing with the works declaration number, the day, and for each worker present the NISS or Limosa-1 number, last name and first name.',
  },
  ccContactForms: {
    fr: 'Formulaires de contact reçus',
    nl: 'Ontvangen contactformulieren',
    en: 'Contact forms received',
  },
  ccContactFormsIntro: {
    fr: 'Le numéro de référence a été envoyé automatiquement ; rappelez si la description le demande.',
    nl: 'Het referentienummer werd automatisch verzonden; bel terug als de beschrijving erom vraagt.',
    en: 'The reference number was sent automatically; call back when the description asks for it.',
  },
  ccNoContactForms: {
    fr: 'Aucun formulaire de contact pour cette période.',
    nl: 'Geen contactformulier voor die periode.',
    en: 'No contact form in this period.',
  },
  ccPhoneReferences: {
    fr: 'Numéros de référence attribués par téléphone',
    nl: 'Referentienummers toegekend per telefoon',
    en: 'Reference numbers issued by phone',
  },
  ccNoPhoneReferences: {
    fr: 'Aucun numéro de référence attribué par téléphone pour cette période.',
    nl: 'Geen referentienummer per telefoon toegekend voor die periode.',
    en: 'No reference number issued by phone in this period.',
  },
  ccIncidents: { fr: 'Incidents signalés', nl: 'Gemelde incidenten', en: 'Incidents reported' },
  ccNoIncidents: {
    fr: 'Aucun incident signalé pour cette période.',
    nl: 'Geen incident gemeld voor die periode.',
    en: 'No incident reported in this period.',
  },
  ccIssueForIncident: {
    fr: 'Attribuer un numéro pour cet incident',
    nl: 'Een nummer toekennen voor dit incident',
    en: 'Issue a number for this incident',
  },

  // Inspection
  inspTitle: { fr: 'Inspection', nl: 'Inspectie', en: 'Inspection' },
  inspIntro: {
    fr: 'Ouvrez la journée d’un lieu de travail : les présences, les incidents et leurs preuves, les listes de présence papier, la disponibilité du registre et le verdict par employeur. Rien n’y est modifié.',
    nl: 'Open de dag van een werkplaats: de aanwezigheden, de incidenten en hun bewijzen, de papieren aanwezigheidslijsten, de beschikbaarheid van het register en het oordeel per werkgever. Er wordt niets gewijzigd.',
    en: 'Open a workplace’s day: the presences, the incidents and their evidence, the paper attendance listings, the registry’s availability and the verdict per employer. Nothing is changed.',
  },
  inspOpen: { fr: 'Ouvrir le dossier', nl: 'Dossier openen', en: 'Open the dossier' },
  inspDossierTitle: {
    fr: 'Dossier d’inspection — {workplace} — {date}',
    nl: 'Inspectiedossier — {workplace} — {date}',
    en: 'Inspection dossier — {workplace} — {date}',
  },
  inspAddress: { fr: 'Adresse', nl: 'Adres', en: 'Address' },
  inspDeclarant: { fr: 'Déclarant (n° BCE)', nl: 'Aangever (KBO-nr.)', en: 'Declarant (enterprise number)' },
  inspPeriod: { fr: 'Période des travaux', nl: 'Periode van de werken', en: 'Period of the works' },
  inspPermanent: {
    fr: 'Sans infrastructure de façon permanente',
    nl: 'Blijvend zonder infrastructuur',
    en: 'Permanently without infrastructure',
  },
  inspChain: { fr: 'Chaîne des entrepreneurs', nl: 'Keten van aannemers', en: 'Contractor chain' },
  inspChainLink: {
    fr: '{enterprise}, sous {parent}',
    nl: '{enterprise}, onder {parent}',
    en: '{enterprise}, under {parent}',
  },
  inspOtherDay: { fr: 'Autre jour', nl: 'Andere dag', en: 'Another day' },
  inspExports: { fr: 'Exporter :', nl: 'Exporteren:', en: 'Export:' },
  inspPdf: {
    fr: 'Dossier en PDF (à imprimer)',
    nl: 'Dossier in pdf (om af te drukken)',
    en: 'Dossier as PDF (to print)',
  },
  inspCsv: {
    fr: 'Dossier en CSV (tableur)',
    nl: 'Dossier in csv (rekenblad)',
    en: 'Dossier as CSV (spreadsheet)',
  },
  inspGeneratedAt: {
    fr: 'Dossier établi le {at}.',
    nl: 'Dossier opgemaakt op {at}.',
    en: 'Dossier drawn up on {at}.',
  },
  inspTruncated: {
    fr: 'Cette journée compte plus de présences qu’un dossier n’en montre : les comptes et les verdicts sont incomplets.',
    nl: 'Deze dag telt meer aanwezigheden dan een dossier toont: de tellingen en oordelen zijn onvolledig.',
    en: 'This day has more presences than one dossier shows: the counts and verdicts fall short.',
  },
  inspVerdicts: { fr: 'Verdict par employeur', nl: 'Oordeel per werkgever', en: 'Verdict per employer' },
  inspVerdict: { fr: 'Verdict', nl: 'Oordeel', en: 'Verdict' },
  inspDetail: { fr: 'Détail', nl: 'Toelichting', en: 'Detail' },
  inspVerification: { fr: 'Vérification', nl: 'Verificatie', en: 'Verification' },
  inspVerificationIs: {
    fr: 'Vérification : {how}',
    nl: 'Verificatie: {how}',
    en: 'Verification: {how}',
  },
  inspCounts: {
    fr: '{registered} enregistrée(s), {paper} ligne(s) papier, {cancelled} annulée(s)',
    nl: '{registered} geregistreerd, {paper} papieren regel(s), {cancelled} geannuleerd',
    en: '{registered} registered, {paper} paper line(s), {cancelled} cancelled',
  },
  inspPresences: {
    fr: 'Présences enregistrées',
    nl: 'Geregistreerde aanwezigheden',
    en: 'Presences registered',
  },
  inspNoPresences: {
    fr: 'Aucune présence enregistrée ce jour-là.',
    nl: 'Geen aanwezigheid geregistreerd die dag.',
    en: 'No presence registered that day.',
  },
  inspRegisteredAt: { fr: 'Enregistrée le', nl: 'Geregistreerd op', en: 'Registered' },
  inspPaperReference: {
    fr: 'N° de référence (liste papier)',
    nl: 'Referentienummer (papieren lijst)',
    en: 'Reference number (paper listing)',
  },
  inspCancellations: { fr: 'Annulations', nl: 'Annuleringen', en: 'Cancellations' },
  inspCancelledAt: { fr: 'Annulée le', nl: 'Geannuleerd op', en: 'Cancelled' },
  inspReason: { fr: 'Motif', nl: 'Reden', en: 'Reason' },
  inspIncidents: {
    fr: 'Incidents, décisions et preuves',
    nl: 'Incidenten, beslissingen en bewijzen',
    en: 'Incidents, decisions and evidence',
  },
  inspNoIncidents: {
    fr: 'Aucun incident signalé pour ce jour.',
    nl: 'Geen incident gemeld voor deze dag.',
    en: 'No incident reported for this day.',
  },
  inspReportedBy: {
    fr: 'Signalé le {at} par {enterprise}',
    nl: 'Gemeld op {at} door {enterprise}',
    en: 'Reported on {at} by {enterprise}',
  },
  inspExempt: { fr: 'Dispense', nl: 'Vrijstelling', en: 'Exemption' },
  inspEvidence: { fr: 'Preuves', nl: 'Bewijzen', en: 'Evidence' },
  inspNoEvidence: { fr: 'Aucune preuve jointe.', nl: 'Geen bewijs toegevoegd.', en: 'No evidence added.' },
  inspKind: { fr: 'Type', nl: 'Soort', en: 'Kind' },
  inspEvidenceReference: { fr: 'Référence', nl: 'Referentie', en: 'Reference' },
  inspReferences: {
    fr: 'Numéros de référence du centre de contact',
    nl: 'Referentienummers van het contactcenter',
    en: 'Reference numbers of the contact center',
  },
  inspNoReferences: {
    fr: 'Aucun numéro de référence pour ce jour.',
    nl: 'Geen referentienummer voor deze dag.',
    en: 'No reference number for this day.',
  },
  inspListings: {
    fr: 'Listes de présence papier',
    nl: 'Papieren aanwezigheidslijsten',
    en: 'Paper attendance listings',
  },
  inspNoListings: {
    fr: 'Aucune liste de présence papier pour ce jour.',
    nl: 'Geen papieren aanwezigheidslijst voor deze dag.',
    en: 'No paper attendance listing for this day.',
  },
  inspListingOf: {
    fr: 'N° de référence {reference} — employeur {employer} — imprimée le {at}',
    nl: 'Referentienummer {reference} — werkgever {employer} — afgedrukt op {at}',
    en: 'Reference number {reference} — employer {employer} — printed on {at}',
  },
  inspNoLines: {
    fr: 'Aucune ligne encodée pour l’instant.',
    nl: 'Nog geen regel ingevoerd.',
    en: 'No line captured yet.',
  },
  inspLastName: { fr: 'Nom', nl: 'Naam', en: 'Last name' },
  inspFirstName: { fr: 'Prénom', nl: 'Voornaam', en: 'First name' },
  inspCapturedAt: { fr: 'Encodée le', nl: 'Ingevoerd op', en: 'Captured' },
  inspAvailability: {
    fr: 'Disponibilité du registre ce jour-là',
    nl: 'Beschikbaarheid van het register die dag',
    en: 'Registry availability that day',
  },
  inspNoOutage: {
    fr: 'Aucune interruption : d’après son journal de disponibilité, le registre a fonctionné toute la journée.',
    nl: 'Geen onderbreking: volgens zijn beschikbaarheidslogboek werkte het register de hele dag.',
    en: 'No outage: according to its availability journal, the registry served all day.',
  },
  inspFrom: { fr: 'De', nl: 'Van', en: 'From' },
  inspTo: { fr: 'À', nl: 'Tot', en: 'To' },
  inspCause: { fr: 'Cause', nl: 'Oorzaak', en: 'Cause' },
} as const satisfies Record<string, Texts>;

/** Each verdict of the inspection dossier, in words. */
export const VERDICT_WORDS: Readonly<Record<VerdictCode, Texts>> = {
  REGISTERED: {
    fr: 'En ordre : présences enregistrées',
    nl: 'In orde: aanwezigheden geregistreerd',
    en: 'In order: presences registered',
  },
  PAPER_LISTING: {
    fr: 'Liste de présence papier sous numéro de référence',
    nl: 'Papieren aanwezigheidslijst met referentienummer',
    en: 'Paper attendance listing under a reference number',
  },
  EXEMPT_REGISTRY_UNAVAILABLE: {
    fr: 'Dispensé : Checkin@Work indisponible',
    nl: 'Vrijgesteld: Checkin@Work onbeschikbaar',
    en: 'Exempt: Checkin@Work unavailable',
  },
  EXEMPT_INFRASTRUCTURE: {
    fr: 'Dispensé : panne de l’infrastructure d’un tiers',
    nl: 'Vrijgesteld: storing van de infrastructuur van een derde',
    en: 'Exempt: a third party’s infrastructure failed',
  },
  NOT_EXEMPT: { fr: 'Non dispensé', nl: 'Niet vrijgesteld', en: 'Not exempt' },
  NOTHING_RECORDED: { fr: 'Rien d’enregistré', nl: 'Niets geregistreerd', en: 'Nothing recorded' },
};

/** Where an unavailability comes from, in words (also the ground of an exemption). */
export const ORIGIN_WORDS: Readonly<Record<Origin, Texts>> = {
  PROVIDER: { fr: 'Le prestataire de services', nl: 'De dienstverlener', en: 'The service provider' },
  THIRD_PARTY_INFRASTRUCTURE: {
    fr: 'L’infrastructure d’un tiers (réseau, électricité…)',
    nl: 'De infrastructuur van een derde (netwerk, elektriciteit…)',
    en: 'A third party’s infrastructure (network, power…)',
  },
  REGISTRY_UNAVAILABLE: {
    fr: 'Checkin@Work indisponible',
    nl: 'Checkin@Work onbeschikbaar',
    en: 'Checkin@Work unavailable',
  },
  OWN_COMPANY: { fr: 'L’entreprise elle-même', nl: 'Het bedrijf zelf', en: 'The company itself' },
  UNKNOWN: { fr: 'Inconnue', nl: 'Onbekend', en: 'Unknown' },
};

/** What the procedure told the company, in words. */
export const OUTCOME_WORDS: Readonly<Record<Outcome, Texts>> = {
  CONTACT_PROVIDER: {
    fr: 'Contacter le prestataire',
    nl: 'De dienstverlener contacteren',
    en: 'Contact the provider',
  },
  TRY_OTHER_CHANNEL: {
    fr: 'Essayer un autre canal',
    nl: 'Een ander kanaal proberen',
    en: 'Try another channel',
  },
  EXEMPT_FOR_DAY: { fr: 'Dispensé pour le jour', nl: 'Vrijgesteld voor de dag', en: 'Exempt for the day' },
  CALL_CONTACT_CENTER: {
    fr: 'Appeler le centre de contact',
    nl: 'Het contactcenter bellen',
    en: 'Call the contact center',
  },
  USE_CONTACT_FORM: {
    fr: 'Remplir le formulaire de contact',
    nl: 'Het contactformulier invullen',
    en: 'Fill in the contact form',
  },
  FILL_PAPER_LISTING: {
    fr: 'Remplir la liste de présence papier',
    nl: 'De papieren aanwezigheidslijst invullen',
    en: 'Fill in the paper attendance listing',
  },
  NOT_EXEMPT_PERMANENT_UNAVAILABILITY: {
    fr: 'Non dispensé : lieu de travail sans infrastructure de façon permanente',
    nl: 'Niet vrijgesteld: werkplaats blijvend zonder infrastructuur',
    en: 'Not exempt: a workplace permanently without infrastructure',
  },
  RESOLVED: { fr: 'Résolu', nl: 'Opgelost', en: 'Resolved' },
};

/** Each channel of a presence, in words. */
export const CHANNEL_WORDS: Readonly<Record<Channel, Texts>> = {
  ONLINE: { fr: 'En ligne', nl: 'Online', en: 'Online' },
  MOBILE: { fr: 'Mobile', nl: 'Mobiel', en: 'Mobile' },
  GATEWAY: { fr: 'Passerelle sur chantier', nl: 'Gateway op de werf', en: 'On-site gateway' },
  WEB_SERVICE: { fr: 'Service web', nl: 'Webservice', en: 'Web service' },
  PAPER: { fr: 'Liste papier', nl: 'Papieren lijst', en: 'Paper listing' },
};

/** How far an exemption's ground is checked, in words. */
export const VERIFICATION_WORDS: Readonly<Record<Verification['status'], Texts>> = {
  CONFIRMED: { fr: 'confirmée', nl: 'bevestigd', en: 'confirmed' },
  NOT_CONFIRMED: { fr: 'non confirmée', nl: 'niet bevestigd', en: 'not confirmed' },
  TO_VERIFY: { fr: 'à vérifier', nl: 'na te gaan', en: 'to be verified' },
};

/** Who checks an exemption's ground, in words. */
export const VERIFIER_WORDS: Readonly<Record<Verification['by'], Texts>> = {
  REGISTRY_JOURNAL: {
    fr: 'par le journal de disponibilité du registre',
    nl: 'door het beschikbaarheidslogboek van het register',
    en: 'by the registry’s availability journal',
  },
  COMPETENT_SERVICES: {
    fr: 'par les services compétents',
    nl: 'door de bevoegde diensten',
    en: 'by the competent services',
  },
};

/** Each kind of evidence, in words. */
export const EVIDENCE_WORDS: Readonly<Record<EvidenceKind, Texts>> = {
  OPERATOR_TICKET: { fr: 'Ticket de l’opérateur', nl: 'Ticket van de operator', en: 'Operator’s ticket' },
  OUTAGE_NOTICE: { fr: 'Avis de panne', nl: 'Storingsbericht', en: 'Outage notice' },
  AGENT_LOG: { fr: 'Journal de l’agent de site', nl: 'Logboek van de site-agent', en: 'Site agent’s log' },
  PROVIDER_STATEMENT: {
    fr: 'Déclaration du prestataire',
    nl: 'Verklaring van de dienstverlener',
    en: 'Provider’s statement',
  },
  PHOTO_OR_DOCUMENT: { fr: 'Photo ou document', nl: 'Foto of document', en: 'Photo or document' },
  OTHER: { fr: 'Autre', nl: 'Andere', en: 'Other' },
};

/** Why the registry was not serving, in words. */
export const OUTAGE_CAUSE_WORDS: Readonly<Record<Outage['cause'] | 'UPSTREAM', Texts>> = {
  STOPPED: { fr: 'arrêt pour maintenance', nl: 'stopgezet voor onderhoud', en: 'stopped for maintenance' },
  CRASHED: { fr: 'arrêt imprévu', nl: 'onverwacht uitgevallen', en: 'stopped unexpectedly' },
  UPSTREAM: {
    fr: 'le registre officiel ne répondait pas',
    nl: 'het officiële register antwoordde niet',
    en: 'the official registry did not answer',
  },
};

/** How a reference number was asked for, in words. */
export const SOURCE_WORDS: Readonly<Record<ContactReference['source'], Texts>> = {
  PHONE: { fr: 'Téléphone', nl: 'Telefoon', en: 'Phone' },
  CONTACT_FORM: { fr: 'Formulaire de contact', nl: 'Contactformulier', en: 'Contact form' },
};
