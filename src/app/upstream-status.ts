import { addDays, type CalendarDate } from '../domain/calendar-date.js';
import { authorize } from '../domain/permissions.js';
import type { Principal } from '../domain/principal.js';
import { ok, type Result } from '../domain/result.js';
import { lastSendableDay, UPSTREAM_POLL_DAYS, type UpstreamSpan } from '../domain/upstream.js';
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
