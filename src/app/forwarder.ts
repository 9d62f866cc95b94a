import { backoffMs } from '../domain/upstream.js';
import { BackgroundWork } from './background-work.js';
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
  private readonly work = new BackgroundWork(() => this.rounds());
  private failures = 0;

  constructor(
    private readonly deps: RelayDeps,
    private readonly options: ForwarderOptions,
  ) {}

  start(): void {
    this.work.start();
  }

  /** Stops forwarding; resolves once the round under way is settled. */
  stop(): Promise<void> {
    return this.work.stop();
  }

  /** Rounds while the outbox is full; resolves to the wait before looking again. */
  private async rounds(): Promise<number> {
    try {
      for (;;) {
        if (this.work.stopping) return this.options.intervalMs;
        const outcome = await forwardRound(this.deps);
        if (outcome.taken > 0) this.options.onRound?.(outcome);
        if (outcome.failure !== undefined) {
          this.failures += 1;
          return Math.max(backoffMs(this.failures, this.options.random()), outcome.failure.retryAfterMs ?? 0);
        }
        this.failures = 0;
        if (outcome.taken < FORWARDS_PER_ROUND) return this.options.intervalMs;
      }
    } catch (error) {
      this.failures += 1;
      this.options.onError(error);
      return backoffMs(this.failures, this.options.random());
    }
  }
}
