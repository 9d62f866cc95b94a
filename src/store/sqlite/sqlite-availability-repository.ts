import type { Database, Statement } from 'better-sqlite3';
import type { AvailabilityRun } from '../../domain/availability.js';
import type { AvailabilityRepository } from '../availability-repository.js';
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';

interface RunRow {
  instance_id: string;
  started_at: string;
  last_seen_at: string;
  stopped_at: string | null;
  heartbeat_ms: number;
}

/** The availability journal in SQLite. */
export class SqliteAvailabilityRepository implements AvailabilityRepository {
  private readonly insert: Statement<[string, string, string, number]>;
  private readonly touch: Statement<[string, string]>;
  private readonly markStopped: Statement<[string, string, string]>;
  private readonly around: Statement<{ from: string; to: string }, RunRow>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.insert = db.prepare(
      'INSERT INTO availability_runs (instance_id, started_at, last_seen_at, heartbeat_ms) VALUES (?, ?, ?, ?)',
    );
    this.touch = db.prepare(
      'UPDATE availability_runs SET last_seen_at = ? WHERE instance_id = ? AND stopped_at IS NULL',
    );
    this.markStopped = db.prepare(
      'UPDATE availability_runs SET stopped_at = ?, last_seen_at = ? WHERE instance_id = ? AND stopped_at IS NULL',
    );
    this.around = db.prepare(
      `SELECT * FROM availability_runs
        WHERE started_at <= @to AND (stopped_at IS NULL OR stopped_at >= @from)
       UNION
       SELECT * FROM (SELECT * FROM availability_runs WHERE COALESCE(stopped_at, last_seen_at) < @from
                      ORDER BY COALESCE(stopped_at, last_seen_at) DESC LIMIT 1)
       ORDER BY started_at`,
    );
  }

  start(run: AvailabilityRun): Promise<void> {
    return this.writes.run(() => {
      this.insert.run(run.instanceId, run.startedAt, run.lastSeenAt, run.heartbeatMs);
    });
  }

  heartbeat(instanceId: string, at: string): Promise<void> {
    return this.writes.run(() => {
      this.touch.run(at, instanceId);
    });
  }

  stop(instanceId: string, at: string): Promise<void> {
    return this.writes.run(() => {
      this.markStopped.run(at, at, instanceId);
    });
  }

  runsAround(from: string, to: string): Promise<AvailabilityRun[]> {
    return Promise.resolve(
      this.around.all({ from, to }).map((row) => ({
        instanceId: row.instance_id,
        startedAt: row.started_at,
        lastSeenAt: row.last_seen_at,
        ...(row.stopped_at === null ? {} : { stoppedAt: row.stopped_at }),
        heartbeatMs: row.heartbeat_ms,
      })),
    );
  }
}
