/** How a bench run is sized, read once from the command line and frozen. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly big: boolean;
  /** Seconds each load phase is measured, after `warmupS` unmeasured. */
  readonly durationS: number;
  readonly warmupS: number;
  /** Connections of the single-item phases (a and b: the same) and of the batch phase (c). */
  readonly connections: { readonly single: number; readonly batch: number };
  readonly batchSize: number;
  /** Workplaces declared for the load phases; registrations go round them. */
  readonly loadWorkplaces: number;
  readonly seed: {
    readonly workplaces: number;
    readonly days: number;
    readonly workersPerDay: number;
    readonly chunkRows: number;
  };
  readonly search: { readonly warmup: number; readonly count: number };
}

/** Explains the flags. */
export const USAGE = `npm run bench -- [--quick] [--big]
  --quick  3 s per load phase instead of 10 s
  --big    search among 10,000,000 stored presences instead of 1,000,000`;

/** Reads the flags (`--quick`, `--big`); throws on anything else, with the usage. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const unknown = argv.filter((arg) => arg !== '--quick' && arg !== '--big');
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')}\n${USAGE}`);
  const quick = argv.includes('--quick');
  const big = argv.includes('--big');
  return Object.freeze({
    quick,
    big,
    durationS: quick ? 3 : 10,
    warmupS: quick ? 1 : 2,
    connections: Object.freeze({ single: 64, batch: 8 }),
    batchSize: 200,
    loadWorkplaces: 8,
    // ~10 presences per workplace-day either way: --big has ten times the workplaces.
    seed: Object.freeze({ workplaces: big ? 20_000 : 2_000, days: 50, workersPerDay: 10, chunkRows: 50_000 }),
    search: Object.freeze({ warmup: 200, count: 2_000 }),
  });
}
