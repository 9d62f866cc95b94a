import type pg from 'pg';
import type { SessionRecord, SessionRepository, UserRecord, UserRepository } from '../user-repository.js';
import { sessionFromRow, userFromRow, userToRow, type SessionRow, type UserRow } from '../user-row.js';
import { isUuid } from './postgres-ids.js';
import { inTransaction } from './postgres-pool.js';

/** Users in PostgreSQL. */
export class PostgresUserRepository implements UserRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(user: UserRecord): Promise<boolean> {
    const row = userToRow(user);
    const { rowCount } = await this.pool.query(
      `INSERT INTO users (id, username, display_name, password_hash, role, enterprise, language, created_at,
         disabled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (username) DO NOTHING`,
      [
        row.id,
        row.username,
        row.display_name,
        row.password_hash,
        row.role,
        row.enterprise,
        row.language,
        row.created_at,
        row.disabled_at,
      ],
    );
    return rowCount === 1;
  }

  async findByUsername(username: string): Promise<UserRecord | undefined> {
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
    return rows[0] === undefined ? undefined : userFromRow(rows[0]);
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0] === undefined ? undefined : userFromRow(rows[0]);
  }

  async list(): Promise<UserRecord[]> {
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM users ORDER BY username');
    return rows.map(userFromRow);
  }

  setPassword(id: string, passwordHash: string): Promise<boolean> {
    return this.changeAndEndSessions(id, 'UPDATE users SET password_hash = $2 WHERE id = $1', passwordHash);
  }

  disable(id: string, at: string): Promise<boolean> {
    return this.changeAndEndSessions(
      id,
      'UPDATE users SET disabled_at = coalesce(disabled_at, $2) WHERE id = $1',
      at,
    );
  }

  private async changeAndEndSessions(id: string, sql: string, value: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    return inTransaction(this.pool, async (client) => {
      const { rowCount } = await client.query(sql, [id, value]);
      if (rowCount !== 1) return false;
      await client.query('DELETE FROM sessions WHERE user_id = $1', [id]);
      return true;
    });
  }
}

/** Sessions in PostgreSQL. */
export class PostgresSessionRepository implements SessionRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(session: SessionRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [session.tokenHash, session.userId, session.createdAt, session.lastSeenAt, session.expiresAt],
    );
  }

  async find(tokenHash: string): Promise<SessionRecord | undefined> {
    const { rows } = await this.pool.query<SessionRow>('SELECT * FROM sessions WHERE token_hash = $1', [
      tokenHash,
    ]);
    return rows[0] === undefined ? undefined : sessionFromRow(rows[0]);
  }

  async touch(tokenHash: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await this.pool.query('UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1', [
      tokenHash,
      lastSeenAt,
      expiresAt,
    ]);
  }

  async delete(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteForUser(userId: string): Promise<number> {
    if (!isUuid(userId)) return 0;
    const { rowCount } = await this.pool.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
    return rowCount ?? 0;
  }

  async deleteExpired(now: string): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM sessions WHERE expires_at < $1', [now]);
    return rowCount ?? 0;
  }
}
