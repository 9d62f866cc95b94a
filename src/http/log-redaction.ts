import type { FastifyServerOptions } from 'fastify';

/** What stands in for a value that is never logged. */
const CENSOR = '[redacted]';

/** Names of fields that hold a secret, a body or a national number, wherever they are met. */
const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'password',
  'key',
  'apiKey',
  'token',
  'niss',
  'body',
  'payload',
];

/**
 * Fields never written to the log: the request's headers that carry API keys, session tokens and cookies, and
 * the cookies a reply sets; what an error may carry of a request or of a row — `rawPacket` (the raw bytes Node
 * keeps of a malformed request, its headers and query string included), a body, PostgreSQL's `detail` (the
 * failing row, names and numbers in it); and any field named after a secret, a body or a NISS, at the top or
 * one level down.
 */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.query',
  'req.body',
  'res.headers["set-cookie"]',
  'headers["set-cookie"]',
  'err.rawPacket',
  'err.detail',
  'err.headers',
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
];

/** A national number as people write it: 11 digits, maybe grouped by dots, dashes or spaces (85.07.30-033.28). */
const NISS_LIKE = /(?<!\d)\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?\d{3}[ .-]?\d{2}(?!\d)/g;
/** An API key (`sp_` and its random part). */
const API_KEY = /sp_[A-Za-z0-9_-]{16,}/g;
/** What follows `Bearer`, whatever it is. */
const BEARER = /(bearer\s+)[^\s",;\\]+/gi;
/** The value of a session or form-token cookie, wherever a cookie string is quoted. */
const COOKIE_VALUE = /\b(sp_session|sp_csrf)=[^\s",;\\]*/g;

/**
 * The last guard, on each line as it is written: whatever the paths above missed (an error's message quoting a
 * value, a URL with a query string), a NISS in any of its spellings, an API key, a bearer token or a session
 * cookie is masked. A number of 11 digits that is not a NISS is masked too: a log loses nothing by it.
 */
export function scrubLogLine(line: string): string {
  return line
    .replace(NISS_LIKE, '[niss]')
    .replace(API_KEY, 'sp_[redacted]')
    .replace(BEARER, `$1${CENSOR}`)
    .replace(COOKIE_VALUE, `$1=${CENSOR}`);
}

/** A request in a log line: its method and path, never its query string (a search by NISS), headers or body. */
function requestInLog(req: { method: string; url: string }): { method: string; url: string } {
  return { method: req.method, url: req.url.split('?')[0] ?? '' };
}

/**
 * The server's logger (pino, JSON lines): at any level, no line holds a NISS, an API key, a session token, a
 * password or a cookie. Requests are not logged one by one (see `createApp`); errors are, without the request's
 * body, and every line passes {@link scrubLogLine} on its way out.
 */
export function redactingLogger(level: string): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    redact: { paths: [...REDACTED_PATHS], censor: CENSOR },
    serializers: { req: requestInLog },
    hooks: { streamWrite: scrubLogLine },
  };
}
