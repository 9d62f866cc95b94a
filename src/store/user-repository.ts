import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { Role } from '../domain/principal.js';

/**
 * A person who signs in to the web, acting for one principal (a company, a provider, the contact center, an
 * inspector, an administrator). Only a slow hash of the password is kept.
 */
export interface UserRecord {
  readonly id: string;
  /** How the person signs in: lower case, unique. */
  readonly username: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly role: Role;
  readonly enterprise?: EnterpriseNumber;
  /** The language the pages open in for this person, when not the browser's. */
  readonly language?: 'fr' | 'nl' | 'en';
  readonly createdAt: string;
  readonly disabledAt?: string;
}

/** Where users are kept. */
export interface UserRepository {
  /** Adds a user; false when the username is taken. */
  create(user: UserRecord): Promise<boolean>;
  findByUsername(username: string): Promise<UserRecord | undefined>;
  findById(id: string): Promise<UserRecord | undefined>;
  list(): Promise<UserRecord[]>;
  /** Replaces a user's password hash; false when no user has this id. */
  setPassword(id: string, passwordHash: string): Promise<boolean>;
  /** Disables a user (its sessions end); false when no user has this id. */
  disable(id: string, at: string): Promise<boolean>;
}

/** A signed-in session: only the SHA-256 of its token is kept, the token lives in the browser's cookie. */
export interface SessionRecord {
  readonly tokenHash: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  /** It ends then, unless used before (each use moves it on, never past `createdAt` + the longest life). */
  readonly expiresAt: string;
}

/** Where sessions are kept (in the database, so that every instance behind a load balancer knows them). */
export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  find(tokenHash: string): Promise<SessionRecord | undefined>;
  /** Records a use of the session and its new end. */
  touch(tokenHash: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  /** Ends a session (signing out). */
  delete(tokenHash: string): Promise<void>;
  /** Ends every session of a user (a password changed, a user disabled). */
  deleteForUser(userId: string): Promise<number>;
  /** Removes the sessions ended before `now`; returns how many. */
  deleteExpired(now: string): Promise<number>;
}
