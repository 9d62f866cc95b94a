import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDuePresences } from '../../src/app/validate-presences.js';
import type { CalendarDate } from '../../src/domain/calendar-date.js';
import { chainAccess } from '../../src/domain/contractor-chain.js';
import type { Declaration } from '../../src/domain/declarations.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { LimosaId } from '../../src/domain/limosa-id.js';
import type { Niss } from '../../src/domain/niss.js';
import type { Presence } from '../../src/domain/presence.js';
import { newPresenceNumbers, PRESENCE_NUMBERS_RANDOM_BYTES } from '../../src/domain/presence-numbers.js';
import type { Worker } from '../../src/domain/worker.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import { openStore } from '../../src/composition/open-store.js';
import type { Store } from '../../src/store/store.js';
import { createCryptoRandom } from '../../src/system/crypto-random.js';
import { STORE_DATABASES, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import { TestClock } from '../support/test-clock.js';

const random = createCryptoRandom();
const day = '2026-03-10' as CalendarDate;
const declarant = enterpriseNumber(1) as EnterpriseNumber;
const employer = enterpriseNumber(2) as EnterpriseNumber;
const workplaceId = 'VAL0000001' as WorkplaceId;
const worker = niss(11) as Niss;
const other = niss(12) as Niss;
const limosaId = '12345678' as LimosaId;

/** A BIS number (someone not resident in Belgium): the month of birth plus 40, with its check digits. */
function bisNumber(sequence: number): Niss {
  const base = `8547${String(10 + (sequence % 18)).padStart(2, '0')}${String(sequence).padStart(3, '0')}`;
  return `${base}${String(97 - (Number(base) % 97)).padStart(2, '0')}` as Niss;
}

const employment = (who: Niss, from: string, to?: string): Declaration => ({
  register: 'employment',
  employer,
  worker: who,
  from: from as CalendarDate,
  ...(to === undefined ? {} : { to: to as CalendarDate }),
});

const limosa = (id: string, who: Niss, from: string, to?: string): Declaration => ({
  register: 'limosa',
  limosaId: id as LimosaId,
  worker: who,
  from: from as CalendarDate,
  ...(to === undefined ? {} : { to: to as CalendarDate }),
});

/**
 * The check of each presence after its acknowledgement: what it finds against the declaration of works, the chain
 * and the two reference registers, that it runs again when they change, and never twice at once.
 */
for (const database of STORE_DATABASES) {
  describe.skipIf(!database.available)(`checks of presences (${database.label})`, () => {
    let db: OpenedDatabase;
    let clock: TestClock;
    beforeEach(async () => {
      db = await database.open();
      await db.store.maintain(day);
      clock = new TestClock('2026-03-10T07:00:00.000Z');
      await db.store.workplaces.create({
        id: workplaceId,
        name: 'Chantier',
        address: { street: 'Rue de la Loi 16', postalCode: '1000', city: 'Bruxelles' },
        declarant,
        startDate: '2026-03-01' as CalendarDate,
        endDate: '2026-12-31' as CalendarDate,
        permanentlyWithoutInfrastructure: false,
        createdAt: '2026-03-01T07:00:00Z',
      });
      await db.store.workplaces.changeChain(
        workplaceId,
        clock.now().toISOString(),
        (chain) => ({
          ok: true,
          value: {
            chain: { ...chain, links: [{ enterprise: employer, parent: declarant }] },
            added: true,
            link: { enterprise: employer, parent: declarant },
          },
        }),
        chainAccess,
      );
    });
    afterEach(async () => {
      await db.dispose();
    });

    async function register(
      who: Worker,
      options: {
        employer?: EnterpriseNumber;
        at?: string;
        workplaceId?: WorkplaceId;
        day?: CalendarDate;
      } = {},
    ) {
      const [outcome] = await db.store.presences.register([
        {
          id: random.uuid(),
          workplaceId: options.workplaceId ?? workplaceId,
          registrationDate: options.day ?? day,
          worker: who,
          employer: options.employer ?? employer,
          channel: 'WEB_SERVICE',
          sender: { role: 'company', enterprise: declarant },
          createdAt: options.at ?? clock.now().toISOString(),
          mayCreate: true,
          relay: false,
          newNumbers: () => newPresenceNumbers(random.bytes(PRESENCE_NUMBERS_RANDOM_BYTES)),
        },
      ]);
      if (outcome?.kind !== 'CREATED') throw new Error(`not created: ${outcome?.kind}`);
      return outcome.presence;
    }

    const check = async (store: Store = db.store) => {
      clock.advance(1_000);
      let checked = 0;
      for (let round = await checkDuePresences({ store, clock }); round > 0;) {
        checked += round;
        round = await checkDuePresences({ store, clock });
      }
      return checked;
    };
    /** What a validator takes: up to ten due presences, held for a minute. */
    const takeForAMinute = () =>
      db.store.validations.takeDue(
        10,
        clock.now().toISOString(),
        new Date(clock.now().getTime() + 60_000).toISOString(),
      );
    const now = (id: string) => db.store.presences.get(id) as Promise<Presence>;

    it('acknowledges a presence as not yet checked, then validates it when nothing is wrong', async () => {
      const presence = await register({ niss: worker });
      expect(presence.validation).toStrictEqual({ status: 'PENDING', history: [] });
      expect(await db.store.validations.countDue()).toBe(1);
      expect(await check()).toBe(1);
      const checked = await now(presence.id);
      expect(checked.validation).toMatchObject({ status: 'VALIDATED', remarks: [] });
      expect(checked.validation.history).toHaveLength(1);
      expect(await db.store.validations.countDue()).toBe(0);
      expect(await check(), 'nothing changed: no second check').toBe(0);
    });

    it('remarks a worker without an employment declaration that day, and lifts it once one is loaded', async () => {
      const presence = await register({ niss: worker });
      await check();
      // A register loaded for the first time: every presence is checked against it.
      await db.store.declarations.load(
        'employment',
        [employment(other, '2026-01-01')],
        'merge',
        clock.now().toISOString(),
      );
      expect(await check()).toBe(1);
      expect((await now(presence.id)).validation).toMatchObject({
        status: 'FAILED',
        remarks: ['RELATED_DIMONA_NOT_OK'],
      });
      // A declaration that ended the day before still leaves the day without one.
      await db.store.declarations.load(
        'employment',
        [employment(worker, '2026-01-01', '2026-03-09')],
        'merge',
        clock.now().toISOString(),
      );
      expect(await check()).toBe(1);
      expect((await now(presence.id)).validation).toMatchObject({ status: 'FAILED' });
      // Its end moved: the same line (same employer, worker, first day) loaded again replaces it.
      const counts = await db.store.declarations.load(
        'employment',
        [employment(worker, '2026-01-01', '2026-06-30')],
        'merge',
        clock.now().toISOString(),
      );
      expect(counts).toMatchObject({ added: 0, changed: 1, unchanged: 0, removed: 0, presencesToCheck: 1 });
      expect(await check()).toBe(1);
      const validated = await now(presence.id);
      expect(validated.validation).toMatchObject({ status: 'VALIDATED', remarks: [] });
      expect(validated.validation.history.map((a) => a.status)).toStrictEqual([
        'VALIDATED',
        'FAILED',
        'FAILED',
        'VALIDATED',
      ]);
      // The same lines loaded again change nothing, and nothing is checked again.
      const again = await db.store.declarations.load(
        'employment',
        [employment(worker, '2026-01-01', '2026-06-30')],
        'merge',
        clock.now().toISOString(),
      );
      expect(again).toMatchObject({ added: 0, changed: 0, unchanged: 1, presencesToCheck: 0 });
      expect(await check()).toBe(0);
      // A replace without the worker's line removes it: checked again, failed again.
      const replaced = await db.store.declarations.load(
        'employment',
        [employment(other, '2026-01-01')],
        'replace',
        clock.now().toISOString(),
      );
      expect(replaced).toMatchObject({ removed: 1, unchanged: 1, presencesToCheck: 1 });
      await check();
      expect((await now(presence.id)).validation).toMatchObject({ remarks: ['RELATED_DIMONA_NOT_OK'] });
    });

    it('checks a worker given by Limosa-1 number against the Limosa register', async () => {
      const presence = await register({ limosaId });
      await db.store.declarations.load(
        'limosa',
        [limosa('99999999', other, '2026-01-01')],
        'merge',
        clock.now().toISOString(),
      );
      await check();
      expect((await now(presence.id)).validation).toMatchObject({ remarks: ['LIMOSA_ID_NOT_KNOWN'] });
      await db.store.declarations.load(
        'limosa',
        [limosa(limosaId, other, '2026-03-11', '2026-03-31')],
        'merge',
        clock.now().toISOString(),
      );
      await check();
      expect((await now(presence.id)).validation).toMatchObject({ remarks: ['LIMOSA_ID_NOT_ACTIVE'] });
      await db.store.declarations.load(
        'limosa',
        [limosa(limosaId, other, '2026-03-01', '2026-03-31')],
        'merge',
        clock.now().toISOString(),
      );
      await check();
      expect((await now(presence.id)).validation).toMatchObject({ status: 'VALIDATED' });
    });

    it('checks a BIS number against Limosa when no employment declaration covers it', async () => {
      const bis = bisNumber(7);
      const presence = await register({ niss: bis });
      await db.store.declarations.load(
        'employment',
        [employment(other, '2026-01-01')],
        'merge',
        clock.now().toISOString(),
      );
      await db.store.declarations.load(
        'limosa',
        [limosa('99999999', other, '2026-01-01')],
        'merge',
        clock.now().toISOString(),
      );
      await check();
      expect((await now(presence.id)).validation).toMatchObject({
        remarks: ['NISS_BIS_NOT_KNOWN_IN_LIMOSA'],
      });
      await db.store.declarations.load(
        'limosa',
        [limosa(limosaId, bis, '2026-04-01')],
        'merge',
        clock.now().toISOString(),
      );
      await check();
      expect((await now(presence.id)).validation).toMatchObject({
        remarks: ['NISS_BIS_NOT_ACTIVE_IN_LIMOSA'],
      });
      await db.store.declarations.load(
        'employment',
        [employment(bis, '2026-03-01')],
        'merge',
        clock.now().toISOString(),
      );
      await check();
      expect((await now(presence.id)).validation).toMatchObject({ status: 'VALIDATED' });
    });

    it('remarks the second registration of one person under their two numbers, until the first is cancelled', async () => {
      await db.store.declarations.load(
        'limosa',
        [limosa(limosaId, worker, '2026-01-01')],
        'merge',
        clock.now().toISOString(),
      );
      const first = await register({ limosaId });
      clock.advance(1_000);
      const second = await register({ niss: worker });
      await check();
      expect((await now(first.id)).validation).toMatchObject({ status: 'VALIDATED' });
      expect((await now(second.id)).validation).toMatchObject({ remarks: ['SAME_DECLARATION_REGISTERED'] });
      const failed = await db.store.presences.search({
        from: day,
        to: day,
        remarks: ['SAME_DECLARATION_REGISTERED'],
        validation: 'FAILED',
        limit: 10,
        scope: { kind: 'ALL' },
      });
      expect(failed.presences.map((p) => p.id)).toStrictEqual([second.id]);

      await db.store.presences.cancel(first.id, {
        at: clock.now().toISOString(),
        reason: 'registered twice',
        by: { role: 'company', enterprise: declarant },
      });
      expect(await check()).toBe(1);
      expect((await now(second.id)).validation).toMatchObject({ status: 'VALIDATED' });
      // A cancelled presence is not checked again.
      await db.store.declarations.load(
        'limosa',
        [limosa(limosaId, worker, '2026-06-01')],
        'merge',
        clock.now().toISOString(),
      );
      expect(await check()).toBe(1);
      expect((await now(first.id)).validation.history).toHaveLength(1);
    });

    it('remarks a declaration of works that does not exist, and a day outside its period', async () => {
      const unknown = await register({ niss: worker }, { workplaceId: 'NOSUCHPLACE1' as WorkplaceId });
      const late = await register({ niss: worker }, { day: '2027-01-04' as CalendarDate });
      await check();
      expect((await now(unknown.id)).validation).toMatchObject({ remarks: ['WORKPLACE_NOT_EXISTING'] });
      expect((await now(late.id)).validation).toMatchObject({ remarks: ['WORKPLACE_NOT_ACTIVE'] });
    });

    it('checks the declaration of works and its chain: an employer outside it, until it is linked', async () => {
      const outsider = enterpriseNumber(3) as EnterpriseNumber;
      const presence = await register({ niss: worker }, { employer: outsider });
      await check();
      expect((await now(presence.id)).validation).toMatchObject({ remarks: ['EMPLOYER_NOT_IN_WORKPLACE'] });
      await db.store.workplaces.changeChain(
        workplaceId,
        clock.now().toISOString(),
        (chain) => ({
          ok: true,
          value: {
            chain: { ...chain, links: [...chain.links, { enterprise: outsider, parent: employer }] },
            added: true,
            link: { enterprise: outsider, parent: employer },
          },
        }),
        chainAccess,
      );
      expect(await check()).toBe(1);
      expect((await now(presence.id)).validation).toMatchObject({ status: 'VALIDATED' });
    });

    it('checks again a registration whose check ran while the registration it found was cancelled', async () => {
      await db.store.declarations.load(
        'limosa',
        [limosa(limosaId, worker, '2026-01-01')],
        'merge',
        clock.now().toISOString(),
      );
      const first = await register({ limosaId });
      clock.advance(1_000);
      const second = await register({ niss: worker });
      const taken = (await takeForAMinute()).find((t) => t.presence.id === second.id);
      // The check of the second found the first; the first is cancelled before that check is recorded.
      await db.store.presences.cancel(first.id, {
        at: clock.now().toISOString(),
        reason: 'twice',
        by: { role: 'company', enterprise: declarant },
      });
      await db.store.validations.record([
        {
          presence: second,
          due: taken!.due,
          attempt: {
            status: 'FAILED',
            at: clock.now().toISOString(),
            remarks: ['SAME_DECLARATION_REGISTERED'],
          },
        },
      ]);
      clock.advance(61_000);
      await check();
      expect((await now(second.id)).validation).toMatchObject({ status: 'VALIDATED' });
    });

    it('remarks the later of two registrations of one person even when the later was checked first', async () => {
      await db.store.declarations.load(
        'limosa',
        [limosa(limosaId, worker, '2026-01-01')],
        'merge',
        clock.now().toISOString(),
      );
      const later = await register({ niss: worker }, { at: '2026-03-10T07:00:05.000Z' });
      await check();
      expect((await now(later.id)).validation).toMatchObject({ status: 'VALIDATED' });
      // Made a moment before it (on another instance), committed after its check.
      const earlier = await register({ limosaId }, { at: '2026-03-10T07:00:04.000Z' });
      await check();
      expect((await now(earlier.id)).validation).toMatchObject({ status: 'VALIDATED' });
      expect((await now(later.id)).validation).toMatchObject({ remarks: ['SAME_DECLARATION_REGISTERED'] });
    });

    it('leaves the checks of days long past as they were when a register changes', async () => {
      const old = await register({ niss: worker }, { at: '2025-11-01T07:00:00.000Z' });
      await check();
      // Its day is March 10th: loaded more than 90 days after it, the register does not check it again.
      clock.set('2026-07-01T07:00:00.000Z');
      const counts = await db.store.declarations.load(
        'employment',
        [employment(other, '2026-01-01')],
        'merge',
        clock.now().toISOString(),
      );
      expect(counts.presencesToCheck).toBe(0);
      expect(await check()).toBe(0);
      expect((await now(old.id)).validation).toMatchObject({ status: 'VALIDATED' });
    });

    it('checks a presence again once a check that died held it past its lease', async () => {
      const presence = await register({ niss: worker });
      const taken = await takeForAMinute();
      expect(taken.map((t) => t.presence.id)).toStrictEqual([presence.id]);
      // The validator that took it died without recording: nobody takes it while the lease runs, then anyone may.
      expect(await checkDuePresences({ store: db.store, clock })).toBe(0);
      clock.advance(61_000);
      expect(await checkDuePresences({ store: db.store, clock })).toBe(1);
      expect((await now(presence.id)).validation.status).toBe('VALIDATED');
    });

    it('keeps a presence due when what its check read changed while it ran', async () => {
      const presence = await register({ niss: worker });
      await db.store.declarations.load(
        'employment',
        [employment(other, '2026-01-01')],
        'merge',
        clock.now().toISOString(),
      );
      const [taken] = await takeForAMinute();
      // The register changes after the check read it, before the check is recorded.
      await db.store.declarations.load(
        'employment',
        [employment(worker, '2026-01-01')],
        'merge',
        clock.now().toISOString(),
      );
      await db.store.validations.record([
        {
          presence,
          due: taken!.due,
          attempt: { status: 'FAILED', at: clock.now().toISOString(), remarks: ['RELATED_DIMONA_NOT_OK'] },
        },
      ]);
      expect(await db.store.validations.countDue()).toBe(1);
      await check();
      expect((await now(presence.id)).validation).toMatchObject({ status: 'VALIDATED' });
    });

    it('keeps the latest 20 checks of a presence', async () => {
      const presence = await register({ niss: worker });
      for (let i = 0; i < 23; i += 1) {
        const [taken] = await db.store.validations.takeDue(
          1,
          clock.now().toISOString(),
          clock.now().toISOString(),
        );
        await db.store.validations.record([
          {
            presence,
            due: taken?.due ?? 0,
            attempt: {
              status: 'VALIDATED',
              at: new Date(Date.UTC(2026, 2, 10, 8, 0, i)).toISOString(),
              remarks: [],
            },
          },
        ]);
        await db.store.declarations.load(
          'employment',
          [employment(worker, '2026-01-01', `2026-04-${String(i + 1).padStart(2, '0')}`)],
          'merge',
          clock.now().toISOString(),
        );
      }
      const { history } = (await now(presence.id)).validation;
      expect(history).toHaveLength(20);
      expect(history[0]?.at).toBe('2026-03-10T08:00:03.000Z');
      expect(history.at(-1)?.at).toBe('2026-03-10T08:00:22.000Z');
    });

    it('has two validators at once check each presence once, and the last load win over a check under way', async () => {
      const second = (await openStore(db.location)).store;
      try {
        const presences = [];
        for (let i = 0; i < 60; i += 1) presences.push(await register({ niss: niss(100 + i) as Niss }));
        await Promise.all([check(db.store), check(second), check(db.store), check(second)]);
        for (const p of presences) expect((await now(p.id)).validation.history, p.id).toHaveLength(1);
        // Loads and checks at the same moment: once both are done, every check read the register as loaded.
        await Promise.all([
          db.store.declarations.load(
            'employment',
            presences.slice(0, 30).map((p) => employment((p.worker as { niss: Niss }).niss, '2026-01-01')),
            'merge',
            clock.now().toISOString(),
          ),
          check(second),
          check(db.store),
        ]);
        await Promise.all([check(db.store), check(second)]);
        for (const [i, p] of presences.entries()) {
          expect((await now(p.id)).validation.status, `presence ${i}`).toBe(i < 30 ? 'VALIDATED' : 'FAILED');
        }
      } finally {
        await second.close();
      }
    });
  });
}
