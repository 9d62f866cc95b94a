import type { Database, Statement } from 'better-sqlite3';

/** How many entries a namespace keeps before it starts afresh. */
const MAX_ENTRIES = 10_000;

/**
 * A cache of rows read on every request (API keys, workplaces with their chain), so that a registration costs one
 * write rather than three reads and a write. It stays exact: this connection's own writes invalidate what they
 * change, and a commit by any other connection or process (a key revoked with the CLI, say) empties it, as
 * `PRAGMA data_version` tells before each read.
 */
export class ReadCache {
  private readonly namespaces = new Map<string, Map<string, unknown>>();
  private readonly dataVersion: Statement<[], number>;
  private seenVersion: number;

  constructor(db: Database) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.seenVersion = this.dataVersion.get() ?? 0;
  }

  /** The cached value, or `load()`'s (cached when defined). */
  get<T>(namespace: string, key: string, load: () => T | undefined): T | undefined {
    const version = this.dataVersion.get() ?? 0;
    if (version !== this.seenVersion) {
      this.namespaces.clear();
      this.seenVersion = version;
    }
    let entries = this.namespaces.get(namespace);
    if (entries === undefined) {
      entries = new Map();
      this.namespaces.set(namespace, entries);
    }
    if (entries.has(key)) return entries.get(key) as T;
    const value = load();
    if (value !== undefined) {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(key, value);
    }
    return value;
  }

  /** Forgets one entry, or a whole namespace, after this connection changed it. */
  invalidate(namespace: string, key?: string): void {
    if (key === undefined) this.namespaces.delete(namespace);
    else this.namespaces.get(namespace)?.delete(key);
  }
}
