import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type {
  Declaration,
  EmploymentDeclaration,
  LimosaDeclaration,
  RegisterKind,
} from '../domain/declarations.js';
import type { LimosaId } from '../domain/limosa-id.js';
import type { Niss } from '../domain/niss.js';

/** How a load treats the lines already in the register: kept unless loaded again (`merge`), or all replaced. */
export type LoadMode = 'merge' | 'replace';

/** What a load changed in a register. */
export interface LoadCounts {
  readonly added: number;
  readonly changed: number;
  readonly unchanged: number;
  /** Lines that were in the register and are no longer (`replace` only). */
  readonly removed: number;
  /** Presences whose check is due again because of it. */
  readonly presencesToCheck: number;
}

/** A register as it stands: how many lines, and its last load. */
export interface RegisterState {
  readonly register: RegisterKind;
  readonly lines: number;
  readonly lastLoad?: { readonly at: string; readonly mode: LoadMode; readonly lines: number };
}

/**
 * The reference registers that checks of presences read: employment declarations and Limosa declarations. A
 * register that was never loaded answers `undefined`: the registry knows nothing of it, which is not the same as
 * knowing there is no declaration.
 */
export interface DeclarationRepository {
  /**
   * Loads declarations of one register in one transaction (the key of each is `declarationKey`; the caller gives
   * each key once), and marks due the check of every registered presence whose worker a changed, added or removed
   * line names — of every registered presence on the register's first load — from `firstRecheckedDay(at)` on.
   */
  load(
    register: RegisterKind,
    declarations: readonly Declaration[],
    mode: LoadMode,
    at: string,
  ): Promise<LoadCounts>;
  /** Each register's size and last load. */
  state(): Promise<RegisterState[]>;
  /** The employment declarations of an employer for a worker. */
  employment(employer: EnterpriseNumber, worker: Niss): Promise<EmploymentDeclaration[] | undefined>;
  /** The Limosa declaration with this number (none or one). */
  limosaById(limosaId: LimosaId): Promise<LimosaDeclaration[] | undefined>;
  /** The Limosa declarations that name this worker. */
  limosaOfWorker(worker: Niss): Promise<LimosaDeclaration[] | undefined>;
}
