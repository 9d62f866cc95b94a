/**
 * Why the site agent could not hand its registrations to the registry. Every failed attempt is classified and
 * journaled, because that record is the evidence of why registration was impossible. Pure: no I/O, and the
 * clock is an argument.
 */

import {
  classOf,
  field,
  isSyntaxError,
  links,
  nonEmptyArray,
  ownDetail,
  unknownDetail,
} from './error-recognition.js';
import type { FailureClass } from './failure-class.js';
import { redact, type RedactionOptions } from './redaction.js';
import { parseRetryAfter } from './retry-after.js';

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

/**
 * Whether the registry answering again (its status) ends the wait after this failure: the registry gave no answer
 * at all (its name, the route to it, the connection, a timeout: the line or the registry is away) and the
 * failure is one to retry soon. Not a failure a person must most likely act on (the key refused, TLS, a bad
 * reply: the registry answering fixes none of them), nor an answer of the registry's own (a 5xx, a 429, a 408:
 * it answered already), nor a wait it asked for with Retry-After.
 */
export function endsWhenAnswering(failure: ClassifiedFailure): boolean {
  return (
    failure.retryable &&
    failure.pace === 'SOON' &&
    failure.status === undefined &&
    failure.retryAfterMs === undefined
  );
}

/** Failures that a probe answering does not place at the registry: see {@link locateOutage}. */
const ON_THE_WAY_OR_OWN: ReadonlySet<FailureClass> = new Set<FailureClass>(['TLS', 'BAD_REPLY', 'UNKNOWN']);
