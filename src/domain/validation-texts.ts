import type { Texts } from './procedure/decision.js';
import type { Remark, Validation, ValidationStatus } from './validation.js';

/**
 * Where a presence stands in its checks, in words for the company that registered it: a short badge. `PENDING`
 * is no error (the presence is acknowledged, its check has not run yet); `FAILED` says what the company must do
 * (the presence stands, its cause is to be put right). Here, beside the remarks, rather than among the pages'
 * texts: the inspection dossier's PDF, made by the use cases, prints them in the dossier's language too.
 */
export const VALIDATION_STATUS_WORDS: Readonly<Record<ValidationStatus, Texts>> = {
  PENDING: { fr: 'En cours de vérification', nl: 'Wordt gecontroleerd', en: 'Being checked' },
  VALIDATED: { fr: 'Vérifiée : en ordre', nl: 'Gecontroleerd: in orde', en: 'Checked: in order' },
  FAILED: { fr: 'Acceptée, à régulariser', nl: 'Aanvaard, te regulariseren', en: 'Accepted, to put right' },
};

/**
 * What each remark of a check means, in plain words for a site manager (the web-service protocol's own English
 * texts are for its clients): what the check found missing or wrong. Phrases without a final stop, listed under
 * the status; the terms are each language's official ones (NISS/INSZ, BCE/KBO, Dimona, Limosa).
 */
export const REMARK_TEXTS: Readonly<Record<Remark, Texts>> = {
  RELATED_DIMONA_NOT_OK: {
    fr: 'Pas de déclaration Dimona de cet employeur pour ce travailleur ce jour-là',
    nl: 'Geen Dimona-aangifte van deze werkgever voor deze werknemer op die dag',
    en: 'No employment declaration (Dimona) of this employer for this worker on that day',
  },
  INSS_NOT_COMPANY_FOUNDER: {
    fr: "Ce travailleur n'est pas connu comme fondateur de la société",
    nl: 'Deze werknemer is niet gekend als oprichter van de vennootschap',
    en: 'This worker is not known as a founder of the company',
  },
  EMPLOYER_NOT_COMPANY_FOUNDER: {
    fr: "L'employeur n'est pas connu comme fondateur de la société",
    nl: 'De werkgever is niet gekend als oprichter van de vennootschap',
    en: 'The employer is not known as a founder of the company',
  },
  COMPANY_DOES_NOT_EXIST: {
    fr: "Cette entreprise n'existe pas dans la Banque-Carrefour des Entreprises (BCE)",
    nl: 'Dit bedrijf bestaat niet in de Kruispuntbank van Ondernemingen (KBO)',
    en: 'This company does not exist in the Crossroads Bank for Enterprises',
  },
  INDEPENDENT_NOT_COMPANY_FOUNDER: {
    fr: "Cet indépendant n'est pas connu comme fondateur de la société",
    nl: 'Deze zelfstandige is niet gekend als oprichter van de vennootschap',
    en: 'This self-employed person is not known as a founder of the company',
  },
  LIMOSA_ID_NOT_KNOWN: {
    fr: 'Aucune déclaration Limosa ne porte ce numéro Limosa-1',
    nl: 'Geen Limosa-melding met dit Limosa-1-nummer',
    en: 'No Limosa declaration has this Limosa-1 number',
  },
  LIMOSA_ID_NOT_ACTIVE: {
    fr: 'La déclaration Limosa de ce numéro ne couvre pas ce jour-là',
    nl: 'De Limosa-melding met dit nummer dekt die dag niet',
    en: 'The Limosa declaration with this number does not cover that day',
  },
  NISS_BIS_NOT_KNOWN_IN_LIMOSA: {
    fr: 'Aucune déclaration Limosa pour ce numéro BIS',
    nl: 'Geen Limosa-melding voor dit BIS-nummer',
    en: 'No Limosa declaration for this BIS number',
  },
  NISS_BIS_NOT_ACTIVE_IN_LIMOSA: {
    fr: 'Aucune déclaration Limosa pour ce numéro BIS ne couvre ce jour-là',
    nl: 'Geen Limosa-melding voor dit BIS-nummer dekt die dag',
    en: 'No Limosa declaration for this BIS number covers that day',
  },
  WORKPLACE_NOT_EXISTING: {
    fr: 'Aucune déclaration de travaux ne porte ce numéro',
    nl: 'Geen aangifte van werken met dit nummer',
    en: 'No works declaration has this number',
  },
  WORKPLACE_NOT_ACTIVE: {
    fr: 'La déclaration de travaux ne couvre pas ce jour-là',
    nl: 'De aangifte van werken dekt die dag niet',
    en: 'The works declaration does not cover that day',
  },
  EMPLOYER_NOT_IN_WORKPLACE: {
    fr: "L'employeur n'est ni le déclarant ni un sous-traitant de cette déclaration de travaux",
    nl: 'De werkgever is aangever noch onderaannemer van deze aangifte van werken',
    en: 'The employer is neither the declarant nor a subcontractor of this works declaration',
  },
  WORKPLACE_NOT_SUBJECT: {
    fr: "Ce chantier n'est pas soumis à l'enregistrement des présences",
    nl: 'Deze werf is niet onderworpen aan de registratie van aanwezigheden',
    en: 'This work site is not subject to presence registration',
  },
  SAME_DECLARATION_REGISTERED: {
    fr: 'Ce travailleur était déjà enregistré pour cet employeur, ce lieu de travail et ce jour, sous un autre numéro',
    nl: 'Deze werknemer was al geregistreerd voor deze werkgever, werkplaats en dag, onder een ander nummer',
    en: 'This worker was already registered for this employer, workplace and day, under another number',
  },
  NISS_NOT_IN_NATIONAL_REGISTER: {
    fr: 'Ce numéro NISS est inconnu au Registre national',
    nl: 'Dit INSZ-nummer is niet gekend in het Rijksregister',
    en: 'This NISS number is not known in the National Register',
  },
  EMPLOYER_NOT_ACTIVE: {
    fr: "L'employeur n'est pas une entreprise active",
    nl: 'De werkgever is geen actief bedrijf',
    en: 'The employer is not an active company',
  },
  EMPLOYMENT_NOT_ACTIVE: {
    fr: "L'occupation de ce travailleur chez cet employeur n'est pas active ce jour-là",
    nl: 'De tewerkstelling van deze werknemer bij deze werkgever is niet actief op die dag',
    en: "This worker's employment with this employer is not active on that day",
  },
};

/**
 * A presence's validation in words, as a document prints it: its status, then (when `FAILED`) each remark on a
 * line of its own.
 */
export function validationInWords(validation: Validation, lang: keyof Texts): string[] {
  const status = VALIDATION_STATUS_WORDS[validation.status][lang];
  return validation.status === 'FAILED'
    ? [status, ...validation.remarks.map((remark) => REMARK_TEXTS[remark][lang])]
    : [status];
}
