import type { Texts } from '../../domain/procedure/decision.js';

/** The texts of a company's search and cancel, roster and contractor-chain pages. */
export const COMPANY_ADMIN_MESSAGES = {} as const satisfies Record<string, Texts>;
