import { X509Certificate, type KeyObject } from 'node:crypto';
import { domainError, type DomainError } from '../domain/errors.js';
import { err, ok, type Result } from '../domain/result.js';
import {
  parseFingerprint256,
  type CertificateFacts,
  type CertificateKey,
} from '../domain/sender-certificate.js';

/** The longest text read as a certificate: a certificate is 1–2 KiB, 64 KiB is already a lot. */
export const MAX_CERTIFICATE_PEM_LENGTH = 64 * 1024;

/** A private key in any PEM form: PKCS#8, encrypted, RSA, EC, OpenSSH, … */
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----/;
const CERTIFICATE = /-----BEGIN CERTIFICATE-----/g;

/**
 * Reads what the registry needs of one X.509 certificate in PEM form. Refused: any text holding a private key
 * (`CERTIFICATE_PRIVATE_KEY` — the key never leaves the sender, and is neither kept nor repeated), and text that
 * is not exactly one readable certificate (`CERTIFICATE_INVALID`: none, a public key alone, a whole chain).
 */
export function readCertificate(pem: string): Result<CertificateFacts, DomainError> {
  const invalid = (why: string) => err(domainError('CERTIFICATE_INVALID', why, 'certificate'));
  if (PRIVATE_KEY.test(pem))
    return err(
      domainError(
        'CERTIFICATE_PRIVATE_KEY',
        'This holds a private key: give the certificate alone (-----BEGIN CERTIFICATE-----); the private key stays with the sender.',
        'certificate',
      ),
    );
  if (pem.length > MAX_CERTIFICATE_PEM_LENGTH)
    return invalid(`A certificate in PEM form is far shorter than ${MAX_CERTIFICATE_PEM_LENGTH} characters.`);
  const certificates = pem.match(CERTIFICATE)?.length ?? 0;
  if (certificates === 0)
    return invalid(
      pem.includes('-----BEGIN PUBLIC KEY-----')
        ? 'This is a public key alone: give the certificate that holds it (-----BEGIN CERTIFICATE-----).'
        : 'This is no X.509 certificate in PEM form (-----BEGIN CERTIFICATE-----).',
    );
  if (certificates > 1)
    return invalid(
      `This holds ${certificates} certificates: give the sender's own alone, without the chain that issued it.`,
    );
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    return invalid('This certificate cannot be read: its PEM block is damaged or is not X.509.');
  }
  const fingerprint256 = parseFingerprint256(certificate.fingerprint256);
  const notBefore = new Date(certificate.validFrom);
  const notAfter = new Date(certificate.validTo);
  if (!fingerprint256.ok || Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime()))
    return invalid('This certificate cannot be read: its fingerprint or its validity is not understood.');
  return ok({
    fingerprint256: fingerprint256.value,
    subject: certificate.subject.split('\n').join(', '),
    notBefore,
    notAfter,
    key: keyOf(certificate.publicKey),
  });
}

function keyOf(key: KeyObject): CertificateKey {
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails;
  if (type === 'ec') {
    const curveBits = /^(?:prime|secp|brainpoolP)(\d+)/.exec(details?.namedCurve ?? '')?.[1];
    return { type, bits: curveBits === undefined ? undefined : Number(curveBits) };
  }
  return { type, bits: details?.modulusLength };
}
