import { MAX_DAYS_AHEAD, REGISTRATION_WINDOW_DAYS } from '../../domain/presence.js';
import type { Texts } from '../../domain/procedure/decision.js';

/** The texts of the pages shared by every role, and of the online and mobile channels. */
export const COMMON_MESSAGES = {
  appName: { fr: 'sitepresence', nl: 'sitepresence', en: 'sitepresence' },
  tagline: {
    fr: 'Enregistrement des présences sur chantier (Checkin@Work)',
    nl: 'Registratie van aanwezigheden op de werf (Checkin@Work)',
    en: 'Presence registration on work sites (Checkin@Work)',
  },
  language: { fr: 'Langue', nl: 'Taal', en: 'Language' },
  skipToContent: { fr: 'Aller au contenu', nl: 'Naar de inhoud', en: 'Skip to content' },
  // Signing in
  signIn: { fr: 'Se connecter', nl: 'Aanmelden', en: 'Sign in' },
  signOut: { fr: 'Se déconnecter', nl: 'Afmelden', en: 'Sign out' },
  username: { fr: "Nom d'utilisateur", nl: 'Gebruikersnaam', en: 'Username' },
  password: { fr: 'Mot de passe', nl: 'Wachtwoord', en: 'Password' },
  signedInAs: { fr: 'Connecté : {name}', nl: 'Aangemeld: {name}', en: 'Signed in: {name}' },
  signInIntro: {
    fr: 'Connectez-vous avec le compte que votre administrateur vous a donné.',
    nl: 'Meld u aan met de account die uw beheerder u gaf.',
    en: 'Sign in with the account your administrator gave you.',
  },
  sessionEnded: {
    fr: 'Votre session a pris fin : connectez-vous à nouveau.',
    nl: 'Uw sessie is afgelopen: meld u opnieuw aan.',
    en: 'Your session ended: sign in again.',
  },
  // Navigation
  navToday: { fr: "Aujourd'hui", nl: 'Vandaag', en: 'Today' },
  navSearch: { fr: 'Rechercher', nl: 'Zoeken', en: 'Search' },
  navRoster: { fr: 'Travailleurs', nl: 'Werknemers', en: 'Workers' },
  navMobile: { fr: 'Mobile', nl: 'Mobiel', en: 'Mobile' },
  navEmergency: { fr: 'Procédure d’urgence', nl: 'Noodprocedure', en: 'Emergency procedure' },
  navContactCenter: { fr: 'Centre de contact', nl: 'Contactcenter', en: 'Contact center' },
  navInspection: { fr: 'Inspection', nl: 'Inspectie', en: 'Inspection' },
  // Workplaces
  workplaces: { fr: 'Lieux de travail', nl: 'Werkplaatsen', en: 'Workplaces' },
  noWorkplaces: {
    fr: "Vous ne participez à aucun lieu de travail pour l'instant.",
    nl: 'U neemt nog aan geen enkele werkplaats deel.',
    en: 'You take part in no workplace yet.',
  },
  workplaceId: {
    fr: 'N° de déclaration de travaux',
    nl: 'Nr. aangifte van werken',
    en: 'Works declaration number',
  },
  period: { fr: 'Période', nl: 'Periode', en: 'Period' },
  day: { fr: 'Jour', nl: 'Dag', en: 'Day' },
  contractorChain: {
    fr: 'Chaîne des entrepreneurs',
    nl: 'Keten van aannemers',
    en: 'Contractor chain',
  },
  openDay: { fr: 'Voir la journée', nl: 'Dag bekijken', en: 'Open the day' },
  // A workplace's day
  dayTitle: { fr: '{workplace} — {date}', nl: '{workplace} — {date}', en: '{workplace} — {date}' },
  registeredToday: {
    fr: 'Présences enregistrées',
    nl: 'Geregistreerde aanwezigheden',
    en: 'Presences registered',
  },
  noPresences: {
    fr: "Personne n'est encore enregistré ce jour-là.",
    nl: 'Nog niemand is voor die dag geregistreerd.',
    en: 'Nobody is registered for that day yet.',
  },
  worker: { fr: 'Travailleur', nl: 'Werknemer', en: 'Worker' },
  name: { fr: 'Nom', nl: 'Naam', en: 'Name' },
  employer: { fr: 'Employeur (n° BCE)', nl: 'Werkgever (KBO-nr.)', en: 'Employer (enterprise number)' },
  receiptNumber: { fr: "N° d'accusé de réception", nl: 'Ontvangstbewijsnummer', en: 'Receipt number' },
  registrationId: { fr: "N° d'enregistrement", nl: 'Registratienummer', en: 'Registration id' },
  channel: { fr: 'Canal', nl: 'Kanaal', en: 'Channel' },
  status: { fr: 'Statut', nl: 'Status', en: 'Status' },
  registered: { fr: 'enregistrée', nl: 'geregistreerd', en: 'registered' },
  cancelled: { fr: 'annulée', nl: 'geannuleerd', en: 'cancelled' },
  // A presence's check (its status and remarks in words: src/domain/validation-texts.ts)
  validation: { fr: 'Vérification', nl: 'Controle', en: 'Check' },
  validationFound: {
    fr: 'La vérification a relevé',
    nl: 'De controle vond',
    en: 'The check found',
  },
  validationFailedHint: {
    fr: 'Une présence « à régulariser » reste enregistrée : mettez en ordre ce que la vérification a relevé (déclaration Dimona ou Limosa, déclaration de travaux, chaîne des entrepreneurs) ; elle est vérifiée à nouveau d’elle-même.',
    nl: 'Een aanwezigheid "te regulariseren" blijft geregistreerd: zet recht wat de controle vond (Dimona- of Limosa-aangifte, aangifte van werken, keten van aannemers); ze wordt vanzelf opnieuw gecontroleerd.',
    en: 'A presence "to put right" stays registered: put right what the check found (the Dimona or Limosa declaration, the works declaration, the contractor chain); it is checked again by itself.',
  },
  // Registering
  register: { fr: 'Enregistrer', nl: 'Registreren', en: 'Register' },
  registerTitle: {
    fr: 'Enregistrer des travailleurs',
    nl: 'Werknemers registreren',
    en: 'Register workers',
  },
  fromRoster: { fr: 'Travailleurs connus', nl: 'Gekende werknemers', en: 'Known workers' },
  otherNumbers: {
    fr: 'Autres numéros (NISS ou Limosa-1 « L1 … », un par ligne)',
    nl: 'Andere nummers (INSZ of Limosa-1 "L1 …", één per regel)',
    en: 'Other numbers (NISS or Limosa-1 "L1 …", one per line)',
  },
  firstDay: { fr: 'Du', nl: 'Van', en: 'From' },
  lastDay: {
    fr: `Au (${MAX_DAYS_AHEAD} jours à l’avance au plus)`,
    nl: `Tot (hoogstens ${MAX_DAYS_AHEAD} dagen vooruit)`,
    en: `To (${MAX_DAYS_AHEAD} days ahead at most)`,
  },
  employerOfWorkers: {
    fr: 'Employeur des travailleurs (n° BCE)',
    nl: 'Werkgever van de werknemers (KBO-nr.)',
    en: "The workers' employer (enterprise number)",
  },
  results: { fr: 'Résultat', nl: 'Resultaat', en: 'Result' },
  registeredCount: {
    fr: '{count} présence(s) enregistrée(s).',
    nl: '{count} aanwezigheid/aanwezigheden geregistreerd.',
    en: '{count} presence(s) registered.',
  },
  alreadyRegistered: { fr: 'déjà enregistrée', nl: 'al geregistreerd', en: 'already registered' },
  refusedCount: {
    fr: '{count} refusée(s) : corrigez les champs indiqués.',
    nl: '{count} geweigerd: verbeter de aangeduide velden.',
    en: '{count} refused: correct the fields shown.',
  },
  line: { fr: 'Ligne {n}', nl: 'Regel {n}', en: 'Line {n}' },
  nothingToRegister: {
    fr: 'Choisissez au moins un travailleur ou tapez un numéro.',
    nl: 'Kies minstens één werknemer of typ een nummer.',
    en: 'Choose at least one worker or type a number.',
  },
  tooManyRegistrations: {
    fr: 'Au plus {max} enregistrements à la fois (travailleurs × jours) : enregistrez en plusieurs fois.',
    nl: 'Hoogstens {max} registraties tegelijk (werknemers × dagen): registreer in meerdere keren.',
    en: 'At most {max} registrations at once (workers × days): register in several goes.',
  },
  tooManyDays: {
    fr: `Au plus ${REGISTRATION_WINDOW_DAYS} jours à la fois.`,
    nl: `Hoogstens ${REGISTRATION_WINDOW_DAYS} dagen tegelijk.`,
    en: `At most ${REGISTRATION_WINDOW_DAYS} days at once.`,
  },
  // The mobile channel
  mobileTitle: { fr: 'Enregistrer sur place', nl: 'Ter plaatse registreren', en: 'Register on site' },
  mobileIntro: {
    fr: 'Fonctionne aussi sans réseau : les présences sont gardées sur ce téléphone et envoyées dès que le réseau revient.',
    nl: 'Werkt ook zonder netwerk: de aanwezigheden worden op deze telefoon bewaard en verzonden zodra het netwerk terug is.',
    en: 'Works without a network too: presences are kept on this phone and sent as soon as the network is back.',
  },
  workplace: { fr: 'Lieu de travail', nl: 'Werkplaats', en: 'Workplace' },
  workerNumber: {
    fr: 'NISS ou numéro Limosa-1 (L1 …)',
    nl: 'INSZ of Limosa-1-nummer (L1 …)',
    en: 'NISS or Limosa-1 number (L1 …)',
  },
  unsentCount: {
    fr: '{count} présence(s) pas encore envoyée(s)',
    nl: '{count} aanwezigheid/aanwezigheden nog niet verzonden',
    en: '{count} presence(s) not sent yet',
  },
  allSent: { fr: 'Tout est envoyé.', nl: 'Alles is verzonden.', en: 'Everything is sent.' },
  offline: { fr: 'Hors ligne', nl: 'Offline', en: 'Offline' },
  online: { fr: 'En ligne', nl: 'Online', en: 'Online' },
  waiting: { fr: 'en attente du réseau', nl: 'wacht op netwerk', en: 'waiting for the network' },
  sendNow: { fr: 'Envoyer maintenant', nl: 'Nu verzenden', en: 'Send now' },
  capturedToday: {
    fr: 'Saisies de ce téléphone',
    nl: 'Ingevoerd op deze telefoon',
    en: 'Captured on this phone',
  },
  signInAgain: {
    fr: 'Votre session a pris fin : reconnectez-vous pour envoyer (rien n’est perdu).',
    nl: 'Uw sessie is afgelopen: meld u opnieuw aan om te verzenden (er gaat niets verloren).',
    en: 'Your session ended: sign in again to send (nothing is lost).',
  },
  dayOver: {
    fr: 'Le jour est passé sans envoi : suivez la procédure d’urgence pour ce jour.',
    nl: 'De dag is voorbij zonder verzending: volg de noodprocedure voor die dag.',
    en: 'The day passed before it could be sent: follow the emergency procedure for that day.',
  },
  needsScript: {
    fr: 'Cette page a besoin de JavaScript. Utilisez sinon la page « Aujourd’hui ».',
    nl: 'Deze pagina heeft JavaScript nodig. Gebruik anders de pagina "Vandaag".',
    en: 'This page needs JavaScript. Otherwise use the "Today" page.',
  },
  // Errors
  errorTitle: { fr: 'Une erreur', nl: 'Een fout', en: 'An error' },
  notFound: {
    fr: 'Cette page n’existe pas.',
    nl: 'Deze pagina bestaat niet.',
    en: 'This page does not exist.',
  },
  forbidden: {
    fr: 'Votre compte ne donne pas accès à cette page.',
    nl: 'Uw account geeft geen toegang tot deze pagina.',
    en: 'Your account gives no access to this page.',
  },
  backHome: { fr: "Retour à l'accueil", nl: 'Terug naar het begin', en: 'Back to the start' },
  formHasErrors: {
    fr: 'Le formulaire contient des erreurs : voyez les champs indiqués.',
    nl: 'Het formulier bevat fouten: zie de aangeduide velden.',
    en: 'The form has errors: see the fields shown.',
  },
} as const satisfies Record<string, Texts>;
