import { brusselsDate } from '../domain/calendar-date.js';
import type { DomainError } from '../domain/errors.js';
import { workerKey } from '../domain/worker.js';
import { endsWhenAnswering, locateOutage, type ClassifiedFailure } from './failure.js';
import type { Attempt, AttemptLog } from './attempt-log.js';
import type { Capture, CaptureJournal, SendResult } from './capture-journal.js';
import type { Prober } from './prober.js';
import { refusalOf, refusesAsTooLarge, refusesData, refusesItems } from './registry-refusal.js';
import type { ItemReply, RegisterReply, RegistryClient, RegistryItem } from './registry-client.js';
import type { RegistryStatus } from './registry-status.js';

/**
 * What the forwarder needs: the journal of captures, the log of attempts, the registry and its status, the probe,
 * the clock, and randomness for jitter.
 */
export interface ForwarderDeps {
  readonly journal: CaptureJournal;
  readonly attemptLog: AttemptLog;
  readonly registry: RegistryClient;
  /** Asked while waiting after a failure that got no answer from the registry: its answer ends the wait. */
  readonly status: RegistryStatus;
  readonly prober: Prober;
  readonly clock: { now(): Date };
  /** A number in [0, 1), for the jitter of the backoff. */
  readonly random: () => number;
}

/** How the forwarder paces itself. */
export interface ForwarderOptions {
  /** Registrations per batch: the registry takes up to 200. */
  readonly batchSize: number;
  /**
   * The first wait after a failure; each failure in a row doubles it, up to `maxBackoffMs`. A failure that a
   * person most likely has to act on first (the key refused, TLS, a bad reply) waits `maxBackoffMs` at once.
   */
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  /** How often to look for new captures when there is nothing to send (a capture in this process wakes it). */
  readonly idleMs: number;
  /**
   * How long a batch size halved because the registry found a batch too large (413) holds before it doubles
   * again, one step at a time up to `batchSize`. 10 minutes when not given.
   */
  readonly shrinkHoldMs?: number;
  /**
   * While waiting after a failure that got no answer from the registry (see `endsWhenAnswering`), how often to
   * ask whether it answers again (its status; a quarter more or less, at random, so that the agents of many
   * sites do not ask at the same instant): an answer ends the wait, and the next round sends. One question at a
   * time. 1 second when not given.
   */
  readonly statusCheckMs?: number;
  /**
   * Batches of the journal out at once, at most: with 2, the next is out while the registry answers the one
   * before. 2 when not given; the registry client keeps as many connections.
   */
  readonly batchesInFlight?: number;
}

/** {@link ForwarderOptions.shrinkHoldMs} when not given. */
const SHRINK_HOLD_MS = 600_000;
/** {@link ForwarderOptions.statusCheckMs} when not given. */
export const STATUS_CHECK_MS = 1_000;
/** {@link ForwarderOptions.batchesInFlight} when not given. */
export const BATCHES_IN_FLIGHT = 2;

export const DEFAULT_FORWARDER_OPTIONS: ForwarderOptions = {
  batchSize: 200,
  minBackoffMs: 1_000,
  maxBackoffMs: 60_000,
  idleMs: 1_000,
  shrinkHoldMs: SHRINK_HOLD_MS,
  statusCheckMs: STATUS_CHECK_MS,
  batchesInFlight: BATCHES_IN_FLIGHT,
};

/**
 * What one round did. `SENT`: the registry answered for the batch's items, each now sent, rejected, held, or
 * kept pending (no result for it, or the registry's own trouble): those are sent again later. `SPLIT`: the
 * registry refused the batch as a whole for the data of some capture in it, or as too large: it is sent again in
 * halves, at once. `FAILED`: nothing was settled; the wait before the next try, and whether the registry
 * answering again (its status) ends that wait sooner.
 */
export type RoundOutcome =
  | { readonly kind: 'IDLE' }
  | {
      readonly kind: 'SENT';
      readonly sent: number;
      readonly rejected: number;
      readonly held: number;
      readonly kept: number;
    }
  | { readonly kind: 'SPLIT'; readonly captures: number }
  | { readonly kind: 'FAILED'; readonly waitMs: number; readonly endsWhenAnswering: boolean };

/** A batch to send: read from the journal, or a part of a batch the registry refused as a whole. */
interface Batch {
  readonly captures: readonly Capture[];
  readonly part: boolean;
}

/** A batch sent, and the registry's reply to come. */
interface Outgoing {
  readonly batch: Batch;
  /** When it was sent (ms since the epoch), for the attempt's duration. */
  readonly started: number;
  readonly reply: Promise<RegisterReply>;
}

/** The least spread of the jitter added to a Retry-After; 10% of it when that is more. */
const RETRY_AFTER_JITTER_MS = 1_000;

/**
 * Sends the journal's pending captures to the registry, a batch at a time, each with its own clientReference
 * (so that a batch sent again after a crash or a lost reply registers nothing twice), and records every receipt,
 * every refusal and every failed attempt with its class and what the probe said. The day of a registration is
 * the capture's day. A capture of a day already over is sent too: the registry returns what it registered before
 * (a reply lost at midnight), or refuses the past day — and the capture is then held for the emergency procedure.
 *
 * One bad capture never blocks the others: when the registry refuses a batch as a whole for the data of a
 * capture in it, the batch is sent again in halves, down to the capture, which is rejected with the registry's
 * reason; when it refuses a batch as too large (413), smaller batches are sent for a while. A capture the
 * registry answers for with its own trouble (INTERNAL, STORE_UNAVAILABLE), or any reason that is not its data
 * (see {@link refusesData}), or not at all, stays pending.
 */
export class Forwarder {
  private failuresInARow = 0;
  private wakeUp: (() => void) | undefined;
  /** Parts of batches refused as a whole, to send before reading on in the journal: the next on top. */
  private parts: (readonly Capture[])[] = [];
  /** The batch size now: less than `batchSize` for a while after a 413. */
  private size: number;
  /** When the batch size was last cut or grown back (ms since the epoch, by the clock). */
  private sizedAt = 0;
  /** Captures left pending by the registry's answers since the journal was last read to its end. */
  private kept = 0;

  constructor(
    private readonly deps: ForwarderDeps,
    private readonly options: ForwarderOptions = DEFAULT_FORWARDER_OPTIONS,
  ) {
    this.size = options.batchSize;
  }

  /** Sends one batch, if there is one, and records what became of it before returning. */
  async round(): Promise<RoundOutcome> {
    const batch = await this.next(undefined);
    if (batch.captures.length === 0) return { kind: 'IDLE' };
    const started = Date.now();
    const reply = await this.deps.registry.register(batch.captures.map(toItem));
    return reply.kind === 'RESULTS'
      ? this.settle(batch.captures, reply.results, started)
      : this.refusedOrFailed(batch, reply, started);
  }

  /**
   * Sends rounds until `signal` aborts: at once while there is more, after a backoff when failing. Up to
   * `batchesInFlight` batches of the journal are out at once, each read after the last one sent: while one is
   * out, the answer to the one before is written to the journal and the next is read and sent, so that the
   * registry, the line and the disk work at the same time. No capture is in two batches out at once, and the
   * journal is read again from its start only once every batch out is answered and its answer written. (Should
   * the agent stop in between, a batch is sent again, and the registry answers with the presences it already
   * has: nothing twice.) A part of a batch refused as a whole goes out alone. Captures the registry left pending
   * are sent again once the journal is read to its end, after a backoff. The wait after a failure that got no
   * answer from the registry ends as soon as its status answers again (asked about every second): sending
   * resumes at once after an outage.
   */
  async run(signal: AbortSignal): Promise<void> {
    const depth = Math.max(1, this.options.batchesInFlight ?? BATCHES_IN_FLIGHT);
    /** The batches out, the oldest first. */
    const out: Outgoing[] = [];
    /** Answers being written to the journal. */
    let writing: Promise<unknown>[] = [];
    /** The last capture of the journal sent: the next batch is read after it. */
    let after: number | undefined;
    /** Waits for every batch out (their answers written, a failure among them left for later) and every write. */
    const landed = async (): Promise<void> => {
      for (const sent of out.splice(0)) {
        const reply = await sent.reply;
        if (reply.kind === 'RESULTS')
          writing.push(this.settle(sent.batch.captures, reply.results, sent.started));
        else await this.refusedOrFailed(sent.batch, reply, sent.started);
      }
      const writes = writing;
      writing = [];
      await Promise.all(writes);
    };
    while (!signal.aborted) {
      try {
        // Send while there is room: a part of a refused batch alone, the journal's batches side by side.
        while (out.length < depth && (out.length === 0 || this.parts.length === 0)) {
          const batch = await this.next(after);
          if (batch.captures.length === 0) break;
          if (!batch.part) after = batch.captures.at(-1)?.sequence;
          out.push({
            batch,
            started: Date.now(),
            reply: this.deps.registry.register(batch.captures.map(toItem)),
          });
          // Let the request go out before the journal's work takes the thread (a write's sync to disk blocks it).
          await new Promise((resolve) => setImmediate(resolve));
        }
        const oldest = out.shift();
        if (oldest === undefined) {
          const wrote = writing.length > 0;
          await landed();
          after = undefined;
          if (this.kept > 0) {
            this.kept = 0;
            this.failuresInARow += 1;
            await this.sleep(this.backoff(undefined), signal, false);
          } else if (!wrote) await this.sleep(this.options.idleMs, signal, true);
          continue;
        }
        const reply = await oldest.reply;
        if (reply.kind === 'RESULTS') {
          writing.push(this.settle(oldest.batch.captures, reply.results, oldest.started));
          continue;
        }
        const outcome = await this.refusedOrFailed(oldest.batch, reply, oldest.started);
        if (outcome.kind !== 'FAILED') continue;
        // Read the journal again from its start, once the batches still out are answered: the failed one with it.
        await landed();
        after = undefined;
        await this.sleep(outcome.waitMs, signal, false, outcome.endsWhenAnswering);
      } catch {
        // The journal itself failed (disk full, say): wait as after a failure, and read it again from the start.
        await landed().catch(() => undefined);
        after = undefined;
        this.parts = [];
        this.failuresInARow += 1;
        await this.sleep(this.backoff(undefined), signal, false);
      }
    }
    await landed();
  }

  /** Wakes an idle forwarder: a capture was just journaled. */
  wake(): void {
    this.wakeUp?.();
  }

  /** The next part of a batch refused as a whole, or the next pending captures of the journal after `after`. */
  private async next(after: number | undefined): Promise<Batch> {
    const part = this.parts.pop();
    if (part !== undefined) return { captures: part, part: true };
    const today = brusselsDate(this.deps.clock.now());
    return { captures: await this.deps.journal.pending(today, this.batchSize(), after), part: false };
  }

  /** The batch size now: after a 413 it holds a while, then doubles a step at a time back to `batchSize`. */
  private batchSize(): number {
    const { batchSize, shrinkHoldMs = SHRINK_HOLD_MS } = this.options;
    const now = this.deps.clock.now().getTime();
    if (this.size < batchSize && now - this.sizedAt >= shrinkHoldMs) {
      this.size = Math.min(batchSize, this.size * 2);
      this.sizedAt = now;
    }
    return this.size;
  }

  /**
   * A batch that got no results. Refused as a whole for the data of a capture in it, or as too large: sent again
   * in halves (a batch too large also makes the next ones smaller); a capture alone refused for its data is
   * rejected (or held, its day over) with the registry's reason. Anything else is a failure, recorded, and the
   * batch is sent again after a wait.
   */
  private async refusedOrFailed(
    batch: Batch,
    reply: Extract<RegisterReply, { kind: 'FAILED' }>,
    started: number,
  ): Promise<RoundOutcome> {
    const { failure, errors } = reply;
    const { captures } = batch;
    if (failure.class === 'REQUEST_REFUSED') {
      const tooLarge = refusesAsTooLarge(failure, errors);
      const [only] = captures;
      if (captures.length > 1 && (tooLarge || refusesItems(errors))) {
        if (tooLarge) {
          this.size = Math.min(this.size, Math.ceil(captures.length / 2));
          this.sizedAt = this.deps.clock.now().getTime();
        }
        return this.split(captures, failure, started);
      }
      if (only !== undefined && captures.length === 1 && !tooLarge && refusesItems(errors))
        return this.settleRefused(only, errors, failure, started);
    }
    const outcome = await this.failed(captures, failure, started);
    if (batch.part) this.parts.push(captures);
    return outcome;
  }

  /** Records a failed attempt with its class and what the probe says; the wait before the next. */
  private async failed(
    captures: readonly Capture[],
    failure: ClassifiedFailure,
    started: number,
  ): Promise<RoundOutcome> {
    const probe = await this.deps.prober.probe();
    await this.deps.attemptLog.recordAttempt({
      at: this.deps.clock.now().toISOString(),
      outcome: 'FAILED',
      captures: captures.length,
      failureClass: failure.class,
      detail: failure.detail,
      probe,
      location: locateOutage(failure, probe),
      durationMs: Date.now() - started,
    });
    this.failuresInARow += 1;
    return { kind: 'FAILED', waitMs: this.backoff(failure), endsWhenAnswering: endsWhenAnswering(failure) };
  }

  /** Records the refusal of a whole batch, and puts its halves first in line, the first half on top. */
  private async split(
    captures: readonly Capture[],
    failure: ClassifiedFailure,
    started: number,
  ): Promise<RoundOutcome> {
    await this.deps.attemptLog.recordAttempt({
      ...refusalAttempt(captures.length, failure, started),
      at: this.deps.clock.now().toISOString(),
    });
    const half = Math.ceil(captures.length / 2);
    this.parts.push(captures.slice(half), captures.slice(0, half));
    return { kind: 'SPLIT', captures: captures.length };
  }

  /** A capture the registry refused alone, as a whole, for its data: rejected (or held) with the attempt. */
  private async settleRefused(
    capture: Capture,
    errors: readonly DomainError[],
    failure: ClassifiedFailure,
    started: number,
  ): Promise<RoundOutcome> {
    const at = this.deps.clock.now().toISOString();
    const result = refusalOf(capture.sequence, errors);
    await this.deps.journal.settle([result], at, { ...refusalAttempt(1, failure, started), at });
    return {
      kind: 'SENT',
      sent: 0,
      rejected: result.outcome === 'REJECTED' ? 1 : 0,
      held: result.outcome === 'HELD' ? 1 : 0,
      kept: 0,
    };
  }

  /**
   * Records the receipts, refusals and holds of a batch sent, with the attempt, in one write. A capture without
   * a result, or refused for the registry's own trouble rather than its data, is left out: it stays pending.
   */
  private async settle(
    captures: readonly Capture[],
    replies: readonly (ItemReply | undefined)[],
    started: number,
  ): Promise<RoundOutcome> {
    const at = this.deps.clock.now().toISOString();
    const results: SendResult[] = [];
    let sent = 0;
    let rejected = 0;
    let held = 0;
    for (const [i, capture] of captures.entries()) {
      const item = replies[i];
      if (item === undefined) continue;
      if (item.status === 'REGISTERED') {
        results.push({
          sequence: capture.sequence,
          outcome: 'SENT',
          receiptNumber: item.presence.receiptNumber,
          presenceId: item.presence.id,
          duplicate: item.duplicate,
        });
        sent += 1;
      } else if (refusesData(item.errors)) {
        const result = refusalOf(capture.sequence, item.errors);
        results.push(result);
        if (result.outcome === 'HELD') held += 1;
        else rejected += 1;
      }
    }
    const kept = captures.length - results.length;
    this.kept += kept;
    if (kept === 0) this.failuresInARow = 0;
    await this.deps.journal.settle(results, at, {
      at,
      outcome: 'OK',
      captures: captures.length,
      durationMs: Date.now() - started,
    });
    return { kind: 'SENT', sent, rejected, held, kept };
  }

  /**
   * Full jitter: a random wait between half the step and the step. The step doubles with each failure in a row
   * from `minBackoffMs`, or is `maxBackoffMs` at once for a failure to retry slowly (or not as it is). When the
   * registry asked for a wait with Retry-After, at least that, plus up to a tenth more (a second at least), so
   * that the agents it turned away do not all come back at the same instant.
   */
  private backoff(failure: ClassifiedFailure | undefined): number {
    const { minBackoffMs, maxBackoffMs } = this.options;
    const slow = failure !== undefined && (!failure.retryable || failure.pace === 'SLOW');
    const step = slow ? maxBackoffMs : Math.min(maxBackoffMs, minBackoffMs * 2 ** (this.failuresInARow - 1));
    const jittered = step / 2 + this.deps.random() * (step / 2);
    const asked = failure?.retryAfterMs;
    if (asked === undefined) return jittered;
    const spread = Math.max(RETRY_AFTER_JITTER_MS, asked / 10);
    return Math.max(jittered, asked + this.deps.random() * spread);
  }

  /**
   * Waits `ms`, or less: until `signal` aborts; when `wakeable`, until {@link wake}; when `untilAnswering`, until
   * the registry's status answers.
   */
  private sleep(ms: number, signal: AbortSignal, wakeable: boolean, untilAnswering = false): Promise<void> {
    return new Promise((resolve) => {
      const over = new AbortController();
      const done = (): void => {
        if (over.signal.aborted) return;
        over.abort();
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      if (signal.aborted) done();
      if (wakeable) this.wakeUp = done;
      if (untilAnswering) void this.untilAnswering(over.signal).then(done);
    });
  }

  /**
   * Resolves once the registry's status answers, or `over` aborts. It is asked about every `statusCheckMs`,
   * jittered, and never again before the last question has its answer (or its short timeout).
   */
  private async untilAnswering(over: AbortSignal): Promise<void> {
    const every = this.options.statusCheckMs ?? STATUS_CHECK_MS;
    for (;;) {
      await pause(every * (0.75 + this.deps.random() / 2), over);
      if (over.aborted || (await this.deps.status.answers(over))) return;
    }
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The attempt of a batch the registry refused as a whole (the registry answered: no probe). */
function refusalAttempt(captures: number, failure: ClassifiedFailure, started: number): Omit<Attempt, 'at'> {
  return {
    outcome: 'FAILED',
    captures,
    failureClass: failure.class,
    detail: failure.detail,
    location: failure.side,
    durationMs: Date.now() - started,
  };
}

/** A capture as the registry's API takes it: the capture's day, its clientReference. */
function toItem(capture: Capture): RegistryItem {
  if (capture.worker === undefined || capture.employer === undefined)
    throw new Error(`capture ${capture.sequence} is not resolved`);
  const key = workerKey(capture.worker);
  return {
    workplaceId: capture.workplaceId,
    registrationDate: capture.day,
    worker: key.kind === 'NISS' ? { niss: key.id } : { limosaId: key.id },
    employer: capture.employer,
    clientReference: capture.clientReference,
  };
}
