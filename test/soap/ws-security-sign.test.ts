import { DOMParser, type Element } from '@xmldom/xmldom';
import fc from 'fast-check';
import { ExclusiveCanonicalization, SignedXml } from 'xml-crypto';
import { describe, expect, it } from 'vitest';
import { buildSoapRequest } from '../../src/soap/build-request.js';
import { SOAP_ENVELOPE_NS } from '../../src/soap/contract.js';
import type { PresenceRegistrationSubmit, SoapRequest } from '../../src/soap/messages.js';
import { readSoapBody } from '../../src/soap/parse-request.js';
import { DS_NS, SOAP11_NS, verifyWsSecurity, WSSE_NS, WSU_NS } from '../../src/soap/ws-security.js';
import {
  prepareSoapSigner,
  signAnySoapEnvelope,
  signPlainSoapEnvelope,
  signSoapEnvelope,
  type SignSoapEnvelopeOptions,
} from '../../src/soap/ws-security-sign.js';
import { calendarDay, TRICKY_CHARACTERS } from '../support/arbitraries.js';
import { runs } from '../support/long-runs.js';
import { OTHER_SENDER, TEST_SENDER } from '../support/test-certificates.js';

/**
 * The signer's two paths: the one that signs an envelope of the plain form `buildSoapRequest` writes from its text
 * (`signPlainSoapEnvelope`), and xml-crypto's for any other (`signAnySoapEnvelope`). Every message the plain path
 * signs must be accepted by the registry's verifier and by xml-crypto's own `checkSignature`, and must be signed
 * over the very canonical forms xml-crypto computes for the same envelope, timestamp and ids.
 */

const NOW = new Date('2026-12-07T08:00:00Z');
const IDS = { token: 'X509-token', timestamp: 'TS-timestamp', body: 'id-body' } as const;
const OPTIONS: SignSoapEnvelopeOptions = { now: NOW, ids: IDS };
const SIGNER = prepareSoapSigner(TEST_SENDER);
const PR_NS = 'http://socialsecurity.be/presenceregistration/v1';

function envelope(body: string, declarations = ''): string {
  return `<soap:Envelope xmlns:soap="${SOAP11_NS}"${declarations}><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

/** The plain path's message, failing the test when the plain path does not take the envelope. */
function signedPlainly(xml: string, options: SignSoapEnvelopeOptions = OPTIONS): string {
  const signed = signPlainSoapEnvelope(xml, SIGNER, options);
  if (signed === undefined) throw new Error(`the plain path did not take ${xml}`);
  return signed;
}

function elementOf(xml: string, namespace: string, localName: string): Element {
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  const element = document.getElementsByTagNameNS(namespace, localName).item(0);
  if (element === null) throw new Error(`no ${localName}`);
  return element;
}

function canonical(xml: string, namespace: string, localName: string): string {
  return new ExclusiveCanonicalization().process(elementOf(xml, namespace, localName) as never, {});
}

/** What a signature commits to: its SignedInfo in canonical form (digests included) and its value. */
function signatureOf(xml: string): { signedInfo: string; signatureValue: string } {
  return {
    signedInfo: canonical(xml, DS_NS, 'SignedInfo'),
    signatureValue: elementOf(xml, DS_NS, 'SignatureValue').textContent ?? '',
  };
}

/** xml-crypto's own verification of the message, with the test sender's certificate. */
function xmlCryptoAccepts(xml: string): boolean {
  const signature = new SignedXml({
    publicCert: TEST_SENDER.certificatePem,
    idMode: 'wssecurity',
    getCertFromKeyInfo: () => null,
  });
  signature.loadSignature(elementOf(xml, DS_NS, 'Signature') as unknown as Node);
  return signature.checkSignature(xml);
}

/** The plain path's message, proven by both verifiers and equal in what it signs to xml-crypto's. */
function expectSignedAsXmlCryptoWould(xml: string): string {
  const signed = signedPlainly(xml);
  const verified = verifyWsSecurity(signed, { now: NOW });
  expect(verified.ok ? 'accepted' : verified.error.code).toBe('accepted');
  expect(xmlCryptoAccepts(signed)).toBe(true);
  expect(signatureOf(signed)).toEqual(signatureOf(signAnySoapEnvelope(xml, SIGNER, OPTIONS)));
  return signed;
}

describe('an envelope built by buildSoapRequest', () => {
  const items = Array.from({ length: 200 }, (_, i): PresenceRegistrationSubmit => ({
    registrationDate: '2026-12-08',
    inss: '85073003328',
    companyId: '403019261',
    workPlaceId: '1Y102M7NZF7PZ',
    clientReference: `ERP-${i} a&b<c>d"e'f]]>`,
  }));
  const request: SoapRequest = { operation: 'registerPresences', items };
  const xml = buildSoapRequest(request);

  it('is signed from its text, over what xml-crypto signs, and accepted by both verifiers', () => {
    expectSignedAsXmlCryptoWould(xml);
  });

  it('is sent as built, the Header inserted before the Body and the Body given its wsu:Id', () => {
    const signed = signedPlainly(xml);
    const at = xml.indexOf('<soap:Body>');
    expect(signed.startsWith(xml.slice(0, at) + '<soap:Header><wsse:Security ')).toBe(true);
    expect(signed.endsWith(xml.slice(at + '<soap:Body>'.length))).toBe(true);
    expect(signed).toContain(`<soap:Body xmlns:wsu="${WSU_NS}" wsu:Id="${IDS.body}">`);
  });

  it('holds the Timestamp, the token and the signature in a Security header that must be understood', () => {
    const security = elementOf(signedPlainly(xml), WSSE_NS, 'Security');
    expect(security.getAttributeNS(SOAP11_NS, 'mustUnderstand')).toBe('1');
    const children: string[] = [];
    for (let child = security.firstChild; child !== null; child = child.nextSibling) {
      children.push(child.nodeName);
    }
    expect(children).toEqual(['wsu:Timestamp', 'wsse:BinarySecurityToken', 'ds:Signature']);
    expect(elementOf(signedPlainly(xml), WSU_NS, 'Expires').textContent).toBe('2026-12-07T08:05:00.000Z');
  });

  it('keeps a carriage return as a reference, so that the server reads it back', () => {
    const withReturn: SoapRequest = {
      operation: 'registerPresences',
      items: [{ workPlaceId: 'X', clientReference: 'line 1\r\nline 2\r<&>' }],
    };
    const signed = signedPlainly(buildSoapRequest(withReturn));
    expect(xmlCryptoAccepts(signed)).toBe(true);
    const verified = verifyWsSecurity(signed, { now: NOW });
    if (!verified.ok) throw new Error(verified.error.message);
    expect(verified.value.signedBody).toContain('line 1&#xD;\nline 2&#xD;&lt;&amp;&gt;');
    expect(readSoapBody(verified.value.body)).toEqual({ ok: true, value: withReturn });
  });

  it('is signed by signSoapEnvelope as by the plain path', () => {
    expect(signSoapEnvelope(xml, SIGNER, OPTIONS)).toBe(signedPlainly(xml));
    expect(signSoapEnvelope(xml, TEST_SENDER, OPTIONS)).toBe(signedPlainly(xml));
  });
});

/**
 * Characters for texts: letters, what XML escapes, line ends, and the tricky ones XML can carry — but those
 * @xmldom/xmldom, the verifier's parser, does not read as written: NEL and the Unicode line and paragraph
 * separators (read as line feeds), and U+FFFD (a warning, so the message is refused).
 */
const textCharacter = fc.constantFrom(
  ...TRICKY_CHARACTERS.filter(
    (c) => !/[^\t\n\r\x20-\uD7FF\uE000-\uFFFC\u{10000}-\u{10FFFF}]|[\u0085\u2028\u2029]/u.test(c),
  ),
  'a',
  '&',
  '<',
  '>',
  ']',
  '"',
  "'",
  '\r\n',
);

/** A text the schema holds and the server reads unchanged (it trims values). */
function freeText(max: number): fc.Arbitrary<string> {
  return fc
    .string({ unit: textCharacter, minLength: 1, maxLength: max })
    .filter((text) => text.trim() === text && text !== '' && Array.from(text).length <= max);
}

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));

const anyRequest: fc.Arbitrary<SoapRequest> = fc.oneof(
  fc
    .array(
      fc.record(
        {
          registrationDate: calendarDay,
          inss: digits(11, 11),
          companyId: digits(1, 10),
          limosaId: freeText(20),
          workPlaceId: freeText(13),
          clientReference: freeText(24),
        },
        { requiredKeys: ['workPlaceId'] },
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((items) => ({ operation: 'registerPresences' as const, items })),
  fc
    .array(fc.record({ presenceRegistrationId: digits(1, 15), cancellationReason: freeText(15) }), {
      minLength: 1,
      maxLength: 5,
    })
    .map((items) => ({ operation: 'cancelPresences' as const, items })),
  fc
    .record({
      workPlaceId: freeText(13),
      periods: fc.array(fc.record({ start: calendarDay, end: calendarDay }), { minLength: 1, maxLength: 3 }),
      firstRow: fc.integer({ min: 0, max: 2_147_483_647 }),
    })
    .map(({ workPlaceId, periods, firstRow }) => ({
      operation: 'searchPresences' as const,
      criteria: { workPlaceId, registrationPeriods: periods },
      pagination: { firstRow, fetchSize: 50 },
    })),
  digits(1, 15).map((id) => ({ operation: 'getPresenceRegistration' as const, id })),
);

describe('any request buildSoapRequest writes, by property', () => {
  it('is signed from its text, accepted by both verifiers and read back as it was built', () => {
    fc.assert(
      fc.property(anyRequest, (request) => {
        const signed = signedPlainly(buildSoapRequest(request));
        expect(xmlCryptoAccepts(signed)).toBe(true);
        const verified = verifyWsSecurity(signed, { now: NOW });
        if (!verified.ok) throw new Error(verified.error.message);
        expect(readSoapBody(verified.value.body)).toEqual({ ok: true, value: request });
      }),
      { numRuns: runs(150, 2_000) },
    );
  });

  it('is signed over what xml-crypto signs for the same envelope, timestamp and ids', () => {
    // xml-crypto's path writes a carriage return raw (the message then says line feed): it signs another Body.
    const withoutReturn = anyRequest.filter((request) => !JSON.stringify(request).includes('\\r'));
    fc.assert(
      fc.property(withoutReturn, (request) => {
        const xml = buildSoapRequest(request);
        expect(signatureOf(signedPlainly(xml))).toEqual(
          signatureOf(signAnySoapEnvelope(xml, SIGNER, OPTIONS)),
        );
      }),
      { numRuns: runs(100, 1_000) },
    );
  });
});

describe('an envelope of the plain form written by hand', () => {
  // Each exercises a rule of exclusive canonicalization the plain path must apply as xml-crypto does.
  it.each<[string, string]>([
    [
      'namespaces declared above and used below, rendered where first used',
      envelope(
        '<pr:A><t:B>1</t:B><t:B>2</t:B><pr:C><t:D/></pr:C></pr:A>',
        ` xmlns:pr="${PR_NS}" xmlns:t="urn:types" xmlns:unused="urn:unused"`,
      ),
    ],
    [
      'a prefix bound again to another namespace below, and back',
      envelope(
        `<p:A xmlns:p="urn:one"><p:B xmlns:p="urn:two"><p:C xmlns:p="urn:one"><p:D/></p:C></p:B></p:A>`,
      ),
    ],
    [
      'attributes unqualified and qualified, in an order c14n changes, with what their values escape',
      envelope(
        `<p:A xmlns:p="urn:p" xmlns:q="urn:q" z="1" q:b='say "hi"' a="x>y" p:c="3"><p:B q:d="4"/></p:A>`,
      ),
    ],
    ['a namespace used by an attribute only', envelope(`<A xmlns:q="urn:q"><B q:x="1">text</B></A>`)],
    [
      'text with references, literal line ends and what c14n escapes',
      envelope(`<p:A xmlns:p="urn:p">&#x41;&#66;&amp;&lt;&gt;&quot;&apos;>\r\nx\ry&#10;&#x1F600;é</p:A>`),
    ],
    [
      'whitespace around the Body, an XML declaration in single quotes and a self-closing element',
      `<?xml version='1.0' encoding='UTF-8'?>\n<s:Envelope xmlns:s="${SOAP11_NS}" >\n  <s:Body >\n<e/>\n</s:Body>\n</s:Envelope>\n`,
    ],
    ['an empty Body', envelope('')],
  ])('%s', (_, xml) => {
    expectSignedAsXmlCryptoWould(xml);
  });

  it('keeps character references to line ends, which c14n writes as &#xD; or as is', () => {
    const signed = signedPlainly(envelope('<p:A xmlns:p="urn:p">a&#13;b&#xD;&#x85;&#x2028;</p:A>'));
    const verified = verifyWsSecurity(signed, { now: NOW });
    if (!verified.ok) throw new Error(verified.error.message);
    expect(verified.value.signedBody).toContain('a&#xD;b&#xD;\u0085\u2028</p:A>');
    expect(xmlCryptoAccepts(signed)).toBe(true);
  });
});

describe('an envelope outside the plain form', () => {
  it.each<[string, string]>([
    ['a comment', envelope('<a><!-- note --></a>')],
    ['a CDATA section', envelope('<a><![CDATA[x]]></a>')],
    ['a processing instruction before the Envelope', `<?pi x?>${envelope('<a/>')}`],
    ['a default namespace', envelope('<a xmlns="urn:a"><b/></a>')],
    ['a Header', envelope('<a/>').replace('<soap:Body>', '<soap:Header/><soap:Body>')],
    [
      'a Body with an Id',
      envelope('<a/>').replace('<soap:Body>', `<soap:Body xmlns:wsu="${WSU_NS}" wsu:Id="b">`),
    ],
    ['the wsu prefix declared by the message', envelope('<wsu:a/>', ` xmlns:wsu="urn:other"`)],
    ['an xml: attribute', envelope('<a xml:lang="nl"/>')],
    ['an attribute value with a reference', envelope('<a b="&amp;"/>')],
    ['an attribute value with a line end', envelope('<a b="x\ny"/>')],
    ['an element name outside ASCII', envelope('<é/>')],
    ['a raw NEL, which its verifier reads as a line end', envelope('<a>x\u0085y</a>')],
    ['a raw LINE SEPARATOR', envelope('<a>x\u2028y</a>')],
    [
      'prefixes whose order by locale is not by code point',
      envelope('<B:a a:b="1"/>', ' xmlns:B="urn:B" xmlns:a="urn:a"'),
    ],
  ])('goes to xml-crypto when it holds %s, which signs it', (_, xml) => {
    expect(signPlainSoapEnvelope(xml, SIGNER, OPTIONS)).toBeUndefined();
    const signed = signSoapEnvelope(xml, SIGNER, OPTIONS);
    expect(xmlCryptoAccepts(signed)).toBe(true);
  });

  it.each<[string, string]>([
    ['it is not well-formed', envelope('<a></b>')],
    ['a prefix is not declared', envelope('<p:a/>')],
    ['an attribute is written twice', envelope('<a b="1" b="2"/>')],
    ['an unknown entity', envelope('<a>&nbsp;</a>')],
    ['it is not a SOAP 1.1 envelope', '<a/>'],
    ['there is a second root', `${envelope('<a/>')}<b/>`],
  ])('is not signed from its text when %s', (_, xml) => {
    expect(signPlainSoapEnvelope(xml, SIGNER, OPTIONS)).toBeUndefined();
  });

  it('is refused by signSoapEnvelope when it is not a SOAP 1.1 envelope', () => {
    expect(() => signSoapEnvelope('<a/>', SIGNER, OPTIONS)).toThrow(/SOAP 1.1 Envelope/);
    expect(() => signSoapEnvelope(`<e:Envelope xmlns:e="${SOAP_ENVELOPE_NS}x"/>`, SIGNER, OPTIONS)).toThrow(
      /SOAP 1.1 Envelope/,
    );
  });
});

describe('prepareSoapSigner', () => {
  it("refuses a key that is not the certificate's", () => {
    const mixed = { privateKeyPem: OTHER_SENDER.privateKeyPem, certificatePem: TEST_SENDER.certificatePem };
    expect(() => prepareSoapSigner(mixed)).toThrow(/not the key of the certificate/);
  });

  it('holds the certificate as the BinarySecurityToken carries it', () => {
    const signed = signedPlainly(envelope('<a/>'));
    expect(elementOf(signed, WSSE_NS, 'BinarySecurityToken').textContent).toBe(SIGNER.token);
    expect(SIGNER.certificate.raw.toString('base64')).toBe(SIGNER.token);
  });

  it('refuses ids that are not NCNames', () => {
    expect(() => signSoapEnvelope(envelope('<a/>'), SIGNER, { now: NOW, ids: { body: 'a"b' } })).toThrow(
      /not a wsu:Id/,
    );
  });
});
