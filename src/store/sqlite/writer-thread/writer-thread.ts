import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { WriteBatcher } from '../../../shared/sqlite/write-batcher.js';
import {
  encodeArgs,
  FORWARDED_WRITES,
  uncarry,
  type ForwardedRepository,
  type Call,
  type FromWriter,
  type Reply,
  type ToWriter,
} from './messages.js';

interface Waiting {
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

/** Where the cache that the writer thread's writes invalidate lives. */
interface Invalidatable {
  invalidate(namespace: string, key?: string): void;
}

/**
 * The serving thread's end of the SQLite writer thread: it starts the thread (which opens, migrates and
 * checkpoints the database), sends it the writes of {@link FORWARDED_WRITES}, and settles each once its group
 * commit is on disk, after forgetting the cache entries it changed. While the serving thread writes itself
 * ({@link pause}), the writer thread starts no transaction.
 */
export class WriterThread {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private readonly pausedWaiters: (() => void)[] = [];
  private pauses = 0;
  private paused: Promise<void> | undefined;
  private cache: Invalidatable | undefined;
  private stopped: Error | undefined;
  private readonly exited: Promise<void>;
  /** The calls of this turn, sent together at its end. */
  private outgoing: Call[] = [];

  private constructor(private readonly worker: Worker) {
    this.exited = new Promise((resolve) => {
      worker.once('exit', () => {
        resolve();
      });
    });
    worker.on('message', (message: FromWriter) => {
      this.receive(message);
    });
    worker.on('error', (error) => {
      this.stop(error);
    });
    worker.once('exit', (code) => {
      this.stop(new Error(`The SQLite writer thread stopped (exit code ${code}).`));
    });
  }

  /** Starts the thread on the database at `path`; resolves once it has opened and migrated it. */
  static async start(
    path: string,
    backgroundCheckpoints: boolean,
  ): Promise<{ thread: WriterThread; applied: readonly string[] }> {
    const worker = startWorker({ path, backgroundCheckpoints });
    let onMessage: (message: FromWriter) => void = () => undefined;
    let onExit: (code: number) => void = () => undefined;
    const applied = await new Promise<readonly string[]>((resolve, reject) => {
      onMessage = (message) => {
        if (message.kind === 'READY') resolve(message.applied);
        else if (message.kind === 'FAILED_TO_OPEN') reject(uncarry(message.error));
      };
      onExit = (code) => {
        reject(new Error(`The SQLite writer thread exited (code ${code}) before it opened the database.`));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', onExit);
    }).finally(() => {
      // Only these: the worker's own listeners (which start and stop its port) must stay.
      worker.off('message', onMessage);
      worker.off('exit', onExit);
    });
    return { thread: new WriterThread(worker), applied };
  }

  /**
   * Makes `store`'s forwarded writes run on the thread, and forgets in `cache` what they change. The store's own
   * methods stay for everything else.
   */
  serve(store: object, cache: Invalidatable): void {
    this.cache = cache;
    const repositories = store as Record<ForwardedRepository, Record<string, unknown>>;
    for (const [repository, methods] of Object.entries(FORWARDED_WRITES) as [
      ForwardedRepository,
      readonly string[],
    ][]) {
      const target = repositories[repository];
      for (const method of methods) {
        target[method] = (...args: unknown[]) => this.call(repository, method, args);
      }
    }
  }

  /** Runs one repository method on the thread; settles once committed. */
  call(repository: ForwardedRepository, method: string, args: readonly unknown[]): Promise<unknown> {
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    const id = this.nextId;
    this.nextId += 1;
    let call: Call;
    try {
      call = { id, repository, method, args: encodeArgs(repository, method, args) };
    } catch (error) {
      // A value that cannot be carried to the thread (a function, say): a fault of the caller's, told as it is.
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.outgoing.push(call);
      if (this.outgoing.length === 1) {
        setImmediate(() => {
          const calls = this.outgoing;
          this.outgoing = [];
          this.worker.postMessage({ kind: 'CALLS', calls } satisfies ToWriter);
        });
      }
    });
  }

  /**
   * Holds the thread's writes: resolves once it has committed what it had begun and starts nothing more, until
   * as many {@link resume} as pauses.
   */
  pause(): Promise<void> {
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    this.pauses += 1;
    if (this.pauses === 1) {
      this.paused = new Promise((resolve) => this.pausedWaiters.push(resolve));
      this.worker.postMessage({ kind: 'PAUSE' } satisfies ToWriter);
    }
    return this.paused ?? Promise.resolve();
  }

  resume(): void {
    this.pauses -= 1;
    if (this.pauses > 0 || this.stopped !== undefined) return;
    this.paused = undefined;
    this.worker.postMessage({ kind: 'RESUME' } satisfies ToWriter);
  }

  /** Throws when the thread has stopped (a store whose writes cannot be made does not answer as healthy). */
  check(): void {
    if (this.stopped !== undefined) throw this.stopped;
  }

  /** Waits until every write sent so far is settled. */
  async drain(): Promise<void> {
    while (this.waiting.size > 0 && this.stopped === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /** Lets the thread commit what it was sent, close its connection and end. */
  async close(): Promise<void> {
    if (this.stopped === undefined) {
      await this.drain();
      this.worker.postMessage({ kind: 'CLOSE' } satisfies ToWriter);
    }
    await this.exited;
  }

  private receive(message: FromWriter): void {
    switch (message.kind) {
      case 'REPLIES':
        for (const reply of message.replies) this.settle(reply);
        return;
      case 'PAUSED':
        this.pausedWaiters.shift()?.();
        return;
      case 'CLOSED':
      case 'READY':
      case 'FAILED_TO_OPEN':
        return;
    }
  }

  private settle(reply: Reply): void {
    for (const [namespace, key] of reply.invalidations) this.cache?.invalidate(namespace, key);
    const waiting = this.waiting.get(reply.id);
    if (waiting === undefined) return;
    this.waiting.delete(reply.id);
    if (reply.outcome.ok) waiting.resolve(reply.outcome.value);
    else waiting.reject(uncarry(reply.outcome.error));
  }

  private stop(error: Error): void {
    if (this.stopped !== undefined) return;
    this.stopped = error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
    for (const resume of this.pausedWaiters.splice(0)) resume();
  }
}

/**
 * The group commit of the serving thread's own writes (those not forwarded): the writer thread is paused while
 * they run, so that the two connections never wait for each other's lock.
 */
export class PausingWriteBatcher extends WriteBatcher {
  constructor(
    db: Database,
    private readonly thread: WriterThread,
  ) {
    super(db);
  }

  override async run<T>(work: () => T): Promise<T> {
    await this.thread.pause();
    try {
      return await super.run(work);
    } finally {
      this.thread.resume();
    }
  }
}

/**
 * Starts the thread's module: the compiled one, or (run from the sources, as the tests are) the TypeScript one
 * through tsx, which only the sources' tooling has.
 */
function startWorker(workerData: { readonly path: string; readonly backgroundCheckpoints: boolean }): Worker {
  const compiled = import.meta.url.endsWith('.js');
  const entry = new URL(`./writer-thread-main.${compiled ? 'js' : 'ts'}`, import.meta.url);
  if (compiled) return new Worker(entry, { workerData });
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
