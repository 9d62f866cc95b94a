import { DEFAULT_PAGE_SIZE } from '../src/app/read-presences.js';
import { addDays, parseCalendarDate, type CalendarDate } from '../src/domain/calendar-date.js';
import { parseEnterpriseNumber } from '../src/domain/enterprise-number.js';
import { parseNiss } from '../src/domain/niss.js';
import { parseWorkplaceId } from '../src/domain/workplace-id.js';
import { openPostgresStore } from '../src/store/postgres/postgres-store.js';
import type { LoadResult } from './load.js';
import { nissFor } from './niss.js';
import {
  COMPANY,
  measureRegistry,
  placeholderFactory,
  warmThenMeasure,
  withWarmupChecks,
  type BenchContext,
  type PhaseCpu,
  type RegistryLoads,
  type StoredCounts,
} from './phases.js';
import { explainSearch, type ExplainedSearch } from './postgres-explain.js';
import { seedPostgresPresences, type PostgresSeedResult } from './postgres-seed.js';
import { withClient, type BenchPostgres } from './postgres-server.js';
import { CpuWatch } from './process-cpu.js';
import { jsonHeaders, parseJson } from './registry-api.js';
import { randomWorkplaceDays, timeHttpSearches, timeStoreSearches, type WorkplaceDay } from './search.js';
import { timeSequentialGets, type SequentialResult } from './sequential.js';
import { createCompanyKey, startBarePostgresServer, startRegistry, type BenchServer } from './servers.js';

/** What the PostgreSQL phases need: those of every run, and the server where each phase gets its database. */
export interface PostgresBenchContext extends BenchContext {
  readonly postgres: BenchPostgres;
}

/** What (a) measured on PostgreSQL, and the rows it left. */
export interface BarePostgresFigures {
  readonly bare: LoadResult;
  readonly bareGet: SequentialResult;
  readonly bareCpu?: PhaseCpu;
  /** Rows in `presences` after (a), per partition, against the inserts the server acknowledged. */
  readonly bareStored: {
    readonly partitions: Readonly<Record<string, number>>;
    readonly acknowledged: number;
  };
}

/** What (e) and (f) measured on PostgreSQL. */
export interface PostgresSearchFigures {
  readonly seed: PostgresSeedResult;
  readonly search: {
    readonly oneDay: SequentialResult;
    readonly randomDays: SequentialResult;
    readonly store: SequentialResult;
  };
  readonly plans: readonly ExplainedSearch[];
}

/**
 * (a) on PostgreSQL: a bare Fastify server whose every POST inserts one row of the registry's `presences` (in a
 * database the registry created and partitioned) with a `pg` pool the size of the registry's, loaded at the
 * connections of (b) with a body like (b)'s; then, as a floor under (e), GETs of a search-sized reply.
 */
export async function measureBarePostgres(ctx: PostgresBenchContext): Promise<BarePostgresFigures> {
  const { options } = ctx;
  const database = await ctx.postgres.createDatabase('bare');
  try {
    await prepareRegistryDatabase(database, [ctx.today]);
    ctx.say(
      `(a) bare Fastify + pg pool of ${options.postgresPoolSize}, one INSERT per request,` +
        ` ${options.connections.single} connections…`,
    );
    const server = await startBarePostgresServer(ctx.children, ctx.root, database, options.postgresPoolSize);
    let run;
    let bareGet;
    try {
      // One body of (b)'s shape and size, built once; the server gives each row its own id and worker. Its day
      // is today: the rows go to the current month's partition.
      const body = JSON.stringify({
        presences: [{ ...placeholderFactory(ctx, 'bare').one(), registrationDate: ctx.today }],
      });
      run = await warmThenMeasure(
        options,
        {
          url: `${server.url}/presences`,
          headers: jsonHeaders('sp_not_checked_by_the_bare_server'),
          body: () => body,
          connections: options.connections.single,
          durationS: options.durationS,
          check: (status, reply) => {
            const parsed = parseJson(reply) as { id?: unknown } | undefined;
            return typeof parsed?.id === 'string' ? undefined : `no id in ${reply.slice(0, 300)}`;
          },
          checkEvery: 50,
        },
        watchCpu(ctx, server),
      );
      ctx.say(`    ${Math.round(run.measured.perSecond)} req/s`);
      bareGet = await timeSequentialGets(
        server.url,
        {},
        () => ({ path: '/presences', check: (status) => (status === 200 ? undefined : `HTTP ${status}`) }),
        options.search,
      );
    } finally {
      await ctx.children.stop(server.child);
    }
    const partitions = await withClient(database, async (client) => {
      const { rows } = await client.query<{ name: string; n: number }>(
        'SELECT tableoid::regclass::text AS name, count(*)::int AS n FROM presences GROUP BY 1 ORDER BY 1',
      );
      return Object.fromEntries(rows.map((r) => [r.name, r.n]));
    });
    return {
      bare: withWarmupChecks(run),
      bareGet,
      ...(run.cpu === undefined ? {} : { bareCpu: run.cpu }),
      bareStored: { partitions, acknowledged: run.warmup.ok + run.measured.ok },
    };
  } finally {
    await dropDatabase(ctx, database);
  }
}

/** (b) and (c) on PostgreSQL: the real registry (`serve --database postgres://…`) on a fresh database. */
export async function measureRegistryPostgres(ctx: PostgresBenchContext): Promise<RegistryLoads> {
  const database = await ctx.postgres.createDatabase('registry');
  try {
    return await measureRegistry(ctx, {
      database,
      countStored: () => countRegistrations(database),
      serverEnv: registryEnv(ctx),
      watchCpu: (server) => watchCpu(ctx, server),
    });
  } finally {
    await dropDatabase(ctx, database);
  }
}

/**
 * (e) and (f) on PostgreSQL: a database seeded with many presences in SQL, searched one workplace-day at a time
 * over HTTP and in the store; then the plans of a workplace-day search and of a worker-over-a-month search.
 */
export async function measureSearchPostgres(ctx: PostgresBenchContext): Promise<PostgresSearchFigures> {
  const { options } = ctx;
  const plan = options.seed;
  const database = await ctx.postgres.createDatabase('search');
  try {
    const days = Array.from({ length: plan.days }, (_, i) =>
      addDays(ctx.today, i - Math.floor(plan.days / 2)),
    );
    // The registry creates and migrates the database, with the partitions of every month seeded.
    await prepareRegistryDatabase(database, [ctx.today, ...days]);
    const key = await createCompanyKey(ctx.root, database, COMPANY);
    const total = plan.workplaces * plan.days * plan.workersPerDay;
    ctx.say(`(e) seeding ${total.toLocaleString('en-US')} presences in PostgreSQL…`);
    let reported = 0;
    const seed = await seedPostgresPresences(database, {
      ...plan,
      days,
      company: COMPANY,
      progress: (rows) => {
        if (rows - reported < total / 5 && rows < total) return;
        reported = rows;
        ctx.say(`    ${rows.toLocaleString('en-US')} rows`);
      },
    });
    ctx.say(`    seeded in ${seed.seconds.toFixed(1)} s`);
    const middle = Math.floor(seed.workplaceIds.length / 2);
    const target: WorkplaceDay = {
      workplaceId: seed.workplaceIds[middle]!,
      day: days[Math.floor(days.length / 2)]!,
    };
    const run = { ...options.search, expectedRows: plan.workersPerDay };
    const server = await startRegistry(ctx.children, ctx.root, database, registryEnv(ctx));
    let oneDay;
    let randomDays;
    try {
      ctx.say(`(e) ${options.search.count} sequential searches of one workplace-day over HTTP…`);
      oneDay = await timeHttpSearches(server.url, key, () => target, run);
      ctx.say(`    p50 ${oneDay.latency.p50.toFixed(2)} ms, p99 ${oneDay.latency.p99.toFixed(2)} ms`);
      randomDays = await timeHttpSearches(server.url, key, randomWorkplaceDays(seed.workplaceIds, days), run);
    } finally {
      await ctx.children.stop(server.child);
    }
    const { store: opened } = await openPostgresStore({ url: database });
    let store;
    try {
      store = await timeStoreSearches(opened, COMPANY, target, run);
    } finally {
      await opened.close();
    }
    ctx.say('(f) EXPLAIN (ANALYZE, BUFFERS) of the searches…');
    // The worker's NISS is the seed's: worker 0 of the target workplace (bench/postgres-seed.ts).
    const plans = await explainPlans(database, target, nissFor(middle * plan.workersPerDay), ctx.today);
    return { seed, search: { oneDay, randomDays, store }, plans };
  } finally {
    await dropDatabase(ctx, database);
  }
}

/**
 * The two searches of docs/scaling.md, built by the repository's own `searchStatement`: a company's search of
 * one workplace-day (scope CHAIN), and an inspector's search of one worker over the current month (scope ALL).
 */
async function explainPlans(
  database: string,
  target: WorkplaceDay,
  niss: string,
  today: CalendarDate,
): Promise<ExplainedSearch[]> {
  const day = parseCalendarDate(target.day);
  const workplaceId = parseWorkplaceId(target.workplaceId);
  const company = parseEnterpriseNumber(COMPANY);
  const worker = parseNiss(niss);
  const monthStart = parseCalendarDate(`${today.slice(0, 8)}01`);
  if (!day.ok || !workplaceId.ok || !company.ok || !worker.ok || !monthStart.ok) {
    throw new Error('the searches to explain do not parse');
  }
  const nextMonth = addDays(monthStart.value, 32);
  const monthEnd = addDays(`${nextMonth.slice(0, 8)}01` as CalendarDate, -1);
  return [
    await explainSearch(database, 'workplaceDay', 'workplace-day search, scope CHAIN (the company key)', {
      from: day.value,
      to: day.value,
      workplaceId: workplaceId.value,
      limit: DEFAULT_PAGE_SIZE,
      scope: { kind: 'CHAIN', actingFor: [company.value] },
    }),
    await explainSearch(database, 'workerMonth', 'worker-over-a-month search, scope ALL (an inspector)', {
      from: monthStart.value,
      to: monthEnd,
      worker: { niss: worker.value.value },
      limit: DEFAULT_PAGE_SIZE,
      scope: { kind: 'ALL' },
    }),
  ];
}

/**
 * Creates the registry's schema in a fresh database as the registry does (`openPostgresStore` migrates), with
 * the monthly partitions around each of `days` (`store.maintain`: the month before to three months ahead).
 */
async function prepareRegistryDatabase(database: string, days: readonly CalendarDate[]): Promise<void> {
  const { store } = await openPostgresStore({ url: database });
  try {
    const months = new Map(days.map((day) => [day.slice(0, 7), day]));
    for (const day of months.values()) await store.maintain(day);
  } finally {
    await store.close();
  }
}

/** Counts what a registry database in PostgreSQL holds. */
async function countRegistrations(database: string): Promise<StoredCounts> {
  return withClient(database, async (client) => {
    const { rows } = await client.query<{ presences: number; refs: number; keys: number }>(
      `SELECT (SELECT count(*)::int FROM presences) AS presences,
              (SELECT count(*)::int FROM client_references) AS refs,
              (SELECT count(*)::int FROM presence_keys) AS keys`,
    );
    const row = rows[0];
    return {
      presences: row?.presences ?? 0,
      clientReferences: row?.refs ?? 0,
      presenceKeys: row?.keys ?? 0,
    };
  });
}

/**
 * The registry's pool is the bench's (DATABASE_POOL_SIZE), whatever the environment says; and no read replica
 * (DATABASE_READ_URL): the registry reads and writes the database of the phase.
 */
function registryEnv(ctx: PostgresBenchContext): Record<string, string | undefined> {
  return { DATABASE_POOL_SIZE: String(ctx.options.postgresPoolSize), DATABASE_READ_URL: undefined };
}

/** Drops a phase's database; should that fail, says so (the next run drops what a run left behind). */
async function dropDatabase(ctx: PostgresBenchContext, database: string): Promise<void> {
  try {
    await ctx.postgres.dropDatabase(database);
  } catch (error) {
    ctx.say(`could not drop ${new URL(database).pathname.slice(1)}: ${(error as Error).message}`);
  }
}

function watchCpu(ctx: PostgresBenchContext, server: BenchServer): CpuWatch {
  return new CpuWatch(server.child.process.pid, ctx.postgres.postmasterPid);
}
