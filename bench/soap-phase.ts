import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareSoapSigner, signSoapEnvelope } from '../src/soap/ws-security-sign.js';
import type { BenchOptions } from './options.js';
import type { LoadSpec } from './load.js';
import { SOAP_TARGET } from './verdicts.js';
import { PreparedBodies, type PresenceFactory, type PresenceItem } from './presence-factory.js';

/**
 * The sender of the web-service phase: the test sender's certificate and key (test-only, test/fixtures/soap),
 * registered for the bench's company by `certs add`.
 */
export function benchSigner(root: string): {
  certificateFile: string;
  privateKeyPem: string;
  certificatePem: string;
} {
  const certificateFile = join(root, 'test/fixtures/soap/sender.cert.pem');
  return {
    certificateFile,
    certificatePem: readFileSync(certificateFile, 'utf8'),
    privateKeyPem: readFileSync(join(root, 'test/fixtures/soap/sender.key.pem'), 'utf8'),
  };
}

/** The most bodies signed ahead: about a minute and a half of signing, well within a signature's 5 minutes. */
const MOST_SIGNED_AHEAD = 200;

/** A `registerPresences` envelope of these items (as software speaking the official protocol writes it). */
export function registerEnvelope(items: readonly PresenceItem[]): string {
  const registrations = items
    .map(
      (item) =>
        '<v1:PresenceRegistrationRequest>' +
        `<t:RegistrationDate>${item.registrationDate}</t:RegistrationDate><t:INSS>${item.worker.niss}</t:INSS>` +
        `<t:CompanyID>${item.employer}</t:CompanyID><t:WorkPlaceId>${item.workplaceId}</t:WorkPlaceId>` +
        `<t:ClientPresenceRegistrationReference>${item.clientReference}</t:ClientPresenceRegistrationReference>` +
        '</v1:PresenceRegistrationRequest>',
    )
    .join('');
  return (
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"' +
    ' xmlns:v1="http://socialsecurity.be/presenceregistration/v1"' +
    ' xmlns:t="http://socialsecurity.be/presenceregistration/schemas/v1">' +
    `<soap:Body><v1:RegisterPresencesRequest>${registrations}</v1:RegisterPresencesRequest></soap:Body></soap:Envelope>`
  );
}

/**
 * Checks a `registerPresences` answer: HTTP 200 and as many registrations as items sent, none refused. (Each
 * item's worker and reference are new: a registration in the answer is a new one.)
 */
export function soapRegistrationProblem(status: number, body: string, items: number): string | undefined {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 300)}`;
  const registered = body.split('<type:PresenceRegistration>').length - 1;
  if (body.includes('PresenceRegistrationError>')) return `an item refused: ${body.slice(0, 600)}`;
  return registered === items ? undefined : `${registered} registrations for ${items} items`;
}

/**
 * Signed bodies made before the phase: each request is signed anew (a signed message is accepted once), and
 * signing 200 items costs the load generator a few hundred milliseconds. As many as the phase takes should the
 * web service reach its target (0.7 of `perSecond`, what the JSON batches reached), but never more than
 * {@link MOST_SIGNED_AHEAD}: a signed message expires 5 minutes after it is made, and signing more would outlast
 * that. Past them, bodies are signed on the fly.
 */
export function signedBodies(
  options: BenchOptions,
  factory: PresenceFactory,
  signer: { privateKeyPem: string; certificatePem: string },
  perSecond: number,
): PreparedBodies {
  const wanted =
    Math.ceil(Math.max(perSecond, 5) * SOAP_TARGET * (options.warmupS + options.durationS)) +
    options.connections.batch;
  const count = Math.min(wanted, MOST_SIGNED_AHEAD);
  const prepared = prepareSoapSigner(signer);
  return new PreparedBodies(
    () => signSoapEnvelope(registerEnvelope(factory.batch(options.batchSize)), prepared, { now: new Date() }),
    count,
  );
}

/** The spec of (s): 200-item registerPresences calls, from as many connections as (c). */
export function soapSpec(options: BenchOptions, url: string, bodies: PreparedBodies): LoadSpec {
  return {
    url,
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
    body: () => bodies.take(),
    connections: options.connections.batch,
    durationS: options.durationS,
    check: (status, body) => soapRegistrationProblem(status, body, options.batchSize),
    checkEvery: 4,
  };
}
