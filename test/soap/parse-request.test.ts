import { DOMImplementation, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PRESENCE_REGISTRATION_SERVICE_NS,
  PRESENCE_REGISTRATION_TYPES_NS,
  SOAP_ENVELOPE_NS,
} from '../../src/soap/contract.js';
import { VALIDATION_REMARKS } from '../../src/soap/messages.js';
import {
  parseSoapRequest,
  readSoapBody,
  type SoapRequestFault,
  type SoapRequestFaultCode,
} from '../../src/soap/parse-request.js';
import { readSoapEnvelope } from '../../src/soap/ws-security.js';
import type { Result } from '../../src/domain/result.js';
import type { SoapRequest } from '../../src/soap/messages.js';
import { SUBMITTED_REGISTRATION_ELEMENTS } from '../support/soap-documents.js';
import { validateAgainstXsd, XMLLINT_INSTALLED } from '../support/xsd.js';

// ---------------------------------------------------------------------------------------------------------
// Requests as clients of the official service send them: the operation element and its direct children in
// the service's namespace, everything below in the types' (as the code generated from the official schema
// has them: package-info elementFormDefault QUALIFIED for both packages).

/**
 * A registration request as a JAX-WS (CXF) client generated from the official WSDL signs it: WS-Security
 * header, JAXB's `ns2`/`ns3` prefixes declared on the operation element, comments.
 */
const REGISTER_FROM_JAX_WS = `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Header>
    <wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
        xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
        soap:mustUnderstand="1">
      <wsse:BinarySecurityToken
          EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
          ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"
          wsu:Id="X509-5E1A">MIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGU=</wsse:BinarySecurityToken>
      <wsu:Timestamp wsu:Id="TS-5E19">
        <wsu:Created>2026-12-07T07:59:58.120Z</wsu:Created>
        <wsu:Expires>2026-12-07T08:04:58.120Z</wsu:Expires>
      </wsu:Timestamp>
      <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="SIG-5E1C">
        <ds:SignedInfo>
          <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
          <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
          <ds:Reference URI="#id-5E1B"><ds:DigestValue>q1w2e3r4t5y6=</ds:DigestValue></ds:Reference>
        </ds:SignedInfo>
        <ds:SignatureValue>c2lnbmF0dXJl</ds:SignatureValue>
      </ds:Signature>
    </wsse:Security>
  </soap:Header>
  <soap:Body xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
      wsu:Id="id-5E1B">
    <ns3:RegisterPresencesRequest xmlns:ns2="http://socialsecurity.be/presenceregistration/schemas/v1"
        xmlns:ns3="http://socialsecurity.be/presenceregistration/v1">
      <!-- first worker: a Belgian national number -->
      <ns3:PresenceRegistrationRequest>
        <ns2:RegistrationDate>2026-12-07</ns2:RegistrationDate>
        <ns2:INSS>85073003328</ns2:INSS>
        <ns2:CompanyID>403019261</ns2:CompanyID>
        <ns2:WorkPlaceId>1Y102M7NZF7PZ</ns2:WorkPlaceId>
        <ns2:ClientPresenceRegistrationReference>ERP-2026-000017</ns2:ClientPresenceRegistrationReference>
      </ns3:PresenceRegistrationRequest>
      <!-- second worker: posted from abroad -->
      <ns3:PresenceRegistrationRequest>
        <ns2:LimosaId>24911936602056031</ns2:LimosaId>
        <ns2:WorkPlaceId>1Y102HV63VT7Z</ns2:WorkPlaceId>
      </ns3:PresenceRegistrationRequest>
    </ns3:RegisterPresencesRequest>
  </soap:Body>
</soap:Envelope>`;

/**
 * The same two registrations as a .NET client writes them: default namespaces redeclared wherever the
 * namespace changes, no prefix for the contract's elements, no header.
 */
const REGISTER_FROM_DOTNET = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><RegisterPresencesRequest
 xmlns="http://socialsecurity.be/presenceregistration/v1"><PresenceRegistrationRequest><RegistrationDate
 xmlns="http://socialsecurity.be/presenceregistration/schemas/v1">2026-12-07</RegistrationDate><INSS
 xmlns="http://socialsecurity.be/presenceregistration/schemas/v1">85073003328</INSS><CompanyID
 xmlns="http://socialsecurity.be/presenceregistration/schemas/v1">403019261</CompanyID><WorkPlaceId
 xmlns="http://socialsecurity.be/presenceregistration/schemas/v1">1Y102M7NZF7PZ</WorkPlaceId><ClientPresenceRegistrationReference
 xmlns="http://socialsecurity.be/presenceregistration/schemas/v1">ERP-2026-000017</ClientPresenceRegistrationReference></PresenceRegistrationRequest><PresenceRegistrationRequest><LimosaId
 xmlns="http://socialsecurity.be/presenceregistration/schemas/v1">24911936602056031</LimosaId><WorkPlaceId
 xmlns="http://socialsecurity.be/presenceregistration/schemas/v1">1Y102HV63VT7Z</WorkPlaceId></PresenceRegistrationRequest></RegisterPresencesRequest></s:Body></s:Envelope>`;

/** As SoapUI drafts a request from the official WSDL: `v1` for the service, `v11` for the types. */
const CANCEL_FROM_SOAPUI = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:v1="http://socialsecurity.be/presenceregistration/v1"
    xmlns:v11="http://socialsecurity.be/presenceregistration/schemas/v1">
   <soapenv:Header/>
   <soapenv:Body>
      <v1:CancelPresencesRequest>
         <!--1 to 200 repetitions:-->
         <v1:CancelPresenceRequest>
            <v11:PresenceRegistrationId>100000000000017</v11:PresenceRegistrationId>
            <v11:CancellationReason>HOLIDAY</v11:CancellationReason>
         </v1:CancelPresenceRequest>
         <v1:CancelPresenceRequest>
            <v11:PresenceRegistrationId>17</v11:PresenceRegistrationId>
            <v11:CancellationReason>C32A</v11:CancellationReason>
         </v1:CancelPresenceRequest>
      </v1:CancelPresencesRequest>
   </soapenv:Body>
</soapenv:Envelope>`;

const SEARCH_FROM_SOAPUI = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:v1="http://socialsecurity.be/presenceregistration/v1"
    xmlns:v11="http://socialsecurity.be/presenceregistration/schemas/v1">
   <soapenv:Header/>
   <soapenv:Body>
      <v1:SearchPresencesRequest>
         <v1:SearchPresenceRequest>
            <v11:SearchPresenceRegistrationCriteria>
               <v11:INSS>85073003328</v11:INSS>
               <v11:CompanyID>403019261</v11:CompanyID>
               <v11:WorkPlaceId>1Y102M7NZF7PZ</v11:WorkPlaceId>
               <v11:StatusList>
                  <v11:Status>FAILED</v11:Status>
                  <v11:Status>SUCCESSFULLY REGISTERED</v11:Status>
               </v11:StatusList>
               <v11:RemarkList>
                  <v11:Remark>COMPANY IS NOT KNOWN  AS BUILDER OR  SUBCONTRACTOR IN THIS DUC</v11:Remark>
               </v11:RemarkList>
               <v11:RegistrationPeriodList>
                  <v11:RegistrationPeriod>
                     <v11:RegistrationPeriodStartDate>2026-12-01</v11:RegistrationPeriodStartDate>
                     <v11:RegistrationPeriodEndDate>2026-12-07+01:00</v11:RegistrationPeriodEndDate>
                  </v11:RegistrationPeriod>
               </v11:RegistrationPeriodList>
               <v11:CreationStartDate>2026-12-01T00:00:00+01:00</v11:CreationStartDate>
               <v11:CreationEndDate>2026-12-07T23:59:59.999Z</v11:CreationEndDate>
               <v11:Sector>1</v11:Sector>
            </v11:SearchPresenceRegistrationCriteria>
            <v11:PaginationProperties>
               <v11:FirstRow>100</v11:FirstRow>
               <v11:FetchSize>500</v11:FetchSize>
            </v11:PaginationProperties>
            <v11:SortingProperties>
               <v11:SortDirection>DESCENDING</v11:SortDirection>
               <v11:SortCriteria>REGISTRATION DATE</v11:SortCriteria>
            </v11:SortingProperties>
         </v1:SearchPresenceRequest>
      </v1:SearchPresencesRequest>
   </soapenv:Body>
</soapenv:Envelope>`;

const GET_FROM_SOAPUI = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:v1="http://socialsecurity.be/presenceregistration/v1"
    xmlns:v11="http://socialsecurity.be/presenceregistration/schemas/v1">
   <soapenv:Header/>
   <soapenv:Body>
      <v1:GetPresenceRegistrationRequest>
         <v1:GetPresenceRegistrationRequest>
            <v11:PresenceRegistrationId>123456789012345</v11:PresenceRegistrationId>
         </v1:GetPresenceRegistrationRequest>
      </v1:GetPresenceRegistrationRequest>
   </soapenv:Body>
</soapenv:Envelope>`;

// ---------------------------------------------------------------------------------------------------------
// Requests made here, element by element, with the DOM (which escapes what it writes and declares the
// namespaces it uses).

/** An element: its local name and its text, or its children in order. */
type Node = readonly [name: string, content: string | readonly Node[]];

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

interface EnvelopeOptions {
  /** The prefix of the operation element and its children (`pr` unless told); '' for a default namespace. */
  readonly servicePrefix?: string;
  /** The prefix of the elements below (`type` unless told); '' for a default namespace. */
  readonly typesPrefix?: string;
  readonly serviceNamespace?: string;
  readonly typesNamespace?: string;
  readonly soapNamespace?: string;
}

function envelope(operations: readonly Node[], options: EnvelopeOptions = {}): string {
  const soap = options.soapNamespace ?? SOAP_ENVELOPE_NS;
  const document = new DOMImplementation().createDocument(soap, 'soap:Envelope', null);
  const root = document.documentElement as Element;
  // Prefixes declared once, on the envelope, as most clients do (the DOM would repeat them otherwise).
  const prefixes: [string, string][] = [
    [options.servicePrefix ?? 'pr', options.serviceNamespace ?? PRESENCE_REGISTRATION_SERVICE_NS],
    [options.typesPrefix ?? 'type', options.typesNamespace ?? PRESENCE_REGISTRATION_TYPES_NS],
  ];
  for (const [prefix, namespace] of prefixes) {
    if (prefix !== '') root.setAttributeNS(XMLNS_NS, `xmlns:${prefix}`, namespace);
  }
  const body = document.createElementNS(soap, 'soap:Body');
  root.appendChild(body);
  for (const operation of operations) body.appendChild(toElement(document, operation, options, 0));
  return new XMLSerializer().serializeToString(document);
}

/** The operation element (depth 0) and its children (depth 1) in the service's namespace, the rest in the types'. */
function toElement(
  document: Document,
  [name, content]: Node,
  options: EnvelopeOptions,
  depth: number,
): Element {
  const service = depth <= 1;
  const prefix = service ? (options.servicePrefix ?? 'pr') : (options.typesPrefix ?? 'type');
  const namespace = service
    ? (options.serviceNamespace ?? PRESENCE_REGISTRATION_SERVICE_NS)
    : (options.typesNamespace ?? PRESENCE_REGISTRATION_TYPES_NS);
  const element = document.createElementNS(namespace, prefix === '' ? name : `${prefix}:${name}`);
  if (typeof content === 'string') element.appendChild(document.createTextNode(content));
  else for (const child of content) element.appendChild(toElement(document, child, options, depth + 1));
  return element;
}

type SubmitFields = Partial<Record<(typeof SUBMITTED_REGISTRATION_ELEMENTS)[number], string>>;

/** A registration sent, with a valid worker and site unless told otherwise. */
function submit(fields: SubmitFields = {}): Node {
  const all: SubmitFields = {
    INSS: '85073003328',
    CompanyID: '403019261',
    WorkPlaceId: '1Y102M7NZF7PZ',
    ...fields,
  };
  const children = SUBMITTED_REGISTRATION_ELEMENTS.flatMap((name): Node[] => {
    const value = all[name];
    return value === undefined ? [] : [[name, value]];
  });
  return ['PresenceRegistrationRequest', children];
}

function register(items: readonly Node[]): Node {
  return ['RegisterPresencesRequest', items];
}

function cancelItem(id = '17', reason = 'HOLIDAY'): Node {
  return [
    'CancelPresenceRequest',
    [
      ['PresenceRegistrationId', id],
      ['CancellationReason', reason],
    ],
  ];
}

function period(start = '2026-12-01', end = '2026-12-07'): Node {
  return [
    'RegistrationPeriod',
    [
      ['RegistrationPeriodStartDate', start],
      ['RegistrationPeriodEndDate', end],
    ],
  ];
}

/** A search: criteria before the period list, criteria after it, then pagination and sorting if given. */
function search(options: { before?: Node[]; periods?: Node[]; after?: Node[]; rest?: Node[] } = {}): Node {
  return [
    'SearchPresencesRequest',
    [
      [
        'SearchPresenceRequest',
        [
          [
            'SearchPresenceRegistrationCriteria',
            [
              ...(options.before ?? []),
              ['RegistrationPeriodList', options.periods ?? [period()]],
              ...(options.after ?? []),
            ],
          ],
          ...(options.rest ?? []),
        ],
      ],
    ],
  ];
}

function get(id: string): Node {
  return [
    'GetPresenceRegistrationRequest',
    [['GetPresenceRegistrationRequest', [['PresenceRegistrationId', id]]]],
  ];
}

function times<T>(n: number, make: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

/**
 * Checks that a request is read from the Body of a parsed message (`readSoapBody`, as the web service reads a
 * signed one) as it is read from its text — when the DOM parser of the signature check takes the message at all.
 */
function expectSameFromBody(xml: string, fromText: Result<SoapRequest, SoapRequestFault>): void {
  const envelope = readSoapEnvelope(xml);
  if (!envelope.ok) return;
  expect(readSoapBody(envelope.value.body)).toEqual(fromText);
}

/** The fault of a refused request, or throws when it was accepted. */
function refusal(xml: string): { code: SoapRequestFaultCode; message: string } {
  const result = parseSoapRequest(xml);
  expectSameFromBody(xml, result);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.value)}`);
  expect(result.error.side).toBe('client');
  return { code: result.error.code, message: result.error.message };
}

function accepted(xml: string) {
  const result = parseSoapRequest(xml);
  expectSameFromBody(xml, result);
  if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
  return result.value;
}

// ---------------------------------------------------------------------------------------------------------

describe('a SOAP request', () => {
  it('registering presences is read item by item, its WS-Security header ignored', () => {
    expect(accepted(REGISTER_FROM_JAX_WS)).toEqual({
      operation: 'registerPresences',
      items: [
        {
          registrationDate: '2026-12-07',
          inss: '85073003328',
          companyId: '403019261',
          workPlaceId: '1Y102M7NZF7PZ',
          clientReference: 'ERP-2026-000017',
        },
        { limosaId: '24911936602056031', workPlaceId: '1Y102HV63VT7Z' },
      ],
    });
  });

  it('reads the same whatever the prefixes, with a default namespace and no header', () => {
    expect(accepted(REGISTER_FROM_DOTNET)).toEqual(accepted(REGISTER_FROM_JAX_WS));
    const items = [submit(), submit({ INSS: '90010100131' })];
    expect(accepted(envelope([register(items)], { servicePrefix: '', typesPrefix: '' }))).toEqual(
      accepted(envelope([register(items)], { servicePrefix: 'v1', typesPrefix: 'v11' })),
    );
  });

  it('as a JAX-WS client writes it is valid against the schema, its Body at least', () => {
    expect(validateAgainstXsd(REGISTER_FROM_JAX_WS)).toEqual({ valid: true, errors: '' });
    expect(validateAgainstXsd(SEARCH_FROM_SOAPUI)).toEqual({ valid: true, errors: '' });
  });

  it('cancelling presences is read item by item', () => {
    expect(accepted(CANCEL_FROM_SOAPUI)).toEqual({
      operation: 'cancelPresences',
      items: [
        { presenceRegistrationId: '100000000000017', cancellationReason: 'HOLIDAY' },
        { presenceRegistrationId: '17', cancellationReason: 'C32A' },
      ],
    });
  });

  it('searching presences is read with its criteria, its page and its order', () => {
    expect(accepted(SEARCH_FROM_SOAPUI)).toEqual({
      operation: 'searchPresences',
      criteria: {
        inss: '85073003328',
        companyId: '403019261',
        workPlaceId: '1Y102M7NZF7PZ',
        statuses: ['FAILED', 'SUCCESSFULLY REGISTERED'],
        remarks: ['COMPANY IS NOT KNOWN  AS BUILDER OR  SUBCONTRACTOR IN THIS DUC'],
        registrationPeriods: [{ start: '2026-12-01', end: '2026-12-07' }],
        creationStart: '2026-12-01T00:00:00+01:00',
        creationEnd: '2026-12-07T23:59:59.999Z',
        sector: 1,
      },
      pagination: { firstRow: 100, fetchSize: 500 },
      sorting: { direction: 'DESCENDING', criterion: 'REGISTRATION DATE' },
    });
  });

  it('searching without a page or an order gets the first 50 rows in the service’s order, as does a page missing a child', () => {
    expect(accepted(envelope([search()]))).toEqual({
      operation: 'searchPresences',
      criteria: { registrationPeriods: [{ start: '2026-12-01', end: '2026-12-07' }] },
      pagination: { firstRow: 0, fetchSize: 50 },
    });
    const onlySize = search({ rest: [['PaginationProperties', [['FetchSize', '10']]]] });
    expect(accepted(envelope([onlySize]))).toMatchObject({ pagination: { firstRow: 0, fetchSize: 10 } });
    // Read although the schema, as the official one, requires both children.
    expect(validateAgainstXsd(envelope([onlySize])).valid).toBe(!XMLLINT_INSTALLED);
  });

  it('getting one registration is read with its id', () => {
    expect(accepted(GET_FROM_SOAPUI)).toEqual({
      operation: 'getPresenceRegistration',
      id: '123456789012345',
    });
  });

  it('passes values that fit the schema but break the rules, for the use cases to refuse per item', () => {
    const odd = submit({
      INSS: '85073003329',
      CompanyID: '1',
      RegistrationDate: '1999-01-01',
      WorkPlaceId: '?',
    });
    expect(accepted(envelope([register([odd])]))).toEqual({
      operation: 'registerPresences',
      items: [{ registrationDate: '1999-01-01', inss: '85073003329', companyId: '1', workPlaceId: '?' }],
    });
    const nobody = submit({ INSS: undefined, CompanyID: undefined });
    expect(accepted(envelope([register([nobody])]))).toMatchObject({
      items: [{ workPlaceId: '1Y102M7NZF7PZ' }],
    });
  });

  it('decodes entities and character references, takes CDATA as it is, and ignores surrounding whitespace', () => {
    const xml =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
      '<GetPresenceRegistrationRequest xmlns="http://socialsecurity.be/presenceregistration/v1">' +
      '<!-- c --><GetPresenceRegistrationRequest><PresenceRegistrationId ' +
      'xmlns="http://socialsecurity.be/presenceregistration/schemas/v1">\n  1&#50;<![CDATA[3]]>\t' +
      '</PresenceRegistrationId></GetPresenceRegistrationRequest></GetPresenceRegistrationRequest>' +
      '</soap:Body></soap:Envelope>';
    expect(accepted(xml)).toEqual({ operation: 'getPresenceRegistration', id: '123' });
    const reference = submit({ ClientPresenceRegistrationReference: 'a<b&c"d\'é' });
    expect(accepted(envelope([register([reference])]))).toMatchObject({
      items: [{ clientReference: 'a<b&c"d\'é' }],
    });
    const cdata = envelope([register([submit({ ClientPresenceRegistrationReference: 'CDATA' })])]).replace(
      'CDATA',
      '<![CDATA[&amp;<x>]]>',
    );
    expect(accepted(cdata)).toMatchObject({ items: [{ clientReference: '&amp;<x>' }] });
  });
});

describe('the limits of the schema', () => {
  it('allow 200 registrations in one request, and refuse 201', () => {
    const most = accepted(envelope([register(times(200, (i) => submit({ WorkPlaceId: String(i) })))]));
    expect(most.operation === 'registerPresences' && most.items.map((item) => item.workPlaceId)).toEqual(
      times(200, String),
    );
    expect(refusal(envelope([register(times(201, () => submit()))]))).toEqual({
      code: 'SOAP_SCHEMA_VIOLATION',
      message: 'RegisterPresencesRequest: at most 200 PresenceRegistrationRequest allowed, not 201.',
    });
  });

  it('refuse a request without any registration', () => {
    expect(refusal(envelope([register([])]))).toEqual({
      code: 'SOAP_SCHEMA_VIOLATION',
      message: 'RegisterPresencesRequest: PresenceRegistrationRequest is missing.',
    });
  });

  it('allow 200 cancellations in one request, and refuse 201', () => {
    const many = (n: number) =>
      envelope([['CancelPresencesRequest', times(n, (i) => cancelItem(String(i + 1)))]]);
    expect(accepted(many(200))).toMatchObject({ operation: 'cancelPresences' });
    expect(refusal(many(201)).message).toBe(
      'CancelPresencesRequest: at most 200 CancelPresenceRequest allowed, not 201.',
    );
  });

  it('allow 31 registration periods in a search, and refuse 32', () => {
    expect(accepted(envelope([search({ periods: times(31, () => period()) })]))).toMatchObject({
      criteria: { registrationPeriods: expect.any(Array) as unknown },
    });
    expect(refusal(envelope([search({ periods: times(32, () => period()) })]))).toEqual({
      code: 'SOAP_SCHEMA_VIOLATION',
      message:
        'SearchPresencesRequest/SearchPresenceRequest/SearchPresenceRegistrationCriteria/RegistrationPeriodList: ' +
        'at most 31 RegistrationPeriod allowed, not 32.',
    });
  });

  it('require the registration period list of a search (schema 1.11)', () => {
    const noPeriods: Node = [
      'SearchPresencesRequest',
      [['SearchPresenceRequest', [['SearchPresenceRegistrationCriteria', [['INSS', '85073003328']]]]]],
    ];
    expect(refusal(envelope([noPeriods])).message).toBe(
      'SearchPresencesRequest/SearchPresenceRequest/SearchPresenceRegistrationCriteria: ' +
        'RegistrationPeriodList is missing.',
    );
  });

  it('allow 4 statuses and 17 remarks in a search, and refuse one more', () => {
    const statuses = (n: number): Node => ['StatusList', times(n, (): Node => ['Status', 'FAILED'])];
    const remarks = (n: number): Node => [
      'RemarkList',
      times(n, (i): Node => ['Remark', VALIDATION_REMARKS[i % VALIDATION_REMARKS.length] ?? '']),
    ];
    expect(accepted(envelope([search({ before: [statuses(4), remarks(17)] })]))).toMatchObject({
      criteria: { statuses: times(4, () => 'FAILED'), remarks: [...VALIDATION_REMARKS] },
    });
    expect(refusal(envelope([search({ before: [statuses(5)] })])).message).toMatch(
      /SearchPresenceRegistrationCriteria\/StatusList: at most 4 Status allowed, not 5\.$/,
    );
    expect(refusal(envelope([search({ before: [remarks(18)] })])).message).toMatch(
      /SearchPresenceRegistrationCriteria\/RemarkList: at most 17 Remark allowed, not 18\.$/,
    );
  });

  it('allow a page of 1 to 500 rows from row 0, and nothing else', () => {
    const page = (firstRow: string, fetchSize: string) =>
      envelope([
        search({
          rest: [
            [
              'PaginationProperties',
              [
                ['FirstRow', firstRow],
                ['FetchSize', fetchSize],
              ],
            ],
          ],
        }),
      ]);
    expect(accepted(page('0', '500'))).toMatchObject({ pagination: { firstRow: 0, fetchSize: 500 } });
    expect(accepted(page('+7', '1'))).toMatchObject({ pagination: { firstRow: 7, fetchSize: 1 } });
    const where = 'SearchPresencesRequest/SearchPresenceRequest/PaginationProperties';
    expect(refusal(page('0', '501')).message).toBe(`${where}/FetchSize: at most 500.`);
    expect(refusal(page('0', '0')).message).toBe(`${where}/FetchSize: at least 1.`);
    expect(refusal(page('-1', '50')).message).toBe(`${where}/FirstRow: at least 0.`);
    expect(refusal(page('ten', '50')).message).toBe(`${where}/FirstRow: a whole number expected.`);
  });

  describe('on the fields of a registration', () => {
    const cases: [field: keyof SubmitFields, fits: string, breaks: string, says: string][] = [
      ['INSS', '85073003328', '850730033281', 'exactly 11 digits expected.'],
      ['INSS', '85073003328', '8507300332', 'exactly 11 digits expected.'],
      ['INSS', '85073003328', '85.07.30-033.28', 'exactly 11 digits expected.'],
      ['CompanyID', '9999999999', '10000000000', 'a number of at most 10 digits expected.'],
      ['CompanyID', '0403019261', 'BE0403019261', 'a number of at most 10 digits expected.'],
      ['LimosaId', '1'.repeat(20), '1'.repeat(21), 'at most 20 characters, not 21.'],
      ['WorkPlaceId', 'W'.repeat(13), 'W'.repeat(14), 'at most 13 characters, not 14.'],
      ['WorkPlaceId', '1Y102M7NZF7PZ', '   ', 'must not be empty.'],
      [
        'ClientPresenceRegistrationReference',
        'é'.repeat(24),
        'é'.repeat(25),
        'at most 24 characters, not 25.',
      ],
      ['RegistrationDate', '2028-02-29', '2026-02-29', 'a date (YYYY-MM-DD) expected.'],
      ['RegistrationDate', '2026-12-07Z', '07/12/2026', 'a date (YYYY-MM-DD) expected.'],
    ];
    it.each(cases)(
      '%s accepts %j and refuses %j, naming the element by its path',
      (field, fits, breaks, says) => {
        const items = (value: string) => [submit(), submit(), submit({ [field]: value })];
        expect(accepted(envelope([register(items(fits))]))).toMatchObject({ operation: 'registerPresences' });
        expect(refusal(envelope([register(items(breaks))]))).toEqual({
          code: 'SOAP_SCHEMA_VIOLATION',
          message: `RegisterPresencesRequest/PresenceRegistrationRequest[3]/${field}: ${says}`,
        });
      },
    );

    it('a date with a time zone is read as its day', () => {
      expect(
        accepted(envelope([register([submit({ RegistrationDate: '2026-12-07+01:00' })])])),
      ).toMatchObject({
        items: [{ registrationDate: '2026-12-07' }],
      });
    });
  });

  it('on a cancellation, the id has at most 15 digits and the reason at most 15 characters', () => {
    const cancel = (id: string, reason: string) =>
      envelope([['CancelPresencesRequest', [cancelItem(id, reason)]]]);
    expect(accepted(cancel('999999999999999', 'R'.repeat(15)))).toMatchObject({
      operation: 'cancelPresences',
    });
    expect(refusal(cancel('1000000000000000', 'HOLIDAY')).message).toBe(
      'CancelPresencesRequest/CancelPresenceRequest[1]/PresenceRegistrationId: a number of at most 15 digits expected.',
    );
    expect(refusal(cancel('7K3M-9QXD-2R4V', 'HOLIDAY')).code).toBe('SOAP_SCHEMA_VIOLATION');
    expect(refusal(cancel('17', 'R'.repeat(16))).message).toBe(
      'CancelPresencesRequest/CancelPresenceRequest[1]/CancellationReason: at most 15 characters, not 16.',
    );
  });

  it('on getting one, the id has at most 15 digits', () => {
    expect(accepted(envelope([get('000000000000001')]))).toEqual({
      operation: 'getPresenceRegistration',
      id: '000000000000001',
    });
    expect(refusal(envelope([get('1234567890123456')])).message).toBe(
      'GetPresenceRegistrationRequest/GetPresenceRegistrationRequest/PresenceRegistrationId: ' +
        'a number of at most 15 digits expected.',
    );
  });

  it('allow only the enumerated statuses, remarks, sectors, directions and sort criteria, spelled exactly', () => {
    const criteria = 'SearchPresencesRequest/SearchPresenceRequest/SearchPresenceRegistrationCriteria';
    const remark = (text: string) => envelope([search({ before: [['RemarkList', [['Remark', text]]]] })]);
    for (const misspelt of [
      'COMPANY IS NOT KNOWN AS BUILDER OR SUBCONTRACTOR IN THIS DUC',
      'COMPANY IS NOT KNOWN  AS BUILDER OR SUBCONTRACTOR IN THIS DUC',
    ]) {
      expect(refusal(remark(misspelt)).message).toMatch(
        new RegExp(`^${criteria}/RemarkList/Remark\\[1\\]: not one of`),
      );
    }
    expect(accepted(remark('COMPANY IS NOT KNOWN  AS BUILDER OR  SUBCONTRACTOR IN THIS DUC'))).toMatchObject({
      criteria: { remarks: ['COMPANY IS NOT KNOWN  AS BUILDER OR  SUBCONTRACTOR IN THIS DUC'] },
    });
    expect(refusal(envelope([search({ before: [['StatusList', [['Status', 'validated']]]] })])).code).toBe(
      'SOAP_SCHEMA_VIOLATION',
    );
    expect(refusal(envelope([search({ after: [['Sector', '4']] })])).message).toBe(
      `${criteria}/Sector: at most 3.`,
    );
    const sorting = (direction: string, criterion: string) =>
      envelope([
        search({
          rest: [
            [
              'SortingProperties',
              [
                ['SortDirection', direction],
                ['SortCriteria', criterion],
              ],
            ],
          ],
        }),
      ]);
    expect(accepted(sorting('ASCENDING', 'PLACE OF WORK'))).toMatchObject({
      sorting: { direction: 'ASCENDING', criterion: 'PLACE OF WORK' },
    });
    expect(refusal(sorting('UP', 'ID')).message).toMatch(/SortingProperties\/SortDirection: not one of/);
    expect(refusal(sorting('ASCENDING', 'NAME')).message).toMatch(
      /SortingProperties\/SortCriteria: not one of/,
    );
  });

  it('allow only real dates and times in the creation bounds of a search', () => {
    const bound = (value: string) => envelope([search({ after: [['CreationStartDate', value]] })]);
    expect(accepted(bound('2026-12-07T08:00:00'))).toMatchObject({
      criteria: { creationStart: '2026-12-07T08:00:00' },
    });
    expect(refusal(bound('2026-12-07')).message).toMatch(/CreationStartDate: a date and time/);
    expect(refusal(bound('2026-12-07T24:30:00Z')).message).toMatch(/CreationStartDate: a date and time/);
  });

  it('refuse elements out of their order, unknown elements, missing ones and text among elements', () => {
    const outOfOrder: Node = [
      'PresenceRegistrationRequest',
      [
        ['WorkPlaceId', '1Y102M7NZF7PZ'],
        ['INSS', '85073003328'],
      ],
    ];
    expect(refusal(envelope([register([outOfOrder])])).message).toBe(
      'RegisterPresencesRequest/PresenceRegistrationRequest[1]/INSS: unexpected here (unknown, repeated or out of order).',
    );
    const unknown: Node = [
      'PresenceRegistrationRequest',
      [
        ['WorkPlaceId', 'W'],
        ['Nickname', 'Jo'],
      ],
    ];
    expect(refusal(envelope([register([unknown])])).message).toBe(
      'RegisterPresencesRequest/PresenceRegistrationRequest[1]/Nickname: unexpected here (unknown, repeated or out of order).',
    );
    const missing: Node = ['PresenceRegistrationRequest', [['INSS', '85073003328']]];
    expect(refusal(envelope([register([missing])])).message).toBe(
      'RegisterPresencesRequest/PresenceRegistrationRequest[1]: WorkPlaceId is missing.',
    );
    const wrongOne: Node = ['CancelPresenceRequest', [['CancellationReason', 'HOLIDAY']]];
    expect(refusal(envelope([['CancelPresencesRequest', [wrongOne]]])).message).toBe(
      'CancelPresencesRequest/CancelPresenceRequest[1]/CancellationReason: unexpected here, PresenceRegistrationId expected.',
    );
    const nested: Node = ['PresenceRegistrationRequest', [['WorkPlaceId', [['Id', 'W']]]]];
    expect(refusal(envelope([register([nested])])).message).toBe(
      'RegisterPresencesRequest/PresenceRegistrationRequest[1]/WorkPlaceId: a value is expected, not elements.',
    );
    const text = envelope([register([submit()])]).replace('<type:INSS>', 'loose text<type:INSS>');
    expect(refusal(text).message).toBe(
      'RegisterPresencesRequest/PresenceRegistrationRequest[1]: text is not allowed here, only elements.',
    );
  });
});

describe('a request written as for the official service', () => {
  // The operation element and its direct children in http://socialsecurity.be/presenceregistration/v1,
  // everything below in http://socialsecurity.be/presenceregistration/schemas/v1, as the code generated from
  // the official schema has them: software written for the official service works unchanged.
  it.each([
    ['registerPresences', REGISTER_FROM_JAX_WS],
    ['cancelPresences', CANCEL_FROM_SOAPUI],
    ['searchPresences', SEARCH_FROM_SOAPUI],
    ['getPresenceRegistration', GET_FROM_SOAPUI],
  ])('is accepted for %s, and is valid against this registry’s schemas too', (operation, xml) => {
    expect(accepted(xml).operation).toBe(operation);
    expect(validateAgainstXsd(xml)).toEqual({ valid: true, errors: '' });
  });

  it('is what the requests made element by element in these tests are too', () => {
    const requests = [
      envelope([register([submit(), submit({ INSS: undefined, CompanyID: undefined, LimosaId: '1' })])]),
      envelope([['CancelPresencesRequest', [cancelItem()]]]),
      envelope([search({ before: [['StatusList', [['Status', 'FAILED']]]] })]),
      envelope([get('1')], { servicePrefix: '', typesPrefix: 'v11' }),
    ];
    for (const xml of requests) expect(validateAgainstXsd(xml)).toEqual({ valid: true, errors: '' });
  });
});

describe('the envelope and its namespaces', () => {
  it('refuses an operation in the types’ namespace, as the first draft of this contract had it, naming it', () => {
    const allInTypes = envelope([register([submit()])], { serviceNamespace: PRESENCE_REGISTRATION_TYPES_NS });
    expect(refusal(allInTypes)).toEqual({
      code: 'SOAP_WRONG_NAMESPACE',
      message:
        'RegisterPresencesRequest: in namespace http://socialsecurity.be/presenceregistration/schemas/v1, ' +
        'expected http://socialsecurity.be/presenceregistration/v1.',
    });
  });

  it.each([
    ['RegisterPresencesRequest', 'PresenceRegistrationRequest', envelope([register([submit()])])],
    [
      'CancelPresencesRequest',
      'CancelPresenceRequest',
      envelope([['CancelPresencesRequest', [cancelItem()]]]),
    ],
    ['SearchPresencesRequest', 'SearchPresenceRequest', envelope([search()])],
    ['GetPresenceRegistrationRequest', 'GetPresenceRegistrationRequest', envelope([get('1')])],
  ])(
    'refuses the child of %s in the types’ namespace: %s belongs to the service’s',
    (operation, child, xml) => {
      const inTypes = xml
        .replace(`<pr:${operation}><pr:${child}>`, `<pr:${operation}><type:${child}>`)
        .replace(`</pr:${child}>`, `</type:${child}>`);
      expect(refusal(inTypes)).toEqual({
        code: 'SOAP_WRONG_NAMESPACE',
        message:
          `${operation}/${child}: in namespace http://socialsecurity.be/presenceregistration/schemas/v1, ` +
          'expected http://socialsecurity.be/presenceregistration/v1.',
      });
    },
  );

  it('refuses a field in the service’s namespace: only the operation and its children are in it', () => {
    const inService = envelope([register([submit()])]).replace(
      /<type:WorkPlaceId>(\w+)<\/type:WorkPlaceId>/,
      '<pr:WorkPlaceId>$1</pr:WorkPlaceId>',
    );
    expect(refusal(inService)).toEqual({
      code: 'SOAP_WRONG_NAMESPACE',
      message:
        'RegisterPresencesRequest/PresenceRegistrationRequest[1]/WorkPlaceId: ' +
        'in namespace http://socialsecurity.be/presenceregistration/v1, ' +
        'expected http://socialsecurity.be/presenceregistration/schemas/v1.',
    });
  });

  it('refuses a field without its namespace, or in another one, naming it by its path', () => {
    const unqualified = envelope([register([submit(), submit()])]).replace(
      /<type:INSS>(\d+)<\/type:INSS>(?![\s\S]*<type:INSS>)/,
      '<INSS>$1</INSS>',
    );
    expect(refusal(unqualified)).toEqual({
      code: 'SOAP_WRONG_NAMESPACE',
      message:
        'RegisterPresencesRequest/PresenceRegistrationRequest[2]/INSS: in no namespace, ' +
        'expected http://socialsecurity.be/presenceregistration/schemas/v1.',
    });
    const foreign = envelope([register([submit()])]).replace(
      '<type:WorkPlaceId>',
      '<x:Extra xmlns:x="urn:other">1</x:Extra><type:WorkPlaceId>',
    );
    expect(refusal(foreign)).toEqual({
      code: 'SOAP_WRONG_NAMESPACE',
      message:
        'RegisterPresencesRequest/PresenceRegistrationRequest[1]/Extra: in namespace urn:other, not expected here.',
    });
  });

  it('refuses a SOAP 1.2 envelope, naming it', () => {
    const soap12 = envelope([get('1')], { soapNamespace: 'http://www.w3.org/2003/05/soap-envelope' });
    expect(refusal(soap12)).toEqual({
      code: 'SOAP_WRONG_NAMESPACE',
      message:
        'Envelope: in namespace http://www.w3.org/2003/05/soap-envelope, ' +
        'not the SOAP 1.1 one (http://schemas.xmlsoap.org/soap/envelope/).',
    });
  });

  it('refuses a document that is not an envelope, or an envelope without a Body', () => {
    expect(refusal('<RegisterPresencesRequest/>').code).toBe('SOAP_NOT_AN_ENVELOPE');
    expect(
      refusal('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header/></s:Envelope>'),
    ).toEqual({
      code: 'SOAP_NOT_AN_ENVELOPE',
      message: 'Envelope: exactly one Body is expected.',
    });
  });

  it('refuses a Body without an operation, or with an element that is none of the four', () => {
    expect(refusal(envelope([]))).toEqual({
      code: 'SOAP_UNKNOWN_OPERATION',
      message: 'Body: an operation element is expected.',
    });
    expect(refusal(envelope([['UpdatePresencesRequest', [['PresenceRegistrationId', '1']]]]))).toEqual({
      code: 'SOAP_UNKNOWN_OPERATION',
      message:
        'UpdatePresencesRequest (in namespace http://socialsecurity.be/presenceregistration/v1): ' +
        'not an operation of this service.',
    });
  });

  it('refuses two operations in one Body', () => {
    expect(refusal(envelope([get('1'), get('2')]))).toEqual({
      code: 'SOAP_MULTIPLE_OPERATIONS',
      message: 'Body: one operation is expected, not 2.',
    });
  });

  it('ignores the header whatever it holds, but refuses one after the Body', () => {
    const header =
      '<soap:Header><wsse:Security xmlns:wsse="urn:wsse" soap:mustUnderstand="1"><Anything><x/></Anything>' +
      '</wsse:Security><other:Trace xmlns:other="urn:other">42</other:Trace></soap:Header>';
    const withHeader = envelope([get('12')]).replace('<soap:Body>', header + '<soap:Body>');
    expect(accepted(withHeader)).toEqual({ operation: 'getPresenceRegistration', id: '12' });
    const late = envelope([get('12')]).replace('</soap:Body>', '</soap:Body><soap:Header/>');
    expect(refusal(late)).toEqual({
      code: 'SOAP_SCHEMA_VIOLATION',
      message: 'Envelope/Header: only a Header, then a Body, are expected in an Envelope.',
    });
  });
});

describe('a request read from the Body of a parsed message', () => {
  /** The Body of a message as the signature check parses it once. */
  function bodyOf(xml: string): Element {
    const envelope = readSoapEnvelope(xml);
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.value.body;
  }

  it('is read as from its text, comments skipped', () => {
    expect(readSoapBody(bodyOf(REGISTER_FROM_JAX_WS))).toEqual(parseSoapRequest(REGISTER_FROM_JAX_WS));
  });

  it('refuses a processing instruction, which exclusive c14n would have digested as text', () => {
    const xml = envelope([get('123')]).replace('>123<', '><?x 123?><');
    expect(readSoapBody(bodyOf(xml))).toMatchObject({ ok: false, error: { code: 'SOAP_MALFORMED_XML' } });
  });

  it('refuses a character XML forbids, which the DOM parser lets through as a reference', () => {
    const xml = envelope([get('123')]).replace('>123<', '>12&#0;3<');
    expect(readSoapBody(bodyOf(xml))).toMatchObject({ ok: false, error: { code: 'SOAP_MALFORMED_XML' } });
  });

  it('refuses elements nested deeper than 64, as the text parser does', () => {
    const deep = `${'<type:a>'.repeat(70)}${'</type:a>'.repeat(70)}`;
    const xml = envelope([get('123')]).replace('>123<', `>${deep}<`);
    expect(readSoapBody(bodyOf(xml))).toMatchObject({
      ok: false,
      error: { code: 'SOAP_MALFORMED_XML', message: 'Elements are nested more than 64 deep.' },
    });
  });
});

describe('a hostile or broken document', () => {
  const cases: [what: string, xml: string][] = [
    ['an unclosed element', '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'],
    [
      'mismatched tags',
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body></s:Envelope>',
    ],
    ['an undeclared prefix', '<s:Envelope><s:Body/></s:Envelope>'],
    [
      'an undeclared entity',
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">&nbsp;</s:Envelope>',
    ],
    [
      'an entity named after an object property',
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">&constructor;</s:Envelope>',
    ],
    [
      'a bare ampersand',
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">a & b</s:Envelope>',
    ],
    [
      'a character XML forbids',
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">\u0001</s:Envelope>',
    ],
    [
      'a reference to one',
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">&#0;</s:Envelope>',
    ],
    ['two root elements', '<a/><b/>'],
    ['no XML at all', '{"operation":"registerPresences"}'],
    ['nothing', ''],
    ['a prefix undeclared by an empty name', '<s:Envelope xmlns:s=""/>'],
  ];
  it.each(cases)('is refused as malformed: %s', (_what, xml) => {
    expect(refusal(xml).code).toBe('SOAP_MALFORMED_XML');
  });

  it('with a billion laughs is refused at once, its entities never expanded', () => {
    const lol =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">' +
      '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">' +
      '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">' +
      '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">' +
      '<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">' +
      '<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">' +
      '<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>' +
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&lol9;</s:Body></s:Envelope>';
    const started = performance.now();
    expect(refusal(lol)).toEqual({
      code: 'SOAP_FORBIDDEN_DTD',
      message: 'Document type declarations and entities are not accepted.',
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('with an external entity on a file is refused, the file unread', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' +
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&e;</s:Body></s:Envelope>';
    const fault = refusal(xxe);
    expect(fault.code).toBe('SOAP_FORBIDDEN_DTD');
    expect(fault.message).not.toContain('root:');
  });

  describe('with external entities on a server', () => {
    let server: Server;
    let fetched = 0;
    let url = '';
    beforeAll(async () => {
      server = createServer((_request, response) => {
        fetched++;
        response.end('<!ENTITY leak "secret">');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('is refused without fetching anything', async () => {
      const documents = [
        '<!DOCTYPE x [<!ENTITY e SYSTEM "URL">]><x>&e;</x>',
        '<!DOCTYPE x [<!ENTITY % p SYSTEM "URL"> %p;]><x>&leak;</x>',
        '<!DOCTYPE x SYSTEM "URL"><x/>',
        '<?xml version="1.0"?>\n<!-- a comment first --><!DOCTYPE x PUBLIC "-//X//EN" "URL"><x/>',
      ];
      for (const document of documents) {
        expect(refusal(document.replace('URL', url)).code).toBe('SOAP_FORBIDDEN_DTD');
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(fetched).toBe(0);
    });
  });
});
