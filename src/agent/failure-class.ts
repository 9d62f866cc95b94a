/** Every class of failure, from the line up to the registry's answer: what the agent journals of a failed attempt. */
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
