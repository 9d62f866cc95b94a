import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditTrail, verifyAudit } from '../../src/app/audit.js';
import type { AuditRecord } from '../../src/domain/audit.js';
import { openStore } from '../../src/composition/open-store.js';
import { DATABASES, runSql } from '../support/databases.js';
import { TestRegistry, type Caller } from '../support/registry.js';
import { WebClient } from '../support/web-client.js';

/**
 * The audit trail: every write and every read of personal data is recorded — who, when, what, from where —
 * append-only, each record chained to the one before; `GET /api/v1/audit` for administrators and inspectors;
 * any change or removal is found by the verification.
 */
for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the audit trail (${database.name})`, () => {
    let registry: TestRegistry;
    let company: Caller;
    let admin: Caller;
    let workplaceId: string;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      company = await registry.newCompany();
      admin = await registry.newCaller('admin');
      workplaceId = (await registry.newWorkplace(company)).id;
    });
    afterEach(async () => {
      await registry.close();
    });

    /** What the trail holds once the records of the requests answered so far are written. */
    async function trail(): Promise<AuditRecord[]> {
      await registry.audit.drain();
      return registry.deps.store.audit.list({ limit: 1_000 });
    }

    it('records a registration: who, when, what, on what, with which answer, from where', async () => {
      registry.clock.set('2026-03-10T07:15:00Z');
      const niss = registry.newNiss();
      await registry.register(company, registry.presenceItem(workplaceId, company, { worker: { niss } }));
      await registry.audit.drain();
      const record = (await trail()).find((r) => r.action === 'POST /api/v1/presences');
      expect(record).toMatchObject({
        at: '2026-03-10T07:15:00.000Z',
        actor: { kind: 'key', role: 'company', enterprise: company.enterprise, name: 'company for tests' },
        target: '/api/v1/presences',
        personalData: true,
        outcome: 200,
        source: '127.0.0.1',
      });
      expect(record?.actor.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(await trail())).not.toContain(niss);
    });

    it('records a search of presences without the NISS it searched for', async () => {
      const niss = registry.newNiss();
      await registry.register(company, registry.presenceItem(workplaceId, company, { worker: { niss } }));
      await registry.audit.drain();
      const search = await company.get(
        `/api/v1/presences?from=${registry.today()}&to=${registry.today()}&workplaceId=${workplaceId}&worker=${niss}`,
      );
      expect(search.status).toBe(200);
      const record = (await trail()).find((r) => r.action === 'GET /api/v1/presences');
      expect(record).toMatchObject({
        personalData: true,
        outcome: 200,
        details: { 'query.workplaceId': workplaceId, 'query.worker': '…', 'query.from': registry.today() },
      });
      expect(JSON.stringify(await trail())).not.toContain(niss);
    });

    it('records refused writes and refused reads too, with their answer', async () => {
      const stranger = await registry.newCompany();
      const [result] = await registry.register(company, registry.presenceItem(workplaceId, company));
      await registry.audit.drain();
      const id = (result as { presence: { id: string } }).presence.id;
      expect((await stranger.get(`/api/v1/presences/${id}`)).status).toBe(404);
      expect((await stranger.post('/api/v1/keys', { role: 'admin', name: 'me' })).status).toBe(403);
      const records = await trail();
      expect(records.find((r) => r.action === 'GET /api/v1/presences/:id')).toMatchObject({
        actor: { enterprise: stranger.enterprise },
        target: `/api/v1/presences/${id}`,
        outcome: 404,
      });
      expect(records.find((r) => r.action === 'POST /api/v1/keys')).toMatchObject({ outcome: 403 });
    });

    it('leaves out reads without personal data and requests from nobody', async () => {
      const before = (await trail()).length;
      expect((await company.get('/api/v1/workplaces')).status).toBe(200);
      expect((await registry.app.inject({ method: 'GET', url: '/api/v1/status' })).statusCode).toBe(200);
      expect((await registry.callerWith('sp_unknown').get('/api/v1/presences')).status).toBe(401);
      const chef = await registry.newUser('company', { enterprise: company });
      const browser = await WebClient.signedIn(registry.app, chef);
      const signedIn = (await trail()).length;
      expect(signedIn).toBe(before + 1);
      for (const path of [
        '/assets/app.css',
        '/sw.js',
        '/manifest.webmanifest',
        '/workplaces',
        '/language/nl',
      ])
        expect((await browser.get(path)).status, path).toBeLessThan(400);
      expect(await trail()).toHaveLength(signedIn);
    });

    it("records a signed-in user's pages and forms, and every sign-in attempt", async () => {
      const chef = await registry.newUser('company', { enterprise: company });
      const wrong = new WebClient(registry.app);
      await wrong.signIn(chef.username, 'not the password');
      const browser = await WebClient.signedIn(registry.app, chef);
      expect((await browser.get(`/workplaces/${workplaceId}`)).status).toBe(200);
      const records = await trail();
      const signIns = records.filter((r) => r.action === 'POST /sign-in');
      expect(signIns.map((r) => [r.actor.kind, r.actor.id, r.outcome >= 400])).toEqual([
        ['anonymous', chef.username, true],
        ['anonymous', chef.username, false],
      ]);
      expect(records.find((r) => r.action === 'GET /workplaces/:id')).toMatchObject({
        actor: { kind: 'user', id: chef.user.id, role: 'company', name: chef.username },
        personalData: true,
        outcome: 200,
      });
    });

    it('gives the trail to administrators and inspectors, page by page, and to nobody else', async () => {
      for (let i = 0; i < 3; i += 1)
        await registry.register(company, registry.presenceItem(workplaceId, company));
      await registry.audit.drain();
      const inspector = await registry.newCaller('inspector');
      const first = await inspector.get('/api/v1/audit?limit=2');
      expect(first.status).toBe(200);
      expect(first.body.records.map((r: AuditRecord) => r.seq)).toEqual([1, 2]);
      expect(first.body.next).toBe(2);
      const second = await admin.get(`/api/v1/audit?after=${first.body.next as number}&limit=1000`);
      expect(second.body.records[0].seq).toBe(3);
      expect(second.body.records[0].previousHash).toBe(first.body.records[1].hash);
      expect(second.body.next).toBeUndefined();
      expect(second.raw.headers['cache-control']).toBe('no-store');
      const others = {
        company,
        provider: await registry.newProvider(),
        agent: await registry.newCaller('agent'),
      };
      for (const [role, caller] of Object.entries(others)) {
        const refused = await caller.get('/api/v1/audit');
        expect(refused.status, role).toBe(403);
        expect(refused.body.error.code).toBe('ROLE_FORBIDDEN');
      }
    });

    it('reads a span of time, and names the field of a wrong instant', async () => {
      registry.clock.set('2026-03-11T09:00:00Z');
      await registry.register(
        company,
        registry.presenceItem(workplaceId, company, { registrationDate: '2026-03-11' }),
      );
      await registry.audit.drain();
      const span = await admin.get('/api/v1/audit?from=2026-03-11&to=2026-03-12');
      expect(span.body.records.length).toBeGreaterThan(0);
      for (const record of span.body.records as AuditRecord[]) expect(record.at >= '2026-03-11').toBe(true);
      const wrong = await admin.get('/api/v1/audit?from=yesterday');
      expect(wrong.status).toBe(400);
      expect(wrong.body.error).toMatchObject({ code: 'INSTANT_INVALID' });
      expect(wrong.body.error.details[0]).toMatchObject({ field: 'from' });
    });

    it('is append-only: the database refuses to change or remove a record', async () => {
      await registry.register(company, registry.presenceItem(workplaceId, company));
      await registry.audit.drain();
      await expect(
        runSql(database.name, registry.db.location, "UPDATE audit_log SET actor_name = 'someone else'"),
      ).rejects.toThrow(/append-only/);
      await expect(runSql(database.name, registry.db.location, 'DELETE FROM audit_log')).rejects.toThrow(
        /append-only/,
      );
    });

    describe('verification', () => {
      /** What someone with the database in hand could do: take the guards away. */
      async function dropGuards(): Promise<void> {
        const sql =
          database.name === 'sqlite'
            ? 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;'
            : 'ALTER TABLE audit_log DISABLE TRIGGER USER';
        for (const statement of sql.split(';').filter((s) => s.trim() !== ''))
          await runSql(database.name, registry.db.location, statement);
      }

      beforeEach(async () => {
        for (let i = 0; i < 4; i += 1)
          await registry.register(company, registry.presenceItem(workplaceId, company));
        await registry.audit.drain();
      });

      it('finds an intact chain intact, and gives its head', async () => {
        const verified = await verifyAudit(registry.deps.store);
        const records = await trail();
        expect(verified).toEqual({
          intact: true,
          records: records.length,
          head: { seq: records.length, hash: records.at(-1)?.hash },
        });
      });

      it('finds a changed record', async () => {
        await dropGuards();
        await runSql(database.name, registry.db.location, 'UPDATE audit_log SET outcome = 403 WHERE seq = 3');
        expect(await verifyAudit(registry.deps.store)).toMatchObject({
          intact: false,
          break: { kind: 'ALTERED', seq: 3 },
        });
      });

      it('finds a removed record, even when the one after is rewritten to hide it', async () => {
        await dropGuards();
        await runSql(database.name, registry.db.location, 'DELETE FROM audit_log WHERE seq = 2');
        expect(await verifyAudit(registry.deps.store)).toMatchObject({
          intact: false,
          break: { kind: 'MISSING', seq: 2 },
        });
        await runSql(database.name, registry.db.location, 'UPDATE audit_log SET seq = seq - 1 WHERE seq > 2');
        expect(await verifyAudit(registry.deps.store)).toMatchObject({ intact: false, break: { seq: 2 } });
      });

      it('finds records removed from the end against a head noted before', async () => {
        const noted = await verifyAudit(registry.deps.store);
        if (!noted.intact) throw new Error('the chain should be intact');
        await dropGuards();
        await runSql(
          database.name,
          registry.db.location,
          `DELETE FROM audit_log WHERE seq = ${noted.head.seq}`,
        );
        expect(await verifyAudit(registry.deps.store)).toMatchObject({ intact: true });
        expect(await verifyAudit(registry.deps.store, noted.head)).toMatchObject({
          intact: false,
          break: { kind: 'HEAD_NOT_FOUND', seq: noted.head.seq },
        });
      });
    });

    it('keeps the trail intact when two instances write to the same database at once', async () => {
      const { store: other } = await openStore(registry.db.location);
      try {
        const trails = [new AuditTrail(registry.deps.store), new AuditTrail(other)] as const;
        const entry = (i: number) => ({
          at: '2026-03-10T07:00:00.000Z',
          actor: { kind: 'command' as const, id: 'ops', name: `write ${i}` },
          action: 'command test',
          target: 'audit',
          personalData: false,
          outcome: 0,
          source: 'command line',
        });
        await Promise.all(
          Array.from({ length: 200 }, (_, i) => trails[i % 2 === 0 ? 0 : 1].record(entry(i))),
        );
        const verified = await verifyAudit(registry.deps.store);
        expect(verified).toMatchObject({ intact: true });
        expect((await trail()).filter((r) => r.action === 'command test')).toHaveLength(200);
      } finally {
        await other.close();
      }
    });
  });
}
