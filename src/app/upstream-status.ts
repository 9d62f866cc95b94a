import { addDays, type CalendarDate } from '../domain/calendar-date.js';
import { authorize } from '../domain/permissions.js';
import type { Presence } from '../domain/presence.js';
import type { Principal } from '../domain/principal.js';
import { ok, type Result } from '../domain/result.js';
import { brusselsClock } from '../domain/brussels-time.js';
import {
  DEFAULT_UPSTREAM_PROCEDURE_AFTER_MS,
  lastSendableDay,
  procedureAdvisedSince,
  UPSTREAM_POLL_DAYS,
  type UpstreamSpan,
} from '../domain/upstream.js';
import type { UpstreamCounts } from '../store/upstream-repository.js';
import type { AppDeps } from './app-deps.js';
import { fail, type Failure } from './failure.js';
import { todayInBrussels } from './today.js';

/** How far back the counts of a relay's status go: the days whose checks are still asked for upstream. */
export const STATUS_DAYS = UPSTREAM_POLL_DAYS;

/** A relay at a glance: whether it forwards, what its outbox holds, and whether the upstream answers. */
export interface UpstreamReport {
  readonly relaying: boolean;
  /** The presences of the days from `since` on, by where they stand upstream. */
  readonly since: CalendarDate;
  readonly counts: UpstreamCounts;
  /**
   * Whether the upstream answered the latest call, and since when it has (or has not): the stretch of the journal
   * under way. Absent before any call.
   */
  readonly answering?: {
    readonly answering: boolean;
    readonly since: string;
    readonly lastCallAt: string;
    readonly lastError?: string;
  };
}

/** The relay's status (administrators, inspectors): its outbox's counts and the upstream's latest answers. */
export async function upstreamReport(
  deps: Pick<AppDeps, 'store' | 'clock' | 'relaying'>,
  principal: Principal,
): Promise<Result<UpstreamReport, Failure>> {
  const allowed = authorize(principal, 'upstream.read');
  if (!allowed.ok) return fail(allowed.error);
  return ok(await upstreamReportOf(deps));
}

/** The relay's status, for the command line (which is its administrator). */
export async function upstreamReportOf(
  deps: Pick<AppDeps, 'store' | 'clock' | 'relaying'>,
): Promise<UpstreamReport> {
  const today = todayInBrussels(deps.clock.now());
  const since = addDays(today, -STATUS_DAYS);
  const [counts, latest] = await Promise.all([
    deps.store.upstream.counts(lastSendableDay(today), since),
    deps.store.upstream.latestSpan(),
  ]);
  return {
    relaying: deps.relaying,
    since,
    counts,
    ...(latest === undefined ? {} : { answering: answeringOf(latest) }),
  };
}

function answeringOf(span: UpstreamSpan): NonNullable<UpstreamReport['answering']> {
  return {
    answering: span.answering,
    since: span.from,
    lastCallAt: span.to,
    ...(span.lastError === undefined ? {} : { lastError: span.lastError }),
  };
}

/** The most presences one list of those needing the procedure holds. */
export const MOST_UNCONFIRMED_LISTED = 1_000;

/**
 * The forwarded presences of the days `from`..`to` that the official registry has not acknowledged (still
 * pending, or refused there), for the command line (the registry's administrator): once their day is over, each
 * needs the emergency procedure — the paper attendance listing with a contact-center reference is then the proof.
 */
export async function unconfirmedUpstream(
  deps: Pick<AppDeps, 'store'>,
  days: { readonly from: CalendarDate; readonly to: CalendarDate },
): Promise<Presence[]> {
  return deps.store.upstream.unconfirmed(days.from, days.to, MOST_UNCONFIRMED_LISTED);
}

/** The official registry fails a relay: since when, and whether the procedure is offered already. */
export interface UpstreamTrouble {
  /** Since when the upstream has not answered. */
  readonly since: string;
  /** True once it has failed long enough, during the working day: the procedure is offered. */
  readonly procedureAdvised: boolean;
}

/**
 * Whether the official registry fails this relay now (its latest call got no answer), and whether the emergency
 * procedure is offered for it; undefined on a registry that does not forward, or while the upstream answers.
 */
export async function upstreamTrouble(
  deps: Pick<AppDeps, 'store' | 'clock' | 'relaying' | 'upstreamProcedureAfterMs'>,
): Promise<UpstreamTrouble | undefined> {
  if (!deps.relaying) return undefined;
  const latest = await deps.store.upstream.latestSpan();
  if (latest === undefined || latest.answering) return undefined;
  const now = deps.clock.now();
  const advised = procedureAdvisedSince(
    latest,
    now,
    brusselsClock(now).minutes,
    deps.upstreamProcedureAfterMs ?? DEFAULT_UPSTREAM_PROCEDURE_AFTER_MS,
  );
  return { since: latest.from, procedureAdvised: advised !== undefined };
}
