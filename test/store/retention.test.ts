import type { AppDeps } from '../../src/app/app-deps.js';
import { DEFAULT_CONTACT_CENTER } from '../../src/domain/procedure/contact-center.js';
import { PdfkitWriter } from '../../src/pdf/pdfkit-writer.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { purgePresences } from '../../src/app/retention.js';
import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { Niss } from '../../src/domain/niss.js';
import { newPresenceNumbers, PRESENCE_NUMBERS_RANDOM_BYTES } from '../../src/domain/presence-numbers.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import type { PresenceDraft } from '../../src/store/presence-repository.js';
import { createCryptoRandom } from '../../src/system/crypto-random.js';
import { presenceOf } from '../support/outcomes.js';
import { STORE_DATABASES, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import { TestRegistry, type Caller } from '../support/registry.js';
import { TestClock } from '../support/test-clock.js';

const random = createCryptoRandom();
const employer = enterpriseNumber(1) as EnterpriseNumber;
let workers = 0;

function draft(day: string, clientReference?: string): PresenceDraft {
  workers += 1;
  return {
    id: random.uuid(),
    workplaceId: 'OLDSITE001' as WorkplaceId,
    registrationDate: day as CalendarDate,
    worker: { niss: niss(workers) as Niss },
    employer,
    ...(clientReference === undefined ? {} : { clientReference }),
    channel: 'WEB_SERVICE',
    sender: { role: 'company', enterprise: employer },
    createdAt: `${day}T06:00:00.000Z`,
    mayCreate: true,
    relay: false,
    newNumbers: () => newPresenceNumbers(random.bytes(PRESENCE_NUMBERS_RANDOM_BYTES)),
  };
}

for (const database of STORE_DATABASES) {
  describe.skipIf(!database.available)(
    `keeping registrations seven years, then purging them (${database.label})`,
    () => {
      let db: OpenedDatabase;
      beforeEach(async () => {
        db = await database.open();
      });
      afterEach(async () => {
        await db.dispose();
      });

      it('says what it would purge on a dry run, purges on --apply, and keeps the rest', async () => {
        await db.store.maintain('2019-01-10' as CalendarDate);
        const old = await db.store.presences.register([draft('2019-01-15', 'old-1'), draft('2019-02-20')]);
        const kept = await db.store.presences.register([draft('2019-03-05'), draft('2019-06-01')]);

        const dry = await db.store.purge('2019-03-01' as CalendarDate, false);
        expect(dry).toMatchObject({ presences: 2, applied: false });
        for (const o of old) expect(await db.store.presences.get(presenceOf(o).id)).toBeDefined();

        const done = await db.store.purge('2019-03-01' as CalendarDate, true);
        expect(done).toMatchObject({ presences: 2, applied: true });
        if (database.name === 'postgres') {
          expect(done.partitions).toEqual(['presences_2018_12', 'presences_2019_01', 'presences_2019_02']);
        }
        for (const o of old) expect(await db.store.presences.get(presenceOf(o).id)).toBeUndefined();
        for (const k of kept) expect(await db.store.presences.get(presenceOf(k).id)).toBeDefined();
        // The clientReference went with its presence: the same reference registers anew.
        const [again] = await db.store.presences.register([draft('2019-03-06', 'old-1')]);
        expect(again?.kind).toBe('CREATED');
      });

      it('purges days kept outside the monthly partitions too', async () => {
        const [ancient] = await db.store.presences.register([draft('2015-05-05')]);
        const report = await db.store.purge('2016-01-01' as CalendarDate, true);
        expect(report.presences).toBe(1);
        expect(await db.store.presences.get(presenceOf(ancient).id)).toBeUndefined();
      });

      it('refuses to purge what is younger than seven years', async () => {
        const deps: AppDeps = {
          store: db.store,
          clock: new TestClock('2026-11-27T10:00:00Z'),
          random,
          contactCenter: DEFAULT_CONTACT_CENTER,
          pdf: new PdfkitWriter(),
          relaying: false,
        };
        const refused = await purgePresences(deps, { before: '2019-11-28', apply: true });
        expect(refused).toMatchObject({ ok: false, error: [{ code: 'RETENTION_NOT_REACHED' }] });
        const allowed = await purgePresences(deps, { before: '2019-11-27', apply: false });
        expect(allowed.ok).toBe(true);
      });
    },
  );
}

for (const database of STORE_DATABASES) {
  describe.skipIf(!database.available)(
    `keeping the emergency procedure's records seven years, then purging them (${database.label})`,
    () => {
      let registry: TestRegistry;
      beforeEach(async () => {
        // A day in 2019 when the registry could not be used: everything the procedure keeps as proof.
        registry = await TestRegistry.open(database, '2019-03-12T07:00:00Z');
      });
      afterEach(async () => {
        await registry.close();
      });

      async function procedureDay(company: Caller, workplaceId: string): Promise<void> {
        const opened = await company.post('/api/v1/incidents', {
          workplaceId,
          date: registry.today(),
          employer: company.enterprise,
          origin: 'OWN_COMPANY',
        });
        expect(opened.status).toBe(201);
        const id = opened.body.incident.id as string;
        await company.post(`/api/v1/incidents/${id}/events`, {
          type: 'CHANNEL_TRIED',
          channel: 'MOBILE',
          result: 'FAILED',
        });
        const form = await company.post('/api/v1/contact-form', {
          enterprise: company.enterprise,
          workplaceId,
          date: registry.today(),
          description: 'The tablet at the gate is broken',
          incidentId: id,
          contact: { name: 'Chef de chantier' },
        });
        expect(form.status).toBe(201);
        const listing = await company.post('/api/v1/paper-listings', {
          referenceNumber: form.body.referenceNumber,
          workplaceId,
          date: registry.today(),
          employer: company.enterprise,
        });
        expect(listing.status).toBe(201);
      }

      it('purges incidents with their events, reference numbers and paper listings with their lines, after seven years', async () => {
        const company = await registry.newCompany();
        const workplaceId = (await registry.newWorkplace(company, { endDate: registry.day(30) })).id;
        await procedureDay(company, workplaceId);
        registry.clock.set('2019-03-20T07:00:00Z');
        await procedureDay(company, workplaceId);

        registry.clock.set('2026-03-15T09:00:00Z');
        const deps = registry.deps;
        const tooSoon = await purgePresences(deps, { before: '2019-03-16', apply: true });
        expect(tooSoon).toMatchObject({ ok: false, error: [{ code: 'RETENTION_NOT_REACHED' }] });

        const dry = await purgePresences(deps, { before: '2019-03-15', apply: false });
        expect(dry).toMatchObject({
          ok: true,
          value: { incidents: 1, references: 1, paperListings: 1, applied: false },
        });
        const done = await purgePresences(deps, { before: '2019-03-15', apply: true });
        expect(done).toMatchObject({ ok: true, value: { incidents: 1, references: 1, paperListings: 1 } });

        const inspector = await registry.newCaller('inspector');
        const gone = await inspector.get(`/api/v1/inspections/workplaces/${workplaceId}/days/2019-03-12`);
        expect(gone.body).toMatchObject({ incidents: [], references: [], paperListings: [] });
        const kept = await inspector.get(`/api/v1/inspections/workplaces/${workplaceId}/days/2019-03-20`);
        expect(kept.body.incidents).toHaveLength(1);
        expect(kept.body.references).toHaveLength(1);
        expect(kept.body.paperListings).toHaveLength(1);
        const again = await purgePresences(deps, { before: '2019-03-15', apply: false });
        expect(again).toMatchObject({ value: { incidents: 0, references: 0, paperListings: 0 } });
      });
    },
  );
}
