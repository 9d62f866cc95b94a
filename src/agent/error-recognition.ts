/**
 * Recognising what `fetch` and the network throw: the graph of errors under a thrown value (`cause` chains, the
 * `errors` of an AggregateError), the class each error names by its code, system call or name, and a few words
 * for each. Pure: it reads the errors and changes nothing.
 */
import type { FailureClass } from './failure-class.js';

const DNS_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EAI_NODATA',
  'ENODATA',
  'ESERVFAIL',
]);
const REFUSED_CODES = new Set(['ECONNREFUSED']);
const RESET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_ABORTED',
]);
const UNREACHABLE_CODES = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'EADDRNOTAVAIL']);
const TLS_CODES = new Set([
  'EPROTO',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CRL_SIGNATURE_FAILURE',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'HOSTNAME_MISMATCH',
]);
const TLS_PREFIXES = ['CERT_', 'ERR_TLS_', 'ERR_SSL_', 'ERR_OSSL_'];

/**
 * The class of one error of the graph under a thrown value, by its code, its system call or its name; undefined
 * when nothing in it is recognised (a wrapper, or an error no class names).
 */
export function classOf(error: unknown): FailureClass | undefined {
  const code = stringField(error, 'code');
  const syscall = stringField(error, 'syscall');
  if (syscall === 'getaddrinfo' || syscall === 'getnameinfo' || syscall?.startsWith('query') === true)
    return 'NAME_RESOLUTION';
  if (code !== undefined) {
    if (DNS_CODES.has(code)) return 'NAME_RESOLUTION';
    if (REFUSED_CODES.has(code)) return 'CONNECTION_REFUSED';
    if (RESET_CODES.has(code)) return 'CONNECTION_RESET';
    if (TIMEOUT_CODES.has(code)) return 'TIMEOUT';
    if (UNREACHABLE_CODES.has(code)) return 'NETWORK_UNREACHABLE';
    if (TLS_CODES.has(code) || TLS_PREFIXES.some((prefix) => code.startsWith(prefix))) return 'TLS';
    if (code.startsWith('HPE_')) return 'BAD_REPLY'; // llhttp: the answer is not HTTP
  }
  const name = stringField(error, 'name');
  if (name === 'TimeoutError' || name === 'AbortError') return 'TIMEOUT';
  if (name === 'SyntaxError') return 'BAD_REPLY'; // response.json() on a body that is not JSON
  if (name === 'HTTPParserError') return 'BAD_REPLY'; // undici 7 loses the HPE_ code on the way
  return undefined;
}

/** A SyntaxError of JSON.parse (`response.json()`), not a parser's error that names itself so. */
export function isSyntaxError(error: unknown): boolean {
  return stringField(error, 'name') === 'SyntaxError' && stringField(error, 'code') === undefined;
}

/** An error in the graph under a thrown value, with the messages of the errors wrapping it. */
export interface Link {
  readonly error: unknown;
  readonly context: readonly string[];
}

/** Messages that only say "something below failed". */
const EMPTY_WRAPPERS = new Set(['', 'fetch failed']);

/** Breadth first, outermost first; cycles and absurd depths are cut. */
export function links(root: unknown): Link[] {
  const seen = new Set<unknown>();
  const out: Link[] = [];
  const queue: Link[] = [{ error: root, context: [] }];
  while (queue.length > 0 && out.length < 32) {
    const link = queue.shift();
    if (link === undefined || link.error === undefined || link.error === null || seen.has(link.error))
      continue;
    seen.add(link.error);
    out.push(link);
    const message = tidy(stringField(link.error, 'message') ?? '');
    const context = EMPTY_WRAPPERS.has(message) ? link.context : [...link.context, message];
    const children = field(link.error, 'errors');
    if (Array.isArray(children)) for (const child of children) queue.push({ error: child, context });
    queue.push({ error: field(link.error, 'cause'), context });
  }
  return out;
}

/**
 * One error in a few words: its message (OpenSSL's tidied to its reason), then its code, or for a
 * DOMException or an undici error class its name, unless the message already says it.
 */
export function ownDetail(error: unknown): string {
  const message = tidy(stringField(error, 'message') ?? '');
  const tag = stringField(error, 'code') ?? stringField(error, 'name');
  if (tag === undefined || tag === 'Error' || message.includes(tag))
    return message === '' ? 'no message' : message;
  return message === '' ? tag : `${message} (${tag})`;
}

/** The whole chain, outermost first, when nothing in it was recognised. */
export function unknownDetail(error: unknown): string {
  if (typeof error === 'string') return tidy(error);
  if (typeof error === 'number' || typeof error === 'bigint' || typeof error === 'boolean')
    return `${typeof error} thrown: ${String(error)}`;
  if (typeof error === 'symbol') return `symbol thrown: ${error.description ?? ''}`;
  if (error === undefined || error === null) return `${String(error)} thrown`;
  const chain = links(error).map((link) => ownDetail(link.error));
  return chain.length === 0 ? 'no error' : chain.join(': ');
}

/** OpenSSL's "80CC…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:file.c:350:" → its reason. */
const OPENSSL_MESSAGE = /^[0-9A-F]+:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):/;

function tidy(message: string): string {
  const reason = OPENSSL_MESSAGE.exec(message)?.[1] ?? message;
  return reason
    .replace(/\s+/g, ' ')
    .replace(/[\s:]+$/, '')
    .trim();
}

/** A property of a thrown value, if it is an object that has it (a throwing getter gives none). */
export function field(value: unknown, key: string): unknown {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined; // a throwing getter is no reason to lose the classification
  }
}

function stringField(value: unknown, key: string): string | undefined {
  const found = field(value, key);
  return typeof found === 'string' ? found : undefined;
}

/** Whether a value is an array with something in it (an AggregateError's `errors`). */
export function nonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}
