import { createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import {
  BASE64_BINARY_ENCODING,
  childElements,
  EXCLUSIVE_C14N,
  isNamed,
  readSoapEnvelope,
  RSA_SHA256,
  SHA256,
  SOAP11_NS,
  WSSE_NS,
  WSU_NS,
  X509V3_TOKEN_TYPE,
} from './ws-security.js';

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** Who signs: a PEM private key (PKCS#8 or PKCS#1, unencrypted) and the PEM certificate registered for it. */
export interface SoapSigner {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

/** The clock of {@link signSoapEnvelope} and the lifetime of the Timestamp it writes. */
export interface SignSoapEnvelopeOptions {
  /** The Timestamp's Created. */
  readonly now: Date;
  /** Expires − Created, in seconds; 300 unless said (what the registry accepts at most by default). */
  readonly lifetimeSeconds?: number;
}

const DEFAULT_LIFETIME_SECONDS = 300;

/**
 * Signs a SOAP 1.1 message as a WSS 1.0 X.509 stack does (Apache WSS4J/CXF, node `soap`'s WSSecurityCert): adds a
 * `wsse:Security` header (`mustUnderstand="1"`, creating the `soap:Header` when absent) holding a `wsu:Timestamp`,
 * the certificate as a `wsse:BinarySecurityToken` (X.509v3, base64 DER) and a `ds:Signature` — exclusive c14n,
 * RSA-SHA256, SHA-256 digests — over the `soap:Body` and the Timestamp by their `wsu:Id`, its KeyInfo a
 * `wsse:SecurityTokenReference` to the token. What {@link verifyWsSecurity} accepts.
 *
 * For the example client and the relay: it throws on input its caller controls (not a SOAP 1.1 Envelope, an
 * Envelope already holding a Security header, a key that is not the certificate's).
 *
 * @example
 * const signed = signSoapEnvelope(envelope, { privateKeyPem, certificatePem }, { now: clock.now() });
 */
export function signSoapEnvelope(
  envelopeXml: string,
  signer: SoapSigner,
  options: SignSoapEnvelopeOptions,
): string {
  const parsed = readSoapEnvelope(envelopeXml);
  if (!parsed.ok) throw new Error(`Cannot sign this message: ${parsed.error.message}`);
  const { document, envelope, body } = parsed.value;
  const certificate = new X509Certificate(signer.certificatePem);
  const privateKey = createPrivateKey(signer.privateKeyPem);
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new Error('Cannot sign this message: the private key is not the key of the certificate.');
  }
  const header = parsed.value.header ?? addHeader(document, envelope, body);
  if (childElements(header).some((element) => isNamed(element, WSSE_NS, 'Security'))) {
    throw new Error('Cannot sign this message: it already holds a wsse:Security header.');
  }

  const tokenId = `X509-${randomUUID()}`;
  const timestampId = `TS-${randomUUID()}`;
  const bodyId = wsuId(body) ?? `id-${randomUUID()}`;
  if (wsuId(body) === undefined) {
    body.setAttributeNS(XMLNS_NS, 'xmlns:wsu', WSU_NS);
    body.setAttributeNS(WSU_NS, 'wsu:Id', bodyId);
  }
  const lifetime = (options.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS) * 1000;
  header.appendChild(
    securityHeader(document, envelope, {
      tokenId,
      timestampId,
      certificate,
      created: options.now,
      expires: new Date(options.now.getTime() + lifetime),
    }),
  );

  const keyInfo =
    '<wsse:SecurityTokenReference>' +
    `<wsse:Reference URI="#${tokenId}" ValueType="${X509V3_TOKEN_TYPE}"/>` +
    '</wsse:SecurityTokenReference>';
  const signature = new SignedXml({
    privateKey,
    idMode: 'wssecurity',
    canonicalizationAlgorithm: EXCLUSIVE_C14N,
    signatureAlgorithm: RSA_SHA256,
    getKeyInfoContent: () => keyInfo,
  });
  for (const id of [bodyId, timestampId]) {
    signature.addReference({ xpath: byWsuId(id), transforms: [EXCLUSIVE_C14N], digestAlgorithm: SHA256 });
  }
  signature.computeSignature(new XMLSerializer().serializeToString(document), {
    prefix: 'ds',
    location: {
      reference: `//*[local-name(.)='Security' and namespace-uri(.)='${WSSE_NS}']`,
      action: 'append',
    },
    existingPrefixes: { wsse: WSSE_NS, wsu: WSU_NS },
  });
  return signature.getSignedXml();
}

/** Adds an empty `soap:Header`, with the Envelope's prefix, before the Body. */
function addHeader(document: Document, envelope: Element, body: Element): Element {
  const header = document.createElementNS(SOAP11_NS, qualified(envelope.prefix, 'Header'));
  envelope.insertBefore(header, body);
  return header;
}

interface SecurityParts {
  readonly tokenId: string;
  readonly timestampId: string;
  readonly certificate: X509Certificate;
  readonly created: Date;
  readonly expires: Date;
}

/** The `wsse:Security` header before the signature: the Timestamp first, then the token the signature uses. */
function securityHeader(document: Document, envelope: Element, parts: SecurityParts): Element {
  const security = document.createElementNS(WSSE_NS, 'wsse:Security');
  security.setAttributeNS(XMLNS_NS, 'xmlns:wsse', WSSE_NS);
  security.setAttributeNS(XMLNS_NS, 'xmlns:wsu', WSU_NS);
  const soapPrefix = envelope.prefix ?? 'soap';
  if (envelope.prefix === null) security.setAttributeNS(XMLNS_NS, `xmlns:${soapPrefix}`, SOAP11_NS);
  security.setAttributeNS(SOAP11_NS, `${soapPrefix}:mustUnderstand`, '1');

  const timestamp = document.createElementNS(WSU_NS, 'wsu:Timestamp');
  timestamp.setAttributeNS(WSU_NS, 'wsu:Id', parts.timestampId);
  for (const [name, at] of [
    ['wsu:Created', parts.created],
    ['wsu:Expires', parts.expires],
  ] as const) {
    const element = document.createElementNS(WSU_NS, name);
    element.appendChild(document.createTextNode(at.toISOString()));
    timestamp.appendChild(element);
  }
  security.appendChild(timestamp);

  const token = document.createElementNS(WSSE_NS, 'wsse:BinarySecurityToken');
  token.setAttribute('EncodingType', BASE64_BINARY_ENCODING);
  token.setAttribute('ValueType', X509V3_TOKEN_TYPE);
  token.setAttributeNS(WSU_NS, 'wsu:Id', parts.tokenId);
  token.appendChild(document.createTextNode(parts.certificate.raw.toString('base64')));
  security.appendChild(token);
  return security;
}

/** An XPath that selects the element with this `wsu:Id`. */
function byWsuId(id: string): string {
  return `//*[@*[local-name(.)='Id' and namespace-uri(.)='${WSU_NS}']='${id}']`;
}

function wsuId(element: Element): string | undefined {
  return element.getAttributeNS(WSU_NS, 'Id') ?? undefined;
}

function qualified(prefix: string | null, localName: string): string {
  return prefix === null ? localName : `${prefix}:${localName}`;
}
