import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, runSql, type OpenedDatabase } from '../support/databases.js';
import { createKeyWithCli, runCli } from '../support/processes.js';

/** `sitepresence audit verify` and `audit list`, and the commands that leave their mark in the trail. */
for (const db of DATABASES)
  describe.skipIf(!db.available)(`sitepresence audit (${db.name})`, () => {
    let opened: OpenedDatabase;
    let database: string;
    beforeAll(async () => {
      opened = await db.open();
      database = opened.location;
      await opened.store.close();
    });
    afterAll(async () => {
      await opened.dispose();
    });

    it('records the commands that change the registry or read personal data, with who ran them', () => {
      createKeyWithCli(database, { role: 'admin', name: 'ops' });
      expect(runCli(['purge', '--before', '2019-01-01', '--database', database]).status).toBe(0);
      const listed = runCli(['audit', 'list', '--database', database]);
      expect(listed.status).toBe(0);
      const records = listed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { action: string; actor: { kind: string }; details: object });
      expect(records.map((r) => r.action)).toEqual(['command keys create', 'command purge']);
      expect(records[0]).toMatchObject({
        actor: { kind: 'command' },
        details: { role: 'admin', name: 'ops' },
      });
      expect(records[1]).toMatchObject({ details: { before: '2019-01-01' } });
      expect(listed.stdout).not.toMatch(/sp_[A-Za-z0-9_-]{32}/);
    });

    it('says an intact trail is intact and prints its head; a changed one makes it fail', async () => {
      const intact = runCli(['audit', 'verify', '--database', database]);
      expect(intact.status).toBe(0);
      const head = /Head: (\d+:[0-9a-f]{64})/.exec(intact.stderr)?.[1];
      expect(head).toBeDefined();
      expect(runCli(['audit', 'verify', '--head', head ?? '', '--database', database]).status).toBe(0);

      await runSql(
        db.name,
        database,
        db.name === 'sqlite'
          ? 'DROP TRIGGER audit_log_no_update'
          : 'ALTER TABLE audit_log DISABLE TRIGGER USER',
      );
      await runSql(db.name, database, "UPDATE audit_log SET actor_id = 'someone else' WHERE seq = 1");
      const broken = runCli(['audit', 'verify', '--database', database]);
      expect(broken.status).toBe(1);
      expect(broken.stderr).toContain('record 1 was changed');
    });

    it('refuses a head that is not one it printed', () => {
      const wrong = runCli(['audit', 'verify', '--head', '3:abc', '--database', database]);
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toContain('--head');
    });
  });
