import { describe, expect, it } from 'vitest';
import { maySeePresence } from './access.js';
import type { ContractorChain } from './contractor-chain.js';
import { parseEnterpriseNumber, type EnterpriseNumber } from './enterprise-number.js';
import { actingEnterprises, type Principal } from './principal.js';

const e = (raw: string): EnterpriseNumber => {
  const result = parseEnterpriseNumber(raw);
  if (!result.ok) throw new Error(`not an enterprise number: ${raw}`);
  return result.value;
};

const D = e('0403170701'); // declarant
const A = e('0403019261'); // works for D
const B = e('0428759497'); // works for A
const C = e('1000000021'); // works for D, beside A
const X = e('1234567894'); // outsider

const chain: ContractorChain = {
  declarant: D,
  links: [
    { enterprise: A, parent: D },
    { enterprise: B, parent: A },
    { enterprise: C, parent: D },
  ],
};

const company = (enterprise: EnterpriseNumber): Principal => ({
  role: 'company',
  enterprise,
  keyId: `key-${enterprise}`,
  name: `Company ${enterprise}`,
});
const provider: Principal = { role: 'provider', enterprise: X, keyId: 'key-provider', name: 'Badge Co' };
const staff = (role: 'agent' | 'inspector' | 'admin'): Principal => ({
  role,
  keyId: `key-${role}`,
  name: role,
});

/** Whether the principal, acting for what it acts for, sees a presence of that employer. */
const sees = (
  principal: Principal,
  employer: EnterpriseNumber,
  mandators: EnterpriseNumber[] = [],
): boolean => maySeePresence(principal, actingEnterprises(principal, mandators), chain, { employer });

describe('maySeePresence', () => {
  it('lets a company see the presences of its own workers', () => {
    expect(sees(company(A), A)).toBe(true);
  });

  it('lets a company see the presences of the contractors below it', () => {
    expect(sees(company(A), B)).toBe(true);
    expect(sees(company(D), B)).toBe(true);
    expect(sees(company(D), C)).toBe(true);
  });

  it('hides from a company the presences of a co-contractor beside it', () => {
    expect(sees(company(A), C)).toBe(false);
    expect(sees(company(C), B)).toBe(false);
  });

  it('hides from a subcontractor the presences of the companies above it', () => {
    expect(sees(company(B), A)).toBe(false);
    expect(sees(company(B), D)).toBe(false);
  });

  it('hides everything from a company outside the chain', () => {
    for (const employer of [D, A, B, C]) expect(sees(company(X), employer)).toBe(false);
  });

  it('lets a provider see what the companies that mandated it see', () => {
    expect(sees(provider, B, [A])).toBe(true);
    expect(sees(provider, C, [A])).toBe(false);
    expect(sees(provider, C, [A, C])).toBe(true);
  });

  it('shows a provider nothing once its mandates are revoked, not even its own enterprise’s view', () => {
    expect(sees(provider, B, [])).toBe(false);
  });

  it('lets an inspector see everything', () => {
    for (const employer of [D, A, B, C, X]) expect(sees(staff('inspector'), employer)).toBe(true);
  });

  it('shows the contact center’s agents and the administrators nothing', () => {
    for (const employer of [D, A, B, C]) {
      expect(sees(staff('agent'), employer)).toBe(false);
      expect(sees(staff('admin'), employer)).toBe(false);
    }
  });

  it('ignores what an agent or administrator claims to act for', () => {
    expect(maySeePresence(staff('agent'), new Set([D]), chain, { employer: A })).toBe(false);
    expect(maySeePresence(staff('admin'), new Set([D]), chain, { employer: A })).toBe(false);
  });
});
