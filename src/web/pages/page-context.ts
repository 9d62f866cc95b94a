import type { UserView } from '../../app/users.js';
import type { Language } from '../language.js';
import type { Translator } from '../messages.js';

/** What every page knows: its language, the signed-in person, the form token, where it is. */
export interface PageContext {
  readonly lang: Language;
  readonly t: Translator;
  /** The path and query of the page, to come back to after switching language. */
  readonly path: string;
  readonly user?: UserView;
  /** The token every form posts back (against cross-site request forgery). */
  readonly csrfToken?: string;
}

/** A form's errors by field name, as texts in the page's language. */
export type FieldErrors = ReadonlyMap<string, readonly string[]>;

/** No errors. */
export const NO_ERRORS: FieldErrors = new Map();
