import type { Texts } from '../../domain/procedure/decision.js';

/** The texts of the contact-center and inspection consoles. */
export const CONSOLE_MESSAGES = {} as const satisfies Record<string, Texts>;
