import { connect } from 'node:net';
import Database from 'better-sqlite3';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, brusselsDate } from '../../src/domain/calendar-date.js';
import { DATABASES, type OpenedDatabase, type TestDatabase } from '../support/databases.js';
import { call } from '../support/http-client.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import { createKeyWithCli, runCli, startServerProcess, type ServerProcess } from '../support/processes.js';
import { WebClient } from '../support/web-client.js';

/**
 * The server's log holds no personal data and no secret: a server at the most verbose level is driven through
 * every kind of request — registrations, searches by NISS in the query string, cancellations, bad bodies full of
 * NISS numbers, 404s, 401s with a key, 429s, a malformed request, errors forced in the database, the web's
 * sign-in — and no line of what it wrote holds a NISS (in any spelling), an API key, a password or a cookie.
 */

const PASSWORD = 'correct horse battery staple';
const WRONG_PASSWORD = 'wrong horse battery staple';
const RATE_LIMIT = 40;

/** A NISS in its spellings: digits only, and as printed on a card or typed in a form. */
function spellings(number: string): string[] {
  const [yy, mm, dd, seq, check] = [0, 2, 4, 6, 9].map((at, i, all) => number.slice(at, all[i + 1]));
  return [
    number,
    `${yy}.${mm}.${dd}-${seq}.${check}`,
    `${yy}${mm}${dd}-${seq}-${check}`,
    `${yy} ${mm} ${dd} ${seq} ${check}`,
    `${yy}${mm}${dd} ${seq} ${check}`,
  ];
}

/**
 * Makes the database refuse one worker's presence with an error that quotes the number, as a database error may
 * quote a value: the error the server logs then holds it.
 */
async function refuseWorkerInDatabase(
  database: TestDatabase,
  location: string,
  worker: string,
): Promise<void> {
  if (database.name === 'sqlite') {
    const db = new Database(location);
    try {
      db.exec(`
        CREATE TRIGGER refuse_one_worker BEFORE INSERT ON presences WHEN NEW.worker_id = '${worker}'
        BEGIN SELECT RAISE(ABORT, 'refused the row of worker ${worker}'); END;
      `);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    await client.query(`
      CREATE FUNCTION refuse_one_worker() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.worker_id = '${worker}' THEN
          RAISE EXCEPTION 'refused the row of worker %', NEW.worker_id
            USING DETAIL = 'Failing row contains (' || NEW.worker_id || ').';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_one_worker BEFORE INSERT ON presences
        FOR EACH ROW EXECUTE FUNCTION refuse_one_worker();
    `);
  } finally {
    await client.end();
  }
}

/** The in-process web client's `inject`, sent over a real socket to the server process instead. */
function overSocket(base: string): FastifyInstance {
  const inject = async (options: {
    method: string;
    url: string;
    headers: Record<string, string>;
    payload?: string;
  }): Promise<LightMyRequestResponse> => {
    const response = await fetch(`${base}${options.url}`, {
      method: options.method,
      headers: options.headers,
      redirect: 'manual',
      ...(options.payload === undefined ? {} : { body: options.payload }),
    });
    const body = await response.text();
    const cookies = response.headers.getSetCookie().map((line) => {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      const maxAge = attributes.find((a) => /^max-age=/i.test(a));
      const expires = attributes.find((a) => /^expires=/i.test(a));
      return {
        name: pair.slice(0, at),
        value: pair.slice(at + 1),
        ...(maxAge === undefined ? {} : { maxAge: Number(maxAge.split('=')[1]) }),
        ...(expires === undefined ? {} : { expires: new Date(expires.slice('expires='.length)) }),
      };
    });
    return {
      statusCode: response.status,
      body,
      headers: Object.fromEntries(response.headers),
      cookies,
    } as unknown as LightMyRequestResponse;
  };
  return { inject } as unknown as FastifyInstance;
}

/**
 * A log line with the bytes of any buffer in it (`{"type":"Buffer","data":[71,69,84,…]}`, as pino writes one)
 * added as text: a secret written as bytes is still written.
 */
function withBuffersDecoded(line: string): string {
  const buffers = [...line.matchAll(/"type":"Buffer","data":\[([\d,]*)\]/g)].map((m) =>
    Buffer.from((m[1] ?? '').split(',').filter(Boolean).map(Number)).toString('latin1'),
  );
  return [line, ...buffers].join('\n');
}

/** Sends bytes that are not HTTP as the server reads it, and waits for the server to close the connection. */
function sendMalformed(base: string, request: string): Promise<void> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    socket.on('data', () => undefined);
    socket.on('close', () => {
      resolve();
    });
    socket.on('error', reject);
  });
}

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the server's log (${database.name})`, () => {
    let db: OpenedDatabase;
    let server: ServerProcess | undefined;

    beforeEach(async () => {
      db = await database.open();
      await db.store.close();
    });
    afterEach(async () => {
      await server?.kill('SIGTERM');
      await db.dispose();
    });

    it(
      'holds no NISS, API key, password, session token or cookie, at the most verbose level, whatever the requests',
      { timeout: 300_000 },
      async () => {
        const company = enterpriseNumber(1);
        const workers = Array.from({ length: 12 }, (_, i) => niss(100 + i * 37));
        const [registered, typedWithDots, cancelled, inBadJson, inBadSchema, inTooLarge] = workers;
        const [inPath, forced, onRoster, inWebForm, inWebSearch, inMalformed] = workers.slice(6);
        const adminKey = createKeyWithCli(db.location, { role: 'admin', name: 'Registry admin' });
        const unknownKey = 'sp_0123456789abcdefghijklmnopqrstuv';
        const user = runCli(
          [
            'users',
            'create',
            '--username',
            'chef',
            '--name',
            'Chef de chantier',
            '--role',
            'company',
            '--enterprise',
            company,
            '--database',
            db.location,
          ],
          { SITEPRESENCE_PASSWORD: PASSWORD },
        );
        expect(user.status, user.stderr).toBe(0);
        await refuseWorkerInDatabase(database, db.location, forced!);

        server = await startServerProcess(db.location, {
          LOG_LEVEL: 'trace',
          RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
        });
        const api = (path: string) => `${server!.url}/api/v1${path}`;
        const send = (path: string, key: string, method: string, body?: unknown) =>
          call(api(path), key, method, body);
        const sendRaw = (path: string, init: RequestInit) =>
          fetch(api(path), init).then(async (r) => ({ status: r.status, text: await r.text() }));
        const today = brusselsDate(new Date());
        // Keys made by the administrator: one revoked, one rotated (the keys are in the replies, never in the log).
        const newKey = async (role: string, name: string, enterprise?: string): Promise<string> => {
          const made = await send('/keys', adminKey, 'POST', {
            role,
            name,
            ...(enterprise === undefined ? {} : { enterprise }),
          });
          expect(made.status).toBe(201);
          return made.body.key as string;
        };
        const companyKey = await newKey('company', 'Bouw NV', company);
        const inspectorKey = await newKey('inspector', 'SPF ETCS');
        const floodKey = await newKey('company', 'Busy ERP', company);
        const revokedKey = await newKey('provider', 'T&T', enterpriseNumber(2));
        const secrets: string[] = [
          companyKey,
          adminKey,
          inspectorKey,
          floodKey,
          revokedKey,
          unknownKey,
          PASSWORD,
          WRONG_PASSWORD,
        ];

        const keys = (await send('/keys', adminKey, 'GET')).body.apiKeys as { id: string; name: string }[];
        const idOf = (name: string) => keys.find((k) => k.name === name)!.id;
        expect((await send(`/keys/${idOf('T&T')}`, adminKey, 'DELETE')).status).toBe(200);
        expect((await send('/workplaces', revokedKey, 'GET')).status).toBe(401);
        expect((await send('/workplaces', unknownKey, 'GET')).status).toBe(401);
        const rotated = await send(`/keys/${idOf('Registry admin')}/rotate`, adminKey, 'POST', {
          graceSeconds: 600,
        });
        expect(rotated.status).toBe(201);
        secrets.push(rotated.body.key as string);

        // Registrations, searches by NISS in the query string, a cancellation, a roster.
        const declared = await send('/workplaces', companyKey, 'POST', {
          name: 'Résidence Les Tilleuls',
          address: { street: 'Rue de la Loi 16', postalCode: '1000', city: 'Bruxelles' },
          declarant: company,
          startDate: today,
          endDate: addDays(today, 30),
        });
        expect(declared.status, JSON.stringify(declared.body)).toBe(201);
        const workplaceId = declared.body.workplace.id as string;
        const item = (worker: string) => ({
          workplaceId,
          registrationDate: today,
          worker: { niss: worker },
          employer: company,
        });
        const registration = await send('/presences', companyKey, 'POST', {
          presences: [item(registered!), item(spellings(typedWithDots!)[1]!), item(cancelled!)],
        });
        expect(registration.body.results.map((r: { status: string }) => r.status)).toEqual([
          'REGISTERED',
          'REGISTERED',
          'REGISTERED',
        ]);
        for (const spelling of [registered!, spellings(typedWithDots!)[1]!, spellings(registered!)[3]!]) {
          const search = await send(
            `/presences?workplaceId=${workplaceId}&from=${today}&to=${today}&worker=${encodeURIComponent(spelling)}`,
            companyKey,
            'GET',
          );
          expect(search.status).toBe(200);
        }
        expect(
          (await send(`/presences?from=${today}&to=${today}&worker=${registered!}`, inspectorKey, 'GET'))
            .status,
        ).toBe(200);
        const toCancel = registration.body.results[2].presence.id as string;
        const cancellation = await send('/presences/cancel', companyKey, 'POST', {
          cancellations: [{ id: toCancel, reason: `wrong worker, not ${cancelled!}` }],
        });
        expect(cancellation.body.results[0].status).toBe('CANCELLED');
        const roster = await send('/workers', companyKey, 'PUT', {
          workers: [{ worker: { niss: onRoster! }, lastName: 'Dupont', firstName: 'Jean' }],
        });
        expect(roster.status).toBe(200);
        const dossier = await send(
          `/inspections/workplaces/${workplaceId}/days/${today}`,
          inspectorKey,
          'GET',
        );
        expect(dossier.status).toBe(200);

        // Bad bodies full of NISS numbers, a NISS in a path, a wrong check digit.
        const json = { authorization: `Bearer ${companyKey}`, 'content-type': 'application/json' };
        expect(
          (
            await sendRaw('/presences', {
              method: 'POST',
              headers: json,
              body: `{"presences":[{"worker":{"niss":"${inBadJson!}"}`,
            })
          ).status,
        ).toBe(400);
        expect(
          (
            await send('/presences', companyKey, 'POST', {
              presences: [{ ...item(inBadSchema!), password: PASSWORD }],
            })
          ).status,
        ).toBe(400);
        expect(
          (
            await send('/presences', companyKey, 'POST', {
              presences: [item(`${inBadSchema!.slice(0, 10)}${(Number(inBadSchema!.slice(10)) + 1) % 10}`)],
            })
          ).body.results[0].status,
        ).toBe('REJECTED');
        const tooLarge = JSON.stringify({
          presences: Array.from({ length: 20_000 }, () => item(inTooLarge!)),
        });
        expect((await sendRaw('/presences', { method: 'POST', headers: json, body: tooLarge })).status).toBe(
          413,
        );
        expect(
          (
            await sendRaw('/presences', {
              method: 'POST',
              headers: { ...json, 'content-type': 'text/plain' },
              body: inTooLarge!,
            })
          ).status,
        ).toBe(415);
        expect((await send(`/presences/${inPath!}`, companyKey, 'GET')).status).toBe(404);
        expect((await send(`/no-such-route/${inPath!}?worker=${inPath!}`, companyKey, 'GET')).status).toBe(
          404,
        );
        expect(
          (
            await sendRaw(`/presences?worker=${inPath!}`, {
              headers: { authorization: `Bearer ${unknownKey}` },
            })
          ).status,
        ).toBe(401);

        // An error forced in the database, which quotes the worker's number.
        const refused = await send('/presences', companyKey, 'POST', { presences: [item(forced!)] });
        expect(refused.status).toBe(500);

        // Past the rate limit.
        let limited = 0;
        for (let i = 0; i <= RATE_LIMIT; i += 1)
          if (
            (await send(`/presences?from=${today}&to=${today}&worker=${registered!}`, floodKey, 'GET'))
              .status === 429
          )
            limited += 1;
        expect(limited).toBe(1);

        // A request Node cannot read as HTTP: its raw bytes hold a NISS, a key and a session cookie.
        await sendMalformed(
          server.url,
          `GET /api/v1/presences?worker=${inMalformed!} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${companyKey}\r\n` +
            `Cookie: sp_session=a-session-token-of-the-malformed-request\r\nthis is no header\r\n\r\n`,
        );
        secrets.push('a-session-token-of-the-malformed-request');

        // The web: a wrong password, the right one, a search and a registration by NISS, an error forced on a page.
        const browser = new WebClient(overSocket(server.url));
        await browser.get('/sign-in');
        expect((await browser.post('/sign-in', { username: 'chef', password: WRONG_PASSWORD })).status).toBe(
          401,
        );
        expect((await browser.post('/sign-in', { username: 'chef', password: PASSWORD })).status).toBe(303);
        const session = browser.cookie('sp_session');
        expect(session).toBeDefined();
        secrets.push(session!, browser.cookie('sp_csrf')!);
        expect(
          (
            await browser.get(
              `/presences?from=${today}&to=${today}&worker=${encodeURIComponent(spellings(inWebSearch!)[1]!)}`,
            )
          ).status,
        ).toBe(200);
        await browser.get(`/workplaces/${workplaceId}`);
        const form = { from: today, to: today, employer: company };
        expect(
          (
            await browser.post(`/workplaces/${workplaceId}/register`, {
              ...form,
              numbers: spellings(inWebForm!)[1]!,
            })
          ).status,
        ).toBe(200);
        await browser.get(`/workplaces/${workplaceId}`);
        expect(
          (await browser.post(`/workplaces/${workplaceId}/register`, { ...form, numbers: forced! })).status,
        ).toBe(500);
        await browser.get('/workplaces');
        expect((await browser.post('/sign-out', {})).status).toBe(303);

        await server.kill('SIGTERM');
        const log = `${server.stdout()}\n${server.stderr()}`;
        server = undefined;

        // The log did see the errors: the paths that could leak were taken.
        expect(log).toContain('unexpected error');
        expect(log).toContain('unexpected error on a page');
        expect(log).toContain('client error');
        const lines = log
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map(withBuffersDecoded);
        for (const line of lines) {
          for (const worker of workers)
            for (const spelling of spellings(worker)) expect(line).not.toContain(spelling);
          for (const secret of secrets) expect(line).not.toContain(secret);
          expect(line).not.toMatch(/(?<!\d)\d{11}(?!\d)/);
          expect(line).not.toMatch(/sp_[A-Za-z0-9_-]{32}/);
          expect(line).not.toMatch(/bearer\s+(?!\[redacted\])/i);
        }
      },
    );
  });
}
