import XMLBuilder from 'fast-xml-builder';
import {
  PRESENCE_REGISTRATION_SERVICE_NS,
  PRESENCE_REGISTRATION_TYPES_NS,
  SOAP_ENVELOPE_NS,
} from './contract.js';
import {
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
  type SearchCriteria,
  type SoapRequest,
  type Sorting,
} from './messages.js';

/**
 * The unsigned SOAP 1.1 envelope of a request to a PresenceRegistration v1 service, for a client of it (the
 * relay): the inverse of `parseSoapRequest`. Its elements are in the order of the XSD's sequences
 * (`soap/presence-registration-v1.xsd` and the types it imports), each in the namespace of the official
 * contract: the operation element and its direct children in the service's (prefix `pr`), everything below
 * them in the types' (prefix `type`). Every value is escaped by the XML builder; a carriage return is written
 * as a character reference, the one form in which it survives a parser's line-end normalisation. The
 * envelope has no Header: `signSoapEnvelope` adds the WS-Security one.
 *
 * Unlike a response, which may cut a description to fit, a request is never changed on its way out: a value
 * the schema cannot hold throws a `RangeError` naming it (no item or more than 200, a search without a
 * period or with more than 31, an INSS that is not 11 digits, a reference longer than 24 characters, a date
 * that is not a calendar day, an enumeration's value it does not list, a character XML cannot carry…). So
 * what this returns is valid against the XSD. Values that fit the schema but not the registry's rules (a NISS
 * with wrong check digits, a date in the past) are the upstream service's to refuse, per item.
 *
 * @example
 * const xml = buildSoapRequest({ operation: 'getPresenceRegistration', id: '123456789012345' });
 * const signed = signSoapEnvelope(xml, signer, { now: clock.now() });
 */
export function buildSoapRequest(request: SoapRequest): string {
  switch (request.operation) {
    case 'registerPresences':
      return operation('RegisterPresencesRequest', {
        PresenceRegistrationRequest: batch(request.items).map((item, i) =>
          submitted(item, `PresenceRegistrationRequest[${i + 1}]`),
        ),
      });
    case 'cancelPresences':
      return operation('CancelPresencesRequest', {
        CancelPresenceRequest: batch(request.items).map((item, i) =>
          cancelRequest(item, `CancelPresenceRequest[${i + 1}]`),
        ),
      });
    case 'searchPresences':
      return operation('SearchPresencesRequest', {
        SearchPresenceRequest: searchRequest(request.criteria, request.pagination, request.sorting),
      });
    case 'getPresenceRegistration':
      return operation('GetPresenceRegistrationRequest', {
        GetPresenceRegistrationRequest: {
          PresenceRegistrationId: registrationId(request.id, 'PresenceRegistrationId'),
        },
      });
  }
}

// ------------------------------------------------------------------------------------------------------

/** What the builder takes: an element's children (and `@_` attributes) in order, a text, or repeats. */
type XmlContent = string | XmlElement | readonly XmlElement[] | readonly string[];
interface XmlElement {
  readonly [name: string]: XmlContent;
}

/** The largest xs:int, the base of FirstRowType. */
const MAX_INT = 2_147_483_647;
/** A character XML 1.0 cannot carry, a lone surrogate included. */
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DATE_TIME =
  /^(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-]([0-9]{2}):([0-9]{2}))?$/;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  processEntities: true,
  suppressEmptyNode: false,
  format: false,
});

function envelope(body: XmlElement): string {
  const xml = builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'soap:Envelope': { '@_xmlns:soap': SOAP_ENVELOPE_NS, 'soap:Body': body },
  });
  // A parser turns a raw carriage return into a line feed (XML 1.0 §2.11), so a value holding one would not
  // arrive as sent; as a reference it does. The builder writes no line ends of its own (no formatting, constant
  // attributes), so every CR in its output is a value's.
  return xml.replaceAll('\r', '&#13;');
}

/** The request element of an operation, in the service's namespace with its direct children. */
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

function batch<T>(items: readonly T[]): readonly T[] {
  if (items.length === 0 || items.length > MAX_ITEMS_PER_REQUEST) {
    throw new RangeError(`A batch request holds 1 to ${MAX_ITEMS_PER_REQUEST} items, not ${items.length}.`);
  }
  return items;
}

function submitted(item: PresenceRegistrationSubmit, path: string): XmlElement {
  return element([
    ['RegistrationDate', optional(item.registrationDate, (v) => date(v, `${path}/RegistrationDate`))],
    ['INSS', optional(item.inss, (v) => inss(v, `${path}/INSS`))],
    ['CompanyID', optional(item.companyId, (v) => companyId(v, `${path}/CompanyID`))],
    ['LimosaId', optional(item.limosaId, (v) => text(v, 20, `${path}/LimosaId`))],
    ['WorkPlaceId', text(item.workPlaceId, 13, `${path}/WorkPlaceId`)],
    [
      'ClientPresenceRegistrationReference',
      optional(item.clientReference, (v) => text(v, 24, `${path}/ClientPresenceRegistrationReference`)),
    ],
  ]);
}

function cancelRequest(item: CancelPresenceRequest, path: string): XmlElement {
  return {
    PresenceRegistrationId: registrationId(item.presenceRegistrationId, `${path}/PresenceRegistrationId`),
    CancellationReason: text(item.cancellationReason, 15, `${path}/CancellationReason`),
  };
}

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
    // Always written, though the service defaults both: the official schema requires them when present.
    ['PaginationProperties', { FirstRow: String(firstRow), FetchSize: String(fetchSize) }],
    [
      'SortingProperties',
      sorting === undefined
        ? undefined
        : {
            SortDirection: oneOf(sorting.direction, SORT_DIRECTIONS, 'SortDirection'),
            SortCriteria: oneOf(sorting.criterion, SORT_CRITERIA, 'SortCriteria'),
          },
    ],
  ]);
}

function searchCriteria(criteria: SearchCriteria): XmlElement {
  const path = 'SearchPresenceRegistrationCriteria';
  const periods = listOf(criteria.registrationPeriods, 1, MAX_REGISTRATION_PERIODS, 'registration periods');
  const statuses = listOf(criteria.statuses ?? [], 0, PRESENCE_STATUSES.length, 'statuses');
  const remarks = listOf(criteria.remarks ?? [], 0, VALIDATION_REMARKS.length, 'remarks');
  return element([
    ['INSS', optional(criteria.inss, (v) => inss(v, `${path}/INSS`))],
    ['CompanyID', optional(criteria.companyId, (v) => companyId(v, `${path}/CompanyID`))],
    ['WorkPlaceId', optional(criteria.workPlaceId, (v) => text(v, 13, `${path}/WorkPlaceId`))],
    [
      'StatusList',
      statuses.length === 0
        ? undefined
        : { Status: statuses.map((status) => oneOf(status, PRESENCE_STATUSES, `${path}/StatusList/Status`)) },
    ],
    [
      'RemarkList',
      remarks.length === 0
        ? undefined
        : { Remark: remarks.map((remark) => oneOf(remark, VALIDATION_REMARKS, `${path}/RemarkList/Remark`)) },
    ],
    [
      'RegistrationPeriodList',
      {
        RegistrationPeriod: periods.map((period, i) => {
          const at = `${path}/RegistrationPeriodList/RegistrationPeriod[${i + 1}]`;
          return {
            RegistrationPeriodStartDate: date(period.start, `${at}/RegistrationPeriodStartDate`),
            RegistrationPeriodEndDate: date(period.end, `${at}/RegistrationPeriodEndDate`),
          };
        }),
      },
    ],
    ['CreationStartDate', optional(criteria.creationStart, (v) => dateTime(v, `${path}/CreationStartDate`))],
    ['CreationEndDate', optional(criteria.creationEnd, (v) => dateTime(v, `${path}/CreationEndDate`))],
    [
      'Sector',
      criteria.sector === undefined
        ? undefined
        : oneOf(criteria.sector, SECTORS, `${path}/Sector`).toString(),
    ],
  ]);
}

// ------------------------------------------------------------------------------------------------------
// Values: each checked against its simple type in the XSD, since a request is never cut to fit.

function optional(value: string | undefined, write: (value: string) => string): string | undefined {
  return value === undefined ? undefined : write(value);
}

function listOf<T>(list: readonly T[], min: number, max: number, what: string): readonly T[] {
  if (list.length < min || list.length > max) {
    throw new RangeError(`A search holds ${min} to ${max} ${what}, not ${list.length}.`);
  }
  return list;
}

/** A string of 1 to `max` characters (counted as XML Schema counts them, by code point). */
function text(value: string, max: number, path: string): string {
  if (NOT_XML_CHAR.test(value)) throw new RangeError(`${path}: holds a character XML cannot carry.`);
  const length = Array.from(value).length;
  if (length < 1 || length > max) {
    throw new RangeError(`${path}: 1 to ${max} characters, not ${length}.`);
  }
  return value;
}

function matching(value: string, pattern: RegExp, what: string, path: string): string {
  if (!pattern.test(value)) throw new RangeError(`${path}: ${what} expected, not ${JSON.stringify(value)}.`);
  return value;
}

function inss(value: string, path: string): string {
  return matching(value, /^[0-9]{11}$/, 'exactly 11 digits', path);
}

function companyId(value: string, path: string): string {
  return matching(value, /^[0-9]{1,10}$/, 'a number of at most 10 digits', path);
}

function registrationId(value: string, path: string): string {
  return matching(value, /^[0-9]{1,15}$/, 'a number of at most 15 digits', path);
}

function oneOf<T extends string | number>(value: T, values: readonly T[], path: string): T {
  if (!values.includes(value))
    throw new RangeError(`${path}: not one of ${values.join(', ')}: ${String(value)}.`);
  return value;
}

/** An xs:date as messages hold it, `YYYY-MM-DD`, a day of the calendar. */
function date(value: string, path: string): string {
  const match = DATE.exec(value);
  if (match === null || !isCalendarDay(match[1], match[2], match[3])) {
    throw new RangeError(`${path}: a date (YYYY-MM-DD) expected, not ${JSON.stringify(value)}.`);
  }
  return value;
}

/** An xs:dateTime, written as given. */
function dateTime(value: string, path: string): string {
  const match = DATE_TIME.exec(value);
  const timeOk = match !== null && Number(match[4]) < 24 && Number(match[5]) < 60 && Number(match[6]) < 60;
  // A time zone is at most 14 hours from UTC (XML Schema), 14:00 itself included.
  const zone = match === null ? 0 : Number(match[9] ?? 0) * 60 + Number(match[10] ?? 0);
  const zoneOk = zone <= 14 * 60 && Number(match?.[10] ?? 0) < 60;
  if (!timeOk || !zoneOk || !isCalendarDay(match[1], match[2], match[3])) {
    throw new RangeError(
      `${path}: a date and time (YYYY-MM-DDThh:mm:ss) expected, not ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

function isCalendarDay(year = '', month = '', day = ''): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  // XML Schema 1.0 has no year 0 (xmllint refuses it), though the server's parser reads one.
  if (y === 0 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}
