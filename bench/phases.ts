import { randomFillSync } from 'node:crypto';
import { join } from 'node:path';
import { addDays, type CalendarDate } from '../src/domain/calendar-date.js';
import { newWorkplaceId, WORKPLACE_ID_RANDOM_BYTES } from '../src/domain/workplace.js';
import type { Children } from './children.js';
import { runLoad, type LoadResult, type LoadSpec } from './load.js';
import type { BenchOptions } from './options.js';
import { PresenceFactory } from './presence-factory.js';
import { runRawInserts, type RawInsertResult } from './raw-insert.js';
import { countRegistrations } from './registry-file.js';
import { declareWorkplace, jsonHeaders, registrationProblem } from './registry-api.js';
import type { BenchFigures } from './report.js';
import { randomWorkplaceDays, timeHttpSearches, timeStoreSearches, type WorkplaceDay } from './search.js';
import { seedPresences } from './seed.js';
import { timeSequentialGets } from './sequential.js';
import { createCompanyKey, startBareServer, startRegistry } from './servers.js';

/** The company behind every key, workplace and presence of the bench. */
export const COMPANY = '0403019261';

/** What every phase needs: the settings, the project, a scratch folder, the children, the days to register. */
export interface BenchContext {
  readonly options: BenchOptions;
  /** The project's folder (where bin/ and dist/ are). */
  readonly root: string;
  /** A scratch folder for databases, removed at the end. */
  readonly work: string;
  readonly children: Children;
  readonly today: CalendarDate;
  /** Days open for registration: tomorrow and the 34 after (a run crossing midnight never registers in the past). */
  readonly days: readonly CalendarDate[];
  readonly say: (line: string) => void;
}

/**
 * (a): the bare Fastify server, loaded at the connections of (b) with a body like (b)'s; then, as a floor under
 * (e), GETs of a reply the size of a search's, one at a time.
 */
export async function measureBare(ctx: BenchContext): Promise<Pick<BenchFigures, 'bare' | 'bareGet'>> {
  const { options } = ctx;
  ctx.say(`(a) bare Fastify, ${options.connections.single} connections…`);
  const server = await startBareServer(ctx.children, ctx.root);
  try {
    const factory = placeholderFactory(ctx, 'bare');
    // One body of the same shape and size as (b)'s, built once: generating bodies would make the load
    // generator, not Fastify, the bottleneck of this phase.
    const body = JSON.stringify({ presences: [factory.one()] });
    const { measured: bare } = await warmThenMeasure(options, {
      url: `${server.url}/echo`,
      headers: jsonHeaders('sp_not_checked_by_the_bare_server'),
      body: () => body,
      connections: options.connections.single,
      durationS: options.durationS,
    });
    ctx.say(`    ${Math.round(bare.perSecond)} req/s`);
    const bareGet = await timeSequentialGets(
      server.url,
      {},
      () => ({ path: '/presences', check: (status) => (status === 200 ? undefined : `HTTP ${status}`) }),
      options.search,
    );
    return { bare, bareGet };
  } finally {
    await ctx.children.stop(server.child);
  }
}

/** (b) and (c): the real registry, one new presence per request, then batches of new presences. */
export async function measureRegistry(
  ctx: BenchContext,
): Promise<Pick<BenchFigures, 'single' | 'batch' | 'stored'>> {
  const { options } = ctx;
  const database = join(ctx.work, 'registry.db');
  const key = await createCompanyKey(ctx.root, database, COMPANY);
  const server = await startRegistry(ctx.children, ctx.root, database);
  let single: { warmup: LoadResult; measured: LoadResult };
  let batch: { warmup: LoadResult; measured: LoadResult };
  let factory: PresenceFactory;
  try {
    const workplaceIds: string[] = [];
    for (let i = 0; i < options.loadWorkplaces; i += 1) {
      const workplace = {
        name: `Bench werf ${i + 1}`,
        declarant: COMPANY,
        startDate: ctx.today,
        endDate: addDays(ctx.today, 60),
      };
      workplaceIds.push(await declareWorkplace(server.url, key, workplace));
    }
    factory = new PresenceFactory({
      workplaceIds,
      days: ctx.days,
      employer: COMPANY,
      referencePrefix: `bench-${Date.now()}`,
    });
    const url = `${server.url}/api/v1/presences`;
    ctx.say(`(b) POST /api/v1/presences, 1 item, ${options.connections.single} connections…`);
    single = await warmThenMeasure(options, {
      url,
      headers: jsonHeaders(key),
      body: () => JSON.stringify({ presences: [factory.one()] }),
      connections: options.connections.single,
      durationS: options.durationS,
      check: (status, body) => registrationProblem(status, body, 1),
      checkEvery: 50,
    });
    ctx.say(`    ${Math.round(single.measured.perSecond)} req/s`);
    ctx.say(
      `(c) POST /api/v1/presences, ${options.batchSize} items, ${options.connections.batch} connections…`,
    );
    batch = await warmThenMeasure(options, {
      url,
      headers: jsonHeaders(key),
      body: () => JSON.stringify({ presences: factory.batch(options.batchSize) }),
      connections: options.connections.batch,
      durationS: options.durationS,
      check: (status, body) => registrationProblem(status, body, options.batchSize),
      checkEvery: 4,
    });
    ctx.say(`    ${Math.round(batch.measured.perSecond * options.batchSize)} registrations/s`);
    if (server.child.problems.length > 0)
      ctx.say(`the registry logged:\n${server.child.problems.join('\n')}`);
  } finally {
    await ctx.children.stop(server.child);
  }
  const counts = countRegistrations(database);
  const acknowledged =
    single.warmup.ok + single.measured.ok + (batch.warmup.ok + batch.measured.ok) * options.batchSize;
  return {
    single: single.measured,
    batch: batch.measured,
    stored: { ...counts, acknowledged, sent: factory.count },
  };
}

/** (f): the same kind of rows straight into SQLite, in transactions of a batch each. */
export async function measureRawInserts(ctx: BenchContext): Promise<RawInsertResult> {
  const { options } = ctx;
  ctx.say(`(f) raw better-sqlite3 inserts, ${options.batchSize} per transaction…`);
  const raw = await runRawInserts(join(ctx.work, 'raw.db'), placeholderFactory(ctx, 'raw'), {
    batchSize: options.batchSize,
    warmupS: options.warmupS,
    durationS: options.durationS,
  });
  ctx.say(`    ${Math.round(raw.perSecond)} registrations/s`);
  return raw;
}

/** (e): a database seeded with many presences, searched one workplace-day at a time. */
export async function measureSearch(ctx: BenchContext): Promise<Pick<BenchFigures, 'seed' | 'search'>> {
  const { options } = ctx;
  const plan = options.seed;
  const database = join(ctx.work, 'search.db');
  // The registry's own command creates and migrates the database; the seed fills it.
  const key = await createCompanyKey(ctx.root, database, COMPANY);
  const days = Array.from({ length: plan.days }, (_, i) => addDays(ctx.today, i - Math.floor(plan.days / 2)));
  const total = plan.workplaces * plan.days * plan.workersPerDay;
  ctx.say(`(e) seeding ${total.toLocaleString('en-US')} presences…`);
  let reported = 0;
  const seed = seedPresences(database, {
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
  const target: WorkplaceDay = {
    workplaceId: seed.workplaceIds[Math.floor(seed.workplaceIds.length / 2)]!,
    day: days[Math.floor(days.length / 2)]!,
  };
  const run = { ...options.search, expectedRows: plan.workersPerDay };
  const server = await startRegistry(ctx.children, ctx.root, database);
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
  const store = await timeStoreSearches(database, COMPANY, target, run);
  return { seed, search: { oneDay, randomDays, store } };
}

async function warmThenMeasure(
  options: BenchOptions,
  spec: LoadSpec,
): Promise<{ warmup: LoadResult; measured: LoadResult }> {
  const warmup = await runLoad({ ...spec, durationS: options.warmupS });
  const measured = await runLoad(spec);
  return { warmup, measured };
}

/** Presences for phases without a registry: workplace ids of the registry's form, nothing declared. */
function placeholderFactory(ctx: BenchContext, referencePrefix: string): PresenceFactory {
  const workplaceIds = Array.from({ length: ctx.options.loadWorkplaces }, () =>
    newWorkplaceId(randomFillSync(new Uint8Array(WORKPLACE_ID_RANDOM_BYTES))),
  );
  return new PresenceFactory({ workplaceIds, days: ctx.days, employer: COMPANY, referencePrefix });
}
