import { brusselsDate } from '../domain/calendar-date.js';
import { workerKey } from '../domain/worker.js';
import { locateOutage } from './failure.js';
import type { Capture, Journal, SendResult } from './journal.js';
import type { Prober, RegistryClient, RegistryItem } from './registry-client.js';

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
 * the capture's day; captures whose day is over before they could be sent are held for the emergency procedure.
 */
export class Forwarder {
  private failuresInARow = 0;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly deps: ForwarderDeps,
    private readonly options: ForwarderOptions = DEFAULT_FORWARDER_OPTIONS,
  ) {}

  /** Sends one batch, if there is one. */
  async round(): Promise<RoundOutcome> {
    const { journal, registry, clock } = this.deps;
    const now = clock.now();
    const today = brusselsDate(now);
    await journal.holdBefore(today, now.toISOString());
    const batch = await journal.pending(today, this.options.batchSize);
    if (batch.length === 0) return { kind: 'IDLE' };

    const started = Date.now();
    const reply = await registry.register(batch.map(toItem));
    const at = clock.now().toISOString();
    if (reply.kind === 'FAILED') {
      const probe = await this.deps.prober.probe();
      await journal.recordAttempt({
        at,
        outcome: 'FAILED',
        captures: batch.length,
        failureClass: reply.failure.class,
        detail: reply.failure.detail,
        probe,
        location: locateOutage(reply.failure, probe),
        durationMs: Date.now() - started,
      });
      this.failuresInARow += 1;
      return { kind: 'FAILED', waitMs: this.backoff(reply.failure.retryAfterMs) };
    }
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
    await journal.settle(results, at);
    await journal.recordAttempt({
      at,
      outcome: 'OK',
      captures: batch.length,
      durationMs: Date.now() - started,
    });
    this.failuresInARow = 0;
    return {
      kind: 'SENT',
      sent: results.filter((r) => r.outcome === 'SENT').length,
      rejected: results.filter((r) => r.outcome === 'REJECTED').length,
      held: results.filter((r) => r.outcome === 'HELD').length,
    };
  }

  /** Sends rounds until `signal` aborts: at once while there is more, after a backoff when failing. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let outcome: RoundOutcome;
      try {
        outcome = await this.round();
      } catch {
        // The journal itself failed (disk full, say): wait as after a failure, and try again.
        this.failuresInARow += 1;
        outcome = { kind: 'FAILED', waitMs: this.backoff(undefined) };
      }
      if (outcome.kind === 'SENT') continue;
      await this.sleep(
        outcome.kind === 'IDLE' ? this.options.idleMs : outcome.waitMs,
        signal,
        outcome.kind === 'IDLE',
      );
    }
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
