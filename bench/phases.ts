import { randomFillSync } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { addDays, type CalendarDate } from '../src/domain/calendar-date.js';
import { newWorkplaceId, WORKPLACE_ID_RANDOM_BYTES } from '../src/domain/workplace.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Children } from './children.js';
import { runLoad, type LoadResult, type LoadSpec } from './load.js';
import { cpuShares, cpuTimes } from './machine.js';
import type { BenchOptions } from './options.js';
import { PreparedBodies, PresenceFactory } from './presence-factory.js';
import type { CpuSplit, CpuWatch } from './process-cpu.js';
import { runRawInserts, type RawInsertResult } from './raw-insert.js';
import { countRegistrations } from './registry-file.js';
import { declareWorkplace, jsonHeaders, registrationProblem } from './registry-api.js';
import { randomWorkplaceDays, timeHttpSearches, timeStoreSearches, type WorkplaceDay } from './search.js';
import { seedPresences, type SeedResult } from './seed.js';
import { timeSequentialGets, type SequentialResult } from './sequential.js';
import {
  createCompanyKey,
  registerCertificate,
  startBareServer,
  startRegistry,
  type BenchServer,
} from './servers.js';
import { benchSigner, signedBodies, soapSpec } from './soap-phase.js';

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

/** What (a) and (a') measured: the bare server's POSTs, and its GETs of a search-sized reply. */
export interface BareFigures {
  readonly bare: LoadResult;
  /** Sequential GETs of a search-sized reply from the bare server: the HTTP floor under (e). */
  readonly bareGet: SequentialResult;
}

/**
 * (a): the bare Fastify server, loaded at the connections of (b) with a body like (b)'s; then, as a floor under
 * (e), GETs of a reply the size of a search's, one at a time.
 */
export async function measureBare(ctx: BenchContext): Promise<BareFigures> {
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

/** What a registry database held after the load phases. */
export interface StoredCounts {
  readonly presences: number;
  readonly clientReferences: number;
  /** PostgreSQL only: the rows of `presence_keys` (one per presence). */
  readonly presenceKeys?: number;
}

/** Where (b) and (c) run: the registry's database, how to count what it stored, and what CPU to watch. */
export interface RegistryTarget {
  /** What `sitepresence serve --database` takes: a SQLite file or a `postgres://` URL. */
  readonly database: string;
  readonly countStored: () => Promise<StoredCounts>;
  /** Environment of the registry's process, beyond the bench's own (see `startRegistry`). */
  readonly serverEnv?: Readonly<Record<string, string | undefined>>;
  /** Makes a watch of the CPU time of a load phase's processes, when the run reports it. */
  readonly watchCpu?: (server: BenchServer) => CpuWatch;
}

/** The CPU time of a measured load phase, and how busy the whole machine was meanwhile. */
export interface PhaseCpu {
  readonly split: CpuSplit;
  readonly seconds: number;
  /** Share (0 to 1) of the machine's CPU time busy during the phase, everything included. */
  readonly machineBusy: number;
}

/** What (b), (c) and (s) measured. */
export interface RegistryLoads {
  readonly single: LoadResult;
  readonly batch: LoadResult;
  /** (s): the same batches as (c), through the PresenceRegistration web service (SOAP, signed). */
  readonly soap: LoadResult;
  readonly stored: StoredCounts & { readonly acknowledged: number; readonly sent: number };
  readonly cpu: { readonly single?: PhaseCpu; readonly batch?: PhaseCpu; readonly soap?: PhaseCpu };
}

/** (b) and (c): the real registry, one new presence per request, then batches of new presences. */
export async function measureRegistry(
  ctx: BenchContext,
  target: RegistryTarget = sqliteTarget(join(ctx.work, 'registry.db')),
): Promise<RegistryLoads> {
  const { options } = ctx;
  const { database } = target;
  const key = await createCompanyKey(ctx.root, database, COMPANY);
  const signer = benchSigner(ctx.root);
  await registerCertificate(ctx.root, database, COMPANY, signer.certificateFile);
  const server = await startRegistry(ctx.children, ctx.root, database, target.serverEnv);
  let single: Measured;
  let batch: Measured;
  let soap: Measured;
  let factory: PresenceFactory;
  let soapFactory: PresenceFactory;
  let singles: PreparedBodies;
  let signed: PreparedBodies;
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
    // Enough for 10,000 requests a second, made before the phase, as the bare endpoint's body is.
    singles = new PreparedBodies(
      () => JSON.stringify({ presences: [factory.one()] }),
      10_000 * (options.warmupS + options.durationS),
    );
    const bodies = singles;
    ctx.say(`(b) POST /api/v1/presences, 1 item, ${options.connections.single} connections…`);
    single = await warmThenMeasure(
      options,
      {
        url,
        headers: jsonHeaders(key),
        body: () => bodies.take(),
        connections: options.connections.single,
        durationS: options.durationS,
        check: (status, body) => registrationProblem(status, body, 1),
        checkEvery: 50,
      },
      target.watchCpu?.(server),
    );
    ctx.say(`    ${Math.round(single.measured.perSecond)} req/s`);
    ctx.say(
      `(c) POST /api/v1/presences, ${options.batchSize} items, ${options.connections.batch} connections…`,
    );
    batch = await warmThenMeasure(
      options,
      {
        url,
        headers: jsonHeaders(key),
        body: () => JSON.stringify({ presences: factory.batch(options.batchSize) }),
        connections: options.connections.batch,
        durationS: options.durationS,
        check: (status, body) => registrationProblem(status, body, options.batchSize),
        checkEvery: 4,
      },
      target.watchCpu?.(server),
    );
    ctx.say(`    ${Math.round(batch.measured.perSecond * options.batchSize)} registrations/s`);
    // (s): the same batches through the web service, tomorrow (it registers today or tomorrow); their workers
    // are others than (b)'s and (c)'s, their references short enough for the protocol (24 characters).
    soapFactory = new PresenceFactory({
      workplaceIds,
      days: ctx.days.slice(0, 1),
      employer: COMPANY,
      referencePrefix: `s${Date.now().toString(36)}`,
      firstWorker: 10_000_000,
    });
    ctx.say(`(s) signing the web service's ${options.batchSize}-item registerPresences calls…`);
    signed = signedBodies(options, soapFactory, signer, batch.measured.perSecond);
    ctx.say(
      `(s) SOAP registerPresences, ${options.batchSize} items, ${options.connections.batch} connections…`,
    );
    soap = await warmThenMeasure(
      options,
      soapSpec(options, `${server.url}/PresenceRegistration/v1`, signed),
      target.watchCpu?.(server),
    );
    ctx.say(`    ${Math.round(soap.measured.perSecond * options.batchSize)} registrations/s`);
    if (server.child.problems.length > 0)
      ctx.say(`the registry logged:\n${server.child.problems.join('\n')}`);
  } finally {
    await ctx.children.stop(server.child);
  }
  const counts = await target.countStored();
  const acknowledged =
    single.warmup.ok +
    single.measured.ok +
    (batch.warmup.ok + batch.measured.ok + soap.warmup.ok + soap.measured.ok) * options.batchSize;
  return {
    single: withWarmupChecks(single),
    batch: withWarmupChecks(batch),
    soap: withWarmupChecks(soap),
    // Bodies made ahead but never sent are not counted as sent.
    stored: {
      ...counts,
      acknowledged,
      sent:
        factory.count -
        (singles.prepared - singles.taken) +
        soapFactory.count -
        (signed.prepared - signed.taken) * options.batchSize,
    },
    cpu: {
      ...(single.cpu === undefined ? {} : { single: single.cpu }),
      ...(batch.cpu === undefined ? {} : { batch: batch.cpu }),
      ...(soap.cpu === undefined ? {} : { soap: soap.cpu }),
    },
  };
}

function sqliteTarget(database: string): RegistryTarget {
  return { database, countStored: () => Promise.resolve(countRegistrations(database)) };
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

/** What (e) measured: the presences seeded, and the searches among them. */
export interface SearchFigures {
  readonly seed: SeedResult;
  readonly search: {
    readonly oneDay: SequentialResult;
    readonly randomDays: SequentialResult;
    readonly store: SequentialResult;
  };
}

/** (e): a database seeded with many presences, searched one workplace-day at a time. */
export async function measureSearch(ctx: BenchContext): Promise<SearchFigures> {
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
  const { store: opened } = await openSqliteStore({ path: database });
  let store;
  try {
    store = await timeStoreSearches(opened, COMPANY, target, run);
  } finally {
    await opened.close();
  }
  return { seed, search: { oneDay, randomDays, store } };
}

/** A load phase: its unmeasured warm-up, its measured run, and the CPU time of the measured run if watched. */
export interface Measured {
  readonly warmup: LoadResult;
  readonly measured: LoadResult;
  readonly cpu?: PhaseCpu;
}

/** Runs a load for `options.warmupS` unmeasured, then for `spec.durationS` measured (and watched, if asked). */
export async function warmThenMeasure(
  options: BenchOptions,
  spec: LoadSpec,
  watch?: CpuWatch,
): Promise<Measured> {
  // The replies are checked during the warm-up, under the same load; the measured run reads no bodies, so that
  // checking does not slow the load generator down (it shares the machine with the server).
  const warmup = await runLoad({ ...spec, durationS: options.warmupS });
  const { check: _checkedInWarmup, ...lean } = spec;
  const machineBefore = cpuTimes();
  const started = performance.now();
  watch?.start();
  const measured = await runLoad(lean);
  const split = watch?.stop();
  const seconds = (performance.now() - started) / 1000;
  const machineBusy = cpuShares(machineBefore, cpuTimes()).busy;
  return { warmup, measured, ...(split === undefined ? {} : { cpu: { split, seconds, machineBusy } }) };
}

/** The measured figures, with the checks made during the warm-up (the measured run makes none). */
export function withWarmupChecks(run: Measured): LoadResult {
  const { checked, problems, examples } = run.warmup;
  return { ...run.measured, checked, problems, examples: [...examples, ...run.measured.examples] };
}

/** Presences for phases without a registry: workplace ids of the registry's form, nothing declared. */
export function placeholderFactory(ctx: BenchContext, referencePrefix: string): PresenceFactory {
  const workplaceIds = Array.from({ length: ctx.options.loadWorkplaces }, () =>
    newWorkplaceId(randomFillSync(new Uint8Array(WORKPLACE_ID_RANDOM_BYTES))),
  );
  return new PresenceFactory({ workplaceIds, days: ctx.days, employer: COMPANY, referencePrefix });
}
