import { todayInBrussels } from './today.js';
import { outages, runEnd, runState, type Outage, type RunState } from '../domain/availability.js';
import { addDays, brusselsDayStart, parseCalendarDate, type CalendarDate } from '../domain/calendar-date.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { FieldErrors } from '../domain/field-errors.js';
import { parseInstant } from '../domain/instant.js';
import { ok, type Result } from '../domain/result.js';
import type { AppDeps } from './app-deps.js';
import { failAll, type Failure } from './failure.js';
import { upstreamTrouble, type UpstreamTrouble } from './upstream-status.js';

/** This running server, as the availability journal knows it. */
export interface RegistryInstance {
  readonly id: string;
  readonly startedAt: Date;
  /** How often the instance records that it is alive. */
  readonly heartbeatMs: number;
  readonly version: string;
}

/** The registry's availability now. */
export interface RegistryStatus {
  readonly status: 'AVAILABLE';
  readonly time: string;
  readonly today: CalendarDate;
  readonly version: string;
  readonly instance: { readonly id: string; readonly startedAt: string };
  /** For a relay whose upstream does not answer now: since when, and whether the procedure is offered. */
  readonly upstream?: UpstreamTrouble;
}

/** One run of an instance, as read back from the journal. */
export interface RunView {
  readonly instanceId: string;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly state: RunState;
}

/** The journal over a period: the runs and the outages between them. */
export interface AvailabilityHistory {
  readonly from: string;
  readonly to: string;
  readonly runs: RunView[];
  readonly outages: Outage[];
}

/** The longest period one history covers, in days. */
export const MAX_HISTORY_DAYS = 366;

/** Records that this instance started serving. */
export async function startRun(deps: Pick<AppDeps, 'store'>, instance: RegistryInstance): Promise<void> {
  const at = instance.startedAt.toISOString();
  await deps.store.availability.start({
    instanceId: instance.id,
    startedAt: at,
    lastSeenAt: at,
    heartbeatMs: instance.heartbeatMs,
  });
}

/** Records that this instance is still serving. */
export async function recordHeartbeat(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  instance: RegistryInstance,
): Promise<void> {
  await deps.store.availability.heartbeat(instance.id, deps.clock.now().toISOString());
}

/** Records that this instance stopped cleanly. */
export async function stopRun(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  instance: RegistryInstance,
): Promise<void> {
  await deps.store.availability.stop(instance.id, deps.clock.now().toISOString());
}

/** The registry's availability now: available when this instance answers and its database does too. */
export async function registryStatus(
  deps: Pick<AppDeps, 'store' | 'clock' | 'relaying' | 'upstreamProcedureAfterMs'>,
  instance: RegistryInstance,
): Promise<Result<RegistryStatus, Failure>> {
  try {
    await deps.store.ping();
  } catch {
    return failAll([
      domainError(
        'STORE_UNAVAILABLE',
        'The registry cannot reach its database: registrations are not possible now.',
      ),
    ]);
  }
  const now = deps.clock.now();
  const upstream = await upstreamTrouble(deps);
  return ok({
    status: 'AVAILABLE',
    time: now.toISOString(),
    today: todayInBrussels(now),
    version: instance.version,
    instance: { id: instance.id, startedAt: instance.startedAt.toISOString() },
    ...(upstream === undefined ? {} : { upstream }),
  });
}

/**
 * The journal of runs and outages between two moments (by default the last 7 days): when instances started,
 * stopped cleanly, or ended without stopping, and the gaps when none was serving. A day stands for the whole of
 * it: `from=2026-03-10&to=2026-03-10` is that Brussels day.
 */
export async function availabilityHistory(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  instance: RegistryInstance,
  input: { readonly from?: string | undefined; readonly to?: string | undefined },
): Promise<Result<AvailabilityHistory, Failure>> {
  const now = deps.clock.now();
  const fields = new FieldErrors();
  const toDay = input.to !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(input.to);
  const to =
    input.to === undefined ? now : fields.take(toDay ? parseDayEnd(input.to) : parseInstant(input.to), 'to');
  const defaultFrom = new Date((to ?? now).getTime() - 7 * 86_400_000);
  const from = input.from === undefined ? defaultFrom : fields.take(parseInstant(input.from), 'from');
  if (from === undefined || to === undefined) return failAll(fields.list);
  if (to <= from) return failAll([domainError('DATE_RANGE_INVALID', '"to" is not after "from".', 'to')]);
  if (to.getTime() - from.getTime() > MAX_HISTORY_DAYS * 86_400_000) {
    return failAll([
      domainError('DATE_RANGE_TOO_LONG', `One history covers at most ${MAX_HISTORY_DAYS} days.`, 'to'),
    ]);
  }
  // The instance answering is serving: its own run goes on until now, whatever its last heartbeat.
  const runs = (await deps.store.availability.runsAround(from.toISOString(), to.toISOString())).map((run) =>
    run.instanceId === instance.id && run.stoppedAt === undefined
      ? { ...run, lastSeenAt: now.toISOString() }
      : run,
  );
  return ok({
    from: from.toISOString(),
    to: to.toISOString(),
    runs: runs.map((run) => {
      const state = runState(run, now);
      return {
        instanceId: run.instanceId,
        startedAt: run.startedAt,
        ...(state === 'RUNNING' ? {} : { endedAt: new Date(runEnd(run, now)).toISOString() }),
        state,
      };
    }),
    outages: outages(runs, { from, to }, now),
  });
}

/** The end of a Brussels day: the start of the next. */
function parseDayEnd(raw: string): Result<Date, DomainError> {
  const day = parseCalendarDate(raw);
  return day.ok ? ok(brusselsDayStart(addDays(day.value, 1))) : day;
}
