import type { Database, Statement } from 'better-sqlite3';
import { ReadCache } from '../read-cache.js';

/**
 * The read cache of a SQLite connection. Its own writes invalidate what they change; a commit by any other
 * connection or process (a key revoked with the CLI, say) empties it, as `PRAGMA data_version` tells — asked once
 * per turn of the event loop, which all the requests of that turn share.
 */
export class SqliteReadCache {
  private readonly cache = new ReadCache();
  private readonly dataVersion: Statement<[], number>;
  private seenVersion: number;
  private checkedThisTurn = false;

  constructor(db: Database) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.seenVersion = this.dataVersion.get() ?? 0;
  }

  /** The cached value, or `load()`'s (kept when defined). */
  get<T>(namespace: string, key: string, load: () => T | undefined): T | undefined {
    if (!this.checkedThisTurn) {
      const version = this.dataVersion.get() ?? 0;
      if (version !== this.seenVersion) {
        this.cache.clear();
        this.seenVersion = version;
      }
      this.checkedThisTurn = true;
      setImmediate(() => {
        this.checkedThisTurn = false;
      });
    }
    const cached = this.cache.lookup(namespace, key) as T | undefined;
    if (cached !== undefined) return cached;
    const generation = this.cache.generation;
    const value = load();
    if (value !== undefined) this.cache.remember(namespace, key, value, generation);
    return value;
  }

  /** Forgets one entry, or a whole namespace, after this connection changed it. */
  invalidate(namespace: string, key?: string): void {
    this.cache.invalidate(namespace, key);
  }
}
