/**
 * The registry's journal of its own availability. Each server instance records a run: when it started, when it
 * was last seen alive (a heartbeat), and when it stopped cleanly. Where no instance was up, the registry was
 * unavailable — that is what makes "the registry was down" verifiable afterwards.
 */
export interface AvailabilityRun {
  readonly instanceId: string;
  readonly startedAt: string;
  readonly lastSeenAt: string;
  readonly stoppedAt?: string;
  /** How often this instance records that it is alive: its own setting, which tells when it is overdue. */
  readonly heartbeatMs: number;
}

/** A run as read back: still running, stopped cleanly, or ended without stopping (crash, power loss, kill). */
export type RunState = 'RUNNING' | 'STOPPED' | 'CRASHED';

/** A stretch of time when no instance of the registry was serving. */
export interface Outage {
  readonly from: string;
  readonly to: string;
  /** `STOPPED`: the instance before it stopped cleanly (maintenance); `CRASHED`: it ended without stopping. */
  readonly cause: 'STOPPED' | 'CRASHED';
}

/**
 * How long after its last heartbeat a run without a clean stop is taken as ended: three heartbeat intervals.
 * Beyond it the instance is considered crashed from its last heartbeat on. (The instance answering a question
 * about the journal knows it is running, whatever its heartbeats.)
 */
export function staleAfterMs(heartbeatMs: number): number {
  return heartbeatMs * 3;
}

/** The state of a run at a given instant. */
export function runState(run: AvailabilityRun, now: Date): RunState {
  if (run.stoppedAt !== undefined) return 'STOPPED';
  return now.getTime() - Date.parse(run.lastSeenAt) > staleAfterMs(run.heartbeatMs) ? 'CRASHED' : 'RUNNING';
}

/** The instant a run's availability ends: its clean stop, its last heartbeat, or `now` while running. */
export function runEnd(run: AvailabilityRun, now: Date): number {
  switch (runState(run, now)) {
    case 'STOPPED':
      return Date.parse(run.stoppedAt ?? run.lastSeenAt);
    case 'CRASHED':
      return Date.parse(run.lastSeenAt);
    case 'RUNNING':
      return now.getTime();
  }
}

/**
 * The outages within [from, to]: the gaps that no run covers, after the first run ever recorded (before it the
 * registry did not exist). `runs` are every run that may touch the period, in any order.
 */
export function outages(
  runs: readonly AvailabilityRun[],
  period: { readonly from: Date; readonly to: Date },
  now: Date,
): Outage[] {
  const intervals = runs
    .map((run) => ({ start: Date.parse(run.startedAt), end: runEnd(run, now), run }))
    .sort((a, b) => a.start - b.start);
  const result: Outage[] = [];
  const limit = Math.min(period.to.getTime(), now.getTime());
  let coveredUntil: number | undefined;
  let lastRun: AvailabilityRun | undefined;
  for (const interval of intervals) {
    if (coveredUntil !== undefined && lastRun !== undefined && interval.start > coveredUntil) {
      pushClipped(result, coveredUntil, interval.start, causeAfter(lastRun), period.from.getTime(), limit);
    }
    if (coveredUntil === undefined || interval.end >= coveredUntil) {
      coveredUntil = interval.end;
      lastRun = interval.run;
    }
  }
  if (coveredUntil !== undefined && lastRun !== undefined && coveredUntil < limit) {
    pushClipped(result, coveredUntil, limit, causeAfter(lastRun), period.from.getTime(), limit);
  }
  return result;
}

function causeAfter(run: AvailabilityRun): Outage['cause'] {
  return run.stoppedAt === undefined ? 'CRASHED' : 'STOPPED';
}

function pushClipped(
  into: Outage[],
  start: number,
  end: number,
  cause: Outage['cause'],
  from: number,
  to: number,
): void {
  const s = Math.max(start, from);
  const e = Math.min(end, to);
  if (e <= s) return;
  into.push({ from: new Date(s).toISOString(), to: new Date(e).toISOString(), cause });
}
