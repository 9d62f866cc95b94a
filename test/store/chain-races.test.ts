import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../src/domain/calendar-date.js';
import {
  addContractor,
  chainAccess,
  type ChainAccess,
  type ContractorLink,
} from '../../src/domain/contractor-chain.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { Niss } from '../../src/domain/niss.js';
import { newPresenceNumbers, PRESENCE_NUMBERS_RANDOM_BYTES } from '../../src/domain/presence-numbers.js';
import { ok } from '../../src/domain/result.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import { openStore } from '../../src/composition/open-store.js';
import type { Store } from '../../src/store/store.js';
import { createCryptoRandom } from '../../src/system/crypto-random.js';
import { STORE_DATABASES, runSql, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import { runs } from '../support/long-runs.js';

const random = createCryptoRandom();
const day = '2026-03-10' as CalendarDate;
const company = (n: number) => enterpriseNumber(n) as EnterpriseNumber;
const declarant = company(1);

/** How many rounds each race is run: a race that is lost once in a while is still lost. */
const ROUNDS = runs(8, 40);

/**
 * Concurrent changes of one contractor chain, through two stores on one database (two registry instances, each
 * with its pool): whatever the interleaving, the chain's rules hold as they do one change after the other, and
 * the search index is exactly what the chain implies. SQLite serialises its writes; PostgreSQL runs them at once.
 */
for (const database of STORE_DATABASES) {
  describe.skipIf(!database.available)(
    `contractor chains changed at the same moment (${database.label})`,
    () => {
      let db: OpenedDatabase;
      let second: Store;
      let stores: Store[];
      let workplaces = 0;
      beforeEach(async () => {
        db = await database.open();
        await db.store.maintain(day);
        second = (await openStore(db.location)).store;
        stores = [db.store, second];
      });
      afterEach(async () => {
        await second.close();
        await db.dispose();
      });

      async function newWorkplace(): Promise<WorkplaceId> {
        workplaces += 1;
        const id = `RACE${String(workplaces).padStart(6, '0')}` as WorkplaceId;
        await db.store.workplaces.create({
          id,
          name: 'Chantier',
          address: { street: 'Rue de la Loi 16', postalCode: '1000', city: 'Bruxelles' },
          declarant,
          startDate: '2026-03-01' as CalendarDate,
          endDate: '2026-12-31' as CalendarDate,
          permanentlyWithoutInfrastructure: false,
          createdAt: '2026-03-01T07:00:00Z',
        });
        return id;
      }

      /** What the app does when someone acting for `actingFor` links a company: the domain's rule inside the write. */
      function link(store: Store, id: WorkplaceId, added: ContractorLink, actingFor: EnterpriseNumber) {
        return store.workplaces.changeChain(
          id,
          new Date().toISOString(),
          (chain) => {
            const result = addContractor(chain, added, new Set([actingFor]));
            return result.ok ? ok({ ...result.value, link: added }) : result;
          },
          chainAccess,
        );
      }

      it('lets only one of four contractors pull the same company below itself', async () => {
        for (let round = 0; round < ROUNDS; round += 1) {
          const id = await newWorkplace();
          const contractors = [2, 3, 4, 5].map(company);
          for (const c of contractors)
            await link(db.store, id, { enterprise: c, parent: declarant }, declarant);
          const target = company(9);
          const outcomes = await Promise.all(
            contractors.map((c, i) => link(stores[i % 2]!, id, { enterprise: target, parent: c }, c)),
          );
          const made = outcomes.filter((o) => o?.ok === true && o.value.added);
          const refused = outcomes.flatMap((o) => (o?.ok === false ? [o.error.code] : []));
          expect(made, `round ${round}`).toHaveLength(1);
          expect(refused, `round ${round}`).toEqual([
            'CONTRACTOR_ALREADY_IN_CHAIN',
            'CONTRACTOR_ALREADY_IN_CHAIN',
            'CONTRACTOR_ALREADY_IN_CHAIN',
          ]);
          const chain = (await db.store.workplaces.get(id))!.chain;
          expect(chain.links.filter((l) => l.enterprise === target)).toHaveLength(1);
        }
      });

      it('refuses one of two links that would close a cycle when made together', async () => {
        for (let round = 0; round < ROUNDS; round += 1) {
          const id = await newWorkplace();
          const [b, c] = [company(2), company(3)];
          await link(db.store, id, { enterprise: b, parent: declarant }, declarant);
          await link(db.store, id, { enterprise: c, parent: declarant }, declarant);
          // The declarant may link anywhere: c below b and b below c, at once, from two instances.
          const outcomes = await Promise.all([
            link(stores[0]!, id, { enterprise: c, parent: b }, declarant),
            link(stores[1]!, id, { enterprise: b, parent: c }, declarant),
          ]);
          expect(
            outcomes.filter((o) => o?.ok === true && o.value.added),
            `round ${round}`,
          ).toHaveLength(1);
          expect(outcomes.flatMap((o) => (o?.ok === false ? [o.error.code] : []))).toEqual([
            'CONTRACTOR_CYCLE',
          ]);
        }
      });

      it('keeps the search index equal to what the chain implies after many links made at once', async () => {
        const rounds = Math.max(2, ROUNDS / 4);
        for (let round = 0; round < rounds; round += 1) {
          const id = await newWorkplace();
          const top = Array.from({ length: 10 }, (_, i) => company(10 + i));
          const below = Array.from({ length: 10 }, (_, i) => company(30 + i));
          // Ten links under the declarant at once; then ten more below those, each once its parent is there.
          const added = await Promise.all(
            top.map((c, i) => link(stores[i % 2]!, id, { enterprise: c, parent: declarant }, declarant)),
          );
          expect(added.every((o) => o?.ok === true && o.value.added)).toBe(true);
          const deeper = await Promise.all(
            below.map((c, i) => link(stores[(i + 1) % 2]!, id, { enterprise: c, parent: top[i]! }, top[i]!)),
          );
          expect(deeper.every((o) => o?.ok === true && o.value.added)).toBe(true);

          const chain = (await db.store.workplaces.get(id))!.chain;
          expect(chain.links).toHaveLength(20);
          // Every employer registers one worker; each finds its own, each parent its child's, the declarant all.
          const employers = [declarant, ...top, ...below];
          const outcomes = await db.store.presences.register(
            employers.map((employer, i) => ({
              id: random.uuid(),
              workplaceId: id,
              registrationDate: day,
              worker: { niss: niss(1000 * round + i) as Niss },
              employer,
              channel: 'WEB_SERVICE' as const,
              sender: { role: 'company' as const, enterprise: employer },
              createdAt: '2026-03-10T07:00:00.000Z',
              mayCreate: true,
              relay: false,
              newNumbers: () => newPresenceNumbers(random.bytes(PRESENCE_NUMBERS_RANDOM_BYTES)),
            })),
          );
          expect(outcomes.every((o) => o.kind === 'CREATED')).toBe(true);
          const seenBy = async (viewer: EnterpriseNumber) => {
            const { presences } = await db.store.presences.search({
              from: day,
              to: day,
              workplaceId: id,
              limit: 500,
              scope: { kind: 'CHAIN', actingFor: [viewer] },
            });
            return new Set(presences.map((p) => p.employer));
          };
          expect((await seenBy(declarant)).size, `round ${round}`).toBe(21);
          for (let i = 0; i < 10; i += 1) {
            expect(await seenBy(top[i]!), `round ${round}, contractor ${i}`).toEqual(
              new Set([top[i], below[i]]),
            );
            expect(await seenBy(below[i]!), `round ${round}, subcontractor ${i}`).toEqual(
              new Set([below[i]]),
            );
          }
          const report = await db.store.workplaces.repairAccess(chainAccess, false);
          expect(report.differing).toEqual([]);
        }
      });

      it('finds and rebuilds a search index that differs from the chain (sitepresence doctor)', async () => {
        const id = await newWorkplace();
        await link(db.store, id, { enterprise: company(2), parent: declarant }, declarant);
        await link(db.store, id, { enterprise: company(3), parent: company(2) }, company(2));
        const expected = sorted(chainAccess((await db.store.workplaces.get(id))!.chain));
        // Damage the index as a lost race would have: the contractors' rows gone, one pair that should not be.
        await runSql(
          database.name,
          db.location,
          `DELETE FROM workplace_access WHERE workplace_id = '${id}' AND viewer <> '${declarant}'`,
        );
        await runSql(
          database.name,
          db.location,
          `INSERT INTO workplace_access (workplace_id, viewer, employer) VALUES ('${id}', '${company(3)}', '${declarant}')`,
        );
        const dryRun = await db.store.workplaces.repairAccess(chainAccess, false);
        expect(dryRun).toMatchObject({
          workplaces: 1,
          differing: [{ workplaceId: id, missing: 3, extra: 1 }],
        });
        const repaired = await db.store.workplaces.repairAccess(chainAccess, true);
        expect(repaired.differing).toEqual(dryRun.differing);
        expect((await db.store.workplaces.repairAccess(chainAccess, false)).differing).toEqual([]);
        expect(sorted(await db.store.workplaces.accessOf(id))).toEqual(expected);
      });
    },
  );
}

function sorted(pairs: readonly ChainAccess[]): string[] {
  return pairs.map((p) => `${p.viewer}>${p.employer}`).sort();
}
