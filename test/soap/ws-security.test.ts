import { createHash, X509Certificate } from 'node:crypto';
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { ExclusiveCanonicalization, SignedXml } from 'xml-crypto';
import { describe, expect, it } from 'vitest';
import {
  DS_NS,
  ENVELOPED_SIGNATURE,
  EXCLUSIVE_C14N,
  ReplayGuard,
  RSA_SHA256,
  RSA_SHA512,
  SHA256,
  SHA512,
  SOAP11_NS,
  verifyWsSecurity,
  WSSE_NS,
  WSU_NS,
  type VerifyWsSecurityOptions,
  type WsSecurityRefusalCode,
} from '../../src/soap/ws-security.js';
import { signSoapEnvelope } from '../../src/soap/ws-security-sign.js';
import {
  EXPIRED_SENDER,
  OTHER_SENDER,
  TEST_SENDER,
  WEAK_SENDER,
  type TestCertificate,
} from '../support/test-certificates.js';
import { TestClock } from '../support/test-clock.js';

const NOW = new Date('2030-03-02T08:00:00Z');
const PR_NS = 'http://socialsecurity.be/presenceregistration/schemas/v1';
const REQUEST =
  `<soap:Envelope xmlns:soap="${SOAP11_NS}" xmlns:pr="${PR_NS}"><soap:Body>` +
  '<pr:GetPresenceRegistrationRequest><pr:PresenceRegistrationId>123456789012345</pr:PresenceRegistrationId>' +
  '</pr:GetPresenceRegistrationRequest></soap:Body></soap:Envelope>';

function seconds(n: number): Date {
  return new Date(NOW.getTime() + n * 1000);
}

function signed(options: { sender?: TestCertificate; at?: Date; lifetimeSeconds?: number } = {}): string {
  return signSoapEnvelope(REQUEST, options.sender ?? TEST_SENDER, {
    now: options.at ?? NOW,
    ...(options.lifetimeSeconds === undefined ? {} : { lifetimeSeconds: options.lifetimeSeconds }),
  });
}

/** The refusal code of a message, or 'accepted'. */
function outcome(
  xml: string,
  options: Partial<VerifyWsSecurityOptions> = {},
): WsSecurityRefusalCode | 'accepted' {
  const result = verifyWsSecurity(xml, { now: NOW, ...options });
  return result.ok ? 'accepted' : result.error.code;
}

function parse(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'text/xml');
}

function first(within: Document | Element, namespace: string, localName: string): Element {
  const element = within.getElementsByTagNameNS(namespace, localName).item(0);
  if (element === null) throw new Error(`no ${localName}`);
  return element;
}

/** The message after a change to its DOM, as an attacker (or a broken stack) would send it. */
function edit(xml: string, change: (document: Document) => void): string {
  const document = parse(xml);
  change(document);
  return new XMLSerializer().serializeToString(document);
}

function remove(element: Element): void {
  element.parentNode?.removeChild(element);
}

function setText(element: Element, text: string): void {
  while (element.firstChild !== null) element.removeChild(element.firstChild);
  element.appendChild(element.ownerDocument!.createTextNode(text));
}

function wsuId(document: Document, namespace: string, localName: string): string {
  return first(document, namespace, localName).getAttributeNS(WSU_NS, 'Id') ?? '';
}

/** The ds:Reference of the signature that points at this element by its wsu:Id. */
function referenceTo(document: Document, element: Element): Element {
  const uri = `#${element.getAttributeNS(WSU_NS, 'Id') ?? ''}`;
  const references = document.getElementsByTagNameNS(DS_NS, 'Reference');
  for (let i = 0; i < references.length; i++) {
    const reference = references.item(i);
    if (reference?.getAttribute('URI') === uri) return reference;
  }
  throw new Error(`no Reference to ${uri}`);
}

/** The element's DigestValue as a signer computes it: SHA-256 of its exclusive canonical form. */
function digestOf(element: Element): string {
  const canonical = new ExclusiveCanonicalization().process(element as never, {});
  return createHash('sha256').update(canonical).digest('base64');
}

/**
 * Signs a message of {@link signed} again, as another WSS stack could: the same header, a new ds:Signature with the
 * given algorithms over the given elements, made with the given key (whatever the token's certificate).
 */
function resigned(
  xml: string,
  how: {
    key?: TestCertificate;
    signatureAlgorithm?: string;
    digestAlgorithm?: string;
    transforms?: string[];
    cover?: readonly ('body' | 'timestamp')[];
    /** The InclusiveNamespaces PrefixList of each Reference's exclusive c14n. */
    prefixList?: string[];
    /** The InclusiveNamespaces PrefixList of the SignedInfo's CanonicalizationMethod. */
    signedInfoPrefixList?: string[];
  } = {},
): string {
  const unsigned = edit(xml, (document) => {
    remove(first(document, DS_NS, 'Signature'));
  });
  const document = parse(unsigned);
  const ids = {
    body: wsuId(document, SOAP11_NS, 'Body'),
    timestamp: wsuId(document, WSU_NS, 'Timestamp'),
  };
  const tokenId = wsuId(document, WSSE_NS, 'BinarySecurityToken');
  const signature = new SignedXml({
    privateKey: (how.key ?? TEST_SENDER).privateKeyPem,
    idMode: 'wssecurity',
    canonicalizationAlgorithm: EXCLUSIVE_C14N,
    signatureAlgorithm: how.signatureAlgorithm ?? RSA_SHA256,
    ...(how.signedInfoPrefixList === undefined
      ? {}
      : { inclusiveNamespacesPrefixList: how.signedInfoPrefixList }),
    getKeyInfoContent: () =>
      `<wsse:SecurityTokenReference><wsse:Reference URI="#${tokenId}"/></wsse:SecurityTokenReference>`,
  });
  for (const part of how.cover ?? ['body', 'timestamp']) {
    signature.addReference({
      xpath: `//*[@*[local-name(.)='Id']='${ids[part]}']`,
      transforms: how.transforms ?? [EXCLUSIVE_C14N],
      digestAlgorithm: how.digestAlgorithm ?? SHA256,
      ...(how.prefixList === undefined ? {} : { inclusiveNamespacesPrefixList: how.prefixList }),
    });
  }
  signature.computeSignature(unsigned, {
    prefix: 'ds',
    location: { reference: `//*[local-name(.)='Security']`, action: 'append' },
    existingPrefixes: { wsse: WSSE_NS },
  });
  return signature.getSignedXml();
}

describe('verifyWsSecurity', () => {
  describe('a message signed as it should be', () => {
    it('is accepted, with the certificate that signed it, its Timestamp, its signature value and its Body', () => {
      const xml = signed();
      const result = verifyWsSecurity(xml, { now: NOW });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const certificate = new X509Certificate(TEST_SENDER.certificatePem);
      expect(result.value.fingerprint256).toBe(certificate.fingerprint256);
      expect(result.value.certificate.subject).toBe('CN=sitepresence test sender');
      expect(result.value.timestamp).toEqual({
        created: '2030-03-02T08:00:00.000Z',
        expires: '2030-03-02T08:05:00.000Z',
      });
      expect(result.value.signatureValue).toBe(first(parse(xml), DS_NS, 'SignatureValue').textContent);
      expect(result.value.signedBody).toMatch(/^<soap:Body [^>]*><pr:GetPresenceRegistrationRequest[ >]/);
      expect(result.value.signedBody).toContain('123456789012345');
      expect(result.value.body.localName).toBe('Body');
      expect(result.value.body.namespaceURI).toBe(SOAP11_NS);
      expect(result.value.body.parentNode?.parentNode?.nodeType).toBe(9); // the Envelope's document
    });

    it('is accepted until just before its Expires', () => {
      expect(outcome(signed(), { now: seconds(299) })).toBe('accepted');
    });

    it('is accepted when its Created is ahead of the clock by less than the allowed skew', () => {
      expect(outcome(signed({ at: seconds(120) }))).toBe('accepted');
    });

    it('is accepted with a longer lifetime when the verifier allows it', () => {
      expect(outcome(signed({ lifetimeSeconds: 600 }), { maxLifetimeSeconds: 600 })).toBe('accepted');
    });

    it('is accepted from a default-namespace Envelope that already had a Header', () => {
      const envelope =
        `<Envelope xmlns="${SOAP11_NS}"><Header><a:To xmlns:a="http://www.w3.org/2005/08/addressing">x</a:To>` +
        `</Header><Body><pr:Get xmlns:pr="${PR_NS}">1</pr:Get></Body></Envelope>`;
      expect(outcome(signSoapEnvelope(envelope, TEST_SENDER, { now: NOW }))).toBe('accepted');
    });

    it('is accepted when signed with RSA-SHA512 and SHA-512 digests', () => {
      expect(outcome(resigned(signed(), { signatureAlgorithm: RSA_SHA512, digestAlgorithm: SHA512 }))).toBe(
        'accepted',
      );
    });

    it('is accepted with InclusiveNamespaces PrefixLists on its References and its SignedInfo, as WSS4J signs', () => {
      const xml = resigned(signed(), { prefixList: ['soap', 'pr'], signedInfoPrefixList: ['soap'] });
      expect(xml).toContain('PrefixList="soap pr"');
      const result = verifyWsSecurity(xml, { now: NOW });
      expect(result.ok ? 'accepted' : result.error.code).toBe('accepted');
      if (!result.ok) return;
      // pr, declared on the Envelope and listed, is declared on the Body in what was digested …
      expect(result.value.signedBody).toMatch(/^<soap:Body [^>]*xmlns:pr="/);
      // … while the Body the request is read from is left as it was sent.
      expect(result.value.body.hasAttribute('xmlns:pr')).toBe(false);
    });

    it("is accepted with node soap's transforms (enveloped-signature, then exclusive c14n)", () => {
      expect(outcome(resigned(signed(), { transforms: [ENVELOPED_SIGNATURE, EXCLUSIVE_C14N] }))).toBe(
        'accepted',
      );
    });
  });

  describe('the XML itself', () => {
    it('refuses a DOCTYPE before parsing it', () => {
      const xml = `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>${signed()}`;
      expect(outcome(xml)).toBe('XML_DOCTYPE_FORBIDDEN');
    });

    it('refuses an entity declaration wherever it appears', () => {
      expect(
        outcome(
          signed().replace('<soap:Header>', '<soap:Header><!-- <!ENTITY x SYSTEM "file:///etc/passwd"> -->'),
        ),
      ).toBe('XML_DOCTYPE_FORBIDDEN');
    });

    it('refuses XML that is not well-formed', () => {
      expect(outcome(signed().slice(0, -10))).toBe('XML_MALFORMED');
    });

    it('refuses an undeclared namespace prefix', () => {
      expect(
        outcome(
          signed()
            .replace('<pr:PresenceRegistrationId>', '<x:Id><pr:PresenceRegistrationId>')
            .replace('</pr:PresenceRegistrationId>', '</pr:PresenceRegistrationId></x:Id>'),
        ),
      ).toBe('XML_MALFORMED');
    });

    it('refuses a SOAP 1.2 envelope', () => {
      expect(outcome(signed().replaceAll(SOAP11_NS, 'http://www.w3.org/2003/05/soap-envelope'))).toBe(
        'SOAP_ENVELOPE_INVALID',
      );
    });

    it('refuses a processing instruction, whose data exclusive c14n would digest as if it were text', () => {
      const xml = signed().replace('>123456789012345<', '><?x 123456789012345?><');
      expect(outcome(xml)).toBe('SOAP_ENVELOPE_INVALID');
      const inHeader = signed().replace('<soap:Header>', '<soap:Header><?x y?>');
      expect(outcome(inHeader)).toBe('SOAP_ENVELOPE_INVALID');
      expect(outcome(`<?xml version="1.0" encoding="UTF-8"?>${signed()}`)).toBe('accepted');
    });

    it('refuses a Body nested too deep to canonicalize, without throwing', () => {
      const depth = 50_000;
      const deep = `${'<pr:a>'.repeat(depth)}${'</pr:a>'.repeat(depth)}`;
      const xml = signed().replace(/(<pr:GetPresenceRegistrationRequest>)/, `$1${deep}`);
      expect(outcome(xml)).toBe('DIGEST_MISMATCH');
    });

    it('refuses an Envelope with two Bodies', () => {
      const xml = edit(signed(), (document) => {
        document.documentElement!.appendChild(document.createElementNS(SOAP11_NS, 'soap:Body'));
      });
      expect(outcome(xml)).toBe('SOAP_ENVELOPE_INVALID');
    });
  });

  describe('the Security header', () => {
    it('refuses a message without one', () => {
      expect(outcome(REQUEST)).toBe('SECURITY_HEADER_MISSING');
    });

    it('refuses a message with two', () => {
      const xml = edit(signed(), (document) => {
        const header = first(document, SOAP11_NS, 'Header');
        header.appendChild(document.createElementNS(WSSE_NS, 'wsse:Security'));
      });
      expect(outcome(xml)).toBe('SECURITY_HEADER_INVALID');
    });
  });

  describe('the Timestamp', () => {
    it('refuses a message without one', () => {
      expect(
        outcome(
          edit(signed(), (document) => {
            remove(first(document, WSU_NS, 'Timestamp'));
          }),
        ),
      ).toBe('TIMESTAMP_MISSING');
    });

    it.each([
      ['a word', 'yesterday'],
      ['no time zone', '2030-03-02T08:00:00'],
      ['a day that does not exist', '2030-02-30T08:00:00Z'],
    ])('refuses a Created that is %s', (_case, created) => {
      const xml = edit(signed(), (document) => {
        setText(first(document, WSU_NS, 'Created'), created);
      });
      expect(outcome(xml)).toBe('TIMESTAMP_MALFORMED');
    });

    it('refuses a Timestamp without Expires', () => {
      expect(
        outcome(
          edit(signed(), (document) => {
            remove(first(document, WSU_NS, 'Expires'));
          }),
        ),
      ).toBe('TIMESTAMP_MALFORMED');
    });

    it('refuses a message whose Expires has passed', () => {
      expect(outcome(signed(), { now: seconds(300) })).toBe('TIMESTAMP_EXPIRED');
      expect(outcome(signed(), { now: seconds(3600) })).toBe('TIMESTAMP_EXPIRED');
    });

    it('refuses a Created ahead of the clock by more than the allowed skew', () => {
      expect(outcome(signed({ at: seconds(301) }))).toBe('TIMESTAMP_IN_FUTURE');
      expect(outcome(signed({ at: seconds(30) }), { maxSkewSeconds: 10 })).toBe('TIMESTAMP_IN_FUTURE');
    });

    it('refuses a lifetime longer than the maximum', () => {
      expect(outcome(signed({ lifetimeSeconds: 301 }))).toBe('TIMESTAMP_LIFETIME_TOO_LONG');
    });

    it('refuses a Timestamp changed after signing', () => {
      const xml = signed().replace('08:05:00.000Z</wsu:Expires>', '08:04:00.000Z</wsu:Expires>');
      expect(outcome(xml)).toBe('DIGEST_MISMATCH');
    });
  });

  describe('the token and its certificate', () => {
    it('refuses a message without a BinarySecurityToken', () => {
      const xml = edit(signed(), (document) => {
        remove(first(document, WSSE_NS, 'BinarySecurityToken'));
      });
      expect(outcome(xml)).toBe('TOKEN_MISSING');
    });

    it('refuses a token that is not X.509v3', () => {
      const xml = signed().replace('#X509v3"', '#X509PKIPathv1"');
      expect(outcome(xml)).toBe('TOKEN_UNSUPPORTED');
    });

    it('refuses a token that is not a certificate', () => {
      const xml = edit(signed(), (document) => {
        setText(
          first(document, WSSE_NS, 'BinarySecurityToken'),
          Buffer.from('not a certificate').toString('base64'),
        );
      });
      expect(outcome(xml)).toBe('TOKEN_MALFORMED');
    });

    it('refuses a certificate with an RSA key shorter than 2048 bits', () => {
      expect(outcome(signed({ sender: WEAK_SENDER }))).toBe('TOKEN_KEY_UNSUPPORTED');
    });

    it('refuses a KeyInfo that carries the certificate instead of pointing at the token', () => {
      const xml = edit(signed(), (document) => {
        const keyInfo = first(document, DS_NS, 'KeyInfo');
        while (keyInfo.firstChild !== null) keyInfo.removeChild(keyInfo.firstChild);
        const data = keyInfo.appendChild(document.createElementNS(DS_NS, 'ds:X509Data'));
        data.appendChild(document.createElementNS(DS_NS, 'ds:X509Certificate'));
      });
      expect(outcome(xml)).toBe('TOKEN_REFERENCE_UNSUPPORTED');
    });

    it('refuses an expired certificate', () => {
      expect(outcome(signed({ sender: EXPIRED_SENDER }))).toBe('CERTIFICATE_EXPIRED');
    });

    it('refuses a certificate that is not valid yet', () => {
      const early = new Date('2019-06-01T00:00:00Z');
      expect(outcome(signed({ at: early }), { now: early })).toBe('CERTIFICATE_NOT_YET_VALID');
    });

    it("refuses a signature made with another key than the token's certificate's", () => {
      expect(outcome(resigned(signed(), { key: OTHER_SENDER }))).toBe('SIGNATURE_INVALID');
    });

    it("refuses another sender's certificate swapped into the token", () => {
      const other = new X509Certificate(OTHER_SENDER.certificatePem).raw.toString('base64');
      const xml = edit(signed(), (document) => {
        setText(first(document, WSSE_NS, 'BinarySecurityToken'), other);
      });
      expect(outcome(xml)).toBe('SIGNATURE_INVALID');
    });
  });

  describe('the signature', () => {
    it('refuses a message without one', () => {
      expect(
        outcome(
          edit(signed(), (document) => {
            remove(first(document, DS_NS, 'Signature'));
          }),
        ),
      ).toBe('SIGNATURE_MISSING');
    });

    it('refuses a message holding a second signature', () => {
      const xml = edit(signed(), (document) => {
        const copy = first(document, DS_NS, 'Signature').cloneNode(true);
        first(document, SOAP11_NS, 'Header').appendChild(copy);
      });
      expect(outcome(xml)).toBe('SIGNATURE_MALFORMED');
    });

    it('refuses a Body changed after signing', () => {
      expect(outcome(signed().replace('123456789012345', '999999999999999'))).toBe('DIGEST_MISMATCH');
    });

    it('refuses a DigestValue changed after signing', () => {
      const xml = edit(signed(), (document) => {
        const reference = referenceTo(document, first(document, SOAP11_NS, 'Body'));
        setText(first(reference, DS_NS, 'DigestValue'), Buffer.alloc(32).toString('base64'));
      });
      expect(outcome(xml)).toBe('DIGEST_MISMATCH');
    });

    it('refuses a Body changed with its DigestValue recomputed: the SignedInfo no longer verifies', () => {
      const xml = edit(signed().replace('123456789012345', '999999999999999'), (document) => {
        const body = first(document, SOAP11_NS, 'Body');
        setText(first(referenceTo(document, body), DS_NS, 'DigestValue'), digestOf(body));
      });
      expect(outcome(xml)).toBe('SIGNATURE_INVALID');
    });

    it('refuses a SignedInfo changed after signing, even by a change that alone would be harmless', () => {
      const noOp = edit(signed(), (document) => {
        const transforms = first(document, DS_NS, 'Transforms');
        const enveloped = document.createElementNS(DS_NS, 'ds:Transform');
        enveloped.setAttribute('Algorithm', ENVELOPED_SIGNATURE);
        transforms.insertBefore(enveloped, transforms.firstChild);
      });
      expect(outcome(noOp)).toBe('SIGNATURE_INVALID');
      const otherMethod = edit(signed(), (document) => {
        first(document, DS_NS, 'SignatureMethod').setAttribute('Algorithm', RSA_SHA512);
      });
      expect(outcome(otherMethod)).toBe('SIGNATURE_INVALID');
    });

    it('refuses a DigestMethod swapped for the other one allowed', () => {
      const xml = edit(signed(), (document) => {
        first(document, DS_NS, 'DigestMethod').setAttribute('Algorithm', SHA512);
      });
      expect(outcome(xml)).toBe('DIGEST_MISMATCH');
    });

    it('refuses SHA-1 digests even under an RSA-SHA256 signature', () => {
      const xml = resigned(signed(), { digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1' });
      expect(outcome(xml)).toBe('ALGORITHM_NOT_ALLOWED');
    });

    it.each([
      ['inclusive c14n', ['http://www.w3.org/TR/2001/REC-xml-c14n-20010315']],
      ['exclusive c14n with comments', ['http://www.w3.org/2001/10/xml-exc-c14n#WithComments']],
      ['exclusive c14n twice', [EXCLUSIVE_C14N, EXCLUSIVE_C14N]],
      ['exclusive c14n then enveloped-signature', [EXCLUSIVE_C14N, ENVELOPED_SIGNATURE]],
      ['enveloped-signature alone', [ENVELOPED_SIGNATURE]],
    ])('refuses References signed with transforms it does not allow: %s', (_case, transforms) => {
      expect(outcome(resigned(signed(), { transforms }))).toBe('ALGORITHM_NOT_ALLOWED');
    });

    it('refuses InclusiveNamespaces anywhere but on the exclusive c14n transform', () => {
      const xml = edit(
        resigned(signed(), { transforms: [ENVELOPED_SIGNATURE, EXCLUSIVE_C14N] }),
        (document) => {
          const enveloped = first(document, DS_NS, 'Transform');
          const inclusive = document.createElementNS(EXCLUSIVE_C14N, 'ec:InclusiveNamespaces');
          inclusive.setAttribute('PrefixList', 'soap');
          enveloped.appendChild(inclusive);
        },
      );
      expect(outcome(xml)).toBe('SIGNATURE_MALFORMED');
    });

    it('refuses a Reference to the Security header that holds the signature, or to a part of the signature', () => {
      const toSecurity = edit(signed(), (document) => {
        first(document, WSSE_NS, 'Security').setAttributeNS(WSU_NS, 'wsu:Id', 'the-header');
        first(document, DS_NS, 'Reference').setAttribute('URI', '#the-header');
      });
      expect(outcome(toSecurity)).toBe('REFERENCE_UNRESOLVED');
      const toKeyInfo = edit(signed(), (document) => {
        first(document, DS_NS, 'KeyInfo').setAttribute('Id', 'the-key');
        first(document, DS_NS, 'Reference').setAttribute('URI', '#the-key');
      });
      expect(outcome(toKeyInfo)).toBe('REFERENCE_UNRESOLVED');
    });

    it('refuses a signature that does not cover the Timestamp', () => {
      expect(outcome(resigned(signed(), { cover: ['body'] }))).toBe('TIMESTAMP_NOT_SIGNED');
    });

    it('refuses a signature that does not cover the Body', () => {
      expect(outcome(resigned(signed(), { cover: ['timestamp'] }))).toBe('BODY_NOT_SIGNED');
    });

    it('refuses a SignedInfo whose Timestamp reference was taken out', () => {
      const xml = edit(signed(), (document) => {
        const timestampId = wsuId(document, WSU_NS, 'Timestamp');
        const references = document.getElementsByTagNameNS(DS_NS, 'Reference');
        for (let i = 0; i < references.length; i++) {
          const reference = references.item(i);
          if (reference?.getAttribute('URI') === `#${timestampId}`) remove(reference);
        }
      });
      expect(outcome(xml)).toBe('TIMESTAMP_NOT_SIGNED');
    });

    it('refuses a Reference to an element the message does not hold', () => {
      const xml = edit(signed(), (document) => {
        first(document, DS_NS, 'Reference').setAttribute('URI', '#somewhere-else');
      });
      expect(outcome(xml)).toBe('REFERENCE_UNRESOLVED');
    });

    it('refuses a Reference to the whole document (URI="")', () => {
      const xml = edit(signed(), (document) => {
        first(document, DS_NS, 'Reference').setAttribute('URI', '');
      });
      expect(outcome(xml)).toBe('REFERENCE_UNRESOLVED');
    });

    it('refuses a message signed with RSA-SHA1 and SHA-1 digests', () => {
      const xml = resigned(signed(), {
        signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
        digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1',
      });
      expect(outcome(xml)).toBe('ALGORITHM_NOT_ALLOWED');
    });

    it.each([
      ['SignatureMethod', 'http://www.w3.org/2000/09/xmldsig#hmac-sha1'],
      ['DigestMethod', 'http://www.w3.org/2001/04/xmldsig-more#md5'],
      ['CanonicalizationMethod', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315'],
      ['Transform', 'http://www.w3.org/TR/1999/REC-xslt-19991116'],
    ])('refuses a %s it does not allow (%s)', (element, algorithm) => {
      const xml = edit(signed(), (document) => {
        first(document, DS_NS, element).setAttribute('Algorithm', algorithm);
      });
      expect(outcome(xml)).toBe('ALGORITHM_NOT_ALLOWED');
    });
  });

  describe('signature wrapping', () => {
    it('refuses the signed Body moved into a header and an unsigned Body put in its place', () => {
      const xml = edit(signed(), (document) => {
        const body = first(document, SOAP11_NS, 'Body');
        const wrapper = document.createElementNS('urn:attacker', 'x:Wrapper');
        first(document, SOAP11_NS, 'Header').appendChild(wrapper);
        wrapper.appendChild(body);
        const forged = document.createElementNS(SOAP11_NS, 'soap:Body');
        const request = forged.appendChild(document.createElementNS(PR_NS, 'pr:CancelPresencesRequest'));
        request.appendChild(document.createTextNode('987654321098765'));
        document.documentElement!.appendChild(forged);
      });
      expect(outcome(xml)).toBe('BODY_NOT_SIGNED');
    });

    it('refuses the signed Timestamp moved away and an unsigned one put in its place', () => {
      const xml = edit(signed(), (document) => {
        const timestamp = first(document, WSU_NS, 'Timestamp');
        const security = first(document, WSSE_NS, 'Security');
        const forged = timestamp.cloneNode(true) as Element;
        forged.setAttributeNS(WSU_NS, 'wsu:Id', 'forged');
        const wrapper = document.createElementNS('urn:attacker', 'x:Wrapper');
        first(document, SOAP11_NS, 'Header').appendChild(wrapper);
        security.insertBefore(forged, timestamp);
        wrapper.appendChild(timestamp);
      });
      expect(outcome(xml)).toBe('TIMESTAMP_NOT_SIGNED');
    });

    it('refuses two elements with the Id of the signed Body', () => {
      const xml = edit(signed(), (document) => {
        const body = first(document, SOAP11_NS, 'Body');
        const copy = document.createElementNS('urn:attacker', 'x:Body');
        copy.setAttributeNS(WSU_NS, 'wsu:Id', body.getAttributeNS(WSU_NS, 'Id') ?? '');
        first(document, SOAP11_NS, 'Header').appendChild(copy);
      });
      expect(outcome(xml)).toBe('ID_DUPLICATE');
    });

    it('takes a namespace declaration for a prefix named Id for no Id', () => {
      const xml = edit(signed(), (document) => {
        const id = wsuId(document, SOAP11_NS, 'Body');
        first(document, SOAP11_NS, 'Header').setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:Id', id);
      });
      expect(outcome(xml)).toBe('accepted');
    });

    it('refuses a duplicate Id even in an unqualified Id attribute', () => {
      const xml = edit(signed(), (document) => {
        const id = wsuId(document, WSU_NS, 'Timestamp');
        first(document, PR_NS, 'PresenceRegistrationId').setAttribute('Id', id);
      });
      expect(outcome(xml)).toBe('ID_DUPLICATE');
    });
  });

  describe('its refusals', () => {
    it('say what to change, with a WS-Security fault code, and never echo the signature or its digests', () => {
      const xml = signed().replace('123456789012345', '999999999999999');
      const result = verifyWsSecurity(xml, { now: NOW });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.fault).toBe('wsse:FailedCheck');
      const document = parse(xml);
      for (const secret of ['SignatureValue', 'DigestValue']) {
        const value = first(document, DS_NS, secret).textContent ?? '';
        expect(result.error.message).not.toContain(value.slice(0, 12));
      }
      expect(result.error.message).toMatch(/changed after it was signed/);
    });

    it('give the message-expired fault for an expired message', () => {
      const result = verifyWsSecurity(signed(), { now: seconds(600) });
      expect(result.ok ? undefined : result.error.fault).toBe('wsse:MessageExpired');
    });
  });
});

describe('signSoapEnvelope', () => {
  it('writes the Timestamp, the token and the signature in the Security header of a new Header', () => {
    const document = parse(signed());
    const header = first(document, SOAP11_NS, 'Header');
    const security = first(document, WSSE_NS, 'Security');
    expect(security.parentNode).toBe(header);
    expect(security.getAttributeNS(SOAP11_NS, 'mustUnderstand')).toBe('1');
    const children = [];
    for (let child = security.firstChild; child !== null; child = child.nextSibling)
      children.push(child.nodeName);
    expect(children).toEqual(['wsu:Timestamp', 'wsse:BinarySecurityToken', 'ds:Signature']);
    const reference = first(document, WSSE_NS, 'Reference');
    expect(reference.getAttribute('URI')).toBe(`#${wsuId(document, WSSE_NS, 'BinarySecurityToken')}`);
  });

  it('keeps the wsu:Id the Body already had', () => {
    const request = REQUEST.replace('<soap:Body>', `<soap:Body xmlns:wsu="${WSU_NS}" wsu:Id="the-body">`);
    const xml = signSoapEnvelope(request, TEST_SENDER, { now: NOW });
    expect(first(parse(xml), SOAP11_NS, 'Body').getAttributeNS(WSU_NS, 'Id')).toBe('the-body');
    expect(outcome(xml)).toBe('accepted');
  });

  it("refuses to sign with a key that is not the certificate's", () => {
    const mixed = { privateKeyPem: OTHER_SENDER.privateKeyPem, certificatePem: TEST_SENDER.certificatePem };
    expect(() => signSoapEnvelope(REQUEST, mixed, { now: NOW })).toThrow(/not the key of the certificate/);
  });

  it('refuses to sign a message that is already signed', () => {
    expect(() => signSoapEnvelope(signed(), TEST_SENDER, { now: NOW })).toThrow(/already holds/);
  });

  it('refuses to sign what is not a SOAP 1.1 envelope', () => {
    expect(() => signSoapEnvelope('<a/>', TEST_SENDER, { now: NOW })).toThrow(/SOAP 1.1 Envelope/);
  });
});

describe('ReplayGuard', () => {
  const EXPIRES = seconds(300).toISOString();

  it('accepts a signature the first time and refuses it before its Expires', () => {
    const clock = new TestClock(NOW);
    const guard = new ReplayGuard(clock);
    expect(guard.seen('c2lnbmF0dXJlIEE=', EXPIRES)).toBe(false);
    clock.advance(299_000);
    expect(guard.seen('c2lnbmF0dXJlIEE=', EXPIRES)).toBe(true);
    expect(guard.seen('c2lnbmF0dXJlIEI=', EXPIRES)).toBe(false);
  });

  it('forgets a signature once its Expires has passed', () => {
    const clock = new TestClock(NOW);
    const guard = new ReplayGuard(clock);
    guard.seen('c2lnbmF0dXJlIEE=', EXPIRES);
    expect(guard.size).toBe(1);
    clock.advance(300_000);
    expect(guard.size).toBe(0);
    expect(guard.seen('c2lnbmF0dXJlIEE=', seconds(600))).toBe(false);
  });

  it('knows the same signature in another base64 layout', () => {
    const guard = new ReplayGuard(new TestClock(NOW));
    guard.seen('c2lnbmF0dXJlIEE=', EXPIRES);
    expect(guard.seen('c2lnbmF0\ndXJlIEE=', EXPIRES)).toBe(true);
  });

  it('refuses rather than forgets early when full of unexpired signatures', () => {
    const clock = new TestClock(NOW);
    const guard = new ReplayGuard(clock, { capacity: 2 });
    expect(guard.seen('QQ==', EXPIRES)).toBe(false);
    expect(guard.seen('Qg==', EXPIRES)).toBe(false);
    expect(guard.seen('Qw==', EXPIRES)).toBe(true);
    clock.advance(300_000);
    expect(guard.seen('Qw==', seconds(600))).toBe(false);
  });

  it('protects a verified message against being sent twice', () => {
    const guard = new ReplayGuard(new TestClock(NOW));
    const result = verifyWsSecurity(signed(), { now: NOW });
    if (!result.ok) throw new Error(result.error.message);
    const { signatureValue, timestamp } = result.value;
    expect(guard.seen(signatureValue, timestamp.expires)).toBe(false);
    expect(guard.seen(signatureValue, timestamp.expires)).toBe(true);
  });
});
