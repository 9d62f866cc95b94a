import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { parseRawReply, rawExchange, type RawExchange } from '../support/raw-http.js';
import { TestRegistry, type Caller } from '../support/registry.js';

/**
 * Slow clients over a real socket: a request whose headers or body trickle or stall, or a connection that sends
 * nothing, is closed with a 408 (in the API's shape) once the request timeout has passed (give or take the second Node takes to look),
 * not a minute or more later; a request that arrives within it is answered as usual. The timeout is the app's
 * setting, short here so that the test waits seconds, not half a minute; the margins are generous: this checks
 * that the setting holds, it measures nothing.
 */

const TIMEOUT_MS = 1_500;
/** Node looks for requests past their time every quarter of the timeout (a second at most): far less than this. */
const MARGIN_MS = 3_000;
/** How long a test waits before calling the connection held: long past the timeout and the margin. */
const WAIT_MS = TIMEOUT_MS + MARGIN_MS + 5_000;

describe('slow clients', () => {
  let registry: TestRegistry;
  let company: Caller;
  let port: number;

  beforeAll(async () => {
    registry = await TestRegistry.open(DATABASES[0]!, undefined, { requestTimeoutMs: TIMEOUT_MS });
    company = await registry.newCompany();
    const address = await registry.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(address).port);
  });
  afterAll(async () => {
    await registry.close();
  });

  const headers = (length: number): string =>
    'POST /api/v1/presences HTTP/1.1\r\nHost: registry\r\n' +
    `Authorization: Bearer ${company.key}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

  /** The connection was closed with a 408 once the timeout had passed, and not long after. */
  const expectTimedOut = (exchange: RawExchange): void => {
    const what = `${exchange.closedAfterMs ?? 'never'} ms: ${exchange.received.slice(0, 200)}`;
    expect(exchange.closedAfterMs, `the connection was still open after ${WAIT_MS} ms`).toBeDefined();
    expect(exchange.closedAfterMs, what).toBeGreaterThanOrEqual(TIMEOUT_MS * 0.9);
    expect(exchange.closedAfterMs, what).toBeLessThanOrEqual(TIMEOUT_MS + MARGIN_MS);
    const reply = parseRawReply(exchange.received);
    expect(reply?.status, what).toBe(408);
    expect(JSON.parse(reply?.body ?? ''), what).toMatchObject({ error: { code: 'REQUEST_TIMEOUT' } });
    expect(reply?.headers['cache-control'], what).toBe('no-store');
  };

  it('closes the connection of a body that stalls, with a 408, once the request timeout has passed', async () => {
    expectTimedOut(await rawExchange(port, { send: `${headers(100)}{"presences": [`, waitMs: WAIT_MS }));
  });

  it('closes the connection of a body that trickles a byte at a time', async () => {
    const trickle = { text: ' '.repeat(1_000), everyMs: 100 };
    expectTimedOut(await rawExchange(port, { send: headers(1_000), trickle, waitMs: WAIT_MS }));
  });

  it('closes the connection of headers that stall halfway', async () => {
    expectTimedOut(
      await rawExchange(port, { send: 'POST /api/v1/presences HTTP/1.1\r\nHost: reg', waitMs: WAIT_MS }),
    );
  });

  it('closes the connection of headers that trickle a byte at a time', async () => {
    const trickle = { text: `X-Slow: ${'s'.repeat(1_000)}`, everyMs: 100 };
    expectTimedOut(
      await rawExchange(port, { send: 'GET /api/v1/status HTTP/1.1\r\n', trickle, waitMs: WAIT_MS }),
    );
  });

  it('closes a connection that sends nothing at all', async () => {
    expectTimedOut(await rawExchange(port, { send: '', waitMs: WAIT_MS }));
  });

  it('answers a slow request that arrives within the timeout as usual', async () => {
    const body = JSON.stringify({ presences: [] });
    const exchange = await rawExchange(port, {
      send: headers(Buffer.byteLength(body)).replace('HTTP/1.1\r\n', 'HTTP/1.1\r\nConnection: close\r\n'),
      trickle: { text: body, everyMs: Math.floor(TIMEOUT_MS / 2 / body.length) },
      waitMs: WAIT_MS,
    });
    const reply = parseRawReply(exchange.received);
    expect(reply?.status, exchange.received).toBe(400);
    expect(JSON.parse(reply?.body ?? '')).toMatchObject({ error: { code: 'TOO_FEW_ITEMS' } });
  });
});
