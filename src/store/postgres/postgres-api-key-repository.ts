import type pg from 'pg';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { Role } from '../../domain/principal.js';
import type { ApiKeyRecord, ApiKeyRepository, KeyRotation } from '../api-key-repository.js';
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
  expires_at: Date | null;
  replaces: string | null;
  replaced_by: string | null;
}

/** A key with the one that replaced it, if any. */
const SELECT_KEYS =
  'SELECT k.*, (SELECT r.id FROM api_keys r WHERE r.replaces = k.id) AS replaced_by FROM api_keys k';

/** API keys in PostgreSQL; a revocation or rotation reaches every instance's cache through a notification. */
export class PostgresApiKeyRepository implements ApiKeyRepository {
  constructor(
    private readonly pool: pg.Pool,
    private readonly feed: PostgresChangeFeed,
  ) {}

  async create(key: ApiKeyRecord): Promise<void> {
    await insertKey(this.pool, key);
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const { cache } = this.feed;
    if (this.feed.usable) {
      const cached = cache.lookup('api-keys', hash) as ApiKeyRecord | undefined;
      if (cached !== undefined) return cached;
    }
    const generation = cache.generation;
    const { rows } = await this.pool.query<ApiKeyRow>(`${SELECT_KEYS} WHERE k.hash = $1`, [hash]);
    const record = rows[0] === undefined ? undefined : toRecord(rows[0]);
    if (record !== undefined && this.feed.usable) cache.remember('api-keys', hash, record, generation);
    return record;
  }

  async findById(id: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.pool.query<ApiKeyRow>(`${SELECT_KEYS} WHERE k.id = $1`, [id]);
    return rows[0] === undefined ? undefined : toRecord(rows[0]);
  }

  async list(): Promise<ApiKeyRecord[]> {
    const { rows } = await this.pool.query<ApiKeyRow>(`${SELECT_KEYS} ORDER BY k.created_at, k.id`);
    return rows.map(toRecord);
  }

  async revoke(id: string, at: string): Promise<ApiKeyRecord | undefined> {
    const record = await inTransaction(this.pool, async (client) => {
      await client.query('UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [
        id,
        at,
      ]);
      const { rows } = await client.query<ApiKeyRow>(`${SELECT_KEYS} WHERE k.id = $1`, [id]);
      await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, changeNotice('api-keys')]);
      return rows[0] === undefined ? undefined : toRecord(rows[0]);
    });
    this.feed.invalidate(changeNotice('api-keys'));
    return record;
  }

  async rotate(
    replacement: ApiKeyRecord & { readonly replaces: string },
    expiresAt: string,
  ): Promise<KeyRotation> {
    const outcome = await inTransaction(this.pool, async (client): Promise<KeyRotation> => {
      // The replaced key's row is locked first, and read after: a rotation at the same moment waits, then sees
      // the replacement this one made.
      await client.query('SELECT id FROM api_keys WHERE id = $1 FOR UPDATE', [replacement.replaces]);
      const { rows } = await client.query<ApiKeyRow>(`${SELECT_KEYS} WHERE k.id = $1`, [
        replacement.replaces,
      ]);
      const row = rows[0];
      if (row === undefined) return { kind: 'NOT_FOUND' };
      if (row.revoked_at !== null) return { kind: 'REVOKED', key: toRecord(row) };
      if (row.replaced_by !== null) return { kind: 'REPLACED', key: toRecord(row) };
      await insertKey(client, replacement);
      await client.query('UPDATE api_keys SET expires_at = $2 WHERE id = $1', [
        replacement.replaces,
        expiresAt,
      ]);
      await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, changeNotice('api-keys')]);
      const both = await client.query<ApiKeyRow>(`${SELECT_KEYS} WHERE k.id = ANY($1)`, [
        [replacement.replaces, replacement.id],
      ]);
      const replaced = both.rows.find((r) => r.id === replacement.replaces);
      const made = both.rows.find((r) => r.id === replacement.id);
      if (replaced === undefined || made === undefined) throw new Error('a rotated key vanished');
      return { kind: 'ROTATED', replaced: toRecord(replaced), replacement: toRecord(made) };
    });
    if (outcome.kind === 'ROTATED') this.feed.invalidate(changeNotice('api-keys'));
    return outcome;
  }
}

async function insertKey(db: pg.Pool | pg.PoolClient, key: ApiKeyRecord): Promise<void> {
  await db.query(
    'INSERT INTO api_keys (id, hash, role, enterprise, name, created_at, replaces) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [key.id, key.hash, key.role, key.enterprise ?? null, key.name, key.createdAt, key.replaces ?? null],
  );
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
    ...(row.expires_at === null ? {} : { expiresAt: iso(row.expires_at) }),
    ...(row.replaces === null ? {} : { replaces: row.replaces }),
    ...(row.replaced_by === null ? {} : { replacedBy: row.replaced_by }),
  };
}
