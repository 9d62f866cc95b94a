import { domainError, type DomainError } from './errors.js';
import type { Principal, Role } from './principal.js';
import { err, ok, type Result } from './result.js';

/**
 * Which roles may attempt which action. Whether a given company may act on a given workplace or presence is
 * decided further by its place in the contractor chain (`contractor-chain.ts`, `access.ts`).
 */
export const PERMISSIONS = {
  'presences.register': ['company', 'provider'],
  'presences.cancel': ['company', 'provider'],
  'presences.read': ['company', 'provider', 'inspector'],
  'workplaces.declare': ['company', 'provider', 'admin'],
  'workplaces.read': ['company', 'provider', 'agent', 'inspector', 'admin'],
  'contractors.add': ['company', 'provider', 'admin'],
  'mandates.grant': ['company'],
  'mandates.read': ['company', 'provider', 'inspector'],
  'keys.manage': ['admin'],
  'procedure.decide': ['company', 'provider', 'agent', 'inspector', 'admin'],
  'incidents.report': ['company', 'provider'],
  'incidents.read': ['company', 'provider', 'agent', 'inspector'],
  'references.issue': ['agent'],
  'references.read': ['company', 'provider', 'agent', 'inspector'],
  'contactForm.submit': ['company', 'provider'],
  'roster.write': ['company', 'provider'],
  'roster.read': ['company', 'provider', 'inspector'],
  'paperListings.create': ['company', 'provider'],
  'paperListings.read': ['company', 'provider', 'inspector'],
  'paperListings.capture': ['company', 'provider'],
  'inspections.read': ['company', 'provider', 'inspector'],
  'audit.read': ['inspector', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

/** Something a principal may try to do. */
export type Action = keyof typeof PERMISSIONS;

/** Refuses with `ROLE_FORBIDDEN` when the principal's role may not do the action at all. */
export function authorize(principal: Principal, action: Action): Result<true, DomainError> {
  const roles: readonly Role[] = PERMISSIONS[action];
  return roles.includes(principal.role)
    ? ok(true)
    : err(domainError('ROLE_FORBIDDEN', `A key of role ${principal.role} may not do this (${action}).`));
}
