import { request as httpRequest } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { Niss } from '../../domain/niss.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import { createCryptoRandom } from '../../system/crypto-random.js';
import type { BadgeId } from '../badge.js';
import { openSqliteJournal, type SqliteJournal } from '../sqlite/sqlite-journal.js';
import { hostAllowList } from './kiosk-hosts.js';
import { createKioskApp, startKioskServer, type KioskAccess } from './kiosk-server.js';

const settings = { workplaceId: 'DEMO0001' as WorkplaceId, employer: '0403019261' as EnterpriseNumber };
const NISS = '85073003328';
const TOKEN = 'k1osk-token-of-the-site-0123456789';
const LOOPBACK_HOSTS = hostAllowList('127.0.0.1', [], []);

/** The error body every refusal has. */
const refusal = (code: string, field?: string) => ({
  error:
    field === undefined
      ? { code, message: expect.any(String) }
      : { code, message: expect.any(String), field },
});

describe('the kiosk endpoint', () => {
  let journal: SqliteJournal;
  let captures: number;
  const apps: FastifyInstance[] = [];
  beforeEach(() => {
    journal = openSqliteJournal(':memory:');
    captures = 0;
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await journal.close();
  });

  /** The endpoint in-process, as `agent run --listen` makes it (a loopback address, no token by default). */
  const kiosk = (access: Partial<KioskAccess> = {}): FastifyInstance => {
    const app = createKioskApp(
      {
        journal,
        roster: journal,
        clock: { now: () => new Date('2026-11-27T06:30:00Z') },
        random: createCryptoRandom(),
      },
      settings,
      { hosts: LOOPBACK_HOSTS, ...access },
      () => {
        captures += 1;
      },
    );
    apps.push(app);
    return app;
  };
  const post = (app: FastifyInstance, body: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/captures', payload: body as object, headers });

  describe('captures', () => {
    it('journals what a kiosk posts and answers 201 with the capture', async () => {
      const reply = await post(kiosk(), { raw: '85.07.30-033.28' });
      expect(reply.statusCode).toBe(201);
      expect(reply.json()).toMatchObject({
        capture: { worker: { niss: NISS }, source: 'KIOSK', state: 'PENDING' },
      });
      expect(captures).toBe(1);
    });

    it('refuses a mistyped national number with the NISS error, unless the roster knows it as a badge', async () => {
      const app = kiosk();
      const refused = await post(app, { raw: '85073003327' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toEqual(refusal('NISS_CHECK_DIGITS', 'raw'));
      await journal.replaceRoster([
        {
          worker: { niss: NISS as Niss },
          lastName: 'Peeters',
          firstName: 'An',
          badge: '85073003327' as BadgeId,
        },
      ]);
      const known = await post(app, { raw: '85073003327' });
      expect(known.statusCode).toBe(201);
      expect(known.json()).toMatchObject({ capture: { worker: { niss: NISS } } });
    });

    it('refuses a wrong employer naming the field', async () => {
      const reply = await post(kiosk(), { raw: NISS, employer: '0403019262' });
      expect(reply.statusCode).toBe(400);
      expect(reply.json()).toEqual(refusal('ENTERPRISE_NUMBER_CHECK_DIGITS', 'employer'));
    });
  });

  describe('every refusal in the error shape, with a stable code', () => {
    it.each([
      { what: 'a body without raw', body: { employer: '0403019261' }, code: 'FIELD_REQUIRED', field: 'raw' },
      {
        what: 'a field it does not know',
        body: { raw: NISS, who: 'x' },
        code: 'FIELD_UNKNOWN',
        field: 'who',
      },
      { what: 'raw as a number', body: { raw: 85073003328 }, code: 'FIELD_TYPE', field: 'raw' },
      { what: 'raw too long', body: { raw: '1'.repeat(201) }, code: 'FIELD_LENGTH', field: 'raw' },
      {
        what: 'employer as a number',
        body: { raw: NISS, employer: 403019261 },
        code: 'FIELD_TYPE',
        field: 'employer',
      },
      {
        what: 'employer too long',
        body: { raw: NISS, employer: '0'.repeat(33) },
        code: 'FIELD_LENGTH',
        field: 'employer',
      },
      { what: 'a body that is not an object', body: [NISS], code: 'FIELD_TYPE', field: undefined },
    ])('answers 400 $code to $what (schema validation)', async ({ body, code, field }) => {
      const reply = await post(kiosk(), body);
      expect(reply.statusCode).toBe(400);
      expect(reply.json()).toEqual(refusal(code, field));
      expect((await journal.summary()).counts.PENDING).toBe(0);
    });

    it('answers 400 BODY_MALFORMED to a body that is not JSON', async () => {
      const reply = await kiosk().inject({
        method: 'POST',
        url: '/captures',
        headers: { 'content-type': 'application/json' },
        payload: '{"raw": ',
      });
      expect(reply.statusCode).toBe(400);
      expect(reply.json()).toEqual(refusal('BODY_MALFORMED'));
    });

    it('answers 415 MEDIA_TYPE_UNSUPPORTED to text/plain, which a web page may send without asking', async () => {
      const reply = await kiosk().inject({
        method: 'POST',
        url: '/captures',
        headers: { 'content-type': 'text/plain' },
        payload: JSON.stringify({ raw: NISS }),
      });
      expect(reply.statusCode).toBe(415);
      expect(reply.json()).toEqual(refusal('MEDIA_TYPE_UNSUPPORTED'));
    });

    it('answers 413 BODY_TOO_LARGE to a body over 16 KiB', async () => {
      const reply = await post(kiosk(), { raw: 'x'.repeat(20_000) });
      expect(reply.statusCode).toBe(413);
      expect(reply.json()).toEqual(refusal('BODY_TOO_LARGE'));
    });

    it('answers 404 NOT_FOUND to a route it does not have', async () => {
      const app = kiosk();
      for (const [method, url] of [
        ['GET', '/nothing'],
        ['DELETE', '/captures'],
      ] as const) {
        const reply = await app.inject({ method, url });
        expect(reply.statusCode).toBe(404);
        expect(reply.json()).toEqual(refusal('NOT_FOUND'));
      }
    });
  });

  describe('the Host header (DNS rebinding)', () => {
    it.each(['localhost:80', '127.0.0.1:80', '[::1]:80', 'localhost'])(
      'answers a request naming it %s',
      async (host) => {
        const reply = await post(kiosk(), { raw: NISS }, { host });
        expect(reply.statusCode).toBe(201);
      },
    );

    it('answers 421 to a request naming it otherwise, as a web page rebound to it does, and journals nothing', async () => {
      const app = kiosk();
      for (const host of ['attacker.example', 'attacker.example:80', '127.0.0.1.attacker.example:80']) {
        const reply = await post(app, { raw: NISS }, { host });
        expect(reply.statusCode).toBe(421);
        expect(reply.json()).toEqual(refusal('REQUEST_INVALID', 'host'));
        const status = await app.inject({ method: 'GET', url: '/status', headers: { host } });
        expect(status.statusCode).toBe(421);
      }
      expect((await journal.summary()).counts.PENDING).toBe(0);
    });

    it('answers the names given by --allow-host, and the address it listens on', async () => {
      const app = kiosk({
        hosts: hostAllowList('192.168.1.20', ['agent.site.local', 'gate.example:8443'], []),
      });
      for (const host of ['agent.site.local', 'AGENT.site.local:80', 'gate.example:8443', '192.168.1.20:80'])
        expect((await post(app, { raw: NISS }, { host })).statusCode, host).toBe(201);
      expect((await post(app, { raw: NISS }, { host: 'gate.example:80' })).statusCode).toBe(421);
    });
  });

  describe('the kiosk token', () => {
    const withToken = (): FastifyInstance => kiosk({ token: TOKEN });

    it('answers 401 AUTHENTICATION_REQUIRED to a capture without the token, and journals nothing', async () => {
      const reply = await post(withToken(), { raw: NISS });
      expect(reply.statusCode).toBe(401);
      expect(reply.headers['www-authenticate']).toBe('Bearer');
      expect(reply.json()).toEqual(refusal('AUTHENTICATION_REQUIRED', 'authorization'));
      expect((await journal.summary()).counts.PENDING).toBe(0);
    });

    it.each([`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, TOKEN, 'Bearer '])(
      'answers 401 API_KEY_INVALID to the Authorization header %j',
      async (authorization) => {
        const reply = await post(withToken(), { raw: NISS }, { authorization });
        expect(reply.statusCode).toBe(401);
        expect(reply.json()).toEqual(refusal('API_KEY_INVALID', 'authorization'));
      },
    );

    it('takes a capture with the token', async () => {
      const reply = await post(withToken(), { raw: NISS }, { authorization: `Bearer ${TOKEN}` });
      expect(reply.statusCode).toBe(201);
    });

    it('keeps GET /status behind the same token', async () => {
      const app = withToken();
      expect((await app.inject({ method: 'GET', url: '/status' })).statusCode).toBe(401);
      const status = await app.inject({
        method: 'GET',
        url: '/status',
        headers: { authorization: `bearer ${TOKEN}` },
      });
      expect(status.statusCode).toBe(200);
      expect(status.json()).toMatchObject({ counts: { PENDING: 0 } });
    });

    it('checks the token before the body: a request without it learns nothing of the schema', async () => {
      const reply = await post(withToken(), { nothing: true });
      expect(reply.statusCode).toBe(401);
    });
  });

  describe('over a real socket', () => {
    /** A request with a Host header of the test's choosing (fetch sets its own). */
    const send = (url: string, host: string): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        const request = httpRequest(
          `${url}/captures`,
          { method: 'POST', headers: { host, 'content-type': 'application/json' } },
          (response) => {
            let body = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (body += chunk));
            response.on('end', () => {
              resolve({ status: response.statusCode ?? 0, body });
            });
          },
        );
        request.on('error', reject);
        request.end(JSON.stringify({ raw: NISS }));
      });

    it('answers its own address and port, and refuses another port or name', async () => {
      const { app, url } = await startKioskServer(
        { journal, roster: journal, clock: { now: () => new Date() }, random: createCryptoRandom() },
        settings,
        { port: 0, host: '127.0.0.1' },
        () => undefined,
      );
      apps.push(app);
      const port = new URL(url).port;
      expect((await send(url, `127.0.0.1:${port}`)).status).toBe(201);
      expect((await send(url, `localhost:${port}`)).status).toBe(201);
      expect((await send(url, `localhost:${Number(port) + 1}`)).status).toBe(421);
      const rebound = await send(url, `attacker.example:${port}`);
      expect(rebound.status).toBe(421);
      expect(JSON.parse(rebound.body)).toEqual(refusal('REQUEST_INVALID', 'host'));
    });

    it('does not start on an address others reach without a token', async () => {
      await expect(
        startKioskServer(
          { journal, roster: journal, clock: { now: () => new Date() }, random: createCryptoRandom() },
          settings,
          { port: 0, host: '0.0.0.0' },
          () => undefined,
        ),
      ).rejects.toThrow(/token/);
    });
  });
});
