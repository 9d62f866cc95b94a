import { describe, expect, it } from 'vitest';
import {
  addContractor,
  chainAccess,
  isInChain,
  isParty,
  mayRegisterFor,
  selfAndAbove,
  selfAndBelow,
  visibleLinks,
  type ContractorChain,
  type ContractorLink,
} from './contractor-chain.js';
import { parseEnterpriseNumber, type EnterpriseNumber } from './enterprise-number.js';

const e = (raw: string): EnterpriseNumber => {
  const result = parseEnterpriseNumber(raw);
  if (!result.ok) throw new Error(`not an enterprise number: ${raw}`);
  return result.value;
};

const D = e('0403170701'); // the declarant of the works
const A = e('0403019261'); // works for D
const B = e('0428759497'); // works for A, and for C too
const C = e('1000000021'); // works for D
const E = e('0500000059'); // works for B
const X = e('1234567894'); // an outsider
const Y = e('0123456749'); // a newcomer

const link = (enterprise: EnterpriseNumber, parent: EnterpriseNumber): ContractorLink => ({
  enterprise,
  parent,
});
const as = (...enterprises: EnterpriseNumber[]): ReadonlySet<EnterpriseNumber> => new Set(enterprises);

/** Adds a link the way the use case does, failing the test if the chain refuses it. */
const added = (
  chain: ContractorChain,
  newLink: ContractorLink,
  actingFor: ReadonlySet<EnterpriseNumber> | 'ANYONE',
): ContractorChain => {
  const result = addContractor(chain, newLink, actingFor);
  if (!result.ok) throw new Error(result.error.code);
  return result.value.chain;
};

/**
 * D ─ A ─ B ─ E
 *  └─ C ─┘
 * B works for two co-contractors, A and C.
 */
const chain: ContractorChain = [
  { link: link(A, D), by: as(D) },
  { link: link(B, A), by: as(A) },
  { link: link(C, D), by: as(D) },
  { link: link(B, C), by: as(D) }, // B already works here: only the declarant links it twice
  { link: link(E, B), by: as(B) },
].reduce<ContractorChain>((c, step) => added(c, step.link, step.by), { declarant: D, links: [] });

const sorted = (set: ReadonlySet<EnterpriseNumber>): EnterpriseNumber[] => [...set].sort();

describe('the example chain', () => {
  it('is built by each company adding its own subcontractors, and the declarant linking B under C too', () => {
    expect(chain.links).toEqual([link(A, D), link(B, A), link(C, D), link(B, C), link(E, B)]);
  });
});

describe('isInChain', () => {
  it('is true for the declarant and every contractor, false for an outsider', () => {
    for (const member of [D, A, B, C, E]) expect(isInChain(chain, member)).toBe(true);
    expect(isInChain(chain, X)).toBe(false);
  });
});

describe('selfAndAbove', () => {
  it('gives a contractor with two parents both paths up to the declarant', () => {
    expect(sorted(selfAndAbove(chain, B))).toEqual([A, B, C, D].sort());
  });

  it('gives everything above a deeper contractor', () => {
    expect(sorted(selfAndAbove(chain, E))).toEqual([A, B, C, D, E].sort());
  });

  it('gives the declarant itself only', () => {
    expect(sorted(selfAndAbove(chain, D))).toEqual([D]);
  });

  it('gives an outsider itself only', () => {
    expect(sorted(selfAndAbove(chain, X))).toEqual([X]);
  });
});

describe('selfAndBelow', () => {
  it('gives the declarant everyone', () => {
    expect(sorted(selfAndBelow(chain, D))).toEqual([A, B, C, D, E].sort());
  });

  it('gives a contractor its subtree, not its co-contractors', () => {
    expect(sorted(selfAndBelow(chain, A))).toEqual([A, B, E].sort());
    expect(sorted(selfAndBelow(chain, C))).toEqual([B, C, E].sort());
  });

  it('gives the last of the chain itself only', () => {
    expect(sorted(selfAndBelow(chain, E))).toEqual([E]);
  });
});

describe('addContractor', () => {
  it('lets a contractor add a subcontractor directly below itself', () => {
    const result = addContractor(chain, link(Y, A), as(A));
    expect(result).toMatchObject({ ok: true, value: { added: true } });
    if (result.ok) expect(result.value.chain.links).toEqual([...chain.links, link(Y, A)]);
  });

  it('leaves the chain it was given untouched', () => {
    const before = [...chain.links];
    addContractor(chain, link(Y, A), as(A));
    expect(chain.links).toEqual(before);
  });

  it('refuses a parent that is not in the chain: CONTRACTOR_PARENT_NOT_IN_CHAIN on parent', () => {
    expect(addContractor(chain, link(Y, X), as(D))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CONTRACTOR_PARENT_NOT_IN_CHAIN', field: 'parent' }) as unknown,
    });
  });

  it('refuses a contractor adding below another company: CONTRACTOR_PARENT_NOT_SELF on parent', () => {
    expect(addContractor(chain, link(Y, B), as(A))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CONTRACTOR_PARENT_NOT_SELF', field: 'parent' }) as unknown,
    });
  });

  it('refuses an outsider adding below a member', () => {
    expect(addContractor(chain, link(Y, A), as(X))).toMatchObject({
      ok: false,
      error: { code: 'CONTRACTOR_PARENT_NOT_SELF' },
    });
  });

  it('refuses someone acting for nobody', () => {
    expect(addContractor(chain, link(Y, A), as())).toMatchObject({
      ok: false,
      error: { code: 'CONTRACTOR_PARENT_NOT_SELF' },
    });
  });

  it('lets the declarant add anywhere in the chain', () => {
    expect(addContractor(chain, link(Y, E), as(D))).toMatchObject({ ok: true, value: { added: true } });
    expect(addContractor(chain, link(Y, D), as(D))).toMatchObject({ ok: true, value: { added: true } });
  });

  it("lets an administrator ('ANYONE') add anywhere in the chain", () => {
    expect(addContractor(chain, link(Y, E), 'ANYONE')).toMatchObject({ ok: true, value: { added: true } });
  });

  it('lets a provider add below any of the companies it acts for', () => {
    expect(addContractor(chain, link(Y, C), as(A, C))).toMatchObject({ ok: true, value: { added: true } });
    expect(addContractor(chain, link(Y, E), as(A, C))).toMatchObject({
      ok: false,
      error: { code: 'CONTRACTOR_PARENT_NOT_SELF' },
    });
  });

  it('lets the declarant link a contractor already on the workplace under a second co-contractor', () => {
    const result = addContractor(chain, link(E, C), as(D));
    expect(result).toMatchObject({ ok: true, value: { added: true } });
    if (result.ok) expect(sorted(selfAndBelow(result.value.chain, C))).toEqual([B, C, E].sort());
  });

  it('refuses a contractor linking below itself a company already on the workplace: it would see its workers', () => {
    expect(addContractor(chain, link(E, C), as(C))).toMatchObject({
      ok: false,
      error: { code: 'CONTRACTOR_ALREADY_IN_CHAIN', field: 'enterprise' },
    });
    expect(addContractor(chain, link(C, A), as(A))).toMatchObject({
      ok: false,
      error: { code: 'CONTRACTOR_ALREADY_IN_CHAIN' },
    });
  });

  it('tells a contractor naming another parent that it must be the parent, whether that parent exists or not', () => {
    for (const parent of [D, C, X]) {
      expect(addContractor(chain, link(Y, parent), as(A))).toMatchObject({
        ok: false,
        error: { code: 'CONTRACTOR_PARENT_NOT_SELF', field: 'parent' },
      });
    }
  });

  it('refuses the declarant as a contractor: CONTRACTOR_IS_DECLARANT on enterprise', () => {
    expect(addContractor(chain, link(D, A), as(A))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CONTRACTOR_IS_DECLARANT', field: 'enterprise' }) as unknown,
    });
    expect(addContractor(chain, link(D, E), 'ANYONE')).toMatchObject({
      ok: false,
      error: { code: 'CONTRACTOR_IS_DECLARANT' },
    });
  });

  it('refuses a link that would make a cycle: CONTRACTOR_CYCLE on enterprise', () => {
    expect(addContractor(chain, link(A, B), as(D))).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CONTRACTOR_CYCLE', field: 'enterprise' }) as unknown,
    });
  });

  it('refuses a cycle through the second parent too', () => {
    expect(addContractor(chain, link(C, E), as(D))).toMatchObject({
      ok: false,
      error: { code: 'CONTRACTOR_CYCLE' },
    });
  });

  it('refuses a company as its own contractor', () => {
    expect(addContractor(chain, link(A, A), as(D))).toMatchObject({
      ok: false,
      error: { code: 'CONTRACTOR_CYCLE' },
    });
  });

  it('accepts a link that exists already without adding it again: added is false', () => {
    const result = addContractor(chain, link(B, A), as(A));
    expect(result).toMatchObject({ ok: true, value: { added: false } });
    if (result.ok) expect(result.value.chain).toBe(chain);
  });
});

describe('mayRegisterFor', () => {
  it('refuses an employer that is not in the chain: EMPLOYER_NOT_IN_CHAIN on employer', () => {
    expect(mayRegisterFor(chain, as(D), X)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'EMPLOYER_NOT_IN_CHAIN', field: 'employer' }) as unknown,
    });
  });

  it('refuses a co-contractor beside the sender: EMPLOYER_NOT_BELOW_SENDER on employer', () => {
    expect(mayRegisterFor(chain, as(A), C)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'EMPLOYER_NOT_BELOW_SENDER', field: 'employer' }) as unknown,
    });
  });

  it('refuses a company above the sender', () => {
    expect(mayRegisterFor(chain, as(B), A)).toMatchObject({
      ok: false,
      error: { code: 'EMPLOYER_NOT_BELOW_SENDER' },
    });
  });

  it('refuses someone acting for nobody', () => {
    expect(mayRegisterFor(chain, as(), B)).toMatchObject({
      ok: false,
      error: { code: 'EMPLOYER_NOT_BELOW_SENDER' },
    });
  });

  it('lets a company register for itself', () => {
    expect(mayRegisterFor(chain, as(B), B)).toEqual({ ok: true, value: true });
  });

  it('lets a company register for the contractors below it, at any depth', () => {
    expect(mayRegisterFor(chain, as(A), B)).toMatchObject({ ok: true });
    expect(mayRegisterFor(chain, as(A), E)).toMatchObject({ ok: true });
  });

  it('lets each of two co-contractors register for the contractor they share', () => {
    expect(mayRegisterFor(chain, as(A), B)).toMatchObject({ ok: true });
    expect(mayRegisterFor(chain, as(C), B)).toMatchObject({ ok: true });
  });

  it('lets the declarant register for everyone in the chain', () => {
    for (const employer of [D, A, B, C, E])
      expect(mayRegisterFor(chain, as(D), employer)).toMatchObject({ ok: true });
  });

  it('lets a provider register for anyone below one of the companies it acts for', () => {
    expect(mayRegisterFor(chain, as(X, C), E)).toMatchObject({ ok: true });
  });
});

describe('isParty', () => {
  it('is true when one of the enterprises is in the chain', () => {
    expect(isParty(chain, as(X, C))).toBe(true);
  });

  it('is false for outsiders and for nobody', () => {
    expect(isParty(chain, as(X, Y))).toBe(false);
    expect(isParty(chain, as())).toBe(false);
  });
});

describe('chainAccess', () => {
  it('pairs every member with itself and every company above it, once each', () => {
    const pairs = chainAccess(chain).map(({ viewer, employer }) => `${viewer} sees ${employer}`);
    const expected = [
      [D, D],
      [A, A],
      [D, A],
      [B, B],
      [A, B],
      [C, B],
      [D, B],
      [C, C],
      [D, C],
      [E, E],
      [B, E],
      [A, E],
      [C, E],
      [D, E],
    ].map(([viewer, employer]) => `${String(viewer)} sees ${String(employer)}`);
    expect(pairs.sort()).toEqual(expected.sort());
  });

  it('gives a chain of the declarant alone one pair', () => {
    expect(chainAccess({ declarant: D, links: [] })).toEqual([{ viewer: D, employer: D }]);
  });
});

describe('visibleLinks', () => {
  it('shows the declarant every link', () => {
    expect(visibleLinks(chain, as(D))).toEqual(chain.links);
  });

  it("shows every link to 'ALL' (inspectors and administrators)", () => {
    expect(visibleLinks(chain, 'ALL')).toEqual(chain.links);
  });

  it('shows a subcontractor its subtree and its path up, not its co-contractor beside it', () => {
    expect(visibleLinks(chain, as(A))).toEqual([link(A, D), link(B, A), link(E, B)]);
    expect(visibleLinks(chain, as(C))).toEqual([link(C, D), link(B, C), link(E, B)]);
  });

  it('does not show a company that a contractor below it also works for another co-contractor', () => {
    expect(visibleLinks(chain, as(A))).not.toContainEqual(link(B, C));
    expect(visibleLinks(chain, as(A))).not.toContainEqual(link(C, D));
  });

  it('shows a contractor with two parents both its paths up', () => {
    expect(visibleLinks(chain, as(B))).toEqual([link(A, D), link(B, A), link(C, D), link(B, C), link(E, B)]);
  });

  it('shows an outsider nothing', () => {
    expect(visibleLinks(chain, as(X))).toEqual([]);
  });

  it('shows a provider what the companies it acts for see together', () => {
    expect(visibleLinks(chain, as(A, X))).toEqual(visibleLinks(chain, as(A)));
    expect(visibleLinks(chain, as(A, C))).toEqual(chain.links);
  });
});
