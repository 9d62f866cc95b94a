import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

/** A real database the whole suite runs against, opened fresh for each test file or test. */
export interface TestDatabase {
  readonly name: string;
  open(): Promise<OpenedDatabase>;
}

/** An opened test database: its store, and how to close and throw it away. */
export interface OpenedDatabase {
  readonly store: Store;
  /** What `openStore` takes to open the same database again (as a restarted server would). */
  readonly location: string;
  dispose(): Promise<void>;
}

const sqliteFile: TestDatabase = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'sitepresence-test-'));
    const location = join(dir, 'registry.db');
    const { store } = await openStore(location);
    return {
      store,
      location,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/**
 * Every database the suite runs against: `for (const db of DATABASES) describe(db.name, …)`. The same tests
 * on every adapter, so that they cannot drift.
 */
export const DATABASES: readonly TestDatabase[] = [sqliteFile];
