import type { Remark } from '../domain/validation.js';
import type { ValidationRemark } from './messages.js';

/** Each remark in the protocol's words, spelled as the official service spells them. */
const OFFICIAL_REMARKS: Readonly<Record<Remark, ValidationRemark>> = {
  RELATED_DIMONA_NOT_OK: 'RELATED DIMONA NOT OK',
  INSS_NOT_COMPANY_FOUNDER: 'GIVEN INSS IS NOT THE FOUNDER OF THE COMPANY',
  EMPLOYER_NOT_COMPANY_FOUNDER: 'EMPLOYER IS NOT KNOWN AS COMPANY FOUNDER',
  COMPANY_DOES_NOT_EXIST: "THE COMPANY DOESN'T EXISTS",
  INDEPENDENT_NOT_COMPANY_FOUNDER: 'INDEPENDANT IS NOT KNOWN AS COMPANY FOUNDER',
  LIMOSA_ID_NOT_KNOWN: 'LIMOSA ID IS NOT KNOWN',
  LIMOSA_ID_NOT_ACTIVE: 'LIMOSA ID IS NOT ACTIVE AT DATE',
  NISS_BIS_NOT_KNOWN_IN_LIMOSA: 'NISS-BIS IS NOT KNOWN IN LIMOSA',
  NISS_BIS_NOT_ACTIVE_IN_LIMOSA: 'NISS-BIS IS NOT ACTIVE AT THIS DATE IN LIMOSA',
  WORKPLACE_NOT_EXISTING: 'DUC IS NOT EXISTING',
  WORKPLACE_NOT_ACTIVE: 'DUC IS NOT ACTIVE AT THIS DATE',
  EMPLOYER_NOT_IN_WORKPLACE: 'COMPANY IS NOT KNOWN  AS BUILDER OR  SUBCONTRACTOR IN THIS DUC',
  WORKPLACE_NOT_SUBJECT: 'SITE IS NOT SUBJECT TO PRESENCE REGISTRATION',
  SAME_DECLARATION_REGISTERED: 'SAME DECLARATION HAS ALREADY BEEN REGISTERED',
  NISS_NOT_IN_NATIONAL_REGISTER: 'NISS IS NOT KNOW IN THE NATIONAL REGISTER',
  EMPLOYER_NOT_ACTIVE: 'EMPLOYER NOT ACTIVE',
  EMPLOYMENT_NOT_ACTIVE: 'THE COMPANY ID ASSOCIATED AT A NOT ACTIVE CONTRACT',
};
const REMARK_OF_TEXT = new Map<ValidationRemark, Remark>(
  Object.entries(OFFICIAL_REMARKS).map(([remark, text]) => [text, remark as Remark]),
);

/** A remark in the protocol's words. */
export function remarkText(remark: Remark): ValidationRemark {
  return OFFICIAL_REMARKS[remark];
}

/** The remark the protocol's words name. */
export function remarkOfText(text: ValidationRemark): Remark {
  const remark = REMARK_OF_TEXT.get(text);
  if (remark === undefined) throw new RangeError(`No remark for the text ${text}.`);
  return remark;
}
