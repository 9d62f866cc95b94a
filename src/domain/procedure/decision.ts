import type { JournalCheck } from './situation.js';

/** A text in the three languages of the people who read it on a site. */
export interface Texts {
  readonly fr: string;
  readonly nl: string;
  readonly en: string;
}

/** What the procedure tells the company to do now. */
export const OUTCOMES = [
  'CONTACT_PROVIDER',
  'TRY_OTHER_CHANNEL',
  'EXEMPT_FOR_DAY',
  'CALL_CONTACT_CENTER',
  'USE_CONTACT_FORM',
  'FILL_PAPER_LISTING',
  'NOT_EXEMPT_PERMANENT_UNAVAILABILITY',
  'RESOLVED',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Why a day is exempt: the two origins the procedure exempts. */
export type ExemptionGround = 'THIRD_PARTY_INFRASTRUCTURE' | 'REGISTRY_UNAVAILABLE';

/**
 * How an exemption's ground is checked. `REGISTRY_JOURNAL`: the registry's own availability journal, at once
 * (`CONFIRMED` or `NOT_CONFIRMED`). `COMPETENT_SERVICES`: the inspection services, later, from the evidence kept
 * with the incident (`TO_VERIFY`).
 */
export interface Verification {
  readonly status: JournalCheck | 'TO_VERIFY';
  readonly by: 'REGISTRY_JOURNAL' | 'COMPETENT_SERVICES';
}

/** One thing to do, with a stable code and its text in French, Dutch and English. */
export interface Step {
  readonly code: string;
  readonly text: Texts;
}

/**
 * Which part of the procedure the decision applies: a numbered step of the detailed procedure, a row of its
 * summary table (the registry's own unavailability, which only the table names), or its closing warning.
 */
export type ProcedureStep = '1' | '2' | '3.1' | '3.2' | '3.3' | 'SUMMARY' | 'WARNING';

/** The procedure's answer to a situation. */
export interface Decision {
  readonly outcome: Outcome;
  readonly exempt: boolean;
  readonly ground?: ExemptionGround;
  readonly verification?: Verification;
  readonly step: ProcedureStep;
  readonly nextSteps: readonly Step[];
  /** For an unknown origin: the questions that tell the origins apart. */
  readonly questions?: readonly Step[];
}
