import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AgentSettings } from '../src/agent/agent-settings.js';
import { captureAtGate } from '../src/agent/capture.js';
import { DEFAULT_FORWARDER_OPTIONS, Forwarder } from '../src/agent/forwarder.js';
import { HttpProber } from '../src/agent/http-client/http-prober.js';
import { HttpRegistryClient } from '../src/agent/http-client/http-registry-client.js';
import { HttpRegistryStatus } from '../src/agent/http-client/http-registry-status.js';
import type { RegisterReply, RegistryItem } from '../src/agent/registry-client.js';
import { openSqliteJournal } from '../src/agent/sqlite/sqlite-journal.js';
import { createCryptoRandom } from '../src/system/crypto-random.js';
import { systemClock } from '../src/system/system-clock.js';
import { nissFor } from './niss.js';
import type { BenchContext } from './phases.js';
import { startRegistry, type BenchServer } from './servers.js';

/** (j): how soon the Forwarder sends again once the registry, stopped a while, answers again. */
export interface ResumeFigures {
  /** Rounds that failed in a row while the registry was stopped. */
  readonly failedRounds: number;
  /** The backoff's step when the registry came back: its wait was a random time between half this and this. */
  readonly backoffStepS: number;
  /** From the registry's status answering again to the first capture acknowledged by it. */
  readonly seconds: number;
  /** Captures sent once it was back (all of them, or the bench says so). */
  readonly sent: number;
  readonly captures: number;
}

/** Failed rounds before the registry is started again: the backoff's step is 8 s by then. */
const FAILED_ROUNDS = 4;
/** Captures waiting in the journal: one batch. */
const CAPTURES = 200;
/** How long the bench waits for each step before it gives up. */
const STEP_DEADLINE_MS = 120_000;

/**
 * (j): a journal with a batch of captures, the registry stopped, the Forwarder run as `agent run` runs it (its
 * default backoff and status checks) until it has failed {@link FAILED_ROUNDS} rounds in a row, then the
 * registry started again on the same port and database; timed from its status answering (as the bench sees it,
 * looking every 50 ms) to the first batch it acknowledged.
 */
export async function measureResume(
  ctx: BenchContext,
  registry: { readonly server: BenchServer; readonly database: string },
  settings: AgentSettings,
): Promise<ResumeFigures> {
  const journal = openSqliteJournal(join(ctx.work, 'agent-resume', 'agent.db'));
  const stop = new AbortController();
  let running: Promise<void> | undefined;
  try {
    const random = createCryptoRandom();
    const deps = { journal, roster: journal, clock: systemClock, random };
    for (let n = 0; n < CAPTURES; n += 1) {
      const captured = await captureAtGate(deps, settings, { raw: nissFor(n), source: 'READER' });
      if (!captured.ok) throw new Error(`capture refused: ${captured.error.message}`);
    }
    await ctx.children.stop(registry.server.child);

    let failed = 0;
    let acknowledgedAt: number | undefined;
    const client = new HttpRegistryClient(settings.registryUrl, settings.key);
    const forwarder = new Forwarder(
      {
        journal,
        attemptLog: journal,
        registry: {
          register: async (items: readonly RegistryItem[]): Promise<RegisterReply> => {
            const reply = await client.register(items);
            if (reply.kind === 'FAILED') failed += 1;
            else acknowledgedAt ??= performance.now();
            return reply;
          },
        },
        status: new HttpRegistryStatus(settings.registryUrl),
        prober: new HttpProber(settings.probeUrl),
        clock: systemClock,
        random: () => (random.bytes(1)[0] ?? 0) / 256,
      },
      DEFAULT_FORWARDER_OPTIONS,
    );
    ctx.say(`(j) the registry stopped: the Forwarder fails ${FAILED_ROUNDS} rounds in a row…`);
    running = forwarder.run(stop.signal);
    await until(() => failed >= FAILED_ROUNDS, 'failed rounds');
    const failedRounds = failed;
    const { minBackoffMs, maxBackoffMs } = DEFAULT_FORWARDER_OPTIONS;
    const backoffStepS = Math.min(maxBackoffMs, minBackoffMs * 2 ** (failedRounds - 1)) / 1000;
    ctx.say(
      `(j) the registry starts again on its port (the Forwarder's wait: ${backoffStepS / 2}–${backoffStepS} s)…`,
    );
    const port = Number(new URL(registry.server.url).port);
    const server = await startRegistry(ctx.children, ctx.root, registry.database, {}, port);
    const answering = performance.now();
    try {
      await until(() => acknowledgedAt !== undefined, 'the first batch acknowledged');
      await until(async () => (await journal.summary()).counts.PENDING === 0, 'every capture sent');
    } finally {
      stop.abort();
      await running;
      running = undefined;
      await client.close();
      await ctx.children.stop(server.child);
    }
    const seconds = Math.max(0, ((acknowledgedAt ?? answering) - answering) / 1000);
    ctx.say(`    sent again ${seconds.toFixed(2)} s after the registry answered`);
    const { counts } = await journal.summary();
    return { failedRounds, backoffStepS, seconds, sent: counts.SENT, captures: CAPTURES };
  } finally {
    stop.abort();
    await running;
    await journal.close();
  }
}

async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + STEP_DEADLINE_MS;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`(j) gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
