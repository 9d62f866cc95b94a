import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainAccess, type ContractorLink } from '../../src/domain/contractor-chain.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import { ok } from '../../src/domain/result.js';
import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import { openStore } from '../../src/composition/open-store.js';
import type { Store } from '../../src/store/store.js';
import { STORE_DATABASES, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber } from '../support/identifiers.js';

const declarant = enterpriseNumber(1) as EnterpriseNumber;
const contractor = enterpriseNumber(2) as EnterpriseNumber;

for (const database of STORE_DATABASES) {
  describe.skipIf(!database.available)(`one database, two connections (${database.label})`, () => {
    let db: OpenedDatabase;
    let other: Store;
    beforeEach(async () => {
      db = await database.open();
      other = (await openStore(db.location)).store;
    });
    afterEach(async () => {
      await other.close();
      await db.dispose();
    });

    it('refuses a key revoked through another connection (the CLI, another server) within a moment', async () => {
      const key = {
        id: 'k1',
        hash: 'h1',
        role: 'admin' as const,
        name: 'x',
        createdAt: '2026-03-10T07:00:00Z',
      };
      await db.store.apiKeys.create(key);
      expect((await db.store.apiKeys.findByHash('h1'))?.revokedAt).toBeUndefined();
      await other.apiKeys.revoke('k1', '2026-03-10T08:00:00.000Z');
      // SQLite sees it on the next read; another PostgreSQL instance once the notification arrives (milliseconds).
      await expect
        .poll(async () => (await db.store.apiKeys.findByHash('h1'))?.revokedAt, { timeout: 2_000 })
        .toBe('2026-03-10T08:00:00.000Z');
    });

    it('sees a contractor added through another connection within a moment', async () => {
      const id = 'SHARED0001' as WorkplaceId;
      await db.store.workplaces.create({
        id,
        name: 'n',
        address: { street: 's', postalCode: '1000', city: 'c' },
        declarant,
        startDate: '2026-03-01' as CalendarDate,
        endDate: '2026-12-31' as CalendarDate,
        permanentlyWithoutInfrastructure: false,
        createdAt: '2026-03-10T07:00:00Z',
      });
      expect((await db.store.workplaces.get(id))?.chain.links).toEqual([]);
      const link: ContractorLink = { enterprise: contractor, parent: declarant };
      await other.workplaces.changeChain(
        id,
        '2026-03-10T08:00:00Z',
        (chain) => ok({ chain: { ...chain, links: [...chain.links, link] }, added: true, link }),
        chainAccess,
      );
      await expect
        .poll(async () => (await db.store.workplaces.get(id))?.chain.links, { timeout: 2_000 })
        .toEqual([link]);
    });
  });
}
