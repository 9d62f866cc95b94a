import type { CalendarDate } from '../domain/calendar-date.js';

/** What a purge removes (or, on a dry run, would remove). */
export interface PurgeReport {
  /** Everything registered before this day is concerned. */
  readonly before: CalendarDate;
  /** Presences removed, or that would be. */
  readonly presences: number;
  /** The whole partitions dropped (PostgreSQL), by name; empty for SQLite, which deletes rows. */
  readonly partitions: string[];
  /** False for a dry run: nothing was removed. */
  readonly applied: boolean;
}
