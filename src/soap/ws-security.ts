import { createHash, X509Certificate } from 'node:crypto';
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { err, ok, type Result } from '../domain/result.js';

/** The SOAP 1.1 envelope namespace, the only SOAP version PresenceRegistration v1 speaks. */
export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
/** OASIS WS-Security 1.0: the `wsse:` namespace (Security, BinarySecurityToken, SecurityTokenReference). */
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
/** OASIS WS-Security 1.0 utility: the `wsu:` namespace (Timestamp, Created, Expires, Id). */
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
/** XML Signature: the `ds:` namespace. */
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
/** The ValueType of an X.509v3 BinarySecurityToken (X.509 token profile 1.0). */
export const X509V3_TOKEN_TYPE =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3';
/** The EncodingType of a base64 BinarySecurityToken (SOAP message security 1.0). */
export const BASE64_BINARY_ENCODING =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
/** Exclusive XML canonicalization, without comments: the only canonicalization accepted. */
export const EXCLUSIVE_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
/** The enveloped-signature transform: a no-op on the Body and the Timestamp, sent by node `soap` before c14n. */
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
/** RSA PKCS#1 v1.5 with SHA-256: the signature algorithm this module signs with. */
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
/** RSA PKCS#1 v1.5 with SHA-512. */
export const RSA_SHA512 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512';
/** SHA-256 as a digest method: the one this module signs with. */
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
/** SHA-512 as a digest method. */
export const SHA512 = 'http://www.w3.org/2001/04/xmlenc#sha512';

/**
 * The signature methods accepted. RSA-SHA1 is not: SHA-1 collisions have been practical since 2017 (chosen-prefix
 * since 2020) and NIST disallows SHA-1 for new signatures; every current WSS stack can sign with RSA-SHA256
 * (for WS-SecurityPolicy suites that default to RSA-SHA1, such as Basic256Sha256, set the asymmetric signature
 * algorithm explicitly).
 */
export const SIGNATURE_METHODS: readonly string[] = [RSA_SHA256, RSA_SHA512];
/** The digest methods accepted: SHA-1 is refused, as for signatures. */
export const DIGEST_METHODS: readonly string[] = [SHA256, SHA512];

/** The smallest RSA key accepted in a sender's certificate, in bits. */
export const MIN_RSA_KEY_BITS = 2048;

/**
 * Why a message's WS-Security header is refused. Codes never change once published; messages may, and say what
 * the sender should change, never what the registry found inside (digests, values, parser errors).
 */
export const WS_SECURITY_REFUSAL_CODES = [
  'XML_DOCTYPE_FORBIDDEN',
  'XML_MALFORMED',
  'SOAP_ENVELOPE_INVALID',
  'ID_DUPLICATE',
  'SECURITY_HEADER_MISSING',
  'SECURITY_HEADER_INVALID',
  'TIMESTAMP_MISSING',
  'TIMESTAMP_MALFORMED',
  'TIMESTAMP_IN_FUTURE',
  'TIMESTAMP_EXPIRED',
  'TIMESTAMP_LIFETIME_TOO_LONG',
  'SIGNATURE_MISSING',
  'SIGNATURE_MALFORMED',
  'TOKEN_REFERENCE_UNSUPPORTED',
  'TOKEN_MISSING',
  'TOKEN_UNSUPPORTED',
  'TOKEN_MALFORMED',
  'TOKEN_KEY_UNSUPPORTED',
  'CERTIFICATE_NOT_YET_VALID',
  'CERTIFICATE_EXPIRED',
  'ALGORITHM_NOT_ALLOWED',
  'REFERENCE_UNRESOLVED',
  'BODY_NOT_SIGNED',
  'TIMESTAMP_NOT_SIGNED',
  'DIGEST_MISMATCH',
  'SIGNATURE_INVALID',
] as const;

/** A stable code of {@link WS_SECURITY_REFUSAL_CODES}. */
export type WsSecurityRefusalCode = (typeof WS_SECURITY_REFUSAL_CODES)[number];

/** The SOAP fault codes of WS-Security 1.1 (§12), for the route's `soap:Fault`. */
export type WssFaultCode =
  | 'wsse:UnsupportedSecurityToken'
  | 'wsse:UnsupportedAlgorithm'
  | 'wsse:InvalidSecurity'
  | 'wsse:InvalidSecurityToken'
  | 'wsse:FailedAuthentication'
  | 'wsse:FailedCheck'
  | 'wsse:SecurityTokenUnavailable'
  | 'wsse:MessageExpired';

/** A refused message: a stable code, a message for the sender's developer, and the WS-Security fault code. */
export interface WsSecurityRefusal {
  readonly code: WsSecurityRefusalCode;
  readonly message: string;
  readonly fault: WssFaultCode;
}

const FAULTS: Readonly<Record<WsSecurityRefusalCode, WssFaultCode>> = {
  XML_DOCTYPE_FORBIDDEN: 'wsse:InvalidSecurity',
  XML_MALFORMED: 'wsse:InvalidSecurity',
  SOAP_ENVELOPE_INVALID: 'wsse:InvalidSecurity',
  ID_DUPLICATE: 'wsse:InvalidSecurity',
  SECURITY_HEADER_MISSING: 'wsse:InvalidSecurity',
  SECURITY_HEADER_INVALID: 'wsse:InvalidSecurity',
  TIMESTAMP_MISSING: 'wsse:InvalidSecurity',
  TIMESTAMP_MALFORMED: 'wsse:InvalidSecurity',
  TIMESTAMP_IN_FUTURE: 'wsse:InvalidSecurity',
  TIMESTAMP_EXPIRED: 'wsse:MessageExpired',
  TIMESTAMP_LIFETIME_TOO_LONG: 'wsse:InvalidSecurity',
  SIGNATURE_MISSING: 'wsse:InvalidSecurity',
  SIGNATURE_MALFORMED: 'wsse:InvalidSecurity',
  TOKEN_REFERENCE_UNSUPPORTED: 'wsse:UnsupportedSecurityToken',
  TOKEN_MISSING: 'wsse:SecurityTokenUnavailable',
  TOKEN_UNSUPPORTED: 'wsse:UnsupportedSecurityToken',
  TOKEN_MALFORMED: 'wsse:InvalidSecurityToken',
  TOKEN_KEY_UNSUPPORTED: 'wsse:UnsupportedSecurityToken',
  CERTIFICATE_NOT_YET_VALID: 'wsse:InvalidSecurityToken',
  CERTIFICATE_EXPIRED: 'wsse:InvalidSecurityToken',
  ALGORITHM_NOT_ALLOWED: 'wsse:UnsupportedAlgorithm',
  REFERENCE_UNRESOLVED: 'wsse:InvalidSecurity',
  BODY_NOT_SIGNED: 'wsse:InvalidSecurity',
  TIMESTAMP_NOT_SIGNED: 'wsse:InvalidSecurity',
  DIGEST_MISMATCH: 'wsse:FailedCheck',
  SIGNATURE_INVALID: 'wsse:FailedCheck',
};

function refuse(
  code: WsSecurityRefusalCode,
  message: string,
): { readonly ok: false; readonly error: WsSecurityRefusal } {
  return err({ code, message, fault: FAULTS[code] });
}

/** What a verified message proves: who signed it (the certificate of its token), when, and what. */
export interface VerifiedSender {
  /** The certificate of the BinarySecurityToken, whose key made the signature; look it up in the registry. */
  readonly certificate: X509Certificate;
  /** The certificate's SHA-256 fingerprint as Node gives it (`AB:CD:…`, upper-case hex). */
  readonly fingerprint256: string;
  /** The signed Timestamp, as sent. */
  readonly timestamp: { readonly created: string; readonly expires: string };
  /** The SignatureValue, base64 re-encoded canonically: the key of {@link ReplayGuard}. */
  readonly signatureValue: string;
  /**
   * The `soap:Body` exactly as it was signed, in exclusive canonical form. Read the request from this rather than
   * from another parse of the message, so that no difference between two XML parsers can slip unsigned content in.
   */
  readonly signedBody: string;
}

/** The clock and the tolerances of {@link verifyWsSecurity}. */
export interface VerifyWsSecurityOptions {
  /** The time to check the Timestamp and the certificate against. */
  readonly now: Date;
  /** How far in the future a Created may be (the sender's clock running ahead); 300 unless said. */
  readonly maxSkewSeconds?: number;
  /** The longest Expires − Created accepted; 300 unless said. It also bounds what {@link ReplayGuard} keeps. */
  readonly maxLifetimeSeconds?: number;
}

const DEFAULT_MAX_SKEW_SECONDS = 300;
const DEFAULT_MAX_LIFETIME_SECONDS = 300;

/**
 * Verifies the WS-Security header of a SOAP 1.1 message (OASIS WSS 1.0, X.509 token profile): a
 * `wsse:BinarySecurityToken` (X.509v3, base64 DER), a `wsu:Timestamp` (Created, Expires), and a `ds:Signature`
 * (exclusive c14n, RSA-SHA256 or RSA-SHA512) whose References cover THE `soap:Envelope/soap:Body` and THE
 * Timestamp of the Security header by their Id, with a KeyInfo that points at the token
 * (`wsse:SecurityTokenReference/wsse:Reference URI="#…"`).
 *
 * It only proves that the holder of the token's key signed this Body now: whether that certificate is registered
 * for a principal is the caller's question, and so is replay ({@link ReplayGuard}). Any DOCTYPE or entity
 * declaration is refused before parsing; nothing is ever fetched.
 *
 * @example
 * const verified = verifyWsSecurity(xml, { now: clock.now() });
 * if (!verified.ok) return soapFault(verified.error);
 * if (replays.seen(verified.value.signatureValue, verified.value.timestamp.expires)) return soapFault(...);
 */
export function verifyWsSecurity(
  xml: string,
  options: VerifyWsSecurityOptions,
): Result<VerifiedSender, WsSecurityRefusal> {
  const envelope = readSoapEnvelope(xml);
  if (!envelope.ok) return envelope;
  const ids = indexIds(envelope.value.document);
  if (!ids.ok) return ids;
  const security = findSecurityHeader(envelope.value);
  if (!security.ok) return security;
  const timestamp = readTimestamp(security.value, options);
  if (!timestamp.ok) return timestamp;
  const signature = readSignature(security.value, envelope.value.document);
  if (!signature.ok) return signature;
  const token = readToken(signature.value.tokenId, security.value, ids.value);
  if (!token.ok) return token;
  const valid = checkCertificateValidity(token.value, options.now);
  if (!valid.ok) return valid;
  const allowed = checkAlgorithms(signature.value);
  if (!allowed.ok) return allowed;
  const coverage = checkCoverage(signature.value, ids.value, envelope.value.body, timestamp.value.element);
  if (!coverage.ok) return coverage;
  const signed = checkSignatureValue(xml, signature.value, token.value, coverage.value);
  if (!signed.ok) return signed;
  return ok({
    certificate: token.value,
    fingerprint256: token.value.fingerprint256,
    timestamp: { created: timestamp.value.created, expires: timestamp.value.expires },
    signatureValue: signature.value.signatureValue,
    signedBody: signed.value,
  });
}

/** A parsed SOAP 1.1 message: its Envelope, its Header when present, and its one Body. */
export interface SoapEnvelope {
  readonly document: Document;
  readonly envelope: Element;
  readonly header: Element | undefined;
  readonly body: Element;
}

/**
 * Parses a SOAP 1.1 message with @xmldom/xmldom, refusing any DOCTYPE or entity declaration before parsing and any
 * warning or error of the parser. The Envelope must hold an optional Header then one Body, and nothing else.
 */
export function readSoapEnvelope(xml: string): Result<SoapEnvelope, WsSecurityRefusal> {
  // Refused before parsing, wherever they appear: no external entity, no entity expansion (XXE, billion laughs).
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    return refuse(
      'XML_DOCTYPE_FORBIDDEN',
      'A SOAP message must not contain a document type declaration (<!DOCTYPE …>) or an entity declaration.',
    );
  }
  let problems = 0;
  let document: Document;
  try {
    document = new DOMParser({
      locator: false,
      onError: () => {
        problems += 1;
      },
    }).parseFromString(xml, 'text/xml');
  } catch {
    return refuse('XML_MALFORMED', 'The message is not well-formed XML (with its namespaces declared).');
  }
  if (problems > 0) {
    return refuse('XML_MALFORMED', 'The message is not well-formed XML (with its namespaces declared).');
  }
  const envelope = document.documentElement;
  if (envelope === null || !isNamed(envelope, SOAP11_NS, 'Envelope')) {
    return refuse(
      'SOAP_ENVELOPE_INVALID',
      `The message must be a SOAP 1.1 Envelope (namespace ${SOAP11_NS}); SOAP 1.2 is not spoken here.`,
    );
  }
  const children = childElements(envelope);
  const [first, second, ...rest] = children;
  const header = first !== undefined && isNamed(first, SOAP11_NS, 'Header') ? first : undefined;
  const body = header === undefined ? first : second;
  const trailing = header === undefined ? children.slice(1) : rest;
  if (body === undefined || !isNamed(body, SOAP11_NS, 'Body') || trailing.length > 0) {
    return refuse(
      'SOAP_ENVELOPE_INVALID',
      'The SOAP Envelope must hold an optional soap:Header followed by one soap:Body, and nothing else.',
    );
  }
  return ok({ document, envelope, header, body });
}

/** The Id attributes that resolve a Reference: `wsu:Id`, and as xml-crypto does, any `Id`, `ID` or `id`. */
const ID_ATTRIBUTES: ReadonlySet<string> = new Set(['Id', 'ID', 'id']);

/**
 * Every Id of the document and its element; two elements with the same Id are refused, so that a Reference can only
 * mean one element (signature wrapping).
 */
function indexIds(document: Document): Result<ReadonlyMap<string, Element>, WsSecurityRefusal> {
  const ids = new Map<string, Element>();
  for (const element of elementsOf(document)) {
    for (let i = 0; i < element.attributes.length; i++) {
      const attribute = element.attributes.item(i);
      if (attribute === null || !ID_ATTRIBUTES.has(attribute.localName ?? attribute.name)) continue;
      const holder = ids.get(attribute.value);
      if (holder !== undefined && holder !== element) {
        return refuse(
          'ID_DUPLICATE',
          'Two elements of the message carry the same Id: every wsu:Id (and Id) must be unique in the message.',
        );
      }
      ids.set(attribute.value, element);
    }
  }
  return ok(ids);
}

function findSecurityHeader(envelope: SoapEnvelope): Result<Element, WsSecurityRefusal> {
  const headers =
    envelope.header === undefined
      ? []
      : childElements(envelope.header).filter((element) => isNamed(element, WSSE_NS, 'Security'));
  const [security, ...others] = headers;
  if (security === undefined) {
    return refuse(
      'SECURITY_HEADER_MISSING',
      `The message has no WS-Security header: sign it with X.509 (a wsse:Security header, namespace ${WSSE_NS}, ` +
        'in soap:Header).',
    );
  }
  if (others.length > 0) {
    return refuse('SECURITY_HEADER_INVALID', 'The message must carry exactly one wsse:Security header.');
  }
  return ok(security);
}

interface Timestamp {
  readonly element: Element;
  readonly created: string;
  readonly expires: string;
}

function readTimestamp(
  security: Element,
  options: VerifyWsSecurityOptions,
): Result<Timestamp, WsSecurityRefusal> {
  const timestamps = childElements(security).filter((element) => isNamed(element, WSU_NS, 'Timestamp'));
  const [element, ...others] = timestamps;
  if (element === undefined) {
    return refuse(
      'TIMESTAMP_MISSING',
      'The wsse:Security header must hold a wsu:Timestamp with Created and Expires, covered by the signature.',
    );
  }
  const malformed = refuse(
    'TIMESTAMP_MALFORMED',
    'The wsu:Timestamp must be one element holding one wsu:Created and one wsu:Expires, each an xs:dateTime ' +
      'with a time zone (UTC, e.g. 2025-03-01T08:00:00Z), Expires after Created.',
  );
  if (others.length > 0) return malformed;
  const created = onlyText(childElements(element).filter((child) => isNamed(child, WSU_NS, 'Created')));
  const expires = onlyText(childElements(element).filter((child) => isNamed(child, WSU_NS, 'Expires')));
  const createdAt = created === undefined ? undefined : parseDateTime(created);
  const expiresAt = expires === undefined ? undefined : parseDateTime(expires);
  if (
    created === undefined ||
    expires === undefined ||
    createdAt === undefined ||
    expiresAt === undefined ||
    expiresAt <= createdAt
  ) {
    return malformed;
  }
  const now = options.now.getTime();
  const maxSkew = (options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS) * 1000;
  const maxLifetime = (options.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS) * 1000;
  if (createdAt > now + maxSkew) {
    return refuse(
      'TIMESTAMP_IN_FUTURE',
      `The Timestamp's Created is more than ${maxSkew / 1000} seconds ahead of the registry's clock: ` +
        "check the sender's clock (UTC, synchronised with NTP).",
    );
  }
  if (expiresAt <= now) {
    return refuse(
      'TIMESTAMP_EXPIRED',
      "The message has expired (its Timestamp's Expires has passed): sign each message just before sending it, " +
        "and check the sender's clock.",
    );
  }
  if (expiresAt - createdAt > maxLifetime) {
    return refuse(
      'TIMESTAMP_LIFETIME_TOO_LONG',
      `The Timestamp's lifetime (Expires − Created) must not exceed ${maxLifetime / 1000} seconds.`,
    );
  }
  return ok({ element, created, expires });
}

/** An xs:dateTime with a time zone, in milliseconds since the epoch; the date must exist (no 30 February). */
function parseDateTime(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone] = match;
  const milliseconds = fraction.padEnd(3, '0').slice(0, 3);
  const at = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${milliseconds}${zone}`);
  if (Number.isNaN(at)) return undefined;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCDate() !== Number(day) || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    return undefined;
  }
  return at;
}

interface SignatureReference {
  readonly uri: string;
  readonly transforms: readonly string[];
  readonly digestMethod: string;
}

interface SignatureParts {
  readonly element: Element;
  readonly canonicalization: string;
  readonly signatureMethod: string;
  readonly references: readonly SignatureReference[];
  readonly signatureValue: string;
  readonly tokenId: string;
}

const SIGNATURE_SHAPE =
  'The ds:Signature must be a direct child of wsse:Security holding ds:SignedInfo (CanonicalizationMethod, ' +
  'SignatureMethod, one or more Reference with Transforms, DigestMethod and DigestValue), ds:SignatureValue ' +
  'and ds:KeyInfo, and the message must hold no other signature.';

/** Reads the one ds:Signature of the Security header, its shape checked strictly so that no part is ambiguous. */
function readSignature(security: Element, document: Document): Result<SignatureParts, WsSecurityRefusal> {
  const signatures = childElements(security).filter((element) => isNamed(element, DS_NS, 'Signature'));
  const [element] = signatures;
  if (element === undefined) {
    return refuse(
      'SIGNATURE_MISSING',
      'The wsse:Security header holds no ds:Signature: sign the soap:Body and the wsu:Timestamp with the ' +
        "sender's registered certificate.",
    );
  }
  const malformed = refuse('SIGNATURE_MALFORMED', SIGNATURE_SHAPE);
  // xml-crypto looks some parts up by name anywhere: there must be only one of each in the whole message.
  if (
    countElements(document, (node) => node.localName === 'Signature' && node.namespaceURI === DS_NS) !== 1
  ) {
    return malformed;
  }
  if (countElements(document, (node) => node.localName === 'SignedInfo') !== 1) return malformed;
  const [signedInfo, signatureValue, keyInfo, ...extra] = childElements(element);
  if (
    signedInfo === undefined ||
    !isNamed(signedInfo, DS_NS, 'SignedInfo') ||
    signatureValue === undefined ||
    !isNamed(signatureValue, DS_NS, 'SignatureValue') ||
    keyInfo === undefined ||
    !isNamed(keyInfo, DS_NS, 'KeyInfo') ||
    extra.length > 0
  ) {
    return malformed;
  }
  const [canonicalizationMethod, signatureMethod, ...referenceElements] = childElements(signedInfo);
  if (
    canonicalizationMethod === undefined ||
    !isNamed(canonicalizationMethod, DS_NS, 'CanonicalizationMethod') ||
    !onlyInclusiveNamespaces(canonicalizationMethod) ||
    signatureMethod === undefined ||
    !isNamed(signatureMethod, DS_NS, 'SignatureMethod') ||
    childElements(signatureMethod).length > 0 ||
    referenceElements.length === 0
  ) {
    return malformed;
  }
  const references: SignatureReference[] = [];
  for (const referenceElement of referenceElements) {
    const reference = readReference(referenceElement);
    if (reference === undefined) return malformed;
    references.push(reference);
  }
  const value = onlyText([signatureValue])?.replace(/\s+/g, '');
  if (value === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return malformed;
  const tokenId = readKeyInfo(keyInfo);
  if (tokenId === undefined) {
    return refuse(
      'TOKEN_REFERENCE_UNSUPPORTED',
      'The ds:KeyInfo must hold a wsse:SecurityTokenReference with a wsse:Reference URI="#…" to the ' +
        'wsse:BinarySecurityToken of the same Security header (a direct reference); key identifiers, ' +
        'issuer-serial and X509Data are not accepted.',
    );
  }
  return ok({
    element,
    canonicalization: canonicalizationMethod.getAttribute('Algorithm') ?? '',
    signatureMethod: signatureMethod.getAttribute('Algorithm') ?? '',
    references,
    signatureValue: Buffer.from(value, 'base64').toString('base64'),
    tokenId,
  });
}

function readReference(element: Element): SignatureReference | undefined {
  if (!isNamed(element, DS_NS, 'Reference')) return undefined;
  const [transforms, digestMethod, digestValue, ...extra] = childElements(element);
  if (
    transforms === undefined ||
    !isNamed(transforms, DS_NS, 'Transforms') ||
    digestMethod === undefined ||
    !isNamed(digestMethod, DS_NS, 'DigestMethod') ||
    childElements(digestMethod).length > 0 ||
    digestValue === undefined ||
    !isNamed(digestValue, DS_NS, 'DigestValue') ||
    onlyText([digestValue]) === undefined ||
    extra.length > 0
  ) {
    return undefined;
  }
  const algorithms: string[] = [];
  for (const transform of childElements(transforms)) {
    if (!isNamed(transform, DS_NS, 'Transform') || !onlyInclusiveNamespaces(transform)) return undefined;
    algorithms.push(transform.getAttribute('Algorithm') ?? '');
  }
  return {
    uri: element.getAttribute('URI') ?? '',
    transforms: algorithms,
    digestMethod: digestMethod.getAttribute('Algorithm') ?? '',
  };
}

/** The Id the KeyInfo points at, when it is a direct reference `wsse:SecurityTokenReference/wsse:Reference`. */
function readKeyInfo(keyInfo: Element): string | undefined {
  const [reference, ...extra] = childElements(keyInfo);
  if (reference === undefined || extra.length > 0 || !isNamed(reference, WSSE_NS, 'SecurityTokenReference')) {
    return undefined;
  }
  const [direct, ...others] = childElements(reference);
  if (
    direct === undefined ||
    others.length > 0 ||
    !isNamed(direct, WSSE_NS, 'Reference') ||
    childElements(direct).length > 0
  ) {
    return undefined;
  }
  const valueType = direct.getAttribute('ValueType');
  if (valueType !== null && valueType !== X509V3_TOKEN_TYPE) return undefined;
  const uri = direct.getAttribute('URI') ?? '';
  return uri.startsWith('#') && uri.length > 1 ? uri.slice(1) : undefined;
}

/** The certificate of the BinarySecurityToken the KeyInfo points at, which must be in the same Security header. */
function readToken(
  tokenId: string,
  security: Element,
  ids: ReadonlyMap<string, Element>,
): Result<X509Certificate, WsSecurityRefusal> {
  const token = ids.get(tokenId);
  if (
    token === undefined ||
    token.parentNode !== security ||
    !isNamed(token, WSSE_NS, 'BinarySecurityToken')
  ) {
    return refuse(
      'TOKEN_MISSING',
      'The wsse:Security header must hold the wsse:BinarySecurityToken (the X.509 certificate) that the ' +
        "signature's KeyInfo points at by its wsu:Id.",
    );
  }
  const encoding = token.getAttribute('EncodingType');
  if (
    token.getAttribute('ValueType') !== X509V3_TOKEN_TYPE ||
    (encoding !== null && encoding !== BASE64_BINARY_ENCODING)
  ) {
    return refuse(
      'TOKEN_UNSUPPORTED',
      `The BinarySecurityToken must be an X.509v3 certificate (ValueType ${X509V3_TOKEN_TYPE}) in base64 ` +
        `(EncodingType ${BASE64_BINARY_ENCODING}).`,
    );
  }
  const malformed = refuse(
    'TOKEN_MALFORMED',
    'The BinarySecurityToken must hold one X.509 certificate, DER encoded in base64 (no PEM header lines).',
  );
  const text = onlyText([token])?.replace(/\s+/g, '');
  if (text === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return malformed;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(text, 'base64'));
  } catch {
    return malformed;
  }
  const key = certificate.publicKey;
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_KEY_BITS) {
    return refuse(
      'TOKEN_KEY_UNSUPPORTED',
      `The certificate's key must be an RSA key of at least ${MIN_RSA_KEY_BITS} bits.`,
    );
  }
  return ok(certificate);
}

function checkCertificateValidity(certificate: X509Certificate, now: Date): Result<true, WsSecurityRefusal> {
  if (Date.parse(certificate.validFrom) > now.getTime()) {
    return refuse(
      'CERTIFICATE_NOT_YET_VALID',
      "The sender's certificate is not valid yet (its notBefore is ahead).",
    );
  }
  if (Date.parse(certificate.validTo) < now.getTime()) {
    return refuse(
      'CERTIFICATE_EXPIRED',
      "The sender's certificate has expired: register a new one for the sender and sign with it.",
    );
  }
  return ok(true);
}

/** The transform chains accepted on a Reference: exclusive c14n, after an enveloped-signature no-op (node `soap`). */
function transformsAllowed(transforms: readonly string[]): boolean {
  const [first, second, ...rest] = transforms;
  if (rest.length > 0) return false;
  return second === undefined
    ? first === EXCLUSIVE_C14N
    : first === ENVELOPED_SIGNATURE && second === EXCLUSIVE_C14N;
}

function checkAlgorithms(signature: SignatureParts): Result<true, WsSecurityRefusal> {
  const allowed =
    signature.canonicalization === EXCLUSIVE_C14N &&
    SIGNATURE_METHODS.includes(signature.signatureMethod) &&
    signature.references.every(
      (reference) =>
        DIGEST_METHODS.includes(reference.digestMethod) && transformsAllowed(reference.transforms),
    );
  if (allowed) return ok(true);
  return refuse(
    'ALGORITHM_NOT_ALLOWED',
    `The signature must use exclusive canonicalization (${EXCLUSIVE_C14N}) for SignedInfo and as each ` +
      `Reference's transform, RSA-SHA256 (${RSA_SHA256}) or RSA-SHA512 to sign, and SHA-256 (${SHA256}) or ` +
      'SHA-512 as digest; SHA-1 is not accepted.',
  );
}

interface Covered {
  readonly reference: SignatureReference;
  readonly element: Element;
}

interface Coverage {
  readonly body: Covered;
  readonly timestamp: Covered;
}

/**
 * Every Reference must resolve to one element of the message by its Id; one must resolve to THE Body of the
 * Envelope and one to THE Timestamp of the Security header — not to a copy moved elsewhere (signature wrapping).
 */
function checkCoverage(
  signature: SignatureParts,
  ids: ReadonlyMap<string, Element>,
  body: Element,
  timestamp: Element,
): Result<Coverage, WsSecurityRefusal> {
  let bodyReference: SignatureReference | undefined;
  let timestampReference: SignatureReference | undefined;
  for (const reference of signature.references) {
    const target = /^#[^']+$/.test(reference.uri) ? ids.get(reference.uri.slice(1)) : undefined;
    if (target === undefined) {
      return refuse(
        'REFERENCE_UNRESOLVED',
        'Every Reference of the signature must point at an element of the message by its Id (URI="#id").',
      );
    }
    if (target === body) bodyReference ??= reference;
    if (target === timestamp) timestampReference ??= reference;
  }
  if (bodyReference === undefined) {
    return refuse(
      'BODY_NOT_SIGNED',
      'The signature must cover the soap:Body of the Envelope: a Reference to its wsu:Id.',
    );
  }
  if (timestampReference === undefined) {
    return refuse(
      'TIMESTAMP_NOT_SIGNED',
      'The signature must cover the wsu:Timestamp of the Security header: a Reference to its wsu:Id.',
    );
  }
  return ok({
    body: { reference: bodyReference, element: body },
    timestamp: { reference: timestampReference, element: timestamp },
  });
}

/**
 * Checks the digests and the signature value with xml-crypto, which parses the message again (with its own
 * xmldom), then checks that the Body and the Timestamp it found signed are, byte for byte in canonical form, the
 * ones this module read. Returns the signed Body.
 */
function checkSignatureValue(
  xml: string,
  signature: SignatureParts,
  certificate: X509Certificate,
  coverage: Coverage,
): Result<string, WsSecurityRefusal> {
  const verifier = new SignedXml({ publicCert: certificate.publicKey });
  // xml-crypto finds each Reference's element by scanning the whole message with XPath once per id attribute it
  // knows (Id, ID, id): on a 200-item Body that was most of a call's time. It is told the attributes that hold
  // the covered elements' ids, which this module resolved already (and refused duplicates of, of every kind).
  verifier.idAttributes = idAttributesOf(coverage);
  // Belt and braces: xml-crypto knows only the allowed algorithms, whatever the checks above let through.
  verifier.SignatureAlgorithms = only(verifier.SignatureAlgorithms, SIGNATURE_METHODS);
  verifier.HashAlgorithms = only(verifier.HashAlgorithms, DIGEST_METHODS);
  verifier.CanonicalizationAlgorithms = only(verifier.CanonicalizationAlgorithms, [
    EXCLUSIVE_C14N,
    ENVELOPED_SIGNATURE,
  ]);
  const invalid = refuse(
    'SIGNATURE_INVALID',
    "The signature does not verify with the key of the BinarySecurityToken's certificate: sign with the private " +
      'key of the certificate you send.',
  );
  let valid: boolean;
  try {
    verifier.loadSignature(asXmlCryptoNode(signature.element));
    valid = verifier.checkSignature(xml);
  } catch {
    return invalid;
  }
  if (!valid) {
    return refuse(
      'DIGEST_MISMATCH',
      'A signed element (the soap:Body or the wsu:Timestamp) was changed after it was signed: send the message ' +
        'byte for byte as signed, and sign with exclusive canonicalization.',
    );
  }
  const body = signedForm(verifier, coverage.body);
  if (body === undefined) {
    return refuse(
      'BODY_NOT_SIGNED',
      'The soap:Body of the Envelope is not the element the signature covers.',
    );
  }
  if (signedForm(verifier, coverage.timestamp) === undefined) {
    return refuse(
      'TIMESTAMP_NOT_SIGNED',
      'The wsu:Timestamp of the Security header is not the element the signature covers.',
    );
  }
  return ok(body);
}

/** The local names of the attributes that hold the ids the covered References point at. */
function idAttributesOf(coverage: Coverage): string[] {
  const names = new Set<string>();
  for (const covered of [coverage.body, coverage.timestamp]) {
    const id = covered.reference.uri.replace(/^#/, '');
    for (let i = 0; i < covered.element.attributes.length; i += 1) {
      const attribute = covered.element.attributes.item(i);
      if (attribute !== null && attribute.value === id) names.add(attribute.localName ?? attribute.name);
    }
  }
  return [...names];
}

/**
 * What xml-crypto verified for a covered Reference (in its own parse of the message), when it is the exclusive
 * canonical form of the element this module read (in its parse); undefined when the two differ.
 */
function signedForm(verifier: SignedXml, covered: Covered): string | undefined {
  const verified = verifier.getReferences().find((reference) => reference.uri === covered.reference.uri);
  if (verified?.signedReference === undefined) return undefined;
  const canonical = verifier.getCanonXml([EXCLUSIVE_C14N], asXmlCryptoNode(covered.element), {
    inclusiveNamespacesPrefixList: verified.inclusiveNamespacesPrefixList,
    ancestorNamespaces: ancestorNamespaces(covered.element),
  });
  return canonical === verified.signedReference ? canonical : undefined;
}

/** xml-crypto types its nodes with the DOM's names; @xmldom/xmldom's are the same shape under its own. */
type XmlCryptoNode = Parameters<SignedXml['getCanonXml']>[1];

function asXmlCryptoNode(node: Node): XmlCryptoNode {
  return node as unknown as XmlCryptoNode;
}

/** The namespaces declared on an element's ancestors and not on it, nearest first: for InclusiveNamespaces. */
function ancestorNamespaces(element: Element): { prefix: string; namespaceURI: string }[] {
  const found = new Map<string, string>();
  for (
    let node = element.parentNode;
    node !== null && node.nodeType === ELEMENT_NODE;
    node = node.parentNode
  ) {
    const ancestor = node as Element;
    for (let i = 0; i < ancestor.attributes.length; i++) {
      const attribute = ancestor.attributes.item(i);
      if (attribute === null || !/^xmlns(:|$)/.test(attribute.name)) continue;
      const prefix = attribute.name.replace(/^xmlns:?/, '');
      if (!found.has(prefix)) found.set(prefix, attribute.value);
    }
  }
  const own = new Set([element.prefix ?? '']);
  for (let i = 0; i < element.attributes.length; i++) {
    const name = element.attributes.item(i)?.name ?? '';
    if (/^xmlns(:|$)/.test(name)) own.add(name.replace(/^xmlns:?/, ''));
  }
  return [...found]
    .filter(([prefix, namespaceURI]) => namespaceURI !== '' && !own.has(prefix))
    .map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}

function only<T>(table: Record<string, T>, allowed: readonly string[]): Record<string, T> {
  return Object.fromEntries(Object.entries(table).filter(([uri]) => allowed.includes(uri)));
}

/**
 * Remembers the signature values of accepted messages until their Timestamp's Expires, so that the same signed
 * message is accepted once. Verification alone is stateless and cannot see a replay; this can.
 *
 * It is per process: behind a load balancer each instance keeps its own, so a message replayed to another instance
 * within its lifetime is not caught — route a sender to one instance, or share the memory, if that matters. It is
 * small because {@link verifyWsSecurity} refuses a Timestamp whose lifetime exceeds `maxLifetimeSeconds` (300 s) or
 * whose Created is ahead by more than `maxSkewSeconds`: nothing is kept longer than that, so what it holds is at
 * most the messages accepted in the last few minutes, and a message older than that is refused as expired anyway.
 * It keeps at most `capacity` signatures (as SHA-256 hashes); when full of unexpired ones it answers "seen" rather
 * than forget one early — it never lets a replay through.
 *
 * @example
 * const replays = new ReplayGuard(clock);
 * if (replays.seen(verified.signatureValue, verified.timestamp.expires)) return fault('replayed message');
 */
export class ReplayGuard {
  /** Hash of a signature value → its Expires in milliseconds; in insertion order, which is nearly Expires order. */
  private readonly remembered = new Map<string, number>();
  private readonly capacity: number;

  constructor(
    private readonly clock: { now(): Date },
    options: { readonly capacity?: number } = {},
  ) {
    this.capacity = options.capacity ?? 100_000;
  }

  /**
   * Whether this signature value was seen before and its message has not expired yet (then refuse it). When not,
   * remembers it until `expires` and answers false. Call it only for messages {@link verifyWsSecurity} accepted.
   */
  seen(signatureValue: string, expires: string | Date): boolean {
    const now = this.clock.now().getTime();
    this.forgetExpired(now, false);
    const key = createHash('sha256').update(Buffer.from(signatureValue, 'base64')).digest('base64');
    const known = this.remembered.get(key);
    if (known !== undefined && known > now) return true;
    const until = new Date(expires).getTime();
    if (Number.isNaN(until) || until <= now) return false;
    if (this.remembered.size >= this.capacity) {
      this.forgetExpired(now, true);
      if (this.remembered.size >= this.capacity) return true;
    }
    this.remembered.set(key, until);
    return false;
  }

  /** How many signatures are remembered, the expired ones forgotten first. */
  get size(): number {
    this.forgetExpired(this.clock.now().getTime(), true);
    return this.remembered.size;
  }

  /** Forgets expired signatures: from the oldest until an unexpired one, or all of them when `everywhere`. */
  private forgetExpired(now: number, everywhere: boolean): void {
    for (const [key, until] of this.remembered) {
      if (until <= now) this.remembered.delete(key);
      else if (!everywhere) return;
    }
  }
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** The child elements of a node, in order. */
export function childElements(parent: Node): Element[] {
  const elements: Element[] = [];
  for (let child = parent.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === ELEMENT_NODE) elements.push(child as Element);
  }
  return elements;
}

/** Whether an element has this namespace and local name. */
export function isNamed(element: Element, namespace: string, localName: string): boolean {
  return element.namespaceURI === namespace && element.localName === localName;
}

/** The trimmed text of the one element given, when it holds text only (no element, comment or instruction). */
function onlyText(elements: readonly Element[]): string | undefined {
  const [element, ...others] = elements;
  if (element === undefined || others.length > 0) return undefined;
  let text = '';
  for (let child = element.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType !== TEXT_NODE && child.nodeType !== CDATA_SECTION_NODE) return undefined;
    text += child.nodeValue ?? '';
  }
  return text.trim();
}

/** Whether an element's children are at most one exclusive-c14n InclusiveNamespaces. */
function onlyInclusiveNamespaces(element: Element): boolean {
  const [child, ...others] = childElements(element);
  return (
    child === undefined || (others.length === 0 && isNamed(child, EXCLUSIVE_C14N, 'InclusiveNamespaces'))
  );
}

function countElements(document: Document, test: (element: Element) => boolean): number {
  let count = 0;
  for (const element of elementsOf(document)) if (test(element)) count += 1;
  return count;
}

/** Every element of a document, in no particular order. */
function* elementsOf(document: Document): Generator<Element> {
  const pending: Element[] = document.documentElement === null ? [] : [document.documentElement];
  for (let element = pending.pop(); element !== undefined; element = pending.pop()) {
    yield element;
    for (const child of childElements(element)) pending.push(child);
  }
}
