import type { Texts } from '../../domain/procedure/decision.js';

/** The texts of the emergency wizard. */
export const EMERGENCY_MESSAGES = {} as const satisfies Record<string, Texts>;
