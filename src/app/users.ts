import { createHash } from 'node:crypto';
import { atField, domainError } from '../domain/errors.js';
import { parseRoleAndEnterprise, principalOf, type Principal } from '../domain/principal.js';
import { ok, type Result } from '../domain/result.js';
import { parseBoundedText } from '../domain/text.js';
import { checkNewPassword, parseUsername } from '../domain/user.js';
import type { SessionRecord, UserRecord } from '../store/user-repository.js';
import type { AppDeps } from './app-deps.js';
import { fail, failAll, type Failure } from './failure.js';
import type { PasswordHasher } from './password-hasher.js';

/** What the users' use cases need besides the app's: the slow password hash. */
export interface UserDeps extends AppDeps {
  readonly passwords: PasswordHasher;
}

/** A user as shown: everything but the password's hash. */
export type UserView = Omit<UserRecord, 'passwordHash'>;

/** A session ends after this long unused… */
export const SESSION_IDLE_MS = 12 * 60 * 60_000;
/** …and in any case this long after signing in. */
export const SESSION_MAX_MS = 14 * 24 * 60 * 60_000;
/** A session's end is moved on at most this often (one write a minute, not one per page). */
const TOUCH_EVERY_MS = 60_000;

/** What a new user is. */
export interface NewUserInput {
  readonly username: string;
  readonly displayName?: string | undefined;
  readonly password: string;
  readonly role: string;
  readonly enterprise?: string | undefined;
  readonly language?: 'fr' | 'nl' | 'en' | undefined;
}

/** Adds a user who signs in with a password; `USERNAME_TAKEN` when the name is someone's already. */
export async function createUser(
  deps: Pick<UserDeps, 'store' | 'clock' | 'random' | 'passwords'>,
  input: NewUserInput,
): Promise<Result<UserView, Failure>> {
  const errors = [];
  const username = parseUsername(input.username);
  if (!username.ok) errors.push(atField(username.error, 'username'));
  const displayName = parseBoundedText(input.displayName ?? input.username, 'The name', 200);
  if (!displayName.ok) errors.push(atField(displayName.error, 'displayName'));
  const password = checkNewPassword(input.password);
  if (!password.ok) errors.push(atField(password.error, 'password'));
  const principal = parseRoleAndEnterprise(input, 'user');
  if (!principal.ok) errors.push(principal.error);
  if (!username.ok || !displayName.ok || !password.ok || !principal.ok) return failAll(errors);
  const record: UserRecord = {
    id: deps.random.uuid(),
    username: username.value,
    displayName: displayName.value,
    passwordHash: await deps.passwords.hash(password.value),
    ...principal.value,
    ...(input.language === undefined ? {} : { language: input.language }),
    createdAt: deps.clock.now().toISOString(),
  };
  if (!(await deps.store.users.create(record)))
    return fail(domainError('USERNAME_TAKEN', `The username ${username.value} is taken.`, 'username'));
  return ok(view(record));
}

/** Every user, disabled ones included. */
export async function listUsers(deps: Pick<AppDeps, 'store'>): Promise<UserView[]> {
  return (await deps.store.users.list()).map(view);
}

/** Sets a new password; the user's sessions end. */
export async function setPassword(
  deps: Pick<UserDeps, 'store' | 'passwords'>,
  username: string,
  password: string,
): Promise<Result<UserView, Failure>> {
  const user = await findUser(deps, username);
  if (!user.ok) return user;
  const checked = checkNewPassword(password);
  if (!checked.ok) return fail(atField(checked.error, 'password'));
  await deps.store.users.setPassword(user.value.id, await deps.passwords.hash(checked.value));
  return ok(view(user.value));
}

/** Disables a user: signing in is refused from now on, and the user's sessions end. */
export async function disableUser(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  username: string,
): Promise<Result<UserView, Failure>> {
  const user = await findUser(deps, username);
  if (!user.ok) return user;
  await deps.store.users.disable(user.value.id, deps.clock.now().toISOString());
  return ok(view((await deps.store.users.findById(user.value.id)) ?? user.value));
}

async function findUser(deps: Pick<AppDeps, 'store'>, raw: string): Promise<Result<UserRecord, Failure>> {
  const username = parseUsername(raw);
  const user = username.ok ? await deps.store.users.findByUsername(username.value) : undefined;
  return user === undefined
    ? fail(domainError('USER_NOT_FOUND', `No user has the username ${raw.trim()}.`, 'username'))
    : ok(user);
}

/** A session just opened: the token goes to the browser (its cookie), only its hash is kept. */
export interface OpenedSession {
  readonly token: string;
  readonly user: UserView;
  readonly expiresAt: string;
}

/**
 * Signs a person in. A wrong username and a wrong password get the same refusal (`SIGN_IN_FAILED`) in the same
 * time: the answer tells nobody which usernames exist.
 */
export async function signIn(
  deps: Pick<UserDeps, 'store' | 'clock' | 'random' | 'passwords'>,
  input: { readonly username: string; readonly password: string },
): Promise<Result<OpenedSession, Failure>> {
  const username = parseUsername(input.username);
  const user = username.ok ? await deps.store.users.findByUsername(username.value) : undefined;
  const matches = await deps.passwords.verify(input.password.slice(0, 1_000), user?.passwordHash ?? '');
  if (user === undefined || !matches || user.disabledAt !== undefined)
    return fail(domainError('SIGN_IN_FAILED', 'The username or the password is not right.'));
  const now = deps.clock.now();
  const token = Buffer.from(deps.random.bytes(32)).toString('base64url');
  const session: SessionRecord = {
    tokenHash: hashToken(token),
    userId: user.id,
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
  };
  await deps.store.sessions.create(session);
  return ok({ token, user: view(user), expiresAt: session.expiresAt });
}

/**
 * The username of the account a sign-in attempt names, or undefined when it names none: what the audit trail
 * may record of an attempt (a password typed in the username's box is nobody's username).
 */
export async function accountNamed(deps: Pick<AppDeps, 'store'>, raw: string): Promise<string | undefined> {
  const username = parseUsername(raw);
  if (!username.ok) return undefined;
  return (await deps.store.users.findByUsername(username.value))?.username;
}

/** The person signed in with a session token, and the principal they act for. */
export interface SignedIn {
  readonly user: UserView;
  readonly principal: Principal;
  readonly expiresAt: string;
}

/**
 * The user behind a session token, or undefined when the token is unknown, its session ended (unused for
 * {@link SESSION_IDLE_MS}, or older than {@link SESSION_MAX_MS}) or the user was disabled. Each use moves the
 * session's end on.
 */
export async function sessionUser(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  token: string,
): Promise<SignedIn | undefined> {
  if (token === '' || token.length > 200) return undefined;
  const tokenHash = hashToken(token);
  const session = await deps.store.sessions.find(tokenHash);
  if (session === undefined) return undefined;
  const now = deps.clock.now().getTime();
  if (Date.parse(session.expiresAt) <= now) {
    await deps.store.sessions.delete(tokenHash);
    return undefined;
  }
  const user = await deps.store.users.findById(session.userId);
  if (user === undefined || user.disabledAt !== undefined) return undefined;
  let expiresAt = session.expiresAt;
  if (now - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
    expiresAt = new Date(
      Math.min(now + SESSION_IDLE_MS, Date.parse(session.createdAt) + SESSION_MAX_MS),
    ).toISOString();
    await deps.store.sessions.touch(tokenHash, new Date(now).toISOString(), expiresAt);
  }
  return { user: view(user), principal: principalOfUser(user), expiresAt };
}

/** Ends a session (signing out); a token already ended is fine. */
export async function signOut(deps: Pick<AppDeps, 'store'>, token: string): Promise<void> {
  if (token !== '' && token.length <= 200) await deps.store.sessions.delete(hashToken(token));
}

/** The principal a user acts for; its "key" is the user, so that what it writes names who wrote it. */
export function principalOfUser(user: UserRecord | UserView): Principal {
  const principal = principalOf(user, `user:${user.id}`, user.displayName);
  if (principal === undefined) throw new Error(`user ${user.id} has no enterprise`);
  return principal;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function view(record: UserRecord): UserView {
  const { passwordHash: _hash, ...rest } = record;
  return rest;
}
