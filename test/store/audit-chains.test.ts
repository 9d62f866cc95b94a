import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditTrail, verifyAudit } from '../../src/app/audit.js';
import type { AuditEntry } from '../../src/domain/audit.js';
import { openStore } from '../../src/composition/open-store.js';
import type { Store } from '../../src/store/store.js';
import { DATABASES, runSql, type OpenedDatabase } from '../support/databases.js';

const entry = (writer: number, i: number): AuditEntry => ({
  at: '2026-03-10T07:00:00.000Z',
  actor: {
    kind: 'key',
    id: `key-${writer}`,
    role: 'company',
    enterprise: '0403170701',
    name: `writer ${writer}`,
  },
  action: 'POST /api/v1/presences',
  target: '/api/v1/presences',
  personalData: true,
  outcome: 200,
  source: '192.0.2.1',
  details: { n: i },
});

/** Several writers (as several instances would be) recording at once, each as its requests arrive. */
async function writeAtOnce(stores: readonly Store[], each: number): Promise<void> {
  const trails = stores.map((store) => new AuditTrail(store));
  await Promise.all(
    trails.flatMap((trail, writer) =>
      Array.from({ length: each }, (_, i) =>
        // Spread over turns, as requests arrive: each turn's records go in one append.
        new Promise<void>((resolve) => setTimeout(resolve, i % 7)).then(() => trail.record(entry(writer, i))),
      ),
    ),
  );
  await Promise.all(trails.map((trail) => trail.drain()));
}

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the audit trail's chains (${database.name})`, () => {
    let db: OpenedDatabase;
    let others: Store[];
    beforeEach(async () => {
      db = await database.open();
      others = [];
      for (let i = 0; i < 3; i += 1) others.push((await openStore(db.location)).store);
    });
    afterEach(async () => {
      for (const other of others) await other.close();
      await db.dispose();
    });

    it('stays intact when four writers on one database append at once, and loses no record', async () => {
      await writeAtOnce([db.store, ...others], 150);
      const verified = await verifyAudit(db.store);
      expect(verified).toMatchObject({ intact: true, records: 600 });
      const all = await db.store.audit.list({ limit: 10_000 });
      expect(all).toHaveLength(600);
      expect(new Set(all.map((r) => r.seq)).size).toBe(600);
      // The head given is the trail's last record.
      if (!verified.intact) throw new Error('the trail should be intact');
      expect(verified.head).toEqual({ seq: all.at(-1)?.seq, hash: all.at(-1)?.hash });
      expect(await verifyAudit(db.store, verified.head)).toMatchObject({ intact: true });
    });

    if (database.name === 'postgres') {
      /** What someone with the database in hand could do: take the guards away, then change the trail. */
      async function tamper(sql: string): Promise<void> {
        await runSql('postgres', db.location, 'ALTER TABLE audit_log DISABLE TRIGGER USER');
        await runSql('postgres', db.location, sql);
      }

      async function someChain(): Promise<string> {
        const chains = await db.store.audit.chains();
        const chain = chains.find((c) => c !== '');
        if (chain === undefined) throw new Error('no chain of its own was written');
        return chain;
      }

      it('gives each writer a chain of its own, each numbered from 1 without gaps', async () => {
        await writeAtOnce([db.store, ...others], 40);
        const chains = await db.store.audit.chains();
        expect(chains).toHaveLength(4);
        for (const chain of chains) {
          const records = await db.store.audit.chain({ chain, after: 0, limit: 1_000 });
          expect(records.map((r) => r.position)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
          expect(new Set(records.map((r) => r.actor.name)).size).toBe(1);
        }
      });

      it('takes no lock shared with other writers: one stuck in a transaction mid-append holds up no other', async () => {
        const blocker = new pg.Client({ connectionString: db.location });
        await blocker.connect();
        try {
          // A writer of an older version, holding the lock every append once took, and stuck there.
          await blocker.query('BEGIN');
          await blocker.query('SELECT pg_advisory_xact_lock(7346001)');
          await writeAtOnce([db.store], 10);
          await blocker.query('ROLLBACK');
        } finally {
          await blocker.end();
        }
        expect(await verifyAudit(db.store)).toMatchObject({ intact: true, records: 10 });
      });

      it("finds a changed record in an instance's chain, naming the chain", async () => {
        await writeAtOnce([db.store, ...others], 5);
        const chain = await someChain();
        await tamper(`UPDATE audit_log SET outcome = 403 WHERE chain = '${chain}' AND position = 3`);
        expect(await verifyAudit(db.store)).toMatchObject({
          intact: false,
          break: { kind: 'ALTERED', seq: 3, chain },
        });
      });

      it("finds a record removed from the middle of an instance's chain", async () => {
        await writeAtOnce([db.store, ...others], 5);
        const chain = await someChain();
        await tamper(`DELETE FROM audit_log WHERE chain = '${chain}' AND position = 2`);
        expect(await verifyAudit(db.store)).toMatchObject({
          intact: false,
          break: { kind: 'MISSING', seq: 2, found: 3, chain },
        });
        // Renumbered to hide the gap, the record after no longer follows the one before.
        await runSql(
          'postgres',
          db.location,
          `UPDATE audit_log SET position = position - 1 WHERE chain = '${chain}' AND position > 2`,
        );
        expect(await verifyAudit(db.store)).toMatchObject({
          intact: false,
          break: { kind: 'NOT_CHAINED', seq: 2, chain },
        });
      });

      it('finds a record moved from one chain to another', async () => {
        await writeAtOnce([db.store, ...others], 5);
        const [a, b] = (await db.store.audit.chains()).filter((c) => c !== '');
        if (a === undefined || b === undefined) throw new Error('two chains were written');
        // Swapped whole (the unique index dropped first): each chain keeps its numbering and its links, but the
        // hashes cover the chain's name.
        await tamper('DROP INDEX audit_log_chain_position');
        await runSql(
          'postgres',
          db.location,
          `UPDATE audit_log SET chain = CASE chain WHEN '${a}' THEN '${b}' ELSE '${a}' END
            WHERE chain IN ('${a}', '${b}') AND position = 5`,
        );
        expect(await verifyAudit(db.store)).toMatchObject({ intact: false, break: { seq: 5 } });
      });

      it("finds records cut from the end of an instance's chain against a head noted before", async () => {
        await writeAtOnce([db.store], 5);
        const noted = await verifyAudit(db.store);
        if (!noted.intact) throw new Error('the trail should be intact');
        await tamper(`DELETE FROM audit_log WHERE seq = ${noted.head.seq}`);
        expect(await verifyAudit(db.store)).toMatchObject({ intact: true, records: 4 });
        expect(await verifyAudit(db.store, noted.head)).toMatchObject({
          intact: false,
          break: { kind: 'HEAD_NOT_FOUND', seq: noted.head.seq },
        });
      });

      it('goes on after an append the database refused, from where its chain really ends', async () => {
        const trail = new AuditTrail(db.store);
        await trail.record(entry(0, 0));
        // PostgreSQL refuses a NUL in text: that append fails, and the next one reads the chain's end again.
        await expect(trail.record({ ...entry(0, 1), source: 'nul \u0000 here' })).rejects.toThrow();
        await trail.record(entry(0, 2));
        await trail.drain();
        expect(await verifyAudit(db.store)).toMatchObject({ intact: true, records: 2 });
        const [chain] = await db.store.audit.chains();
        const records = await db.store.audit.chain({ chain: chain ?? '', after: 0, limit: 10 });
        expect(records.map((r) => r.position)).toEqual([1, 2]);
      });
    }
  });
}
