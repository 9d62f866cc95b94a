import type pg from 'pg';
import type { AvailabilityRun } from '../../domain/availability.js';
import type { AvailabilityRepository } from '../availability-repository.js';
import { iso } from './postgres-pool.js';

interface RunRow {
  instance_id: string;
  started_at: Date;
  last_seen_at: Date;
  stopped_at: Date | null;
  heartbeat_ms: number;
}

/** The availability journal in PostgreSQL: every instance writes its own run. */
export class PostgresAvailabilityRepository implements AvailabilityRepository {
  constructor(private readonly pool: pg.Pool) {}

  async start(run: AvailabilityRun): Promise<void> {
    await this.pool.query(
      'INSERT INTO availability_runs (instance_id, started_at, last_seen_at, heartbeat_ms) VALUES ($1, $2, $3, $4)',
      [run.instanceId, run.startedAt, run.lastSeenAt, run.heartbeatMs],
    );
  }

  async heartbeat(instanceId: string, at: string): Promise<void> {
    await this.pool.query(
      'UPDATE availability_runs SET last_seen_at = $2 WHERE instance_id = $1 AND stopped_at IS NULL',
      [instanceId, at],
    );
  }

  async stop(instanceId: string, at: string): Promise<void> {
    await this.pool.query(
      'UPDATE availability_runs SET stopped_at = $2, last_seen_at = $2 WHERE instance_id = $1 AND stopped_at IS NULL',
      [instanceId, at],
    );
  }

  async runsAround(from: string, to: string): Promise<AvailabilityRun[]> {
    const { rows } = await this.pool.query<RunRow>(
      `(SELECT * FROM availability_runs WHERE started_at <= $2 AND (stopped_at IS NULL OR stopped_at >= $1))
       UNION
       (SELECT * FROM availability_runs WHERE COALESCE(stopped_at, last_seen_at) < $1
        ORDER BY COALESCE(stopped_at, last_seen_at) DESC LIMIT 1)
       ORDER BY started_at`,
      [from, to],
    );
    return rows.map((row) => ({
      instanceId: row.instance_id,
      startedAt: iso(row.started_at),
      lastSeenAt: iso(row.last_seen_at),
      ...(row.stopped_at === null ? {} : { stoppedAt: iso(row.stopped_at) }),
      heartbeatMs: row.heartbeat_ms,
    }));
  }
}
