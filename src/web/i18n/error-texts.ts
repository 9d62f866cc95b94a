import type { ErrorCode } from '../../domain/errors.js';
import { LIMOSA_MAX_DIGITS, LIMOSA_MIN_DIGITS } from '../../domain/limosa-id.js';
import { MAX_DAYS_AHEAD } from '../../domain/presence.js';
import type { Texts } from '../../domain/procedure/decision.js';
import { RETENTION_YEARS } from '../../domain/retention.js';
import { MIN_RSA_BITS } from '../../domain/sender-certificate.js';

/** A text in the three languages of the site's users (the one the emergency procedure's steps use). */
export type { Texts };

/**
 * What each error code means, for a person filling in a form (a site manager at 6 a.m. on a phone, office staff,
 * a contact-center agent), in French, Dutch and English: what is wrong and, where it helps, what to do. The texts
 * hold no per-error parts; the numbers in them are the registry's own constants (35 days ahead, 7 years, …).
 */
export const ERROR_TEXTS: Readonly<Record<ErrorCode, Texts>> = {
  // Request shape
  REQUEST_INVALID: {
    fr: "Le formulaire n'a pas pu être lu : rechargez la page et réessayez.",
    nl: 'Het formulier kon niet worden gelezen: laad de pagina opnieuw en probeer het nog eens.',
    en: 'The form could not be read: reload the page and try again.',
  },
  FIELD_REQUIRED: {
    fr: 'Ce champ est obligatoire.',
    nl: 'Dit veld is verplicht.',
    en: 'This field is required.',
  },
  FIELD_UNKNOWN: {
    fr: 'Le formulaire contient un champ inattendu : rechargez la page et réessayez.',
    nl: 'Het formulier bevat een onverwacht veld: laad de pagina opnieuw en probeer het nog eens.',
    en: 'The form holds a field it should not: reload the page and try again.',
  },
  FIELD_TYPE: {
    fr: 'Ce champ contient une valeur du mauvais type : vérifiez ce que vous avez saisi.',
    nl: 'Dit veld bevat het verkeerde soort waarde: controleer wat u hebt ingevuld.',
    en: 'This field holds the wrong kind of value: check what you typed.',
  },
  FIELD_LENGTH: {
    fr: 'Ce champ est trop long ou trop court.',
    nl: 'Dit veld is te lang of te kort.',
    en: 'This field is too long or too short.',
  },
  FIELD_VALUE: {
    fr: "Cette valeur n'est pas admise ici.",
    nl: 'Deze waarde is hier niet toegestaan.',
    en: 'This value is not allowed here.',
  },
  FIELD_FORMAT: {
    fr: "Ce champ n'a pas le format attendu : vérifiez ce que vous avez saisi.",
    nl: 'Dit veld heeft niet het verwachte formaat: controleer wat u hebt ingevuld.',
    en: 'This field is not in the expected format: check what you typed.',
  },
  TOO_FEW_ITEMS: {
    fr: 'La liste est vide : ajoutez au moins une ligne.',
    nl: 'De lijst is leeg: voeg minstens één regel toe.',
    en: 'The list is empty: add at least one line.',
  },
  TOO_MANY_ITEMS: {
    fr: 'Cette liste compte trop de lignes.',
    nl: 'Deze lijst telt te veel regels.',
    en: 'This list has too many lines.',
  },
  BODY_MALFORMED: {
    fr: "L'envoi est arrivé incomplet ou abîmé : rechargez la page et réessayez.",
    nl: 'De verzending kwam onvolledig of beschadigd aan: laad de pagina opnieuw en probeer het nog eens.',
    en: 'What was sent arrived incomplete or damaged: reload the page and try again.',
  },
  BODY_TOO_LARGE: {
    fr: "C'est trop à envoyer en une fois : envoyez-le en plusieurs parties.",
    nl: 'Dit is te veel om in één keer te verzenden: verzend het in meerdere delen.',
    en: 'This is too much to send at once: send it in several parts.',
  },
  MEDIA_TYPE_UNSUPPORTED: {
    fr: "Le formulaire a été envoyé dans un format que le registre n'accepte pas : rechargez la page et réessayez.",
    nl: 'Het formulier werd verzonden in een formaat dat het register niet aanvaardt: laad de pagina opnieuw en probeer het nog eens.',
    en: 'The form was sent in a format the registry does not accept: reload the page and try again.',
  },
  URL_TOO_LONG: {
    fr: "L'adresse de la page est trop longue : revenez à l'accueil et réessayez.",
    nl: 'Het adres van de pagina is te lang: ga terug naar de startpagina en probeer het opnieuw.',
    en: 'The address of the page is too long: go back to the home page and try again.',
  },
  HEADERS_TOO_LARGE: {
    fr: 'La demande est trop grande (souvent des cookies en trop) : effacez les cookies du site et réessayez.',
    nl: 'De aanvraag is te groot (vaak te veel cookies): wis de cookies van de site en probeer het opnieuw.',
    en: "The request is too large (often too many cookies): clear the site's cookies and try again.",
  },
  REQUEST_TIMEOUT: {
    fr: "L'envoi a pris trop de temps : vérifiez la connexion et réessayez.",
    nl: 'De verzending duurde te lang: controleer de verbinding en probeer het opnieuw.',
    en: 'Sending took too long: check the connection and try again.',
  },
  // Identifiers
  NISS_FORMAT: {
    fr: 'Un numéro NISS ne contient que des chiffres (les points, tirets et espaces sont admis).',
    nl: 'Een INSZ-nummer bevat alleen cijfers (punten, streepjes en spaties zijn toegestaan).',
    en: 'A NISS number has digits only (dots, dashes and spaces are allowed).',
  },
  NISS_LENGTH: {
    fr: 'Un numéro NISS compte 11 chiffres : recomptez-les.',
    nl: 'Een INSZ-nummer telt 11 cijfers: tel ze na.',
    en: 'A NISS number has 11 digits: count them again.',
  },
  NISS_CHECK_DIGITS: {
    fr: "Ce numéro NISS n'est pas valable : vérifiez les deux derniers chiffres.",
    nl: 'Dit INSZ-nummer is niet geldig: controleer de laatste twee cijfers.',
    en: 'This NISS number is not valid: check its last two digits.',
  },
  NISS_BIRTH_DATE: {
    fr: "Ce numéro NISS n'est pas valable : ses six premiers chiffres ne forment pas une date de naissance existante.",
    nl: 'Dit INSZ-nummer is niet geldig: de eerste zes cijfers vormen geen bestaande geboortedatum.',
    en: 'This NISS number is not valid: its first six digits are not a real birth date.',
  },
  ENTERPRISE_NUMBER_FORMAT: {
    fr: 'Un numéro BCE ne contient que des chiffres et commence par 0 ou 1, par exemple 0403.170.701.',
    nl: 'Een KBO-nummer bevat alleen cijfers en begint met 0 of 1, bijvoorbeeld 0403.170.701.',
    en: 'An enterprise number has digits only and starts with 0 or 1, such as 0403.170.701.',
  },
  ENTERPRISE_NUMBER_LENGTH: {
    fr: 'Un numéro BCE compte 10 chiffres : recomptez-les.',
    nl: 'Een KBO-nummer telt 10 cijfers: tel ze na.',
    en: 'An enterprise number has 10 digits: count them again.',
  },
  ENTERPRISE_NUMBER_CHECK_DIGITS: {
    fr: "Ce numéro BCE n'est pas valable : vérifiez les deux derniers chiffres.",
    nl: 'Dit KBO-nummer is niet geldig: controleer de laatste twee cijfers.',
    en: 'This enterprise number is not valid: check its last two digits.',
  },
  LIMOSA_FORMAT: {
    fr: 'Un numéro Limosa-1 ne contient que des chiffres.',
    nl: 'Een Limosa-1-nummer bevat alleen cijfers.',
    en: 'A Limosa-1 number has digits only.',
  },
  LIMOSA_LENGTH: {
    fr: `Un numéro Limosa-1 compte de ${LIMOSA_MIN_DIGITS} à ${LIMOSA_MAX_DIGITS} chiffres.`,
    nl: `Een Limosa-1-nummer telt ${LIMOSA_MIN_DIGITS} tot ${LIMOSA_MAX_DIGITS} cijfers.`,
    en: `A Limosa-1 number has ${LIMOSA_MIN_DIGITS} to ${LIMOSA_MAX_DIGITS} digits.`,
  },
  WORKER_IDENTIFIER_MISSING: {
    fr: 'Indiquez le numéro NISS ou le numéro Limosa-1 du travailleur.',
    nl: 'Vul het INSZ-nummer of het Limosa-1-nummer van de werknemer in.',
    en: "Give the worker's NISS number or Limosa-1 number.",
  },
  WORKER_IDENTIFIER_AMBIGUOUS: {
    fr: 'Indiquez soit un numéro NISS, soit un numéro Limosa-1, pas les deux.',
    nl: 'Vul ofwel een INSZ-nummer ofwel een Limosa-1-nummer in, niet allebei.',
    en: 'Give either a NISS number or a Limosa-1 number, not both.',
  },
  WORKPLACE_ID_FORMAT: {
    fr: 'Un numéro de déclaration de travaux compte de 6 à 20 lettres et chiffres.',
    nl: 'Een nummer van een aangifte van werken telt 6 tot 20 letters en cijfers.',
    en: 'A works declaration number has 6 to 20 letters and digits.',
  },
  RECEIPT_NUMBER_FORMAT: {
    fr: "Un numéro d'accusé de réception compte 12 lettres et chiffres, par exemple 7K3M-9QXD-2R4V.",
    nl: 'Een ontvangstbewijsnummer telt 12 letters en cijfers, bijvoorbeeld 7K3M-9QXD-2R4V.',
    en: 'A receipt number has 12 letters and digits, such as 7K3M-9QXD-2R4V.',
  },
  RECEIPT_NUMBER_CHECK_CHARACTER: {
    fr: "Ce numéro d'accusé de réception est mal recopié : vérifiez chaque caractère.",
    nl: 'Dit ontvangstbewijsnummer is verkeerd overgenomen: controleer elk teken.',
    en: 'This receipt number is mistyped: check each character.',
  },
  REGISTRATION_ID_FORMAT: {
    fr: "Un numéro d'enregistrement compte 15 chiffres, le premier n'étant pas 0, par exemple 483920175562890.",
    nl: 'Een registratienummer telt 15 cijfers, waarvan het eerste geen 0 is, bijvoorbeeld 483920175562890.',
    en: 'A registration id has 15 digits, the first not 0, such as 483920175562890.',
  },
  REGISTRATION_ID_CHECK_DIGITS: {
    fr: "Ce numéro d'enregistrement est mal recopié : ses deux derniers chiffres ne correspondent pas.",
    nl: 'Dit registratienummer is verkeerd overgenomen: de laatste twee cijfers kloppen niet.',
    en: 'This registration id is mistyped: its last two digits do not match.',
  },
  CLIENT_REFERENCE_FORMAT: {
    fr: 'Votre référence interne compte de 1 à 64 caractères : lettres sans accents, chiffres et ponctuation.',
    nl: 'Uw eigen referentie telt 1 tot 64 tekens: letters zonder accenten, cijfers en leestekens.',
    en: 'Your own reference has 1 to 64 characters: letters without accents, digits and punctuation.',
  },
  POSTAL_CODE_FORMAT: {
    fr: 'Un code postal belge compte 4 chiffres, de 1000 à 9999.',
    nl: 'Een Belgische postcode telt 4 cijfers, van 1000 tot 9999.',
    en: 'A Belgian postal code has 4 digits, from 1000 to 9999.',
  },
  TEXT_BLANK: {
    fr: 'Ce champ est vide : complétez-le.',
    nl: 'Dit veld is leeg: vul het in.',
    en: 'This field is empty: fill it in.',
  },
  TEXT_CONTROL_CHARACTER: {
    fr: 'Ce texte contient un caractère de contrôle invisible : retapez-le au lieu de le coller.',
    nl: 'Deze tekst bevat een onzichtbaar stuurteken: typ hem opnieuw in plaats van hem te plakken.',
    en: 'This text holds an invisible control character: type it again rather than pasting it.',
  },
  TEXT_ENCODING: {
    fr: 'Ce texte contient un caractère abîmé : retapez-le au lieu de le coller.',
    nl: 'Deze tekst bevat een beschadigd teken: typ hem opnieuw in plaats van hem te plakken.',
    en: 'This text holds a damaged character: type it again rather than pasting it.',
  },
  // Dates
  DATE_FORMAT: {
    fr: "Cette date n'est pas écrite sous la forme année-mois-jour, par exemple 2026-11-27.",
    nl: 'Deze datum is niet geschreven als jaar-maand-dag, bijvoorbeeld 2026-11-27.',
    en: 'This date is not written as year-month-day, such as 2026-11-27.',
  },
  DATE_INVALID: {
    fr: "Cette date n'est pas valable : vérifiez le jour, le mois et l'année.",
    nl: 'Deze datum is niet geldig: controleer de dag, de maand en het jaar.',
    en: 'This date is not valid: check the day, the month and the year.',
  },
  DATE_IN_PAST: {
    fr: "Ce jour est déjà passé : les présences s'enregistrent le jour même ou à l'avance.",
    nl: 'Deze dag is al voorbij: aanwezigheden worden op de dag zelf of vooraf geregistreerd.',
    en: 'This day is already over: presences are registered on the day itself or in advance.',
  },
  DATE_TOO_FAR: {
    fr: `Cette date est trop lointaine : choisissez un jour dans les ${MAX_DAYS_AHEAD} prochains jours.`,
    nl: `Deze datum ligt te ver vooruit: kies een dag binnen de komende ${MAX_DAYS_AHEAD} dagen.`,
    en: `This date is too far ahead: choose a day within the next ${MAX_DAYS_AHEAD} days.`,
  },
  DATE_RANGE_INVALID: {
    fr: 'La fin est antérieure au début : vérifiez les deux.',
    nl: 'Het einde ligt vóór het begin: controleer beide.',
    en: 'The end is before the start: check both.',
  },
  DATE_RANGE_TOO_LONG: {
    fr: 'Cette période est trop longue : choisissez-en une plus courte.',
    nl: 'Deze periode is te lang: kies een kortere.',
    en: 'This period is too long: choose a shorter one.',
  },
  DATE_OUTSIDE_WORKPLACE_PERIOD: {
    fr: 'Ce jour est en dehors de la période des travaux : choisissez un jour entre leur date de début et leur date de fin.',
    nl: 'Deze dag valt buiten de periode van de werken: kies een dag tussen hun begin- en einddatum.',
    en: 'This day is outside the period of the works: choose a day between their start and end dates.',
  },
  INSTANT_INVALID: {
    fr: 'Cette date et cette heure ne sont pas valables : vérifiez-les.',
    nl: 'Deze datum en dit uur zijn niet geldig: controleer ze.',
    en: 'This date and time are not valid: check them.',
  },
  // Workplaces and the contractor chain
  WORKPLACE_NOT_FOUND: {
    fr: "Ce lieu de travail n'existe pas ou vous n'y participez pas : vérifiez le numéro de déclaration de travaux.",
    nl: 'Deze werkplaats bestaat niet of u neemt er niet aan deel: controleer het nummer van de aangifte van werken.',
    en: 'This workplace does not exist or you take no part in it: check the works declaration number.',
  },
  WORKPLACE_EXISTS: {
    fr: 'Un lieu de travail avec ce numéro de déclaration de travaux est déjà déclaré.',
    nl: 'Er is al een werkplaats aangegeven met dit nummer van de aangifte van werken.',
    en: 'A workplace with this works declaration number is already declared.',
  },
  WORKPLACE_PERIOD_INVALID: {
    fr: 'La date de fin des travaux est antérieure à leur date de début.',
    nl: 'De einddatum van de werken ligt vóór de begindatum.',
    en: 'The end date of the works is before their start date.',
  },
  DECLARANT_NOT_SELF: {
    fr: 'Vous ne pouvez déclarer un lieu de travail que pour votre propre entreprise ou pour une entreprise qui vous a mandaté.',
    nl: 'U kunt een werkplaats alleen aangeven voor uw eigen onderneming of voor een onderneming die u een mandaat gaf.',
    en: 'You may declare a workplace only for your own company or for a company that mandated you.',
  },
  CONTRACTOR_PARENT_NOT_IN_CHAIN: {
    fr: "L'entreprise placée au-dessus ne fait pas partie de la chaîne de sous-traitance de ce lieu de travail.",
    nl: 'De bovenliggende onderneming maakt geen deel uit van de onderaannemingsketen van deze werkplaats.',
    en: "The company above is not in this workplace's chain of contractors.",
  },
  CONTRACTOR_PARENT_NOT_SELF: {
    fr: 'Vous ne pouvez ajouter des sous-traitants que directement sous votre propre entreprise.',
    nl: 'U kunt alleen onderaannemers toevoegen rechtstreeks onder uw eigen onderneming.',
    en: 'You may add subcontractors only directly below your own company.',
  },
  CONTRACTOR_IS_DECLARANT: {
    fr: 'Le déclarant des travaux ne peut pas être ajouté comme sous-traitant.',
    nl: 'De aangever van de werken kan niet als onderaannemer worden toegevoegd.',
    en: 'The declarant of the works cannot be added as a contractor.',
  },
  CONTRACTOR_CYCLE: {
    fr: "Cette entreprise est déjà au-dessus de l'entreprise choisie dans la chaîne : elle ne peut pas être aussi en dessous.",
    nl: 'Deze onderneming staat al boven de gekozen onderneming in de keten: ze kan er niet ook onder staan.',
    en: 'This company is already above the chosen company in the chain: it cannot be below it as well.',
  },
  CONTRACTOR_ALREADY_IN_CHAIN: {
    fr: 'Cette entreprise travaille déjà sur ce lieu de travail : seul le déclarant des travaux peut aussi la placer sous vous.',
    nl: 'Deze onderneming werkt al op deze werkplaats: alleen de aangever van de werken kan ze ook onder u plaatsen.',
    en: 'This company already works on this workplace: only the declarant of the works may place it below you as well.',
  },
  EMPLOYER_NOT_IN_CHAIN: {
    fr: "Cette entreprise ne fait pas partie de la chaîne de sous-traitance de ce lieu de travail : elle doit d'abord y être ajoutée.",
    nl: 'Deze onderneming maakt geen deel uit van de onderaannemingsketen van deze werkplaats: ze moet er eerst aan worden toegevoegd.',
    en: "This company is not in this workplace's chain of contractors: it must be added to it first.",
  },
  EMPLOYER_NOT_BELOW_SENDER: {
    fr: "Vous ne pouvez enregistrer que pour votre entreprise et ses sous-traitants : ajoutez d'abord cet employeur sous vous.",
    nl: 'U kunt alleen registreren voor uw eigen onderneming en haar onderaannemers: voeg deze werkgever eerst onder u toe.',
    en: 'You may register only for your own company and its subcontractors: add this employer below you first.',
  },
  // Presences
  PRESENCE_NOT_FOUND: {
    fr: "Cette présence n'existe pas ou vous n'y avez pas accès.",
    nl: 'Deze aanwezigheid bestaat niet of u hebt er geen toegang toe.',
    en: 'This presence does not exist or is not one you may see.',
  },
  ALREADY_CANCELLED: {
    fr: 'Cette présence est déjà annulée.',
    nl: 'Deze aanwezigheid is al geannuleerd.',
    en: 'This presence is already cancelled.',
  },
  CANCEL_DATE_IN_PAST: {
    fr: "Une présence d'un jour passé ne peut plus être annulée.",
    nl: 'Een aanwezigheid van een voorbije dag kan niet meer worden geannuleerd.',
    en: 'A presence of a past day can no longer be cancelled.',
  },
  CANCEL_NOT_ALLOWED: {
    fr: "Seuls l'auteur de l'enregistrement et l'employeur du travailleur peuvent annuler cette présence.",
    nl: 'Alleen wie deze aanwezigheid registreerde of de werkgever van de werknemer mag ze annuleren.',
    en: "Only whoever registered this presence or the worker's employer may cancel it.",
  },
  CLIENT_REFERENCE_CONFLICT: {
    fr: 'Vous avez déjà utilisé cette référence interne pour une autre présence : donnez à chaque enregistrement la sienne.',
    nl: 'U gebruikte deze eigen referentie al voor een andere aanwezigheid: geef elke registratie een eigen referentie.',
    en: 'You already used this reference of your own for another presence: give each registration its own.',
  },
  CURSOR_INVALID: {
    fr: "Cette page de résultats n'est plus valable : relancez la recherche.",
    nl: 'Deze pagina met resultaten is niet meer geldig: start de zoekopdracht opnieuw.',
    en: 'This page of results is no longer valid: start the search again.',
  },
  RETENTION_NOT_REACHED: {
    fr: `Les enregistrements sont conservés ${RETENTION_YEARS} ans : seuls les plus anciens peuvent être effacés.`,
    nl: `Registraties worden ${RETENTION_YEARS} jaar bewaard: alleen oudere mogen worden gewist.`,
    en: `Registrations are kept ${RETENTION_YEARS} years: only older ones may be purged.`,
  },
  SEARCH_FILTER_REQUIRED: {
    fr: 'Indiquez un lieu de travail, un travailleur ou un employeur pour chercher dans tout le registre.',
    nl: 'Vul een werkplaats, een werknemer of een werkgever in om het hele register te doorzoeken.',
    en: 'Name a workplace, a worker or an employer to search the whole registry.',
  },
  // Mandates
  MANDATE_NOT_FOUND: {
    fr: "Ce mandat n'existe pas ou ne vient pas de vous.",
    nl: 'Dit mandaat bestaat niet of werd niet door u gegeven.',
    en: 'This mandate does not exist or was not given by you.',
  },
  MANDATE_SELF: {
    fr: "Votre entreprise n'a pas besoin de mandat pour enregistrer pour elle-même.",
    nl: 'Uw onderneming heeft geen mandaat nodig om voor zichzelf te registreren.',
    en: 'Your company needs no mandate to register for itself.',
  },
  // The emergency procedure
  ORIGIN_UNKNOWN: {
    fr: "Choisissez dans la liste d'où vient le problème.",
    nl: 'Kies in de lijst waar het probleem vandaan komt.',
    en: 'Choose from the list where the problem comes from.',
  },
  CLAIM_OUTSIDE_DAY: {
    fr: "Les heures de l'indisponibilité doivent se situer dans la journée de l'incident.",
    nl: 'De uren van de onbeschikbaarheid moeten binnen de dag van het incident liggen.',
    en: 'The times of the unavailability must lie within the day of the incident.',
  },
  REFERENCE_NUMBER_FORMAT: {
    fr: 'Un numéro de référence compte 8 lettres et chiffres, par exemple 4KQ7-M2XD.',
    nl: 'Een referentienummer telt 8 letters en cijfers, bijvoorbeeld 4KQ7-M2XD.',
    en: 'A reference number has 8 letters and digits, such as 4KQ7-M2XD.',
  },
  REFERENCE_NUMBER_CHECK_CHARACTER: {
    fr: 'Ce numéro de référence est mal recopié : comparez chaque caractère avec celui donné par le centre de contact.',
    nl: 'Dit referentienummer is verkeerd overgenomen: vergelijk elk teken met het nummer van het contactcenter.',
    en: 'This reference number is mistyped: compare each character with the one the contact center gave.',
  },
  REFERENCE_NOT_FOUND: {
    fr: "Ce numéro de référence n'existe pas ou ne vous a pas été donné : vérifiez-le.",
    nl: 'Dit referentienummer bestaat niet of werd u niet gegeven: controleer het.',
    en: 'This reference number does not exist or was not given to you: check it.',
  },
  REFERENCE_MISMATCH: {
    fr: "Ce numéro de référence est celui d'un autre lieu de travail, d'un autre jour ou d'une autre entreprise : chaque jour a le sien.",
    nl: 'Dit referentienummer hoort bij een andere werkplaats, dag of onderneming: elke dag heeft een eigen nummer.',
    en: 'This reference number is for another workplace, day or company: each day has its own.',
  },
  INCIDENT_NOT_FOUND: {
    fr: "Cet incident n'existe pas ou vous n'y avez pas accès.",
    nl: 'Dit incident bestaat niet of u hebt er geen toegang toe.',
    en: 'This incident does not exist or is not one you may see.',
  },
  INCIDENT_BUSY: {
    fr: "Quelqu'un d'autre modifiait cet incident au même moment : renvoyez votre modification.",
    nl: 'Iemand anders wijzigde dit incident op hetzelfde moment: verzend uw wijziging opnieuw.',
    en: 'Someone else was changing this incident at the same moment: send your change again.',
  },
  PAPER_LISTING_NOT_FOUND: {
    fr: "Cette liste de présence papier n'existe pas ou vous n'y avez pas accès.",
    nl: 'Deze papieren aanwezigheidslijst bestaat niet of u hebt er geen toegang toe.',
    en: 'This paper attendance listing does not exist or is not one you may see.',
  },
  PAPER_LISTING_DATE_TOO_FAR: {
    fr: `Une liste de présence papier porte sur un jour d'ici ${MAX_DAYS_AHEAD} jours au plus.`,
    nl: `Een papieren aanwezigheidslijst geldt voor een dag binnen de komende ${MAX_DAYS_AHEAD} dagen.`,
    en: `A paper attendance listing is for a day within the next ${MAX_DAYS_AHEAD} days.`,
  },
  ROSTER_DUPLICATE_WORKER: {
    fr: 'Ce travailleur figure déjà sur la liste.',
    nl: 'Deze werknemer staat al op de lijst.',
    en: 'This worker is already on the list.',
  },
  EVENT_TYPE_UNKNOWN: {
    fr: "Ce type d'événement est inconnu : choisissez-en un dans la liste.",
    nl: 'Dit soort gebeurtenis is onbekend: kies er een uit de lijst.',
    en: 'This kind of event is unknown: choose one from the list.',
  },
  // The reference registers an administrator loads
  DECLARATION_DUPLICATE: {
    fr: 'Cette déclaration figure déjà plus haut dans le fichier : une ligne par déclaration.',
    nl: 'Deze aangifte staat al hoger in het bestand: één regel per aangifte.',
    en: 'This declaration is already higher up in the file: one line per declaration.',
  },
  REGISTER_LINES_REFUSED: {
    fr: "Des lignes du fichier sont refusées et rien n'a été chargé : corrigez-les, puis chargez à nouveau le fichier.",
    nl: 'Regels van het bestand zijn geweigerd en er is niets geladen: verbeter ze en laad het bestand opnieuw.',
    en: 'Lines of the file are refused and nothing was loaded: correct them, then load the file again.',
  },
  // Keys and roles
  AUTHENTICATION_REQUIRED: {
    fr: "Vous n'êtes pas connecté : connectez-vous pour continuer.",
    nl: 'U bent niet aangemeld: meld u aan om verder te gaan.',
    en: 'You are not signed in: sign in to continue.',
  },
  API_KEY_INVALID: {
    fr: 'Cette clé API est inconnue ou révoquée.',
    nl: 'Deze API-sleutel is onbekend of ingetrokken.',
    en: 'This API key is unknown or revoked.',
  },
  ROLE_FORBIDDEN: {
    fr: 'Votre rôle ne permet pas de faire ceci.',
    nl: 'Uw rol laat dit niet toe.',
    en: 'Your role does not allow this.',
  },
  ENTERPRISE_REQUIRED_FOR_ROLE: {
    fr: 'Ce rôle demande un numéro BCE.',
    nl: 'Deze rol vereist een KBO-nummer.',
    en: 'This role needs an enterprise number.',
  },
  ENTERPRISE_NOT_ALLOWED_FOR_ROLE: {
    fr: "Ce rôle n'agit pour aucune entreprise : laissez le numéro BCE vide.",
    nl: 'Deze rol handelt voor geen enkele onderneming: laat het KBO-nummer leeg.',
    en: 'This role acts for no enterprise: leave the enterprise number empty.',
  },
  API_KEY_NOT_FOUND: {
    fr: "Aucune clé API n'a cet identifiant.",
    nl: 'Er bestaat geen API-sleutel met deze id.',
    en: 'No API key has this id.',
  },
  API_KEY_REVOKED: {
    fr: 'Cette clé API est révoquée : créez-en une nouvelle plutôt que de la remplacer.',
    nl: 'Deze API-sleutel is ingetrokken: maak een nieuwe in plaats van ze te vervangen.',
    en: 'This API key is revoked: make a new one rather than replace it.',
  },
  API_KEY_REPLACED: {
    fr: 'Cette clé API a déjà été remplacée : remplacez plutôt sa remplaçante.',
    nl: 'Deze API-sleutel is al vervangen: vervang eerder de nieuwe sleutel.',
    en: 'This API key has been replaced already: replace its replacement instead.',
  },
  RATE_LIMITED: {
    fr: 'Trop de demandes en peu de temps : attendez une minute avant de réessayer.',
    nl: 'Te veel verzoeken op korte tijd: wacht een minuut voor u het opnieuw probeert.',
    en: 'Too many requests in a short time: wait a minute before trying again.',
  },
  // Senders' certificates
  CERTIFICATE_INVALID: {
    fr: "Ce n'est pas un certificat X.509 lisible : donnez le certificat de l'expéditeur seul, au format PEM.",
    nl: 'Dit is geen leesbaar X.509-certificaat: geef alleen het certificaat van de verzender, in PEM-formaat.',
    en: "This is not a readable X.509 certificate: give the sender's certificate alone, in PEM format.",
  },
  CERTIFICATE_PRIVATE_KEY: {
    fr: "Ceci contient une clé privée : donnez uniquement le certificat, la clé privée ne quitte jamais l'expéditeur.",
    nl: 'Dit bevat een privésleutel: geef alleen het certificaat, de privésleutel verlaat de verzender nooit.',
    en: 'This holds a private key: give the certificate alone, the private key never leaves the sender.',
  },
  CERTIFICATE_EXPIRED: {
    fr: 'Ce certificat est expiré : enregistrez celui qui le remplace.',
    nl: 'Dit certificaat is vervallen: registreer het certificaat dat het vervangt.',
    en: 'This certificate has expired: register the one that replaces it.',
  },
  CERTIFICATE_KEY_TOO_WEAK: {
    fr: `La clé de ce certificat est trop faible : une clé RSA d'au moins ${MIN_RSA_BITS} bits est demandée.`,
    nl: `De sleutel van dit certificaat is te zwak: een RSA-sleutel van minstens ${MIN_RSA_BITS} bits is vereist.`,
    en: `This certificate's key is too weak: an RSA key of at least ${MIN_RSA_BITS} bits is needed.`,
  },
  CERTIFICATE_ALREADY_REGISTERED: {
    fr: 'Ce certificat est déjà enregistré : révoquez-le avant de le lier à un autre expéditeur.',
    nl: 'Dit certificaat is al geregistreerd: trek het in voor u het aan een andere verzender koppelt.',
    en: 'This certificate is registered already: revoke it before linking it to another sender.',
  },
  CERTIFICATE_NOT_FOUND: {
    fr: "Aucun certificat enregistré n'a cet identifiant.",
    nl: 'Er bestaat geen geregistreerd certificaat met deze id.',
    en: 'No registered certificate has this id.',
  },
  // People signing in to the web
  SIGN_IN_FAILED: {
    fr: "Le nom d'utilisateur ou le mot de passe n'est pas correct.",
    nl: 'De gebruikersnaam of het wachtwoord is niet juist.',
    en: 'The username or the password is not right.',
  },
  USERNAME_TAKEN: {
    fr: "Ce nom d'utilisateur est déjà pris : choisissez-en un autre.",
    nl: 'Deze gebruikersnaam is al in gebruik: kies een andere.',
    en: 'This username is already taken: choose another one.',
  },
  USER_NOT_FOUND: {
    fr: "Aucun utilisateur n'a ce nom d'utilisateur.",
    nl: 'Er is geen gebruiker met deze gebruikersnaam.',
    en: 'No user has this username.',
  },
  CSRF_TOKEN_INVALID: {
    fr: 'Ce formulaire a expiré : rechargez la page et réessayez.',
    nl: 'Dit formulier is verlopen: laad de pagina opnieuw en probeer het nog eens.',
    en: 'This form has expired: reload the page and try again.',
  },
  TOO_MANY_ATTEMPTS: {
    fr: 'Trop d’essais de connexion : attendez un quart d’heure avant de réessayer.',
    nl: 'Te veel aanmeldpogingen: wacht een kwartier voor u het opnieuw probeert.',
    en: 'Too many sign-in attempts: wait a quarter of an hour before trying again.',
  },
  // Generic
  NOT_FOUND: {
    fr: "Cette page n'existe pas.",
    nl: 'Deze pagina bestaat niet.',
    en: 'This page does not exist.',
  },
  STORE_UNAVAILABLE: {
    fr: "Le registre est indisponible pour le moment : réessayez plus tard et, si cela dure, suivez la procédure d'urgence.",
    nl: 'Het register is momenteel onbeschikbaar: probeer het later opnieuw en volg de noodprocedure als het blijft duren.',
    en: 'The registry is unavailable at the moment: try again later, and if it lasts, follow the emergency procedure.',
  },
  INTERNAL: {
    fr: "Une erreur s'est produite de notre côté : réessayez, rien n'est jamais enregistré deux fois.",
    nl: 'Er ging bij ons iets mis: probeer het opnieuw, niets wordt ooit twee keer geregistreerd.',
    en: 'Something went wrong on our side: try again, nothing is ever registered twice.',
  },
};

/**
 * The message for an error in a page's language: always the code's text, in English too. The error's own
 * message is English only, written for API clients (field paths, JSON names, sometimes the value typed) and may
 * change; the code's text says the same thing in all three languages, so a French, a Dutch and an English page
 * never disagree. Where the precise rule matters (a password's minimum length, the works' dates), the page shows
 * it beside the field. The message is shown only for a code this table does not know: one that arrived untyped
 * from a newer registry.
 */
export function errorText(
  error: { readonly code: ErrorCode; readonly message: string },
  lang: keyof Texts,
): string {
  return Object.hasOwn(ERROR_TEXTS, error.code) ? ERROR_TEXTS[error.code][lang] : error.message;
}
