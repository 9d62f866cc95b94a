import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { DomainError } from '../domain/errors.js';
import { err, ok, type Result } from '../domain/result.js';
import type { AgentSettings } from './agent-settings.js';
import { badgeCandidates, readCapture } from './badge.js';
import { brusselsDay } from '../shared/brussels-day.js';
import type { Capture, CaptureJournal, CaptureSource } from './capture-journal.js';
import type { RosterStore } from './roster-store.js';

/**
 * What capturing needs: the journal, the roster (a badge is its worker), the clock, and a source of new
 * clientReferences (UUIDs ordered by creation time).
 */
export interface CaptureDeps {
  readonly journal: CaptureJournal;
  readonly roster: Pick<RosterStore, 'findBadge'>;
  readonly clock: { now(): Date };
  readonly random: { uuid(): string };
}

/** Something presented at the gate: a NISS, BIS or Limosa-1 number, or a badge, as read or typed. */
export interface GateInput {
  readonly raw: string;
  readonly source: CaptureSource;
  /** The worker's employer when it is not the agent's own (a subcontractor's worker at the gate). */
  readonly employer?: EnterpriseNumber;
  /** When the person was seen, for an import of earlier captures; now by default. */
  readonly capturedAt?: Date;
  /** The capture's own reference, for an import that must not journal a line twice; a new one by default. */
  readonly clientReference?: string;
}

/**
 * The sources where a person types the number: a mistyped national number is refused there, with its NISS
 * error, rather than journaled as an unknown badge (a reader's card or an export's line is kept as read).
 */
const TYPED_BY_A_PERSON: ReadonlySet<CaptureSource> = new Set<CaptureSource>(['CHECKIN', 'KIOSK']);

/**
 * Journals a presence seen at the gate and resolves once it is on disk: only then may the reader beep. Its day
 * is the Brussels day of the moment it was seen. A badge is the worker the roster gives it (and that worker's
 * employer); a badge the roster does not know is journaled too, unresolved, with its raw value — except that an
 * 11-digit number a person typed ({@link TYPED_BY_A_PERSON}) that is no valid national number is refused with
 * the NISS error (`NISS_CHECK_DIGITS`, …) unless the roster knows it as a badge. What is neither a number nor a
 * badge is refused and nothing is written.
 */
export async function captureAtGate(
  deps: CaptureDeps,
  settings: Pick<AgentSettings, 'workplaceId' | 'employer'>,
  input: GateInput,
): Promise<Result<Capture, DomainError>> {
  const read = readCapture(input.raw);
  if (read.kind === 'invalid') return err(read.error);
  // A badge is the worker the roster gives it, whichever way the reader wrote the card's number — even when the
  // card's number happens to be a valid NISS too: a number the roster knows as a badge is that badge.
  const candidates =
    read.kind === 'badge' ? read.candidates : /^\d+$/.test(read.raw) ? badgeCandidates(read.raw) : [];
  const badge = candidates.length === 0 ? undefined : await deps.roster.findBadge(candidates);
  if (
    badge === undefined &&
    read.kind === 'badge' &&
    read.mistypedNiss !== undefined &&
    TYPED_BY_A_PERSON.has(input.source)
  )
    return err(read.mistypedNiss);
  const worker = badge?.worker ?? (read.kind === 'worker' ? read.worker : undefined);
  const now = deps.clock.now();
  const seen = input.capturedAt ?? now;
  const capture = await deps.journal.capture({
    clientReference: input.clientReference ?? deps.random.uuid(),
    capturedAt: seen.toISOString(),
    ...(seen === now ? {} : { journaledAt: now.toISOString() }),
    day: brusselsDay(seen),
    source: input.source,
    raw: read.raw,
    workplaceId: settings.workplaceId,
    employer: input.employer ?? badge?.employer ?? settings.employer,
    ...(worker === undefined ? {} : { worker }),
  });
  return ok(capture);
}
