import { describe, expect, it } from 'vitest';
import { parseEnterpriseNumber } from './enterprise-number.js';
import { authorize, PERMISSIONS, type Action } from './permissions.js';
import { ROLES, type Principal, type Role } from './principal.js';

const enterprise = (() => {
  const result = parseEnterpriseNumber('0403170701');
  if (!result.ok) throw new Error('fixture');
  return result.value;
})();

const principal = (role: Role): Principal =>
  role === 'company' || role === 'provider'
    ? { role, enterprise, keyId: `key-${role}`, name: role }
    : { role, keyId: `key-${role}`, name: role };

/** The spec: which roles may attempt which action. */
const allowed: Record<Action, readonly Role[]> = {
  'presences.register': ['company', 'provider'],
  'presences.cancel': ['company', 'provider'],
  'presences.read': ['company', 'provider', 'inspector'],
  'workplaces.declare': ['company', 'provider', 'admin'],
  'workplaces.read': ['company', 'provider', 'agent', 'inspector', 'admin'],
  'contractors.add': ['company', 'provider', 'admin'],
  'mandates.grant': ['company'],
  'mandates.read': ['company', 'provider', 'inspector'],
  'keys.manage': ['admin'],
  // The emergency procedure: anyone may ask what to do; inspectors read and never write; the contact center
  // issues references and reads incidents, never names.
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
  // The audit trail names who saw whom: administrators and inspectors read it, nobody writes it by hand.
  'audit.read': ['inspector', 'admin'],
};

const cases = (Object.keys(allowed) as Action[]).flatMap((action) =>
  ROLES.map((role) => ({ action, role, may: allowed[action].includes(role) })),
);

describe('authorize', () => {
  it.each(cases.filter((c) => c.may))('lets keys of role $role attempt $action', ({ action, role }) => {
    expect(authorize(principal(role), action)).toEqual({ ok: true, value: true });
  });

  it.each(cases.filter((c) => !c.may))(
    'refuses $action to keys of role $role: ROLE_FORBIDDEN',
    ({ action, role }) => {
      expect(authorize(principal(role), action)).toMatchObject({
        ok: false,
        error: { code: 'ROLE_FORBIDDEN' },
      });
    },
  );

  it('names the role and the action in its message, and no field', () => {
    const result = authorize(principal('agent'), 'presences.register');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain('agent');
      expect(result.error.message).toContain('presences.register');
      expect(result.error.field).toBeUndefined();
    }
  });

  it('covers every action of PERMISSIONS in this spec', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(allowed).sort());
  });
});
