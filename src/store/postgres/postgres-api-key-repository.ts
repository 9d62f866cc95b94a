import type pg from 'pg';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { Role } from '../../domain/principal.js';
import type { ApiKeyRecord, ApiKeyRepository } from '../api-key-repository.js';
import { changeNotice, CHANGES_CHANNEL, type PostgresChangeFeed } from './postgres-change-feed.js';
import { inTransaction, iso } from './postgres-pool.js';

interface ApiKeyRow {
  id: string;
  hash: string;
  role: Role;
  enterprise: string | null;
  name: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** API keys in PostgreSQL; a revocation reaches every instance's cache through a notification. */
export class PostgresApiKeyRepository implements ApiKeyRepository {
  constructor(
    private readonly pool: pg.Pool,
    private readonly feed: PostgresChangeFeed,
  ) {}

  async create(key: ApiKeyRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO api_keys (id, hash, role, enterprise, name, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [key.id, key.hash, key.role, key.enterprise ?? null, key.name, key.createdAt],
    );
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const { cache } = this.feed;
    if (this.feed.usable) {
      const cached = cache.lookup('api-keys', hash) as ApiKeyRecord | undefined;
      if (cached !== undefined) return cached;
    }
    const generation = cache.generation;
    const { rows } = await this.pool.query<ApiKeyRow>('SELECT * FROM api_keys WHERE hash = $1', [hash]);
    const record = rows[0] === undefined ? undefined : toRecord(rows[0]);
    if (record !== undefined && this.feed.usable) cache.remember('api-keys', hash, record, generation);
    return record;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const { rows } = await this.pool.query<ApiKeyRow>('SELECT * FROM api_keys ORDER BY created_at, id');
    return rows.map(toRecord);
  }

  async revoke(id: string, at: string): Promise<ApiKeyRecord | undefined> {
    const record = await inTransaction(this.pool, async (client) => {
      await client.query('UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [
        id,
        at,
      ]);
      const { rows } = await client.query<ApiKeyRow>('SELECT * FROM api_keys WHERE id = $1', [id]);
      await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, changeNotice('api-keys')]);
      return rows[0] === undefined ? undefined : toRecord(rows[0]);
    });
    this.feed.invalidate(changeNotice('api-keys'));
    return record;
  }
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    hash: row.hash,
    role: row.role,
    ...(row.enterprise === null ? {} : { enterprise: row.enterprise as EnterpriseNumber }),
    name: row.name,
    createdAt: iso(row.created_at),
    ...(row.revoked_at === null ? {} : { revokedAt: iso(row.revoked_at) }),
  };
}
