import type { Texts } from '../../domain/procedure/decision.js';

/**
 * The texts of a company's search and cancel, roster and contractor-chain pages. Keys start with `adm`, so that
 * they never clash with the texts of the other parts of the site.
 */
export const COMPANY_ADMIN_MESSAGES = {
  // Searching presences
  admSearchTitle: { fr: 'Rechercher des présences', nl: 'Aanwezigheden zoeken', en: 'Search presences' },
  admSearchIntro: {
    fr: 'Les présences de vos travailleurs et de vos sous-traitants, enregistrées ou annulées, sur une période.',
    nl: 'De aanwezigheden van uw werknemers en uw onderaannemers, geregistreerd of geannuleerd, over een periode.',
    en: 'The presences of your workers and of your subcontractors, registered or cancelled, over a period.',
  },
  admFrom: { fr: 'Du', nl: 'Van', en: 'From' },
  admTo: { fr: 'Au', nl: 'Tot', en: 'To' },
  admAllWorkplaces: { fr: 'Tous les lieux de travail', nl: 'Alle werkplaatsen', en: 'Every workplace' },
  admWorkerFilter: {
    fr: 'Travailleur (NISS ou Limosa-1 « L1 … », facultatif)',
    nl: 'Werknemer (INSZ of Limosa-1 "L1 …", facultatief)',
    en: 'Worker (NISS or Limosa-1 "L1 …", optional)',
  },
  admStatusAll: { fr: 'Toutes', nl: 'Alle', en: 'All' },
  admStatusRegistered: { fr: 'Enregistrées', nl: 'Geregistreerd', en: 'Registered' },
  admStatusCancelled: { fr: 'Annulées', nl: 'Geannuleerd', en: 'Cancelled' },
  admPerPage: { fr: 'Par page', nl: 'Per pagina', en: 'Per page' },
  admSearch: { fr: 'Rechercher', nl: 'Zoeken', en: 'Search' },
  admResults: { fr: 'Résultats', nl: 'Resultaten', en: 'Results' },
  admNoResults: {
    fr: 'Aucune présence ne répond à cette recherche.',
    nl: 'Geen enkele aanwezigheid beantwoordt aan deze zoekopdracht.',
    en: 'No presence matches this search.',
  },
  admPageCount: {
    fr: '{count} présence(s) sur cette page.',
    nl: '{count} aanwezigheid/aanwezigheden op deze pagina.',
    en: '{count} presence(s) on this page.',
  },
  admNextPage: { fr: 'Page suivante', nl: 'Volgende pagina', en: 'Next page' },
  admFirstPage: { fr: 'Première page', nl: 'Eerste pagina', en: 'First page' },
  admTimesInBrussels: {
    fr: 'Heures de Bruxelles.',
    nl: 'Uren in Brusselse tijd.',
    en: 'Times are Brussels time.',
  },
  admCancelledOn: { fr: 'le {time}', nl: 'op {time}', en: 'on {time}' },
  admCancelReason: {
    fr: 'Motif de l’annulation',
    nl: 'Reden van de annulering',
    en: 'Reason for cancelling',
  },
  admCancel: { fr: 'Annuler la présence', nl: 'Aanwezigheid annuleren', en: 'Cancel the presence' },
  admCancelledNotice: {
    fr: 'La présence de {worker} du {date} est annulée (accusé de réception {receipt}).',
    nl: 'De aanwezigheid van {worker} op {date} is geannuleerd (ontvangstbewijs {receipt}).',
    en: 'The presence of {worker} on {date} is cancelled (receipt {receipt}).',
  },
  admChain: { fr: 'Chaîne de sous-traitance', nl: 'Onderaannemingsketen', en: 'Contractor chain' },
  // The roster
  admRosterTitle: { fr: 'Vos travailleurs', nl: 'Uw werknemers', en: 'Your workers' },
  admRosterIntro: {
    fr: 'La liste des travailleurs de l’entreprise : ils sont proposés à l’enregistrement et pré-remplis sur la liste de présence papier.',
    nl: 'De lijst van de werknemers van het bedrijf: ze worden voorgesteld bij het registreren en vooraf ingevuld op de papieren aanwezigheidslijst.',
    en: "The company's list of workers: they are offered when registering and filled in on the paper attendance listing.",
  },
  admRosterOf: { fr: 'Entreprise : {enterprise}', nl: 'Bedrijf: {enterprise}', en: 'Company: {enterprise}' },
  admActingFor: {
    fr: 'Entreprise pour laquelle vous agissez',
    nl: 'Bedrijf waarvoor u optreedt',
    en: 'The company you act for',
  },
  admOpen: { fr: 'Ouvrir', nl: 'Openen', en: 'Open' },
  admChooseCompany: {
    fr: 'Choisissez l’entreprise dont vous tenez la liste des travailleurs.',
    nl: 'Kies het bedrijf waarvan u de werknemerslijst bijhoudt.',
    en: 'Choose the company whose list of workers you keep.',
  },
  admNoMandators: {
    fr: 'Aucune entreprise ne vous a donné de mandat pour l’instant.',
    nl: 'Nog geen enkel bedrijf gaf u een mandaat.',
    en: 'No company has given you a mandate yet.',
  },
  admRosterEmpty: {
    fr: 'Aucun travailleur dans la liste pour l’instant.',
    nl: 'Nog geen werknemers in de lijst.',
    en: 'No worker on the list yet.',
  },
  admRosterCount: {
    fr: '{count} travailleur(s) dans la liste.',
    nl: '{count} werknemer(s) in de lijst.',
    en: '{count} worker(s) on the list.',
  },
  admNumber: { fr: 'Numéro', nl: 'Nummer', en: 'Number' },
  admLastName: { fr: 'Nom', nl: 'Achternaam', en: 'Last name' },
  admFirstName: { fr: 'Prénom', nl: 'Voornaam', en: 'First name' },
  admAddWorker: { fr: 'Ajouter un travailleur', nl: 'Een werknemer toevoegen', en: 'Add a worker' },
  admAdd: { fr: 'Ajouter', nl: 'Toevoegen', en: 'Add' },
  admRemove: { fr: 'Retirer', nl: 'Verwijderen', en: 'Remove' },
  admRemoveWorker: {
    fr: 'Retirer {name} de la liste',
    nl: '{name} uit de lijst verwijderen',
    en: 'Remove {name} from the list',
  },
  admWorkerAdded: {
    fr: 'Le travailleur est ajouté à la liste.',
    nl: 'De werknemer is aan de lijst toegevoegd.',
    en: 'The worker is added to the list.',
  },
  admWorkerRemoved: {
    fr: 'Le travailleur est retiré de la liste.',
    nl: 'De werknemer is uit de lijst verwijderd.',
    en: 'The worker is removed from the list.',
  },
  // The contractor chain
  admChainTitle: {
    fr: '{workplace} — chaîne de sous-traitance',
    nl: '{workplace} — onderaannemingsketen',
    en: '{workplace} — contractor chain',
  },
  admChainIntro: {
    fr: 'Qui travaille pour qui sur ce lieu de travail, tel que vous pouvez le voir : votre place, les entreprises au-dessus de vous et vos sous-traitants.',
    nl: 'Wie voor wie werkt op deze werkplaats, zoals u het mag zien: uw plaats, de bedrijven boven u en uw onderaannemers.',
    en: 'Who works for whom on this workplace, as you may see it: your place, the companies above you and your subcontractors.',
  },
  admDeclarant: { fr: 'déclarant des travaux', nl: 'aangever van de werken', en: 'declarant of the works' },
  admYou: { fr: 'vous', nl: 'u', en: 'you' },
  admNoContractors: {
    fr: 'Aucun sous-traitant pour l’instant.',
    nl: 'Nog geen onderaannemers.',
    en: 'No subcontractor yet.',
  },
  admAddContractor: {
    fr: 'Ajouter un sous-traitant',
    nl: 'Een onderaannemer toevoegen',
    en: 'Add a subcontractor',
  },
  admAddContractorIntro: {
    fr: 'Vous ajoutez vos propres sous-traitants, directement sous votre entreprise ; le déclarant des travaux peut ajouter une entreprise sous n’importe quelle entreprise de la chaîne.',
    nl: 'U voegt uw eigen onderaannemers toe, rechtstreeks onder uw bedrijf; de aangever van de werken kan een bedrijf onder elk bedrijf van de keten toevoegen.',
    en: 'You add your own subcontractors, directly below your company; the declarant of the works may add a company below any company of the chain.',
  },
  admContractorEnterprise: {
    fr: 'N° BCE du sous-traitant',
    nl: 'KBO-nr. van de onderaannemer',
    en: "The subcontractor's enterprise number",
  },
  admWorksFor: { fr: 'Travaille pour', nl: 'Werkt voor', en: 'Works for' },
  admAddToChain: { fr: 'Ajouter à la chaîne', nl: 'Aan de keten toevoegen', en: 'Add to the chain' },
  admContractorAdded: {
    fr: '{enterprise} travaille désormais pour {parent} sur ce lieu de travail.',
    nl: '{enterprise} werkt voortaan voor {parent} op deze werkplaats.',
    en: '{enterprise} now works for {parent} on this workplace.',
  },
  admAlreadyLinked: {
    fr: 'Cette entreprise travaille déjà pour celle-là sur ce lieu de travail : rien n’a changé.',
    nl: 'Dit bedrijf werkt al voor dat bedrijf op deze werkplaats: er is niets veranderd.',
    en: 'This company already works for that one on this workplace: nothing changed.',
  },
  admDayOfWorkplace: { fr: 'La journée du chantier', nl: 'De dag van de werf', en: "The workplace's day" },
  admPresencesOfWorkplace: {
    fr: 'Les présences de ce lieu de travail',
    nl: 'De aanwezigheden van deze werkplaats',
    en: "This workplace's presences",
  },
} as const satisfies Record<string, Texts>;
