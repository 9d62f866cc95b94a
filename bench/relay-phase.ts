import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'undici';
import { addDays, type CalendarDate } from '../src/domain/calendar-date.js';
import { prepareSoapSigner, signSoapEnvelope, type SoapSigner } from '../src/soap/ws-security-sign.js';
import { COMPANY, type BenchContext } from './phases.js';
import { PresenceFactory } from './presence-factory.js';
import { countRegistrations, openPresenceCount } from './registry-file.js';
import { declareWorkplace, jsonHeaders, parseJson, registrationProblem } from './registry-api.js';
import {
  createAdminKey,
  createCompanyKey,
  registerCertificate,
  startRegistry,
  type BenchServer,
} from './servers.js';
import { benchSigner, registerEnvelope, soapRegistrationProblem } from './soap-phase.js';
import { summarise, type LatencySummary } from './stats.js';

/** Where the upstream's web service answers, on the upstream's address. */
const SOAP_PATH = '/PresenceRegistration/v1';

/**
 * How often the relay's forwarder looks at its outbox once nothing is due (`UPSTREAM_INTERVAL_MS`): only its first
 * look is paced by it, since a round that takes a full call looks again at once.
 */
const RELAY_INTERVAL_MS = 100;

/**
 * How often the bench counts the upstream's presences while the relay forwards: in the upstream's file, from the
 * bench's process, so that neither registry spends time answering (asking the relay's `GET /api/v1/upstream` this
 * often took its event loop 5 % of (r)).
 */
const COUNT_POLL_MS = 25;

/** How often the bench asks the relay how forwarding stands once the upstream holds everything (untimed). */
const STATUS_POLL_MS = 100;

/** How long forwarding may take before the bench gives up. */
const FORWARDING_DEADLINE_MS = 10 * 60_000;

/**
 * Calls of each side made before it is timed, untimed: the upstream's first signed calls and the relay's first
 * rounds (signing included) run cold.
 */
const WARMUP_CALLS = 5;

/** How many replies that were not what was expected are kept, to show. */
const EXAMPLES = 5;

/** One run of (u): signed 200-item `registerPresences` calls straight to the upstream, one at a time. */
export interface UpstreamIngestRun {
  readonly registrations: number;
  readonly seconds: number;
  /** Registrations per second. */
  readonly perSecond: number;
}

/**
 * (u): the upstream's own ingest of the same calls the relay makes — 200 items, signed, one at a time on one
 * connection, as the relay's forwarder sends them — run half before (r) and half after, so that a machine whose
 * speed drifts meanwhile skews the ratio less. The bodies are signed before each run, not in it.
 */
export interface UpstreamIngestFigures {
  readonly before: UpstreamIngestRun;
  readonly after: UpstreamIngestRun;
  /** Both runs together: all their registrations over all their time. */
  readonly registrations: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Per call, from sent to the whole answer read. */
  readonly latency: LatencySummary;
  /** What signing one call took the bench, on average (outside the timed runs; the relay signs in its rounds). */
  readonly signMs: number;
  readonly problems: number;
  readonly examples: readonly string[];
}

/**
 * (r): presences registered on the relay in 200-item batches, one request at a time, and forwarded by its
 * forwarder: timed from the first acknowledgement to the moment the upstream holds them all (counted in its file).
 */
export interface RelayForwardingFigures {
  readonly registrations: number;
  /** First acknowledgement to all forwarded. */
  readonly seconds: number;
  /** Registrations forwarded per second. */
  readonly perSecond: number;
  /** First acknowledgement to the last one: how long registering took, the forwarder running meanwhile. */
  readonly registeringSeconds: number;
  /** Per `POST /api/v1/presences` of 200 items. */
  readonly registerLatency: LatencySummary;
  /** The relay's presences by upstream state once forwarded (`GET /api/v1/upstream`), warm-up included. */
  readonly byStatus: Readonly<Record<string, number>>;
  /**
   * Presences already checked upstream once forwarded (VALIDATED or FAILED): checks asked for during (r), each its
   * own call, which a forwarding that lasts longer than the first check's delay (30 s) takes rounds of.
   */
  readonly checkedDuring: number;
  /** Warnings and errors the relay logged (an upstream that did not take a round, say). */
  readonly relayProblems: readonly string[];
  readonly problems: number;
  readonly examples: readonly string[];
}

/** What (u) and (r) measured, and what each registry held afterwards. */
export interface RelayFigures {
  readonly batchSize: number;
  /** Untimed calls of each side before it is timed: to the upstream, and registered then forwarded by the relay. */
  readonly warmupCalls: number;
  readonly workplaces: number;
  /** The registration day of every presence (tomorrow: the upstream takes today and tomorrow only). */
  readonly day: CalendarDate;
  readonly ingest: UpstreamIngestFigures;
  readonly forwarding: RelayForwardingFigures;
  /** Presences in each database after the phase, against what (u) and (r) had acknowledged. */
  readonly stored: {
    readonly upstream: number;
    readonly upstreamExpected: number;
    readonly relay: number;
    readonly relayExpected: number;
  };
  /** The process ids, to tell the CPU profiles (`BENCH_CPU_PROF`) apart. */
  readonly pids: { readonly upstream: number | undefined; readonly relay: number | undefined };
}

/**
 * (u) and (r): a relay (`sitepresence serve` with `UPSTREAM_URL`) forwarding to an upstream (another `sitepresence
 * serve` that knows the relay's certificate), both on SQLite, the same workplaces declared on both. The upstream's
 * own ingest (u) is measured half before the relay's forwarding (r) and half after (the relay stopped by then), on
 * the same upstream.
 */
export async function measureRelay(ctx: BenchContext): Promise<RelayFigures> {
  const { options } = ctx;
  const { batchSize } = options;
  const total = options.relayRegistrations;
  const calls = total / batchSize;
  if (!Number.isInteger(calls / 2)) {
    throw new Error(`relay registrations must be a whole number of ${2 * batchSize}, not ${total}`);
  }
  const folder = join(ctx.work, 'relay');
  mkdirSync(folder, { recursive: true });
  const upstreamDatabase = join(folder, 'upstream.db');
  const relayDatabase = join(folder, 'relay.db');
  const signer = benchSigner(ctx.root);
  const upstreamKey = await createCompanyKey(ctx.root, upstreamDatabase, COMPANY);
  await registerCertificate(ctx.root, upstreamDatabase, COMPANY, signer.certificateFile);
  const relayKey = await createCompanyKey(ctx.root, relayDatabase, COMPANY);
  const relayAdmin = await createAdminKey(ctx.root, relayDatabase);
  const files = signerFiles(ctx.root, folder);
  const day = ctx.days[0];
  if (day === undefined) throw new Error('no day open for registration');

  const upstream = await startRegistry(ctx.children, ctx.root, upstreamDatabase);
  const upstreamHolds = openPresenceCount(upstreamDatabase);
  let relay: BenchServer | undefined;
  let ingest: UpstreamIngestFigures;
  let forwarding: RelayForwardingFigures;
  const pids = { upstream: upstream.child.process.pid, relay: undefined as number | undefined };
  try {
    relay = await startRegistry(ctx.children, ctx.root, relayDatabase, {
      UPSTREAM_URL: `${upstream.url}${SOAP_PATH}`,
      UPSTREAM_CERT: files.certificate,
      UPSTREAM_KEY: files.privateKey,
      UPSTREAM_INTERVAL_MS: String(RELAY_INTERVAL_MS),
    });
    pids.relay = relay.child.process.pid;
    ctx.say(`    upstream pid ${pids.upstream ?? '?'}, relay pid ${pids.relay ?? '?'}`);
    const workplaceIds: string[] = [];
    for (let i = 0; i < options.loadWorkplaces; i += 1) {
      const workplace = {
        name: `Bench relay werf ${i + 1}`,
        declarant: COMPANY,
        startDate: ctx.today,
        endDate: addDays(ctx.today, 60),
      };
      const workplaceId = await declareWorkplace(upstream.url, upstreamKey, workplace);
      await declareWorkplace(relay.url, relayKey, { ...workplace, workplaceId });
      workplaceIds.push(workplaceId);
    }
    // Workers of (u) from 0, of (r) after them: no registration of one is a duplicate of the other's upstream.
    const direct = new PresenceFactory({
      workplaceIds,
      days: [day],
      employer: COMPANY,
      referencePrefix: `u${Date.now().toString(36)}`,
    });
    const relayed = new PresenceFactory({
      workplaceIds,
      days: [day],
      employer: COMPANY,
      referencePrefix: `r${Date.now().toString(36)}`,
      firstWorker: total,
    });
    const checks: Checks = { problems: 0, examples: [] };
    const half = (when: string): Promise<TimedCalls> => {
      ctx.say(
        `(u) upstream's own ingest ${when} (r): ${calls / 2} signed ${batchSize}-item calls, one at a time…`,
      );
      return ingestUpstream(upstream.url, direct, signer, calls / 2, batchSize, checks);
    };
    ctx.say(
      `(u), (r) warming up: ${WARMUP_CALLS} calls to the upstream, ${WARMUP_CALLS} forwarded by the relay…`,
    );
    await ingestUpstream(upstream.url, direct, signer, WARMUP_CALLS, batchSize, checks);
    const toRelay = { relay, key: relayKey, admin: relayAdmin, upstreamHolds };
    await forwardThroughRelay(toRelay, relayed, WARMUP_CALLS, batchSize, 0);
    const before = await half('before');
    ctx.say(`    ${Math.round(before.run.perSecond)} registrations/s`);
    ctx.say(
      `(r) ${total.toLocaleString('en-US')} registrations on the relay, ${batchSize} a request, forwarded upstream…`,
    );
    const warmedUp = WARMUP_CALLS * batchSize;
    forwarding = await forwardThroughRelay(toRelay, relayed, calls, batchSize, warmedUp);
    ctx.say(`    ${Math.round(forwarding.perSecond)} registrations/s forwarded`);
    // Stopped before the second half: 30 s after acknowledging them, it would ask for each presence's check.
    await ctx.children.stop(relay.child);
    const after = await half('after');
    ctx.say(`    ${Math.round(after.run.perSecond)} registrations/s`);
    const seconds = before.run.seconds + after.run.seconds;
    const registrations = before.run.registrations + after.run.registrations;
    ingest = {
      before: before.run,
      after: after.run,
      registrations,
      seconds,
      perSecond: registrations / seconds,
      latency: summarise([...before.latencies, ...after.latencies]),
      signMs: (before.signMs + after.signMs) / 2,
      ...checks,
    };
    for (const server of [upstream, relay]) {
      if (server.child.problems.length > 0) {
        ctx.say(
          `the ${server === relay ? 'relay' : 'upstream'} logged:\n${server.child.problems.join('\n')}`,
        );
      }
    }
  } finally {
    upstreamHolds.close();
    if (relay !== undefined) await ctx.children.stop(relay.child);
    await ctx.children.stop(upstream.child);
  }
  const warmups = WARMUP_CALLS * batchSize;
  return {
    batchSize,
    warmupCalls: WARMUP_CALLS,
    workplaces: options.loadWorkplaces,
    day,
    ingest,
    forwarding,
    stored: {
      upstream: countRegistrations(upstreamDatabase).presences,
      upstreamExpected: ingest.registrations + forwarding.registrations + 2 * warmups,
      relay: countRegistrations(relayDatabase).presences,
      relayExpected: forwarding.registrations + warmups,
    },
    pids,
  };
}

/** Replies that were not what was expected, counted across runs. */
interface Checks {
  problems: number;
  examples: string[];
}

function note(checks: Checks, problem: string | undefined): void {
  if (problem === undefined) return;
  checks.problems += 1;
  if (checks.examples.length < EXAMPLES) checks.examples.push(problem);
}

/** A run of calls one at a time: its figures, each call's latency, and what signing one call took. */
interface TimedCalls {
  readonly run: UpstreamIngestRun;
  readonly latencies: number[];
  readonly signMs: number;
}

/** (u): `calls` signed `registerPresences` calls of `batchSize` new items, signed first, then sent one at a time. */
async function ingestUpstream(
  url: string,
  factory: PresenceFactory,
  signer: SoapSigner,
  calls: number,
  batchSize: number,
  checks: Checks,
): Promise<TimedCalls> {
  const signing = performance.now();
  const prepared = prepareSoapSigner(signer);
  const bodies = Array.from({ length: calls }, () =>
    signSoapEnvelope(registerEnvelope(factory.batch(batchSize)), prepared, { now: new Date() }),
  );
  const signMs = (performance.now() - signing) / calls;
  const client = new Client(url, { pipelining: 1 });
  const latencies: number[] = [];
  const started = performance.now();
  try {
    for (const body of bodies) {
      const sent = performance.now();
      const response = await client.request({
        path: SOAP_PATH,
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
        body,
      });
      const text = await response.body.text();
      latencies.push(performance.now() - sent);
      note(checks, soapRegistrationProblem(response.statusCode, text, batchSize));
    }
  } finally {
    await client.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const registrations = calls * batchSize;
  return { run: { registrations, seconds, perSecond: registrations / seconds }, latencies, signMs };
}

/** What `GET /api/v1/upstream` says, as far as the bench reads it. */
interface UpstreamStatusReply {
  readonly counts?: { readonly byStatus?: Readonly<Record<string, number>> };
  readonly answering?: { readonly answering?: boolean; readonly lastError?: string };
}

/** A relay to register on, its keys, and how many presences its upstream holds. */
interface RelayUnderTest {
  readonly relay: BenchServer;
  /** A company's key, to register. */
  readonly key: string;
  /** An administrator's key, to read `GET /api/v1/upstream`. */
  readonly admin: string;
  readonly upstreamHolds: { readonly count: () => number };
}

/**
 * (r): registers `calls` batches on the relay, one request at a time on one connection (the bodies made first),
 * counts the upstream's presences until it holds them all (timed), then asks the relay how forwarding stands until
 * nothing it holds is pending upstream (`forwardedBefore`: the presences it had forwarded already).
 */
async function forwardThroughRelay(
  { relay, key, admin, upstreamHolds }: RelayUnderTest,
  factory: PresenceFactory,
  calls: number,
  batchSize: number,
  forwardedBefore: number,
): Promise<RelayForwardingFigures> {
  const registrations = calls * batchSize;
  const upstreamExpected = upstreamHolds.count() + registrations;
  const bodies = Array.from({ length: calls }, () => JSON.stringify({ presences: factory.batch(batchSize) }));
  const checks: Checks = { problems: 0, examples: [] };
  const latencies: number[] = [];
  const client = new Client(relay.url, { pipelining: 1 });
  let firstAcknowledged: number | undefined;
  let lastAcknowledged = 0;
  let forwarded: number;
  let status: UpstreamStatusReply;
  const deadline = Date.now() + FORWARDING_DEADLINE_MS;
  const pastDeadline = async (): Promise<void> => {
    if (Date.now() <= deadline) return;
    throw new Error(
      `the relay had not forwarded ${registrations} registrations within ${FORWARDING_DEADLINE_MS / 1000} s:` +
        ` ${JSON.stringify(await upstreamStatus(client, admin))}\n${relay.child.tail.join('\n')}`,
    );
  };
  try {
    for (const body of bodies) {
      const sent = performance.now();
      const response = await client.request({
        path: '/api/v1/presences',
        method: 'POST',
        headers: jsonHeaders(key),
        body,
      });
      const text = await response.body.text();
      lastAcknowledged = performance.now();
      firstAcknowledged ??= lastAcknowledged;
      latencies.push(lastAcknowledged - sent);
      note(checks, registrationProblem(response.statusCode, text, batchSize));
    }
    while (upstreamHolds.count() < upstreamExpected) {
      await pastDeadline();
      await sleep(COUNT_POLL_MS);
    }
    forwarded = performance.now();
    // The relay settles each call once answered: its outbox empties a moment later.
    for (;;) {
      status = await upstreamStatus(client, admin);
      const byStatus = status.counts?.byStatus ?? {};
      const counted = Object.values(byStatus).reduce((sum, n) => sum + n, 0);
      if (byStatus['PENDING'] === 0 && counted >= forwardedBefore + registrations) break;
      await pastDeadline();
      await sleep(STATUS_POLL_MS);
    }
  } finally {
    await client.close();
  }
  const started = firstAcknowledged ?? forwarded;
  const seconds = (forwarded - started) / 1000;
  const byStatus = status.counts?.byStatus ?? {};
  // Each presence is new and sent once: none is refused upstream, none withheld.
  for (const state of ['REFUSED', 'WITHHELD']) {
    const n = byStatus[state] ?? 0;
    if (n > 0) note(checks, `${n} presences ${state} upstream`);
  }
  return {
    registrations,
    seconds,
    perSecond: registrations / seconds,
    registeringSeconds: (lastAcknowledged - started) / 1000,
    registerLatency: summarise(latencies),
    byStatus,
    checkedDuring: (byStatus['VALIDATED'] ?? 0) + (byStatus['FAILED'] ?? 0),
    relayProblems: [...relay.child.problems],
    ...checks,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function upstreamStatus(client: Client, admin: string): Promise<UpstreamStatusReply> {
  const response = await client.request({
    path: '/api/v1/upstream',
    method: 'GET',
    headers: { authorization: `Bearer ${admin}` },
  });
  const text = await response.body.text();
  const reply = parseJson(text) as UpstreamStatusReply | undefined;
  if (response.statusCode !== 200 || reply === undefined) {
    throw new Error(`GET /api/v1/upstream: HTTP ${response.statusCode} ${text.slice(0, 300)}`);
  }
  return reply;
}

/** The bench sender's certificate and key as a relay reads them (`UPSTREAM_CERT`, `UPSTREAM_KEY`): owner-only. */
function signerFiles(root: string, folder: string): { certificate: string; privateKey: string } {
  const certificate = join(folder, 'sender.cert.pem');
  const privateKey = join(folder, 'sender.key.pem');
  copyFileSync(join(root, 'test/fixtures/soap/sender.cert.pem'), certificate);
  copyFileSync(join(root, 'test/fixtures/soap/sender.key.pem'), privateKey);
  chmodSync(certificate, 0o600);
  chmodSync(privateKey, 0o600);
  return { certificate, privateKey };
}
