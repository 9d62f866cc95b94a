import pg from 'pg';
import { ReadCache } from '../read-cache.js';

/** The channel on which every instance announces the changes that invalidate cached reads. */
export const CHANGES_CHANNEL = 'sitepresence_changes';

/** A change announcement: a cache namespace, and a key within it (all of it when absent). */
export function changeNotice(namespace: string, key?: string): string {
  return key === undefined ? namespace : `${namespace}:${key}`;
}

/**
 * The read cache of one instance among several on one PostgreSQL. Each write that changes a cached row sends a
 * notification in its own transaction (`pg_notify`), delivered to every instance at commit; this feed listens on
 * a dedicated connection and invalidates. While it is not listening (not yet connected, or the connection was
 * lost), nothing is served from the cache: a stale key or chain is never used.
 */
export class PostgresChangeFeed {
  readonly cache = new ReadCache();
  private client: pg.Client | undefined;
  private listening = false;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly url: string) {}

  /** Connects and listens; resolves once listening (or after a failed first attempt, retrying in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  /** True when cached reads may be served. */
  get usable(): boolean {
    return this.listening;
  }

  /** Invalidates locally at once (the notification also comes back, for the other instances). */
  invalidate(notice: string): void {
    const [namespace, ...rest] = notice.split(':');
    this.cache.invalidate(namespace ?? notice, rest.length === 0 ? undefined : rest.join(':'));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry !== undefined) clearTimeout(this.retry);
    this.listening = false;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url });
    const lost = (): void => {
      if (this.client !== client) return;
      this.listening = false;
      this.client = undefined;
      this.cache.clear();
      client.end().catch(() => undefined);
      if (!this.closed) this.retry = setTimeout(() => void this.connect(), 1_000);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL && message.payload !== undefined)
        this.invalidate(message.payload);
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      this.cache.clear();
      this.listening = true;
    } catch {
      lost();
    }
  }
}
