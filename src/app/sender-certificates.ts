import { atField, domainError, type DomainError } from '../domain/errors.js';
import type { EnterprisePrincipal } from '../domain/principal.js';
import { ok, type Result } from '../domain/result.js';
import {
  checkRegistrable,
  parseCertificateHolder,
  parseFingerprint256,
  validAt,
} from '../domain/sender-certificate.js';
import { parseBoundedText } from '../domain/text.js';
import type { SenderCertificateRecord } from '../store/sender-certificate-repository.js';
import type { AppDeps } from './app-deps.js';
import { fail, failAll, type Failure } from './failure.js';
import { readCertificate } from './read-certificate.js';

/** What a certificate is registered for. */
export interface NewCertificateInput {
  /** The certificate in PEM form (`-----BEGIN CERTIFICATE-----`), alone: never its private key. */
  readonly pem: string;
  /** `company` or `provider`: the roles that send presences through the web service. */
  readonly role: string;
  readonly enterprise?: string | undefined;
  /** Who or what sends with it. */
  readonly name: string;
}

/** The longest name of a certificate's sender. */
const MAX_NAME_LENGTH = 200;

/**
 * Registers a sender's X.509 certificate for a company or a provider: a web-service call signed with its private
 * key then acts for that principal. Refused, each field named: a role other than company or provider, a wrong
 * enterprise number, a blank name; text that is not one certificate (`CERTIFICATE_INVALID`) or holds a private
 * key (`CERTIFICATE_PRIVATE_KEY`); a certificate expired (`CERTIFICATE_EXPIRED`) or with a weak key
 * (`CERTIFICATE_KEY_TOO_WEAK`, RSA under 2048 bits); and one registered already and not revoked
 * (`CERTIFICATE_ALREADY_REGISTERED`). A certificate not yet valid is taken: a successor is registered ahead.
 */
export async function registerCertificate(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random'>,
  input: NewCertificateInput,
): Promise<Result<SenderCertificateRecord, Failure>> {
  const now = deps.clock.now();
  const errors: DomainError[] = [];
  const holder = parseCertificateHolder(input);
  if (!holder.ok) errors.push(holder.error);
  const name = parseBoundedText(input.name, 'The name', MAX_NAME_LENGTH);
  if (!name.ok) errors.push(atField(name.error, 'name'));
  const read = readCertificate(input.pem);
  const facts = read.ok ? checkRegistrable(read.value, now) : read;
  if (!facts.ok) errors.push(facts.error);
  if (!holder.ok || !name.ok || !facts.ok) return failAll(errors);
  const creation = await deps.store.senderCertificates.create({
    id: deps.random.uuid(),
    fingerprint256: facts.value.fingerprint256,
    subject: facts.value.subject,
    notBefore: facts.value.notBefore.toISOString(),
    notAfter: facts.value.notAfter.toISOString(),
    ...holder.value,
    name: name.value,
    createdAt: now.toISOString(),
  });
  switch (creation.kind) {
    case 'REGISTERED':
      return ok(creation.certificate);
    case 'ALREADY_REGISTERED': {
      const { id, role, enterprise } = creation.certificate;
      return fail(
        domainError(
          'CERTIFICATE_ALREADY_REGISTERED',
          `This certificate is registered already (${id}, ${role} ${enterprise}): revoke that one first.`,
          'certificate',
        ),
      );
    }
  }
}

/** Every certificate registered, revoked ones included, oldest first. */
export async function listCertificates(deps: Pick<AppDeps, 'store'>): Promise<SenderCertificateRecord[]> {
  return deps.store.senderCertificates.list();
}

/** Revokes a certificate at once: from now on, calls signed with it are refused. */
export async function revokeCertificate(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  id: string,
): Promise<Result<SenderCertificateRecord, Failure>> {
  const revoked = await deps.store.senderCertificates.revoke(id, deps.clock.now().toISOString());
  return revoked === undefined
    ? fail(domainError('CERTIFICATE_NOT_FOUND', `No registered certificate has the id ${id}.`, 'id'))
    : ok(revoked);
}

/**
 * The principal a web-service call acts for, from the SHA-256 fingerprint of the certificate its signature was
 * checked with (`AB:CD:…`, as node's `X509Certificate.fingerprint256`; colons and case do not matter): a company
 * or a provider, with its enterprise number, as an API key's — mandates and contractor chains apply alike. Its
 * `keyId` is `cert:<the certificate's id>`. Undefined for a certificate not registered, revoked, or outside its
 * validity at `now`.
 */
export async function authenticateCertificate(
  deps: Pick<AppDeps, 'store'>,
  fingerprint256: string,
  now: Date,
): Promise<EnterprisePrincipal | undefined> {
  const fingerprint = parseFingerprint256(fingerprint256);
  if (!fingerprint.ok) return undefined;
  const certificate = await deps.store.senderCertificates.findByFingerprint(fingerprint.value);
  if (certificate === undefined || certificate.revokedAt !== undefined || !validAt(certificate, now))
    return undefined;
  return {
    role: certificate.role,
    enterprise: certificate.enterprise,
    keyId: `cert:${certificate.id}`,
    name: certificate.name,
  };
}
