import type { CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { DomainError } from '../domain/errors.js';
import type { ReceiptNumber } from '../domain/receipt-number.js';
import type { Worker } from '../domain/worker.js';
import type { WorkplaceId } from '../domain/workplace-id.js';
import type { Attempt } from './attempt-log.js';

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

/** The journal at a glance. */
export interface JournalSummary {
  readonly counts: Readonly<Record<CaptureState, number>>;
  readonly lastAttempt?: Attempt;
  readonly lastFailure?: Attempt;
  readonly lastSuccess?: Attempt;
  /** The oldest capture still pending, if any. */
  readonly oldestPending?: string;
}

/** A badge seen that the roster did not know, resolved since. */
export interface Resolution {
  readonly sequence: number;
  readonly worker: Worker;
  readonly employer: EnterpriseNumber;
}

/**
 * The site agent's journal of captures: every capture is written durably before it is acknowledged, and what the
 * registry said of it is recorded. Several processes may use one journal at once (a badge reader's, the
 * forwarder's).
 */
export interface CaptureJournal {
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
  /** Captures by day and state, in the order they were made. */
  captures(
    filter: { readonly day?: CalendarDate; readonly state?: CaptureState },
    limit: number,
  ): Promise<Capture[]>;
  /** The captures by state, the oldest pending, and the last attempts. */
  summary(): Promise<JournalSummary>;
  /** Gives unresolved captures the worker a badge turned out to be; they are pending then. Returns how many. */
  resolve(resolutions: readonly Resolution[]): Promise<number>;
  /** The days before `day` with held captures, oldest first. */
  heldDays(before: CalendarDate): Promise<CalendarDate[]>;
}
