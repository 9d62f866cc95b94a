import type { Database } from 'better-sqlite3';

interface Job {
  readonly work: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/**
 * Group commit for SQLite. Writes asked for during one turn of the event loop run together in one transaction
 * at the end of the turn, each in its own savepoint (one failing does not undo the others), and every promise
 * settles only after COMMIT — with `synchronous=FULL`, after the write-ahead log is on disk. One fsync then
 * serves all the requests of a turn instead of one each. When the transaction itself fails, every job of the
 * group is rejected and none is written: a reply never hides a write, nor reports one that did not happen.
 *
 * Shared by both programs: the registry's SQLite store and the site agent's journal commit through it.
 */
export class WriteBatcher {
  private queue: Job[] = [];
  private scheduled = false;
  private readonly runAll: (
    jobs: readonly Job[],
  ) => Array<{ ok: true; value: unknown } | { ok: false; error: unknown }>;

  constructor(private readonly db: Database) {
    const runOne = db.transaction((job: Job) => job.work());
    const all = db.transaction((jobs: readonly Job[]) =>
      jobs.map((job) => {
        try {
          return { ok: true as const, value: runOne(job) };
        } catch (error) {
          // Some failures (disk full, I/O error) make SQLite roll the whole transaction back: the jobs before were
          // undone too, and those after would run outside it. Then the whole group fails, and says so.
          if (!db.inTransaction) throw error;
          return { ok: false as const, error };
        }
      }),
    );
    // BEGIN IMMEDIATE: take the write lock at once, so that another process cannot make us fail half-way.
    this.runAll = (jobs) => all.immediate(jobs);
  }

  /** Runs `work` inside the next group transaction; resolves with its result once committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.flush();
        });
      }
    });
  }

  /** Waits until every write asked for so far is committed. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.scheduled) {
      await new Promise((resolve) => {
        setImmediate(resolve);
      });
    }
  }

  private flush(): void {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    let outcomes;
    try {
      outcomes = this.runAll(jobs);
    } catch (error) {
      // The transaction itself failed (disk full, I/O error): nothing of it was committed.
      for (const job of jobs) job.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => {
      const job = jobs[i];
      if (job === undefined) return;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}
