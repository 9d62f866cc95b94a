import { readFileSync } from 'node:fs';
import pg from 'pg';
import { parentPid } from './process-cpu.js';
import { isAlive } from './process-alive.js';
import type { ThrowawayCluster } from './throwaway-cluster.js';

/** Databases made by a bench run are named after its process id, so that one left by a killed run can be found. */
const DATABASE_PREFIX = 'sitepresence_bench_';

/** Settings of the server that bear on the figures, printed with them. */
const SHOWN_SETTINGS = [
  'shared_buffers',
  'synchronous_commit',
  'fsync',
  'wal_sync_method',
  'max_connections',
  'work_mem',
] as const;

/** The PostgreSQL server of a bench run, where each phase gets a fresh database. */
export interface BenchPostgres {
  /** `BENCH_DATABASE_URL`, or a throwaway cluster started for this run. */
  readonly source: 'BENCH_DATABASE_URL' | 'throwaway cluster';
  /** As `SELECT version()` says, shortened: `PostgreSQL 15.18 (Debian 15.18-0+deb12u1)`. */
  readonly version: string;
  readonly settings: Readonly<Record<(typeof SHOWN_SETTINGS)[number], string>>;
  /** The postmaster's process id when the server runs on this machine (its CPU time is then measured). */
  readonly postmasterPid: number | undefined;
  /** Creates an empty database for a phase and returns its URL. */
  createDatabase(phase: string): Promise<string>;
  /** Drops a database made by `createDatabase` (closing what is still connected to it). */
  dropDatabase(url: string): Promise<void>;
}

/**
 * Opens the PostgreSQL server of a bench run: `BENCH_DATABASE_URL` when set (a server where databases may be
 * created; those left by killed runs are dropped), otherwise the throwaway cluster given, once it has started.
 */
export async function openBenchPostgres(cluster: ThrowawayCluster | undefined): Promise<BenchPostgres> {
  const given = process.env['BENCH_DATABASE_URL'] ?? '';
  if ((given === '') === (cluster === undefined)) {
    throw new Error('a throwaway cluster is for runs without BENCH_DATABASE_URL, and only for them');
  }
  const url = cluster === undefined ? given : (await cluster.started).url;
  const found = await inspect(url);
  if (cluster === undefined) await dropAbandonedDatabases(url);
  return {
    source: cluster === undefined ? 'BENCH_DATABASE_URL' : 'throwaway cluster',
    ...found,
    async createDatabase(phase) {
      const name = `${DATABASE_PREFIX}${process.pid}_${phase}`;
      await onServer(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await onServer(url, `CREATE DATABASE ${name}`);
      return withDatabase(url, name);
    },
    async dropDatabase(databaseUrl) {
      const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
      if (!name.startsWith(DATABASE_PREFIX)) throw new Error(`not a bench database: ${name}`);
      await onServer(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The same server URL, naming another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs statements on one connection to `url`, and closes it. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function onServer(url: string, sql: string): Promise<void> {
  await withClient(url, (client) => client.query(sql));
}

async function inspect(url: string): Promise<Pick<BenchPostgres, 'version' | 'settings' | 'postmasterPid'>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ version: string; backend: number }>(
      'SELECT version() AS version, pg_backend_pid() AS backend',
    );
    const version = (rows[0]?.version ?? 'PostgreSQL ?').replace(/ on .*$/, '');
    const settings = {} as Record<(typeof SHOWN_SETTINGS)[number], string>;
    for (const name of SHOWN_SETTINGS) {
      const shown = await client.query<{ value: string }>('SELECT current_setting($1) AS value', [name]);
      settings[name] = shown.rows[0]?.value ?? '?';
    }
    return { version, settings, postmasterPid: localPostmaster(url, rows[0]?.backend) };
  });
}

/** The postmaster behind a backend, when the server listens on this machine and its processes can be seen. */
function localPostmaster(url: string, backend: number | undefined): number | undefined {
  const host = new URL(url).hostname;
  if (backend === undefined || !['', 'localhost', '127.0.0.1', '[::1]'].includes(host)) return undefined;
  const postmaster = parentPid(backend);
  if (postmaster === undefined) return undefined;
  try {
    return readFileSync(`/proc/${postmaster}/comm`, 'utf8').trim().startsWith('postgres')
      ? postmaster
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Drops the databases of bench runs whose process is gone (a run killed outright cannot clean up). A database
 * still in use (a run of another machine, say) is left alone: DROP without FORCE refuses it.
 */
async function dropAbandonedDatabases(url: string): Promise<void> {
  await withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      'SELECT datname AS name FROM pg_database WHERE starts_with(datname, $1)',
      [DATABASE_PREFIX],
    );
    for (const { name } of rows) {
      const pid = Number(/^sitepresence_bench_(\d+)_/.exec(name)?.[1]);
      if (!Number.isInteger(pid) || isAlive(pid)) continue;
      await client.query(`DROP DATABASE IF EXISTS ${name}`).catch(() => undefined);
    }
  });
}
