import type { Database, Statement } from 'better-sqlite3';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { Role } from '../../domain/principal.js';
import type { ApiKeyRecord, ApiKeyRepository, KeyRotation } from '../api-key-repository.js';
import type { SqliteReadCache } from './read-cache.js';
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';

interface ApiKeyRow {
  id: string;
  hash: string;
  role: Role;
  enterprise: string | null;
  name: string;
  created_at: string;
  revoked_at: string | null;
  expires_at: string | null;
  replaces: string | null;
  replaced_by: string | null;
}

/** A key with the one that replaced it, if any. */
const SELECT_KEYS =
  'SELECT k.*, (SELECT r.id FROM api_keys r WHERE r.replaces = k.id) AS replaced_by FROM api_keys k';

/** API keys in SQLite. */
export class SqliteApiKeyRepository implements ApiKeyRepository {
  private readonly insert: Statement;
  private readonly byHash: Statement<[string], ApiKeyRow>;
  private readonly byId: Statement<[string], ApiKeyRow>;
  private readonly all: Statement<[], ApiKeyRow>;
  private readonly markRevoked: Statement<[string, string]>;
  private readonly markExpiring: Statement<[string, string]>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
    private readonly cache: SqliteReadCache,
  ) {
    this.insert = db.prepare(
      'INSERT INTO api_keys (id, hash, role, enterprise, name, created_at, replaces) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.byHash = db.prepare(`${SELECT_KEYS} WHERE k.hash = ?`);
    this.byId = db.prepare(`${SELECT_KEYS} WHERE k.id = ?`);
    this.all = db.prepare(`${SELECT_KEYS} ORDER BY k.created_at, k.id`);
    this.markRevoked = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
    this.markExpiring = db.prepare('UPDATE api_keys SET expires_at = ? WHERE id = ?');
  }

  create(key: ApiKeyRecord): Promise<void> {
    return this.writes.run(() => {
      this.insertKey(key);
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

  findById(id: string): Promise<ApiKeyRecord | undefined> {
    const row = this.byId.get(id);
    return Promise.resolve(row === undefined ? undefined : toRecord(row));
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

  rotate(replacement: ApiKeyRecord & { readonly replaces: string }, expiresAt: string): Promise<KeyRotation> {
    // One write of the group, in its own savepoint: the checks and both changes see the same state.
    return this.writes.run((): KeyRotation => {
      const row = this.byId.get(replacement.replaces);
      if (row === undefined) return { kind: 'NOT_FOUND' };
      if (row.revoked_at !== null) return { kind: 'REVOKED', key: toRecord(row) };
      if (row.replaced_by !== null) return { kind: 'REPLACED', key: toRecord(row) };
      this.insertKey(replacement);
      this.markExpiring.run(expiresAt, replacement.replaces);
      this.cache.invalidate('api-keys');
      const replaced = this.byId.get(replacement.replaces);
      const made = this.byId.get(replacement.id);
      if (replaced === undefined || made === undefined) throw new Error('a rotated key vanished');
      return { kind: 'ROTATED', replaced: toRecord(replaced), replacement: toRecord(made) };
    });
  }

  private insertKey(key: ApiKeyRecord): void {
    this.insert.run(
      key.id,
      key.hash,
      key.role,
      key.enterprise ?? null,
      key.name,
      key.createdAt,
      key.replaces ?? null,
    );
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
    ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
    ...(row.replaces === null ? {} : { replaces: row.replaces }),
    ...(row.replaced_by === null ? {} : { replacedBy: row.replaced_by }),
  };
}
