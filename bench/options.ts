import { DEFAULT_POOL_SIZE } from '../src/store/postgres/postgres-store.js';

/** Which database the registry runs on in a bench run. */
export type BenchDatabase = 'sqlite' | 'postgres';

/** How a bench run is sized, read once from the command line and frozen. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly big: boolean;
  /** SQLite (the default) or PostgreSQL: `BENCH_DATABASE_URL`, or a throwaway cluster. */
  readonly database: BenchDatabase;
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
}

/** Explains the flags. */
export const USAGE = `npm run bench -- [--quick] [--big] [--database sqlite|postgres] [--pool-size <n>]
  --quick      3 s per load phase instead of 10 s
  --big        search among 10,000,000 stored presences instead of 1,000,000
  --database   sqlite (the default) or postgres: the server at BENCH_DATABASE_URL (where databases may be
               created), or else a throwaway PostgreSQL cluster started and stopped by the bench
  --pool-size  postgres: connections of the pool of the bare server and of the registry (default ${DEFAULT_POOL_SIZE})`;

const DATABASES: readonly BenchDatabase[] = ['sqlite', 'postgres'];

/** Reads the flags (`--quick`, `--big`, `--database <name>`, `--pool-size <n>`); throws on anything else. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let quick = false;
  let big = false;
  let database: BenchDatabase = 'sqlite';
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
    } else if (flag === '--pool-size') {
      const size = value();
      poolSize = Number(size);
      if (size === undefined || !/^\d+$/.test(size) || poolSize < 1 || poolSize > 500) {
        throw new Error(`--pool-size takes a whole number from 1 to 500, not ${size ?? 'nothing'}\n${USAGE}`);
      }
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (poolSize !== DEFAULT_POOL_SIZE && database !== 'postgres') {
    throw new Error(`--pool-size goes with --database postgres\n${USAGE}`);
  }
  return Object.freeze({
    quick,
    big,
    database,
    durationS: quick ? 3 : 10,
    warmupS: quick ? 1 : 2,
    connections: Object.freeze({ single: 64, batch: 8 }),
    batchSize: 200,
    loadWorkplaces: 8,
    postgresPoolSize: poolSize,
    // ~10 presences per workplace-day either way: --big has ten times the workplaces.
    seed: Object.freeze({ workplaces: big ? 20_000 : 2_000, days: 50, workersPerDay: 10, chunkRows: 50_000 }),
    search: Object.freeze({ warmup: 200, count: 2_000 }),
  });
}
