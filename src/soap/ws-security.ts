import { createHash, timingSafeEqual, verify, X509Certificate } from 'node:crypto';
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { ExclusiveCanonicalization } from 'xml-crypto';
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

/** A hash as node:crypto names it. */
type HashName = 'sha256' | 'sha512';

/** The hash of each signature method accepted (RSA PKCS#1 v1.5 with it). */
const SIGNATURE_HASHES: ReadonlyMap<string, HashName> = new Map([
  [RSA_SHA256, 'sha256'],
  [RSA_SHA512, 'sha512'],
]);
/** The hash of each digest method accepted. */
const DIGEST_HASHES: ReadonlyMap<string, HashName> = new Map([
  [SHA256, 'sha256'],
  [SHA512, 'sha512'],
]);

/**
 * The signature methods accepted. RSA-SHA1 is not: SHA-1 collisions have been practical since 2017 (chosen-prefix
 * since 2020) and NIST disallows SHA-1 for new signatures; every current WSS stack can sign with RSA-SHA256
 * (for WS-SecurityPolicy suites that default to RSA-SHA1, such as Basic256Sha256, set the asymmetric signature
 * algorithm explicitly).
 */
export const SIGNATURE_METHODS: readonly string[] = [...SIGNATURE_HASHES.keys()];
/** The digest methods accepted: SHA-1 is refused, as for signatures. */
export const DIGEST_METHODS: readonly string[] = [...DIGEST_HASHES.keys()];

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
  /** The `soap:Body` in exclusive canonical form: the text whose digest the signature covers. */
  readonly signedBody: string;
  /**
   * The `soap:Body` element of the one parse of the message, whose canonical form is `signedBody`. Read the
   * request from it (`readSoapBody`) rather than from another parse of the message, so that no difference
   * between two XML parsers can slip unsigned content in.
   */
  readonly body: Element;
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
 * The message is parsed once. The References are resolved through the Ids of that one DOM (each Id unique), each
 * digest is recomputed over the referenced element in exclusive canonical form (xml-crypto's
 * `ExclusiveCanonicalization`, with the InclusiveNamespaces PrefixList the signer gave), and the SignedInfo, in
 * exclusive canonical form too, is verified with the certificate's public key (node:crypto). The caller reads the
 * request from the same DOM's Body ({@link VerifiedSender.body}).
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
  const index = indexMessage(envelope.value.envelope);
  if (!index.ok) return index;
  const security = findSecurityHeader(envelope.value);
  if (!security.ok) return security;
  const timestamp = readTimestamp(security.value, options);
  if (!timestamp.ok) return timestamp;
  const signature = readSignature(security.value, index.value);
  if (!signature.ok) return signature;
  const token = readToken(signature.value.tokenId, security.value, index.value.ids);
  if (!token.ok) return token;
  const valid = checkCertificateValidity(token.value, options.now);
  if (!valid.ok) return valid;
  const allowed = checkAlgorithms(signature.value);
  if (!allowed.ok) return allowed;
  const coverage = checkCoverage(
    allowed.value,
    index.value.ids,
    envelope.value.body,
    timestamp.value.element,
  );
  if (!coverage.ok) return coverage;
  const digests = checkDigests(coverage.value);
  if (!digests.ok) return digests;
  const signed = checkSignatureValue(allowed.value, token.value);
  if (!signed.ok) return signed;
  return ok({
    certificate: token.value,
    fingerprint256: token.value.fingerprint256,
    timestamp: { created: timestamp.value.created, expires: timestamp.value.expires },
    signatureValue: signature.value.signatureValue,
    signedBody: digests.value.body,
    body: envelope.value.body,
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

/** What one walk over the message finds: every Id and its element, and how many signatures it holds. */
interface MessageIndex {
  readonly ids: ReadonlyMap<string, Element>;
  /** The `ds:Signature` elements, anywhere in the message. */
  readonly signatures: number;
  /** The `SignedInfo` elements, in any namespace, anywhere in the message. */
  readonly signedInfos: number;
}

/**
 * Walks the Envelope once: every Id and its element, two elements with the same Id refused so that a Reference can
 * only mean one element (signature wrapping); and any processing instruction refused, as SOAP 1.1 (section 3)
 * forbids them and exclusive canonicalization (xml-crypto's) would digest one's data as if it were text.
 */
function indexMessage(envelope: Element): Result<MessageIndex, WsSecurityRefusal> {
  const ids = new Map<string, Element>();
  let signatures = 0;
  let signedInfos = 0;
  const pending: Element[] = [envelope];
  for (let element = pending.pop(); element !== undefined; element = pending.pop()) {
    if (isNamed(element, DS_NS, 'Signature')) signatures += 1;
    if (element.localName === 'SignedInfo') signedInfos += 1;
    for (let i = 0; i < element.attributes.length; i++) {
      const attribute = element.attributes.item(i);
      if (
        attribute === null ||
        attribute.namespaceURI === XMLNS_NS ||
        !ID_ATTRIBUTES.has(attribute.localName ?? attribute.name)
      ) {
        continue;
      }
      const holder = ids.get(attribute.value);
      if (holder !== undefined && holder !== element) {
        return refuse(
          'ID_DUPLICATE',
          'Two elements of the message carry the same Id: every wsu:Id (and Id) must be unique in the message.',
        );
      }
      ids.set(attribute.value, element);
    }
    for (let child = element.firstChild; child !== null; child = child.nextSibling) {
      if (child.nodeType === ELEMENT_NODE) pending.push(child as Element);
      else if (child.nodeType === PROCESSING_INSTRUCTION_NODE) {
        return refuse(
          'SOAP_ENVELOPE_INVALID',
          'A SOAP message must not contain processing instructions (<?…?>) inside its Envelope.',
        );
      }
    }
  }
  return ok({ ids, signatures, signedInfos });
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
  /** The InclusiveNamespaces PrefixList of its last transform (exclusive c14n), empty when it has none. */
  readonly prefixList: readonly string[];
  readonly digestMethod: string;
  readonly digestValue: Buffer;
}

interface SignatureParts {
  readonly element: Element;
  readonly signedInfo: Element;
  readonly canonicalization: string;
  /** The InclusiveNamespaces PrefixList of the CanonicalizationMethod, empty when it has none. */
  readonly prefixList: readonly string[];
  readonly signatureMethod: string;
  readonly references: readonly SignatureReference[];
  readonly signatureValue: string;
  readonly tokenId: string;
}

const SIGNATURE_SHAPE =
  'The ds:Signature must be a direct child of wsse:Security holding ds:SignedInfo (CanonicalizationMethod, ' +
  'SignatureMethod, one or more Reference with Transforms, DigestMethod and DigestValue), ds:SignatureValue ' +
  'and ds:KeyInfo, and the message must hold no other signature.';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads the one ds:Signature of the Security header, its shape checked strictly so that no part is ambiguous: one
 * signature and one SignedInfo in the whole message, each part where XML Signature puts it and nowhere else.
 */
function readSignature(security: Element, index: MessageIndex): Result<SignatureParts, WsSecurityRefusal> {
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
  if (index.signatures !== 1 || index.signedInfos !== 1) return malformed;
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
  if (value === undefined || !BASE64.test(value)) return malformed;
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
    signedInfo,
    canonicalization: canonicalizationMethod.getAttribute('Algorithm') ?? '',
    prefixList: inclusivePrefixList(canonicalizationMethod) ?? [],
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
    extra.length > 0
  ) {
    return undefined;
  }
  const digest = onlyText([digestValue])?.replace(/\s+/g, '');
  if (digest === undefined || !BASE64.test(digest)) return undefined;
  const transformElements = childElements(transforms);
  const algorithms: string[] = [];
  let prefixList: readonly string[] = [];
  for (const [i, transform] of transformElements.entries()) {
    if (!isNamed(transform, DS_NS, 'Transform') || !onlyInclusiveNamespaces(transform)) return undefined;
    const prefixes = inclusivePrefixList(transform);
    // InclusiveNamespaces is a parameter of exclusive c14n: only on the last transform, which must be that.
    if (prefixes !== undefined && i !== transformElements.length - 1) return undefined;
    prefixList = prefixes ?? [];
    algorithms.push(transform.getAttribute('Algorithm') ?? '');
  }
  return {
    uri: element.getAttribute('URI') ?? '',
    transforms: algorithms,
    prefixList,
    digestMethod: digestMethod.getAttribute('Algorithm') ?? '',
    digestValue: Buffer.from(digest, 'base64'),
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
  if (text === undefined || !BASE64.test(text)) return malformed;
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

/**
 * The transform chains accepted on a Reference: exclusive c14n, after an enveloped-signature (node `soap` sends
 * one). The latter is a no-op here: a Reference may not point at the Signature or an element holding it.
 */
function transformsAllowed(transforms: readonly string[]): boolean {
  const [first, second, ...rest] = transforms;
  if (rest.length > 0) return false;
  return second === undefined
    ? first === EXCLUSIVE_C14N
    : first === ENVELOPED_SIGNATURE && second === EXCLUSIVE_C14N;
}

interface CheckedReference extends SignatureReference {
  readonly digestHash: HashName;
}

/** A signature whose algorithms are all allowed, with the hashes they name. */
interface CheckedSignature extends SignatureParts {
  readonly signatureHash: HashName;
  readonly references: readonly CheckedReference[];
}

function checkAlgorithms(signature: SignatureParts): Result<CheckedSignature, WsSecurityRefusal> {
  const notAllowed = refuse(
    'ALGORITHM_NOT_ALLOWED',
    `The signature must use exclusive canonicalization (${EXCLUSIVE_C14N}) for SignedInfo and as each ` +
      `Reference's transform, RSA-SHA256 (${RSA_SHA256}) or RSA-SHA512 to sign, and SHA-256 (${SHA256}) or ` +
      'SHA-512 as digest; SHA-1 is not accepted.',
  );
  const signatureHash = SIGNATURE_HASHES.get(signature.signatureMethod);
  if (signature.canonicalization !== EXCLUSIVE_C14N || signatureHash === undefined) return notAllowed;
  const references: CheckedReference[] = [];
  for (const reference of signature.references) {
    const digestHash = DIGEST_HASHES.get(reference.digestMethod);
    if (digestHash === undefined || !transformsAllowed(reference.transforms)) return notAllowed;
    references.push({ ...reference, digestHash });
  }
  return ok({ ...signature, signatureHash, references });
}

interface Covered {
  readonly reference: CheckedReference;
  readonly element: Element;
}

interface Coverage {
  /** Every Reference and the element it points at, in the order of SignedInfo. */
  readonly references: readonly Covered[];
  readonly body: Element;
}

/**
 * Every Reference must resolve to one element of the message by its Id, outside the Signature; one must resolve
 * to THE Body of the Envelope and one to THE Timestamp of the Security header — not to a copy moved elsewhere
 * (signature wrapping).
 */
function checkCoverage(
  signature: CheckedSignature,
  ids: ReadonlyMap<string, Element>,
  body: Element,
  timestamp: Element,
): Result<Coverage, WsSecurityRefusal> {
  const references: Covered[] = [];
  for (const reference of signature.references) {
    const target = /^#[^']+$/.test(reference.uri) ? ids.get(reference.uri.slice(1)) : undefined;
    if (target === undefined || isWithin(target, signature.element) || isWithin(signature.element, target)) {
      return refuse(
        'REFERENCE_UNRESOLVED',
        'Every Reference of the signature must point by its Id (URI="#id") at an element of the message ' +
          'outside the ds:Signature.',
      );
    }
    references.push({ reference, element: target });
  }
  if (!references.some((covered) => covered.element === body)) {
    return refuse(
      'BODY_NOT_SIGNED',
      'The signature must cover the soap:Body of the Envelope: a Reference to its wsu:Id.',
    );
  }
  if (!references.some((covered) => covered.element === timestamp)) {
    return refuse(
      'TIMESTAMP_NOT_SIGNED',
      'The signature must cover the wsu:Timestamp of the Security header: a Reference to its wsu:Id.',
    );
  }
  return ok({ references, body });
}

/**
 * Recomputes the digest of every Reference over its element of this DOM, in exclusive canonical form, and compares
 * it with the DigestValue. Returns the Body's canonical form.
 */
function checkDigests(coverage: Coverage): Result<{ readonly body: string }, WsSecurityRefusal> {
  let body: string | undefined;
  for (const { reference, element } of coverage.references) {
    let canonical: string;
    try {
      canonical = exclusiveCanonical(element, reference.prefixList);
    } catch {
      // An element xml-crypto cannot canonicalize (nested too deep for its recursion) was not signed as it is.
      return refuse('DIGEST_MISMATCH', CHANGED_AFTER_SIGNING);
    }
    const digest = createHash(reference.digestHash).update(canonical, 'utf8').digest();
    if (!sameBytes(digest, reference.digestValue)) return refuse('DIGEST_MISMATCH', CHANGED_AFTER_SIGNING);
    if (element === coverage.body) body ??= canonical;
  }
  return body === undefined ? refuse('BODY_NOT_SIGNED', 'The soap:Body is not signed.') : ok({ body });
}

const CHANGED_AFTER_SIGNING =
  'A signed element (the soap:Body or the wsu:Timestamp) was changed after it was signed: send the message ' +
  'byte for byte as signed, and sign with exclusive canonicalization.';

/** Verifies the SignatureValue over the SignedInfo in exclusive canonical form with the certificate's key. */
function checkSignatureValue(
  signature: CheckedSignature,
  certificate: X509Certificate,
): Result<true, WsSecurityRefusal> {
  let valid: boolean;
  try {
    const signedInfo = exclusiveCanonical(signature.signedInfo, signature.prefixList);
    valid = verify(
      signature.signatureHash,
      Buffer.from(signedInfo, 'utf8'),
      certificate.publicKey,
      Buffer.from(signature.signatureValue, 'base64'),
    );
  } catch {
    valid = false;
  }
  if (valid) return ok(true);
  return refuse(
    'SIGNATURE_INVALID',
    "The signature does not verify with the key of the BinarySecurityToken's certificate: sign with the private " +
      'key of the certificate you send.',
  );
}

/**
 * An element in exclusive canonical form, without comments (xml-crypto's `ExclusiveCanonicalization`), given the
 * InclusiveNamespaces PrefixList of its transform or CanonicalizationMethod.
 */
function exclusiveCanonical(element: Element, prefixList: readonly string[]): string {
  const inherited =
    prefixList.length === 0
      ? []
      : ancestorNamespaces(element).filter(({ prefix }) => prefixList.includes(prefix));
  // xml-crypto renders a listed prefix declared on an ancestor by declaring it on the element it canonicalizes:
  // let it do so on a copy, never on the message the request is read from.
  const apex = inherited.length === 0 ? element : (element.cloneNode(true) as Element);
  return new ExclusiveCanonicalization().process(asXmlCryptoElement(apex), {
    inclusiveNamespacesPrefixList: [...prefixList],
    ancestorNamespaces: inherited,
  });
}

/** Two digests, compared in constant time. */
function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether `node` is `ancestor` or lies inside it. */
function isWithin(node: Node, ancestor: Node): boolean {
  for (let at: Node | null = node; at !== null; at = at.parentNode) if (at === ancestor) return true;
  return false;
}

/** xml-crypto types its nodes with the DOM's names; @xmldom/xmldom's are the same shape under its own. */
type XmlCryptoElement = Parameters<ExclusiveCanonicalization['process']>[0];

function asXmlCryptoElement(element: Element): XmlCryptoElement {
  return element as unknown as XmlCryptoElement;
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
const PROCESSING_INSTRUCTION_NODE = 7;
/** The namespace of namespace declarations (`xmlns`, `xmlns:…`). */
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

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

/** The PrefixList of an element's InclusiveNamespaces child, or undefined when it has none. */
function inclusivePrefixList(element: Element): string[] | undefined {
  const [inclusive] = childElements(element);
  if (inclusive === undefined) return undefined;
  return (inclusive.getAttribute('PrefixList') ?? '').split(/\s+/).filter((prefix) => prefix !== '');
}
