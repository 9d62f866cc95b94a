import { describe, expect, it } from 'vitest';
import { DATA_ERROR_CODES, ERROR_CODES, isDataError, type ErrorCode } from './errors.js';

describe('the data errors: refusals of a value that sending it again cannot change', () => {
  it('are codes of the registry, each listed once', () => {
    for (const code of DATA_ERROR_CODES) expect(ERROR_CODES).toContain(code);
    expect(new Set(DATA_ERROR_CODES).size).toBe(DATA_ERROR_CODES.length);
  });

  it.each<ErrorCode>([
    'NISS_CHECK_DIGITS',
    'ENTERPRISE_NUMBER_CHECK_DIGITS',
    'LIMOSA_FORMAT',
    'WORKER_IDENTIFIER_AMBIGUOUS',
    'CLIENT_REFERENCE_FORMAT',
    'CLIENT_REFERENCE_CONFLICT',
    'DATE_IN_PAST',
    'DATE_TOO_FAR',
    'DATE_OUTSIDE_WORKPLACE_PERIOD',
    'WORKPLACE_NOT_FOUND',
    'EMPLOYER_NOT_IN_CHAIN',
    'EMPLOYER_NOT_BELOW_SENDER',
    'FIELD_LENGTH',
    'FIELD_FORMAT',
    'TEXT_CONTROL_CHARACTER',
  ])('count %s: the value itself is refused', (code) => {
    expect(isDataError(code)).toBe(true);
  });

  it.each<[ErrorCode, string]>([
    ['INTERNAL', "the registry's own trouble"],
    ['STORE_UNAVAILABLE', "the registry's own trouble"],
    ['RATE_LIMITED', 'the pace of the caller'],
    ['API_KEY_INVALID', "the caller's key"],
    ['ROLE_FORBIDDEN', "the caller's role"],
    ['BODY_TOO_LARGE', 'the request as a whole'],
    ['TOO_MANY_ITEMS', 'the request as a whole'],
    ['MEDIA_TYPE_UNSUPPORTED', 'the request as a whole'],
    ['NOT_FOUND', 'the route'],
    ['FIELD_REQUIRED', "the request's shape: the sender and the registry disagree on the API"],
    ['FIELD_UNKNOWN', "the request's shape: the sender and the registry disagree on the API"],
    ['FIELD_TYPE', "the request's shape: the sender and the registry disagree on the API"],
  ])('do not count %s: it is about %s', (code) => {
    expect(isDataError(code)).toBe(false);
  });

  it('do not count a code this registry does not know (a newer one’s): better sent again than refused on a guess', () => {
    expect(isDataError('SOMETHING_NEWER')).toBe(false);
    expect(isDataError('')).toBe(false);
  });
});
