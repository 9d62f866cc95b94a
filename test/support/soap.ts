import { XMLParser } from 'fast-xml-parser';
import { signSoapEnvelope } from '../../src/soap/ws-security-sign.js';
import { TEST_SENDER, type TestCertificate } from './test-certificates.js';
import { validateAgainstXsd } from './xsd.js';
import type { TestRegistry } from './registry.js';

/** The namespaces of the PresenceRegistration protocol: its operations' wrappers, and its types. */
export const SERVICE_NS = 'http://socialsecurity.be/presenceregistration/v1';
export const TYPES_NS = 'http://socialsecurity.be/presenceregistration/schemas/v1';

/** A SOAP 1.1 envelope around an operation's element, which declares `v1:` (service) and `t:` (types). */
export function envelope(operation: string): string {
  return (
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ' +
    `xmlns:v1="${SERVICE_NS}" xmlns:t="${TYPES_NS}"><soap:Body>${operation}</soap:Body></soap:Envelope>`
  );
}

/** One `registerPresences` item, its elements in the schema's order. */
export function registration(item: {
  readonly date?: string;
  readonly inss?: string;
  readonly companyId?: string;
  readonly limosaId?: string;
  readonly workPlaceId: string;
  readonly reference?: string;
}): string {
  return (
    '<v1:PresenceRegistrationRequest>' +
    (item.date === undefined ? '' : `<t:RegistrationDate>${item.date}</t:RegistrationDate>`) +
    (item.inss === undefined ? '' : `<t:INSS>${item.inss}</t:INSS>`) +
    (item.companyId === undefined ? '' : `<t:CompanyID>${item.companyId}</t:CompanyID>`) +
    (item.limosaId === undefined ? '' : `<t:LimosaId>${item.limosaId}</t:LimosaId>`) +
    `<t:WorkPlaceId>${item.workPlaceId}</t:WorkPlaceId>` +
    (item.reference === undefined
      ? ''
      : `<t:ClientPresenceRegistrationReference>${item.reference}</t:ClientPresenceRegistrationReference>`) +
    '</v1:PresenceRegistrationRequest>'
  );
}

/** What the endpoint answered: the status, the XML, and the XML read without its prefixes. */
export interface SoapReply {
  readonly status: number;
  readonly xml: string;
  readonly body: any;
}

const reader = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) =>
    [
      'PresenceRegistrationResponse',
      'CancelPresenceResponse',
      'PresenceRegistration',
      'Error',
      'Remark',
    ].includes(name),
});

/** POSTs an envelope to the registry's web service, signed by `signer` (unsigned when null). */
export async function soapCall(
  registry: TestRegistry,
  xml: string,
  signer: TestCertificate | null = TEST_SENDER,
): Promise<SoapReply> {
  const payload = signer === null ? xml : signSoapEnvelope(xml, signer, { now: registry.clock.now() });
  const reply = await registry.app.inject({
    method: 'POST',
    url: '/PresenceRegistration/v1',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
    payload,
  });
  // Every answer the endpoint sends is valid against the contract's schemas, faults' details included.
  const valid = validateAgainstXsd(reply.body);
  if (!valid.valid)
    throw new Error(`the answer is not valid against the XSD: ${valid.errors}\n${reply.body}`);
  const parsed = reader.parse(reply.body) as { Envelope?: { Body?: unknown } };
  return { status: reply.statusCode, xml: reply.body, body: parsed.Envelope?.Body };
}
