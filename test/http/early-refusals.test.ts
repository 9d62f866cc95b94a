import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/http/error-status.js';
import { DATABASES } from '../support/databases.js';
import { parseRawReply, rawExchange } from '../support/raw-http.js';
import { TestRegistry, type Caller } from '../support/registry.js';

/**
 * Requests refused before any route or hook hears them — by Fastify (a malformed address, a path parameter too
 * long) or by Node's HTTP parser (headers too large, bytes that are not HTTP) — are answered like every other
 * refusal of the API: `{ error: { code, message } }` with the status of the code, and the API's security headers
 * (never cached, never sniffed, never a page to frame or run scripts in).
 */

/** The security headers of every API reply. */
const SECURITY_HEADERS = [
  'cache-control',
  'x-content-type-options',
  'content-security-policy',
  'x-frame-options',
  'referrer-policy',
  'cross-origin-resource-policy',
];

describe('requests refused before any route hears them', () => {
  let registry: TestRegistry;
  let company: Caller;
  let port: number;
  /** The security headers of an ordinary API refusal, which every early one must carry too. */
  let expected: Record<string, string>;

  beforeAll(async () => {
    registry = await TestRegistry.open(DATABASES[0]!);
    company = await registry.newCompany();
    const address = await registry.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(address).port);
    const ordinary = await company.get('/api/v1/no-such-call');
    expected = Object.fromEntries(SECURITY_HEADERS.map((name) => [name, String(ordinary.raw.headers[name])]));
    expect(expected['cache-control']).toBe('no-store');
  });
  afterAll(async () => {
    await registry.close();
  });

  /** The reply is the API's refusal with `code`: its status, its shape, its security headers. */
  const expectApiRefusal = (
    status: number,
    headers: Readonly<Record<string, unknown>>,
    body: string,
    code: string,
  ): void => {
    const about = `${status} ${JSON.stringify(headers)} ${body.slice(0, 300)}`;
    expect(status, about).toBe(ERROR_STATUS[code as keyof typeof ERROR_STATUS]);
    expect(String(headers['content-type']), about).toMatch(/^application\/json/);
    expect(JSON.parse(body), about).toEqual({ error: { code, message: expect.any(String) } });
    for (const name of SECURITY_HEADERS) expect(headers[name], `${name}: ${about}`).toBe(expected[name]);
  };

  it.each([
    ['a broken percent-encoding', '/api/v1/presences/%E0%A4%A', 'REQUEST_INVALID'],
    ['an escape that is no character', '/api/v1/workplaces/%ZZ', 'REQUEST_INVALID'],
    ['a path parameter longer than any id', `/api/v1/workplaces/${'x'.repeat(101)}`, 'URL_TOO_LONG'],
  ])('answers %s like any refusal of the API, with its headers', async (_what, url, code) => {
    const reply = await company.get(url);
    expectApiRefusal(reply.status, reply.raw.headers, reply.raw.body, code);
  });

  it.each([
    [
      'headers over 16 KiB',
      `GET /api/v1/status HTTP/1.1\r\nHost: registry\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
      'HEADERS_TOO_LARGE',
    ],
    [
      'an address over 16 KiB',
      `GET /api/v1/status?x=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: registry\r\n\r\n`,
      'HEADERS_TOO_LARGE',
    ],
    [
      'a header line without a colon',
      'GET /api/v1/status HTTP/1.1\r\nHost registry\r\n\r\n',
      'REQUEST_INVALID',
    ],
    ['a request line that is not HTTP', 'HELLO REGISTRY\r\n\r\n', 'REQUEST_INVALID'],
    [
      'a Content-Length that is not a number',
      'POST /api/v1/presences HTTP/1.1\r\nHost: registry\r\nContent-Length: abc\r\n\r\n{}',
      'REQUEST_INVALID',
    ],
  ])(
    "answers %s, refused by Node's parser, in the API's shape with its headers, and closes the connection",
    async (_what, request, code) => {
      const exchange = await rawExchange(port, { send: request, waitMs: 10_000 });
      const reply = parseRawReply(exchange.received);
      expect(reply, exchange.received.slice(0, 300)).toBeDefined();
      expectApiRefusal(reply?.status ?? 0, reply?.headers ?? {}, reply?.body ?? '', code);
      expect(exchange.closedAfterMs, 'the connection was left open').toBeDefined();
    },
  );
});
