import { MAX_DAYS_AHEAD } from '../presence.js';
import type { ReferenceNumber } from '../reference-number.js';
import type { Step, Texts } from './decision.js';

/**
 * The steps and questions of the emergency procedure in French (the procedure's own words where it has them),
 * Dutch and English. Codes are stable: the site agent and the web app show their own texts by code if they wish.
 */
export const STEPS = {
  CONTACT_PROVIDER: {
    fr: "Contactez d'abord votre fournisseur de services (Track&Trace, lecteur de badge, outil de planning ERP, …) : vérifiez avec lui que le problème ne provient pas du service fourni et si une solution est possible.",
    nl: 'Neem eerst contact op met uw dienstverlener (Track&Trace, badgelezer, ERP-planningstool, …): ga samen na of het probleem bij de geleverde dienst ligt en of er een oplossing mogelijk is.',
    en: 'First contact your service provider (track & trace, badge reader, ERP planning tool, …): check with them whether the problem comes from the service they provide and whether a solution is possible.',
  },
  PROVIDER_SOLUTION: {
    fr: 'Votre fournisseur a une solution : faites les enregistrements de présence par son système, comme d’habitude.',
    nl: 'Uw dienstverlener heeft een oplossing: registreer de aanwezigheden zoals gewoonlijk via zijn systeem.',
    en: 'Your provider has a solution: register the presences through its system as usual.',
  },
  TRY_OTHER_CHANNEL: {
    fr: "Essayez de faire l'enregistrement par un autre canal (enregistrement en ligne, mobile, …) et notez chaque essai : canal, heure, résultat.",
    nl: 'Probeer de registratie via een ander kanaal (online registratie, mobiel, …) en noteer elke poging: kanaal, uur, resultaat.',
    en: 'Try to register through another channel (online registration, mobile, …) and record each attempt: channel, time, result.',
  },
  SUBCONTRACTOR_OTHER_CHANNEL: {
    fr: "Vous êtes sous-traitant et utilisez le moyen d'enregistrement de votre co-contractant : votre accord avec lui doit préciser qu'en cas d'impossibilité d'enregistrer par le canal convenu, vous pouvez utiliser un autre canal.",
    nl: 'U bent onderaannemer en gebruikt het registratiemiddel van uw medecontractant: in uw afspraak met hem moet staan dat u een ander kanaal mag gebruiken wanneer registreren via het afgesproken kanaal onmogelijk is.',
    en: "You are a subcontractor using your co-contractor's means of registration: your agreement with them must state that you may use another channel when registering through the agreed one is impossible.",
  },
  REGISTERED_OTHER_CHANNEL: {
    fr: "Les présences ont été enregistrées par un autre canal : elles sont en ordre, la procédure d'urgence s'arrête là.",
    nl: 'De aanwezigheden zijn via een ander kanaal geregistreerd: ze zijn in orde, de noodprocedure stopt hier.',
    en: 'The presences were registered through another channel: they are in order, and the emergency procedure ends here.',
  },
  EXEMPT_INFRASTRUCTURE: {
    fr: "L'impossibilité provient de l'infrastructure (panne d'électricité, réseau téléphonique ou internet hors service, …) : vous êtes dispensé de l'obligation d'enregistrement pour la journée. Vous ne devez rien faire d'autre.",
    nl: 'De onmogelijkheid komt van de infrastructuur (stroomonderbreking, telefoon- of internetnetwerk buiten dienst, …): u bent voor die dag vrijgesteld van de registratieplicht. U hoeft verder niets te doen.',
    en: 'The impossibility comes from the infrastructure (power cut, telephone or internet network down, …): you are exempt from the registration obligation for the day. You need not do anything else.',
  },
  KEEP_EVIDENCE: {
    fr: "L'indisponibilité doit être vérifiable : la raison invoquée sera vérifiée par les services compétents. Gardez ce qui la prouve (ticket de l'opérateur, avis de panne, journal des essais) et joignez-le à l'incident.",
    nl: 'De onbeschikbaarheid moet verifieerbaar zijn: de ingeroepen reden wordt door de bevoegde diensten nagegaan. Bewaar wat ze bewijst (ticket van de operator, storingsbericht, logboek van de pogingen) en voeg het bij het incident.',
    en: 'The unavailability must be verifiable: the competent services will check the reason given. Keep what proves it (the operator’s ticket, an outage notice, the log of attempts) and add it to the incident.',
  },
  EXEMPT_REGISTRY: {
    fr: "Le service Checkin@Work est indisponible : vous êtes dispensé de l'enregistrement de présence pour la journée. Vous ne devez rien faire.",
    nl: 'De dienst Checkin@Work is onbeschikbaar: u bent voor die dag vrijgesteld van de aanwezigheidsregistratie. U hoeft niets te doen.',
    en: 'The Checkin@Work service is unavailable: you are exempt from registering presences for the day. You need not do anything.',
  },
  REGISTRY_OUTAGE_CONFIRMED: {
    fr: 'Le journal de disponibilité du registre confirme une interruption aux heures indiquées.',
    nl: 'Het beschikbaarheidslogboek van het register bevestigt een onderbreking op de opgegeven uren.',
    en: "The registry's availability journal confirms an outage at the times given.",
  },
  REGISTRY_OUTAGE_NOT_CONFIRMED: {
    fr: "Le journal de disponibilité du registre ne montre aucune interruption aux heures indiquées : la dispense n'est pas confirmée et sera vérifiée. Vérifiez les heures indiquées ; si le registre vous reste inaccessible, le problème peut venir d'ailleurs (votre connexion, votre fournisseur) : dites-le dans l'incident.",
    nl: 'Het beschikbaarheidslogboek van het register toont geen onderbreking op de opgegeven uren: de vrijstelling is niet bevestigd en wordt nagegaan. Controleer de opgegeven uren; blijft het register voor u onbereikbaar, dan kan het probleem elders liggen (uw verbinding, uw dienstverlener): meld het in het incident.',
    en: "The registry's availability journal shows no outage at the times given: the exemption is not confirmed and will be checked. Check the times given; if the registry stays out of your reach, the problem may lie elsewhere (your connection, your provider): say so in the incident.",
  },
  CO_CONTRACTOR_MEANS_NOT_INFRASTRUCTURE: {
    fr: "Attention : si ce sont les moyens d'enregistrement mis à votre disposition par votre co-contractant qui ne fonctionnent pas (et non le courant ou le réseau), il ne s'agit pas d'une panne d'infrastructure et vous n'êtes pas dispensé.",
    nl: 'Let op: werken de registratiemiddelen die uw medecontractant u ter beschikking stelt niet (en niet de stroom of het netwerk), dan gaat het niet om een storing van de infrastructuur en bent u niet vrijgesteld.',
    en: 'Note: if what fails is the means of registration your co-contractor provides (not the power or the network), it is not an infrastructure failure and you are not exempt.',
  },
  REGISTRY_OUTAGE_TO_VERIFY: {
    fr: 'La dispense sera vérifiée dans le journal de disponibilité du registre aux heures indiquées.',
    nl: 'De vrijstelling wordt nagegaan in het beschikbaarheidslogboek van het register op de opgegeven uren.',
    en: "The exemption will be checked against the registry's availability journal at the times given.",
  },
  AGENT_REFERENCE: {
    fr: "L'agent déterminera avec vous les éventuelles solutions ou vous délivrera un numéro de référence, permettant d'acter le problème rencontré.",
    nl: 'De medewerker zoekt met u naar een oplossing of geeft u een referentienummer waarmee het probleem wordt vastgelegd.',
    en: 'The agent will look for a solution with you or give you a reference number that records the problem.',
  },
  FORM_REFERENCE: {
    fr: 'Un numéro de référence vous sera communiqué automatiquement.',
    nl: 'U krijgt automatisch een referentienummer.',
    en: 'A reference number is given to you automatically.',
  },
  THEN_PAPER_LISTING: {
    fr: 'Avec le numéro de référence, vous remplirez un listing papier d’enregistrement de présence.',
    nl: 'Met het referentienummer vult u daarna een papieren aanwezigheidslijst in.',
    en: 'With the reference number you will then fill in a paper attendance listing.',
  },
  LISTING_FIELDS: {
    fr: 'Indiquez également le numéro de déclaration de travaux, la date du jour ainsi que, pour chaque travailleur présent ou qui sera présent, le numéro de registre national ou numéro de Limosa L1, le nom et le prénom.',
    nl: 'Vermeld ook het nummer van de aangifte van werken, de datum van de dag en, voor elke werknemer die aanwezig is of zal zijn, het rijksregisternummer of Limosa-L1-nummer, de naam en de voornaam.',
    en: 'Also write the works declaration number, the date of the day and, for every worker present or who will be present, the national register number or Limosa L1 number, last name and first name.',
  },
  LISTING_IS_PROOF: {
    fr: "C'est votre preuve de signalement et la preuve que vos travailleurs sont enregistrés : gardez le listing sur le lieu de travail.",
    nl: 'Dit is uw bewijs van melding en het bewijs dat uw werknemers geregistreerd zijn: bewaar de lijst op de werkplaats.',
    en: 'It is your proof of notification and the proof that your workers are registered: keep the listing at the workplace.',
  },
  CAPTURE_LISTING: {
    fr: 'Quand le registre est de nouveau accessible, encodez les lignes du listing dans le registre : chaque ligne y devient une présence du canal « papier » portant le numéro de référence.',
    nl: 'Zodra het register weer bereikbaar is, voert u de regels van de lijst in het register in: elke regel wordt een aanwezigheid via het kanaal "papier" met het referentienummer.',
    en: 'Once the registry can be reached again, enter the listing’s lines into it: each becomes a presence of channel "paper" carrying the reference number.',
  },
  PERMANENT_NOT_EXEMPT: {
    fr: "Cette procédure ne donne en aucun cas dispense d'enregistrement de présence pour un lieu de travail où l'indisponibilité de l'infrastructure nécessaire (réseau téléphonique, connexion internet, électricité, …) est permanente.",
    nl: 'Deze procedure geeft in geen geval vrijstelling van aanwezigheidsregistratie voor een werkplaats waar de nodige infrastructuur (telefoonnetwerk, internetverbinding, elektriciteit, …) blijvend onbeschikbaar is.',
    en: 'This procedure never exempts from registering presences a workplace where the infrastructure needed (telephone network, internet connection, electricity, …) is permanently unavailable.',
  },
  ORGANISE_WITH_SUBCONTRACTORS: {
    fr: "Il appartient aux entrepreneurs déclarants de convenir avec leurs sous-traitants d'une autre organisation qui satisfait à l'obligation.",
    nl: 'De aangevende aannemers moeten met hun onderaannemers een andere organisatie afspreken die aan de verplichting voldoet.',
    en: 'The declaring contractors must agree with their subcontractors on another way of working that meets the obligation.',
  },
  REGISTER_IN_ADVANCE: {
    fr: `Enregistrez les présences à l'avance (jusqu'à ${MAX_DAYS_AHEAD} jours avant), d'un endroit où le service est accessible.`,
    nl: `Registreer de aanwezigheden op voorhand (tot ${MAX_DAYS_AHEAD} dagen vooraf), vanaf een plaats waar de dienst bereikbaar is.`,
    en: `Register the presences in advance (up to ${MAX_DAYS_AHEAD} days ahead), from a place where the service can be reached.`,
  },
  REGISTER_REMOTELY: {
    fr: 'Ou enregistrez-les à distance, via le service en ligne Checkin@Work, depuis un bureau ou un autre lieu connecté.',
    nl: 'Of registreer ze op afstand, via de onlinedienst Checkin@Work, vanuit een kantoor of een andere plaats met verbinding.',
    en: 'Or register them remotely, through the Checkin@Work online service, from an office or another connected place.',
  },
} as const satisfies Record<string, Texts>;

/** The questions that tell the origins apart when a company cannot tell where the problem comes from. */
export const QUESTIONS = {
  ASK_PROVIDER: {
    fr: "Enregistrez-vous les présences via le système d'un fournisseur de services (Track&Trace, lecteur de badge, outil de planning ERP, …) qui ne fonctionne pas ? Si oui, l'origine est votre fournisseur : contactez-le d'abord.",
    nl: 'Registreert u de aanwezigheden via het systeem van een dienstverlener (Track&Trace, badgelezer, ERP-planningstool, …) dat niet werkt? Zo ja, dan ligt de oorsprong bij uw dienstverlener: neem eerst contact met hem op.',
    en: "Do you register presences through a service provider's system (track & trace, badge reader, ERP planning tool, …) that is not working? If so, the origin is your provider: contact them first.",
  },
  ASK_REGISTRY: {
    fr: 'Le service Checkin@Work lui-même est-il indisponible (message d’erreur du service, page d’état du registre), alors que votre connexion fonctionne pour d’autres sites ?',
    nl: 'Is de dienst Checkin@Work zelf onbeschikbaar (foutmelding van de dienst, statuspagina van het register), terwijl uw verbinding voor andere sites werkt?',
    en: 'Is the Checkin@Work service itself unavailable (an error from the service, the registry’s status page) while your connection works for other sites?',
  },
  ASK_INFRASTRUCTURE: {
    fr: "Y a-t-il une panne d'électricité, ou le réseau téléphonique ou internet est-il hors service sur le lieu de travail — pour tous, pas seulement pour vos appareils ?",
    nl: 'Is er een stroomonderbreking, of is het telefoon- of internetnetwerk op de werkplaats buiten dienst — voor iedereen, niet alleen voor uw toestellen?',
    en: 'Is there a power cut, or is the telephone or internet network down at the workplace — for everyone, not only for your devices?',
  },
  ASK_OWN_MEANS: {
    fr: 'Le problème vient-il de vos propres appareils ou moyens, de ceux que vous mettez à disposition de vos sous-traitants ou, si vous êtes sous-traitant, de ceux que votre co-contractant met à votre disposition ?',
    nl: 'Ligt het probleem bij uw eigen toestellen of middelen, bij die welke u aan uw onderaannemers ter beschikking stelt of, als u onderaannemer bent, bij die welke uw medecontractant u ter beschikking stelt?',
    en: 'Does the problem come from your own devices or means, from those you provide to your subcontractors or, if you are a subcontractor, from those your co-contractor provides to you?',
  },
} as const satisfies Record<string, Texts>;

export type StepCode = keyof typeof STEPS;
export type QuestionCode = keyof typeof QUESTIONS;

/** A step of the catalogue. */
export function step(code: StepCode): Step {
  return { code, text: STEPS[code] };
}

/** A question of the catalogue. */
export function question(code: QuestionCode): Step {
  return { code, text: QUESTIONS[code] };
}

/** Calling the contact center: the number. */
export function callContactCenter(phone: string): Step {
  return {
    code: 'CALL_CONTACT_CENTER',
    text: {
      fr: `Appelez le centre de contact au ${phone}.`,
      nl: `Bel het contactcenter op ${phone}.`,
      en: `Call the contact center on ${phone}.`,
    },
  };
}

/** The phone menu during opening hours, as the procedure gives it: 2, then 5, then 6. */
export function phoneMenu(): Step[] {
  return [
    {
      code: 'MENU_2',
      text: { fr: 'Tapez 2 pour le français.', nl: 'Toets 2 (Frans).', en: 'Press 2 (French).' },
    },
    {
      code: 'MENU_5',
      text: { fr: 'Tapez 5 pour « Autres ».', nl: 'Toets 5 ("Andere").', en: 'Press 5 ("Other").' },
    },
    {
      code: 'MENU_6',
      text: {
        fr: 'Tapez 6 pour entrer en liaison avec un agent.',
        nl: 'Toets 6 om met een medewerker te spreken.',
        en: 'Press 6 to speak to an agent.',
      },
    },
  ];
}

/** During opening hours the contact form may be used instead of the phone. */
export function orContactForm(): Step {
  return {
    code: 'OR_CONTACT_FORM',
    text: {
      fr: 'Vous pouvez aussi prévenir le centre de contact via le formulaire de contact.',
      nl: 'U kunt het contactcenter ook verwittigen via het contactformulier.',
      en: 'You may also notify the contact center through the contact form.',
    },
  };
}

/** Outside opening hours: the contact form. */
export function useContactForm(hours: Texts): Step {
  return {
    code: 'USE_CONTACT_FORM',
    text: {
      fr: `Le centre de contact est fermé (ouvert ${hours.fr}) : contactez-le via le formulaire de contact du centre de contact.`,
      nl: `Het contactcenter is gesloten (open ${hours.nl}): neem contact op via het contactformulier van het contactcenter.`,
      en: `The contact center is closed (open ${hours.en}): contact it through the contact center's contact form.`,
    },
  };
}

/** With a reference number: write it on the paper attendance listing. */
export function writeReferenceOnListing(reference: ReferenceNumber): Step {
  return {
    code: 'FILL_PAPER_LISTING',
    text: {
      fr: `Inscrivez le numéro de référence ${reference} sur un listing papier d'enregistrement de présence.`,
      nl: `Schrijf het referentienummer ${reference} op een papieren aanwezigheidslijst.`,
      en: `Write the reference number ${reference} on a paper attendance listing.`,
    },
  };
}
