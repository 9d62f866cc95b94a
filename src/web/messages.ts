import type { Language } from './language.js';
import { COMMON_MESSAGES } from './messages/common.js';
import { COMPANY_ADMIN_MESSAGES } from './messages/company-admin.js';
import { CONSOLE_MESSAGES } from './messages/consoles.js';
import { EMERGENCY_MESSAGES } from './messages/emergency.js';

/**
 * Every text of the pages, in French, Dutch and English, one module per part of the site. Texts with `{name}`
 * placeholders are filled by {@link Translator}; a missing language is a compile error.
 */
export const MESSAGES = {
  ...COMMON_MESSAGES,
  ...COMPANY_ADMIN_MESSAGES,
  ...CONSOLE_MESSAGES,
  ...EMERGENCY_MESSAGES,
} as const;

export type MessageKey = keyof typeof MESSAGES;

/** Texts of one language, with `{name}` placeholders filled in. */
export type Translator = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

/** The translator of a language. */
export function translator(lang: Language): Translator {
  return (key, values) => {
    const text: string = MESSAGES[key][lang];
    return values === undefined
      ? text
      : text.replace(/\{(\w+)\}/gu, (whole, name: string) => {
          const value = values[name];
          return value === undefined ? whole : String(value);
        });
  };
}
