import type { ApiKeyRepository } from './api-key-repository.js';
import type { AvailabilityRepository } from './availability-repository.js';
import type { MandateRepository } from './mandate-repository.js';
import type { PresenceRepository } from './presence-repository.js';
import type { WorkplaceRepository } from './workplace-repository.js';

/**
 * The storage port. One adapter per database technology implements it (`sqlite/`, later `postgres/`); the
 * application never imports an adapter, only this interface.
 */
export interface Store {
  /** Which technology is behind it, for `/status` and logs. */
  readonly kind: 'sqlite' | 'postgres';
  readonly presences: PresenceRepository;
  readonly workplaces: WorkplaceRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly mandates: MandateRepository;
  readonly availability: AvailabilityRepository;
  /** Finishes pending writes and closes the database. */
  close(): Promise<void>;
}
