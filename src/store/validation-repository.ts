import type { Presence } from '../domain/presence.js';
import type { ValidationAttempt } from '../domain/validation.js';

/** A presence whose check is due, as a validator took it: `due` is the count it read (see {@link record}). */
export interface DuePresence {
  readonly presence: Presence;
  readonly due: number;
}

/** The outcome of the check of one presence taken with {@link ValidationRepository.takeDue}. */
export interface CheckMade {
  readonly presence: Pick<Presence, 'id' | 'registrationDate'>;
  readonly due: number;
  readonly attempt: ValidationAttempt;
}

/**
 * The checks of presences, made after their acknowledgement. A presence is due for a check when it is new, and
 * again whenever something its check read changes (a reference register's lines for its worker, its workplace's
 * chain, the cancellation of the registration its remark names): those writes mark it due in their own
 * transaction, so that a check is never lost to a process that dies, and never skipped.
 */
export interface ValidationRepository {
  /**
   * Takes up to `limit` registered presences whose check is due and that no other validator holds, the latest
   * first (SQLite: the latest registered; PostgreSQL: the latest day, then the latest registered on it) — a new
   * registration is not held up behind a backlog of old ones — and holds them until `until` (a validator that dies
   * lets them go then).
   */
  takeDue(limit: number, now: string, until: string): Promise<DuePresence[]>;
  /**
   * Records checks: each presence's latest outcome, added to its history (the latest `MOST_ATTEMPTS_KEPT`). A
   * presence stays due when what its check reads changed since it was taken (its count is no longer `due`), and
   * is left as it is when it was cancelled meanwhile.
   */
  record(checks: readonly CheckMade[]): Promise<void>;
  /** Marks registered presences due for a check again (what a check of another found says of them). */
  markDue(presences: readonly Pick<Presence, 'id' | 'registrationDate'>[]): Promise<void>;
  /** How many presences wait for a check. */
  countDue(): Promise<number>;
}
