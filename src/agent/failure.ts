/**
 * Why the site agent could not hand its registrations to the registry. Every failed attempt is classified and
 * journaled, because that record is the evidence of why registration was impossible. Pure: no I/O, and the
 * clock is an argument.
 */

/** Every class of failure, from the line up to the registry's answer. */
export const FAILURE_CLASSES = [
  /** DNS: ENOTFOUND, EAI_AGAIN, or any other error of a name look-up. */
  'NAME_RESOLUTION',
  /** ECONNREFUSED: nothing listens at the registry's address, or something on the way says so. */
  'CONNECTION_REFUSED',
  /** ECONNRESET, EPIPE, the socket closed mid-reply (UND_ERR_SOCKET). */
  'CONNECTION_RESET',
  /** ETIMEDOUT, undici's connect/headers/body timeouts, an aborted request (AbortSignal.timeout), HTTP 408. */
  'TIMEOUT',
  /** ENETUNREACH, EHOSTUNREACH, ENETDOWN: no route. */
  'NETWORK_UNREACHABLE',
  /** Certificates and handshakes: CERT_*, ERR_TLS_*, ERR_SSL_*, the self-signed and unverifiable chains, EPROTO. */
  'TLS',
  /** HTTP 5xx other than 503. */
  'REGISTRY_ERROR',
  /** HTTP 503. */
  'REGISTRY_MAINTENANCE',
  /** HTTP 429. */
  'RATE_LIMITED',
  /** HTTP 401 or 403: the agent's own key was refused. */
  'KEY_REFUSED',
  /** Any other 4xx: the registry refused the request as a whole (400, 404, 413, 415, 422…). */
  'REQUEST_REFUSED',
  /** An answer the agent cannot use: a 2xx without the JSON expected, a redirect, a reply that is not HTTP. */
  'BAD_REPLY',
  /** Anything else. */
  'UNKNOWN',
] as const;

/** One of {@link FAILURE_CLASSES}. */
export type FailureClass = (typeof FAILURE_CLASSES)[number];

/**
 * Where a fault is: 'LINE' (the site's connection), 'REGISTRY', 'AGENT' (its own key or request), or 'UNKNOWN'.
 */
export type FaultSide = 'LINE' | 'REGISTRY' | 'AGENT' | 'UNKNOWN';

/**
 * How soon another try is worth it: 'SOON' (the usual backoff: the fault is usually transient) or 'SLOW' (a
 * long interval, minutes: most likely a person has to act first — restore the key, renew a certificate, log the
 * line in past a captive portal — but nothing on the agent's side must change, so it keeps trying).
 */
export type RetryPace = 'SOON' | 'SLOW';

/**
 * Whether the forwarder should send the same request again by itself. Not retryable means the same request
 * will be refused the same way: it must change (split a batch too large, fix a malformed one, the registry's
 * address) before it is sent again.
 */
export type RetryAdvice =
  { readonly retryable: true; readonly pace: RetryPace } | { readonly retryable: false };

/** A failed attempt, classified: what is journaled as the evidence of why registration was impossible. */
export type ClassifiedFailure = RetryAdvice & {
  readonly class: FailureClass;
  /**
   * Short and human: "connect ECONNREFUSED 127.0.0.1:8080", "HTTP 503 Service Unavailable: registry
   * maintenance". Never the API key or the request's body: URL credentials and query strings, quoted values
   * and bearer tokens in error messages are redacted, and so is every secret passed in {@link RedactionOptions}.
   */
  readonly detail: string;
  /** What the registry asked for with Retry-After (seconds or an HTTP date), in milliseconds, capped at 1 hour. */
  readonly retryAfterMs?: number;
  /**
   * The HTTP status, when the failure is an answer (a 413 says the batch was too large, and a smaller one may
   * pass; a 400 that the batch as sent was refused).
   */
  readonly status?: number;
  /**
   * Where the fault most likely is, before probing: 'REGISTRY' when the registry answered with an error (5xx,
   * 503, 429), 'AGENT' when it refused the agent's key or request, 'UNKNOWN' when it did not answer at all or
   * answered unusably (DNS, refused, reset, timeout, unreachable, TLS, bad reply): {@link locateOutage} decides
   * those with a probe.
   */
  readonly side: FaultSide;
};

/**
 * What the probe of a second target (a well-known site, the operator's gateway) says, to tell "our line is down"
 * from "the registry is down": 'REACHABLE' when it gave the answer of a working site (an HTTP status below 500),
 * 'UNREACHABLE' when it gave none or another (a proxy's 502 or 504: the line beyond it is down).
 */
export type ProbeResult = 'REACHABLE' | 'UNREACHABLE' | 'NOT_CONFIGURED';

/** Values that must never appear in a failure's detail, whatever an error message says. */
export interface RedactionOptions {
  /** The API key, say. Empty strings are ignored. */
  readonly secrets?: readonly string[];
}

/** Longest delay taken from a Retry-After header. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** Longest detail kept; longer ones are cut with an ellipsis. */
export const MAX_DETAIL_LENGTH = 300;

interface Traits {
  readonly side: FaultSide;
  readonly retry: RetryAdvice;
  /**
   * How far the attempt got before it failed, to pick among several errors (the addresses tried one after
   * another by happy eyeballs): the one that got farthest says most.
   */
  readonly progress: number;
}

const SOON: RetryAdvice = { retryable: true, pace: 'SOON' };
const SLOW: RetryAdvice = { retryable: true, pace: 'SLOW' };
const NEVER: RetryAdvice = { retryable: false };

const TRAITS: { readonly [C in FailureClass]: Traits } = {
  NAME_RESOLUTION: { side: 'UNKNOWN', retry: SOON, progress: 1 },
  NETWORK_UNREACHABLE: { side: 'UNKNOWN', retry: SOON, progress: 2 },
  TIMEOUT: { side: 'UNKNOWN', retry: SOON, progress: 3 },
  CONNECTION_REFUSED: { side: 'UNKNOWN', retry: SOON, progress: 4 },
  CONNECTION_RESET: { side: 'UNKNOWN', retry: SOON, progress: 5 },
  TLS: { side: 'UNKNOWN', retry: SLOW, progress: 6 },
  BAD_REPLY: { side: 'UNKNOWN', retry: SLOW, progress: 7 },
  REGISTRY_ERROR: { side: 'REGISTRY', retry: SOON, progress: 8 },
  REGISTRY_MAINTENANCE: { side: 'REGISTRY', retry: SOON, progress: 8 },
  RATE_LIMITED: { side: 'REGISTRY', retry: SOON, progress: 8 },
  KEY_REFUSED: { side: 'AGENT', retry: SLOW, progress: 8 },
  REQUEST_REFUSED: { side: 'AGENT', retry: NEVER, progress: 8 },
  UNKNOWN: { side: 'UNKNOWN', retry: SLOW, progress: 0 },
};

function classified(
  cls: FailureClass,
  detail: string,
  options: RedactionOptions | undefined,
  answer?: { readonly status: number; readonly retryAfterMs: number | undefined },
): ClassifiedFailure {
  const { side, retry } = TRAITS[cls];
  const retryAfterMs = answer?.retryAfterMs;
  return {
    class: cls,
    detail: redact(detail, options?.secrets ?? []),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(answer === undefined ? {} : { status: answer.status }),
    side,
    ...retry,
  };
}

/**
 * Classifies what `fetch` (or reading its body) threw. Walks the `cause` chain (fetch wraps everything in
 * `TypeError('fetch failed', { cause })`, a body cut short in `TypeError('terminated', { cause })`) and the
 * `errors` of an AggregateError (one per address tried), and reads DOMException names (TimeoutError from
 * `AbortSignal.timeout`, AbortError). When several errors are recognised, the one that got farthest wins and
 * the others follow it in the detail. A SyntaxError (from `response.json()`) is a BAD_REPLY.
 *
 * @example
 * try { await fetch(url) } catch (error) { journal(classifyError(error, { secrets: [key] })) }
 */
export function classifyError(error: unknown, options?: RedactionOptions): ClassifiedFailure {
  const recognised: { readonly cls: FailureClass; readonly detail: string }[] = [];
  for (const link of links(error)) {
    if (nonEmptyArray(field(link.error, 'errors'))) continue; // a container: its errors speak for it
    const cls = classOf(link.error);
    if (cls === undefined) continue;
    const own =
      cls === 'BAD_REPLY' && isSyntaxError(link.error)
        ? 'the reply is not valid JSON'
        : ownDetail(link.error);
    recognised.push({ cls, detail: [...link.context, own].join(': ') });
  }
  if (recognised.length === 0) return classified('UNKNOWN', unknownDetail(error), options);
  // Stable sort: among equals, the first found (the outermost) comes first.
  const ranked = [...recognised].sort((a, b) => TRAITS[b.cls].progress - TRAITS[a.cls].progress);
  const details = [...new Set(ranked.map((r) => r.detail))];
  const first = ranked[0];
  return classified(first?.cls ?? 'UNKNOWN', details.join('; '), options);
}

/**
 * Classifies the registry's HTTP answer; undefined for a 2xx (whose body may still be a {@link badReply}).
 * Retry-After is read on every answer worth retrying (503 and 429 above all), relative to `now`.
 *
 * @example
 * const failed = classifyResponse(response.status, response.statusText, response.headers, clock.now());
 */
export function classifyResponse(
  status: number,
  statusText: string,
  headers: { get(name: string): string | null },
  now: Date,
  options?: RedactionOptions,
): ClassifiedFailure | undefined {
  if (status >= 200 && status <= 299) return undefined;
  const [cls, gloss] = statusClass(status);
  const retryAfterMs = TRAITS[cls].retry.retryable
    ? parseRetryAfter(headers.get('retry-after'), now)
    : undefined;
  const text = statusText.replace(/\p{Cc}+/gu, ' ').trim();
  const after = retryAfterMs === undefined ? '' : `, retry after ${Math.ceil(retryAfterMs / 1000)} s`;
  return classified(cls, `HTTP ${status}${text === '' ? '' : ` ${text}`}: ${gloss}${after}`, options, {
    status,
    retryAfterMs,
  });
}

function statusClass(status: number): readonly [FailureClass, string] {
  if (status === 503) return ['REGISTRY_MAINTENANCE', 'registry maintenance'];
  if (status >= 500 && status <= 599) return ['REGISTRY_ERROR', 'registry error'];
  if (status === 429) return ['RATE_LIMITED', 'rate limited by the registry'];
  if (status === 401 || status === 403) return ['KEY_REFUSED', "the agent's key was refused"];
  if (status === 408) return ['TIMEOUT', 'the registry timed out waiting for the request'];
  if (status >= 400 && status <= 499) return ['REQUEST_REFUSED', 'the registry refused the request'];
  if (status >= 300 && status <= 399) return ['BAD_REPLY', 'unexpected redirect'];
  return ['BAD_REPLY', 'unexpected status'];
}

/**
 * A 2xx whose body is not what the API promises (not JSON, no results, the wrong number of them).
 * `reason` says what was wrong, in the agent's words: never quote the request.
 */
export function badReply(reason: string, options?: RedactionOptions): ClassifiedFailure {
  return classified('BAD_REPLY', reason, options);
}

/**
 * A Retry-After header in milliseconds from `now`: delay-seconds or an HTTP date (a date past gives 0), capped
 * at {@link MAX_RETRY_AFTER_MS}; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // Every HTTP-date form names its month; this keeps Date.parse's leniency ("1", "-5") out.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  // asctime dates carry no zone, and Date.parse would read them as local time: HTTP dates are all GMT.
  const at = Date.parse(/\b(GMT|UTC)\b/i.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(at - now.getTime(), 0), MAX_RETRY_AFTER_MS);
}

/**
 * Where the outage is, from a classified failure and the probe of a second target.
 *
 * - The registry answered (5xx, 503, 429; its refusal of the key or the request): the failure says where
 *   itself, 'REGISTRY' or 'AGENT', whatever the probe says.
 * - The probe fails too: 'LINE', the site's connection.
 * - No answer from the registry (its name, the route to it, the connection, a timeout) while the probe answers:
 *   'REGISTRY', for the line carries other traffic.
 * - A TLS failure or a bad reply (not HTTP, not the JSON expected, a redirect) while the probe answers:
 *   'UNKNOWN'. These are what a device on the site's line does — a captive portal answers every address, the
 *   registry's too, with its login page or a redirect to it; a middlebox that inspects TLS presents its own
 *   certificate — and such a device answers the probe just as well: its answer may be the very one the probe
 *   got. They may as well be the registry's own (an expired certificate, a broken release): the probe cannot
 *   tell the two apart, so neither is blamed. When the probe fails too, the line is down anyway: 'LINE'.
 * - An unrecognised error while the probe answers: 'UNKNOWN' (it may be the agent's own); without a probe
 *   configured, whatever failed: 'UNKNOWN'.
 */
export function locateOutage(failure: ClassifiedFailure, probe: ProbeResult): FaultSide {
  switch (failure.side) {
    case 'LINE':
    case 'REGISTRY':
    case 'AGENT':
      return failure.side;
    case 'UNKNOWN':
      switch (probe) {
        case 'UNREACHABLE':
          return 'LINE';
        case 'REACHABLE':
          return ON_THE_WAY_OR_OWN.has(failure.class) ? 'UNKNOWN' : 'REGISTRY';
        case 'NOT_CONFIGURED':
          return 'UNKNOWN';
      }
  }
}

/** Failures that a probe answering does not place at the registry: see {@link locateOutage}. */
const ON_THE_WAY_OR_OWN: ReadonlySet<FailureClass> = new Set<FailureClass>(['TLS', 'BAD_REPLY', 'UNKNOWN']);

// ---- recognising errors -------------------------------------------------------------------------------

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

function classOf(error: unknown): FailureClass | undefined {
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

function isSyntaxError(error: unknown): boolean {
  return stringField(error, 'name') === 'SyntaxError' && stringField(error, 'code') === undefined;
}

/** An error in the graph under a thrown value, with the messages of the errors wrapping it. */
interface Link {
  readonly error: unknown;
  readonly context: readonly string[];
}

/** Messages that only say "something below failed". */
const EMPTY_WRAPPERS = new Set(['', 'fetch failed']);

/** Breadth first, outermost first; cycles and absurd depths are cut. */
function links(root: unknown): Link[] {
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
function ownDetail(error: unknown): string {
  const message = tidy(stringField(error, 'message') ?? '');
  const tag = stringField(error, 'code') ?? stringField(error, 'name');
  if (tag === undefined || tag === 'Error' || message.includes(tag))
    return message === '' ? 'no message' : message;
  return message === '' ? tag : `${message} (${tag})`;
}

/** The whole chain, outermost first, when nothing in it was recognised. */
function unknownDetail(error: unknown): string {
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

function field(value: unknown, key: string): unknown {
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

function nonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

// ---- redaction ----------------------------------------------------------------------------------------

const REDACTED = '[redacted]';
const WITHHELD = [`[detail withheld: it contained a secret]`, ''];

/**
 * What an error message may carry of the request, in patterns: URL credentials and query strings (undici
 * quotes a URL with credentials whole), double-quoted values (Headers quotes an invalid header value, which
 * may be the key; JSON.parse quotes the body it choked on), and credentials after an auth scheme.
 */
const PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi, `$1${REDACTED}@`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#]*)\?[^\s#]*/gi, `$1?${REDACTED}`],
  [/"[^"]*"/g, `"${REDACTED}"`],
  [/\b(Bearer|Basic|Digest|Token|ApiKey)\s+\S+/gi, `$1 ${REDACTED}`],
];

function redact(detail: string, secrets: readonly string[]): string {
  let text = detail;
  for (const [pattern, replacement] of PATTERNS) text = text.replace(pattern, replacement);
  const real = secrets.filter((secret) => secret !== '');
  for (const secret of real) text = text.split(secret).join(REDACTED);
  if (text.length > MAX_DETAIL_LENGTH) text = `${text.slice(0, MAX_DETAIL_LENGTH - 1)}…`;
  // The replacement, or the cut, may have formed a secret anew ("d]" is in "[redacted]"): then say less.
  for (const candidate of [text, ...WITHHELD])
    if (!real.some((secret) => candidate.includes(secret))) return candidate;
  return '';
}
