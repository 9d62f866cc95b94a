import { domainError, type DomainError } from './errors.js';
import type { Principal, Role } from './principal.js';
import { err, ok, type Result } from './result.js';

/**
 * Which roles may attempt which action. Whether a given company may act on a given workplace or presence is
 * decided further by its place in the contractor chain (`contractor-chain.ts`, `access.ts`), unless its role
 * sees every record of the kind ({@link SEES_EVERY}).
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
  'incidents.list': ['agent', 'inspector'],
  'references.issue': ['agent'],
  'references.read': ['company', 'provider', 'agent', 'inspector'],
  'references.list': ['agent', 'inspector'],
  'contactForm.submit': ['company', 'provider'],
  'roster.write': ['company', 'provider'],
  'roster.read': ['company', 'provider', 'inspector'],
  'paperListings.create': ['company', 'provider'],
  'paperListings.read': ['company', 'provider', 'inspector'],
  'paperListings.capture': ['company', 'provider'],
  'inspections.read': ['company', 'provider', 'inspector'],
  'audit.read': ['inspector', 'admin'],
  'registers.load': ['admin'],
  'registers.read': ['admin', 'inspector'],
  'upstream.read': ['admin', 'inspector'],
} as const satisfies Record<string, readonly Role[]>;

/** Something a principal may try to do. */
export type Action = keyof typeof PERMISSIONS;

/** A principal narrowed to some roles: `PrincipalAs<'company'>` has an enterprise, `PrincipalAs<'agent'>` none. */
export type PrincipalAs<R extends Role> = Principal & { readonly role: R };

/** A principal whose role may attempt the action. */
export type AllowedTo<A extends Action> = PrincipalAs<(typeof PERMISSIONS)[A][number]>;

/** Whether the principal's role may attempt the action at all (narrowing it to the roles that may). */
export function mayAttempt<A extends Action>(principal: Principal, action: A): principal is AllowedTo<A> {
  const roles: readonly Role[] = PERMISSIONS[action];
  return roles.includes(principal.role);
}

/**
 * The principal itself, narrowed to the roles that may attempt the action, or `ROLE_FORBIDDEN` when its role
 * may not do it at all: `const allowed = authorize(principal, 'mandates.grant')` gives a company.
 */
export function authorize<A extends Action>(
  principal: Principal,
  action: A,
): Result<AllowedTo<A>, DomainError> {
  return mayAttempt(principal, action)
    ? ok(principal)
    : err(domainError('ROLE_FORBIDDEN', `A key of role ${principal.role} may not do this (${action}).`));
}

/**
 * Which roles see every record of a kind, whatever their place in contractor chains (everyone else sees what
 * the chain lets the enterprises it acts for see). Inspectors read everything: every presence, the whole
 * inspection dossier of a day, any company's roster, paper listings and mandates. The contact center handles
 * the incidents and reference numbers of every workplace, never the presences. Every role other than a company
 * or a provider takes part in no chain, and finds every workplace; an administrator, who may also declare
 * workplaces and add contractors, does so for any declarant and anywhere in a chain.
 *
 * A role listed here for a kind still needs the action's permission ({@link PERMISSIONS}) to read or write it.
 */
export const SEES_EVERY = {
  presences: ['inspector'],
  workplaces: ['agent', 'inspector', 'admin'],
  incidents: ['agent', 'inspector'],
  references: ['agent', 'inspector'],
  paperListings: ['inspector'],
  rosters: ['inspector'],
  mandates: ['inspector'],
  dossiers: ['inspector'],
} as const satisfies Record<string, readonly Role[]>;

/** A kind of record some roles see all of. */
export type RecordKind = keyof typeof SEES_EVERY;

/** A principal whose role sees every record of the kind. */
export type SeesEvery<K extends RecordKind> = PrincipalAs<(typeof SEES_EVERY)[K][number]>;

/**
 * Whether the principal sees every record of the kind whatever its place in contractor chains; when not, what
 * it sees follows from the enterprises it acts for.
 */
export function seesEvery<K extends RecordKind>(principal: Principal, kind: K): principal is SeesEvery<K> {
  const roles: readonly Role[] = SEES_EVERY[kind];
  return roles.includes(principal.role);
}
