import { createHash } from 'node:crypto';
import { atField, domainError } from '../domain/errors.js';
import { parseRoleAndEnterprise, type Principal } from '../domain/principal.js';
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
  deps: AppDeps,
  input: NewApiKeyInput,
): Promise<Result<{ key: string; apiKey: ApiKeyView }, Failure>> {
  const principal = parseRoleAndEnterprise(input, 'key');
  if (!principal.ok) return fail(principal.error);
  const name = parseText(input.name, 'The name');
  if (!name.ok) return fail(atField(name.error, 'name'));
  const key = KEY_PREFIX + Buffer.from(deps.random.bytes(24)).toString('base64url');
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

/** Every key, revoked ones included, without their hashes. */
export async function listApiKeys(deps: AppDeps): Promise<ApiKeyView[]> {
  return (await deps.store.apiKeys.list()).map(view);
}

/** Revokes a key at once: from now on it gets 401. */
export async function revokeApiKey(deps: AppDeps, id: string): Promise<Result<ApiKeyView, Failure>> {
  const revoked = await deps.store.apiKeys.revoke(id, deps.clock.now().toISOString());
  return revoked === undefined
    ? fail(domainError('API_KEY_NOT_FOUND', `No API key has the id ${id}.`, 'id'))
    : ok(view(revoked));
}

/** The principal behind a presented key; `API_KEY_INVALID` for an unknown or revoked one. */
export async function authenticate(deps: AppDeps, presented: string): Promise<Result<Principal, Failure>> {
  const record = presented.startsWith(KEY_PREFIX)
    ? await deps.store.apiKeys.findByHash(hashKey(presented))
    : undefined;
  if (record === undefined || record.revokedAt !== undefined) {
    return fail(domainError('API_KEY_INVALID', 'This API key is unknown or revoked.'));
  }
  if (record.role === 'company' || record.role === 'provider') {
    if (record.enterprise === undefined)
      return fail(domainError('API_KEY_INVALID', 'This API key names no enterprise.'));
    return ok({ role: record.role, enterprise: record.enterprise, keyId: record.id, name: record.name });
  }
  return ok({ role: record.role, keyId: record.id, name: record.name });
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function view(record: ApiKeyRecord): ApiKeyView {
  const { hash: _hash, ...rest } = record;
  return rest;
}
