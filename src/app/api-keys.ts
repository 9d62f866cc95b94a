import { createHash } from 'node:crypto';
import { atField, domainError } from '../domain/errors.js';
import { parseRoleAndEnterprise, principalOf, type Principal } from '../domain/principal.js';
import { ok, type Result } from '../domain/result.js';
import { parseText } from '../domain/text.js';
import type { ApiKeyRecord } from '../store/api-key-repository.js';
import type { AppDeps } from './app-deps.js';
import { fail, type Failure } from './failure.js';

/** An API key as listed: everything but its hash. */
export type ApiKeyView = Omit<ApiKeyRecord, 'hash'>;

/** What a new key is for. */
export interface NewApiKeyInput {
  readonly role: string;
  readonly enterprise?: string | undefined;
  readonly name: string;
}

const KEY_PREFIX = 'sp_';

/**
 * Makes a key for a principal. The key itself is returned once and never stored: only its SHA-256 is
 * (a 192-bit random secret needs no slow hash).
 */
export async function createApiKey(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random'>,
  input: NewApiKeyInput,
): Promise<Result<{ key: string; apiKey: ApiKeyView }, Failure>> {
  const principal = parseRoleAndEnterprise(input, 'key');
  if (!principal.ok) return fail(principal.error);
  const name = parseText(input.name, 'The name');
  if (!name.ok) return fail(atField(name.error, 'name'));
  const key = newKey(deps);
  const record: ApiKeyRecord = {
    id: deps.random.uuid(),
    hash: hashKey(key),
    ...principal.value,
    name: name.value,
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.store.apiKeys.create(record);
  return ok({ key, apiKey: view(record) });
}

/** Every key, revoked and expired ones included, without their hashes; which key replaced which. */
export async function listApiKeys(deps: Pick<AppDeps, 'store'>): Promise<ApiKeyView[]> {
  return (await deps.store.apiKeys.list()).map(view);
}

/** Revokes a key at once: from now on it gets 401. */
export async function revokeApiKey(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  id: string,
): Promise<Result<ApiKeyView, Failure>> {
  const revoked = await deps.store.apiKeys.revoke(id, deps.clock.now().toISOString());
  return revoked === undefined
    ? fail(domainError('API_KEY_NOT_FOUND', `No API key has the id ${id}.`, 'id'))
    : ok(view(revoked));
}

/** How long a rotated key keeps working when nothing else is said: a day, time to deploy its replacement. */
export const DEFAULT_GRACE_SECONDS = 24 * 3_600;
/** The longest grace period: a month. */
export const MAX_GRACE_SECONDS = 30 * 24 * 3_600;

/** A rotation done: the new key (shown this once), and the key it replaces with the end of its grace period. */
export interface RotatedApiKey {
  readonly key: string;
  readonly apiKey: ApiKeyView;
  readonly replaced: ApiKeyView;
}

/**
 * Replaces a key without downtime: a new key for the same principal (role, enterprise, name), returned once,
 * while the old one keeps working for `graceSeconds` (a day by default; 0 ends it at once) and then gets 401.
 * A revoked key is not rotated (`API_KEY_REVOKED`), nor one replaced already (`API_KEY_REPLACED`).
 */
export async function rotateApiKey(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random'>,
  id: string,
  options: { readonly graceSeconds?: number | undefined } = {},
): Promise<Result<RotatedApiKey, Failure>> {
  const graceSeconds = options.graceSeconds ?? DEFAULT_GRACE_SECONDS;
  if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
    return fail(
      domainError(
        'FIELD_VALUE',
        `The grace period is a whole number of seconds from 0 to ${MAX_GRACE_SECONDS} (30 days).`,
        'graceSeconds',
      ),
    );
  }
  const notFound = fail(domainError('API_KEY_NOT_FOUND', `No API key has the id ${id}.`, 'id'));
  const old = await deps.store.apiKeys.findById(id);
  if (old === undefined) return notFound;
  const now = deps.clock.now();
  const key = newKey(deps);
  const rotation = await deps.store.apiKeys.rotate(
    {
      id: deps.random.uuid(),
      hash: hashKey(key),
      role: old.role,
      ...(old.enterprise === undefined ? {} : { enterprise: old.enterprise }),
      name: old.name,
      createdAt: now.toISOString(),
      replaces: old.id,
    },
    new Date(now.getTime() + graceSeconds * 1_000).toISOString(),
  );
  switch (rotation.kind) {
    case 'ROTATED':
      return ok({ key, apiKey: view(rotation.replacement), replaced: view(rotation.replaced) });
    case 'NOT_FOUND':
      return notFound;
    case 'REVOKED':
      return fail(
        domainError('API_KEY_REVOKED', `The API key ${id} is revoked: make a new key instead.`, 'id'),
      );
    case 'REPLACED':
      return fail(
        domainError(
          'API_KEY_REPLACED',
          `The API key ${id} was replaced already by ${rotation.key.replacedBy ?? 'another key'}: rotate that one.`,
          'id',
        ),
      );
  }
}

/**
 * A grace period as people write it on the command line: `0`, `90s`, `30m`, `24h` or `7d`, in seconds.
 */
export function parseGracePeriod(text: string): Result<number, Failure> {
  const match = /^\s*(\d{1,7})\s*([smhd]?)\s*$/i.exec(text);
  if (match?.[1] === undefined) {
    return fail(
      domainError(
        'FIELD_FORMAT',
        `The grace period is a number and a unit, like 30m, 24h or 7d (0 for none), not "${text}".`,
        'grace',
      ),
    );
  }
  const unit = (match[2] ?? '').toLowerCase();
  const seconds = Number(match[1]) * (unit === 'd' ? 86_400 : unit === 'h' ? 3_600 : unit === 'm' ? 60 : 1);
  return seconds > MAX_GRACE_SECONDS
    ? fail(domainError('FIELD_VALUE', 'The grace period is 30 days at most.', 'grace'))
    : ok(seconds);
}

/**
 * The principal behind a presented key; `API_KEY_INVALID` for an unknown or revoked one, and for a rotated one
 * past its grace period.
 */
export async function authenticate(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  presented: string,
): Promise<Result<Principal, Failure>> {
  const record = presented.startsWith(KEY_PREFIX)
    ? await deps.store.apiKeys.findByHash(hashKey(presented))
    : undefined;
  if (record === undefined || record.revokedAt !== undefined) {
    return fail(domainError('API_KEY_INVALID', 'This API key is unknown or revoked.'));
  }
  if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= deps.clock.now().getTime()) {
    return fail(domainError('API_KEY_INVALID', 'This API key was replaced and its grace period is over.'));
  }
  const principal = principalOf(record, record.id, record.name);
  return principal === undefined
    ? fail(domainError('API_KEY_INVALID', 'This API key names no enterprise.'))
    : ok(principal);
}

/** A new secret: the prefix and 192 random bits. */
function newKey(deps: Pick<AppDeps, 'random'>): string {
  return KEY_PREFIX + Buffer.from(deps.random.bytes(24)).toString('base64url');
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function view(record: ApiKeyRecord): ApiKeyView {
  const { hash: _hash, ...rest } = record;
  return rest;
}
