import type { CalendarDate } from '../domain/calendar-date.js';

/** What a purge removes (or, on a dry run, would remove). */
export interface PurgeReport {
  /** Everything registered before this day is concerned. */
  readonly before: CalendarDate;
  /** Presences removed, or that would be. */
  readonly presences: number;
  /** Incidents of a day before, with their events (the evidence). */
  readonly incidents: number;
  /** The contact center's reference numbers for a day before. */
  readonly references: number;
  /** Paper listings of a day before, with their lines. */
  readonly paperListings: number;
  /** The registry's runs (its availability journal) last seen before the day. */
  readonly availabilityRuns: number;
  /** The whole partitions dropped (PostgreSQL), by name; empty for SQLite, which deletes rows. */
  readonly partitions: string[];
  /** False for a dry run: nothing was removed. */
  readonly applied: boolean;
}
