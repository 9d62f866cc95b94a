import Negotiator from 'negotiator';
import type { Texts } from '../domain/procedure/decision.js';

/** The languages of the pages: French, Dutch, English. */
export const LANGUAGES = ['fr', 'nl', 'en'] as const satisfies readonly (keyof Texts)[];
export type Language = (typeof LANGUAGES)[number];

/** The name of each language in itself, for the switch on every page. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  fr: 'Français',
  nl: 'Nederlands',
  en: 'English',
};

/** Whether a text names one of the page languages. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language of a page: the one chosen with the switch (kept in a cookie), else the person's own, else the
 * browser's (`Accept-Language`), else French.
 */
export function pageLanguage(
  chosen: string | undefined,
  own: Language | undefined,
  acceptLanguage: string | undefined,
): Language {
  if (isLanguage(chosen)) return chosen;
  if (own !== undefined) return own;
  // `en-GB` is English and `nl-BE` Dutch: a language range matches its primary language too.
  const negotiated =
    acceptLanguage === undefined
      ? undefined
      : new Negotiator({ headers: { 'accept-language': acceptLanguage } }).language([...LANGUAGES]);
  return isLanguage(negotiated) ? negotiated : 'fr';
}
