import { performance } from 'node:perf_hooks';
import type { Attempt } from '../src/agent/attempt-log.js';
import type { Capture } from '../src/agent/capture-journal.js';
import type { RegisterReply, RegistryClient, RegistryItem } from '../src/agent/registry-client.js';
import { summarise, type LatencySummary } from './stats.js';

/** What the Forwarder does in one round, in order: each step is timed on its own. */
export const ROUND_STEPS = ['holdBefore', 'pending', 'register', 'settle', 'recordAttempt'] as const;
export type RoundStep = (typeof ROUND_STEPS)[number];

const JOURNAL_STEPS: ReadonlySet<PropertyKey> = new Set<RoundStep>([
  'holdBefore',
  'pending',
  'settle',
  'recordAttempt',
]);

/** How long each step of the rounds that sent a batch took, and the whole round. */
export interface RoundBreakdown {
  /** Rounds that had a batch to send (the last, empty one is not counted). */
  readonly rounds: number;
  readonly round: LatencySummary;
  readonly steps: Readonly<Record<RoundStep, LatencySummary>>;
  /** Attempts the Forwarder recorded as failed, with their class and detail (the first few). */
  readonly failedAttempts: number;
  readonly failures: readonly string[];
}

/**
 * Times the Forwarder's calls into its journal and registry client, round by round, from outside: a round
 * starts with `holdBefore` and ends with `recordAttempt`. Calls `onDrained` once `pending` has found nothing
 * and every batch sent is answered and its answer written (the Forwarder reads the next batch while one is out,
 * and writes an answer while the next is out: the first read that finds nothing comes before both).
 */
export class RoundTimer {
  private readonly times: Record<RoundStep, number[]> = {
    holdBefore: [],
    pending: [],
    register: [],
    settle: [],
    recordAttempt: [],
  };
  private readonly rounds: number[] = [];
  private roundStarted = 0;
  private lastRegisterStart: number | undefined;
  private failedAttempts = 0;
  private readonly failures: string[] = [];
  /** Batches out, and answers being written. */
  private inFlight = 0;
  /** Whether the last read of `pending` found nothing, and no batch sent since failed. */
  private foundNothing = false;
  /** When the journal was drained (performance.now()), if it has been: see the class. */
  drainedAt: number | undefined;

  constructor(private readonly onDrained: () => void) {}

  /** The journal as the Forwarder sees it: the same journal, its round's steps timed (whichever port calls them). */
  journal<T extends object>(inner: T): T {
    return new Proxy(inner, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || !JOURNAL_STEPS.has(property)) return value;
        const step = property as RoundStep;
        const method = value as (...args: unknown[]) => Promise<unknown>;
        return async (...args: unknown[]): Promise<unknown> => {
          const started = performance.now();
          if (step === 'holdBefore') this.roundStarted = started;
          if (step === 'settle') this.inFlight += 1;
          let result: unknown;
          try {
            result = await method.apply(target, args);
          } finally {
            if (step === 'settle') this.inFlight -= 1;
          }
          const ended = performance.now();
          if (step === 'settle') this.whenDrained(ended);
          if (step === 'pending') this.foundNothing = (result as Capture[]).length === 0;
          if (step === 'pending' && this.foundNothing) {
            // The empty round is not a round that sent anything: its steps are left out.
            this.times.holdBefore.pop();
            this.whenDrained(ended);
            return result;
          }
          this.times[step].push(ended - started);
          if (step === 'recordAttempt') {
            const attempt = args[0] as Attempt;
            if (attempt.outcome === 'FAILED') {
              this.failedAttempts += 1;
              if (this.failures.length < 5)
                this.failures.push(`${attempt.failureClass ?? '?'}: ${attempt.detail ?? ''}`);
            }
          }
          return result;
        };
      },
    });
  }

  /** The registry client as the Forwarder sees it: the same client, each batch sent timed. */
  registry(inner: RegistryClient): RegistryClient {
    return {
      register: async (items: readonly RegistryItem[]): Promise<RegisterReply> => {
        const started = performance.now();
        // The Forwarder overlaps a round's journal work with the next request: a round runs from one request
        // sent to the next.
        if (this.lastRegisterStart !== undefined) this.rounds.push(started - this.lastRegisterStart);
        this.lastRegisterStart = started;
        this.inFlight += 1;
        try {
          const reply = await inner.register(items);
          if (reply.kind === 'FAILED') this.foundNothing = false; // its captures are still to send
          return reply;
        } finally {
          this.inFlight -= 1;
          this.times.register.push(performance.now() - started);
        }
      },
    };
  }

  /** Calls `onDrained`, once, when nothing was found pending and nothing is in flight any more. */
  private whenDrained(at: number): void {
    if (!this.foundNothing || this.inFlight > 0 || this.drainedAt !== undefined) return;
    this.drainedAt = at;
    this.onDrained();
  }

  /** The rounds that had a batch to send (a failed one included), step by step. */
  breakdown(): RoundBreakdown {
    const steps = Object.fromEntries(
      ROUND_STEPS.map((step) => [step, summarise(this.times[step])]),
    ) as Record<RoundStep, LatencySummary>;
    return {
      rounds: this.rounds.length,
      round: summarise(this.rounds),
      steps,
      failedAttempts: this.failedAttempts,
      failures: this.failures,
    };
  }
}
