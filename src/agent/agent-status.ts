import type { CalendarDate } from '../domain/calendar-date.js';
import type { Capture, CaptureJournal, JournalSummary } from './capture-journal.js';
import type { ProcedureRecord, ProcedureStore } from './procedure-store.js';

/** A value read at the gate that the roster does not know, as the operator adds it to the roster. */
export interface UnknownBadge {
  /** As it was read (after the keyboard wedge). */
  readonly raw: string;
  /** How many captures were journaled with it. */
  readonly seen: number;
  readonly lastSeenAt: string;
}

/**
 * The unknown badges of unresolved captures, one per raw value, the most recently seen first, at most `limit`.
 */
export function unknownBadgesOf(captures: readonly Capture[], limit: number): UnknownBadge[] {
  const byRaw = new Map<string, { seen: number; lastSeenAt: string }>();
  for (const capture of captures) {
    const known = byRaw.get(capture.raw);
    byRaw.set(capture.raw, {
      seen: (known?.seen ?? 0) + 1,
      lastSeenAt:
        known === undefined || capture.capturedAt > known.lastSeenAt ? capture.capturedAt : known.lastSeenAt,
    });
  }
  return [...byRaw]
    .map(([raw, { seen, lastSeenAt }]) => ({ raw, seen, lastSeenAt }))
    .sort((a, b) => (a.lastSeenAt < b.lastSeenAt ? 1 : a.lastSeenAt > b.lastSeenAt ? -1 : 0))
    .slice(0, limit);
}

/** What `agent status` shows: the journal's summary, the procedures, the refusals and the unknown badges. */
export interface AgentStatus extends JournalSummary {
  /** The open procedures, and today's when it is closed. */
  readonly procedures: readonly ProcedureRecord[];
  /** The captures the registry refused, the most recent first, at most {@link STATUS_LIMITS}`.rejected`. */
  readonly rejected: readonly Capture[];
  readonly unknownBadges: readonly UnknownBadge[];
}

/** How many refusals and unknown badges the status lists; their counts are in the summary. */
export const STATUS_LIMITS = { rejected: 20, unknownBadges: 100 } as const;

/** Reads the status of the journal as it stands on `today`. */
export async function readAgentStatus(
  deps: { readonly journal: CaptureJournal; readonly procedures: ProcedureStore },
  today: CalendarDate,
): Promise<AgentStatus> {
  const { journal, procedures } = deps;
  const summary = await journal.summary();
  const open = await procedures.openProcedures();
  const ofToday = await procedures.procedure(today);
  // The journal gives captures oldest first: all of them are read to show the latest (there are few of these).
  const rejected = await journal.captures({ state: 'REJECTED' }, summary.counts.REJECTED);
  const unresolved = await journal.captures({ state: 'UNRESOLVED' }, summary.counts.UNRESOLVED);
  return {
    ...summary,
    procedures: [...open, ...(ofToday?.closedAt === undefined ? [] : [ofToday])],
    rejected: rejected.slice(-STATUS_LIMITS.rejected).reverse(),
    unknownBadges: unknownBadgesOf(unresolved, STATUS_LIMITS.unknownBadges),
  };
}
