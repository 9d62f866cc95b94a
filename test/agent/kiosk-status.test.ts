import { describe, expect, it } from 'vitest';
import { kioskStatus } from '../../src/agent/kiosk/kiosk-refusal.js';
import type { ErrorCode } from '../../src/domain/errors.js';
import { ERROR_STATUS } from '../../src/http/error-status.js';

/**
 * Every code the kiosk endpoint refuses with: what was read at the gate (a number, a badge, an employer), the
 * body, the route, the kiosk token, and its own trouble.
 */
const KIOSK_CODES: readonly ErrorCode[] = [
  'NISS_FORMAT',
  'NISS_LENGTH',
  'NISS_CHECK_DIGITS',
  'NISS_BIRTH_DATE',
  'LIMOSA_FORMAT',
  'LIMOSA_LENGTH',
  'ENTERPRISE_NUMBER_FORMAT',
  'ENTERPRISE_NUMBER_LENGTH',
  'ENTERPRISE_NUMBER_CHECK_DIGITS',
  'TEXT_BLANK',
  'TEXT_CONTROL_CHARACTER',
  'FIELD_REQUIRED',
  'FIELD_UNKNOWN',
  'FIELD_TYPE',
  'FIELD_LENGTH',
  'FIELD_FORMAT',
  'REQUEST_INVALID',
  'BODY_MALFORMED',
  'BODY_TOO_LARGE',
  'MEDIA_TYPE_UNSUPPORTED',
  'NOT_FOUND',
  'AUTHENTICATION_REQUIRED',
  'API_KEY_INVALID',
  'INTERNAL',
];

describe("the kiosk endpoint's statuses", () => {
  it.each(KIOSK_CODES)('answer %s as the registry does', (code) => {
    expect(kioskStatus(code)).toBe(ERROR_STATUS[code]);
  });
});
