import { createHash, createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { readPlainEnvelope } from './plain-envelope.js';
import {
  BASE64_BINARY_ENCODING,
  childElements,
  DS_NS,
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

/**
 * A {@link SoapSigner} read once: its key, its certificate, and the certificate's base64 DER (the
 * BinarySecurityToken's text), the key checked to be the certificate's. Make one per signer and sign every call
 * with it, so that nothing is parsed again per call.
 */
export interface PreparedSoapSigner {
  readonly privateKey: KeyObject;
  readonly certificate: X509Certificate;
  /** The certificate, DER in base64, as the BinarySecurityToken holds it. */
  readonly token: string;
}

/**
 * Reads a signer's PEM key and certificate once. Throws when the key is not the certificate's (the message says
 * so), or when either PEM cannot be read.
 *
 * @example
 * const signer = prepareSoapSigner(readSigner(files));
 * const signed = signSoapEnvelope(buildSoapRequest(request), signer, { now: clock.now() });
 */
export function prepareSoapSigner(signer: SoapSigner): PreparedSoapSigner {
  const certificate = new X509Certificate(signer.certificatePem);
  const privateKey = createPrivateKey(signer.privateKeyPem);
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new Error('Cannot sign this message: the private key is not the key of the certificate.');
  }
  return Object.freeze({ privateKey, certificate, token: certificate.raw.toString('base64') });
}

/** The clock of {@link signSoapEnvelope} and the lifetime of the Timestamp it writes. */
export interface SignSoapEnvelopeOptions {
  /** The Timestamp's Created. */
  readonly now: Date;
  /** Expires − Created, in seconds; 300 unless said (what the registry accepts at most by default). */
  readonly lifetimeSeconds?: number;
  /**
   * The `wsu:Id`s to write, for output that tests can reproduce: fresh ones (`X509-…`, `TS-…`, `id-…` with a
   * random UUID) unless given. Each must be an NCName of ASCII letters, digits, `_`, `-` and `.`. A Body that has a
   * `wsu:Id` keeps it.
   */
  readonly ids?: { readonly token?: string; readonly timestamp?: string; readonly body?: string };
}

const DEFAULT_LIFETIME_SECONDS = 300;

/**
 * Signs a SOAP 1.1 message as a WSS 1.0 X.509 stack does (Apache WSS4J/CXF, node `soap`'s WSSecurityCert): adds a
 * `wsse:Security` header (`mustUnderstand="1"`, creating the `soap:Header` when absent) holding a `wsu:Timestamp`,
 * the certificate as a `wsse:BinarySecurityToken` (X.509v3, base64 DER) and a `ds:Signature` — exclusive c14n,
 * RSA-SHA256, SHA-256 digests — over the `soap:Body` and the Timestamp by their `wsu:Id`, its KeyInfo a
 * `wsse:SecurityTokenReference` to the token. What {@link verifyWsSecurity} accepts.
 *
 * An envelope of the plain form `buildSoapRequest` writes is signed from its text ({@link signPlainSoapEnvelope}:
 * the message as given, the header spliced in); any other goes through xml-crypto ({@link signAnySoapEnvelope}).
 * Both sign the same canonical forms, so a verifier cannot tell which did. Give a {@link PreparedSoapSigner} when
 * signing more than once: a {@link SoapSigner}'s PEMs are read again on each call.
 *
 * For the example client and the relay: it throws on input its caller controls (not a SOAP 1.1 Envelope, an
 * Envelope already holding a Security header, a key that is not the certificate's).
 *
 * @example
 * const signed = signSoapEnvelope(envelope, prepareSoapSigner({ privateKeyPem, certificatePem }), { now: clock.now() });
 */
export function signSoapEnvelope(
  envelopeXml: string,
  signer: SoapSigner | PreparedSoapSigner,
  options: SignSoapEnvelopeOptions,
): string {
  const prepared = 'privateKey' in signer ? signer : prepareSoapSigner(signer);
  return (
    signPlainSoapEnvelope(envelopeXml, prepared, options) ??
    signAnySoapEnvelope(envelopeXml, prepared, options)
  );
}

/**
 * {@link signSoapEnvelope} for an envelope of the plain form `readPlainEnvelope` reads (what `buildSoapRequest`
 * writes), without a DOM: the Body's exclusive canonical form is computed from the text, the Timestamp's and the
 * SignedInfo's are written canonical, and the message is returned as given with the Header (Security header
 * inside) inserted before the Body and `xmlns:wsu`, `wsu:Id` added to the Body's start tag — every character
 * reference kept, a carriage return's included. Undefined for any other envelope.
 */
export function signPlainSoapEnvelope(
  envelopeXml: string,
  signer: PreparedSoapSigner,
  options: SignSoapEnvelopeOptions,
): string | undefined {
  const ids = idsOf(options);
  const envelope = readPlainEnvelope(envelopeXml, ids.body);
  if (envelope === undefined) return undefined;
  const { created, expires } = lifetimeOf(options);
  const timestamp =
    `<wsu:Timestamp wsu:Id="${ids.timestamp}"><wsu:Created>${created}</wsu:Created>` +
    `<wsu:Expires>${expires}</wsu:Expires></wsu:Timestamp>`;
  // Canonical, the Timestamp declares the prefix it uses (the Security header does, in the message).
  const canonicalTimestamp = timestamp.replace('<wsu:Timestamp', `<wsu:Timestamp xmlns:wsu="${WSU_NS}"`);
  const references =
    referenceTo(ids.body, envelope.canonicalBody) + referenceTo(ids.timestamp, canonicalTimestamp);
  const signedInfo =
    `<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${EXCLUSIVE_C14N}"></ds:CanonicalizationMethod>` +
    `<ds:SignatureMethod Algorithm="${RSA_SHA256}"></ds:SignatureMethod>${references}</ds:SignedInfo>`;
  const canonicalSignedInfo = signedInfo.replace('<ds:SignedInfo>', `<ds:SignedInfo xmlns:ds="${DS_NS}">`);
  const signatureValue = sign('sha256', Buffer.from(canonicalSignedInfo, 'utf8'), signer.privateKey);

  const soap = envelope.soapPrefix;
  const header =
    `<${soap}:Header><wsse:Security xmlns:wsse="${WSSE_NS}" xmlns:wsu="${WSU_NS}" ${soap}:mustUnderstand="1">` +
    timestamp +
    `<wsse:BinarySecurityToken EncodingType="${BASE64_BINARY_ENCODING}" ValueType="${X509V3_TOKEN_TYPE}" ` +
    `wsu:Id="${ids.token}">${signer.token}</wsse:BinarySecurityToken>` +
    `<ds:Signature xmlns:ds="${DS_NS}">${signedInfo}` +
    `<ds:SignatureValue>${signatureValue.toString('base64')}</ds:SignatureValue>` +
    `<ds:KeyInfo>${keyInfoOf(ids.token)}</ds:KeyInfo></ds:Signature></wsse:Security></${soap}:Header>`;
  const body = `<${envelope.bodyName} xmlns:wsu="${WSU_NS}" wsu:Id="${ids.body}">`;
  return envelopeXml.slice(0, envelope.bodyTagStart) + header + body + envelopeXml.slice(envelope.bodyTagEnd);
}

/**
 * {@link signSoapEnvelope} for any SOAP 1.1 envelope, through a DOM and xml-crypto's `SignedXml`: the message is
 * parsed, given its header, serialized, and signed (xml-crypto parses it again and serializes the result).
 */
export function signAnySoapEnvelope(
  envelopeXml: string,
  signer: PreparedSoapSigner,
  options: SignSoapEnvelopeOptions,
): string {
  const parsed = readSoapEnvelope(envelopeXml);
  if (!parsed.ok) throw new Error(`Cannot sign this message: ${parsed.error.message}`);
  const { document, envelope, body } = parsed.value;
  const header = parsed.value.header ?? addHeader(document, envelope, body);
  if (childElements(header).some((element) => isNamed(element, WSSE_NS, 'Security'))) {
    throw new Error('Cannot sign this message: it already holds a wsse:Security header.');
  }

  const ids = idsOf(options);
  const bodyId = wsuId(body) ?? ids.body;
  if (wsuId(body) === undefined) {
    body.setAttributeNS(XMLNS_NS, 'xmlns:wsu', WSU_NS);
    body.setAttributeNS(WSU_NS, 'wsu:Id', bodyId);
  }
  const { created, expires } = lifetimeOf(options);
  header.appendChild(
    securityHeader(document, envelope, {
      tokenId: ids.token,
      timestampId: ids.timestamp,
      token: signer.token,
      created,
      expires,
    }),
  );

  const signature = new SignedXml({
    privateKey: signer.privateKey,
    idMode: 'wssecurity',
    canonicalizationAlgorithm: EXCLUSIVE_C14N,
    signatureAlgorithm: RSA_SHA256,
    getKeyInfoContent: () => keyInfoOf(ids.token),
  });
  for (const id of [bodyId, ids.timestamp]) {
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

interface Ids {
  readonly token: string;
  readonly timestamp: string;
  readonly body: string;
}

const NCNAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

function idsOf(options: SignSoapEnvelopeOptions): Ids {
  const ids = {
    token: options.ids?.token ?? `X509-${randomUUID()}`,
    timestamp: options.ids?.timestamp ?? `TS-${randomUUID()}`,
    body: options.ids?.body ?? `id-${randomUUID()}`,
  };
  for (const id of Object.values(ids)) {
    if (!NCNAME.test(id)) throw new Error(`Cannot sign this message: ${JSON.stringify(id)} is not a wsu:Id.`);
  }
  return ids;
}

/** The Timestamp's Created and Expires, as written. */
function lifetimeOf(options: SignSoapEnvelopeOptions): {
  readonly created: string;
  readonly expires: string;
} {
  const lifetime = (options.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS) * 1000;
  return {
    created: options.now.toISOString(),
    expires: new Date(options.now.getTime() + lifetime).toISOString(),
  };
}

/** A SignedInfo's Reference, in canonical form, to the element of this `wsu:Id` and exclusive canonical form. */
function referenceTo(id: string, canonical: string): string {
  const digest = createHash('sha256').update(canonical, 'utf8').digest('base64');
  return (
    `<ds:Reference URI="#${id}"><ds:Transforms><ds:Transform Algorithm="${EXCLUSIVE_C14N}"></ds:Transform>` +
    `</ds:Transforms><ds:DigestMethod Algorithm="${SHA256}"></ds:DigestMethod>` +
    `<ds:DigestValue>${digest}</ds:DigestValue></ds:Reference>`
  );
}

/** The signature's KeyInfo content: a reference to the BinarySecurityToken. */
function keyInfoOf(tokenId: string): string {
  return (
    '<wsse:SecurityTokenReference>' +
    `<wsse:Reference URI="#${tokenId}" ValueType="${X509V3_TOKEN_TYPE}"/>` +
    '</wsse:SecurityTokenReference>'
  );
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
  /** The certificate, DER in base64. */
  readonly token: string;
  readonly created: string;
  readonly expires: string;
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
    element.appendChild(document.createTextNode(at));
    timestamp.appendChild(element);
  }
  security.appendChild(timestamp);

  const token = document.createElementNS(WSSE_NS, 'wsse:BinarySecurityToken');
  token.setAttribute('EncodingType', BASE64_BINARY_ENCODING);
  token.setAttribute('ValueType', X509V3_TOKEN_TYPE);
  token.setAttributeNS(WSU_NS, 'wsu:Id', parts.tokenId);
  token.appendChild(document.createTextNode(parts.token));
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
