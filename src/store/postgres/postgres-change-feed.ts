import pg from 'pg';
import { ReadCache } from '../read-cache.js';

/** How often the listening connection is checked, and how long a check may take. */
const CHECK_EVERY_MS = 2_000;
const CHECK_TIMEOUT_MS = 2_000;
/** How long after the last good check cached reads are still served. */
const ALIVE_FOR_MS = CHECK_EVERY_MS + CHECK_TIMEOUT_MS + 500;
/** How long an entry is kept at most, as a backstop. */
const ENTRY_TTL_MS = 60_000;

/** The channel on which every instance announces the changes that invalidate cached reads. */
export const CHANGES_CHANNEL = 'sitepresence_changes';

/** A change announcement: a cache namespace, and a key within it (all of it when absent). */
export function changeNotice(namespace: string, key?: string): string {
  return key === undefined ? namespace : `${namespace}:${key}`;
}

/**
 * The read cache of one instance among several on one PostgreSQL. Each write that changes a cached row sends a
 * notification in its own transaction (`pg_notify`), delivered to every instance at commit; this feed listens on
 * a dedicated connection and invalidates. That connection is checked every few seconds (a query that must come
 * back in time, and TCP keepalive): while it is not known to be listening — not yet connected, lost, or silent
 * for longer than a check allows — nothing is served from the cache, which then empties. Entries also expire
 * after a minute, whatever happens.
 */
export class PostgresChangeFeed {
  readonly cache = new ReadCache(ENTRY_TTL_MS);
  private client: pg.Client | undefined;
  private listening = false;
  private lastAlive = 0;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly url: string) {}

  /** Connects and listens; resolves once listening (or after a failed first attempt, retrying in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  /** True when cached reads may be served: listening, and known to be so by a recent check. */
  get usable(): boolean {
    return this.listening && performance.now() - this.lastAlive < ALIVE_FOR_MS;
  }

  /** Invalidates locally at once (the notification also comes back, for the other instances). */
  invalidate(notice: string): void {
    const [namespace, ...rest] = notice.split(':');
    this.cache.invalidate(namespace ?? notice, rest.length === 0 ? undefined : rest.join(':'));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry !== undefined) clearTimeout(this.retry);
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    this.listening = false;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.url,
      keepAlive: true,
      connectionTimeoutMillis: CHECK_TIMEOUT_MS,
      query_timeout: CHECK_TIMEOUT_MS,
    });
    const lost = (): void => {
      if (this.client !== client) return;
      this.listening = false;
      this.client = undefined;
      if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
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
      this.lastAlive = performance.now();
      this.listening = true;
      this.heartbeat = setInterval(() => {
        client.query('SELECT 1').then(() => {
          this.lastAlive = performance.now();
        }, lost);
      }, CHECK_EVERY_MS);
      this.heartbeat.unref();
    } catch {
      lost();
    }
  }
}
