import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainAccess, type ContractorLink } from '../../src/domain/contractor-chain.js';
import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import { ok } from '../../src/domain/result.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import { openStore } from '../../src/composition/open-store.js';
import type { Store } from '../../src/store/store.js';
import { enterpriseNumber } from '../support/identifiers.js';

const declarant = enterpriseNumber(1) as EnterpriseNumber;

function workplace(n: number) {
  return {
    id: `THREAD${String(n).padStart(4, '0')}` as WorkplaceId,
    name: `works ${n}`,
    address: { street: 's', postalCode: '1000', city: 'c' },
    declarant,
    startDate: '2026-03-01' as CalendarDate,
    endDate: '2026-12-31' as CalendarDate,
    permanentlyWithoutInfrastructure: false,
    createdAt: '2026-03-10T07:00:00Z',
  };
}

describe('SQLite as a server opens it: the writes on a thread of their own', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sitepresence-thread-'));
    store = (await openStore(join(dir, 'registry.db'), { serving: true })).store;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('forgets a revoked key in the same turn as the revocation settles: no request after it is let in', async () => {
    await store.apiKeys.create({
      id: 'k1',
      hash: 'h1',
      role: 'admin',
      name: 'x',
      createdAt: '2026-03-10T07:00:00Z',
    });
    expect((await store.apiKeys.findByHash('h1'))?.revokedAt).toBeUndefined();
    await store.apiKeys.revoke('k1', '2026-03-10T08:00:00.000Z');
    expect((await store.apiKeys.findByHash('h1'))?.revokedAt).toBe('2026-03-10T08:00:00.000Z');
  });

  it('makes the writes that stay on the serving thread while the writer thread is busy, neither waiting on the other', async () => {
    const link = (n: number): ContractorLink => ({
      enterprise: enterpriseNumber(100 + n) as EnterpriseNumber,
      parent: declarant,
    });
    await store.workplaces.create(workplace(0));
    const id = workplace(0).id;
    // Chain changes (made on the serving thread) interleaved with workplaces created on the writer thread.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        n % 2 === 0
          ? store.workplaces.create(workplace(n + 1))
          : store.workplaces.changeChain(
              id,
              '2026-03-10T08:00:00Z',
              (chain) => {
                const added = link(n);
                return ok({ chain: { ...chain, links: [...chain.links, added] }, added: true, link: added });
              },
              chainAccess,
            ),
      ),
    );
    expect(results.every((r) => r !== undefined && r !== false)).toBe(true);
    expect((await store.workplaces.get(id))?.chain.links).toHaveLength(10);
    expect(await store.workplaces.list('ALL')).toHaveLength(11);
  });

  it('says the store is unavailable once its writer thread is gone, rather than answer as healthy', async () => {
    await store.ping();
    const stopped = (store as unknown as { thread: { close(): Promise<void> } }).thread;
    await stopped.close();
    await expect(store.ping()).rejects.toThrow(/writer thread/);
    await expect(store.users.create({} as never)).rejects.toThrow(/writer thread/);
  });
});
