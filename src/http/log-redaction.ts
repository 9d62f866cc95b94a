import type { FastifyServerOptions } from 'fastify';
import { CENSOR, scrubSecrets } from '../domain/scrub.js';

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

/** A request in a log line: its method and path, never its query string (a search by NISS), headers or body. */
function requestInLog(req: { method: string; url: string }): { method: string; url: string } {
  return { method: req.method, url: req.url.split('?')[0] ?? '' };
}

/**
 * The server's logger (pino, JSON lines): at any level, no line holds a NISS, an API key, a session token, a
 * password or a cookie. Requests are not logged one by one (see `createApp`); errors are, without the request's
 * body, and every line passes {@link scrubSecrets} on its way out (whatever the paths above missed: an error's
 * message quoting a value, a URL with a query string), the rule the audit trail's fields follow too.
 */
export function redactingLogger(level: string): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    redact: { paths: [...REDACTED_PATHS], censor: CENSOR },
    serializers: { req: requestInLog },
    hooks: { streamWrite: scrubSecrets },
  };
}
