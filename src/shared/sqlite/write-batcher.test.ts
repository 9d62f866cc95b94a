import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteBatcher } from './write-batcher.js';

describe('the group commit of SQLite writes', () => {
  let dir: string;
  let db: Database.Database;
  let batcher: WriteBatcher;
  const count = () => db.prepare<[], number>('SELECT count(*) FROM t').pluck().get();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sitepresence-batcher-'));
    db = new Database(join(dir, 'b.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (v TEXT NOT NULL)');
    batcher = new WriteBatcher(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the writes of one turn together, each answered after the commit', async () => {
    const results = await Promise.all(
      [1, 2, 3].map((n) => batcher.run(() => db.prepare('INSERT INTO t VALUES (?)').run(String(n)).changes)),
    );
    expect(results).toEqual([1, 1, 1]);
    expect(count()).toBe(3);
  });

  it('undoes only the job that fails when the others can stand', async () => {
    const settled = await Promise.allSettled([
      batcher.run(() => db.prepare('INSERT INTO t VALUES (?)').run('a')),
      batcher.run(() => db.prepare('INSERT INTO t VALUES (NULL)').run()),
      batcher.run(() => db.prepare('INSERT INTO t VALUES (?)').run('c')),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(count()).toBe(2);
  });

  it('rejects every job and writes none when the disk is full', async () => {
    db.prepare('INSERT INTO t VALUES (?)').run('seed');
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const big = 'x'.repeat(64 * 1024);
    const settled = await Promise.allSettled([
      batcher.run(() => db.prepare('INSERT INTO t VALUES (?)').run('small')),
      batcher.run(() => db.prepare('INSERT INTO t VALUES (?)').run(big)),
      batcher.run(() => db.prepare('INSERT INTO t VALUES (?)').run('small too')),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    db.pragma('max_page_count = 1073741823');
    expect(count()).toBe(1);
  });
});
