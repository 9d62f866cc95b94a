import pg from 'pg';

/**
 * Opens a connection pool. Dates (`date`) come back as the `YYYY-MM-DD` text they are (never shifted by a time
 * zone); `bigint` sequence numbers as numbers (safe up to 2^53).
 */
export function createPool(url: string, max: number): pg.Pool {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
  types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types,
    // A database that cannot be reached makes requests fail in seconds, not hang: the status call then says so.
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    statement_timeout: 30_000,
    query_timeout: 35_000,
  });
  // An idle connection that the server drops (restart, failover) is discarded by the pool and replaced on the
  // next query; without a listener the 'error' event would end the process.
  pool.on('error', () => undefined);
  // A connection the server ends (pg_terminate_backend, a failover) may say so twice: pool.query listens once,
  // and a second 'error' with no listener would end the process. The statement under way fails all the same.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

/** Runs `work` in a transaction on one connection of the pool: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  // A connection lost while checked out (the database restarting) fails the statement under way, and the client
  // also emits 'error': without a listener, that would end the process. The lost connection leaves the pool.
  let lost: Error | undefined;
  const onLost = (error: Error): void => {
    lost = error;
  };
  client.on('error', onLost);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.removeListener('error', onLost);
    client.release(lost);
  }
}

/** The SQLSTATE of a database error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** An ISO-8601 instant from a `timestamptz` value. */
export function iso(value: Date): string {
  return value.toISOString();
}
