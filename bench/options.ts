import { DEFAULT_POOL_SIZE } from '../src/store/postgres/postgres-store.js';

/** Which database the registry runs on in a bench run: one, or both one after the other (the default). */
export type BenchDatabase = 'sqlite' | 'postgres' | 'both';

/**
 * A part of the bench that `--only` runs alone: the registry's phases (a)-(f) and (r), the site agent's (g)-(j), or
 * the relay's (u) and (r) alone.
 */
export type BenchPart = 'registry' | 'agent' | 'relay';

/** How the site agent's part is sized. */
export interface AgentBenchOptions {
  /** Captures journaled, then drained into a local registry by the Forwarder (i); as many POSTed by (h), twice. */
  readonly drainCaptures: number;
  /** Captures timed one at a time (g), after `warmup` untimed ones. */
  readonly sequential: { readonly warmup: number; readonly count: number };
  /** Captures timed from `kiosks` kiosks capturing at once (g), after `warmup` untimed ones. */
  readonly burst: { readonly kiosks: number; readonly warmup: number; readonly count: number };
}

/** How a bench run is sized, read once from the command line and frozen. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly big: boolean;
  /** SQLite, PostgreSQL (`BENCH_DATABASE_URL`, or a throwaway cluster), or both (the default). */
  readonly database: BenchDatabase;
  /** `--only`: one part alone; undefined for the whole bench. */
  readonly only: BenchPart | undefined;
  /** Seconds each load phase is measured, after `warmupS` unmeasured. */
  readonly durationS: number;
  readonly warmupS: number;
  /** Connections of the single-item phases (a and b: the same) and of the batch phase (c). */
  readonly connections: { readonly single: number; readonly batch: number };
  readonly batchSize: number;
  /** Workplaces declared for the load phases; registrations go round them. */
  readonly loadWorkplaces: number;
  /**
   * PostgreSQL: the connections of the pool of the bare server (a) and of the registry (b, c; its
   * DATABASE_POOL_SIZE), the same for both; by default the registry's own default.
   */
  readonly postgresPoolSize: number;
  readonly seed: {
    readonly workplaces: number;
    readonly days: number;
    readonly workersPerDay: number;
    readonly chunkRows: number;
  };
  readonly search: { readonly warmup: number; readonly count: number };
  readonly agent: AgentBenchOptions;
  /**
   * Registrations forwarded by a relay to its upstream (r), and as many sent straight to the upstream (u), half
   * before (r) and half after; a whole number of 400 (two halves of 200-item calls).
   */
  readonly relayRegistrations: number;
}

/** Explains the flags. */
export const USAGE = `npm run bench -- [--quick] [--big] [--database sqlite|postgres|both] [--pool-size <n>] [--only registry|agent|relay]
  --quick      3 s per load phase instead of 10 s; the site agent drains 10,000 captures instead of 100,000, the
               relay forwards 4,000 registrations instead of 10,000
  --big        search among 10,000,000 stored presences instead of 1,000,000
  --database   both (the default: SQLite with the site agent, then PostgreSQL when a cluster can be had, and
               every target in one table last), sqlite, or postgres: the server at BENCH_DATABASE_URL (where
               databases may be created), or else a throwaway PostgreSQL cluster started and stopped by the bench
  --pool-size  postgres: connections of the pool of the bare server and of the registry (default ${DEFAULT_POOL_SIZE})
  --only       registry: the registry's phases (a)-(f) and (r) alone; agent: the site agent's (g)-(j) alone;
               relay: a relay forwarding to its upstream (u, r) alone (SQLite)`;

const DATABASES: readonly BenchDatabase[] = ['sqlite', 'postgres', 'both'];
const PARTS: readonly BenchPart[] = ['registry', 'agent', 'relay'];

/**
 * Reads the flags (`--quick`, `--big`, `--database <name>`, `--pool-size <n>`, `--only <part>`); throws on
 * anything else.
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let quick = false;
  let big = false;
  let database: BenchDatabase = 'both';
  let only: BenchPart | undefined;
  let poolSize: number = DEFAULT_POOL_SIZE;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[(i += 1)];
    if (arg === '--quick') quick = true;
    else if (arg === '--big') big = true;
    else if (flag === '--database') {
      const name = value();
      const known = DATABASES.find((d) => d === name);
      if (known === undefined) {
        throw new Error(`--database takes ${DATABASES.join(' or ')}, not ${name ?? 'nothing'}\n${USAGE}`);
      }
      database = known;
    } else if (flag === '--only') {
      const name = value();
      const part = PARTS.find((p) => p === name);
      if (part === undefined) {
        throw new Error(`--only takes ${PARTS.join(' or ')}, not ${name ?? 'nothing'}\n${USAGE}`);
      }
      only = part;
    } else if (flag === '--pool-size') {
      const size = value();
      poolSize = Number(size);
      if (size === undefined || !/^\d+$/.test(size) || poolSize < 1 || poolSize > 500) {
        throw new Error(`--pool-size takes a whole number from 1 to 500, not ${size ?? 'nothing'}\n${USAGE}`);
      }
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (poolSize !== DEFAULT_POOL_SIZE && database === 'sqlite') {
    throw new Error(`--pool-size goes with PostgreSQL\n${USAGE}`);
  }
  if (only === 'agent' && database === 'postgres') {
    throw new Error(`--only agent measures the site agent against a SQLite registry only\n${USAGE}`);
  }
  if (only === 'relay' && database === 'postgres') {
    throw new Error(`--only relay measures a relay and its upstream on SQLite only\n${USAGE}`);
  }
  return Object.freeze({
    quick,
    big,
    database,
    only,
    durationS: quick ? 3 : 10,
    warmupS: quick ? 1 : 2,
    connections: Object.freeze({ single: 50, batch: 8 }),
    batchSize: 200,
    loadWorkplaces: 8,
    postgresPoolSize: poolSize,
    // ~10 presences per workplace-day either way: --big has ten times the workplaces.
    seed: Object.freeze({ workplaces: big ? 20_000 : 2_000, days: 50, workersPerDay: 10, chunkRows: 50_000 }),
    search: Object.freeze({ warmup: 200, count: 2_000 }),
    agent: Object.freeze({
      drainCaptures: quick ? 10_000 : 100_000,
      sequential: Object.freeze({ warmup: 200, count: quick ? 2_000 : 5_000 }),
      burst: Object.freeze({ kiosks: 50, warmup: 200, count: quick ? 2_000 : 5_000 }),
    }),
    // Forwarded well within the 30 s after which the relay starts asking for each one's check (a call each).
    relayRegistrations: quick ? 4_000 : 10_000,
  });
}
