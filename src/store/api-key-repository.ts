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
}

/** Where API keys are kept. */
export interface ApiKeyRepository {
  create(key: ApiKeyRecord): Promise<void>;
  /** The key with this hash, revoked or not. */
  findByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  /** Revokes a key and returns it; undefined when no key has this id. Revoking twice keeps the first date. */
  revoke(id: string, at: string): Promise<ApiKeyRecord | undefined>;
}
