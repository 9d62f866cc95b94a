import { randomFillSync } from 'node:crypto';
import { mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Client } from 'undici';
import { loadAgentSettings, parseAgentSettings, saveAgentSettings } from '../src/agent/agent-settings.js';
import type { AgentSettings } from '../src/agent/agent-settings.js';
import { captureAtGate, type CaptureDeps } from '../src/agent/capture.js';
import { DEFAULT_FORWARDER_OPTIONS, Forwarder } from '../src/agent/forwarder.js';
import type { CaptureSource, CaptureState } from '../src/agent/capture-journal.js';
import { HttpProber } from '../src/agent/http-client/http-prober.js';
import { HttpRegistryClient } from '../src/agent/http-client/http-registry-client.js';
import { HttpRegistryStatus } from '../src/agent/http-client/http-registry-status.js';
import type { RegistryItem } from '../src/agent/registry-client.js';
import { openSqliteJournal } from '../src/agent/sqlite/sqlite-journal.js';
import type { RandomSource } from '../src/app/random-source.js';
import { addDays, brusselsDate, type CalendarDate } from '../src/domain/calendar-date.js';
import { newWorkplaceId, WORKPLACE_ID_RANDOM_BYTES } from '../src/domain/workplace.js';
import { createCryptoRandom } from '../src/system/crypto-random.js';
import { systemClock } from '../src/system/system-clock.js';
import { profiled } from './agent-profile.js';
import { measureResume, type ResumeFigures } from './agent-resume.js';
import { RoundTimer, type RoundBreakdown } from './agent-timing.js';
import { nissFor } from './niss.js';
import { COMPANY, type BenchContext } from './phases.js';
import { countRegistrations } from './registry-file.js';
import { declareWorkplace, jsonHeaders, registrationProblem } from './registry-api.js';
import { createCompanyKey, startRegistry } from './servers.js';
import { summarise, type LatencySummary } from './stats.js';

/** Captures timed from the call of `captureAtGate` to its promise resolved, that is to the capture on disk. */
export interface CaptureTiming {
  readonly kiosks: number;
  readonly warmup: number;
  readonly latency: LatencySummary;
  /** Timed captures per second, all kiosks together. */
  readonly perSecond: number;
  /** Captures not journaled as PENDING for the worker presented. */
  readonly problems: number;
  readonly examples: readonly string[];
}

/** (g): capture latency, one at a time and from many kiosks at once, and the disk's floor under it. */
export interface CaptureFigures {
  /** The file system of the journals (a tmpfs would make every fsync free). */
  readonly fileSystem: string;
  readonly sequential: CaptureTiming;
  readonly burst: CaptureTiming;
  /** One-row autocommits into a SQLite file in WAL mode with synchronous=FULL: one fsync each. */
  readonly floor: LatencySummary;
}

/** One run of (h): N registrations into a fresh registry. */
export interface IngestRun {
  readonly seconds: number;
  /** Registrations per second. */
  readonly perSecond: number;
  /** Per request, from sent to the whole reply read. */
  readonly latency: LatencySummary;
  readonly stored: { readonly presences: number; readonly clientReferences: number };
}

/**
 * (h): the registry's own ingest of 200-item batches, one request at a time on one connection: run once before
 * (i) and once after, so that a machine whose speed drifts meanwhile (a shared one) skews the ratio less.
 */
export interface IngestFigures {
  /** Registrations of each run (as many as (i) drains). */
  readonly items: number;
  readonly batchSize: number;
  readonly before: IngestRun;
  readonly after: IngestRun;
  /** Both runs together: all their registrations over all their time. */
  readonly perSecond: number;
  readonly requests: number;
  readonly seconds: number;
  readonly latency: LatencySummary;
  readonly checked: number;
  readonly problems: number;
  readonly examples: readonly string[];
}

/** (i): journaled captures drained into a local registry by the Forwarder. */
export interface DrainFigures {
  readonly captures: number;
  /** Seconds spent journaling the captures beforehand (set-up, not measured). */
  readonly journalSeconds: number;
  readonly seconds: number;
  /** Captures sent (receipt recorded) per second. */
  readonly perSecond: number;
  readonly breakdown: RoundBreakdown;
  /** The journal's captures by state once drained. */
  readonly journal: Readonly<Record<CaptureState, number>>;
  /** Captures the registry said it already had. */
  readonly duplicates: number;
  readonly stored: { readonly presences: number; readonly clientReferences: number };
}

/** Everything the site agent's part measured. */
export interface AgentFigures {
  /** The Brussels day of the captures, and the day when the drain ended (another if the run crossed midnight). */
  readonly day: CalendarDate;
  readonly dayAtEnd: CalendarDate;
  readonly capture: CaptureFigures;
  readonly ingest: IngestFigures;
  readonly drain: DrainFigures;
  readonly resume: ResumeFigures;
}

/** Captures journaled at once while preparing the drain: one group commit each. */
const JOURNAL_CHUNK = 1_000;

/** How long the drain may take before the bench gives up. */
const DRAIN_DEADLINE_MS = 30 * 60_000;

/** (g), (h), (i), (j): the site agent's journal, and its Forwarder against the registry, each on its own files. */
export async function measureAgent(ctx: BenchContext): Promise<AgentFigures> {
  const day = brusselsDate(new Date());
  const capture = await measureCaptures(ctx);
  const checks: IngestChecks = { checked: 0, problems: 0, examples: [] };
  const before = await measureIngest(ctx, day, 'before', checks);
  const drain = await measureDrain(ctx, day);
  const after = await measureIngest(ctx, day, 'after', checks);
  const resume = await measureResumeAfterOutage(ctx, day);
  const items = ctx.options.agent.drainCaptures;
  const seconds = before.run.seconds + after.run.seconds;
  const ingest: IngestFigures = {
    items,
    batchSize: DEFAULT_FORWARDER_OPTIONS.batchSize,
    before: before.run,
    after: after.run,
    perSecond: (2 * items) / seconds,
    requests: before.latencies.length + after.latencies.length,
    seconds,
    latency: summarise([...before.latencies, ...after.latencies]),
    ...checks,
  };
  return { day, dayAtEnd: brusselsDate(new Date()), capture, ingest, drain, resume };
}

/** (j): a registry of its own for {@link measureResume}, which stops it and starts it again. */
async function measureResumeAfterOutage(ctx: BenchContext, day: CalendarDate): Promise<ResumeFigures> {
  const { database, key, server, workplaceId } = await startAgentRegistry(ctx, 'agent-resume', day);
  try {
    return await measureResume(
      ctx,
      { server, database },
      checkedSettings({ registryUrl: server.url, key, workplaceId }),
    );
  } finally {
    await ctx.children.stop(server.child);
  }
}

/** (g): fresh journals, captures timed one at a time, then from many kiosks at once; then the fsync floor. */
async function measureCaptures(ctx: BenchContext): Promise<CaptureFigures> {
  const { sequential, burst } = ctx.options.agent;
  const folder = join(ctx.work, 'agent-capture');
  mkdirSync(folder, { recursive: true });
  const settings = placeholderSettings();
  ctx.say(
    `(g) capture to the journal, one at a time: ${sequential.count} after ${sequential.warmup} warm-up…`,
  );
  const one = await profiled('capture-sequential', () =>
    timeCaptures(join(folder, 'sequential.db'), settings, { kiosks: 1, ...sequential }, 'READER'),
  );
  ctx.say(`    p50 ${one.latency.p50.toFixed(2)} ms, p99 ${one.latency.p99.toFixed(2)} ms`);
  ctx.say(
    `(g) capture to the journal, ${burst.kiosks} kiosks at once: ${burst.count} after ${burst.warmup} warm-up…`,
  );
  const many = await profiled('capture-burst', () =>
    timeCaptures(join(folder, 'burst.db'), settings, burst, 'KIOSK'),
  );
  ctx.say(`    p50 ${many.latency.p50.toFixed(2)} ms, p99 ${many.latency.p99.toFixed(2)} ms`);
  ctx.say(`(g') one-row SQLite commits (synchronous=FULL), one at a time…`);
  const floor = await timeRawCommits(join(folder, 'floor.db'), sequential);
  ctx.say(`    p50 ${floor.p50.toFixed(2)} ms, p99 ${floor.p99.toFixed(2)} ms`);
  return { fileSystem: fileSystemOf(folder), sequential: one, burst: many, floor };
}

/** Settings for captures that are never sent: a workplace id of the registry's form, the bench's company. */
function placeholderSettings(): AgentSettings {
  const workplaceId = newWorkplaceId(randomFillSync(new Uint8Array(WORKPLACE_ID_RANDOM_BYTES)));
  return checkedSettings({ registryUrl: 'http://127.0.0.1:9', key: 'sp_never_sent', workplaceId });
}

function checkedSettings(raw: { registryUrl: string; key: string; workplaceId: string }): AgentSettings {
  const parsed = parseAgentSettings({ ...raw, employer: COMPANY });
  if (!parsed.ok) throw new Error(`agent settings refused: ${JSON.stringify(parsed.error)}`);
  return parsed.value;
}

/**
 * Presents a distinct NISS at each of `kiosks` gates, each waiting for its capture to be acknowledged (on disk)
 * before the next, and times each `captureAtGate` call.
 */
async function timeCaptures(
  path: string,
  settings: AgentSettings,
  run: { readonly kiosks: number; readonly warmup: number; readonly count: number },
  source: CaptureSource,
): Promise<CaptureTiming> {
  const journal = openSqliteJournal(path);
  const deps: CaptureDeps = {
    journal,
    roster: journal,
    clock: systemClock,
    random: createCryptoRandom(),
  };
  const total = run.warmup + run.count;
  const latencies: number[] = [];
  const examples: string[] = [];
  let problems = 0;
  let next = 0;
  let timedFrom = 0;
  const kiosk = async (): Promise<void> => {
    for (let n = next++; n < total; n = next++) {
      if (n === run.warmup) timedFrom = performance.now();
      const niss = nissFor(n);
      const started = performance.now();
      const captured = await captureAtGate(deps, settings, { raw: niss, source });
      const elapsed = performance.now() - started;
      if (n >= run.warmup) latencies.push(elapsed);
      const problem = !captured.ok
        ? `refused: ${captured.error.message}`
        : captured.value.state !== 'PENDING' || !JSON.stringify(captured.value.worker).includes(niss)
          ? `journaled as ${JSON.stringify(captured.value).slice(0, 200)}`
          : undefined;
      if (problem !== undefined) {
        problems += 1;
        if (examples.length < 5) examples.push(problem);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: run.kiosks }, kiosk));
    const seconds = (performance.now() - timedFrom) / 1000;
    const { counts } = await journal.summary();
    if (counts.PENDING !== total) {
      problems += 1;
      examples.push(`${counts.PENDING} captures pending in the journal for ${total} made`);
    }
    return {
      kiosks: run.kiosks,
      warmup: run.warmup,
      latency: summarise(latencies),
      perSecond: run.count / seconds,
      problems,
      examples,
    };
  } finally {
    await journal.close();
  }
}

/** The floor under a capture: a one-row INSERT committed on its own (one fsync), in a fresh WAL file. */
async function timeRawCommits(
  path: string,
  run: { readonly warmup: number; readonly count: number },
): Promise<LatencySummary> {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE captures (sequence INTEGER PRIMARY KEY, client_reference TEXT UNIQUE, raw TEXT)');
    const insert = db.prepare('INSERT INTO captures (client_reference, raw) VALUES (?, ?)');
    const random = createCryptoRandom();
    const latencies: number[] = [];
    for (let n = 0; n < run.warmup + run.count; n += 1) {
      const started = performance.now();
      insert.run(random.uuid(), nissFor(n));
      if (n >= run.warmup) latencies.push(performance.now() - started);
      // Let the event loop run, as between two captures, so that a signal (Ctrl-C) is handled at once.
      await new Promise(setImmediate);
    }
    return summarise(latencies);
  } finally {
    db.close();
  }
}

/** A registry of its own, with the company's key and one workplace open today. */
async function startAgentRegistry(ctx: BenchContext, name: string, day: CalendarDate) {
  const database = join(ctx.work, `${name}.db`);
  const key = await createCompanyKey(ctx.root, database, COMPANY);
  const server = await startRegistry(ctx.children, ctx.root, database);
  try {
    const workplaceId = await declareWorkplace(server.url, key, {
      name: 'Bench werf van de site agent',
      declarant: COMPANY,
      startDate: day,
      endDate: addDays(day, 60),
    });
    return { database, key, server, workplaceId };
  } catch (error) {
    await ctx.children.stop(server.child);
    throw error;
  }
}

/**
 * The `n`-th registration, as the Forwarder sends the `n`-th capture: its clientReference drawn as
 * `captureAtGate` draws a capture's (a UUID v7, ordered by time). Random ones (v4) would land all over the
 * registry's index of client references, and make its ingest markedly slower than the drain it is set against.
 */
function registryItem(n: number, workplaceId: string, day: CalendarDate, random: RandomSource): RegistryItem {
  return {
    workplaceId,
    registrationDate: day,
    worker: { niss: nissFor(n) },
    employer: COMPANY,
    clientReference: random.uuid(),
  };
}

/** The replies of (h) checked, and what was wrong with them, over both runs. */
interface IngestChecks {
  checked: number;
  problems: number;
  examples: string[];
}

/**
 * (h): the registry's own ingest, as the agent's baseline: the same registrations as (i) drains (the same
 * workers, workplace, day, channel, 200 a batch), POSTed one batch at a time on one connection, as the
 * Forwarder sends them, into a fresh registry of its own. The bodies are made beforehand, and one reply in ten
 * is parsed and checked: the client costs next to nothing.
 */
async function measureIngest(
  ctx: BenchContext,
  day: CalendarDate,
  when: 'before' | 'after',
  checks: IngestChecks,
): Promise<{ run: IngestRun; latencies: number[] }> {
  const items = ctx.options.agent.drainCaptures;
  const { batchSize } = DEFAULT_FORWARDER_OPTIONS;
  const { database, key, server, workplaceId } = await startAgentRegistry(ctx, `agent-ingest-${when}`, day);
  const latencies: number[] = [];
  let seconds: number;
  try {
    const random = createCryptoRandom();
    const bodies: { body: string; size: number }[] = [];
    for (let first = 0; first < items; first += batchSize) {
      const size = Math.min(batchSize, items - first);
      const presences = Array.from({ length: size }, (_, i) =>
        registryItem(first + i, workplaceId, day, random),
      );
      bodies.push({ body: JSON.stringify({ presences, channel: 'GATEWAY' }), size });
    }
    ctx.say(
      `(h) POST /api/v1/presences, ${batchSize} items, one at a time, ${when} (i): ${items.toLocaleString('en-US')}…`,
    );
    const client = new Client(server.url, { pipelining: 1 });
    const headers = jsonHeaders(key);
    const started = performance.now();
    try {
      for (const [i, { body, size }] of bodies.entries()) {
        const sent = performance.now();
        const response = await client.request({ path: '/api/v1/presences', method: 'POST', headers, body });
        const text = await response.body.text();
        latencies.push(performance.now() - sent);
        if (response.statusCode === 200 && i % 10 !== 0) continue;
        checks.checked += 1;
        const problem = registrationProblem(response.statusCode, text, size);
        if (problem === undefined) continue;
        checks.problems += 1;
        if (checks.examples.length < 5) checks.examples.push(problem);
      }
    } finally {
      await client.close();
    }
    seconds = (performance.now() - started) / 1000;
    ctx.say(`    ${Math.round(items / seconds)} registrations/s`);
    if (server.child.problems.length > 0)
      ctx.say(`the registry logged:\n${server.child.problems.join('\n')}`);
  } finally {
    await ctx.children.stop(server.child);
  }
  return {
    run: {
      seconds,
      perSecond: items / seconds,
      latency: summarise(latencies),
      stored: countRegistrations(database),
    },
    latencies,
  };
}

/**
 * (i): a journal set up as `agent init` leaves it (pointing at a fresh registry with one workplace open today),
 * the captures journaled (set-up, not timed), then the Forwarder run as `agent run` runs it, timed from its start
 * until it finds nothing pending.
 */
async function measureDrain(ctx: BenchContext, day: CalendarDate): Promise<DrainFigures> {
  const count = ctx.options.agent.drainCaptures;
  const journalPath = join(ctx.work, 'agent-drain', 'agent.db');
  const { database, key, server, workplaceId } = await startAgentRegistry(ctx, 'agent-registry', day);
  const journal = openSqliteJournal(journalPath);
  let journalSeconds: number;
  let seconds: number;
  let breakdown: RoundBreakdown;
  let counts: Readonly<Record<CaptureState, number>>;
  try {
    await saveAgentSettings(journal, checkedSettings({ registryUrl: server.url, key, workplaceId }));
    const loaded = await loadAgentSettings(journal, {});
    if (!loaded.ok) throw new Error(`agent settings refused: ${JSON.stringify(loaded.error)}`);
    const settings = loaded.value;

    ctx.say(`(i) journaling ${count.toLocaleString('en-US')} captures…`);
    const deps: CaptureDeps = {
      journal,
      roster: journal,
      clock: systemClock,
      random: createCryptoRandom(),
    };
    const journaling = performance.now();
    for (let first = 0; first < count; first += JOURNAL_CHUNK) {
      const chunk = Array.from({ length: Math.min(JOURNAL_CHUNK, count - first) }, (_, i) =>
        captureAtGate(deps, settings, { raw: nissFor(first + i), source: 'READER' }),
      );
      for (const captured of await Promise.all(chunk)) {
        if (!captured.ok) throw new Error(`capture refused: ${captured.error.message}`);
      }
    }
    journalSeconds = (performance.now() - journaling) / 1000;
    const before = await journal.summary();
    if (before.counts.PENDING !== count) {
      throw new Error(`${before.counts.PENDING} captures pending after journaling ${count}`);
    }
    const journaledDay = brusselsDate(new Date());
    if (journaledDay !== day) ctx.say(`    the day changed to ${journaledDay} (midnight in Brussels)`);

    ctx.say(`(i) the Forwarder drains them into the registry…`);
    const stop = new AbortController();
    const timer = new RoundTimer(() => {
      stop.abort();
    });
    const random = createCryptoRandom();
    const timed = timer.journal(journal);
    const forwarder = new Forwarder(
      {
        journal: timed,
        attemptLog: timed,
        registry: timer.registry(new HttpRegistryClient(settings.registryUrl, settings.key)),
        status: new HttpRegistryStatus(settings.registryUrl),
        prober: new HttpProber(settings.probeUrl),
        clock: systemClock,
        random: () => (random.bytes(1)[0] ?? 0) / 256,
      },
      DEFAULT_FORWARDER_OPTIONS,
    );
    const deadline = setTimeout(() => {
      stop.abort();
    }, DRAIN_DEADLINE_MS);
    // Once drained the Forwarder goes idle: wake it, so that it sees the abort without waiting its idle time.
    stop.signal.addEventListener(
      'abort',
      () => {
        setImmediate(() => {
          forwarder.wake();
        });
      },
      { once: true },
    );
    const started = performance.now();
    try {
      await profiled('drain', () => forwarder.run(stop.signal));
    } finally {
      clearTimeout(deadline);
    }
    if (timer.drainedAt === undefined) {
      throw new Error(
        `the Forwarder had not drained the journal after ${DRAIN_DEADLINE_MS / 60_000} minutes`,
      );
    }
    seconds = (timer.drainedAt - started) / 1000;
    breakdown = timer.breakdown();
    ({ counts } = await journal.summary());
    ctx.say(`    ${Math.round(counts.SENT / seconds)} registrations/s`);
    if (server.child.problems.length > 0)
      ctx.say(`the registry logged:\n${server.child.problems.join('\n')}`);
  } finally {
    await journal.close();
    await ctx.children.stop(server.child);
  }
  return {
    captures: count,
    journalSeconds,
    seconds,
    perSecond: counts.SENT / seconds,
    breakdown,
    journal: counts,
    duplicates: countDuplicates(journalPath),
    stored: countRegistrations(database),
  };
}

/** Captures the registry said it already had, read from the journal's file. */
function countDuplicates(journalPath: string): number {
  const db = new Database(journalPath, { readonly: true });
  try {
    return (
      db.prepare<[], { n: number }>('SELECT count(*) AS n FROM captures WHERE duplicate = 1').get()?.n ?? 0
    );
  } finally {
    db.close();
  }
}

/** Magic numbers of the file systems a scratch folder is likely on (statfs `f_type`). */
const FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0xef53, 'ext4'],
  [0x58465342, 'xfs'],
  [0x9123683e, 'btrfs'],
  [0x01021994, 'tmpfs'],
  [0x794c7630, 'overlayfs'],
  [0x2fc12fc1, 'zfs'],
]);

/** The name of the file system a folder is on, or its magic number. */
function fileSystemOf(folder: string): string {
  try {
    const { type } = statfsSync(folder);
    return FILE_SYSTEMS.get(type) ?? `type 0x${type.toString(16)}`;
  } catch {
    return 'unknown';
  }
}
