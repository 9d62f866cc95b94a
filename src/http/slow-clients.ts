import type { ServerOptions } from 'node:http';

/** How long a request may take to arrive, headers and body, unless said otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** How long a client may take to send its request. */
export interface SlowClientSettings {
  /**
   * How long a request may take to arrive, its headers and its body, before its connection is closed with a 408
   * ({@link DEFAULT_REQUEST_TIMEOUT_MS} unless said). A connection that sends nothing is closed after as long.
   */
  readonly requestTimeoutMs?: number;
}

/**
 * Fastify's options that close the connection of a client sending its request too slowly — headers or body
 * trickling or stalled, or nothing at all — at `requestTimeoutMs`, give or take a second.
 *
 * Fastify's own `requestTimeout` is set on a Node server made with the defaults: its headers timeout (60 s) is then
 * longer than the request timeout, and Node takes the longer of the two as the request's deadline and looks for
 * requests past theirs every 30 s, so a stalled body held its connection for up to 90 s. Given to the server as it
 * is made, the timeouts agree and are checked every second at most.
 */
export function slowClientOptions(settings: SlowClientSettings): {
  readonly requestTimeout: number;
  readonly http: ServerOptions;
} {
  const timeout = settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (!Number.isSafeInteger(timeout) || timeout <= 0)
    throw new RangeError(`The request timeout must be a positive number of milliseconds: ${timeout}.`);
  return {
    requestTimeout: timeout,
    http: {
      requestTimeout: timeout,
      headersTimeout: timeout,
      connectionsCheckingInterval: Math.max(1, Math.min(1_000, Math.floor(timeout / 4))),
    },
  };
}
