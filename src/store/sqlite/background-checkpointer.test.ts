import type { AppDeps } from '../../app/app-deps.js';
import { DEFAULT_CONTACT_CENTER } from '../../domain/procedure/contact-center.js';
import { PdfkitWriter } from '../../pdf/pdfkit-writer.js';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../app/api-keys.js';
import { createCryptoRandom } from '../../system/crypto-random.js';
import { systemClock } from '../../system/system-clock.js';
import { openSqliteStore } from './sqlite-store.js';

describe('checkpoints in a thread of their own', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sitepresence-checkpoint-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('copy committed pages into the database file while the serving connection only appends to the log', async () => {
    const path = join(dir, 'registry.db');
    const { store } = await openSqliteStore({ path, backgroundCheckpoints: true });
    const before = statSync(path).size;
    const deps: AppDeps = {
      store,
      clock: systemClock,
      random: createCryptoRandom(),
      contactCenter: DEFAULT_CONTACT_CENTER,
      pdf: new PdfkitWriter(),
      relaying: false,
    };
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        createApiKey(deps, { role: 'inspector', name: `inspector ${i} ${'x'.repeat(150)}` }),
      ),
    );
    // The serving connection checkpoints only past thousands of pages: a larger file is the thread's work.
    await expect.poll(() => statSync(path).size, { timeout: 5_000, interval: 100 }).toBeGreaterThan(before);
    await store.close();
    const reopened = await openSqliteStore({ path });
    expect(reopened.applied).toEqual([]);
    await reopened.store.close();
  });
});
