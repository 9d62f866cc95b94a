import type { Element } from '@xmldom/xmldom';
import { err, ok, type Result } from '../domain/result.js';
import {
  PRESENCE_REGISTRATION_SERVICE_NS,
  PRESENCE_REGISTRATION_TYPES_NS,
  SOAP_ENVELOPE_NS,
} from './contract.js';
import {
  DEFAULT_FETCH_SIZE,
  MAX_FETCH_SIZE,
  MAX_ITEMS_PER_REQUEST,
  MAX_REGISTRATION_PERIODS,
  PRESENCE_STATUSES,
  SECTORS,
  SORT_CRITERIA,
  SORT_DIRECTIONS,
  VALIDATION_REMARKS,
  type CancelPresenceRequest,
  type Pagination,
  type PresenceRegistrationSubmit,
  type RegistrationPeriod,
  type SearchCriteria,
  type Sector,
  type SoapFault,
  type SoapOperation,
  type SoapRequest,
  type Sorting,
} from './messages.js';
import { NOT_XML_CHAR } from './xml-characters.js';
import {
  MAX_XML_DEPTH,
  namespaceOf,
  readXmlDocument,
  type ResolvedElement,
  type XmlProblem,
  type XmlReading,
} from './xml-reader.js';

/** Why a SOAP request was refused as a whole, before any of its items was looked at. */
export const SOAP_REQUEST_FAULT_CODES = [
  /** Not well-formed XML, an undeclared namespace prefix or entity, a character XML does not allow. */
  'SOAP_MALFORMED_XML',
  /** A document type declaration (`<!DOCTYPE`, `<!ENTITY`…): refused unread, as entities are never expanded. */
  'SOAP_FORBIDDEN_DTD',
  /** The document is not a SOAP envelope with one Body. */
  'SOAP_NOT_AN_ENVELOPE',
  /**
   * An element in another namespace than the contract's for it (a SOAP 1.2 envelope, an unqualified field, an
   * operation in the types' namespace instead of the service's…).
   */
  'SOAP_WRONG_NAMESPACE',
  /** The Body holds no operation, or an element that is not one of the four operations. */
  'SOAP_UNKNOWN_OPERATION',
  /** The Body holds more than one element. */
  'SOAP_MULTIPLE_OPERATIONS',
  /** The operation's content breaks the schema: a missing or unexpected element, a value too long… */
  'SOAP_SCHEMA_VIOLATION',
] as const;

/** A stable code of a refused SOAP request. */
export type SoapRequestFaultCode = (typeof SOAP_REQUEST_FAULT_CODES)[number];

/**
 * A refused SOAP request. Always the client's: the request is wrong and retrying it unchanged cannot help.
 * The message names the element by its path, such as
 * `RegisterPresencesRequest/PresenceRegistrationRequest[3]/INSS: exactly 11 digits expected`.
 */
export interface SoapRequestFault extends SoapFault {
  readonly side: 'client';
  readonly code: SoapRequestFaultCode;
}

/**
 * Reads a SOAP 1.1 request of the PresenceRegistration v1 service: the one operation in its Body, checked
 * against the limits of `soap/presence-registration-v1.xsd` and the types it imports (counts, lengths,
 * enumerations, dates).
 *
 * Each element must be in the namespace the official contract puts it in: the operation element and its
 * direct children in the service's (`PRESENCE_REGISTRATION_SERVICE_NS`), everything below them in the types'
 * (`PRESENCE_REGISTRATION_TYPES_NS`). Any namespace prefix is accepted (or default namespaces), with comments
 * and whitespace anywhere; the SOAP
 * Header is skipped (WS-Security is checked elsewhere). A document with a DTD is refused before it is
 * parsed, so no entity is ever expanded and nothing is ever fetched. Values that fit the schema but not the
 * rules (a NISS with wrong check digits, a date in the past) pass: the use cases refuse them per item.
 * Leading and trailing whitespace of values is ignored. One leniency beyond the schema: a
 * PaginationProperties may lack FirstRow or FetchSize (the schema requires both, as the official one does),
 * which then take their defaults, 0 and 50. (A registration may hold any of INSS, CompanyID and LimosaId, as
 * this registry's schema says: the official "INSS and CompanyID, or LimosaId" is the use cases' to check.)
 */
export function parseSoapRequest(xml: string): Result<SoapRequest, SoapRequestFault> {
  try {
    const envelope = readDocument(xml);
    return ok(readOperation(bodyOperation(envelopeBody(envelope))));
  } catch (error) {
    if (error instanceof Refusal) return err(error.fault);
    throw error;
  }
}

/**
 * Reads a request from the `soap:Body` element of a message already parsed: the one `verifyWsSecurity` verified,
 * so that the request is read from the very elements whose canonical form was digested and signed, without
 * parsing the message a second time. What the Body holds is read as {@link parseSoapRequest} reads it; comments
 * are skipped (exclusive canonicalization leaves them out of what is signed), and a processing instruction is
 * refused.
 *
 * @example
 * const verified = verifyWsSecurity(xml, { now });
 * if (!verified.ok) return soapFault(verified.error);
 * const request = readSoapBody(verified.value.body);
 */
export function readSoapBody(body: Element): Result<SoapRequest, SoapRequestFault> {
  try {
    return ok(readOperation(bodyOperation(fromDom(body, BODY_DEPTH))));
  } catch (error) {
    if (error instanceof Refusal) return err(error.fault);
    throw error;
  }
}

// ------------------------------------------------------------------------------------------------------
// Refusals: thrown inside this module only, returned as data by parseSoapRequest.

class Refusal extends Error {
  constructor(readonly fault: SoapRequestFault) {
    super(fault.message);
    this.name = 'Refusal';
  }
}

function refuse(code: SoapRequestFaultCode, message: string): never {
  throw new Refusal({ side: 'client', code, message });
}

function violation(path: string, message: string): never {
  refuse('SOAP_SCHEMA_VIOLATION', `${path}: ${message}`);
}

// ------------------------------------------------------------------------------------------------------
// From text to a tree of namespace-resolved elements.

/**
 * The server reads a start tag's attributes in turn, each namespace declaration checked where it stands: of
 * two problems in one start tag, the first written is the one refused.
 */
const SERVER_READING: XmlReading = { checkDeclarations: 'with each attribute' };

function readDocument(xml: string): ResolvedElement {
  const document = readXmlDocument(xml, SERVER_READING);
  if (!document.ok) refuseXml(document.error);
  return document.value;
}

/** Refuses a document that is not XML, in the server's words: a DTD has its own code. */
function refuseXml(problem: XmlProblem): never {
  switch (problem.code) {
    case 'XML_MARKUP_DECLARATION':
      return refuse('SOAP_FORBIDDEN_DTD', 'Document type declarations and entities are not accepted.');
    case 'XML_FORBIDDEN_CHARACTER':
      return malformedXml('The document holds a character XML does not allow.');
    case 'XML_NOT_WELL_FORMED':
      return malformedXml(
        problem.foundBy === 'validator'
          ? notWellFormed(problem.error)
          : `Not well-formed XML: ${(problem.error as Error).message}`,
      );
    case 'XML_NOT_ONE_ROOT':
      return malformedXml('An XML document has exactly one root element.');
    case 'XML_INVALID_ATTRIBUTE':
      return malformedXml(`${problem.attribute}: not a valid attribute.`);
    case 'XML_LONE_AMPERSAND':
      return malformedXml('An & must start a reference such as &amp;.');
    case 'XML_FORBIDDEN_CHARACTER_REFERENCE':
      return malformedXml(`${problem.reference} is not a character XML allows.`);
    case 'XML_UNDECLARED_ENTITY':
      return malformedXml(`The entity &${problem.entity}; is not declared.`);
    case 'XML_UNRESOLVED_NAME':
      return malformedXml(problem.message);
  }
}

function malformedXml(message: string): never {
  refuse('SOAP_MALFORMED_XML', message);
}

/** What the syntax validator says of a document it refuses (it throws an error with the line). */
function notWellFormed(error: unknown): string {
  if (!(error instanceof Error)) throw error;
  const line: unknown = (error as Error & { line?: unknown }).line;
  return typeof line === 'number'
    ? `Not well-formed XML (line ${line}): ${error.message}`
    : `Not well-formed XML: ${error.message}`;
}

// ------------------------------------------------------------------------------------------------------
// From a DOM element (the verified Body) to the same tree.

/** The depth of a soap:Body: the Envelope's child. */
const BODY_DEPTH = 2;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const COMMENT_NODE = 8;

function fromDom(element: Element, depth: number): ResolvedElement {
  if (depth > MAX_XML_DEPTH) {
    refuse('SOAP_MALFORMED_XML', `Elements are nested more than ${MAX_XML_DEPTH} deep.`);
  }
  const elements: ResolvedElement[] = [];
  let text = '';
  for (let child = element.firstChild; child !== null; child = child.nextSibling) {
    switch (child.nodeType) {
      case ELEMENT_NODE:
        elements.push(fromDom(child as Element, depth + 1));
        break;
      case TEXT_NODE:
      case CDATA_SECTION_NODE:
        text += child.nodeValue ?? '';
        break;
      case COMMENT_NODE:
        break;
      default:
        refuse('SOAP_MALFORMED_XML', `${element.localName}: a SOAP message holds no processing instruction.`);
    }
  }
  // The DOM parser lets them through, raw or as references (&#0;): the text parser refuses them, and so does this.
  if (NOT_XML_CHAR.test(text)) {
    refuse('SOAP_MALFORMED_XML', 'The document holds a character XML does not allow.');
  }
  return { ns: element.namespaceURI ?? '', local: element.localName ?? element.nodeName, elements, text };
}

// ------------------------------------------------------------------------------------------------------
// The envelope.

function envelopeBody(envelope: ResolvedElement): ResolvedElement {
  if (envelope.local !== 'Envelope') {
    refuse('SOAP_NOT_AN_ENVELOPE', `${envelope.local}: a SOAP 1.1 Envelope is expected.`);
  }
  if (envelope.ns !== SOAP_ENVELOPE_NS) {
    refuse(
      'SOAP_WRONG_NAMESPACE',
      `Envelope: ${namespaceOf(envelope)}, not the SOAP 1.1 one (${SOAP_ENVELOPE_NS}).`,
    );
  }
  if (envelope.text.trim() !== '') violation('Envelope', 'text is not allowed here.');
  const bodies: ResolvedElement[] = [];
  for (const [index, child] of envelope.elements.entries()) {
    const isSoap = child.ns === SOAP_ENVELOPE_NS;
    if (isSoap && child.local === 'Body') bodies.push(child);
    else if (!(isSoap && child.local === 'Header' && index === 0)) {
      violation(`Envelope/${child.local}`, 'only a Header, then a Body, are expected in an Envelope.');
    }
  }
  const body = bodies[0];
  if (body === undefined || bodies.length > 1) {
    refuse('SOAP_NOT_AN_ENVELOPE', 'Envelope: exactly one Body is expected.');
  }
  return body;
}

function bodyOperation(body: ResolvedElement): ResolvedElement {
  if (body.local !== 'Body' || body.ns !== SOAP_ENVELOPE_NS) {
    refuse('SOAP_NOT_AN_ENVELOPE', `${body.local}: the SOAP 1.1 Body is expected.`);
  }
  if (body.text.trim() !== '') violation('Envelope/Body', 'text is not allowed here.');
  const operation = body.elements[0];
  if (operation === undefined) refuse('SOAP_UNKNOWN_OPERATION', 'Body: an operation element is expected.');
  if (body.elements.length > 1) {
    refuse('SOAP_MULTIPLE_OPERATIONS', `Body: one operation is expected, not ${body.elements.length}.`);
  }
  return operation;
}

// ------------------------------------------------------------------------------------------------------
// The operations.

/** The request element of each operation, as the XSD names it. */
const REQUEST_ELEMENTS: Readonly<Record<string, SoapOperation>> = {
  RegisterPresencesRequest: 'registerPresences',
  CancelPresencesRequest: 'cancelPresences',
  SearchPresencesRequest: 'searchPresences',
  GetPresenceRegistrationRequest: 'getPresenceRegistration',
};

function readOperation(element: ResolvedElement): SoapRequest {
  const operation = Object.hasOwn(REQUEST_ELEMENTS, element.local)
    ? REQUEST_ELEMENTS[element.local]
    : undefined;
  if (operation !== undefined && element.ns !== PRESENCE_REGISTRATION_SERVICE_NS) {
    refuse(
      'SOAP_WRONG_NAMESPACE',
      `${element.local}: ${namespaceOf(element)}, expected ${PRESENCE_REGISTRATION_SERVICE_NS}.`,
    );
  }
  const field = { element, path: element.local };
  switch (operation) {
    case 'registerPresences':
      return { operation, items: readRegisterPresences(field) };
    case 'cancelPresences':
      return { operation, items: readCancelPresences(field) };
    case 'searchPresences':
      return { operation, ...readSearchPresences(field) };
    case 'getPresenceRegistration':
      return { operation, id: readGetPresenceRegistration(field) };
    case undefined:
      return refuse(
        'SOAP_UNKNOWN_OPERATION',
        `${element.local} (${namespaceOf(element)}): not an operation of this service.`,
      );
  }
}

function readRegisterPresences(field: Field): PresenceRegistrationSubmit[] {
  const content = sequence(field, PRESENCE_REGISTRATION_SERVICE_NS);
  const items = content.repeated('PresenceRegistrationRequest', 1, MAX_ITEMS_PER_REQUEST);
  content.end();
  return items.map(readSubmit);
}

function readSubmit(field: Field): PresenceRegistrationSubmit {
  const content = sequence(field);
  const registrationDate = optional(content.optional('RegistrationDate'), readDate);
  const inss = optional(content.optional('INSS'), readInss);
  const companyId = optional(content.optional('CompanyID'), readCompanyId);
  const limosaId = optional(content.optional('LimosaId'), (limosa) => readText(limosa, 20));
  const workPlaceId = readText(content.required('WorkPlaceId'), 13);
  const clientReference = optional(content.optional('ClientPresenceRegistrationReference'), (reference) =>
    readText(reference, 24),
  );
  content.end();
  return defined({ registrationDate, inss, companyId, limosaId, workPlaceId, clientReference });
}

function readCancelPresences(field: Field): CancelPresenceRequest[] {
  const content = sequence(field, PRESENCE_REGISTRATION_SERVICE_NS);
  const items = content.repeated('CancelPresenceRequest', 1, MAX_ITEMS_PER_REQUEST);
  content.end();
  return items.map((item) => {
    const request = sequence(item);
    const presenceRegistrationId = readRegistrationId(request.required('PresenceRegistrationId'));
    const cancellationReason = readText(request.required('CancellationReason'), 15);
    request.end();
    return { presenceRegistrationId, cancellationReason };
  });
}

function readSearchPresences(field: Field): {
  criteria: SearchCriteria;
  pagination: Pagination;
  sorting?: Sorting;
} {
  const content = sequence(field, PRESENCE_REGISTRATION_SERVICE_NS);
  const request = sequence(content.required('SearchPresenceRequest'));
  content.end();
  const criteria = readCriteria(request.required('SearchPresenceRegistrationCriteria'));
  const pagination = optional(request.optional('PaginationProperties'), readPagination) ?? {
    firstRow: 0,
    fetchSize: DEFAULT_FETCH_SIZE,
  };
  const sorting = optional(request.optional('SortingProperties'), readSorting);
  request.end();
  return sorting === undefined ? { criteria, pagination } : { criteria, pagination, sorting };
}

function readCriteria(field: Field): SearchCriteria {
  const content = sequence(field);
  const inss = optional(content.optional('INSS'), readInss);
  const companyId = optional(content.optional('CompanyID'), readCompanyId);
  const workPlaceId = optional(content.optional('WorkPlaceId'), (workPlace) => readText(workPlace, 13));
  const statuses = optional(content.optional('StatusList'), (list) =>
    readList(list, 'Status', PRESENCE_STATUSES.length, (status) =>
      readEnumeration(status, PRESENCE_STATUSES),
    ),
  );
  const remarks = optional(content.optional('RemarkList'), (list) =>
    readList(list, 'Remark', VALIDATION_REMARKS.length, (remark) =>
      readEnumeration(remark, VALIDATION_REMARKS),
    ),
  );
  const registrationPeriods = readList(
    content.required('RegistrationPeriodList'),
    'RegistrationPeriod',
    MAX_REGISTRATION_PERIODS,
    readPeriod,
  );
  const creationStart = optional(content.optional('CreationStartDate'), readDateTime);
  const creationEnd = optional(content.optional('CreationEndDate'), readDateTime);
  const sector = optional(content.optional('Sector'), readSector);
  content.end();
  return defined({
    inss,
    companyId,
    workPlaceId,
    statuses,
    remarks,
    registrationPeriods,
    creationStart,
    creationEnd,
    sector,
  });
}

function readPeriod(field: Field): RegistrationPeriod {
  const content = sequence(field);
  const start = readDate(content.required('RegistrationPeriodStartDate'));
  const end = readDate(content.required('RegistrationPeriodEndDate'));
  content.end();
  return { start, end };
}

function readPagination(field: Field): Pagination {
  const content = sequence(field);
  const firstRow = optional(content.optional('FirstRow'), (row) => readInt(row, 0, 2_147_483_647)) ?? 0;
  const fetchSize =
    optional(content.optional('FetchSize'), (size) => readInt(size, 1, MAX_FETCH_SIZE)) ?? DEFAULT_FETCH_SIZE;
  content.end();
  return { firstRow, fetchSize };
}

function readSorting(field: Field): Sorting {
  const content = sequence(field);
  const direction = readEnumeration(content.required('SortDirection'), SORT_DIRECTIONS);
  const criterion = readEnumeration(content.required('SortCriteria'), SORT_CRITERIA);
  content.end();
  return { direction, criterion };
}

function readGetPresenceRegistration(field: Field): string {
  const content = sequence(field, PRESENCE_REGISTRATION_SERVICE_NS);
  const request = sequence(content.required('GetPresenceRegistrationRequest'));
  content.end();
  const id = readRegistrationId(request.required('PresenceRegistrationId'));
  request.end();
  return id;
}

function readList<T>(field: Field, name: string, max: number, read: (item: Field) => T): T[] {
  const content = sequence(field);
  const items = content.repeated(name, 1, max);
  content.end();
  return items.map(read);
}

// ------------------------------------------------------------------------------------------------------
// Reading an xs:sequence: each child in its place, once or as often as allowed, nothing else.

/** An element and its path from the operation element, such as `RegisterPresencesRequest/…[3]/INSS`. */
interface Field {
  readonly element: ResolvedElement;
  readonly path: string;
}

interface Sequence {
  optional(name: string): Field | undefined;
  required(name: string): Field;
  repeated(name: string, min: number, max: number): Field[];
  end(): void;
}

/**
 * The children of an element, read in order, all expected in namespace `ns`: the types' unless told (only
 * the operation element's children are in the service's namespace).
 */
function sequence(field: Field, ns: string = PRESENCE_REGISTRATION_TYPES_NS): Sequence {
  if (field.element.text.trim() !== '') violation(field.path, 'text is not allowed here, only elements.');
  const children = field.element.elements;
  let next = 0;

  const at = (name: string): boolean => {
    const child = children[next];
    if (child?.local !== name) return false;
    if (child.ns !== ns) {
      refuse('SOAP_WRONG_NAMESPACE', `${field.path}/${name}: ${namespaceOf(child)}, expected ${ns}.`);
    }
    return true;
  };
  /** Refuses the next child (or its absence) where `expected` should be, or where nothing more should. */
  const unexpected = (expected?: string): never => {
    const child = children[next];
    if (child === undefined) return violation(field.path, `${expected ?? 'an element'} is missing.`);
    if (child.ns !== ns) {
      refuse(
        'SOAP_WRONG_NAMESPACE',
        `${field.path}/${child.local}: ${namespaceOf(child)}, not expected here.`,
      );
    }
    const path = `${field.path}/${child.local}`;
    if (expected !== undefined) return violation(path, `unexpected here, ${expected} expected.`);
    return violation(path, 'unexpected here (unknown, repeated or out of order).');
  };

  const optionalChild = (name: string): Field | undefined => {
    if (!at(name)) return undefined;
    return { element: children[next++] as ResolvedElement, path: `${field.path}/${name}` };
  };

  return {
    optional: optionalChild,
    required: (name) => optionalChild(name) ?? unexpected(name),
    repeated: (name, min, max) => {
      const found: Field[] = [];
      while (at(name)) {
        found.push({
          element: children[next] as ResolvedElement,
          path: `${field.path}/${name}[${found.length + 1}]`,
        });
        next++;
      }
      if (found.length === 0 && min > 0) return unexpected(name);
      if (found.length < min) violation(field.path, `at least ${min} ${name} expected, not ${found.length}.`);
      if (found.length > max) violation(field.path, `at most ${max} ${name} allowed, not ${found.length}.`);
      return found;
    },
    end: () => {
      if (next < children.length) unexpected();
    },
  };
}

function optional<T>(field: Field | undefined, read: (field: Field) => T): T | undefined {
  return field === undefined ? undefined : read(field);
}

/** The object without its undefined properties, so that absent elements are absent keys. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// ------------------------------------------------------------------------------------------------------
// Values: the simple types of the XSD.

function readValue(field: Field): string {
  if (field.element.elements.length > 0) violation(field.path, 'a value is expected, not elements.');
  return field.element.text.trim();
}

function readText(field: Field, max: number): string {
  const value = readValue(field);
  const length = Array.from(value).length; // in characters, as XML Schema counts, not UTF-16 units
  if (length === 0) violation(field.path, 'must not be empty.');
  if (length > max) violation(field.path, `at most ${max} characters, not ${length}.`);
  return value;
}

function readInss(field: Field): string {
  const value = readValue(field);
  if (!/^[0-9]{11}$/.test(value)) violation(field.path, 'exactly 11 digits expected.');
  return value;
}

function readCompanyId(field: Field): string {
  const value = readValue(field);
  if (!/^[0-9]{1,10}$/.test(value)) violation(field.path, 'a number of at most 10 digits expected.');
  return value;
}

function readRegistrationId(field: Field): string {
  const value = readValue(field);
  if (!/^[0-9]{1,15}$/.test(value)) violation(field.path, 'a number of at most 15 digits expected.');
  return value;
}

function readInt(field: Field, min: number, max: number): number {
  const value = readValue(field);
  if (!/^[+-]?[0-9]{1,12}$/.test(value)) violation(field.path, 'a whole number expected.');
  const number = Number(value);
  if (number < min) violation(field.path, `at least ${min}.`);
  if (number > max) violation(field.path, `at most ${max}.`);
  return number;
}

function readSector(field: Field): Sector {
  const number = readInt(field, 1, 3);
  const sector = SECTORS.find((s) => s === number);
  return sector ?? violation(field.path, `one of ${SECTORS.join(', ')} expected.`);
}

function readEnumeration<T extends string>(field: Field, values: readonly T[]): T {
  const value = readValue(field);
  const found = values.find((v) => v === value);
  return found ?? violation(field.path, `not one of the values allowed (${values.join(', ')}).`);
}

const DATE = /^(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?$/;
const DATE_TIME =
  /^(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$/;

/** An xs:date, given back as `YYYY-MM-DD` (a time zone on a day says nothing of a Belgian work day). */
function readDate(field: Field): string {
  const value = readValue(field);
  const match = DATE.exec(value);
  if (match === null || !isCalendarDay(match[1], match[2], match[3])) {
    violation(field.path, 'a date (YYYY-MM-DD) expected.');
  }
  return `${match[1] ?? ''}-${match[2] ?? ''}-${match[3] ?? ''}`;
}

/** An xs:dateTime, given back as written. */
function readDateTime(field: Field): string {
  const value = readValue(field);
  const match = DATE_TIME.exec(value);
  const timeOk = match !== null && Number(match[4]) < 24 && Number(match[5]) < 60 && Number(match[6]) < 60;
  if (!timeOk || !isCalendarDay(match[1], match[2], match[3])) {
    violation(field.path, 'a date and time (YYYY-MM-DDThh:mm:ss) expected.');
  }
  return value;
}

function isCalendarDay(year = '', month = '', day = ''): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}
