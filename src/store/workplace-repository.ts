import type { ChainAccess, ContractorChain, ContractorLink } from '../domain/contractor-chain.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { DomainError } from '../domain/errors.js';
import type { Result } from '../domain/result.js';
import type { Workplace } from '../domain/workplace.js';
import type { WorkplaceId } from '../domain/workplace-id.js';

/** A workplace with its contractor chain. */
export interface WorkplaceWithChain {
  readonly workplace: Workplace;
  readonly chain: ContractorChain;
}

/** A decision taken on the chain as it is inside the write, so that concurrent additions cannot lose one another. */
export type ChainChange = (
  chain: ContractorChain,
) => Result<
  { readonly chain: ContractorChain; readonly added: boolean; readonly link: ContractorLink },
  DomainError
>;

/** A workplace whose search index (`workplace_access`) differs from what its chain implies. */
export interface AccessDifference {
  readonly workplaceId: WorkplaceId;
  /** Pairs the chain implies that the index lacks: someone who cannot find presences they may see. */
  readonly missing: number;
  /** Pairs in the index that the chain does not imply. */
  readonly extra: number;
}

/** What a check of the search index found (and, when applied, rebuilt). */
export interface AccessRepairReport {
  /** The workplaces checked. */
  readonly workplaces: number;
  readonly differing: AccessDifference[];
}

/** Where workplaces and their contractor chains are kept. */
export interface WorkplaceRepository {
  /** Stores a new workplace; `false` when its id is taken. */
  create(workplace: Workplace): Promise<boolean>;
  /** A workplace and its chain (from a cache that each instance keeps exact, a moment after a change elsewhere). */
  get(id: WorkplaceId): Promise<WorkplaceWithChain | undefined>;
  /**
   * A workplace and its chain as the database holds them now, past any cache: for a check of presences, which must
   * not read a change of another instance late (the change marked them due before this read).
   */
  getCurrent(id: WorkplaceId): Promise<WorkplaceWithChain | undefined>;
  /** The workplaces in whose chain any of these enterprises stands (all of them for `'ALL'`), by id. */
  list(parties: readonly EnterpriseNumber[] | 'ALL'): Promise<Workplace[]>;
  /**
   * Applies a change to a workplace's chain atomically, storing the new link and the derived access pairs
   * (`chainAccess` of the new chain), dated `at`. Undefined when the workplace does not exist.
   */
  changeChain(
    id: WorkplaceId,
    at: string,
    change: ChainChange,
    access: (chain: ContractorChain) => ChainAccess[],
  ): Promise<ReturnType<ChainChange> | undefined>;
  /** The (viewer, employer) pairs of a workplace's search index, as stored. */
  accessOf(id: WorkplaceId): Promise<ChainAccess[]>;
  /**
   * Compares every workplace's search index with `access` of its chain; with `apply`, rewrites the index of each
   * workplace that differs (each under the same lock as a change of its chain).
   */
  repairAccess(
    access: (chain: ContractorChain) => ChainAccess[],
    apply: boolean,
  ): Promise<AccessRepairReport>;
}
