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

/** Where workplaces and their contractor chains are kept. */
export interface WorkplaceRepository {
  /** Stores a new workplace; `false` when its id is taken. */
  create(workplace: Workplace): Promise<boolean>;
  /** A workplace and its chain. */
  get(id: WorkplaceId): Promise<WorkplaceWithChain | undefined>;
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
}
