import {
  PRESENCE_STATUSES,
  SECTORS,
  SORT_CRITERIA,
  SORT_DIRECTIONS,
  VALIDATION_REMARKS,
  type CancelPresenceRequest,
  type PresenceRegistrationSubmit,
  type SoapRequest,
} from './messages.js';
import { searchRequestChildren, type SearchValueWriting } from './search-request-writer.js';
import { NOT_XML_CHAR } from './xml-characters.js';
import {
  batchOf,
  operationEnvelope,
  presentChildren,
  type EnvelopeWriting,
  type XmlChildren,
} from './xml-writer.js';

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
        PresenceRegistrationRequest: batchOf(request.items, 'request').map((item, i) =>
          submitted(item, `PresenceRegistrationRequest[${i + 1}]`),
        ),
      });
    case 'cancelPresences':
      return operation('CancelPresencesRequest', {
        CancelPresenceRequest: batchOf(request.items, 'request').map((item, i) =>
          cancelRequest(item, `CancelPresenceRequest[${i + 1}]`),
        ),
      });
    case 'searchPresences':
      return operation('SearchPresencesRequest', {
        SearchPresenceRequest: searchRequestChildren(
          request.criteria,
          request.pagination,
          request.sorting,
          CHECKED_SEARCH_VALUES,
        ),
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

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DATE_TIME =
  /^(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-]([0-9]{2}):([0-9]{2}))?$/;

/** A request's values must arrive as sent: a carriage return is written as a reference. */
const REQUEST_WRITING: EnvelopeWriting = { carriageReturnsAsReferences: true };

/** The request element of an operation, in the service's namespace with its direct children. */
function operation(
  name: string,
  children: Readonly<Record<string, XmlChildren | readonly XmlChildren[]>>,
): string {
  return operationEnvelope(name, children, REQUEST_WRITING);
}

function submitted(item: PresenceRegistrationSubmit, path: string): XmlChildren {
  return presentChildren([
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

function cancelRequest(item: CancelPresenceRequest, path: string): XmlChildren {
  return {
    PresenceRegistrationId: registrationId(item.presenceRegistrationId, `${path}/PresenceRegistrationId`),
    CancellationReason: text(item.cancellationReason, 15, `${path}/CancellationReason`),
  };
}

/** A search's values, each checked against its simple type. */
const CHECKED_SEARCH_VALUES: SearchValueWriting = {
  inss,
  companyId,
  workPlaceId: (value, path) => text(value, 13, path),
  status: (value, path) => oneOf(value, PRESENCE_STATUSES, path),
  remark: (value, path) => oneOf(value, VALIDATION_REMARKS, path),
  date,
  dateTime,
  sector: (value, path) => oneOf(value, SECTORS, path).toString(),
  sortDirection: (value, path) => oneOf(value, SORT_DIRECTIONS, path),
  sortCriterion: (value, path) => oneOf(value, SORT_CRITERIA, path),
};

// ------------------------------------------------------------------------------------------------------
// Values: each checked against its simple type in the XSD, since a request is never cut to fit.

function optional(value: string | undefined, write: (value: string) => string): string | undefined {
  return value === undefined ? undefined : write(value);
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
