import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { Role } from '../domain/principal.js';
import { instant } from './instant-column.js';
import type { SessionRecord, UserRecord } from './user-repository.js';

/** A row of the `users` table, as both adapters name its columns; instants as ISO strings or `Date`s. */
export interface UserRow<Instant extends string | Date = string | Date> {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  enterprise: string | null;
  language: 'fr' | 'nl' | 'en' | null;
  created_at: Instant;
  disabled_at: Instant | null;
}

/** The row that stores a user. */
export function userToRow(user: UserRecord): UserRow<string> {
  return {
    id: user.id,
    username: user.username,
    display_name: user.displayName,
    password_hash: user.passwordHash,
    role: user.role,
    enterprise: user.enterprise ?? null,
    language: user.language ?? null,
    created_at: user.createdAt,
    disabled_at: user.disabledAt ?? null,
  };
}

/** The user a row holds. */
export function userFromRow(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    role: row.role,
    ...(row.enterprise === null ? {} : { enterprise: row.enterprise as EnterpriseNumber }),
    ...(row.language === null ? {} : { language: row.language }),
    createdAt: instant(row.created_at),
    ...(row.disabled_at === null ? {} : { disabledAt: instant(row.disabled_at) }),
  };
}

/** A row of the `sessions` table. */
export interface SessionRow<Instant extends string | Date = string | Date> {
  token_hash: string;
  user_id: string;
  created_at: Instant;
  last_seen_at: Instant;
  expires_at: Instant;
}

/** The session a row holds. */
export function sessionFromRow(row: SessionRow): SessionRecord {
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: instant(row.created_at),
    lastSeenAt: instant(row.last_seen_at),
    expiresAt: instant(row.expires_at),
  };
}
