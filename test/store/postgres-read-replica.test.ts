import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { Niss } from '../../src/domain/niss.js';
import { newPresenceNumbers, PRESENCE_NUMBERS_RANDOM_BYTES } from '../../src/domain/presence-numbers.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import { openStore } from '../../src/composition/open-store.js';
import type { Store } from '../../src/store/store.js';
import { createCryptoRandom } from '../../src/system/crypto-random.js';
import { DATABASES, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';

const postgres = DATABASES.find((db) => db.name === 'postgres')!;
const random = createCryptoRandom();

describe.skipIf(!postgres.available)('a PostgreSQL read replica for inspection reads', () => {
  let primary: OpenedDatabase;
  let replica: OpenedDatabase;
  let store: Store;
  beforeAll(async () => {
    primary = await postgres.open();
    // Stands for a replica that has not caught up yet: another database, without the rows just written.
    replica = await postgres.open();
    await primary.store.close();
    store = (await openStore(primary.location, { readDatabase: replica.location })).store;
    await store.maintain('2026-03-10' as CalendarDate);
  });
  afterAll(async () => {
    await store.close();
    await primary.dispose();
    await replica.dispose();
  });

  it("serves inspectors' searches from the replica, and everything else from the primary", async () => {
    const employer = enterpriseNumber(1) as EnterpriseNumber;
    await store.presences.register([
      {
        id: random.uuid(),
        workplaceId: 'REPLICA001' as WorkplaceId,
        registrationDate: '2026-03-10' as CalendarDate,
        worker: { niss: niss(1) as Niss },
        employer,
        channel: 'WEB_SERVICE',
        sender: { role: 'company', enterprise: employer },
        createdAt: '2026-03-10T07:00:00.000Z',
        mayCreate: true,
        relay: false,
        newNumbers: () => newPresenceNumbers(random.bytes(PRESENCE_NUMBERS_RANDOM_BYTES)),
      },
    ]);
    await store.workplaces.create({
      id: 'REPLICA001' as WorkplaceId,
      name: 'n',
      address: { street: 's', postalCode: '1000', city: 'c' },
      declarant: employer,
      startDate: '2026-03-01' as CalendarDate,
      endDate: '2026-12-31' as CalendarDate,
      permanentlyWithoutInfrastructure: false,
      createdAt: '2026-03-10T07:00:00.000Z',
    });
    const query = {
      from: '2026-03-10' as CalendarDate,
      to: '2026-03-10' as CalendarDate,
      workplaceId: 'REPLICA001' as WorkplaceId,
      limit: 10,
    };
    const inspector = await store.presences.search({ ...query, scope: { kind: 'ALL' } });
    const company = await store.presences.search({
      ...query,
      scope: { kind: 'CHAIN', actingFor: [employer] },
    });
    expect(inspector.presences).toHaveLength(0); // the lagging replica
    expect(company.presences).toHaveLength(1); // the primary, which has what was just written
  });
});
