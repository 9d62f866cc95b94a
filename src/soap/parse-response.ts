import { err, ok, type Result } from '../domain/result.js';
import {
  PRESENCE_REGISTRATION_SERVICE_NS,
  PRESENCE_REGISTRATION_TYPES_NS,
  SOAP_ENVELOPE_NS,
  SOCIAL_SECURITY_ERRORS_NS,
} from './contract.js';
import {
  DEFAULT_FETCH_SIZE,
  MAX_FETCH_SIZE,
  PRESENCE_STATUSES,
  SECTORS,
  SORT_CRITERIA,
  SORT_DIRECTIONS,
  VALIDATION_REMARKS,
  type CancelOutcome,
  type CancelPresenceRequest,
  type ItemError,
  type ItemErrors,
  type Pagination,
  type PresenceRegistrationOut,
  type PresenceRegistrationSubmit,
  type RegisterOutcome,
  type RegistrationPeriod,
  type SearchCriteria,
  type Sector,
  type Sender,
  type SoapFault,
  type SoapOperation,
  type SoapResponse,
  type Sorting,
  type Validation,
} from './messages.js';
import {
  namespaceOf,
  readXmlDocument,
  type XmlElement,
  type XmlProblem,
  type XmlReading,
} from './xml-reader.js';

/**
 * Why a response gave no answer: the service refused the whole request with a SOAP fault (`FAULT`, whose
 * `side` says whether retrying may help), or what came back is not a response to the operation asked
 * (`MALFORMED`: not XML, not a SOAP 1.1 envelope, another operation's response, a required element missing or
 * a value its type cannot hold), its message naming the element by its path.
 */
export type SoapResponseProblem =
  | { readonly kind: 'FAULT'; readonly fault: SoapFault }
  | { readonly kind: 'MALFORMED'; readonly message: string };

/**
 * Reads the answer of a PresenceRegistration v1 service to a request for `operation`, for a client of it
 * (the relay): the inverse of `buildSoapResponse` and `buildSoapFault`. It never throws, whatever the text.
 *
 * A fault is read as `buildSoapFault` writes it. Its side is its `faultcode`, a qualified name resolved
 * against the SOAP 1.1 namespace: `Client` (and `Client.*`, `VersionMismatch`, `MustUnderstand`, the
 * request's trouble) is `client`, `Server` (and `Server.*`) is `server`; a code in another namespace takes its
 * side from the detail (`BusinessError` client, `SystemError` server), and is MALFORMED without one. The code,
 * message (the English one when there are several) and incident id come from the detail
 * (`soap/errors-v1.xsd`); a fault without that detail, as a gateway in front of the service may send,
 * has its faultcode's local name for code and its faultstring for message. A search the service refused
 * with a `PresenceRegistrationError` instead of a fault (the official schema allows both) is a client fault
 * too: the first error's code, every description.
 *
 * Elements are matched by namespace, not by prefix: the response element and its direct children in the
 * service's namespace, everything below in the types', as the official contract puts them; an expected
 * element in another namespace is MALFORMED. Elements the reader does not know are skipped (a newer schema
 * may add some), so is the Header; so is the `VatNumber` of a registration the service returns as consulted
 * (`PresenceRegistrationConsultSubmitted`), which a {@link PresenceRegistrationSubmit} cannot hold. Values are
 * trimmed and read as the types of `messages.ts` need them: enumerations (statuses, remarks, sectors, sort
 * orders) and numbers are checked, and so is a registration's id (at most 15 digits), which everything else
 * refers to; other texts are taken as written. An answer cut short is MALFORMED, never read as fewer items.
 * A document with a DTD is MALFORMED unread, so no entity is ever expanded. The number of items of a batch is not compared with the request's: the caller knows how
 * many it sent.
 *
 * @example
 * const answer = parseSoapResponse('registerPresences', await reply.body.text());
 * if (!answer.ok && answer.error.kind === 'FAULT' && answer.error.fault.side === 'server') retryLater();
 */
export function parseSoapResponse(
  operation: SoapOperation,
  xml: string,
): Result<SoapResponse, SoapResponseProblem> {
  try {
    const content = bodyContent(readDocument(xml));
    if (content.ns === SOAP_ENVELOPE_NS && content.local === 'Fault') {
      return err({ kind: 'FAULT', fault: readFault(content) });
    }
    return ok(readResponse(operation, content));
  } catch (error) {
    if (error instanceof Malformed) return err({ kind: 'MALFORMED', message: error.message });
    if (error instanceof SearchRefused) return err({ kind: 'FAULT', fault: error.fault });
    throw error;
  }
}

// ------------------------------------------------------------------------------------------------------
// Problems: thrown inside this module only, returned as data by parseSoapResponse.

class Malformed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Malformed';
  }
}

class SearchRefused extends Error {
  constructor(readonly fault: SoapFault) {
    super(fault.message);
    this.name = 'SearchRefused';
  }
}

function malformed(message: string): never {
  throw new Malformed(message);
}

// ------------------------------------------------------------------------------------------------------
// From text to a tree of namespace-resolved elements.

/**
 * The client reads every attribute of a start tag before the namespaces they declare: of a bad value and an
 * invalid declaration in one start tag, the value is the problem said.
 */
const CLIENT_READING: XmlReading = { checkDeclarations: 'after all attributes' };

function readDocument(xml: string): XmlElement {
  if (xml.trim() === '') malformed('Not XML: the response is empty.');
  const document = readXmlDocument(xml, CLIENT_READING);
  if (!document.ok) malformed(notXml(document.error));
  return document.value;
}

/** Why a response is not XML, in the client's words. */
function notXml(problem: XmlProblem): string {
  switch (problem.code) {
    case 'XML_MARKUP_DECLARATION':
      return 'Not a SOAP response: it holds a document type declaration (an HTML page?).';
    case 'XML_FORBIDDEN_CHARACTER':
      return 'Not XML: the response holds a character XML does not allow.';
    case 'XML_NOT_WELL_FORMED':
      return `Not well-formed XML: ${problem.error instanceof Error ? problem.error.message : String(problem.error)}`;
    case 'XML_NOT_ONE_ROOT':
      return 'Not XML: a document has exactly one root element.';
    case 'XML_INVALID_ATTRIBUTE':
      return `${problem.element}/@${problem.attribute}: not a valid attribute.`;
    case 'XML_LONE_AMPERSAND':
      return 'Not well-formed XML: an & must start a reference.';
    case 'XML_FORBIDDEN_CHARACTER_REFERENCE':
      return `Not well-formed XML: ${problem.reference} is not a character XML allows.`;
    case 'XML_UNDECLARED_ENTITY':
      return `Not well-formed XML: the entity &${problem.entity}; is not declared.`;
    case 'XML_UNRESOLVED_NAME':
      return problem.message;
  }
}

// ------------------------------------------------------------------------------------------------------
// The envelope and the fault.

/** The one element in the Body of a SOAP 1.1 envelope: a response element, or a Fault. */
function bodyContent(envelope: XmlElement): XmlElement {
  if (envelope.local !== 'Envelope') malformed(`${envelope.local}: a SOAP 1.1 Envelope is expected.`);
  if (envelope.ns !== SOAP_ENVELOPE_NS) {
    malformed(`Envelope: ${namespaceOf(envelope)}, not the SOAP 1.1 one (${SOAP_ENVELOPE_NS}).`);
  }
  const bodies = envelope.elements.filter((child) => child.ns === SOAP_ENVELOPE_NS && child.local === 'Body');
  const body = bodies[0];
  if (body === undefined || bodies.length > 1) malformed('Envelope: exactly one Body is expected.');
  const content = body.elements[0];
  if (content === undefined)
    malformed('Envelope/Body: a response element or a Fault is expected, not nothing.');
  if (body.elements.length > 1)
    malformed(`Envelope/Body: one element is expected, not ${body.elements.length}.`);
  return content;
}

function readFault(fault: XmlElement): SoapFault {
  // SOAP 1.1 leaves the Fault's children unqualified; some stacks put them in the envelope's namespace.
  const child = (name: string): XmlElement | undefined =>
    fault.elements.find((e) => e.local === name && (e.ns === '' || e.ns === SOAP_ENVELOPE_NS));
  const faultcode = child('faultcode') ?? malformed('Fault: faultcode is missing.');
  const faultstring = child('faultstring')?.text.trim() ?? '';
  const detail = child('detail')?.elements.find(
    (e) => e.ns === SOCIAL_SECURITY_ERRORS_NS && (e.local === 'BusinessError' || e.local === 'SystemError'),
  );
  const code = qualifiedName(faultcode);
  const side =
    sideOfFaultCode(code) ??
    (detail === undefined ? undefined : detail.local === 'BusinessError' ? 'client' : 'server') ??
    malformed(
      `Fault: the faultcode ${faultcode.text.trim()} is neither a client's nor a server's (${faultstring}).`,
    );
  if (detail === undefined) return { side, code: code.local, message: faultstring };

  const path = `Fault/detail/${detail.local}`;
  const read = childrenOf({ element: detail, path }, SOCIAL_SECURITY_ERRORS_NS);
  const errorCode = value(read.required('Code'));
  const messages = read.all('Message');
  const message = messages.find((m) => m.element.attributes['xml:lang'] === 'en') ?? messages[0];
  const incidentId = detail.attributes['Id']?.trim();
  return {
    side,
    code: errorCode,
    message: message === undefined ? faultstring : value(message),
    ...(incidentId === undefined ? {} : { incidentId }),
  };
}

/** A QName written as a value, such as `soap:Client`, its prefix resolved where it is written. */
function qualifiedName(element: XmlElement): { ns: string; local: string } {
  const written = element.text.trim();
  const colon = written.indexOf(':');
  const prefix = colon < 0 ? '' : written.slice(0, colon);
  const local = written.slice(colon + 1);
  const ns = element.scope.get(prefix);
  if (ns === undefined || local === '')
    malformed(`Fault/faultcode: ${written} is not a qualified name in scope.`);
  return { ns, local };
}

function sideOfFaultCode(code: { ns: string; local: string }): SoapFault['side'] | undefined {
  if (code.ns !== SOAP_ENVELOPE_NS) return undefined;
  // The SOAP 1.1 codes are extended with dots (`Client.Authentication`): the first part says whose it is.
  const base = code.local.split('.')[0];
  if (base === 'Client' || base === 'VersionMismatch' || base === 'MustUnderstand') return 'client';
  if (base === 'Server') return 'server';
  return undefined;
}

// ------------------------------------------------------------------------------------------------------
// The responses.

/** The response element of each operation, as the XSD names it. */
const RESPONSE_ELEMENTS: Readonly<Record<SoapOperation, string>> = {
  registerPresences: 'RegisterPresencesResponse',
  cancelPresences: 'CancelPresencesResponse',
  searchPresences: 'SearchPresencesResponse',
  getPresenceRegistration: 'GetPresenceRegistrationResponse',
};

function readResponse(operation: SoapOperation, element: XmlElement): SoapResponse {
  const expected = RESPONSE_ELEMENTS[operation];
  if (element.local !== expected || element.ns !== PRESENCE_REGISTRATION_SERVICE_NS) {
    malformed(
      `Envelope/Body: ${expected} (in namespace ${PRESENCE_REGISTRATION_SERVICE_NS}) is expected, ` +
        `not ${element.local} (${namespaceOf(element)}).`,
    );
  }
  const content = childrenOf({ element, path: expected }, PRESENCE_REGISTRATION_SERVICE_NS);
  switch (operation) {
    case 'registerPresences':
      return { operation, items: content.some('PresenceRegistrationResponse').map(registerOutcome) };
    case 'cancelPresences':
      return { operation, items: content.some('CancelPresenceResponse').map(cancelOutcome) };
    case 'searchPresences':
      return { operation, ...searchAnswer(content.required('SearchPresencesResponseType')) };
    case 'getPresenceRegistration':
      return { operation, ...getAnswer(content.required('GetPresenceRegistrationResponseType')) };
  }
}

function registerOutcome(field: Field): RegisterOutcome {
  const content = childrenOf(field);
  const [kind, item] = content.choice('PresenceRegistration', 'PresenceRegistrationError');
  if (kind === 'PresenceRegistration') return { kind: 'registered', registration: registration(item) };
  const error = childrenOf(item);
  return {
    kind: 'refused',
    submitted: submitted(error.required('PresenceRegistrationSubmitted')),
    errors: errorList(error.required('ErrorList')),
  };
}

function cancelOutcome(field: Field): CancelOutcome {
  const content = childrenOf(field);
  const [kind, item] = content.choice('PresenceRegistration', 'PresenceRegistrationError');
  if (kind === 'PresenceRegistration') return { kind: 'cancelled', registration: registration(item) };
  const error = childrenOf(item);
  return {
    kind: 'refused',
    request: cancelRequest(error.required('CancelPresenceRequest')),
    errors: errorList(error.required('ErrorList')),
  };
}

function searchAnswer(field: Field): {
  criteria: SearchCriteria;
  pagination: Pagination;
  sorting?: Sorting;
  resultCount: number;
  registrations: PresenceRegistrationOut[];
} {
  const content = childrenOf(field);
  const request = childrenOf(content.required('SearchPresencesRequest'));
  const criteria = searchCriteria(request.required('SearchPresenceRegistrationCriteria'));
  const pagination = optionalOf(request.optional('PaginationProperties'), readPagination) ?? {
    firstRow: 0,
    fetchSize: DEFAULT_FETCH_SIZE,
  };
  const sorting = optionalOf(request.optional('SortingProperties'), readSorting);
  const [kind, outcome] = content.choice('PresenceRegistrationList', 'PresenceRegistrationError');
  if (kind === 'PresenceRegistrationError') {
    const errors = errorList(childrenOf(outcome).required('ErrorList'));
    throw new SearchRefused({
      side: 'client',
      code: errors[0].code,
      message: errors.map((error) => error.description).join('; '),
    });
  }
  const list = childrenOf(outcome);
  const resultCount = integer(list.required('PresenceRegistrationResultCount'), 0, Number.MAX_SAFE_INTEGER);
  const registrations = list.all('PresenceRegistration').map(registration);
  return { criteria, pagination, ...(sorting === undefined ? {} : { sorting }), resultCount, registrations };
}

function getAnswer(field: Field): { id: string; registration: PresenceRegistrationOut | null } {
  const content = childrenOf(field);
  const id = registrationId(
    childrenOf(content.required('GetPresenceRegistrationRequest')).required('PresenceRegistrationId'),
  );
  const found = childrenOf(content.required('GetPresenceRegistrationType')).optional(
    'PresenceRegistrationType',
  );
  return { id, registration: found === undefined ? null : registration(found) };
}

function registration(field: Field): PresenceRegistrationOut {
  const content = childrenOf(field);
  const [, sent] = content.choice('PresenceRegistrationSubmitted', 'PresenceRegistrationConsultSubmitted');
  const history = content.optional('ValidationHistory');
  return defined({
    submitted: submitted(sent),
    sector: optionalOf(content.optional('Sector'), sector),
    inss: optionalOf(content.optional('INSS'), value),
    presenceRegistrationId: registrationId(content.required('PresenceRegistrationId')),
    creationDate: value(content.required('CreationDate')),
    channel: value(content.required('Channel')),
    lastValidation: validation(content.required('LastValidation')),
    validationHistory:
      history === undefined ? undefined : childrenOf(history).some('Validation').map(validation),
    sender: optionalOf(content.optional('Sender'), readSender),
  });
}

function submitted(field: Field): PresenceRegistrationSubmit {
  const content = childrenOf(field);
  return defined({
    registrationDate: optionalOf(content.optional('RegistrationDate'), value),
    inss: optionalOf(content.optional('INSS'), value),
    companyId: optionalOf(content.optional('CompanyID'), value),
    limosaId: optionalOf(content.optional('LimosaId'), value),
    workPlaceId: value(content.required('WorkPlaceId')),
    clientReference: optionalOf(content.optional('ClientPresenceRegistrationReference'), value),
  });
}

function cancelRequest(field: Field): CancelPresenceRequest {
  const content = childrenOf(field);
  return {
    presenceRegistrationId: registrationId(content.required('PresenceRegistrationId')),
    cancellationReason: value(content.required('CancellationReason')),
  };
}

function validation(field: Field): Validation {
  const content = childrenOf(field);
  return defined({
    status: oneOf(content.required('Status'), PRESENCE_STATUSES),
    validationDate: optionalOf(content.optional('ValidationDate'), value),
    // The official RemarkType is any text: a remark this registry does not know (a later version's) is left out
    // rather than making the whole answer unreadable — its registrations exist upstream all the same.
    remarks: optionalOf(content.optional('RemarkList'), (list) =>
      childrenOf(list)
        .some('Remark')
        .flatMap((remark) => {
          const written = value(remark);
          const known = VALIDATION_REMARKS.find((v) => v === written);
          return known === undefined ? [] : [known];
        }),
    ),
  });
}

function readSender(field: Field): Sender {
  const content = childrenOf(field);
  return defined({
    senderId: optionalOf(content.optional('SenderId'), value),
    senderCompanyId: optionalOf(content.optional('SenderCompanyId'), value),
    senderUserType: optionalOf(content.optional('SenderUserType'), value),
  });
}

function errorList(field: Field): ItemErrors {
  const [first, ...others] = childrenOf(field)
    .some('Error')
    .map((error): ItemError => {
      const content = childrenOf(error);
      return {
        code: value(content.required('ErrorCode')),
        description: value(content.required('ErrorDescription')),
      };
    });
  // `some` found at least one.
  return [first as ItemError, ...others];
}

function searchCriteria(field: Field): SearchCriteria {
  const content = childrenOf(field);
  return defined({
    inss: optionalOf(content.optional('INSS'), value),
    companyId: optionalOf(content.optional('CompanyID'), value),
    workPlaceId: optionalOf(content.optional('WorkPlaceId'), value),
    statuses: optionalOf(content.optional('StatusList'), (list) =>
      childrenOf(list)
        .some('Status')
        .map((status) => oneOf(status, PRESENCE_STATUSES)),
    ),
    remarks: optionalOf(content.optional('RemarkList'), (list) =>
      childrenOf(list)
        .some('Remark')
        .map((remark) => oneOf(remark, VALIDATION_REMARKS)),
    ),
    registrationPeriods: childrenOf(content.required('RegistrationPeriodList'))
      .some('RegistrationPeriod')
      .map(readPeriod),
    creationStart: optionalOf(content.optional('CreationStartDate'), value),
    creationEnd: optionalOf(content.optional('CreationEndDate'), value),
    sector: optionalOf(content.optional('Sector'), sector),
  });
}

function readPeriod(field: Field): RegistrationPeriod {
  const content = childrenOf(field);
  return {
    start: value(content.required('RegistrationPeriodStartDate')),
    end: value(content.required('RegistrationPeriodEndDate')),
  };
}

function readPagination(field: Field): Pagination {
  const content = childrenOf(field);
  // Both are required by the schema; read leniently with the service's defaults, as the server reads them.
  return {
    firstRow: optionalOf(content.optional('FirstRow'), (row) => integer(row, 0, 2_147_483_647)) ?? 0,
    fetchSize:
      optionalOf(content.optional('FetchSize'), (size) => integer(size, 1, MAX_FETCH_SIZE)) ??
      DEFAULT_FETCH_SIZE,
  };
}

function readSorting(field: Field): Sorting {
  const content = childrenOf(field);
  return {
    direction: oneOf(content.required('SortDirection'), SORT_DIRECTIONS),
    criterion: oneOf(content.required('SortCriteria'), SORT_CRITERIA),
  };
}

// ------------------------------------------------------------------------------------------------------
// Reading the children of an element by name, in the namespace the contract puts them.

/** An element and its path from the response element, such as `RegisterPresencesResponse/…[3]/INSS`. */
interface Field {
  readonly element: XmlElement;
  readonly path: string;
}

interface Children {
  /** The one child of that name, or undefined. */
  optional(name: string): Field | undefined;
  /** The one child of that name. */
  required(name: string): Field;
  /** Every child of that name, maybe none. */
  all(name: string): Field[];
  /** Every child of that name, at least one. */
  some(name: string): Field[];
  /** The one child of either name (an xs:choice), with its name. */
  choice<A extends string, B extends string>(a: A, b: B): [A, Field] | [B, Field];
}

/**
 * The children of an element, by local name, each expected in `ns` (the types' unless told): a child of a
 * known name in another namespace is MALFORMED, a child of an unknown name is skipped. The order of a
 * sequence is not checked: a name means the same wherever it is.
 */
function childrenOf(field: Field, ns: string = PRESENCE_REGISTRATION_TYPES_NS): Children {
  const byName = new Map<string, XmlElement[]>();
  for (const child of field.element.elements) {
    const same = byName.get(child.local);
    if (same === undefined) byName.set(child.local, [child]);
    else same.push(child);
  }
  const all = (name: string): Field[] => {
    const found = byName.get(name) ?? [];
    return found.map((element, i) => {
      const path = found.length === 1 ? `${field.path}/${name}` : `${field.path}/${name}[${i + 1}]`;
      if (element.ns !== ns) malformed(`${path}: ${namespaceOf(element)}, expected ${ns}.`);
      return { element, path };
    });
  };
  const optional = (name: string): Field | undefined => {
    const found = all(name);
    if (found.length > 1) malformed(`${field.path}: one ${name} is expected, not ${found.length}.`);
    return found[0];
  };
  const required = (name: string): Field => optional(name) ?? malformed(`${field.path}: ${name} is missing.`);
  return {
    optional,
    required,
    all,
    some: (name) => {
      const found = all(name);
      if (found.length === 0) malformed(`${field.path}: at least one ${name} is expected.`);
      return found;
    },
    choice: (a, b) => {
      const first = optional(a);
      const second = optional(b);
      if (first !== undefined && second !== undefined) {
        malformed(`${field.path}: ${a} or ${b} is expected, not both.`);
      }
      if (first !== undefined) return [a, first];
      if (second !== undefined) return [b, second];
      return malformed(`${field.path}: ${a} or ${b} is missing.`);
    },
  };
}

function optionalOf<T>(field: Field | undefined, read: (field: Field) => T): T | undefined {
  return field === undefined ? undefined : read(field);
}

/** The object without its undefined properties, so that absent elements are absent keys. */
function defined<T extends object>(object: T): T {
  // A loop, not Object.entries/fromEntries: this runs for every registration of a 500-row page.
  const present: Record<string, unknown> = {};
  for (const key in object) if (object[key] !== undefined) present[key] = object[key];
  return present as T;
}

// ------------------------------------------------------------------------------------------------------
// Values.

function value(field: Field): string {
  if (field.element.elements.length > 0) malformed(`${field.path}: a value is expected, not elements.`);
  return field.element.text.trim();
}

function registrationId(field: Field): string {
  const id = value(field);
  if (!/^[0-9]{1,15}$/.test(id)) malformed(`${field.path}: a number of at most 15 digits is expected.`);
  return id;
}

function integer(field: Field, min: number, max: number): number {
  const written = value(field);
  // xs:int and xs:long allow a sign and leading zeros; past 16 digits a Number is no longer exact.
  if (!/^[+-]?0*[0-9]{1,16}$/.test(written)) malformed(`${field.path}: a whole number is expected.`);
  const number = Number(written) || 0; // `-0`, which xs:int allows, is 0
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    malformed(`${field.path}: a whole number from ${min} to ${max} is expected, not ${written}.`);
  }
  return number;
}

function sector(field: Field): Sector {
  const number = integer(field, 1, 3);
  return (
    SECTORS.find((s) => s === number) ?? malformed(`${field.path}: one of ${SECTORS.join(', ')} is expected.`)
  );
}

function oneOf<T extends string>(field: Field, values: readonly T[]): T {
  const written = value(field);
  const found = values.find((v) => v === written);
  return (
    found ??
    malformed(`${field.path}: ${JSON.stringify(written)} is not one of the values the contract lists.`)
  );
}
