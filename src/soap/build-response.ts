import XMLBuilder from 'fast-xml-builder';
import {
  PRESENCE_REGISTRATION_SERVICE_NS,
  PRESENCE_REGISTRATION_TYPES_NS,
  SOAP_ENVELOPE_NS,
  SOCIAL_SECURITY_ERRORS_NS,
} from './contract.js';
import {
  MAX_ERRORS_PER_ITEM,
  MAX_FETCH_SIZE,
  MAX_ITEMS_PER_REQUEST,
  MAX_REGISTRATION_PERIODS,
  MAX_REMARKS_PER_VALIDATION,
  PRESENCE_STATUSES,
  VALIDATION_REMARKS,
  type CancelOutcome,
  type CancelPresenceRequest,
  type ItemErrors,
  type Pagination,
  type PresenceRegistrationOut,
  type PresenceRegistrationSubmit,
  type RegisterOutcome,
  type SearchCriteria,
  type Sender,
  type SoapFault,
  type SoapResponse,
  type Sorting,
  type Validation,
} from './messages.js';

/**
 * The SOAP 1.1 envelope answering a request, its elements in the order of the XSD's sequences
 * (`soap/presence-registration-v1.xsd` and the types it imports), each in the namespace of the official
 * contract: the response element and its direct children in the service's (prefix `pr`), everything below
 * them in the types' (prefix `type`). Every value is escaped by the XML builder.
 *
 * A search's answer echoes the search (`SearchPresencesRequest`) before its `PresenceRegistrationList`, as
 * the official `SearchPresencesResponseType` does. A refused item lists its first ten errors (the schema's
 * limit), a check its first ten remarks; codes and descriptions too long for the schema are cut. Throws a
 * `RangeError` for a response the schema cannot hold (no item, more than 200 items, more than 500
 * registrations in a page, a search echoed without a period or with more periods, statuses or remarks than a
 * search may ask): the caller's mistake, never the client's.
 */
export function buildSoapResponse(response: SoapResponse): string {
  switch (response.operation) {
    case 'registerPresences':
      return operation('RegisterPresencesResponse', {
        PresenceRegistrationResponse: batch(response.items).map(registerOutcome),
      });
    case 'cancelPresences':
      return operation('CancelPresencesResponse', {
        CancelPresenceResponse: batch(response.items).map(cancelOutcome),
      });
    case 'searchPresences': {
      if (response.registrations.length > MAX_FETCH_SIZE) {
        throw new RangeError(`A search page holds at most ${MAX_FETCH_SIZE} registrations.`);
      }
      return operation('SearchPresencesResponse', {
        SearchPresencesResponseType: {
          SearchPresencesRequest: searchRequest(response.criteria, response.pagination, response.sorting),
          PresenceRegistrationList: {
            PresenceRegistrationResultCount: String(response.resultCount),
            PresenceRegistration: response.registrations.map(registration),
          },
        },
      });
    }
    case 'getPresenceRegistration':
      return operation('GetPresenceRegistrationResponse', {
        GetPresenceRegistrationResponseType: {
          GetPresenceRegistrationRequest: { PresenceRegistrationId: text(response.id) },
          GetPresenceRegistrationType:
            response.registration === null
              ? ''
              : { PresenceRegistrationType: registration(response.registration) },
        },
      });
  }
}

/**
 * The SOAP 1.1 fault refusing a request: faultcode `soap:Client` with a `BusinessError` detail when the
 * request is at fault, `soap:Server` with a `SystemError` detail when the service is. The detail is the
 * social security's error type (`soap/errors-v1.xsd`): its `Id` attribute the incident number, `Origin`
 * `client` or `server`, `Code`, `Message` in English, and `Retry` (true for the server's faults only). Send
 * it with HTTP status 500, as SOAP 1.1 over HTTP wants.
 */
export function buildSoapFault(fault: SoapFault): string {
  const client = fault.side === 'client';
  const detail = element([
    ['@_xmlns:err', SOCIAL_SECURITY_ERRORS_NS],
    ['@_Id', fault.incidentId === undefined ? undefined : text(fault.incidentId, MAX_CODE)],
    ['err:Origin', fault.side],
    ['err:Code', text(fault.code, MAX_CODE)],
    ['err:Message', { '#text': text(fault.message, MAX_DESCRIPTION), '@_xml:lang': 'en' }],
    ['err:Retry', client ? 'false' : 'true'],
  ]);
  return envelope({
    'soap:Fault': {
      faultcode: client ? 'soap:Client' : 'soap:Server',
      faultstring: text(fault.message, MAX_DESCRIPTION),
      detail: { [client ? 'err:BusinessError' : 'err:SystemError']: detail },
    },
  });
}

// ------------------------------------------------------------------------------------------------------

/** What the builder takes: an element's children (and `@_` attributes) in order, a text, or repeats. */
type XmlContent = string | XmlElement | readonly XmlElement[] | readonly string[];
interface XmlElement {
  readonly [name: string]: XmlContent;
}

/** The longest error code and description the schema allows (simple types ErrorCode, ErrorDescription). */
const MAX_CODE = 64;
const MAX_DESCRIPTION = 1000;
/** The largest xs:int, the base of FirstRowType. */
const MAX_INT = 2_147_483_647;
/** A character XML 1.0 cannot carry, a lone surrogate included. */
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  processEntities: true,
  suppressEmptyNode: false,
  format: false,
});

function envelope(body: XmlElement): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'soap:Envelope': { '@_xmlns:soap': SOAP_ENVELOPE_NS, 'soap:Body': body },
  });
}

/**
 * The response element of an operation, in the service's namespace with its direct children; what those
 * children hold goes to the types' namespace.
 */
function operation(
  name: string,
  children: Readonly<Record<string, XmlElement | readonly XmlElement[]>>,
): string {
  const content: Record<string, XmlContent> = {
    '@_xmlns:pr': PRESENCE_REGISTRATION_SERVICE_NS,
    '@_xmlns:type': PRESENCE_REGISTRATION_TYPES_NS,
  };
  for (const [child, value] of Object.entries(children)) content[`pr:${child}`] = inTypes(value);
  return envelope({ [`pr:${name}`]: content });
}

/** The content with each element name prefixed `type:`, attributes and texts as they are. */
function inTypes(content: XmlContent): XmlContent {
  if (typeof content === 'string') return content;
  if (!isList(content)) return elementInTypes(content);
  return content.every((item) => typeof item === 'string') ? content : content.map(elementInTypes);
}

function elementInTypes(element: XmlElement): XmlElement {
  const prefixed: Record<string, XmlContent> = {};
  for (const [name, value] of Object.entries(element)) {
    prefixed[name.startsWith('@_') || name === '#text' ? name : `type:${name}`] = inTypes(value);
  }
  return prefixed;
}

function isList(content: XmlContent): content is readonly XmlElement[] | readonly string[] {
  return Array.isArray(content);
}

/** An element from its children in order, the absent ones left out. */
function element(children: readonly (readonly [string, XmlContent | undefined])[]): XmlElement {
  const present: Record<string, XmlContent> = {};
  for (const [name, content] of children) if (content !== undefined) present[name] = content;
  return present;
}

/** A value as XML can carry it: characters XML forbids replaced, cut to `max` characters. */
function text(value: string, max?: number): string {
  const clean = value.replace(NOT_XML_CHAR, '\uFFFD');
  if (max === undefined) return clean;
  const chars = Array.from(clean);
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('')}…`;
}

/** The list, when the schema can hold that many of `what` (a search's criteria). */
function listOf<T>(list: readonly T[], min: number, max: number, what: string): readonly T[] {
  if (list.length < min || list.length > max) {
    throw new RangeError(`A search holds ${min} to ${max} ${what}, not ${list.length}.`);
  }
  return list;
}

function batch<T>(items: readonly T[]): readonly T[] {
  if (items.length === 0 || items.length > MAX_ITEMS_PER_REQUEST) {
    throw new RangeError(`A batch response holds 1 to ${MAX_ITEMS_PER_REQUEST} items, not ${items.length}.`);
  }
  return items;
}

function registerOutcome(outcome: RegisterOutcome): XmlElement {
  switch (outcome.kind) {
    case 'registered':
      return { PresenceRegistration: registration(outcome.registration) };
    case 'refused':
      return {
        PresenceRegistrationError: {
          PresenceRegistrationSubmitted: submitted(outcome.submitted),
          ErrorList: errorList(outcome.errors),
        },
      };
  }
}

function cancelOutcome(outcome: CancelOutcome): XmlElement {
  switch (outcome.kind) {
    case 'cancelled':
      return { PresenceRegistration: registration(outcome.registration) };
    case 'refused':
      return {
        PresenceRegistrationError: {
          CancelPresenceRequest: cancelRequest(outcome.request),
          ErrorList: errorList(outcome.errors),
        },
      };
  }
}

function registration(out: PresenceRegistrationOut): XmlElement {
  const history = out.validationHistory ?? [];
  return element([
    ['PresenceRegistrationSubmitted', submitted(out.submitted)],
    ['Sector', out.sector === undefined ? undefined : String(out.sector)],
    ['INSS', optionalText(out.inss)],
    ['PresenceRegistrationId', text(out.presenceRegistrationId)],
    ['CreationDate', text(out.creationDate)],
    ['Channel', text(out.channel)],
    ['LastValidation', validation(out.lastValidation)],
    ['ValidationHistory', history.length === 0 ? undefined : { Validation: history.map(validation) }],
    ['Sender', out.sender === undefined ? undefined : sender(out.sender)],
  ]);
}

function submitted(submit: PresenceRegistrationSubmit): XmlElement {
  return element([
    ['RegistrationDate', optionalText(submit.registrationDate)],
    ['INSS', optionalText(submit.inss)],
    ['CompanyID', optionalText(submit.companyId)],
    ['LimosaId', optionalText(submit.limosaId)],
    ['WorkPlaceId', text(submit.workPlaceId)],
    ['ClientPresenceRegistrationReference', optionalText(submit.clientReference)],
  ]);
}

function cancelRequest(request: CancelPresenceRequest): XmlElement {
  return {
    PresenceRegistrationId: text(request.presenceRegistrationId),
    CancellationReason: text(request.cancellationReason),
  };
}

/** The search as read (`SearchPresencesRequestType`), for the answer to echo. */
function searchRequest(criteria: SearchCriteria, pagination: Pagination, sorting?: Sorting): XmlElement {
  const { firstRow, fetchSize } = pagination;
  if (!Number.isSafeInteger(firstRow) || firstRow < 0 || firstRow > MAX_INT) {
    throw new RangeError(`A search starts at a row from 0 to ${MAX_INT}, not ${firstRow}.`);
  }
  if (!Number.isSafeInteger(fetchSize) || fetchSize < 1 || fetchSize > MAX_FETCH_SIZE) {
    throw new RangeError(`A search page has 1 to ${MAX_FETCH_SIZE} rows, not ${fetchSize}.`);
  }
  return element([
    ['SearchPresenceRegistrationCriteria', searchCriteria(criteria)],
    ['PaginationProperties', { FirstRow: String(firstRow), FetchSize: String(fetchSize) }],
    [
      'SortingProperties',
      sorting === undefined
        ? undefined
        : { SortDirection: sorting.direction, SortCriteria: sorting.criterion },
    ],
  ]);
}

function searchCriteria(criteria: SearchCriteria): XmlElement {
  const periods = listOf(criteria.registrationPeriods, 1, MAX_REGISTRATION_PERIODS, 'registration periods');
  const statuses = listOf(criteria.statuses ?? [], 0, PRESENCE_STATUSES.length, 'statuses');
  const remarks = listOf(criteria.remarks ?? [], 0, VALIDATION_REMARKS.length, 'remarks');
  return element([
    ['INSS', optionalText(criteria.inss)],
    ['CompanyID', optionalText(criteria.companyId)],
    ['WorkPlaceId', optionalText(criteria.workPlaceId)],
    ['StatusList', statuses.length === 0 ? undefined : { Status: statuses }],
    ['RemarkList', remarks.length === 0 ? undefined : { Remark: remarks }],
    [
      'RegistrationPeriodList',
      {
        RegistrationPeriod: periods.map((period) => ({
          RegistrationPeriodStartDate: text(period.start),
          RegistrationPeriodEndDate: text(period.end),
        })),
      },
    ],
    ['CreationStartDate', optionalText(criteria.creationStart)],
    ['CreationEndDate', optionalText(criteria.creationEnd)],
    ['Sector', criteria.sector === undefined ? undefined : String(criteria.sector)],
  ]);
}

function validation(check: Validation): XmlElement {
  const remarks = (check.remarks ?? []).slice(0, MAX_REMARKS_PER_VALIDATION);
  return element([
    ['Status', check.status],
    ['ValidationDate', optionalText(check.validationDate)],
    ['RemarkList', remarks.length === 0 ? undefined : { Remark: remarks }],
  ]);
}

function sender(who: Sender): XmlElement {
  return element([
    ['SenderId', optionalText(who.senderId)],
    ['SenderCompanyId', optionalText(who.senderCompanyId)],
    ['SenderUserType', optionalText(who.senderUserType)],
  ]);
}

function errorList(errors: ItemErrors): XmlElement {
  return {
    Error: errors.slice(0, MAX_ERRORS_PER_ITEM).map((error) => ({
      ErrorCode: text(error.code, MAX_CODE),
      ErrorDescription: text(error.description, MAX_DESCRIPTION),
    })),
  };
}

function optionalText(value: string | undefined): string | undefined {
  return value === undefined ? undefined : text(value);
}
