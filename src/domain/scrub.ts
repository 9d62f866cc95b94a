/**
 * What never goes into a log line or the audit trail, whatever field it hides in: a national number in any of its
 * spellings, an API key, a bearer token, a session or form-token cookie. One rule for both, so that they cannot
 * drift apart.
 */

/** What stands in for a value that is never written. */
export const CENSOR = '[redacted]';

/** A national number as people write it: 11 digits, maybe grouped by dots, dashes or spaces (85.07.30-033.28). */
const NISS_LIKE = /(?<!\d)\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{3}[ .-]?\d{2}(?!\d)/g;
/** An API key (`sp_` and its random part). */
const API_KEY = /sp_[A-Za-z0-9_-]{16,}/g;
/** What follows `Bearer`, whatever it is. */
const BEARER = /(bearer\s+)[^\s",;\\]+/gi;
/** The value of a session or form-token cookie, wherever a cookie string is quoted. */
const COOKIE_VALUE = /\b(sp_session|sp_csrf)=[^\s",;\\]*/g;

/**
 * Masks in a text a NISS in any of its spellings, an API key, a bearer token or a session cookie. A number of 11
 * digits that is not a NISS is masked too: a log or a trail loses nothing by it.
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(NISS_LIKE, '[niss]')
    .replace(API_KEY, 'sp_[redacted]')
    .replace(BEARER, `$1${CENSOR}`)
    .replace(COOKIE_VALUE, `$1=${CENSOR}`);
}
