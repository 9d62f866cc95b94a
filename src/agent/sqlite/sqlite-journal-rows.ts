import type { CalendarDate } from '../../domain/calendar-date.js';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { DomainError } from '../../domain/errors.js';
import type { Decision } from '../../domain/procedure/decision.js';
import type { Situation } from '../../domain/procedure/situation.js';
import type { ReceiptNumber } from '../../domain/receipt-number.js';
import type { ReferenceNumber } from '../../domain/reference-number.js';
import { workerFromKey } from '../../domain/worker.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import type { Attempt } from '../attempt-log.js';
import type { BadgeId } from '../badge.js';
import type { Capture, CaptureSource, CaptureState } from '../capture-journal.js';
import type { ProcedureListing, ProcedureRecord } from '../procedure-store.js';
import type { RosterEntry } from '../roster-store.js';

/** A row of `captures`, as SQLite gives it. */
export interface CaptureRow {
  sequence: number;
  client_reference: string;
  captured_at: string;
  day: string;
  source: string;
  raw: string;
  workplace_id: string;
  worker_kind: 'NISS' | 'LIMOSA' | null;
  worker_id: string | null;
  employer: string | null;
  state: CaptureState;
  receipt_number: string | null;
  presence_id: string | null;
  duplicate: number | null;
  rejection: string | null;
  settled_at: string | null;
  journaled_at: string | null;
}

/** A row of `attempts`. */
export interface AttemptRow {
  at: string;
  outcome: 'OK' | 'FAILED';
  captures: number;
  failure_class: string | null;
  detail: string | null;
  probe: Attempt['probe'] | null;
  location: Attempt['location'] | null;
  duration_ms: number | null;
}

/** A capture as the journal's row has it. */
export function captureFromRow(row: CaptureRow): Capture {
  return {
    sequence: row.sequence,
    clientReference: row.client_reference,
    capturedAt: row.captured_at,
    day: row.day as CalendarDate,
    source: row.source as CaptureSource,
    raw: row.raw,
    workplaceId: row.workplace_id as WorkplaceId,
    ...(row.worker_kind === null || row.worker_id === null
      ? {}
      : { worker: workerFromKey(row.worker_kind, row.worker_id) }),
    ...(row.employer === null ? {} : { employer: row.employer as EnterpriseNumber }),
    state: row.state,
    ...(row.receipt_number === null ? {} : { receiptNumber: row.receipt_number as ReceiptNumber }),
    ...(row.presence_id === null ? {} : { presenceId: row.presence_id }),
    ...(row.duplicate === null ? {} : { duplicate: row.duplicate === 1 }),
    ...(row.rejection === null ? {} : { rejection: JSON.parse(row.rejection) as DomainError[] }),
    ...(row.settled_at === null ? {} : { settledAt: row.settled_at }),
    ...(row.journaled_at === null ? {} : { journaledAt: row.journaled_at }),
  };
}

/** A row of `roster`. */
export interface RosterRow {
  worker_kind: 'NISS' | 'LIMOSA';
  worker_id: string;
  last_name: string;
  first_name: string;
  badge: string | null;
  employer: string | null;
}

/** A roster entry as its row has it. */
export function rosterFromRow(row: RosterRow): RosterEntry {
  return {
    worker: workerFromKey(row.worker_kind, row.worker_id),
    lastName: row.last_name,
    firstName: row.first_name,
    ...(row.badge === null ? {} : { badge: row.badge as BadgeId }),
    ...(row.employer === null ? {} : { employer: row.employer as EnterpriseNumber }),
  };
}

/** A row of `procedure_listings`: one employer's paper listing of a day's procedure. */
export interface ListingRow {
  day: string;
  employer: string;
  listing_id: string;
  filed_at: string | null;
}

/** A listing as its row has it. */
export function listingFromRow(row: ListingRow): ProcedureListing {
  return {
    employer: row.employer as EnterpriseNumber,
    listingId: row.listing_id,
    ...(row.filed_at === null ? {} : { filedAt: row.filed_at }),
  };
}

/** A row of `procedures`; its listings are rows of their own. */
export interface ProcedureRow {
  day: string;
  opened_at: string;
  situation: string;
  decision: string;
  reference_number: string | null;
  incident_id: string | null;
  closed_at: string | null;
  evidence_filed_at: string | null;
  evidence_since: string | null;
}

/** A procedure as its row has it, without its listings. */
export function procedureFromRow(row: ProcedureRow): ProcedureRecord {
  return {
    day: row.day as CalendarDate,
    openedAt: row.opened_at,
    situation: JSON.parse(row.situation) as Situation,
    decision: JSON.parse(row.decision) as Decision,
    ...(row.reference_number === null ? {} : { referenceNumber: row.reference_number as ReferenceNumber }),
    ...(row.incident_id === null ? {} : { incidentId: row.incident_id }),
    ...(row.closed_at === null ? {} : { closedAt: row.closed_at }),
    ...(row.evidence_filed_at === null ? {} : { evidenceFiledAt: row.evidence_filed_at }),
    ...(row.evidence_since === null ? {} : { evidenceSince: row.evidence_since }),
  };
}

/** An attempt as its row has it. */
export function attemptFromRow(row: AttemptRow): Attempt {
  return {
    at: row.at,
    outcome: row.outcome,
    captures: row.captures,
    ...(row.failure_class === null ? {} : { failureClass: row.failure_class }),
    ...(row.detail === null ? {} : { detail: row.detail }),
    ...(row.probe === null ? {} : { probe: row.probe }),
    ...(row.location === null ? {} : { location: row.location }),
    ...(row.duration_ms === null ? {} : { durationMs: row.duration_ms }),
  };
}
