import type { EnterpriseNumber } from './enterprise-number.js';

/** What an API key may do: each key belongs to one principal of one role. */
export const ROLES = ['company', 'provider', 'agent', 'inspector', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is calling. A company acts for its own enterprise number; a provider (track & trace, badge reader, ERP
 * planning tool) for the companies that mandated it; the contact center's agents, inspectors and administrators
 * for no enterprise of their own.
 */
export type Principal =
  | {
      readonly role: 'company' | 'provider';
      readonly enterprise: EnterpriseNumber;
      readonly keyId: string;
      readonly name: string;
    }
  | { readonly role: 'agent' | 'inspector' | 'admin'; readonly keyId: string; readonly name: string };

/** True for the roles that stand for an enterprise (and must name one when their key is made). */
export function roleHasEnterprise(role: Role): role is 'company' | 'provider' {
  return role === 'company' || role === 'provider';
}

/** The party recorded as the sender of a presence. */
export interface Sender {
  readonly role: 'company' | 'provider';
  readonly enterprise: EnterpriseNumber;
}

/** The sender a principal registers as, or undefined for roles that never register presences. */
export function senderOf(principal: Principal): Sender | undefined {
  return principal.role === 'company' || principal.role === 'provider'
    ? { role: principal.role, enterprise: principal.enterprise }
    : undefined;
}

/**
 * The enterprises a principal acts for in a contractor chain: a company for itself, a provider for the companies
 * that mandated it (passed in), every other role for none.
 */
export function actingEnterprises(
  principal: Principal,
  mandators: readonly EnterpriseNumber[],
): ReadonlySet<EnterpriseNumber> {
  switch (principal.role) {
    case 'company':
      return new Set([principal.enterprise]);
    case 'provider':
      return new Set(mandators);
    case 'agent':
    case 'inspector':
    case 'admin':
      return new Set();
  }
}
