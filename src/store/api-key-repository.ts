import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { Role } from '../domain/principal.js';

/** A stored API key: only the hash of the secret is kept, the key itself is shown once. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly hash: string;
  readonly role: Role;
  readonly enterprise?: EnterpriseNumber;
  readonly name: string;
  readonly createdAt: string;
  readonly revokedAt?: string;
  /** A rotated key works until then (the end of its grace period), and never after. */
  readonly expiresAt?: string;
  /** The key this one replaced, when it was made by a rotation. */
  readonly replaces?: string;
  /** The key made to replace this one, when it was rotated. */
  readonly replacedBy?: string;
}

/** What became of a rotation: done, or why not. */
export type KeyRotation =
  | { readonly kind: 'ROTATED'; readonly replaced: ApiKeyRecord; readonly replacement: ApiKeyRecord }
  | { readonly kind: 'NOT_FOUND' }
  | { readonly kind: 'REVOKED'; readonly key: ApiKeyRecord }
  | { readonly kind: 'REPLACED'; readonly key: ApiKeyRecord };

/** Where API keys are kept. */
export interface ApiKeyRepository {
  create(key: ApiKeyRecord): Promise<void>;
  /** The key with this hash, revoked or not. */
  findByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  /** The key with this id, revoked or not. */
  findById(id: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  /** Revokes a key and returns it; undefined when no key has this id. Revoking twice keeps the first date. */
  revoke(id: string, at: string): Promise<ApiKeyRecord | undefined>;
  /**
   * In one transaction: stores `replacement` (which names the key it `replaces`) and makes the replaced key
   * expire at `expiresAt` — unless that key is revoked or replaced already, which is said instead, nothing
   * written. A key is replaced once at most, even by rotations at the same moment.
   */
  rotate(replacement: ApiKeyRecord & { readonly replaces: string }, expiresAt: string): Promise<KeyRotation>;
}
