import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { CertificateRole, Fingerprint256 } from '../domain/sender-certificate.js';

/**
 * A sender's X.509 certificate, registered for a company or a provider: a call of the web service signed with
 * its private key acts for that principal. Only what identifies the certificate is kept, never a private key.
 */
export interface SenderCertificateRecord {
  readonly id: string;
  readonly fingerprint256: Fingerprint256;
  /** The subject's distinguished name, on one line. */
  readonly subject: string;
  /** The certificate's own validity: ISO-8601 instants. */
  readonly notBefore: string;
  readonly notAfter: string;
  readonly role: CertificateRole;
  readonly enterprise: EnterpriseNumber;
  /** Who or what sends with it, as the administrator named it. */
  readonly name: string;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

/** What became of a registration: stored, or refused because the certificate is registered and not revoked. */
export type CertificateCreation =
  | { readonly kind: 'REGISTERED'; readonly certificate: SenderCertificateRecord }
  | { readonly kind: 'ALREADY_REGISTERED'; readonly certificate: SenderCertificateRecord };

/** Where senders' certificates are kept. */
export interface SenderCertificateRepository {
  /**
   * Stores a certificate, unless one with the same fingerprint is registered and not revoked — which is returned
   * instead, nothing written (even for registrations at the same moment). A revoked one may be registered again.
   */
  create(certificate: SenderCertificateRecord): Promise<CertificateCreation>;
  /** The certificate registered with this fingerprint and not revoked; read on every signed call. */
  findByFingerprint(fingerprint256: Fingerprint256): Promise<SenderCertificateRecord | undefined>;
  /** Every certificate, revoked ones included, oldest first. */
  list(): Promise<SenderCertificateRecord[]>;
  /**
   * Revokes a certificate and returns it; undefined when none has this id. Revoking twice keeps the first date.
   */
  revoke(id: string, at: string): Promise<SenderCertificateRecord | undefined>;
}
