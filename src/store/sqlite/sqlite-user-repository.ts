import type { Database, Statement } from 'better-sqlite3';
import type { SessionRecord, SessionRepository, UserRecord, UserRepository } from '../user-repository.js';
import { sessionFromRow, userFromRow, userToRow, type SessionRow, type UserRow } from '../user-row.js';
import type { WriteBatcher } from '../../shared/sqlite/write-batcher.js';

/** Users in SQLite. */
export class SqliteUserRepository implements UserRepository {
  private readonly insert: Statement;
  private readonly byUsername: Statement<[string], UserRow<string>>;
  private readonly byId: Statement<[string], UserRow<string>>;
  private readonly all: Statement<[], UserRow<string>>;
  private readonly updatePassword: Statement<[string, string]>;
  private readonly markDisabled: Statement<[string, string]>;
  private readonly endSessions: Statement<[string]>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.insert = db.prepare(
      `INSERT INTO users (id, username, display_name, password_hash, role, enterprise, language, created_at,
         disabled_at)
       VALUES (@id, @username, @display_name, @password_hash, @role, @enterprise, @language, @created_at,
         @disabled_at)
       ON CONFLICT (username) DO NOTHING`,
    );
    this.byUsername = db.prepare('SELECT * FROM users WHERE username = ?');
    this.byId = db.prepare('SELECT * FROM users WHERE id = ?');
    this.all = db.prepare('SELECT * FROM users ORDER BY username');
    this.updatePassword = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?');
    this.markDisabled = db.prepare('UPDATE users SET disabled_at = coalesce(disabled_at, ?) WHERE id = ?');
    this.endSessions = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  }

  create(user: UserRecord): Promise<boolean> {
    return this.writes.run(() => this.insert.run(userToRow(user)).changes === 1);
  }

  findByUsername(username: string): Promise<UserRecord | undefined> {
    const row = this.byUsername.get(username);
    return Promise.resolve(row === undefined ? undefined : userFromRow(row));
  }

  findById(id: string): Promise<UserRecord | undefined> {
    const row = this.byId.get(id);
    return Promise.resolve(row === undefined ? undefined : userFromRow(row));
  }

  list(): Promise<UserRecord[]> {
    return Promise.resolve(this.all.all().map(userFromRow));
  }

  setPassword(id: string, passwordHash: string): Promise<boolean> {
    return this.writes.run(() => {
      const changed = this.updatePassword.run(passwordHash, id).changes === 1;
      if (changed) this.endSessions.run(id);
      return changed;
    });
  }

  disable(id: string, at: string): Promise<boolean> {
    return this.writes.run(() => {
      const changed = this.markDisabled.run(at, id).changes === 1;
      if (changed) this.endSessions.run(id);
      return changed;
    });
  }
}

/** Sessions in SQLite. */
export class SqliteSessionRepository implements SessionRepository {
  private readonly insert: Statement;
  private readonly byHash: Statement<[string], SessionRow<string>>;
  private readonly update: Statement<[string, string, string]>;
  private readonly remove: Statement<[string]>;
  private readonly removeForUser: Statement<[string]>;
  private readonly removeExpired: Statement<[string]>;

  constructor(
    db: Database,
    private readonly writes: WriteBatcher,
  ) {
    this.insert = db.prepare(
      `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
       VALUES (@tokenHash, @userId, @createdAt, @lastSeenAt, @expiresAt)`,
    );
    this.byHash = db.prepare('SELECT * FROM sessions WHERE token_hash = ?');
    this.update = db.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?');
    this.remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
    this.removeForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
    this.removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at < ?');
  }

  create(session: SessionRecord): Promise<void> {
    return this.writes.run(() => {
      this.insert.run(session);
    });
  }

  find(tokenHash: string): Promise<SessionRecord | undefined> {
    const row = this.byHash.get(tokenHash);
    return Promise.resolve(row === undefined ? undefined : sessionFromRow(row));
  }

  touch(tokenHash: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    return this.writes.run(() => {
      this.update.run(lastSeenAt, expiresAt, tokenHash);
    });
  }

  delete(tokenHash: string): Promise<void> {
    return this.writes.run(() => {
      this.remove.run(tokenHash);
    });
  }

  deleteForUser(userId: string): Promise<number> {
    return this.writes.run(() => this.removeForUser.run(userId).changes);
  }

  deleteExpired(now: string): Promise<number> {
    return this.writes.run(() => this.removeExpired.run(now).changes);
  }
}
