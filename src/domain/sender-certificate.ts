import { parseEnterpriseNumber, type EnterpriseNumber } from './enterprise-number.js';
import { atField, domainError, type DomainError } from './errors.js';
import type { Role } from './principal.js';
import { err, ok, type Result } from './result.js';

/**
 * The roles a sender's X.509 certificate may stand for: those that register and cancel presences, which is all
 * the social security's web service (PresenceRegistration) does. A company calls for itself, a provider for the
 * companies that mandated it; the contact center, inspectors and administrators send nothing through it.
 */
export const CERTIFICATE_ROLES = ['company', 'provider'] as const satisfies readonly Role[];
export type CertificateRole = (typeof CERTIFICATE_ROLES)[number];

/** Whom a certificate stands for: a company or a provider, with its enterprise number. */
export interface CertificateHolder {
  readonly role: CertificateRole;
  readonly enterprise: EnterpriseNumber;
}

/**
 * Parses whom a certificate is registered for: `company` or `provider` (`FIELD_VALUE` for any other role), with
 * its enterprise number (`ENTERPRISE_REQUIRED_FOR_ROLE` without one, `ENTERPRISE_NUMBER_…` for a wrong one).
 */
export function parseCertificateHolder(input: {
  readonly role: string;
  readonly enterprise?: string | undefined;
}): Result<CertificateHolder, DomainError> {
  if (!(CERTIFICATE_ROLES as readonly string[]).includes(input.role))
    return err(
      domainError(
        'FIELD_VALUE',
        `A sender's certificate stands for a company or a provider: the role is ${CERTIFICATE_ROLES.join(' or ')}.`,
        'role',
      ),
    );
  const role = input.role as CertificateRole;
  if (input.enterprise === undefined || input.enterprise.trim() === '')
    return err(
      domainError(
        'ENTERPRISE_REQUIRED_FOR_ROLE',
        `A ${role}'s certificate names its enterprise number.`,
        'enterprise',
      ),
    );
  const enterprise = parseEnterpriseNumber(input.enterprise);
  return enterprise.ok
    ? ok({ role, enterprise: enterprise.value })
    : err(atField(enterprise.error, 'enterprise'));
}

declare const fingerprintBrand: unique symbol;

/**
 * A certificate's SHA-256 fingerprint as node's `X509Certificate.fingerprint256` writes it: 32 bytes in upper-case
 * hexadecimal, separated by colons (`AB:CD:…:EF`).
 */
export type Fingerprint256 = string & { readonly [fingerprintBrand]: true };

/**
 * Parses a SHA-256 fingerprint written with or without colons (or spaces), in either case, into the one spelling
 * certificates are registered and looked up by.
 *
 * @example parseFingerprint256('23a26d01…8683') // ok: '23:A2:6D:01:…:86:83'
 */
export function parseFingerprint256(raw: string): Result<Fingerprint256, DomainError> {
  const hex = raw.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex))
    return err(
      domainError('FIELD_FORMAT', 'A SHA-256 fingerprint is 32 bytes in hexadecimal, such as 23:A2:6D:…'),
    );
  return ok((hex.match(/../g) ?? []).join(':') as Fingerprint256);
}

/** The shortest RSA (or DSA) key accepted: 2048 bits. */
export const MIN_RSA_BITS = 2048;
/** The smallest elliptic curve accepted: 256 bits (P-256). */
export const MIN_EC_BITS = 256;

/** A certificate's public key, as far as its strength goes: its type (node's names) and its size in bits. */
export interface CertificateKey {
  /** `rsa`, `rsa-pss`, `dsa`, `ec`, `ed25519`, `ed448`, … */
  readonly type: string;
  /** The modulus of an RSA or DSA key, the curve's size of an EC key; unknown for the others. */
  readonly bits?: number | undefined;
}

/** What the registry reads of a certificate to decide whether it may be registered. */
export interface CertificateFacts {
  readonly fingerprint256: Fingerprint256;
  /** The subject's distinguished name, on one line (`CN=…, O=…`). */
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly key: CertificateKey;
}

/**
 * Whether a certificate may be registered at `now`: `CERTIFICATE_EXPIRED` past its end, and
 * `CERTIFICATE_KEY_TOO_WEAK` for an RSA or DSA key under {@link MIN_RSA_BITS} bits, an elliptic curve under
 * {@link MIN_EC_BITS}, or a key that signs nothing. One not yet valid may be: a successor is registered ahead.
 */
export function checkRegistrable(facts: CertificateFacts, now: Date): Result<CertificateFacts, DomainError> {
  if (facts.notAfter.getTime() < now.getTime())
    return err(
      domainError(
        'CERTIFICATE_EXPIRED',
        `This certificate expired on ${facts.notAfter.toISOString()}: register its successor.`,
        'certificate',
      ),
    );
  const weakness = keyWeakness(facts.key);
  return weakness === undefined
    ? ok(facts)
    : err(domainError('CERTIFICATE_KEY_TOO_WEAK', weakness, 'certificate'));
}

function keyWeakness({ type, bits }: CertificateKey): string | undefined {
  switch (type) {
    case 'rsa':
    case 'rsa-pss':
    case 'dsa':
      return bits !== undefined && bits >= MIN_RSA_BITS
        ? undefined
        : `This certificate's ${type.toUpperCase()} key has ${bits ?? 'too few'} bits: ${MIN_RSA_BITS} at least.`;
    case 'ec':
      return bits !== undefined && bits >= MIN_EC_BITS
        ? undefined
        : `This certificate's elliptic curve is too small (or unknown): ${MIN_EC_BITS} bits at least.`;
    case 'ed25519':
    case 'ed448':
      return undefined;
    default:
      return `This certificate's key (${type}) cannot sign: it needs an RSA key of ${MIN_RSA_BITS} bits at least.`;
  }
}

/**
 * Whether a certificate is valid at a moment: from its `notBefore` to its `notAfter`, both included (X.509's
 * own reading). A revoked certificate is not, whatever its dates: that is for its registration to say.
 */
export function validAt(
  certificate: { readonly notBefore: string; readonly notAfter: string },
  at: Date,
): boolean {
  const time = at.getTime();
  return Date.parse(certificate.notBefore) <= time && time <= Date.parse(certificate.notAfter);
}
