import type { Document, Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { buildSoapFault, buildSoapResponse } from '../../src/soap/build-response.js';
import {
  PRESENCE_REGISTRATION_SERVICE_NS,
  SOAP_ENVELOPE_NS,
  SOCIAL_SECURITY_ERRORS_NS,
} from '../../src/soap/contract.js';
import {
  VALIDATION_REMARKS,
  type ItemError,
  type ItemErrors,
  type Pagination,
  type SearchCriteria,
  type SoapResponse,
} from '../../src/soap/messages.js';
import { parseSoapRequest } from '../../src/soap/parse-request.js';
import {
  bodyElement,
  childElements,
  childNames,
  expectOfficialNamespaces,
  expectValid,
  namespacesByDepth,
  SEARCH_CRITERIA_ELEMENTS,
} from '../support/soap-documents.js';
import { bareRegistration, ITEM_ERRORS, registration, submitted } from '../support/soap-messages.js';
import { strictParser } from '../support/xsd.js';

// ---------------------------------------------------------------------------------------------------------
// Fixtures.

function errors(n: number): ItemErrors {
  const list: ItemError[] = Array.from({ length: n }, (_, i) => ({
    code: `E${i + 1}`,
    description: `error ${i + 1}`,
  }));
  return list as unknown as ItemErrors;
}

function parse(xml: string): Document {
  return strictParser().parseFromString(xml, 'text/xml');
}

/** The texts of the elements of that local name, whatever their namespace. */
function texts(xml: string, name: string): string[] {
  return Array.from(parse(xml).getElementsByTagNameNS('*', name)).map((e) => e.textContent ?? '');
}

// ---------------------------------------------------------------------------------------------------------

describe('the response to registering presences', () => {
  const response: SoapResponse = {
    operation: 'registerPresences',
    items: [
      { kind: 'registered', registration: registration() },
      { kind: 'refused', submitted: submitted({ inss: '85073003329' }), errors: ITEM_ERRORS },
      { kind: 'registered', registration: bareRegistration() },
    ],
  };
  const xml = buildSoapResponse(response);

  it('is valid against the schema, registered and refused items alike', () => {
    expectValid(xml);
  });

  it('is a SOAP 1.1 envelope holding the response element in the service’s namespace', () => {
    const document = parse(xml);
    expect(document.documentElement?.namespaceURI).toBe(SOAP_ENVELOPE_NS);
    expect(document.documentElement?.localName).toBe('Envelope');
    const operation = bodyElement(xml);
    expect(operation.namespaceURI).toBe(PRESENCE_REGISTRATION_SERVICE_NS);
    expect(operation.localName).toBe('RegisterPresencesResponse');
  });

  it('has its items in the service’s namespace, as the official contract, and all they hold in the types’', () => {
    expectOfficialNamespaces(xml);
  });

  it('answers one item per registration, in the order sent', () => {
    expect(childNames(xml, 'RegisterPresencesResponse')).toEqual([
      'PresenceRegistrationResponse',
      'PresenceRegistrationResponse',
      'PresenceRegistrationResponse',
    ]);
    const kinds = Array.from(
      parse(xml).getElementsByTagNameNS(PRESENCE_REGISTRATION_SERVICE_NS, 'PresenceRegistrationResponse'),
    ).map((item) => childElements(item)[0]?.localName);
    expect(kinds).toEqual(['PresenceRegistration', 'PresenceRegistrationError', 'PresenceRegistration']);
  });

  it('writes a registration’s elements in the order of the schema', () => {
    expect(childNames(xml, 'PresenceRegistration')).toEqual([
      'PresenceRegistrationSubmitted',
      'Sector',
      'INSS',
      'PresenceRegistrationId',
      'CreationDate',
      'Channel',
      'LastValidation',
      'ValidationHistory',
      'Sender',
    ]);
    expect(childNames(xml, 'PresenceRegistrationSubmitted')).toEqual([
      'RegistrationDate',
      'INSS',
      'CompanyID',
      'WorkPlaceId',
      'ClientPresenceRegistrationReference',
    ]);
    expect(childNames(xml, 'LastValidation')).toEqual(['Status', 'ValidationDate', 'RemarkList']);
  });

  it('echoes a refused item as it was sent, with its errors', () => {
    expect(childNames(xml, 'PresenceRegistrationError')).toEqual([
      'PresenceRegistrationSubmitted',
      'ErrorList',
    ]);
    expect(texts(xml, 'ErrorCode')).toEqual(['NISS_CHECK_DIGITS', 'DATE_TOO_FAR']);
    expect(texts(xml, 'ErrorDescription')).toEqual(ITEM_ERRORS.map((error) => error.description));
    expect(texts(xml, 'INSS')).toContain('85073003329');
  });

  it('keeps the remarks as spelled officially, double spaces included', () => {
    expect(texts(xml, 'Remark')).toContain('COMPANY IS NOT KNOWN  AS BUILDER OR  SUBCONTRACTOR IN THIS DUC');
  });

  it('lists at most 10 errors per item and 10 remarks per check, the first ones', () => {
    const crowded = buildSoapResponse({
      operation: 'registerPresences',
      items: [
        { kind: 'refused', submitted: submitted(), errors: errors(12) },
        {
          kind: 'registered',
          registration: registration({
            lastValidation: { status: 'FAILED', remarks: [...VALIDATION_REMARKS] },
          }),
        },
      ],
    });
    expectValid(crowded);
    expect(texts(crowded, 'ErrorCode')).toEqual(Array.from({ length: 10 }, (_, i) => `E${i + 1}`));
    expect(childNames(crowded, 'RemarkList')).toHaveLength(10);
  });

  it('cuts an error description longer than the schema allows', () => {
    const long = buildSoapResponse({
      operation: 'registerPresences',
      items: [
        { kind: 'refused', submitted: submitted(), errors: [{ code: 'X', description: 'é'.repeat(1500) }] },
      ],
    });
    expectValid(long);
    expect(Array.from(texts(long, 'ErrorDescription')[0] ?? '')).toHaveLength(1000);
  });

  it('echoes a refused request read by the parser, valid against the schema', () => {
    const request = parseSoapRequest(
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>' +
        '<RegisterPresencesRequest xmlns="http://socialsecurity.be/presenceregistration/v1"' +
        ' xmlns:t="http://socialsecurity.be/presenceregistration/schemas/v1">' +
        '<PresenceRegistrationRequest><t:RegistrationDate>2026-12-07+01:00</t:RegistrationDate>' +
        '<t:INSS>00000000000</t:INSS><t:CompanyID>0000000001</t:CompanyID><t:WorkPlaceId>?</t:WorkPlaceId>' +
        '</PresenceRegistrationRequest></RegisterPresencesRequest></s:Body></s:Envelope>',
    );
    if (!request.ok || request.value.operation !== 'registerPresences') throw new Error('not read');
    const echoed = buildSoapResponse({
      operation: 'registerPresences',
      items: request.value.items.map((item) => ({
        kind: 'refused' as const,
        submitted: item,
        errors: ITEM_ERRORS,
      })),
    });
    expectValid(echoed);
  });

  it('cannot hold no item, or more than 200', () => {
    expect(() => buildSoapResponse({ operation: 'registerPresences', items: [] })).toThrow(RangeError);
    const many = Array.from({ length: 201 }, () => ({
      kind: 'registered' as const,
      registration: registration(),
    }));
    expect(() => buildSoapResponse({ operation: 'registerPresences', items: many })).toThrow(RangeError);
    expectValid(buildSoapResponse({ operation: 'registerPresences', items: many.slice(0, 200) }));
  });
});

describe('the response to cancelling presences', () => {
  const xml = buildSoapResponse({
    operation: 'cancelPresences',
    items: [
      {
        kind: 'cancelled',
        registration: registration({
          lastValidation: { status: 'SUCCESSFULLY CANCELLED', validationDate: '2026-12-07T09:00:00Z' },
        }),
      },
      {
        kind: 'refused',
        request: { presenceRegistrationId: '999999999999999', cancellationReason: 'C32A' },
        errors: [{ code: 'PRESENCE_NOT_FOUND', description: 'No registration has this id.' }],
      },
    ],
  });

  it('is valid against the schema, with the cancelled registration and the refused request', () => {
    expectValid(xml);
  });

  it('has the namespaces of the official contract', () => {
    expectOfficialNamespaces(xml);
  });

  it('tells a registration is cancelled by its status, with no element the official type lacks', () => {
    expect(texts(xml, 'Status')).toContain('SUCCESSFULLY CANCELLED');
    expect(childNames(xml, 'PresenceRegistration').at(-1)).toBe('Sender');
  });

  it('echoes a refused cancellation as it was sent, with its errors', () => {
    expect(childNames(xml, 'PresenceRegistrationError')).toEqual(['CancelPresenceRequest', 'ErrorList']);
    expect(childNames(xml, 'CancelPresenceRequest')).toEqual([
      'PresenceRegistrationId',
      'CancellationReason',
    ]);
  });
});

describe('the response to a search', () => {
  /** The smallest search: one period, the default page, no order. */
  const SEARCH = {
    criteria: { registrationPeriods: [{ start: '2026-12-01', end: '2026-12-07' }] },
    pagination: { firstRow: 0, fetchSize: 50 },
  } as const;

  /** A search as a client sends it, every criterion, the page and the order given. */
  const FULL_SEARCH =
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>' +
    '<v1:SearchPresencesRequest xmlns:v1="http://socialsecurity.be/presenceregistration/v1"' +
    ' xmlns:t="http://socialsecurity.be/presenceregistration/schemas/v1"><v1:SearchPresenceRequest>' +
    '<t:SearchPresenceRegistrationCriteria><t:INSS>85073003328</t:INSS><t:CompanyID>403019261</t:CompanyID>' +
    '<t:WorkPlaceId>1Y102M7NZF7PZ</t:WorkPlaceId><t:StatusList><t:Status>FAILED</t:Status></t:StatusList>' +
    '<t:RemarkList><t:Remark>COMPANY IS NOT KNOWN  AS BUILDER OR  SUBCONTRACTOR IN THIS DUC</t:Remark></t:RemarkList>' +
    '<t:RegistrationPeriodList><t:RegistrationPeriod><t:RegistrationPeriodStartDate>2026-12-01</t:RegistrationPeriodStartDate>' +
    '<t:RegistrationPeriodEndDate>2026-12-07+01:00</t:RegistrationPeriodEndDate></t:RegistrationPeriod>' +
    '</t:RegistrationPeriodList><t:CreationStartDate>2026-12-01T00:00:00+01:00</t:CreationStartDate>' +
    '<t:CreationEndDate>2026-12-07T23:59:59.999Z</t:CreationEndDate><t:Sector>1</t:Sector>' +
    '</t:SearchPresenceRegistrationCriteria><t:PaginationProperties><t:FirstRow>100</t:FirstRow>' +
    '<t:FetchSize>500</t:FetchSize></t:PaginationProperties><t:SortingProperties>' +
    '<t:SortDirection>DESCENDING</t:SortDirection><t:SortCriteria>REGISTRATION DATE</t:SortCriteria>' +
    '</t:SortingProperties></v1:SearchPresenceRequest></v1:SearchPresencesRequest></s:Body></s:Envelope>';

  /** The search a request asks, as the parser reads it. */
  function searchOf(xml: string) {
    const request = parseSoapRequest(xml);
    if (!request.ok || request.value.operation !== 'searchPresences') throw new Error('not read');
    const { operation: _operation, ...search } = request.value;
    return search;
  }

  it('echoes the search, then lists a page and the total count, as the official SearchPresencesResponseType', () => {
    const xml = buildSoapResponse({
      operation: 'searchPresences',
      ...SEARCH,
      sorting: { direction: 'ASCENDING', criterion: 'ID' },
      resultCount: 1234,
      registrations: [registration(), bareRegistration()],
    });
    expectValid(xml);
    expectOfficialNamespaces(xml);
    expect(childNames(xml, 'SearchPresencesResponse')).toEqual(['SearchPresencesResponseType']);
    expect(childNames(xml, 'SearchPresencesResponseType')).toEqual([
      'SearchPresencesRequest',
      'PresenceRegistrationList',
    ]);
    expect(childNames(xml, 'SearchPresencesRequest')).toEqual([
      'SearchPresenceRegistrationCriteria',
      'PaginationProperties',
      'SortingProperties',
    ]);
    expect(childNames(xml, 'PresenceRegistrationList')).toEqual([
      'PresenceRegistrationResultCount',
      'PresenceRegistration',
      'PresenceRegistration',
    ]);
    expect(texts(xml, 'PresenceRegistrationResultCount')).toEqual(['1234']);
  });

  it('echoes every criterion of a search read by the parser, in the order of the schema', () => {
    const xml = buildSoapResponse({
      operation: 'searchPresences',
      ...searchOf(FULL_SEARCH),
      resultCount: 0,
      registrations: [],
    });
    expectValid(xml);
    expect(childNames(xml, 'SearchPresenceRegistrationCriteria')).toEqual(SEARCH_CRITERIA_ELEMENTS);
    expect(texts(xml, 'Remark')).toEqual(['COMPANY IS NOT KNOWN  AS BUILDER OR  SUBCONTRACTOR IN THIS DUC']);
    expect(texts(xml, 'RegistrationPeriodEndDate')).toEqual(['2026-12-07']);
    expect(texts(xml, 'CreationEndDate')).toEqual(['2026-12-07T23:59:59.999Z']);
    expect([...texts(xml, 'FirstRow'), ...texts(xml, 'FetchSize')]).toEqual(['100', '500']);
    expect([...texts(xml, 'SortDirection'), ...texts(xml, 'SortCriteria')]).toEqual([
      'DESCENDING',
      'REGISTRATION DATE',
    ]);
  });

  it('echoes the default page, and no order, for a search that asked neither', () => {
    const bare = FULL_SEARCH.replace(/<t:PaginationProperties>.*<\/t:SortingProperties>/, '');
    const xml = buildSoapResponse({
      operation: 'searchPresences',
      ...searchOf(bare),
      resultCount: 0,
      registrations: [],
    });
    expectValid(xml);
    expect(childNames(xml, 'SearchPresencesRequest')).toEqual([
      'SearchPresenceRegistrationCriteria',
      'PaginationProperties',
    ]);
    expect([...texts(xml, 'FirstRow'), ...texts(xml, 'FetchSize')]).toEqual(['0', '50']);
  });

  it('is valid against the schema when nothing is found, the count alone in the list', () => {
    const xml = buildSoapResponse({
      operation: 'searchPresences',
      ...SEARCH,
      resultCount: 0,
      registrations: [],
    });
    expectValid(xml);
    expectOfficialNamespaces(xml);
    expect(childNames(xml, 'SearchPresencesRequest')).toEqual([
      'SearchPresenceRegistrationCriteria',
      'PaginationProperties',
    ]);
    expect(childNames(xml, 'PresenceRegistrationList')).toEqual(['PresenceRegistrationResultCount']);
  });

  it('holds 500 registrations at most', () => {
    const page = Array.from({ length: 500 }, () => bareRegistration());
    expectValid(
      buildSoapResponse({ operation: 'searchPresences', ...SEARCH, resultCount: 501, registrations: page }),
    );
    expect(() =>
      buildSoapResponse({
        operation: 'searchPresences',
        ...SEARCH,
        resultCount: 501,
        registrations: [...page, bareRegistration()],
      }),
    ).toThrow(RangeError);
  });

  it('cannot echo a search the schema cannot hold: no period or 32, a page of 0 or 501 rows', () => {
    const period = SEARCH.criteria.registrationPeriods[0];
    const echo =
      (criteria: SearchCriteria, pagination: Pagination = SEARCH.pagination) =>
      () =>
        buildSoapResponse({
          operation: 'searchPresences',
          criteria,
          pagination,
          resultCount: 0,
          registrations: [],
        });
    expect(echo({ registrationPeriods: [] })).toThrow(RangeError);
    expect(echo({ registrationPeriods: Array.from({ length: 32 }, () => period) })).toThrow(RangeError);
    expect(echo(SEARCH.criteria, { firstRow: 0, fetchSize: 0 })).toThrow(RangeError);
    expect(echo(SEARCH.criteria, { firstRow: 0, fetchSize: 501 })).toThrow(RangeError);
    expect(echo(SEARCH.criteria, { firstRow: -1, fetchSize: 50 })).toThrow(RangeError);
    expectValid(echo({ registrationPeriods: Array.from({ length: 31 }, () => period) })());
  });
});

describe('the response to getting one registration', () => {
  it('is valid against the schema, echoing the id asked for', () => {
    const xml = buildSoapResponse({
      operation: 'getPresenceRegistration',
      id: '123456789012345',
      registration: registration(),
    });
    expectValid(xml);
    expectOfficialNamespaces(xml);
    expect(childNames(xml, 'GetPresenceRegistrationResponseType')).toEqual([
      'GetPresenceRegistrationRequest',
      'GetPresenceRegistrationType',
    ]);
    expect(childNames(xml, 'GetPresenceRegistrationType')).toEqual(['PresenceRegistrationType']);
  });

  it('is valid against the schema when there is no such registration, and holds none', () => {
    const xml = buildSoapResponse({ operation: 'getPresenceRegistration', id: '42', registration: null });
    expectValid(xml);
    expectOfficialNamespaces(xml);
    expect(childNames(xml, 'GetPresenceRegistrationType')).toEqual([]);
  });
});

describe('a SOAP fault', () => {
  it('blames the client with a BusinessError the schema accepts', () => {
    const xml = buildSoapFault({
      side: 'client',
      code: 'SOAP_SCHEMA_VIOLATION',
      message: 'RegisterPresencesRequest: at most 200 PresenceRegistrationRequest allowed, not 201.',
    });
    expectValid(xml);
    const fault = parse(xml).getElementsByTagNameNS(SOAP_ENVELOPE_NS, 'Fault').item(0) as Element;
    expect(childElements(fault).map((child) => [child.localName, child.namespaceURI])).toEqual([
      ['faultcode', null],
      ['faultstring', null],
      ['detail', null],
    ]);
    expect(childElements(fault)[0]?.textContent).toBe('soap:Client');
    expect(childElements(fault)[1]?.textContent).toBe(
      'RegisterPresencesRequest: at most 200 PresenceRegistrationRequest allowed, not 201.',
    );
    const [detail] = childElements(childElements(fault)[2] as Element);
    expect([detail?.localName, detail?.namespaceURI]).toEqual(['BusinessError', SOCIAL_SECURITY_ERRORS_NS]);
    expect(childNames(xml, 'BusinessError')).toEqual(['Origin', 'Code', 'Message', 'Retry']);
    expect(detail?.hasAttribute('Id')).toBe(false);
    expect(texts(xml, 'Origin')).toEqual(['client']);
    expect(texts(xml, 'Code')).toEqual(['SOAP_SCHEMA_VIOLATION']);
    expect(texts(xml, 'Retry')).toEqual(['false']);
  });

  it('has its detail in the social security’s errors namespace, each element of it, as the official contract', () => {
    const xml = buildSoapFault({ side: 'server', code: 'X', message: 'm', incidentId: 'INC-1' });
    const detail = parse(xml).getElementsByTagName('detail').item(0) as Element;
    expect(namespacesByDepth(childElements(detail)[0] as Element)).toEqual([
      [SOCIAL_SECURITY_ERRORS_NS],
      [SOCIAL_SECURITY_ERRORS_NS],
    ]);
  });

  it('says its message is in English, with the xml:lang an official client reads', () => {
    const xml = buildSoapFault({ side: 'client', code: 'X', message: 'Not well-formed XML.' });
    const message = parse(xml).getElementsByTagNameNS(SOCIAL_SECURITY_ERRORS_NS, 'Message').item(0);
    expect(message?.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'lang')).toBe('en');
    expect(message?.textContent).toBe('Not well-formed XML.');
  });

  it('blames the server with a SystemError the schema accepts, with its incident number', () => {
    const xml = buildSoapFault({
      side: 'server',
      code: 'STORE_UNAVAILABLE',
      message: 'The registry cannot store registrations now; try again in a few minutes.',
      incidentId: 'INC-2026-12-07-0042',
    });
    expectValid(xml);
    expect(xml).toContain('<faultcode>soap:Server</faultcode>');
    expect(childNames(xml, 'SystemError')).toEqual(['Origin', 'Code', 'Message', 'Retry']);
    const detail = parse(xml).getElementsByTagNameNS(SOCIAL_SECURITY_ERRORS_NS, 'SystemError').item(0);
    expect(detail?.getAttribute('Id')).toBe('INC-2026-12-07-0042');
    expect(texts(xml, 'Origin')).toEqual(['server']);
    expect(texts(xml, 'Retry')).toEqual(['true']);
  });
});

describe('values written into a response', () => {
  const tricky = 'a<b&c>"d\'e ]]> é ñ 中 😀';

  it('come back unchanged, escaped by the builder, and leave the response valid', () => {
    const xml = buildSoapResponse({
      operation: 'registerPresences',
      items: [
        {
          kind: 'refused',
          submitted: submitted({ clientReference: 'a<b&c>"d\'e é😀', workPlaceId: '<&>"\'' }),
          errors: [{ code: '&<>', description: tricky }],
        },
      ],
    });
    expectValid(xml);
    expect(texts(xml, 'ClientPresenceRegistrationReference')).toEqual(['a<b&c>"d\'e é😀']);
    expect(texts(xml, 'WorkPlaceId')).toEqual(['<&>"\'']);
    expect(texts(xml, 'ErrorDescription')).toEqual([tricky]);
    expect(texts(xml, 'ErrorCode')).toEqual(['&<>']);
    expect(xml).not.toContain('<b&c');
  });

  it('come back unchanged in a fault too', () => {
    const xml = buildSoapFault({ side: 'client', code: 'X', message: tricky });
    expectValid(xml);
    const faultstring = parse(xml).getElementsByTagName('faultstring').item(0);
    expect(faultstring?.textContent).toBe(tricky);
    expect(texts(xml, 'Message')).toEqual([tricky]);
  });

  it('lose only the characters XML cannot carry, which become U+FFFD', () => {
    const xml = buildSoapFault({
      side: 'server',
      code: 'X',
      message: 'bell\u0007 and lone \uD800 surrogate',
    });
    expectValid(xml);
    expect(texts(xml, 'Message')).toEqual(['bell\uFFFD and lone \uFFFD surrogate']);
  });
});
