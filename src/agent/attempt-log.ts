/** One attempt to reach the registry, kept as the record of what failed and why. */
export interface Attempt {
  readonly at: string;
  readonly outcome: 'OK' | 'FAILED';
  /** How many captures the attempt carried. */
  readonly captures: number;
  readonly failureClass?: string;
  readonly detail?: string;
  /** What the probe of the second target said, when the registry could not be reached. */
  readonly probe?: 'REACHABLE' | 'UNREACHABLE' | 'NOT_CONFIGURED';
  /** Where the outage most likely is. */
  readonly location?: 'LINE' | 'REGISTRY' | 'AGENT' | 'UNKNOWN';
  readonly durationMs?: number;
}

/** The record of every attempt to reach the registry: the evidence of an outage, filed with the procedure. */
export interface AttemptLog {
  /** Records an attempt to reach the registry. */
  recordAttempt(attempt: Attempt): Promise<void>;
  /** The attempts between two instants, oldest first, at most `limit` (the evidence of an outage). */
  attempts(from: string, to: string, limit: number): Promise<Attempt[]>;
}
