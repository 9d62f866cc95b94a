import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../src/app/audit.js';
import type { AuditRecord } from '../../src/domain/audit.js';
import { createRegistryApp } from '../../src/composition/registry-app.js';
import type { Store } from '../../src/store/store.js';
import { DATABASES } from '../support/databases.js';
import { runs } from '../support/long-runs.js';
import { TEST_PASSWORDS } from '../support/passwords.js';
import { TestRegistry, type Caller } from '../support/registry.js';
import { WebClient } from '../support/web-client.js';

/**
 * A write and its audit record stand together, whatever the client does; the trail never holds what a caller
 * typed beyond the route and the ids it names, wherever a NISS, a key or a password is put.
 */
for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the audit trail's integrity (${database.name})`, () => {
    let registry: TestRegistry;
    let company: Caller;
    let workplaceId: string;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      company = await registry.newCompany();
      workplaceId = (await registry.newWorkplace(company)).id;
    });
    afterEach(async () => {
      await registry.close();
    });

    async function trail(): Promise<AuditRecord[]> {
      await registry.audit.drain();
      return registry.deps.store.audit.list({ limit: 10_000 });
    }

    it('records every registration whose client hung up the moment it had sent it', async () => {
      const address = await registry.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = new URL(address);
      const count = runs(20, 200);
      const sent: string[] = [];
      await Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const niss = registry.newNiss();
          sent.push(niss);
          const body = JSON.stringify({
            presences: [
              registry.presenceItem(workplaceId, company, {
                worker: { niss },
                clientReference: `hangup-${i}`,
              }),
            ],
          });
          await new Promise<void>((resolve) => {
            const socket = connect(Number(port), '127.0.0.1', () => {
              socket.write(
                `POST /api/v1/presences HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${company.key}\r\n` +
                  `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
                // Half of them reset at once, the others once the request has left: the server sees both.
                () => {
                  if (i % 2 === 0) socket.resetAndDestroy();
                  else setImmediate(() => socket.resetAndDestroy());
                },
              );
            });
            socket.on('close', () => {
              resolve();
            });
            socket.on('error', () => {
              resolve();
            });
          });
        }),
      );
      // The registrations the server went on with after the hang-ups: each has its record.
      let stored = -1;
      await expect
        .poll(
          async () => {
            const before = stored;
            stored = await registeredCount(registry, workplaceId);
            return stored === before;
          },
          { timeout: 10_000, interval: 300 },
        )
        .toBe(true);
      const records = (await trail()).filter((r) => r.action === 'POST /api/v1/presences');
      expect(records.filter((r) => r.outcome === 200).length).toBeGreaterThanOrEqual(stored);
      // A client that resets before the server has read its address leaves none to record.
      for (const record of records) expect(['127.0.0.1', 'unknown']).toContain(record.source);
      expect(JSON.stringify(records)).not.toMatch(new RegExp(sent.join('|')));
    });

    it('keeps a NISS, a key and a password out of the trail wherever a caller puts them', async () => {
      const niss = '50010200522';
      const spellings = [niss, '50.01.02-005.22', '500102-005-22'];
      const user = await registry.newUser('company', { enterprise: company });
      for (const spelling of spellings) {
        const path = encodeURIComponent(spelling);
        await company.get(`/api/v1/presences/${path}`);
        await company.post(`/api/v1/presences/${path}/cancel`, { reason: 'x' });
        await company.get(`/api/v1/workplaces/${path}/contractors`);
        await company.get(
          `/api/v1/presences?from=2026-03-10&to=2026-03-10&employer=${path}&workplaceId=${path}`,
        );
        await company.get(`/api/v1/presences?from=2026-03-10&to=2026-03-10&${path}=1&after=${path}`);
        await company.get(`/api/v1/paper-listings/${path}`);
        await company.get(`/api/v1/contact-center/references/${path}`);
      }
      // An API key pasted into a path and a query; a password typed as a username, and a NISS too.
      await company.get(`/api/v1/presences/${company.key}`);
      await company.get(`/api/v1/presences?from=2026-03-10&to=2026-03-10&employer=${company.key}`);
      const browser = new WebClient(registry.app);
      await browser.signIn('Tr0ub4dor&3-secret', user.password);
      await browser.signIn(niss, user.password);
      await browser.signIn(user.username, 'not-the-password');
      const text = JSON.stringify(await trail());
      for (const secret of [...spellings, company.key, 'Tr0ub4dor', user.password, 'not-the-password'])
        expect(text).not.toContain(secret);
      // What the trail does keep: the routes, a valid id, and the account a failed sign-in named.
      expect(text).toContain('"target":"/api/v1/presences/…"');
      expect(text).toContain(`"target":"/api/v1/workplaces/${workplaceId}"`.slice(0, 10));
      const signIns = (await trail()).filter((r) => r.action === 'POST /sign-in');
      expect(signIns.map((r) => r.actor.id)).toEqual(['', '', user.username]);
    });

    it('records the ids a path names, and `…` for anything else typed there', async () => {
      const [result] = await registry.register(company, registry.presenceItem(workplaceId, company));
      const { id, receiptNumber } = result.presence as { id: string; receiptNumber: string };
      await company.get(`/api/v1/presences/${id}`);
      await company.get(`/api/v1/presences/${receiptNumber}`);
      await company.get(`/api/v1/presences/${encodeURIComponent('Jan Peeters')}`);
      const targets = (await trail())
        .filter((r) => r.action === 'GET /api/v1/presences/:id')
        .map((r) => r.target);
      expect(targets).toEqual([
        `/api/v1/presences/${id}`,
        `/api/v1/presences/${receiptNumber}`,
        '/api/v1/presences/…',
      ]);
    });
  });

  describe.skipIf(!database.available)(`when the audit trail cannot be written (${database.name})`, () => {
    let registry: TestRegistry;
    afterEach(async () => {
      await registry.close();
    });

    it('keeps the record of a write made, refuses other writes until it is written, and says so in the log', async () => {
      registry = await TestRegistry.open(database);
      const failing = { appends: 0 };
      const trouble: string[] = [];
      // The real store, whose audit appends fail for a while (the database refusing them).
      const store: Store = Object.create(registry.deps.store) as Store;
      Object.defineProperty(store, 'audit', {
        value: {
          list: registry.deps.store.audit.list.bind(registry.deps.store.audit),
          append: async (...args: Parameters<Store['audit']['append']>) => {
            if (failing.appends > 0) {
              failing.appends -= 1;
              throw new Error('audit_log refused the row');
            }
            return registry.deps.store.audit.append(...args);
          },
        },
      });
      const audit = new AuditTrail(store, {
        failed: (_error, unwritten) => trouble.push(`failed ${unwritten}`),
        recovered: () => trouble.push('recovered'),
        abandoned: (unwritten) => trouble.push(`abandoned ${unwritten}`),
      });
      const app = await createRegistryApp({
        ...registry.deps,
        passwords: TEST_PASSWORDS,
        instance: registry.instance,
        audit,
        rateLimitPerMinute: 10_000_000,
      });
      try {
        const company = await registry.newCompany();
        const workplaceId = (await registry.newWorkplace(company)).id;
        const post = (niss: string) =>
          app.inject({
            method: 'POST',
            url: '/api/v1/presences',
            headers: { authorization: `Bearer ${company.key}` },
            payload: { presences: [registry.presenceItem(workplaceId, company, { worker: { niss } })] },
          });
        failing.appends = 3;
        const first = await post(registry.newNiss());
        expect(first.statusCode).toBe(200);
        await expect.poll(() => audit.unwritten).toBe(1);
        expect(trouble[0]).toBe('failed 1');
        // Until the first write's record is written, no write is made.
        const second = await post(registry.newNiss());
        expect(second.statusCode).toBe(503);
        expect(second.json()).toMatchObject({ error: { code: 'STORE_UNAVAILABLE' } });
        expect(second.headers['retry-after']).toBe('5');
        expect(await registeredCount(registry, workplaceId)).toBe(1);
        // Once the trail takes records again, the kept one is written and writes are accepted.
        await expect.poll(() => audit.unwritten, { timeout: 5_000 }).toBe(0);
        expect(trouble.at(-1)).toBe('recovered');
        expect((await post(registry.newNiss())).statusCode).toBe(200);
        await audit.drain();
        const records = await registry.deps.store.audit.list({ limit: 100 });
        // The kept record takes its place in the chain once written, after records written meanwhile.
        const outcomes = records.filter((r) => r.action === 'POST /api/v1/presences').map((r) => r.outcome);
        expect(outcomes.sort()).toEqual([200, 200, 503]);
      } finally {
        await app.close();
      }
    });
  });
}

async function registeredCount(registry: TestRegistry, workplaceId: string): Promise<number> {
  const inspector = await registry.newCaller('inspector');
  const reply = await inspector.get(
    `/api/v1/presences?from=${registry.today()}&to=${registry.today()}&workplaceId=${workplaceId}&limit=500`,
  );
  return (reply.body.presences as unknown[]).length;
}
