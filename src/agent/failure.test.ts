import { generateKeyPairSync, sign } from 'node:crypto';
import https from 'node:https';
import fc from 'fast-check';
import type { Agent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { answeringServer, closeServers, listen, rawServer } from '../../test/agent/local-servers.js';
import { freePort } from '../../test/support/postgres-cluster.js';
import { FAILURE_CLASSES, type FailureClass } from './failure-class.js';
import {
  badReply,
  classifyError,
  classifyResponse,
  endsWhenAnswering,
  locateOutage,
  type ClassifiedFailure,
  type ProbeResult,
} from './failure.js';
import { MAX_DETAIL_LENGTH } from './redaction.js';
import { MAX_RETRY_AFTER_MS } from './retry-after.js';

afterEach(closeServers);

// Node's fetch installs the dispatcher of its bundled undici when first used, and the undici package installs its
// own only where none is installed yet: touching Headers before importing the package keeps Node's fetch exactly
// as the agent runs it.
new Headers();
const undici = await import('undici');

/** The agent's key: sent with every request below, and looked for in every detail. */
const SECRET = 'sp_live_Zr8qN3vKx1WmT5yH';

// ---- a self-signed certificate, DER by hand (Ed25519, X.509 v1) ----------------------------------------

function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

const ED25519 = der(0x30, Buffer.from([0x06, 0x03, 0x2b, 0x65, 0x70]));
const commonName = (cn: string): Buffer =>
  der(0x30, der(0x31, der(0x30, Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]), der(0x0c, Buffer.from(cn)))));
const utcTime = (at: Date): Buffer =>
  der(
    0x17,
    Buffer.from(
      at.toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*$/, '$1$2$3$4$5$6Z'),
    ),
  );

/** A key and a self-signed certificate for `cn`, valid from `notBefore` to `notAfter`. */
function selfSigned(cn: string, notBefore: Date, notAfter: Date): { key: string; cert: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const tbs = der(
    0x30,
    der(0x02, Buffer.from([1])),
    ED25519,
    commonName(cn),
    der(0x30, utcTime(notBefore), utcTime(notAfter)),
    commonName(cn),
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const cert = der(0x30, tbs, ED25519, der(0x03, Buffer.from([0]), sign(null, tbs, privateKey)));
  const base64 = cert.toString('base64').replace(/.{64}/g, '$&\n');
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`,
  };
}

const DAY_MS = 86_400_000;

function tlsServer(certificate: { key: string; cert: string }): Promise<number> {
  const server = https.createServer(certificate, (_request, response) => response.end('{}'));
  server.on('tlsClientError', () => undefined); // the client hanging up on a bad certificate is the point
  return listen(server);
}

// ---- sending ------------------------------------------------------------------------------------------

/** A fetch, with the dispatcher its requests go through unless a test sets one. */
interface Engine {
  readonly name: string;
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  readonly dispatcher?: Agent;
}

/** The site agent runs on Node's own fetch. */
const NODE_FETCH: Engine = {
  name: `Node's own fetch (undici ${process.versions.undici ?? '?'})`,
  fetch: (url, init) => fetch(url, init),
};

/** The undici package: the fetch of the Node versions to come, whose errors differ in places. */
const UNDICI_FETCH: Engine = {
  name: "the undici package's fetch",
  fetch: undici.fetch as unknown as Engine['fetch'],
  dispatcher: new undici.Agent(),
};

const ENGINES = [NODE_FETCH, UNDICI_FETCH];

afterAll(async () => {
  await UNDICI_FETCH.dispatcher?.close();
});

interface SendOptions {
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
  /** undici's Agent, to set undici's own timeouts, TLS options or name look-up. */
  readonly dispatcher?: Agent;
}

/** Posts the way the registry client does: the key in Authorization, and in the body too for good measure. */
function send(engine: Engine, url: string, options: SendOptions = {}): Promise<Response> {
  const dispatcher = options.dispatcher ?? engine.dispatcher;
  return engine.fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({ key: SECRET, presences: [] }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(dispatcher === undefined ? {} : { dispatcher }),
  });
}

/** What `attempt` rejected with. */
async function rejection(attempt: Promise<unknown>): Promise<unknown> {
  try {
    await attempt;
  } catch (error) {
    return error;
  }
  throw new Error('the attempt was expected to fail');
}

/** The classified rejection of `attempt`, checking on the way that its detail does not show the key sent. */
async function failureOf(attempt: Promise<unknown>): Promise<ClassifiedFailure> {
  const failure = classifyError(await rejection(attempt));
  expect(failure.detail).not.toContain(SECRET);
  return failure;
}

/** A Node system error as libuv's errors are built (`connect ECONNREFUSED 127.0.0.1:443`), wrapped as fetch does. */
function systemError(syscall: string, code: string, where = ''): Error {
  const cause = Object.assign(new Error(`${syscall} ${code}${where === '' ? '' : ` ${where}`}`), {
    code,
    syscall,
    errno: -1,
  });
  return new TypeError('fetch failed', { cause });
}

// ---- the tests ----------------------------------------------------------------------------------------

for (const engine of ENGINES)
  describe(`classifyError on real failures of ${engine.name}`, () => {
    it('classifies a closed port as CONNECTION_REFUSED, quoting the address, retried soon', async () => {
      const port = await freePort();
      const failure = await failureOf(send(engine, `http://127.0.0.1:${port}/api/v1/presences`));
      expect(failure).toEqual({
        class: 'CONNECTION_REFUSED',
        detail: `connect ECONNREFUSED 127.0.0.1:${port}`,
        side: 'UNKNOWN',
        retryable: true,
        pace: 'SOON',
      });
    });

    it('names every address happy eyeballs tried when all of them refused', async () => {
      const port = await freePort();
      const dispatcher = new undici.Agent({
        connect: {
          autoSelectFamily: true,
          lookup: (_host, _options, callback) => {
            callback(null, [
              { address: '127.0.0.1', family: 4 },
              { address: '::1', family: 6 },
            ]);
          },
        },
      });
      try {
        const failure = await failureOf(send(engine, `http://registry.test:${port}/`, { dispatcher }));
        expect(failure.class).toBe('CONNECTION_REFUSED');
        expect(failure.detail).toContain(`connect ECONNREFUSED 127.0.0.1:${port}; `);
        expect(failure.detail).toContain('::1');
      } finally {
        await dispatcher.close();
      }
    });

    it('classifies a name in the .invalid domain, which never resolves, as NAME_RESOLUTION', async () => {
      const failure = await failureOf(
        send(engine, 'http://does-not-exist.invalid/', { signal: AbortSignal.timeout(3_000) }),
      );
      expect(failure.class).toBe('NAME_RESOLUTION');
      expect(failure.detail).toMatch(/^getaddrinfo (ENOTFOUND|EAI_AGAIN) does-not-exist\.invalid$/);
      expect(failure.side).toBe('UNKNOWN');
    });

    it('classifies a server that never answers, cut off by AbortSignal.timeout, as TIMEOUT', async () => {
      const port = await rawServer(() => undefined);
      const failure = await failureOf(
        send(engine, `http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(100) }),
      );
      expect(failure).toMatchObject({ class: 'TIMEOUT', side: 'UNKNOWN', retryable: true, pace: 'SOON' });
      expect(failure.detail).toBe('The operation was aborted due to timeout (TimeoutError)');
    });

    it('classifies a request aborted by its own controller as TIMEOUT as well', async () => {
      const port = await rawServer(() => undefined);
      const controller = new AbortController();
      setTimeout(() => {
        controller.abort();
      }, 50);
      const failure = await failureOf(
        send(engine, `http://127.0.0.1:${port}/`, { signal: controller.signal }),
      );
      expect(failure.class).toBe('TIMEOUT');
      expect(failure.detail).toContain('AbortError');
    });

    // undici keeps these timers coarse (a tick of about half a second): both are waited for at once.
    it("classifies undici's headers timeout, and its body timeout met while reading the reply, as TIMEOUT", async () => {
      const silent = await rawServer(() => undefined);
      const stalling = await rawServer((socket) =>
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"re'),
      );
      const dispatcher = new undici.Agent({ headersTimeout: 100, bodyTimeout: 100 });
      try {
        const [headers, body] = await Promise.all([
          failureOf(send(engine, `http://127.0.0.1:${silent}/`, { dispatcher })),
          send(engine, `http://127.0.0.1:${stalling}/`, { dispatcher }).then((response) =>
            failureOf(response.text()),
          ),
        ]);
        expect(headers.class).toBe('TIMEOUT');
        expect(headers.detail).toContain('UND_ERR_HEADERS_TIMEOUT');
        expect(body.class).toBe('TIMEOUT');
        expect(body.detail).toContain('UND_ERR_BODY_TIMEOUT');
      } finally {
        await dispatcher.destroy();
      }
    });

    it('classifies a socket closed before any reply as CONNECTION_RESET', async () => {
      const port = await rawServer((socket) => socket.destroy());
      const failure = await failureOf(send(engine, `http://127.0.0.1:${port}/`));
      expect(failure).toMatchObject({
        class: 'CONNECTION_RESET',
        side: 'UNKNOWN',
        retryable: true,
        pace: 'SOON',
      });
      expect(failure.detail).toBe('other side closed (UND_ERR_SOCKET)');
    });

    it('classifies a reply cut off mid-body as CONNECTION_RESET, saying the body was terminated', async () => {
      const port = await rawServer((socket) => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"results":[');
        setTimeout(() => socket.destroy(), 20);
      });
      const response = await send(engine, `http://127.0.0.1:${port}/`);
      const failure = await failureOf(response.json());
      expect(failure.class).toBe('CONNECTION_RESET');
      expect(failure.detail).toBe('terminated: other side closed (UND_ERR_SOCKET)');
    });

    it('classifies a connection reset by the peer (a TCP RST) as CONNECTION_RESET', async () => {
      const port = await rawServer((socket) => socket.resetAndDestroy());
      const failure = await failureOf(send(engine, `http://127.0.0.1:${port}/`));
      expect(failure.class).toBe('CONNECTION_RESET');
      expect(failure.detail).toBe('read ECONNRESET');
    });

    it('classifies https spoken to a plain HTTP server as TLS, with OpenSSL reduced to its reason', async () => {
      const port = await answeringServer();
      const failure = await failureOf(send(engine, `https://127.0.0.1:${port}/`));
      expect(failure).toMatchObject({ class: 'TLS', side: 'UNKNOWN', retryable: true, pace: 'SLOW' });
      expect(failure.detail).toBe('wrong version number (ERR_SSL_WRONG_VERSION_NUMBER)');
    });

    it('classifies a self-signed certificate as TLS', async () => {
      const now = Date.now();
      const port = await tlsServer(selfSigned('127.0.0.1', new Date(now - DAY_MS), new Date(now + DAY_MS)));
      const failure = await failureOf(send(engine, `https://127.0.0.1:${port}/`));
      expect(failure.class).toBe('TLS');
      expect(failure.detail).toBe('self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)');
    });

    it('classifies an expired certificate as TLS', async () => {
      const now = Date.now();
      const port = await tlsServer(
        selfSigned('127.0.0.1', new Date(now - 2 * DAY_MS), new Date(now - DAY_MS)),
      );
      const failure = await failureOf(send(engine, `https://127.0.0.1:${port}/`));
      expect(failure.class).toBe('TLS');
      expect(failure.detail).toBe('certificate has expired (CERT_HAS_EXPIRED)');
    });

    it('classifies a trusted certificate for another name as TLS', async () => {
      const now = Date.now();
      const certificate = selfSigned('registry.example', new Date(now - DAY_MS), new Date(now + DAY_MS));
      const port = await tlsServer(certificate);
      const dispatcher = new undici.Agent({ connect: { ca: certificate.cert } });
      try {
        const failure = await failureOf(send(engine, `https://127.0.0.1:${port}/`, { dispatcher }));
        expect(failure.class).toBe('TLS');
        expect(failure.detail).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
      } finally {
        await dispatcher.close();
      }
    });

    it('classifies an answer that is not HTTP at all as BAD_REPLY', async () => {
      const port = await rawServer((socket) => socket.end('220 mail.example ESMTP\r\n\r\n'));
      const failure = await failureOf(send(engine, `http://127.0.0.1:${port}/`));
      expect(failure).toMatchObject({ class: 'BAD_REPLY', side: 'UNKNOWN', retryable: true, pace: 'SLOW' });
      expect(failure.detail).toMatch(/\((HPE_[A-Z_]+|HTTPParserError)\)$/);
    });

    it('classifies a 2xx body that is not JSON as BAD_REPLY, without quoting the body', async () => {
      const port = await rawServer((socket) =>
        socket.end(`HTTP/1.1 200 OK\r\nContent-Length: 25\r\n\r\n<html>${SECRET}</html>`),
      );
      const response = await send(engine, `http://127.0.0.1:${port}/`);
      const failure = await failureOf(response.json());
      expect(failure.class).toBe('BAD_REPLY');
      expect(failure.detail).toBe('the reply is not valid JSON');
    });
  });

describe('the test setup', () => {
  it("keeps Node's own dispatcher for Node's own fetch", () => {
    const installed: unknown = Reflect.get(globalThis, Symbol.for('undici.globalDispatcher.1'));
    expect(installed).toBeDefined();
    expect(installed).not.toBeInstanceOf(undici.Agent);
  });
});

describe('classifyError on errors a test cannot provoke', () => {
  it.each<{ syscall: string; code: string; expected: FailureClass }>([
    { syscall: 'getaddrinfo', code: 'EAI_AGAIN', expected: 'NAME_RESOLUTION' },
    { syscall: 'queryA', code: 'ETIMEOUT', expected: 'NAME_RESOLUTION' },
    { syscall: 'connect', code: 'ETIMEDOUT', expected: 'TIMEOUT' },
    { syscall: 'connect', code: 'ENETUNREACH', expected: 'NETWORK_UNREACHABLE' },
    { syscall: 'connect', code: 'EHOSTUNREACH', expected: 'NETWORK_UNREACHABLE' },
    { syscall: 'connect', code: 'ENETDOWN', expected: 'NETWORK_UNREACHABLE' },
    { syscall: 'write', code: 'EPIPE', expected: 'CONNECTION_RESET' },
    { syscall: 'write', code: 'EPROTO', expected: 'TLS' },
  ])('classifies $syscall $code as $expected', ({ syscall, code, expected }) => {
    const failure = classifyError(systemError(syscall, code, '192.0.2.10:443'));
    expect(failure.class).toBe(expected);
    expect(failure.detail).toBe(`${syscall} ${code} 192.0.2.10:443`);
  });

  it.each([
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'CERT_NOT_YET_VALID',
    'ERR_TLS_HANDSHAKE_TIMEOUT',
    'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  ])('classifies the certificate or handshake error %s as TLS', (code) => {
    const cause = Object.assign(new Error('certificate trouble'), { code });
    expect(classifyError(new TypeError('fetch failed', { cause })).class).toBe('TLS');
  });

  it.each([
    { error: new undici.errors.ConnectTimeoutError(), expected: 'TIMEOUT' },
    { error: new undici.errors.HeadersTimeoutError(), expected: 'TIMEOUT' },
    { error: new undici.errors.BodyTimeoutError(), expected: 'TIMEOUT' },
    { error: new undici.errors.SocketError('other side closed'), expected: 'CONNECTION_RESET' },
  ])("classifies undici's $error.name as $expected", ({ error, expected }) => {
    expect(classifyError(new TypeError('fetch failed', { cause: error })).class).toBe(expected);
  });

  it('picks the address that got farthest when happy eyeballs met different errors, and names both', () => {
    const unreachable = systemError('connect', 'ENETUNREACH', '2001:db8::1:443').cause;
    const refused = systemError('connect', 'ECONNREFUSED', '192.0.2.10:443').cause;
    const failure = classifyError(
      new TypeError('fetch failed', { cause: new AggregateError([unreachable, refused]) }),
    );
    expect(failure.class).toBe('CONNECTION_REFUSED');
    expect(failure.detail).toBe('connect ECONNREFUSED 192.0.2.10:443; connect ENETUNREACH 2001:db8::1:443');
  });

  it('survives a cycle in the cause chain', () => {
    const outer = new TypeError('fetch failed');
    const inner = new Error('looping', { cause: outer });
    Object.assign(outer, { cause: inner });
    expect(classifyError(outer)).toMatchObject({
      class: 'UNKNOWN',
      detail: 'fetch failed (TypeError): looping',
    });
  });

  it('classifies anything unrecognised as UNKNOWN, quoting the whole chain, retried slowly', () => {
    const failure = classifyError(new TypeError('fetch failed', { cause: new RangeError('out of range') }));
    expect(failure).toEqual({
      class: 'UNKNOWN',
      detail: 'fetch failed (TypeError): out of range (RangeError)',
      side: 'UNKNOWN',
      retryable: true,
      pace: 'SLOW',
    });
  });

  it.each([
    { thrown: 'a string', detail: 'a string' },
    { thrown: 42, detail: 'number thrown: 42' },
    { thrown: undefined, detail: 'undefined thrown' },
    { thrown: null, detail: 'null thrown' },
    { thrown: {}, detail: 'no message' },
  ])('classifies the non-error $thrown as UNKNOWN', ({ thrown, detail }) => {
    expect(classifyError(thrown)).toMatchObject({ class: 'UNKNOWN', detail });
  });

  it('keeps a classification when a property getter of the error throws', () => {
    const cause = Object.defineProperty(
      Object.assign(new Error('connect ECONNREFUSED 192.0.2.10:443'), { code: 'ECONNREFUSED' }),
      'errors',
      {
        get: () => {
          throw new Error('no');
        },
      },
    );
    expect(classifyError(new TypeError('fetch failed', { cause })).class).toBe('CONNECTION_REFUSED');
  });
});

describe('classifyResponse on answers of a real HTTP server', () => {
  const NOW = new Date('2025-03-10T08:00:00Z');

  async function answer(status: number, retryAfter?: string): Promise<ClassifiedFailure | undefined> {
    const port = await answeringServer();
    const response = await send(NODE_FETCH, `http://127.0.0.1:${port}/api/v1/presences`, {
      headers: {
        'x-reply-status': String(status),
        ...(retryAfter === undefined ? {} : { 'x-reply-retry-after': retryAfter }),
      },
    });
    await response.body?.cancel();
    const failure = classifyResponse(response.status, response.statusText, response.headers, NOW);
    expect(failure?.detail ?? '').not.toContain(SECRET);
    return failure;
  }

  it.each([200, 201, 204, 299])('gives nothing for %i: a 2xx is not a failure', async (status) => {
    expect(await answer(status)).toBeUndefined();
  });

  it('classifies 503 as REGISTRY_MAINTENANCE and honours Retry-After in seconds', async () => {
    expect(await answer(503, '120')).toEqual({
      class: 'REGISTRY_MAINTENANCE',
      detail: 'HTTP 503 Service Unavailable: registry maintenance, retry after 120 s',
      retryAfterMs: 120_000,
      status: 503,
      side: 'REGISTRY',
      retryable: true,
      pace: 'SOON',
    });
  });

  it('honours a Retry-After given as an HTTP date, counted from now', async () => {
    const failure = await answer(503, 'Mon, 10 Mar 2025 08:05:00 GMT');
    expect(failure?.retryAfterMs).toBe(300_000);
  });

  it('caps Retry-After at one hour', async () => {
    expect((await answer(503, '86400'))?.retryAfterMs).toBe(MAX_RETRY_AFTER_MS);
    expect((await answer(503, 'Tue, 11 Mar 2025 08:00:00 GMT'))?.retryAfterMs).toBe(MAX_RETRY_AFTER_MS);
  });

  it('classifies 503 without Retry-After as REGISTRY_MAINTENANCE with no delay', async () => {
    const failure = await answer(503);
    expect(failure?.class).toBe('REGISTRY_MAINTENANCE');
    expect(failure).not.toHaveProperty('retryAfterMs');
  });

  it.each([500, 502, 504])('classifies %i as REGISTRY_ERROR, retried soon', async (status) => {
    expect(await answer(status)).toMatchObject({
      class: 'REGISTRY_ERROR',
      side: 'REGISTRY',
      retryable: true,
      pace: 'SOON',
    });
  });

  it('classifies 429 as RATE_LIMITED and honours its Retry-After', async () => {
    expect(await answer(429, '30')).toMatchObject({
      class: 'RATE_LIMITED',
      detail: 'HTTP 429 Too Many Requests: rate limited by the registry, retry after 30 s',
      retryAfterMs: 30_000,
      side: 'REGISTRY',
    });
  });

  it.each([401, 403])("classifies %i as KEY_REFUSED: the agent's fault, retried slowly", async (status) => {
    expect(await answer(status)).toMatchObject({
      class: 'KEY_REFUSED',
      side: 'AGENT',
      retryable: true,
      pace: 'SLOW',
    });
  });

  it.each([400, 404, 413, 415, 422])(
    'classifies %i as REQUEST_REFUSED, not to be sent again as it is',
    async (status) => {
      const failure = await answer(status, '60');
      expect(failure).toMatchObject({ class: 'REQUEST_REFUSED', side: 'AGENT', retryable: false });
      expect(failure).not.toHaveProperty('retryAfterMs');
      expect(failure).not.toHaveProperty('pace');
    },
  );

  it('classifies 408 as TIMEOUT', async () => {
    expect((await answer(408))?.class).toBe('TIMEOUT');
  });

  it('classifies a redirect the agent did not follow as BAD_REPLY', async () => {
    expect(await answer(302)).toMatchObject({
      class: 'BAD_REPLY',
      detail: 'HTTP 302 Found: unexpected redirect',
    });
  });

  it('leaves out an empty status text (HTTP/2 has none) and control characters in one', () => {
    const headers = new Headers();
    expect(classifyResponse(500, '', headers, NOW)?.detail).toBe('HTTP 500: registry error');
    expect(classifyResponse(500, 'Internal\r\nError', headers, NOW)?.detail).toBe(
      'HTTP 500 Internal Error: registry error',
    );
  });
});

describe('badReply', () => {
  it('classifies a 2xx without the results expected as BAD_REPLY, retried slowly', () => {
    expect(badReply('2 results for 3 registrations')).toEqual({
      class: 'BAD_REPLY',
      detail: '2 results for 3 registrations',
      side: 'UNKNOWN',
      retryable: true,
      pace: 'SLOW',
    });
  });
});

describe('locateOutage', () => {
  const CODE_OF = {
    NAME_RESOLUTION: 'ENOTFOUND',
    CONNECTION_REFUSED: 'ECONNREFUSED',
    CONNECTION_RESET: 'ECONNRESET',
    TIMEOUT: 'ETIMEDOUT',
    NETWORK_UNREACHABLE: 'ENETUNREACH',
    TLS: 'EPROTO',
  } as const;
  type NetworkClass = keyof typeof CODE_OF;
  const NETWORK = Object.keys(CODE_OF) as NetworkClass[];
  const of = (cls: NetworkClass): ClassifiedFailure => classifyError(systemError('connect', CODE_OF[cls]));
  const NOW = new Date('2025-03-10T08:00:00Z');
  const response = (status: number): ClassifiedFailure => {
    const failure = classifyResponse(status, '', new Headers(), NOW);
    if (failure === undefined) throw new Error(`${status} is no failure`);
    return failure;
  };

  it.each(NETWORK)('puts %s on the line when the probe fails too', (cls) => {
    expect(of(cls).class).toBe(cls);
    expect(locateOutage(of(cls), 'UNREACHABLE')).toBe('LINE');
  });

  it.each(NETWORK.filter((cls) => cls !== 'TLS'))(
    'puts %s at the registry when the probe answers: the line carries other traffic',
    (cls) => {
      expect(locateOutage(of(cls), 'REACHABLE')).toBe('REGISTRY');
    },
  );

  it.each(NETWORK)('cannot place %s without a probe', (cls) => {
    expect(locateOutage(of(cls), 'NOT_CONFIGURED')).toBe('UNKNOWN');
  });

  it.each<[number, ProbeResult]>([
    [500, 'UNREACHABLE'],
    [503, 'REACHABLE'],
    [429, 'NOT_CONFIGURED'],
  ])('puts an HTTP %i at the registry whatever the probe says (%s)', (status, probe) => {
    expect(locateOutage(response(status), probe)).toBe('REGISTRY');
  });

  it.each<[number, ProbeResult]>([
    [401, 'UNREACHABLE'],
    [403, 'REACHABLE'],
    [413, 'NOT_CONFIGURED'],
  ])('puts an HTTP %i on the agent whatever the probe says (%s)', (status, probe) => {
    expect(locateOutage(response(status), probe)).toBe('AGENT');
  });

  it('does not blame the registry for an unrecognised error when the line is up', () => {
    const unknown = classifyError(new Error('something odd'));
    expect(locateOutage(unknown, 'REACHABLE')).toBe('UNKNOWN');
    expect(locateOutage(unknown, 'UNREACHABLE')).toBe('LINE');
  });

  it('does not blame the registry for a bad reply or a TLS failure because the probe answers: a captive portal or a TLS middlebox on the line answers the probe too', () => {
    const portal = classifyResponse(302, 'Found', new Headers({ location: 'http://portal.example/' }), NOW);
    for (const failure of [badReply('not JSON'), of('TLS'), portal]) {
      expect(failure?.side).toBe('UNKNOWN');
      if (failure === undefined) continue;
      expect(locateOutage(failure, 'REACHABLE')).toBe('UNKNOWN');
      expect(locateOutage(failure, 'UNREACHABLE')).toBe('LINE');
      expect(locateOutage(failure, 'NOT_CONFIGURED')).toBe('UNKNOWN');
    }
  });

  it('keeps the status of an answer, and none for a failure to get one', () => {
    expect(response(413).status).toBe(413);
    expect(of('CONNECTION_RESET')).not.toHaveProperty('status');
  });
});

describe('endsWhenAnswering', () => {
  const NOW = new Date('2025-03-10T08:00:00Z');
  const response = (status: number, retryAfter?: string): ClassifiedFailure => {
    const headers = new Headers(retryAfter === undefined ? {} : { 'retry-after': retryAfter });
    const failure = classifyResponse(status, '', headers, NOW);
    if (failure === undefined) throw new Error(`${status} is no failure`);
    return failure;
  };

  it.each(['ENOTFOUND', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNREFUSED', 'ECONNRESET'])(
    'lets the registry answering again end the wait after %s: it gave no answer at all',
    (code) => {
      expect(endsWhenAnswering(classifyError(systemError('connect', code)))).toBe(true);
    },
  );

  it('keeps the wait after a failure a person must most likely act on: the registry answering fixes none', () => {
    const portal = classifyResponse(302, 'Found', new Headers({ location: 'http://portal.example/' }), NOW);
    for (const failure of [response(401), response(403), classifyError(systemError('connect', 'EPROTO'))])
      expect(endsWhenAnswering(failure)).toBe(false);
    for (const failure of [badReply('not JSON'), portal, classifyError(new Error('something odd'))])
      expect(failure !== undefined && endsWhenAnswering(failure)).toBe(false);
  });

  it('keeps the wait after an answer of the registry (it answered already), and the wait it asked for', () => {
    for (const failure of [response(500), response(503), response(429), response(408), response(400)])
      expect(endsWhenAnswering(failure)).toBe(false);
    expect(endsWhenAnswering(response(503, '120'))).toBe(false);
  });
});

describe('the detail never shows the key', () => {
  for (const engine of ENGINES) {
    it(`redacts an invalid header value that quoted the key, with ${engine.name}`, async () => {
      const failure = await failureOf(
        send(engine, 'http://127.0.0.1:9/', { headers: { authorization: `Bearer ${SECRET}\nx` } }),
      );
      expect(failure.class).toBe('UNKNOWN');
      expect(failure.detail).toContain('[redacted]');
    });

    it(`redacts the credentials and the query of a URL quoted in an error, with ${engine.name}`, async () => {
      const failure = await failureOf(send(engine, `http://agent:${SECRET}@127.0.0.1:9/?key=${SECRET}`));
      expect(failure.detail).toContain('http://[redacted]@127.0.0.1:9/?[redacted]');
    });
  }

  it('redacts a bearer token quoted in an error message', () => {
    const error = new TypeError('fetch failed', {
      cause: new Error(`refused Authorization: Bearer ${SECRET} here`),
    });
    expect(classifyError(error).detail).toBe(
      'fetch failed (TypeError): refused Authorization: Bearer [redacted] here',
    );
  });

  it('never shows a secret it was given, whatever the message around it, however it is classified', () => {
    const codes = fc.constantFrom(
      undefined,
      'ECONNREFUSED',
      'UND_ERR_SOCKET',
      'CERT_HAS_EXPIRED',
      'HPE_INVALID',
    );
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string(),
        fc.string(),
        codes,
        (secret, before, after, code) => {
          const cause = Object.assign(
            new Error(`${before}${secret}${after}`),
            code === undefined ? {} : { code },
          );
          const failure = classifyError(new TypeError(secret, { cause }), { secrets: [secret] });
          expect(failure.detail).not.toContain(secret);
          expect(failure.detail.length).toBeLessThanOrEqual(MAX_DETAIL_LENGTH);
        },
      ),
    );
  });

  it('never shows a secret it was given in a status text', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string(),
        fc.integer({ min: 300, max: 599 }),
        (secret, text, status) => {
          const failure = classifyResponse(status, `${text}${secret}`, new Headers(), new Date(0), {
            secrets: [secret],
          });
          expect(failure?.detail).not.toContain(secret);
        },
      ),
    );
  });

  it(`cuts a long detail to ${MAX_DETAIL_LENGTH} characters`, () => {
    const detail = classifyError(new Error('x'.repeat(5_000))).detail;
    expect(detail).toHaveLength(MAX_DETAIL_LENGTH);
    expect(detail.endsWith('…')).toBe(true);
  });
});

describe('FAILURE_CLASSES', () => {
  it('lists each class once', () => {
    expect(new Set(FAILURE_CLASSES).size).toBe(FAILURE_CLASSES.length);
  });
});
