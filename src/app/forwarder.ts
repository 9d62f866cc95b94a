import { backoffMs } from '../domain/upstream.js';
import { forwardRound, FORWARDS_PER_ROUND, type RelayDeps, type RoundOutcome } from './relay.js';

/** How a running relay's forwarding is paced, and where its failures are told. */
export interface ForwarderOptions {
  /** How long to wait, once the outbox has nothing due, before looking again. */
  readonly intervalMs: number;
  /** A number in [0, 1) for the jitter of the waits after failures. */
  readonly random: () => number;
  readonly onError: (error: unknown) => void;
  /** Told after each round that took something. */
  readonly onRound?: (outcome: RoundOutcome) => void;
}

/**
 * The forwarding of a running relay, off the request path: rounds of {@link forwardRound} while the outbox has
 * presences due, then a wait. When the upstream does not answer, the waits grow (1 s doubling to 60 s, with
 * jitter) until it answers again. What is due is in the database: a relay that dies loses nothing, and several
 * instances share the outbox.
 */
export class Forwarder {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly deps: RelayDeps,
    private readonly options: ForwarderOptions,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Stops forwarding; resolves once the round under way is settled. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Looks at the outbox now rather than at the end of the wait (new presences were registered, say). */
  wake(): void {
    if (this.running === undefined && this.failures === 0) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.rounds().finally(() => {
        this.running = undefined;
      });
    }, ms);
    this.timer.unref();
  }

  private async rounds(): Promise<void> {
    let wait = this.options.intervalMs;
    try {
      for (;;) {
        if (this.stopped) return;
        const outcome = await forwardRound(this.deps);
        if (outcome.taken > 0) this.options.onRound?.(outcome);
        if (outcome.failure !== undefined) {
          this.failures += 1;
          wait = Math.max(backoffMs(this.failures, this.options.random()), outcome.failure.retryAfterMs ?? 0);
          break;
        }
        this.failures = 0;
        if (outcome.taken < FORWARDS_PER_ROUND) break;
      }
    } catch (error) {
      this.failures += 1;
      wait = backoffMs(this.failures, this.options.random());
      this.options.onError(error);
    }
    this.schedule(wait);
  }
}
