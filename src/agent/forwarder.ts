import { brusselsDate } from '../domain/calendar-date.js';
import { workerKey } from '../domain/worker.js';
import { locateOutage, type ClassifiedFailure } from './failure.js';
import type { Capture, Journal, SendResult } from './journal.js';
import type { ItemReply, Prober, RegistryClient, RegistryItem } from './registry-client.js';

/** What the forwarder needs: the journal, the registry, the probe, the clock, and randomness for jitter. */
export interface ForwarderDeps {
  readonly journal: Journal;
  readonly registry: RegistryClient;
  readonly prober: Prober;
  readonly clock: { now(): Date };
  /** A number in [0, 1), for the jitter of the backoff. */
  readonly random: () => number;
}

/** How the forwarder paces itself. */
export interface ForwarderOptions {
  /** Registrations per batch: the registry takes up to 200. */
  readonly batchSize: number;
  /** The first wait after a failure; each failure in a row doubles it, up to `maxBackoffMs`. */
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  /** How often to look for new captures when there is nothing to send (a capture in this process wakes it). */
  readonly idleMs: number;
}

export const DEFAULT_FORWARDER_OPTIONS: ForwarderOptions = {
  batchSize: 200,
  minBackoffMs: 1_000,
  maxBackoffMs: 60_000,
  idleMs: 1_000,
};

/** What one round did. */
export type RoundOutcome =
  | { readonly kind: 'IDLE' }
  | { readonly kind: 'SENT'; readonly sent: number; readonly rejected: number; readonly held: number }
  | { readonly kind: 'FAILED'; readonly waitMs: number };

/** Error codes that say a capture's day is over: it is held for the procedure, not rejected as bad data. */
const DAY_OVER = new Set(['DATE_IN_PAST']);

/**
 * Sends the journal's pending captures to the registry, a batch at a time, each with its own clientReference
 * (so that a batch sent again after a crash or a lost reply registers nothing twice), and records every receipt,
 * every refusal and every failed attempt with its class and what the probe said. The day of a registration is
 * the capture's day. A capture of a day already over is sent too: the registry returns what it registered before
 * (a reply lost at midnight), or refuses the past day — and the capture is then held for the emergency procedure.
 */
export class Forwarder {
  private failuresInARow = 0;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly deps: ForwarderDeps,
    private readonly options: ForwarderOptions = DEFAULT_FORWARDER_OPTIONS,
  ) {}

  /** Sends one batch, if there is one, and records what became of it before returning. */
  async round(): Promise<RoundOutcome> {
    const { journal, clock } = this.deps;
    const now = clock.now();
    const today = brusselsDate(now);
    const batch = await journal.pending(today, this.options.batchSize);
    if (batch.length === 0) return { kind: 'IDLE' };
    const started = Date.now();
    const reply = await this.deps.registry.register(batch.map(toItem));
    return reply.kind === 'FAILED'
      ? this.failed(batch, reply.failure, started)
      : this.settle(batch, reply, started);
  }

  /**
   * Sends rounds until `signal` aborts: at once while there is more, after a backoff when failing. While one
   * batch is out, the answer to the one before is written to the journal: the registry and the disk work at the
   * same time. (Should the agent stop in between, that batch is sent again, and the registry answers with the
   * presences it already has: nothing twice.)
   */
  async run(signal: AbortSignal): Promise<void> {
    const { journal, clock } = this.deps;
    let previous: Promise<unknown> | undefined;
    let after: number | undefined;
    while (!signal.aborted) {
      try {
        const now = clock.now();
        const today = brusselsDate(now);
        const batch = await journal.pending(today, this.options.batchSize, after);
        if (batch.length === 0) {
          after = undefined;
          if (previous !== undefined) {
            await previous;
            previous = undefined;
            continue;
          }
          await this.sleep(this.options.idleMs, signal, true);
          continue;
        }
        const started = Date.now();
        const sending = this.deps.registry.register(batch.map(toItem));
        if (previous !== undefined) {
          // Let the request go out before the journal's write takes the thread (its sync to disk blocks it).
          await new Promise((resolve) => setImmediate(resolve));
          await new Promise((resolve) => setImmediate(resolve));
          await previous;
          previous = undefined;
        }
        const reply = await sending;
        if (reply.kind === 'FAILED') {
          after = undefined;
          const outcome = await this.failed(batch, reply.failure, started);
          await this.sleep(outcome.waitMs, signal, false);
          continue;
        }
        previous = this.settle(batch, reply, started);
        after = batch.at(-1)?.sequence;
      } catch {
        // The journal itself failed (disk full, say): wait as after a failure, and try again.
        previous = undefined;
        after = undefined;
        this.failuresInARow += 1;
        await this.sleep(this.backoff(undefined), signal, false);
      }
    }
    await previous;
  }

  /** Records a failed attempt with its class and what the probe says; the wait before the next. */
  private async failed(
    batch: readonly Capture[],
    failure: ClassifiedFailure,
    started: number,
  ): Promise<{ readonly kind: 'FAILED'; readonly waitMs: number }> {
    const probe = await this.deps.prober.probe();
    await this.deps.journal.recordAttempt({
      at: this.deps.clock.now().toISOString(),
      outcome: 'FAILED',
      captures: batch.length,
      failureClass: failure.class,
      detail: failure.detail,
      probe,
      location: locateOutage(failure, probe),
      durationMs: Date.now() - started,
    });
    this.failuresInARow += 1;
    return { kind: 'FAILED', waitMs: this.backoff(failure.retryAfterMs) };
  }

  /** Records the receipts, refusals and holds of a batch sent, with the attempt, in one write. */
  private async settle(
    batch: readonly Capture[],
    reply: { readonly results: readonly ItemReply[] },
    started: number,
  ): Promise<RoundOutcome> {
    const at = this.deps.clock.now().toISOString();
    const results: SendResult[] = batch.map((capture, i): SendResult => {
      const item = reply.results[i];
      if (item === undefined)
        return {
          sequence: capture.sequence,
          outcome: 'REJECTED',
          errors: [{ code: 'INTERNAL', message: 'No result.' }],
        };
      if (item.status === 'REGISTERED')
        return {
          sequence: capture.sequence,
          outcome: 'SENT',
          receiptNumber: item.presence.receiptNumber,
          presenceId: item.presence.id,
          duplicate: item.duplicate,
        };
      const over = item.errors.some((e) => DAY_OVER.has(e.code));
      return { sequence: capture.sequence, outcome: over ? 'HELD' : 'REJECTED', errors: item.errors };
    });
    this.failuresInARow = 0;
    await this.deps.journal.settle(results, at, {
      at,
      outcome: 'OK',
      captures: batch.length,
      durationMs: Date.now() - started,
    });
    return {
      kind: 'SENT',
      sent: results.filter((r) => r.outcome === 'SENT').length,
      rejected: results.filter((r) => r.outcome === 'REJECTED').length,
      held: results.filter((r) => r.outcome === 'HELD').length,
    };
  }

  /** Wakes an idle forwarder: a capture was just journaled. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Full jitter: a random wait up to the exponential step, or what the registry asked for with Retry-After. */
  private backoff(retryAfterMs: number | undefined): number {
    const step = Math.min(
      this.options.maxBackoffMs,
      this.options.minBackoffMs * 2 ** (this.failuresInARow - 1),
    );
    const jittered = step / 2 + this.deps.random() * (step / 2);
    return Math.max(jittered, retryAfterMs ?? 0);
  }

  private sleep(ms: number, signal: AbortSignal, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      if (wakeable) this.wakeUp = done;
    });
  }
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
