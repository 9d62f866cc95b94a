import type { EnterpriseNumber } from '../domain/enterprise-number.js';

/** A company's mandate to a service provider to register presences on its behalf. */
export interface Mandate {
  readonly id: string;
  readonly company: EnterpriseNumber;
  readonly provider: EnterpriseNumber;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

/** Where mandates are kept. */
export interface MandateRepository {
  /** Records a mandate, or returns the one in force for the same company and provider. */
  grant(mandate: Mandate): Promise<{ readonly mandate: Mandate; readonly created: boolean }>;
  /** The companies whose mandate to this provider is in force. */
  mandators(provider: EnterpriseNumber): Promise<EnterpriseNumber[]>;
  /** The mandates a company gave or a provider received, in force or revoked. */
  list(
    filter: { readonly company: EnterpriseNumber } | { readonly provider: EnterpriseNumber },
  ): Promise<Mandate[]>;
  get(id: string): Promise<Mandate | undefined>;
  /** Revokes a mandate; returns it as it now stands. */
  revoke(id: string, at: string): Promise<Mandate | undefined>;
}
