import type { EnterpriseNumber } from './enterprise-number.js';
import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';

/** One link of a workplace's contractor chain: `enterprise` works for `parent`. */
export interface ContractorLink {
  readonly enterprise: EnterpriseNumber;
  readonly parent: EnterpriseNumber;
}

/**
 * Who works for whom on one workplace. The declarant of the works is the root; a contractor may work for
 * several co-contractors on the same workplace, so the chain is a graph without cycles rather than a tree.
 */
export interface ContractorChain {
  readonly declarant: EnterpriseNumber;
  readonly links: readonly ContractorLink[];
}

/** A (viewer, employer) pair: `viewer` is `employer` or above it in the chain. */
export interface ChainAccess {
  readonly viewer: EnterpriseNumber;
  readonly employer: EnterpriseNumber;
}

/** True when the enterprise is the declarant or a contractor of the workplace. */
export function isInChain(chain: ContractorChain, enterprise: EnterpriseNumber): boolean {
  return enterprise === chain.declarant || chain.links.some((link) => link.enterprise === enterprise);
}

/** The enterprise itself and every enterprise above it in the chain. */
export function selfAndAbove(chain: ContractorChain, enterprise: EnterpriseNumber): Set<EnterpriseNumber> {
  return walk(enterprise, (e) => chain.links.filter((l) => l.enterprise === e).map((l) => l.parent));
}

/** The enterprise itself and every enterprise below it in the chain. */
export function selfAndBelow(chain: ContractorChain, enterprise: EnterpriseNumber): Set<EnterpriseNumber> {
  return walk(enterprise, (e) => chain.links.filter((l) => l.parent === e).map((l) => l.enterprise));
}

function walk(
  start: EnterpriseNumber,
  next: (e: EnterpriseNumber) => EnterpriseNumber[],
): Set<EnterpriseNumber> {
  const seen = new Set<EnterpriseNumber>([start]);
  const todo = [start];
  for (let e = todo.pop(); e !== undefined; e = todo.pop()) {
    for (const n of next(e)) {
      if (!seen.has(n)) {
        seen.add(n);
        todo.push(n);
      }
    }
  }
  return seen;
}

/**
 * Adds a contractor under a parent. A company in the chain adds its own subcontractors, directly below itself,
 * and only companies not yet on the workplace: linking a company that is already there (which would put the
 * linker above it, and let it see that company's workers) is for the declarant (and an administrator,
 * `actingFor: 'ANYONE'`), who may link anywhere. Adding a link that exists is not an error: `added` is then false.
 * The rules are checked in an order that tells a contractor nothing about the parts of the chain it may not see.
 */
export function addContractor(
  chain: ContractorChain,
  link: ContractorLink,
  actingFor: ReadonlySet<EnterpriseNumber> | 'ANYONE',
): Result<{ chain: ContractorChain; added: boolean }, DomainError> {
  const asDeclarant = actingFor === 'ANYONE' || actingFor.has(chain.declarant);
  if (!asDeclarant && !actingFor.has(link.parent)) {
    return err(
      domainError(
        'CONTRACTOR_PARENT_NOT_SELF',
        'A contractor adds its own subcontractors only: the parent must be you.',
        'parent',
      ),
    );
  }
  if (!isInChain(chain, link.parent)) {
    return err(
      domainError(
        'CONTRACTOR_PARENT_NOT_IN_CHAIN',
        "The parent is not in this workplace's contractor chain.",
        'parent',
      ),
    );
  }
  if (link.enterprise === chain.declarant) {
    return err(
      domainError(
        'CONTRACTOR_IS_DECLARANT',
        'The declarant of the works cannot be its own contractor.',
        'enterprise',
      ),
    );
  }
  if (chain.links.some((l) => l.enterprise === link.enterprise && l.parent === link.parent)) {
    return ok({ chain, added: false });
  }
  if (!asDeclarant && isInChain(chain, link.enterprise)) {
    return err(
      domainError(
        'CONTRACTOR_ALREADY_IN_CHAIN',
        'This company already works on the workplace: only the declarant may link it below you as well.',
        'enterprise',
      ),
    );
  }
  if (selfAndAbove(chain, link.parent).has(link.enterprise)) {
    return err(
      domainError(
        'CONTRACTOR_CYCLE',
        'This enterprise is already above the parent in the chain.',
        'enterprise',
      ),
    );
  }
  return ok({ chain: { ...chain, links: [...chain.links, link] }, added: true });
}

/**
 * Whether an enterprise may be registered as employer by someone acting for the given enterprises: it must be one
 * of them or below one of them in the chain. Only the declarant, who sees the whole chain, learns that an employer
 * is not in it at all; anyone else hears that it is not below them.
 */
export function mayRegisterFor(
  chain: ContractorChain,
  actingFor: ReadonlySet<EnterpriseNumber>,
  employer: EnterpriseNumber,
): Result<true, DomainError> {
  for (const above of selfAndAbove(chain, employer)) {
    if (actingFor.has(above)) return ok(true);
  }
  if (actingFor.has(chain.declarant)) {
    return err(
      domainError(
        'EMPLOYER_NOT_IN_CHAIN',
        "This employer is not in the workplace's contractor chain.",
        'employer',
      ),
    );
  }
  return err(
    domainError(
      'EMPLOYER_NOT_BELOW_SENDER',
      'You may register for yourself and for the contractors below you only (add the employer below you first).',
      'employer',
    ),
  );
}

/** True when someone acting for these enterprises takes part in the workplace's chain. */
export function isParty(chain: ContractorChain, actingFor: ReadonlySet<EnterpriseNumber>): boolean {
  for (const e of actingFor) if (isInChain(chain, e)) return true;
  return false;
}

/** Every (viewer, employer) pair of the chain, the declarant seeing everyone: the index the searches use. */
export function chainAccess(chain: ContractorChain): ChainAccess[] {
  const members = new Set<EnterpriseNumber>([chain.declarant, ...chain.links.map((l) => l.enterprise)]);
  const pairs: ChainAccess[] = [];
  for (const employer of members) {
    for (const viewer of selfAndAbove(chain, employer)) pairs.push({ viewer, employer });
  }
  return pairs;
}

/**
 * The links a member may see: those below it, and those on its way up to the declarant. The declarant sees
 * them all; other companies do not learn who else works on the site beside them.
 */
export function visibleLinks(
  chain: ContractorChain,
  actingFor: ReadonlySet<EnterpriseNumber> | 'ALL',
): ContractorLink[] {
  if (actingFor === 'ALL' || actingFor.has(chain.declarant)) return [...chain.links];
  const below = new Set<EnterpriseNumber>();
  const above = new Set<EnterpriseNumber>();
  for (const e of actingFor) {
    if (!isInChain(chain, e)) continue;
    for (const b of selfAndBelow(chain, e)) below.add(b);
    for (const a of selfAndAbove(chain, e)) above.add(a);
  }
  return chain.links.filter((l) => below.has(l.parent) || (above.has(l.enterprise) && above.has(l.parent)));
}

/** How a stored search index differs from the pairs a chain implies: pairs it lacks, and pairs it has too many. */
export function compareChainAccess(
  expected: readonly ChainAccess[],
  stored: readonly ChainAccess[],
): { readonly missing: number; readonly extra: number } {
  const key = (pair: ChainAccess) => `${pair.viewer}>${pair.employer}`;
  const want = new Set(expected.map(key));
  const have = new Set(stored.map(key));
  let missing = 0;
  for (const pair of want) if (!have.has(pair)) missing += 1;
  let extra = 0;
  for (const pair of have) if (!want.has(pair)) extra += 1;
  return { missing, extra };
}
