import type { Element } from '@xmldom/xmldom';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSoapRequest } from '../../src/soap/build-request.js';
import { buildSoapFault, buildSoapResponse } from '../../src/soap/build-response.js';
import {
  PRESENCE_REGISTRATION_SERVICE_NS,
  PRESENCE_REGISTRATION_TYPES_NS,
  SOAP_ENVELOPE_NS,
} from '../../src/soap/contract.js';
import {
  PRESENCE_STATUSES,
  SOAP_OPERATIONS,
  SORT_CRITERIA,
  SORT_DIRECTIONS,
  VALIDATION_REMARKS,
  type CancelPresenceRequest,
  type ItemErrors,
  type Pagination,
  type PresenceRegistrationOut,
  type PresenceRegistrationSubmit,
  type SearchCriteria,
  type SoapFault,
  type SoapOperation,
  type SoapRequest,
  type SoapResponse,
  type Sorting,
} from '../../src/soap/messages.js';
import { parseSoapRequest, readSoapBody } from '../../src/soap/parse-request.js';
import { parseSoapResponse } from '../../src/soap/parse-response.js';
import { verifyWsSecurity } from '../../src/soap/ws-security.js';
import { signSoapEnvelope } from '../../src/soap/ws-security-sign.js';
import { anyText, calendarDay, TRICKY_CHARACTERS } from '../support/arbitraries.js';
import { runs } from '../support/long-runs.js';
import {
  childElements,
  childNames,
  expectOfficialNamespaces,
  expectValid,
  SEARCH_CRITERIA_ELEMENTS,
  SUBMITTED_REGISTRATION_ELEMENTS,
} from '../support/soap-documents.js';
import { bareRegistration, ITEM_ERRORS, registration, submitted } from '../support/soap-messages.js';
import { TEST_SENDER } from '../support/test-certificates.js';
import { strictParser } from '../support/xsd.js';

/**
 * The client side of the PresenceRegistration v1 protocol, as the relay uses it: requests built for an
 * upstream service and its answers read back. Each is tried against the server's own half of the codec, so
 * that both halves agree on every element, namespace and escape.
 */

// ---------------------------------------------------------------------------------------------------------
// Fixtures.

/** Every criterion a search may hold. */
const FULL_CRITERIA: SearchCriteria = {
  inss: '85073003328',
  companyId: '403019261',
  workPlaceId: '1Y102M7NZF7PZ',
  statuses: ['FAILED', 'VALIDATED'],
  remarks: ['RELATED DIMONA NOT OK', "THE COMPANY DOESN'T EXISTS"],
  registrationPeriods: [
    { start: '2026-12-01', end: '2026-12-07' },
    { start: '2026-12-14', end: '2026-12-14' },
  ],
  creationStart: '2026-12-01T00:00:00Z',
  creationEnd: '2026-12-07T23:59:59.999+01:00',
  sector: 3,
};

/** A value that must be escaped, with a line feed and a tab, which XML keeps as they are. */
const SPECIAL_REFERENCE = `a&b<c>d"e'f]]>\n\tg`;

/** The message of a MALFORMED answer, failing the test on anything else. */
function malformedMessage(operation: SoapOperation, xml: string): string {
  const answer = parseSoapResponse(operation, xml);
  if (answer.ok || answer.error.kind !== 'MALFORMED') {
    throw new Error(`MALFORMED expected, got ${JSON.stringify(answer)}`);
  }
  return answer.error.message;
}

/** The request the server reads from an envelope once signed and verified: from the very Body signed. */
function readOnceSigned(xml: string): ReturnType<typeof readSoapBody> {
  const now = new Date('2026-12-07T08:00:00Z');
  const verified = verifyWsSecurity(signSoapEnvelope(xml, TEST_SENDER, { now }), { now });
  if (!verified.ok) throw new Error(verified.error.message);
  return readSoapBody(verified.value.body);
}

function envelope(body: string): string {
  return `<soap:Envelope xmlns:soap="${SOAP_ENVELOPE_NS}"><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

// ---------------------------------------------------------------------------------------------------------
// Requests.

const REQUESTS: readonly { readonly name: string; readonly request: SoapRequest }[] = [
  {
    name: 'a registration of every kind: full, by Limosa, the least the schema allows',
    request: {
      operation: 'registerPresences',
      items: [
        submitted(),
        { limosaId: '24911936602056031', workPlaceId: '1Y102HV63VT7Z', registrationDate: '2026-12-08' },
        { workPlaceId: 'X' },
      ],
    },
  },
  {
    name: 'a registration whose reference needs escaping',
    request: { operation: 'registerPresences', items: [submitted({ clientReference: SPECIAL_REFERENCE })] },
  },
  {
    name: 'a cancellation of two registrations',
    request: {
      operation: 'cancelPresences',
      items: [
        { presenceRegistrationId: '123456789012345', cancellationReason: 'HOLIDAY' },
        { presenceRegistrationId: '7', cancellationReason: 'R&D <moved>' },
      ],
    },
  },
  {
    name: 'a search with every criterion, a page and an order',
    request: {
      operation: 'searchPresences',
      criteria: FULL_CRITERIA,
      pagination: { firstRow: 500, fetchSize: 500 },
      sorting: { direction: 'DESCENDING', criterion: 'REGISTRATION DATE' },
    },
  },
  {
    name: 'a search with one period only, the default page and no order',
    request: {
      operation: 'searchPresences',
      criteria: { registrationPeriods: [{ start: '2026-12-07', end: '2026-12-07' }] },
      pagination: { firstRow: 0, fetchSize: 50 },
    },
  },
  {
    name: 'a lookup of one registration',
    request: { operation: 'getPresenceRegistration', id: '123456789012345' },
  },
];

describe('a request built for the upstream service', () => {
  for (const { name, request } of REQUESTS) {
    describe(name, () => {
      const xml = buildSoapRequest(request);

      it('is read back by the server as it was built', () => {
        expect(parseSoapRequest(xml)).toEqual({ ok: true, value: request });
      });

      it('is valid against the schema', () => {
        expectValid(xml);
      });

      it('has its operation and its direct children in the service’s namespace, all below in the types’', () => {
        expectOfficialNamespaces(xml);
      });

      it('is accepted by the server once signed, read from the very Body that was signed', () => {
        expect(readOnceSigned(xml)).toEqual({ ok: true, value: request });
      });
    });
  }

  it('is a SOAP 1.1 envelope with no Header, which the signer adds', () => {
    const xml = buildSoapRequest({ operation: 'getPresenceRegistration', id: '1' });
    const root = strictParser().parseFromString(xml, 'text/xml').documentElement as Element;
    expect(root.namespaceURI).toBe(SOAP_ENVELOPE_NS);
    expect(childElements(root).map((child) => child.localName)).toEqual(['Body']);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  });

  it('writes the elements in the order of the schema', () => {
    const search = buildSoapRequest(REQUESTS[3]!.request);
    expect(childNames(search, 'SearchPresenceRegistrationCriteria')).toEqual(SEARCH_CRITERIA_ELEMENTS);
    expect(childNames(search, 'SearchPresenceRequest')).toEqual([
      'SearchPresenceRegistrationCriteria',
      'PaginationProperties',
      'SortingProperties',
    ]);
    const register = buildSoapRequest({
      operation: 'registerPresences',
      items: [submitted({ limosaId: '24911936602056031' })],
    });
    expect(childNames(register, 'PresenceRegistrationRequest')).toEqual(SUBMITTED_REGISTRATION_ELEMENTS);
  });

  describe('a value holding a carriage return', () => {
    const request: SoapRequest = {
      operation: 'registerPresences',
      items: [submitted({ clientReference: 'line 1\r\nline 2\r<&>' })],
    };
    const xml = buildSoapRequest(request);

    it('is written as a reference, the one form a parser does not turn into a line feed', () => {
      expect(xml).toContain(
        'line 1&#13;\nline 2&#13;&lt;&amp;&gt;</type:ClientPresenceRegistrationReference>',
      );
    });

    it('is read back by the server as it was built', () => {
      expect(parseSoapRequest(xml)).toEqual({ ok: true, value: request });
    });

    // The signer sends the envelope as built, the reference kept (and signs it as c14n writes it, &#xD;).
    it('is still read back as it was built once signed', () => {
      expect(readOnceSigned(xml)).toEqual({ ok: true, value: request });
    });
  });

  it('holds 200 registrations, every one read back', () => {
    const items = Array.from({ length: 200 }, (_, i) => submitted({ clientReference: `ERP-${i}` }));
    const xml = buildSoapRequest({ operation: 'registerPresences', items });
    expect(parseSoapRequest(xml)).toEqual({ ok: true, value: { operation: 'registerPresences', items } });
  });

  const search = (
    criteria: Partial<SearchCriteria>,
    pagination = { firstRow: 0, fetchSize: 50 },
  ): SoapRequest => ({
    operation: 'searchPresences',
    criteria: { registrationPeriods: [{ start: '2026-12-07', end: '2026-12-07' }], ...criteria },
    pagination,
  });
  const register = (item: Partial<PresenceRegistrationSubmit>): SoapRequest => ({
    operation: 'registerPresences',
    items: [submitted(item)],
  });
  const cancel = (item: Partial<CancelPresenceRequest>): SoapRequest => ({
    operation: 'cancelPresences',
    items: [{ presenceRegistrationId: '1', cancellationReason: 'HOLIDAY', ...item }],
  });
  const period = { start: '2026-12-07', end: '2026-12-07' };

  it.each<[string, SoapRequest]>([
    ['no registration', { operation: 'registerPresences', items: [] }],
    [
      '201 registrations',
      { operation: 'registerPresences', items: Array.from({ length: 201 }, () => submitted()) },
    ],
    ['no cancellation', { operation: 'cancelPresences', items: [] }],
    ['an INSS of 10 digits', register({ inss: '8507300332' })],
    ['a company number of 11 digits', register({ companyId: '04030192610' })],
    ['a registration date that is no calendar day', register({ registrationDate: '2026-02-29' })],
    ['a registration date with a time', register({ registrationDate: '2026-12-07T08:00:00' })],
    ['an empty place of work', register({ workPlaceId: '' })],
    ['a place of work of 14 characters', register({ workPlaceId: '1Y102M7NZF7PZX' })],
    ['a reference of 25 characters', register({ clientReference: 'x'.repeat(25) })],
    ['a reference with a NUL', register({ clientReference: 'a\u0000b' })],
    ['a reference with a lone surrogate', register({ clientReference: 'a\ud800b' })],
    ['a Limosa id of 21 characters', register({ limosaId: '1'.repeat(21) })],
    ['a registration id of 16 digits', cancel({ presenceRegistrationId: '1234567890123456' })],
    ['a cancellation reason of 16 characters', cancel({ cancellationReason: 'x'.repeat(16) })],
    ['a lookup of no id', { operation: 'getPresenceRegistration', id: '' }],
    ['a search without a period', search({ registrationPeriods: [] })],
    ['a search with 32 periods', search({ registrationPeriods: Array.from({ length: 32 }, () => period) })],
    ['a search for a status the contract lacks', search({ statuses: ['LOST' as never] })],
    ['a search for five statuses', search({ statuses: [...PRESENCE_STATUSES, 'FAILED'] })],
    ['a search for a sector the contract lacks', search({ sector: 4 as never })],
    ['a search from a creation time that is no time', search({ creationStart: '2026-12-07T24:00:00Z' })],
    [
      'a search from a creation time in no real time zone',
      search({ creationStart: '2026-12-07T08:00:00+15:00' }),
    ],
    ['a search from row -1', search({}, { firstRow: -1, fetchSize: 50 })],
    ['a search for a page of 0 rows', search({}, { firstRow: 0, fetchSize: 0 })],
    ['a search for a page of 501 rows', search({}, { firstRow: 0, fetchSize: 501 })],
    ['a search for a page of 1.5 rows', search({}, { firstRow: 0, fetchSize: 1.5 })],
  ])('cannot be built with %s: a RangeError says what', (_, request) => {
    expect(() => buildSoapRequest(request)).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Responses.

const RESPONSES: readonly { readonly name: string; readonly response: SoapResponse }[] = [
  {
    name: 'registered and refused items, with their errors',
    response: {
      operation: 'registerPresences',
      items: [
        { kind: 'registered', registration: registration() },
        { kind: 'refused', submitted: submitted({ inss: '85073003329' }), errors: ITEM_ERRORS },
        { kind: 'registered', registration: bareRegistration() },
        {
          kind: 'refused',
          submitted: { workPlaceId: 'X', clientReference: SPECIAL_REFERENCE },
          errors: [{ code: 'E', description: 'R&D <said> "no"' }],
        },
      ],
    },
  },
  {
    name: 'a cancelled registration and a refused cancellation',
    response: {
      operation: 'cancelPresences',
      items: [
        {
          kind: 'cancelled',
          registration: registration({ lastValidation: { status: 'SUCCESSFULLY CANCELLED' } }),
        },
        {
          kind: 'refused',
          request: { presenceRegistrationId: '42', cancellationReason: 'C32A' },
          errors: [ITEM_ERRORS[0]],
        },
      ],
    },
  },
  {
    name: 'a search echoed with every criterion, its count and a page of registrations with their history',
    response: {
      operation: 'searchPresences',
      criteria: FULL_CRITERIA,
      pagination: { firstRow: 50, fetchSize: 2 },
      sorting: { direction: 'ASCENDING', criterion: 'ID' },
      resultCount: 1234,
      registrations: [
        registration(),
        bareRegistration({ sector: 2, validationHistory: [{ status: 'SUCCESSFULLY REGISTERED' }] }),
      ],
    },
  },
  {
    name: 'a search that found nothing, asked with no order',
    response: {
      operation: 'searchPresences',
      criteria: { registrationPeriods: [{ start: '2026-12-07', end: '2026-12-07' }] },
      pagination: { firstRow: 0, fetchSize: 50 },
      resultCount: 0,
      registrations: [],
    },
  },
  {
    name: 'a registration looked up',
    response: { operation: 'getPresenceRegistration', id: '123456789012345', registration: registration() },
  },
  {
    name: 'a lookup that found no registration',
    response: { operation: 'getPresenceRegistration', id: '404', registration: null },
  },
];

describe('a response read from the upstream service', () => {
  for (const { name, response } of RESPONSES) {
    it(`reads back ${name} as the server built it`, () => {
      expect(parseSoapResponse(response.operation, buildSoapResponse(response))).toEqual({
        ok: true,
        value: response,
      });
    });
  }

  it('leaves out what the XML leaves out: no undefined field stands for an absent element', () => {
    const answer = parseSoapResponse(
      'getPresenceRegistration',
      buildSoapResponse({ operation: 'getPresenceRegistration', id: '1', registration: bareRegistration() }),
    );
    expect(answer).toStrictEqual({
      ok: true,
      value: { operation: 'getPresenceRegistration', id: '1', registration: bareRegistration() },
    });
  });

  it('leaves out a remark it does not know (the official RemarkType is any text), reading the rest of the answer', () => {
    const known = registration({
      lastValidation: { status: 'FAILED', remarks: ['RELATED DIMONA NOT OK'] },
    });
    const xml = buildSoapResponse({
      operation: 'getPresenceRegistration',
      id: '1',
      registration: known,
    }).replace(
      'RELATED DIMONA NOT OK</',
      'RELATED DIMONA NOT OK</type:Remark><type:Remark>A REMARK OF A LATER VERSION</',
    );
    expect(xml).toContain('A REMARK OF A LATER VERSION');
    expect(parseSoapResponse('getPresenceRegistration', xml)).toStrictEqual({
      ok: true,
      value: { operation: 'getPresenceRegistration', id: '1', registration: known },
    });
  });

  it('reads 200 items, every one in its order', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({
      kind: 'registered' as const,
      registration: registration({ presenceRegistrationId: String(1000 + i) }),
    }));
    const response: SoapResponse = { operation: 'registerPresences', items };
    expect(parseSoapResponse('registerPresences', buildSoapResponse(response))).toEqual({
      ok: true,
      value: response,
    });
  });

  it('matches elements by namespace, whatever the prefixes: default namespaces, comments, CDATA, a Header', () => {
    const xml = `<?xml version="1.0"?>
      <e:Envelope xmlns:e="${SOAP_ENVELOPE_NS}">
        <e:Header><x:Trace xmlns:x="urn:trace">1</x:Trace></e:Header>
        <e:Body>
          <GetPresenceRegistrationResponse xmlns="${PRESENCE_REGISTRATION_SERVICE_NS}">
            <GetPresenceRegistrationResponseType>
              <!-- the id asked for -->
              <GetPresenceRegistrationRequest xmlns="${PRESENCE_REGISTRATION_TYPES_NS}">
                <PresenceRegistrationId> 7 </PresenceRegistrationId>
              </GetPresenceRegistrationRequest>
              <t:GetPresenceRegistrationType xmlns:t="${PRESENCE_REGISTRATION_TYPES_NS}">
                <t:PresenceRegistrationType>
                  <t:PresenceRegistrationSubmitted>
                    <t:WorkPlaceId><![CDATA[A&B]]></t:WorkPlaceId>
                  </t:PresenceRegistrationSubmitted>
                  <t:PresenceRegistrationId>7</t:PresenceRegistrationId>
                  <t:CreationDate>2026-12-07T08:00:00Z</t:CreationDate>
                  <t:Channel>WEBSERVICE</t:Channel>
                  <t:LastValidation><t:Status>VALIDATED</t:Status></t:LastValidation>
                </t:PresenceRegistrationType>
              </t:GetPresenceRegistrationType>
            </GetPresenceRegistrationResponseType>
          </GetPresenceRegistrationResponse>
        </e:Body>
      </e:Envelope>`;
    expect(parseSoapResponse('getPresenceRegistration', xml)).toEqual({
      ok: true,
      value: {
        operation: 'getPresenceRegistration',
        id: '7',
        registration: {
          submitted: { workPlaceId: 'A&B' },
          presenceRegistrationId: '7',
          creationDate: '2026-12-07T08:00:00Z',
          channel: 'WEBSERVICE',
          lastValidation: { status: 'VALIDATED' },
        },
      },
    });
  });

  it('reads a registration returned as consulted, without the VAT number it cannot hold, and skips unknown elements', () => {
    const xml = buildSoapResponse({
      operation: 'getPresenceRegistration',
      id: '1',
      registration: bareRegistration(),
    })
      .replace(
        '<type:PresenceRegistrationSubmitted>',
        '<type:PresenceRegistrationConsultSubmitted><type:VatNumber>FR40303265045</type:VatNumber>',
      )
      .replace('</type:PresenceRegistrationSubmitted>', '</type:PresenceRegistrationConsultSubmitted>')
      .replace('</type:Channel>', '</type:Channel><type:Novelty>from a newer schema</type:Novelty>');
    expect(parseSoapResponse('getPresenceRegistration', xml)).toEqual({
      ok: true,
      value: { operation: 'getPresenceRegistration', id: '1', registration: bareRegistration() },
    });
  });

  it('takes a search refused with an ErrorList, as the official schema allows, for a client fault', () => {
    const found = buildSoapResponse(RESPONSES[3]!.response);
    const refused = found.replace(
      /<type:PresenceRegistrationList>.*<\/type:PresenceRegistrationList>/,
      '<type:PresenceRegistrationError><type:ErrorList>' +
        '<type:Error><type:ErrorCode>PERIOD_TOO_LONG</type:ErrorCode><type:ErrorDescription>At most 31 days.</type:ErrorDescription></type:Error>' +
        '<type:Error><type:ErrorCode>E2</type:ErrorCode><type:ErrorDescription>Another.</type:ErrorDescription></type:Error>' +
        '</type:ErrorList></type:PresenceRegistrationError>',
    );
    expect(refused).not.toBe(found);
    expectValid(refused);
    expect(parseSoapResponse('searchPresences', refused)).toEqual({
      ok: false,
      error: {
        kind: 'FAULT',
        fault: { side: 'client', code: 'PERIOD_TOO_LONG', message: 'At most 31 days.; Another.' },
      },
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Faults.

describe('a fault read from the upstream service', () => {
  it.each<[string, SoapFault]>([
    [
      'the client’s, a BusinessError',
      { side: 'client', code: 'SOAP_SCHEMA_VIOLATION', message: 'INSS: 11 digits.' },
    ],
    [
      'the server’s, a SystemError with its incident number',
      {
        side: 'server',
        code: 'STORE_UNAVAILABLE',
        message: 'Try again <later> & "soon".',
        incidentId: '20261207-42',
      },
    ],
  ])('reads back %s as the server built it', (_, fault) => {
    for (const operation of ['registerPresences', 'searchPresences'] as const) {
      expect(parseSoapResponse(operation, buildSoapFault(fault))).toEqual({
        ok: false,
        error: { kind: 'FAULT', fault },
      });
    }
  });

  const fault = (code: string, detail = '', declarations = '') =>
    `<s:Envelope xmlns:s="${SOAP_ENVELOPE_NS}"${declarations}><s:Body><s:Fault>` +
    `<faultcode>${code}</faultcode><faultstring>Gateway says no</faultstring>${detail}` +
    '</s:Fault></s:Body></s:Envelope>';

  it('resolves the faultcode’s prefix where it is written, and reads a dotted code by its first part', () => {
    expect(parseSoapResponse('registerPresences', fault('s:Client.Authentication'))).toEqual({
      ok: false,
      error: {
        kind: 'FAULT',
        fault: { side: 'client', code: 'Client.Authentication', message: 'Gateway says no' },
      },
    });
  });

  it('reads a fault without the social security’s detail, as a gateway sends it, by its faultcode and faultstring', () => {
    expect(parseSoapResponse('registerPresences', fault('s:Server'))).toEqual({
      ok: false,
      error: { kind: 'FAULT', fault: { side: 'server', code: 'Server', message: 'Gateway says no' } },
    });
  });

  it('takes the side of a code in another namespace from its detail, and finds it MALFORMED without one', () => {
    const detail =
      '<detail><err:SystemError xmlns:err="http://socialsecurity.be/errors/v1" Id="9">' +
      '<err:Origin>server</err:Origin><err:Code>DOWN</err:Code>' +
      '<err:Message xml:lang="fr">En panne</err:Message><err:Message xml:lang="en">Down</err:Message>' +
      '</err:SystemError></detail>';
    const custom = ' xmlns:x="urn:custom"';
    expect(parseSoapResponse('cancelPresences', fault('x:Oops', detail, custom))).toEqual({
      ok: false,
      error: { kind: 'FAULT', fault: { side: 'server', code: 'DOWN', message: 'Down', incidentId: '9' } },
    });
    expect(malformedMessage('cancelPresences', fault('x:Oops', '', custom))).toMatch(/faultcode x:Oops/);
  });

  it('finds a faultcode whose prefix is not declared MALFORMED', () => {
    expect(malformedMessage('cancelPresences', fault('soap:Client'))).toMatch(/faultcode/);
  });

  it('trusts the faultcode over the detail for the side, as SOAP does', () => {
    const xml = buildSoapFault({ side: 'client', code: 'X', message: 'm' }).replace(
      '>soap:Client<',
      '>soap:Server<',
    );
    expect(parseSoapResponse('registerPresences', xml)).toEqual({
      ok: false,
      error: { kind: 'FAULT', fault: { side: 'server', code: 'X', message: 'm' } },
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// What is not an answer.

describe('what is not an answer to the request', () => {
  const registered = buildSoapResponse(RESPONSES[0]!.response);

  it.each<[string, string, RegExp]>([
    ['an empty body', '', /empty/],
    ['garbage', 'Service Temporarily Unavailable', /root element|XML/],
    [
      'an HTML 503 page',
      '<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>',
      /document type declaration/,
    ],
    [
      'an HTML page without a DOCTYPE',
      '<html><body><h1>503 Service Unavailable</h1><hr></body></html>',
      /well-formed/,
    ],
    [
      'an XHTML page',
      '<html xmlns="http://www.w3.org/1999/xhtml"><body>503</body></html>',
      /html: a SOAP 1.1 Envelope/,
    ],
    ['JSON', '{"error":"unavailable"}', /root element|XML/],
    [
      'a SOAP 1.2 envelope',
      '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body/></env:Envelope>',
      /not the SOAP 1\.1 one/,
    ],
    ['an envelope with an empty Body', envelope(''), /not nothing/],
    [
      'another operation’s response',
      buildSoapResponse(RESPONSES[1]!.response),
      /RegisterPresencesResponse .* is expected, not CancelPresencesResponse/,
    ],
    [
      'the request instead of the response',
      buildSoapRequest(REQUESTS[0]!.request),
      /not RegisterPresencesRequest/,
    ],
    ['an answer cut short', registered.slice(0, Math.floor(registered.length * 0.7)), /well-formed/],
    [
      'an answer with mismatched tags',
      registered.replace('</type:Channel>', '</type:Chanel>'),
      /well-formed/,
    ],
    ['an undeclared entity', registered.replace('WEBSERVICE', 'WEB&nbsp;SERVICE'), /entity &nbsp;/],
    [
      'an item whose registration has no id',
      registered.replace(/<type:PresenceRegistrationId>[^<]*<\/type:PresenceRegistrationId>/, ''),
      /PresenceRegistrationResponse\[1\]\/PresenceRegistration: PresenceRegistrationId is missing/,
    ],
    [
      'a registration id that is no number',
      registered.replace('>123456789012345<', '>12345678901234X<'),
      /15 digits/,
    ],
    ['a status the contract lacks', registered.replace('>FAILED<', '>LOST<'), /"LOST" is not one of/],
    [
      'a sector the contract lacks',
      registered.replace('<type:Sector>1<', '<type:Sector>4<'),
      /Sector: a whole number from 1 to 3/,
    ],
    [
      'a refused item without an error',
      registered.replace(/<type:ErrorList>.*?<\/type:ErrorList>/, '<type:ErrorList></type:ErrorList>'),
      /at least one Error/,
    ],
    [
      'an item that is both registered and refused',
      registered.replace(
        '<pr:PresenceRegistrationResponse><type:PresenceRegistration>',
        '<pr:PresenceRegistrationResponse><type:PresenceRegistrationError/><type:PresenceRegistration>',
      ),
      /not both/,
    ],
    [
      'a field in the service’s namespace instead of the types’',
      registered.replace('<type:Channel>WEBSERVICE</type:Channel>', '<pr:Channel>WEBSERVICE</pr:Channel>'),
      /Channel: in namespace http:\/\/socialsecurity\.be\/presenceregistration\/v1, expected/,
    ],
    [
      'the response element in the types’ namespace',
      registered.replace(/pr:RegisterPresencesResponse/g, 'type:RegisterPresencesResponse'),
      /not RegisterPresencesResponse \(in namespace http:\/\/socialsecurity\.be\/presenceregistration\/schemas\/v1\)/,
    ],
    [
      'a response with no item',
      envelope(`<RegisterPresencesResponse xmlns="${PRESENCE_REGISTRATION_SERVICE_NS}"/>`),
      /at least one/,
    ],
  ])('is MALFORMED: %s', (_, xml, message) => {
    expect(malformedMessage('registerPresences', xml)).toMatch(message);
  });

  it('is MALFORMED whatever the text, never a throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SOAP_OPERATIONS), anyText, (operation, text) => {
        const answer = parseSoapResponse(operation, text);
        expect(answer.ok ? 'ok' : answer.error.kind).toBe('MALFORMED');
      }),
      { numRuns: runs(300, 20_000) },
    );
  });

  it('is MALFORMED wherever an answer is cut short, so no item is ever silently lost', () => {
    const small = buildSoapResponse({
      operation: 'registerPresences',
      items: [
        { kind: 'registered', registration: bareRegistration() },
        { kind: 'refused', submitted: submitted(), errors: ITEM_ERRORS },
      ],
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: small.length - 1 }), (cut) => {
        const answer = parseSoapResponse('registerPresences', small.slice(0, cut));
        expect(answer.ok ? 'ok' : answer.error.kind).toBe('MALFORMED');
      }),
      { numRuns: runs(300, 5_000) },
    );
  });

  it('is MALFORMED, never a throw, with a character changed anywhere in an answer', () => {
    const answer = buildSoapResponse(RESPONSES[2]!.response);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: answer.length - 1 }),
        fc.constantFrom(...TRICKY_CHARACTERS, 'x', ':', '/', '=', '"'),
        (at, character) => {
          const changed = `${answer.slice(0, at)}${character}${answer.slice(at + 1)}`;
          const read = parseSoapResponse('searchPresences', changed);
          // A change inside a free text, or in the whitespace of a value, may leave a valid answer.
          if (!read.ok) expect(read.error.kind).toBe('MALFORMED');
        },
      ),
      { numRuns: runs(300, 10_000) },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Any request, by property.

/** Characters for free texts: letters, what XML escapes, and the tricky ones XML can carry. */
const textCharacter = fc.constantFrom(
  ...TRICKY_CHARACTERS.filter((c) => !/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(c)),
  'a',
  'Z',
  '7',
  '&',
  '<',
  '>',
  '"',
  "'",
);

/**
 * A text of 1 to `max` characters the schema holds and the server reads unchanged: the server trims values, so
 * none starts or ends with whitespace.
 */
function freeText(max: number, unit: fc.Arbitrary<string> = textCharacter): fc.Arbitrary<string> {
  return fc
    .string({ unit, minLength: 1, maxLength: max })
    .filter((text) => text.trim() === text && text !== '' && Array.from(text).length <= max);
}

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));

/** Any registration submitted, its free texts made by `text`. */
const submitWith = (text: (max: number) => fc.Arbitrary<string>): fc.Arbitrary<PresenceRegistrationSubmit> =>
  fc.record(
    {
      registrationDate: calendarDay,
      inss: digits(11, 11),
      companyId: digits(1, 10),
      limosaId: text(20),
      workPlaceId: text(13),
      clientReference: text(24),
    },
    { requiredKeys: ['workPlaceId'] },
  );

const anySubmit = submitWith((max) => freeText(max));

const anyCancel: fc.Arbitrary<CancelPresenceRequest> = fc.record({
  presenceRegistrationId: digits(1, 15),
  cancellationReason: freeText(15),
});

const anyDateTime: fc.Arbitrary<string> = fc
  .tuple(
    fc.date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('2999-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.constantFrom('', 'Z', '+01:00', '-14:00', '+14:00'),
    fc.boolean(),
  )
  .map(([date, zone, millis]) => `${date.toISOString().slice(0, millis ? 23 : 19)}${zone}`);

/** Any search criteria, their place of work made by `text`. */
const criteriaWith = (text: (max: number) => fc.Arbitrary<string>): fc.Arbitrary<SearchCriteria> =>
  fc.record(
    {
      inss: digits(11, 11),
      companyId: digits(1, 10),
      workPlaceId: text(13),
      statuses: fc.array(fc.constantFrom(...PRESENCE_STATUSES), { minLength: 1, maxLength: 4 }),
      remarks: fc.array(fc.constantFrom(...VALIDATION_REMARKS), { minLength: 1, maxLength: 17 }),
      registrationPeriods: fc.array(fc.record({ start: calendarDay, end: calendarDay }), {
        minLength: 1,
        maxLength: 31,
      }),
      creationStart: anyDateTime,
      creationEnd: anyDateTime,
      sector: fc.constantFrom(1 as const, 2 as const, 3 as const),
    },
    { requiredKeys: ['registrationPeriods'] },
  );

const anyCriteria = criteriaWith((max) => freeText(max));

const anyPagination: fc.Arbitrary<Pagination> = fc.record({
  firstRow: fc.integer({ min: 0, max: 2_147_483_647 }),
  fetchSize: fc.integer({ min: 1, max: 500 }),
});

const anySorting: fc.Arbitrary<Sorting> = fc.record({
  direction: fc.constantFrom(...SORT_DIRECTIONS),
  criterion: fc.constantFrom(...SORT_CRITERIA),
});

const anyRequest: fc.Arbitrary<SoapRequest> = fc.oneof(
  fc
    .array(anySubmit, { minLength: 1, maxLength: 5 })
    .map((items) => ({ operation: 'registerPresences' as const, items })),
  fc
    .array(anyCancel, { minLength: 1, maxLength: 5 })
    .map((items) => ({ operation: 'cancelPresences' as const, items })),
  fc
    .record(
      {
        criteria: anyCriteria,
        pagination: anyPagination,
        sorting: anySorting,
      },
      { requiredKeys: ['criteria', 'pagination'] },
    )
    .map((search) => ({ operation: 'searchPresences' as const, ...search })),
  digits(1, 15).map((id) => ({ operation: 'getPresenceRegistration' as const, id })),
);

describe('any request the schema can hold, by property', () => {
  it('is read back by the server as it was built', () => {
    fc.assert(
      fc.property(anyRequest, (request) => {
        expect(parseSoapRequest(buildSoapRequest(request))).toEqual({ ok: true, value: request });
      }),
      { numRuns: runs(300, 5_000) },
    );
  });

  it('is valid against the schema', () => {
    // xmllint runs once per request: a few are enough to catch a mistake of the builder's.
    fc.assert(
      fc.property(anyRequest, (request) => {
        expectValid(buildSoapRequest(request));
      }),
      { numRuns: runs(25, 500) },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Any response, by property.

/**
 * Text as the server's responses carry it unchanged: buildSoapResponse writes a carriage return raw, which a
 * parser reads as a line feed (see the request builder, which writes it as a reference).
 */
const responseText = (max: number) =>
  freeText(
    max,
    textCharacter.filter((c) => c !== '\r'),
  );

const anySubmitted = submitWith(responseText);

const anyValidation = fc.record(
  {
    status: fc.constantFrom(...PRESENCE_STATUSES),
    validationDate: anyDateTime,
    remarks: fc.array(fc.constantFrom(...VALIDATION_REMARKS), { minLength: 1, maxLength: 10 }),
  },
  { requiredKeys: ['status'] },
);

const anyRegistration: fc.Arbitrary<PresenceRegistrationOut> = fc.record(
  {
    submitted: anySubmitted,
    sector: fc.constantFrom(1 as const, 2 as const, 3 as const),
    inss: digits(11, 11),
    presenceRegistrationId: digits(1, 15),
    creationDate: anyDateTime,
    channel: responseText(50),
    lastValidation: anyValidation,
    validationHistory: fc.array(anyValidation, { minLength: 1, maxLength: 3 }),
    sender: fc.record(
      { senderId: responseText(50), senderCompanyId: digits(1, 10), senderUserType: responseText(50) },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['submitted', 'presenceRegistrationId', 'creationDate', 'channel', 'lastValidation'] },
);

const anyErrors: fc.Arbitrary<ItemErrors> = fc
  .array(fc.record({ code: responseText(64), description: responseText(60) }), {
    minLength: 1,
    maxLength: 10,
  })
  .map((errors) => errors as unknown as ItemErrors);

const anyResponse: fc.Arbitrary<SoapResponse> = fc.oneof(
  fc
    .array(
      fc.oneof(
        anyRegistration.map((registration) => ({ kind: 'registered' as const, registration })),
        fc.record({ kind: fc.constant('refused' as const), submitted: anySubmitted, errors: anyErrors }),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((items) => ({ operation: 'registerPresences' as const, items })),
  fc
    .array(
      fc.oneof(
        anyRegistration.map((registration) => ({ kind: 'cancelled' as const, registration })),
        fc.record({
          kind: fc.constant('refused' as const),
          request: fc.record({ presenceRegistrationId: digits(1, 15), cancellationReason: responseText(15) }),
          errors: anyErrors,
        }),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((items) => ({ operation: 'cancelPresences' as const, items })),
  fc
    .record(
      {
        criteria: criteriaWith(responseText),
        pagination: anyPagination,
        sorting: anySorting,
        resultCount: fc.nat(),
        registrations: fc.array(anyRegistration, { maxLength: 3 }),
      },
      { requiredKeys: ['criteria', 'pagination', 'resultCount', 'registrations'] },
    )
    .map((search) => ({ operation: 'searchPresences' as const, ...search })),
  fc
    .record({ id: digits(1, 15), registration: fc.option(anyRegistration, { nil: null }) })
    .map((get) => ({ operation: 'getPresenceRegistration' as const, ...get })),
);

describe('any response the server builds, by property', () => {
  it('is read back as it was built', () => {
    fc.assert(
      fc.property(anyResponse, (response) => {
        expect(parseSoapResponse(response.operation, buildSoapResponse(response))).toEqual({
          ok: true,
          value: response,
        });
      }),
      { numRuns: runs(200, 3_000) },
    );
  });

  it('is a fault read back as it was built, whichever operation was asked', () => {
    const anyFault: fc.Arbitrary<SoapFault> = fc.record(
      {
        side: fc.constantFrom('client' as const, 'server' as const),
        code: responseText(64),
        message: responseText(200),
        incidentId: responseText(64),
      },
      { requiredKeys: ['side', 'code', 'message'] },
    );
    fc.assert(
      fc.property(anyFault, fc.constantFrom(...SOAP_OPERATIONS), (fault, operation) => {
        expect(parseSoapResponse(operation, buildSoapFault(fault))).toEqual({
          ok: false,
          error: { kind: 'FAULT', fault },
        });
      }),
      { numRuns: runs(200, 10_000) },
    );
  });
});
