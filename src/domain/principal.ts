import { parseEnterpriseNumber, type EnterpriseNumber } from './enterprise-number.js';
import { atField, domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';

/** What an API key may do: each key belongs to one principal of one role. */
export const ROLES = ['company', 'provider', 'agent', 'inspector', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is calling. A company acts for its own enterprise number; a provider (track & trace, badge reader, ERP
 * planning tool) for the companies that mandated it; the contact center's agents, inspectors and administrators
 * for no enterprise of their own.
 */
export type Principal =
  | EnterprisePrincipal
  | { readonly role: 'agent' | 'inspector' | 'admin'; readonly keyId: string; readonly name: string };

/** A principal that stands for an enterprise: a company, or a provider. */
export interface EnterprisePrincipal {
  readonly role: 'company' | 'provider';
  readonly enterprise: EnterpriseNumber;
  readonly keyId: string;
  readonly name: string;
}

/** True for the roles that stand for an enterprise (and must name one when their key is made). */
export function roleHasEnterprise(role: Role): role is 'company' | 'provider' {
  return role === 'company' || role === 'provider';
}

/** The party recorded as the sender of a presence. */
export interface Sender {
  readonly role: 'company' | 'provider';
  readonly enterprise: EnterpriseNumber;
}

/**
 * Whether a principal acts for enterprises in contractor chains (a company for itself, a provider for the
 * companies that mandated it); the other roles act for none.
 */
export function actsForEnterprises(principal: Principal): principal is EnterprisePrincipal {
  return roleHasEnterprise(principal.role);
}

/**
 * The enterprise a principal is, when it acts for it without a mandate: a company's own number. Undefined for a
 * provider (which acts for the companies that mandated it) and for the roles that act for no enterprise.
 */
export function ownEnterprise(principal: Principal): EnterpriseNumber | undefined {
  return principal.role === 'company' ? principal.enterprise : undefined;
}

/**
 * The provider whose mandates say whom a principal acts for: a provider's own number. Undefined for every other
 * role, whom no mandate concerns.
 */
export function mandatedProvider(principal: Principal): EnterpriseNumber | undefined {
  return principal.role === 'provider' ? principal.enterprise : undefined;
}

/** The sender a principal registers as, or undefined for roles that never register presences. */
export function senderOf(principal: EnterprisePrincipal): Sender;
export function senderOf(principal: Principal): Sender | undefined;
export function senderOf(principal: Principal): Sender | undefined {
  return actsForEnterprises(principal)
    ? { role: principal.role, enterprise: principal.enterprise }
    : undefined;
}

/**
 * The principal an API key or a user acts for, named by its id (`keyId`) and its name; undefined when the role
 * stands for an enterprise and none is recorded.
 */
export function principalOf(
  holder: { readonly role: Role; readonly enterprise?: EnterpriseNumber | undefined },
  keyId: string,
  name: string,
): Principal | undefined {
  const { role, enterprise } = holder;
  if (!roleHasEnterprise(role)) return { role, keyId, name };
  return enterprise === undefined ? undefined : { role, enterprise, keyId, name };
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

/** A role, and the enterprise it stands for when it is one that does. */
export type RoleAndEnterprise =
  | { readonly role: 'company' | 'provider'; readonly enterprise: EnterpriseNumber }
  | { readonly role: 'agent' | 'inspector' | 'admin' };

/**
 * Parses the principal an API key or a user acts for: a role, with an enterprise number for a company or a
 * provider (`ENTERPRISE_REQUIRED_FOR_ROLE` without one) and none for the others
 * (`ENTERPRISE_NOT_ALLOWED_FOR_ROLE`). `what` names the thing in the messages ("key", "user").
 */
export function parseRoleAndEnterprise(
  input: { readonly role: string; readonly enterprise?: string | undefined },
  what: string,
): Result<RoleAndEnterprise, DomainError> {
  if (!(ROLES as readonly string[]).includes(input.role))
    return err(domainError('FIELD_VALUE', `The role is one of ${ROLES.join(', ')}.`, 'role'));
  const role = input.role as Role;
  if (roleHasEnterprise(role)) {
    if (input.enterprise === undefined || input.enterprise.trim() === '')
      return err(
        domainError(
          'ENTERPRISE_REQUIRED_FOR_ROLE',
          `A ${role} ${what} names its enterprise number.`,
          'enterprise',
        ),
      );
    const parsed = parseEnterpriseNumber(input.enterprise);
    return parsed.ok ? ok({ role, enterprise: parsed.value }) : err(atField(parsed.error, 'enterprise'));
  }
  if (input.enterprise !== undefined)
    return err(
      domainError(
        'ENTERPRISE_NOT_ALLOWED_FOR_ROLE',
        `A ${role} ${what} acts for no enterprise.`,
        'enterprise',
      ),
    );
  return ok({ role });
}
