import type { ErrorCode } from '../domain/errors.js';
import type { Worker } from '../domain/worker.js';
import type { Language } from './language.js';
import type { MessageKey } from './messages.js';

/** The texts the mobile page's script shows, in the page's language. */
export const MOBILE_TEXTS = [
  'workplace',
  'workerNumber',
  'register',
  'unsentCount',
  'allSent',
  'offline',
  'online',
  'waiting',
  'sendNow',
  'capturedToday',
  'receiptNumber',
  'alreadyRegistered',
  'signInAgain',
  'dayOver',
  'employerOfWorkers',
] as const satisfies readonly MessageKey[];
export type MobileTextKey = (typeof MOBILE_TEXTS)[number];

/** What the server gives the mobile page's script (in the page, so that it works offline once loaded). */
export interface MobileConfig {
  readonly lang: Language;
  readonly texts: Readonly<Record<MobileTextKey, string>>;
  /** The error codes' texts in the page's language, to explain a refusal offline as online. */
  readonly errorTexts: Readonly<Partial<Record<ErrorCode, string>>>;
  /** Who captures: captures are kept per user on the phone. */
  readonly userId: string;
  readonly workplaces: readonly { readonly id: string; readonly name: string }[];
  /** The workers' employer by default (the company's own enterprise number). */
  readonly employer: string;
  /** Known workers, for the suggestions while typing. */
  readonly roster: readonly { readonly worker: string; readonly name: string }[];
  readonly csrfToken: string;
}

/** One registration as the mobile page sends it: with its own clientReference and when it was captured. */
export interface MobileCapture {
  readonly clientReference: string;
  readonly workplaceId: string;
  readonly registrationDate: string;
  readonly worker: Worker;
  readonly employer: string;
  readonly capturedAt: string;
}
