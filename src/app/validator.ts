import type { AppDeps } from './app-deps.js';
import { BackgroundWork } from './background-work.js';
import { checkDuePresences, CHECKS_PER_ROUND } from './validate-presences.js';

/** How a running server's checks are paced, and where their failures are told. */
export interface ValidatorOptions {
  /** How long to wait, once nothing is due (or after a failure), before looking again. */
  readonly intervalMs: number;
  readonly onError: (error: unknown) => void;
  /** Told after each round that checked something, with how many. */
  readonly onChecked?: (count: number) => void;
}

/**
 * While presences keep coming, a round of checks is followed by a pause of this many times its own length: the
 * checks take at most a fifth of the server's time under load, and catch up when it eases.
 */
const PAUSE_PER_ROUND_TIME = 4;

/**
 * The checks of a running server, off the request path: rounds of {@link checkDuePresences} while presences are
 * due (paced, so that registrations keep the server's time under load), then a wait. What is due is in the
 * database, so a server that dies loses no check: it (or another instance) takes the presences again once their
 * lease ends.
 */
export class Validator {
  private readonly work = new BackgroundWork(() => this.rounds());

  constructor(
    private readonly deps: Pick<AppDeps, 'store' | 'clock'>,
    private readonly options: ValidatorOptions,
  ) {}

  start(): void {
    this.work.start();
  }

  /** Stops looking; resolves once the round under way is recorded. */
  stop(): Promise<void> {
    return this.work.stop();
  }

  /** Rounds while presences are due; resolves to the wait before looking again. */
  private async rounds(): Promise<number> {
    try {
      for (;;) {
        if (this.work.stopping) break;
        const started = performance.now();
        const checked = await checkDuePresences(this.deps, CHECKS_PER_ROUND);
        if (checked > 0) this.options.onChecked?.(checked);
        if (checked < CHECKS_PER_ROUND) break;
        const took = performance.now() - started;
        await new Promise((resolve) => setTimeout(resolve, took * PAUSE_PER_ROUND_TIME));
      }
    } catch (error) {
      this.options.onError(error);
    }
    return this.options.intervalMs;
  }
}
