/**
 * Every failure the registry reports, with a stable code. Codes never change once published; messages may.
 * The HTTP status of each code is decided in one place at the edge (`src/http/error-status.ts`).
 */
export const ERROR_CODES = [
  // Request shape (checked against the published schemas)
  'REQUEST_INVALID',
  'FIELD_REQUIRED',
  'FIELD_UNKNOWN',
  'FIELD_TYPE',
  'FIELD_LENGTH',
  'FIELD_VALUE',
  'FIELD_FORMAT',
  'TOO_FEW_ITEMS',
  'TOO_MANY_ITEMS',
  'BODY_MALFORMED',
  'BODY_TOO_LARGE',
  'MEDIA_TYPE_UNSUPPORTED',
  'URL_TOO_LONG',
  'HEADERS_TOO_LARGE',
  'REQUEST_TIMEOUT',
  // Identifiers
  'NISS_FORMAT',
  'NISS_LENGTH',
  'NISS_CHECK_DIGITS',
  'NISS_BIRTH_DATE',
  'ENTERPRISE_NUMBER_FORMAT',
  'ENTERPRISE_NUMBER_LENGTH',
  'ENTERPRISE_NUMBER_CHECK_DIGITS',
  'LIMOSA_FORMAT',
  'LIMOSA_LENGTH',
  'WORKER_IDENTIFIER_MISSING',
  'WORKER_IDENTIFIER_AMBIGUOUS',
  'WORKPLACE_ID_FORMAT',
  'RECEIPT_NUMBER_FORMAT',
  'RECEIPT_NUMBER_CHECK_CHARACTER',
  'REGISTRATION_ID_FORMAT',
  'REGISTRATION_ID_CHECK_DIGITS',
  'CLIENT_REFERENCE_FORMAT',
  'POSTAL_CODE_FORMAT',
  'TEXT_BLANK',
  'TEXT_CONTROL_CHARACTER',
  'TEXT_ENCODING',
  // Dates
  'DATE_FORMAT',
  'DATE_INVALID',
  'DATE_IN_PAST',
  'DATE_TOO_FAR',
  'DATE_RANGE_INVALID',
  'DATE_RANGE_TOO_LONG',
  'DATE_OUTSIDE_WORKPLACE_PERIOD',
  'INSTANT_INVALID',
  // Workplaces and the contractor chain
  'WORKPLACE_NOT_FOUND',
  'WORKPLACE_EXISTS',
  'WORKPLACE_PERIOD_INVALID',
  'DECLARANT_NOT_SELF',
  'CONTRACTOR_PARENT_NOT_IN_CHAIN',
  'CONTRACTOR_PARENT_NOT_SELF',
  'CONTRACTOR_IS_DECLARANT',
  'CONTRACTOR_CYCLE',
  'CONTRACTOR_ALREADY_IN_CHAIN',
  'EMPLOYER_NOT_IN_CHAIN',
  'EMPLOYER_NOT_BELOW_SENDER',
  // Presences
  'PRESENCE_NOT_FOUND',
  'ALREADY_CANCELLED',
  'CANCEL_DATE_IN_PAST',
  'CANCEL_NOT_ALLOWED',
  'CLIENT_REFERENCE_CONFLICT',
  'CURSOR_INVALID',
  'RETENTION_NOT_REACHED',
  'SEARCH_FILTER_REQUIRED',
  // Mandates
  'MANDATE_NOT_FOUND',
  'MANDATE_SELF',
  // The emergency procedure
  'ORIGIN_UNKNOWN',
  'CLAIM_OUTSIDE_DAY',
  'REFERENCE_NUMBER_FORMAT',
  'REFERENCE_NUMBER_CHECK_CHARACTER',
  'REFERENCE_NOT_FOUND',
  'REFERENCE_MISMATCH',
  'INCIDENT_NOT_FOUND',
  'INCIDENT_BUSY',
  'PAPER_LISTING_NOT_FOUND',
  'PAPER_LISTING_DATE_TOO_FAR',
  'ROSTER_DUPLICATE_WORKER',
  'EVENT_TYPE_UNKNOWN',
  // The reference registers an administrator loads (employment and Limosa declarations)
  'DECLARATION_DUPLICATE',
  'REGISTER_LINES_REFUSED',
  // Keys and roles
  'AUTHENTICATION_REQUIRED',
  'API_KEY_INVALID',
  'ROLE_FORBIDDEN',
  'ENTERPRISE_REQUIRED_FOR_ROLE',
  'ENTERPRISE_NOT_ALLOWED_FOR_ROLE',
  'API_KEY_NOT_FOUND',
  'API_KEY_REVOKED',
  'API_KEY_REPLACED',
  'RATE_LIMITED',
  // Senders' X.509 certificates (the web service's WS-Security signatures)
  'CERTIFICATE_INVALID',
  'CERTIFICATE_PRIVATE_KEY',
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_KEY_TOO_WEAK',
  'CERTIFICATE_ALREADY_REGISTERED',
  'CERTIFICATE_NOT_FOUND',
  // People signing in to the web
  'SIGN_IN_FAILED',
  'USERNAME_TAKEN',
  'USER_NOT_FOUND',
  'CSRF_TOKEN_INVALID',
  'TOO_MANY_ATTEMPTS',
  // Generic
  'NOT_FOUND',
  'STORE_UNAVAILABLE',
  'INTERNAL',
] as const;

/** A stable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An expected failure: which rule was broken, on which field (a path such as `presences[3].worker.niss`). */
export interface DomainError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly field?: string;
}

/** Builds a domain error; `field` is omitted when the rule is not about one field. */
export function domainError(code: ErrorCode, message: string, field?: string): DomainError {
  return field === undefined ? { code, message } : { code, message, field };
}

/** Prefixes the field path of an error, e.g. `niss` under `presences[3].worker` gives `presences[3].worker.niss`. */
export function atField(error: DomainError, prefix: string): DomainError {
  const field = error.field === undefined || error.field === '' ? prefix : joinPath(prefix, error.field);
  return { ...error, field };
}

function joinPath(prefix: string, field: string): string {
  if (prefix === '') return field;
  return field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`;
}

/**
 * The codes that refuse a value for its data — its identifiers, its day, its workplace and employer, its
 * clientReference, a value's length or format — so that the same data sent again is refused the same way.
 *
 * Every other code is not about the data: the registry's own trouble (`INTERNAL`, `STORE_UNAVAILABLE`), the
 * caller's key or role, the request as a whole (its route, media type, body, size, number of items), and the
 * request's shape (a field missing, unknown, of another type): a sender that always builds its requests the same
 * way and meets one of those disagrees with the registry on the API, and every item it sends would be refused
 * alike. The site agent never sends again a capture refused with these codes alone; any other is sent again.
 */
export const DATA_ERROR_CODES = [
  'FIELD_LENGTH',
  'FIELD_VALUE',
  'FIELD_FORMAT',
  'NISS_FORMAT',
  'NISS_LENGTH',
  'NISS_CHECK_DIGITS',
  'NISS_BIRTH_DATE',
  'ENTERPRISE_NUMBER_FORMAT',
  'ENTERPRISE_NUMBER_LENGTH',
  'ENTERPRISE_NUMBER_CHECK_DIGITS',
  'LIMOSA_FORMAT',
  'LIMOSA_LENGTH',
  'WORKER_IDENTIFIER_MISSING',
  'WORKER_IDENTIFIER_AMBIGUOUS',
  'WORKPLACE_ID_FORMAT',
  'CLIENT_REFERENCE_FORMAT',
  'TEXT_BLANK',
  'TEXT_CONTROL_CHARACTER',
  'TEXT_ENCODING',
  'DATE_FORMAT',
  'DATE_INVALID',
  'DATE_IN_PAST',
  'DATE_TOO_FAR',
  'DATE_OUTSIDE_WORKPLACE_PERIOD',
  'WORKPLACE_NOT_FOUND',
  'EMPLOYER_NOT_IN_CHAIN',
  'EMPLOYER_NOT_BELOW_SENDER',
  'CLIENT_REFERENCE_CONFLICT',
] as const satisfies readonly ErrorCode[];

const DATA_ERRORS: ReadonlySet<string> = new Set<string>(DATA_ERROR_CODES);

/**
 * Whether a code refuses a value for its data ({@link DATA_ERROR_CODES}). Takes any text, as a reply of another
 * program gives it: a code this registry does not know (a newer one's) is not a data error.
 *
 * @example
 * isDataError('NISS_CHECK_DIGITS'); // true: the same number is refused again
 * isDataError('STORE_UNAVAILABLE'); // false: the registry's own trouble, worth another try
 */
export function isDataError(code: string): boolean {
  return DATA_ERRORS.has(code);
}
