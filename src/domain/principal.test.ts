import { describe, expect, it } from 'vitest';
import { parseEnterpriseNumber, type EnterpriseNumber } from './enterprise-number.js';
import {
  actingEnterprises,
  actsForEnterprises,
  mandatedProvider,
  ownEnterprise,
  principalOf,
  roleHasEnterprise,
  ROLES,
  senderOf,
  type Principal,
} from './principal.js';

const e = (raw: string): EnterpriseNumber => {
  const result = parseEnterpriseNumber(raw);
  if (!result.ok) throw new Error(`not an enterprise number: ${raw}`);
  return result.value;
};

const own = e('0403170701');
const mandatorA = e('0403019261');
const mandatorB = e('0428759497');

const company: Principal = { role: 'company', enterprise: own, keyId: 'k1', name: 'Bouw NV' };
const provider: Principal = { role: 'provider', enterprise: own, keyId: 'k2', name: 'Badge Co' };
const agent: Principal = { role: 'agent', keyId: 'k3', name: 'Contact center' };
const inspector: Principal = { role: 'inspector', keyId: 'k4', name: 'Inspection' };
const admin: Principal = { role: 'admin', keyId: 'k5', name: 'Operations' };

describe('actingEnterprises', () => {
  it('makes a company act for its own enterprise, whatever mandators are passed', () => {
    expect([...actingEnterprises(company, [])]).toEqual([own]);
    expect([...actingEnterprises(company, [mandatorA])]).toEqual([own]);
  });

  it('makes a provider act for the companies that mandated it, not for itself', () => {
    expect([...actingEnterprises(provider, [mandatorA, mandatorB])]).toEqual([mandatorA, mandatorB]);
  });

  it('makes a provider without mandates act for nobody', () => {
    expect(actingEnterprises(provider, []).size).toBe(0);
  });

  it('counts a mandator passed twice once', () => {
    expect(actingEnterprises(provider, [mandatorA, mandatorA]).size).toBe(1);
  });

  it.each([agent, inspector, admin])('makes a key of role $role act for nobody', (principal) => {
    expect(actingEnterprises(principal, [mandatorA]).size).toBe(0);
  });
});

describe('senderOf', () => {
  it('records a company as the sender with its enterprise number', () => {
    expect(senderOf(company)).toEqual({ role: 'company', enterprise: own });
  });

  it('records a provider as the sender with its own enterprise number', () => {
    expect(senderOf(provider)).toEqual({ role: 'provider', enterprise: own });
  });

  it.each([agent, inspector, admin])('gives no sender for a key of role $role', (principal) => {
    expect(senderOf(principal)).toBeUndefined();
  });
});

describe('roleHasEnterprise', () => {
  it('is true for company and provider only', () => {
    expect(ROLES.filter((role) => roleHasEnterprise(role))).toEqual(['company', 'provider']);
  });
});

describe('actsForEnterprises', () => {
  it('is true for a company and a provider, which act for enterprises in contractor chains', () => {
    expect(actsForEnterprises(company)).toBe(true);
    expect(actsForEnterprises(provider)).toBe(true);
  });

  it.each([agent, inspector, admin])('is false for a key of role $role', (principal) => {
    expect(actsForEnterprises(principal)).toBe(false);
  });
});

describe('ownEnterprise', () => {
  it("is a company's own enterprise number", () => {
    expect(ownEnterprise(company)).toBe(own);
  });

  it('is none for a provider, which acts for the companies that mandated it', () => {
    expect(ownEnterprise(provider)).toBeUndefined();
  });

  it.each([agent, inspector, admin])('is none for a key of role $role', (principal) => {
    expect(ownEnterprise(principal)).toBeUndefined();
  });
});

describe('mandatedProvider', () => {
  it("is a provider's own enterprise number, whose mandates say whom it acts for", () => {
    expect(mandatedProvider(provider)).toBe(own);
  });

  it.each([company, agent, inspector, admin])('is none for a key of role $role', (principal) => {
    expect(mandatedProvider(principal)).toBeUndefined();
  });
});

describe('principalOf', () => {
  it('makes a company or a provider with the enterprise it stands for', () => {
    expect(principalOf({ role: 'company', enterprise: own }, 'k1', 'Bouw NV')).toEqual(company);
    expect(principalOf({ role: 'provider', enterprise: own }, 'k2', 'Badge Co')).toEqual(provider);
  });

  it('makes a company or a provider without an enterprise nobody', () => {
    expect(principalOf({ role: 'company' }, 'k1', 'Bouw NV')).toBeUndefined();
    expect(principalOf({ role: 'provider', enterprise: undefined }, 'k2', 'Badge Co')).toBeUndefined();
  });

  it('makes the other roles without an enterprise, even when one is recorded', () => {
    expect(principalOf({ role: 'agent' }, 'k3', 'Contact center')).toEqual(agent);
    expect(principalOf({ role: 'inspector', enterprise: own }, 'k4', 'Inspection')).toEqual(inspector);
  });
});
