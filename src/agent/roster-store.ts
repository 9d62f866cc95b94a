import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { Worker } from '../domain/worker.js';
import type { BadgeId } from './badge.js';

/** A worker the agent knows: by number, with a name (for the paper listing) and, when there is one, a badge. */
export interface RosterEntry {
  readonly worker: Worker;
  readonly lastName: string;
  readonly firstName: string;
  readonly badge?: BadgeId;
  /** The worker's employer, when it is not the agent's own (a subcontractor's worker). */
  readonly employer?: EnterpriseNumber;
}

/** The workers the agent knows, with their names and badges (`agent roster import`). */
export interface RosterStore {
  /** Replaces the roster (numbers, names, badges), in one write. */
  replaceRoster(entries: readonly RosterEntry[]): Promise<void>;
  /** The roster entry of a badge, trying each reading of it (hex, decimal). */
  findBadge(candidates: readonly BadgeId[]): Promise<RosterEntry | undefined>;
  /** The roster, by last name. */
  roster(): Promise<RosterEntry[]>;
}
