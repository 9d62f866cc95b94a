import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseEnterpriseNumber } from './enterprise-number.js';
import {
  authorize,
  mayAttempt,
  PERMISSIONS,
  SEES_EVERY,
  seesEvery,
  type Action,
  type RecordKind,
} from './permissions.js';
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
  // Listing what came in from every workplace is the contact center's work, and the inspectors'.
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
  // The audit trail names who saw whom: administrators and inspectors read it, nobody writes it by hand.
  'audit.read': ['inspector', 'admin'],
  // The reference registers the checks read: administrators load them; inspectors may see how they stand.
  'registers.load': ['admin'],
  'registers.read': ['admin', 'inspector'],
  'upstream.read': ['admin', 'inspector'],
};

const cases = (Object.keys(allowed) as Action[]).flatMap((action) =>
  ROLES.map((role) => ({ action, role, may: allowed[action].includes(role) })),
);

describe('authorize', () => {
  it.each(cases.filter((c) => c.may))('lets keys of role $role attempt $action', ({ action, role }) => {
    const caller = principal(role);
    expect(authorize(caller, action)).toEqual({ ok: true, value: caller });
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

  it('gives back the principal narrowed to the roles the action allows', () => {
    const result = authorize(principal('company'), 'mandates.grant');
    if (!result.ok) throw new Error('a company grants mandates');
    expectTypeOf(result.value.role).toEqualTypeOf<'company'>();
    expectTypeOf(result.value.enterprise).toEqualTypeOf<typeof enterprise>();
    const lister = authorize(principal('agent'), 'incidents.list');
    if (!lister.ok) throw new Error('an agent lists incidents');
    expectTypeOf(lister.value.role).toEqualTypeOf<'agent' | 'inspector'>();
  });
});

describe('mayAttempt', () => {
  it.each(cases)('answers $may for $action by role $role, as authorize does', ({ action, role, may }) => {
    expect(mayAttempt(principal(role), action)).toBe(may);
  });
});

/** The spec: which roles see every record of a kind, whatever their place in contractor chains. */
const seesAll: Record<RecordKind, readonly Role[]> = {
  // A NISS is personal data: inspectors see every presence; the contact center and administrators none.
  presences: ['inspector'],
  // Who takes part in no chain finds every workplace.
  workplaces: ['agent', 'inspector', 'admin'],
  // The contact center handles the incidents and references of every workplace; inspectors read them.
  incidents: ['agent', 'inspector'],
  references: ['agent', 'inspector'],
  paperListings: ['inspector'],
  rosters: ['inspector'],
  mandates: ['inspector'],
  dossiers: ['inspector'],
};

const kinds = (Object.keys(seesAll) as RecordKind[]).flatMap((kind) =>
  ROLES.map((role) => ({ kind, role, sees: seesAll[kind].includes(role) })),
);

describe('seesEvery', () => {
  it.each(kinds.filter((k) => k.sees))('lets role $role see every record of $kind', ({ kind, role }) => {
    expect(seesEvery(principal(role), kind)).toBe(true);
  });

  it.each(kinds.filter((k) => !k.sees))(
    'leaves role $role to see the $kind its place in the chains shows',
    ({ kind, role }) => {
      expect(seesEvery(principal(role), kind)).toBe(false);
    },
  );

  it('covers every kind of SEES_EVERY in this spec', () => {
    expect(Object.keys(SEES_EVERY).sort()).toEqual(Object.keys(seesAll).sort());
  });

  it('never lets a company or a provider see everything: they see what their chains show', () => {
    for (const kind of Object.keys(SEES_EVERY) as RecordKind[]) {
      expect(seesEvery(principal('company'), kind)).toBe(false);
      expect(seesEvery(principal('provider'), kind)).toBe(false);
    }
  });

  it('lets every role that acts for no enterprise find every workplace', () => {
    expect(ROLES.filter((role) => seesEvery(principal(role), 'workplaces'))).toEqual([
      'agent',
      'inspector',
      'admin',
    ]);
  });

  it('lets whoever sees every dossier see every presence, incident, reference and paper listing in it', () => {
    for (const role of ROLES.filter((r) => seesEvery(principal(r), 'dossiers')))
      for (const kind of ['presences', 'incidents', 'references', 'paperListings'] as const)
        expect(seesEvery(principal(role), kind)).toBe(true);
  });

  it('narrows the principal: who does not see every presence acts for enterprises', () => {
    const reader = authorize(principal('company'), 'presences.read');
    if (!reader.ok) throw new Error('a company reads presences');
    if (seesEvery(reader.value, 'presences')) expectTypeOf(reader.value.role).toEqualTypeOf<'inspector'>();
    else expectTypeOf(reader.value.role).toEqualTypeOf<'company' | 'provider'>();
  });
});
