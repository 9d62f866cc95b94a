import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The checkpointer's own thread: its own connection to the file copies committed pages from the write-ahead log
 * into the database, as SQLite's automatic checkpoint would, but without holding up the thread that serves
 * requests. (CommonJS, run with `eval`: it needs no file of its own, compiled or not.)
 */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = FULL');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or failing: the serving connection's own automatic checkpoint remains as a safety net.
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** How many WAL pages the serving connection lets pile up before checkpointing itself, as a safety net. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;

/**
 * Runs SQLite's checkpoints in a thread of their own. In WAL mode a commit only appends to the log; every so
 * often the log's pages must be copied into the database file and synced (a checkpoint). Left to SQLite, that
 * happens inside a commit, on the thread that serves requests; here it happens beside it. Should the thread not
 * start, `onlineOrNot` says so and the caller keeps SQLite's own checkpoints.
 */
export class BackgroundCheckpointer {
  private constructor(private readonly worker: Worker) {}

  /** Starts the thread for the database file at `path`; undefined when it cannot start. */
  static async start(path: string, intervalMs = 200): Promise<BackgroundCheckpointer | undefined> {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs } });
    const online = await new Promise<boolean>((resolve) => {
      worker.once('online', () => {
        resolve(true);
      });
      worker.once('error', () => {
        resolve(false);
      });
    });
    // A later failure leaves SQLite's own checkpoints (the safety net) to do the work. The thread never keeps the
    // process alive on its own.
    worker.on('error', () => undefined);
    worker.unref();
    return online ? new BackgroundCheckpointer(worker) : undefined;
  }

  /** Stops the thread and closes its connection. */
  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage('stop');
    await exited;
  }
}
