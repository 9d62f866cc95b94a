import type { CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { DomainError } from '../domain/errors.js';
import type { ReceiptNumber } from '../domain/receipt-number.js';
import type { Decision } from '../domain/procedure/decision.js';
import type { Situation } from '../domain/procedure/situation.js';
import type { ReferenceNumber } from '../domain/reference-number.js';
import type { Worker } from '../domain/worker.js';
import type { BadgeId } from './badge.js';
import type { WorkplaceId } from '../domain/workplace-id.js';

/** Where a capture came from: a person at the agent's command line, a badge reader, an import, a kiosk. */
export const CAPTURE_SOURCES = ['CHECKIN', 'READER', 'IMPORT', 'KIOSK'] as const;
export type CaptureSource = (typeof CAPTURE_SOURCES)[number];

/**
 * Where a capture stands. `PENDING`: waiting to be sent. `SENT`: registered, with its receipt number.
 * `REJECTED`: the registry refused its data (shown with the reason, never retried). `HELD`: its day passed
 * before it could be registered — it is kept as the proof of who was there, for the emergency procedure.
 * `UNRESOLVED`: a badge the roster does not know (shown with its raw value).
 */
export const CAPTURE_STATES = ['PENDING', 'SENT', 'REJECTED', 'HELD', 'UNRESOLVED'] as const;
export type CaptureState = (typeof CAPTURE_STATES)[number];

/** A presence seen at the gate, as it is journaled before it is acknowledged. */
export interface NewCapture {
  /** The capture's own idempotency key, sent as the registration's clientReference. */
  readonly clientReference: string;
  /** When the person was seen: the registration's day is this instant's Brussels day, never the sync time's. */
  readonly capturedAt: string;
  readonly day: CalendarDate;
  readonly source: CaptureSource;
  /** What was read or typed, as it came (a badge's raw value is shown when the roster does not know it). */
  readonly raw: string;
  readonly workplaceId: WorkplaceId;
  /** Unknown for an unresolved badge. */
  readonly worker?: Worker;
  readonly employer?: EnterpriseNumber;
  /**
   * When it was written to the journal, if not when it was seen (an import of earlier captures): how long a
   * capture has waited unsent counts from here.
   */
  readonly journaledAt?: string;
}

/** A journaled capture and what became of it. */
export interface Capture extends NewCapture {
  readonly sequence: number;
  readonly state: CaptureState;
  readonly receiptNumber?: ReceiptNumber;
  readonly presenceId?: string;
  /** The registry already had this presence (registered by someone else, or before a crash of the agent). */
  readonly duplicate?: boolean;
  readonly rejection?: readonly DomainError[];
  /** When its state last changed (sent, rejected, held). */
  readonly settledAt?: string;
}

/** What the registry said of one sent capture. */
export type SendResult =
  | {
      readonly sequence: number;
      readonly outcome: 'SENT';
      readonly receiptNumber: ReceiptNumber;
      readonly presenceId: string;
      readonly duplicate: boolean;
    }
  | { readonly sequence: number; readonly outcome: 'REJECTED'; readonly errors: readonly DomainError[] }
  | { readonly sequence: number; readonly outcome: 'HELD'; readonly errors: readonly DomainError[] };

/** One attempt to reach the registry, kept as the record of what failed and why. */
export interface Attempt {
  readonly at: string;
  readonly outcome: 'OK' | 'FAILED';
  /** How many captures the attempt carried. */
  readonly captures: number;
  readonly failureClass?: string;
  readonly detail?: string;
  /** What the probe of the second target said, when the registry could not be reached. */
  readonly probe?: 'REACHABLE' | 'UNREACHABLE' | 'NOT_CONFIGURED';
  /** Where the outage most likely is. */
  readonly location?: 'LINE' | 'REGISTRY' | 'AGENT' | 'UNKNOWN';
  readonly durationMs?: number;
}

/** The journal at a glance. */
export interface JournalSummary {
  readonly counts: Readonly<Record<CaptureState, number>>;
  readonly lastAttempt?: Attempt;
  readonly lastFailure?: Attempt;
  readonly lastSuccess?: Attempt;
  /** The oldest capture still pending, if any. */
  readonly oldestPending?: string;
}

/** A worker the agent knows: by number, with a name (for the paper listing) and, when there is one, a badge. */
export interface RosterEntry {
  readonly worker: Worker;
  readonly lastName: string;
  readonly firstName: string;
  readonly badge?: BadgeId;
  /** The worker's employer, when it is not the agent's own (a subcontractor's worker). */
  readonly employer?: EnterpriseNumber;
}

/**
 * The emergency procedure as the agent follows it for one day, offline if need be: opened when the day's
 * captures could not be sent in time, with the decision taken then, the reference number once the company has
 * one, and what was filed with the registry once the line came back.
 */
export interface ProcedureRecord {
  readonly day: CalendarDate;
  readonly openedAt: string;
  readonly situation: Situation;
  readonly decision: Decision;
  readonly referenceNumber?: ReferenceNumber;
  /** The incident filed with the registry, once it could be reached, and when its evidence was added. */
  readonly incidentId?: string;
  readonly evidenceFiledAt?: string;
  /**
   * The attempts from this instant on are the evidence still to add (a procedure opened again the same day, for
   * a second outage); from the first failure claimed when not set.
   */
  readonly evidenceSince?: string;
  /**
   * The paper listings made on the registry under the reference number, one per employer of the workers seen
   * that day (a subcontractor's workers are on their employer's listing), and when their lines were captured.
   */
  readonly listings?: readonly ProcedureListing[];
  readonly closedAt?: string;
}

/** One employer's paper listing of a procedure, as filed with the registry. */
export interface ProcedureListing {
  readonly employer: EnterpriseNumber;
  readonly listingId: string;
  /** When its lines were captured on the registry. */
  readonly filedAt?: string;
}

/** A badge seen that the roster did not know, resolved since. */
export interface Resolution {
  readonly sequence: number;
  readonly worker: Worker;
  readonly employer: EnterpriseNumber;
}

/**
 * The site agent's journal: every capture is written durably before it is acknowledged, and every attempt to
 * send is recorded. Several processes may use one journal at once (a badge reader's, the forwarder's).
 */
export interface Journal {
  /** Journals a capture; resolves once it is on disk. A clientReference journaled before is returned as it is. */
  capture(capture: NewCapture): Promise<Capture>;
  /**
   * The pending captures of a day and the days before it, oldest first, at most `limit`; only those after
   * `after` when given.
   */
  pending(day: CalendarDate, limit: number, after?: number): Promise<Capture[]>;
  /** Holds the pending captures of days before `day`: their day is over. Returns how many. */
  holdBefore(day: CalendarDate, at: string): Promise<number>;
  /**
   * Records what the registry said of sent captures, and the attempt, in one write (one sync to disk). Only
   * pending captures change, and held ones when the registry gives them a receipt after all.
   */
  settle(results: readonly SendResult[], at: string, attempt?: Attempt): Promise<void>;
  /** Records an attempt to reach the registry. */
  recordAttempt(attempt: Attempt): Promise<void>;
  /** The attempts between two instants, oldest first, at most `limit` (the evidence of an outage). */
  attempts(from: string, to: string, limit: number): Promise<Attempt[]>;
  /** Captures by day and state, in the order they were made. */
  captures(
    filter: { readonly day?: CalendarDate; readonly state?: CaptureState },
    limit: number,
  ): Promise<Capture[]>;
  summary(): Promise<JournalSummary>;
  /** Replaces the roster (numbers, names, badges), in one write. */
  replaceRoster(entries: readonly RosterEntry[]): Promise<void>;
  /** Gives unresolved captures the worker a badge turned out to be; they are pending then. Returns how many. */
  resolve(resolutions: readonly Resolution[]): Promise<number>;
  /** The days before `day` with held captures, oldest first. */
  heldDays(before: CalendarDate): Promise<CalendarDate[]>;
  /** The roster entry of a badge, trying each reading of it (hex, decimal). */
  findBadge(candidates: readonly BadgeId[]): Promise<RosterEntry | undefined>;
  /** The roster, by last name. */
  roster(): Promise<RosterEntry[]>;
  /** The procedure of a day, if one was opened. */
  procedure(day: CalendarDate): Promise<ProcedureRecord | undefined>;
  /** The procedures not closed yet, oldest day first. */
  openProcedures(): Promise<ProcedureRecord[]>;
  /** Stores a day's procedure as it now stands. */
  saveProcedure(record: ProcedureRecord): Promise<void>;
  /** A setting of the agent (registry address, key, workplace, …). */
  setting(name: string): Promise<string | undefined>;
  setSettings(settings: Readonly<Record<string, string>>): Promise<void>;
  close(): Promise<void>;
}
