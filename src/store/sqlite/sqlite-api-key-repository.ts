import type { Database, Statement } from 'better-sqlite3';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { Role } from '../../domain/principal.js';
import type { ApiKeyRecord, ApiKeyRepository } from '../api-key-repository.js';
import type { SqliteReadCache } from './read-cache.js';
import type { WriteBatcher } from './write-batcher.js';

interface ApiKeyRow {
  id: string;
  hash: string;
  role: Role;
  enterprise: string | null;
  name: string;
  created_at: string;
  revoked_at: string | null;
}

/** API keys in SQLite. */
export class SqliteApiKeyRepository implements ApiKeyRepository {
  private readonly insert: Statement;
  private readonly byHash: Statement<[string], ApiKeyRow>;
  private readonly byId: Statement<[string], ApiKeyRow>;
  private readonly all: Statement<[], ApiKeyRow>;
  private readonly markRevoked: Statement<[string, string]>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
    private readonly cache: SqliteReadCache,
  ) {
    this.insert = db.prepare(
      'INSERT INTO api_keys (id, hash, role, enterprise, name, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.byHash = db.prepare('SELECT * FROM api_keys WHERE hash = ?');
    this.byId = db.prepare('SELECT * FROM api_keys WHERE id = ?');
    this.all = db.prepare('SELECT * FROM api_keys ORDER BY created_at, id');
    this.markRevoked = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  }

  create(key: ApiKeyRecord): Promise<void> {
    return this.writes.run(() => {
      this.insert.run(key.id, key.hash, key.role, key.enterprise ?? null, key.name, key.createdAt);
    });
  }

  findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    return Promise.resolve(
      this.cache.get('api-keys', hash, () => {
        const row = this.byHash.get(hash);
        return row === undefined ? undefined : toRecord(row);
      }),
    );
  }

  list(): Promise<ApiKeyRecord[]> {
    return Promise.resolve(this.all.all().map(toRecord));
  }

  revoke(id: string, at: string): Promise<ApiKeyRecord | undefined> {
    return this.writes.run(() => {
      this.markRevoked.run(at, id);
      this.cache.invalidate('api-keys');
      const row = this.byId.get(id);
      return row === undefined ? undefined : toRecord(row);
    });
  }
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    hash: row.hash,
    role: row.role,
    ...(row.enterprise === null ? {} : { enterprise: row.enterprise as EnterpriseNumber }),
    name: row.name,
    createdAt: row.created_at,
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
  };
}
