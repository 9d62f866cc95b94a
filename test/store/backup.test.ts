import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/composition/open-store.js';
import { RestoreRefused, restoreSqliteBackup } from '../../src/store/sqlite/sqlite-restore.js';
import { STORE_DATABASES } from '../support/databases.js';
import { TestRegistry } from '../support/registry.js';

const sqlite = STORE_DATABASES.find((d) => d.name === 'sqlite');
const postgres = STORE_DATABASES.find((d) => d.name === 'postgres');

describe('a backup of the SQLite registry, and its restore', () => {
  let dir: string;
  let registry: TestRegistry;

  beforeEach(async () => {
    if (sqlite === undefined) throw new Error('SQLite is always there');
    dir = mkdtempSync(join(tmpdir(), 'sitepresence-backup-'));
    registry = await TestRegistry.open(sqlite);
  });
  afterEach(async () => {
    await registry.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is made while registrations go on, holds every one acknowledged before it, and opens as a registry again', async () => {
    const company = await registry.newCompany();
    const { id: workplaceId } = await registry.newWorkplace(company);
    const before = await registry.register(
      company,
      ...Array.from({ length: 150 }, () => registry.presenceItem(workplaceId, company)),
    );
    const file = join(dir, 'backup.db');
    // Registrations keep coming while the copy is made.
    const during = registry.register(
      company,
      ...Array.from({ length: 150 }, () => registry.presenceItem(workplaceId, company)),
    );
    const report = await registry.deps.store.backup(file);
    await during;
    expect(report).toMatchObject({ kind: 'COPIED', file });
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const restored = join(dir, 'restored.db');
    restoreSqliteBackup(file, restored, false);
    const { store, applied } = await openStore(restored);
    try {
      expect(applied).toEqual([]);
      for (const result of before) expect(await store.presences.get(result.presence.id)).toBeDefined();
    } finally {
      await store.close();
    }
  });

  it('never replaces a database unless told, and refuses a file that is not a registry', async () => {
    const file = join(dir, 'backup.db');
    await registry.deps.store.backup(file);
    const target = join(dir, 'target.db');
    restoreSqliteBackup(file, target, false);
    expect(() => {
      restoreSqliteBackup(file, target, false);
    }).toThrow(RestoreRefused);
    restoreSqliteBackup(file, target, true);
    expect(existsSync(`${target}-wal`)).toBe(false);
    expect(() => {
      restoreSqliteBackup(join(dir, 'none.db'), join(dir, 'x.db'), false);
    }).toThrow(/No backup/);
    const stranger = join(dir, 'stranger.db');
    const db = new Database(stranger);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => {
      restoreSqliteBackup(stranger, join(dir, 'y.db'), false);
    }).toThrow(/not a backup of the registry/);
  });
});

describe.skipIf(postgres === undefined || !postgres.available)('a backup of the PostgreSQL registry', () => {
  it('is left to pg_dump, and says how', async () => {
    if (postgres === undefined) return;
    const registry = await TestRegistry.open(postgres);
    try {
      expect(await registry.deps.store.backup('/tmp/never-written.db')).toMatchObject({
        kind: 'NOT_SUPPORTED',
        how: expect.stringContaining('pg_dump'),
      });
    } finally {
      await registry.close();
    }
  });
});
