import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { Niss } from '../../src/domain/niss.js';
import {
  newPresenceNumbers,
  PRESENCE_NUMBERS_RANDOM_BYTES,
  type PresenceNumbers,
} from '../../src/domain/presence-numbers.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import type { PresenceDraft } from '../../src/store/presence-repository.js';
import { createCryptoRandom } from '../../src/system/crypto-random.js';

const cryptoRandom = createCryptoRandom();
import { presenceOf } from '../support/outcomes.js';
import { STORE_DATABASES, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';

const employer = enterpriseNumber(1) as EnterpriseNumber;
const workplaceId = 'WORKPLACE01' as WorkplaceId;
const day = '2026-03-10' as CalendarDate;

let drafts = 0;
/** A draft for a new worker (or the given one), with a fresh id. */
function draft(overrides: Partial<PresenceDraft> = {}): PresenceDraft {
  drafts += 1;
  return {
    id: cryptoRandom.uuid(),
    workplaceId,
    registrationDate: day,
    worker: { niss: niss(drafts) as Niss },
    employer,
    channel: 'WEB_SERVICE',
    sender: { role: 'company', enterprise: employer },
    createdAt: '2026-03-10T07:00:00.000Z',
    mayCreate: true,
    relay: false,
    newNumbers: () => freshNumbers(),
    ...overrides,
  };
}

function freshNumbers(): PresenceNumbers {
  return newPresenceNumbers(cryptoRandom.bytes(PRESENCE_NUMBERS_RANDOM_BYTES));
}

for (const database of STORE_DATABASES) {
  describe.skipIf(!database.available)(`the presence store (${database.label})`, () => {
    let db: OpenedDatabase;
    beforeEach(async () => {
      db = await database.open();
      await db.store.maintain(day);
    });
    afterEach(async () => {
      await db.dispose();
    });

    it('registers concurrent copies of one presence exactly once', async () => {
      const one = draft();
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, () => db.store.presences.register([{ ...one, id: cryptoRandom.uuid() }])),
      );
      const kinds = outcomes.flat().map((o) => o.kind);
      expect(kinds.filter((k) => k === 'CREATED')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'DUPLICATE')).toHaveLength(49);
      expect(new Set(outcomes.flat().map((o) => presenceOf(o).id)).size).toBe(1);
    });

    it('binds a clientReference to its first presence, per sender', async () => {
      const first = draft({ clientReference: 'r1' });
      const [created] = await db.store.presences.register([first]);
      const [retry] = await db.store.presences.register([{ ...first, id: cryptoRandom.uuid() }]);
      const [conflict] = await db.store.presences.register([draft({ clientReference: 'r1' })]);
      expect(created?.kind).toBe('CREATED');
      expect(retry).toMatchObject({ kind: 'DUPLICATE', presence: { id: presenceOf(created).id } });
      expect(conflict).toMatchObject({
        kind: 'CLIENT_REFERENCE_CONFLICT',
        presence: { id: presenceOf(created).id },
      });
    });

    it('returns what exists, but makes nothing new, for a draft that may not create', async () => {
      const first = draft({ clientReference: 'late-retry' });
      await db.store.presences.register([first]);
      const [retry] = await db.store.presences.register([
        { ...first, id: cryptoRandom.uuid(), mayCreate: false },
      ]);
      expect(retry?.kind).toBe('DUPLICATE');
      const [fresh] = await db.store.presences.register([
        draft({ clientReference: 'never', mayCreate: false }),
      ]);
      expect(fresh).toEqual({ kind: 'NOT_REGISTERED' });
      // Nothing was bound either: the reference is free for a registration that may be made.
      const [later] = await db.store.presences.register([draft({ clientReference: 'never' })]);
      expect(later?.kind).toBe('CREATED');
    });

    it('draws other numbers when a receipt number is already taken', async () => {
      const [first] = await db.store.presences.register([draft()]);
      const taken = { ...freshNumbers(), receiptNumber: presenceOf(first).receiptNumber };
      const fresh = freshNumbers();
      const numbers: PresenceNumbers[] = [taken, fresh];
      const [second] = await db.store.presences.register([draft({ newNumbers: () => numbers.shift()! })]);
      expect(second).toMatchObject({ kind: 'CREATED', presence: fresh });
    });

    it('draws other numbers when a registration id is already taken', async () => {
      const [first] = await db.store.presences.register([draft()]);
      const taken = { ...freshNumbers(), registrationId: presenceOf(first).registrationId };
      const fresh = freshNumbers();
      const numbers: PresenceNumbers[] = [taken, fresh];
      const [second] = await db.store.presences.register([draft({ newNumbers: () => numbers.shift()! })]);
      expect(second).toMatchObject({ kind: 'CREATED', presence: fresh });
      expect(await db.store.presences.idOfRegistration(fresh.registrationId)).toBe(presenceOf(second).id);
    });

    it('finds a presence by its registration id, and nothing by an id no presence has', async () => {
      const [made] = await db.store.presences.register([draft()]);
      const presence = presenceOf(made);
      expect(presence.registrationId).toMatch(/^[1-9][0-9]{14}$/);
      const id = await db.store.presences.idOfRegistration(presence.registrationId);
      expect(id).toBe(presence.id);
      expect(await db.store.presences.get(id!)).toEqual(presence);
      expect(await db.store.presences.idOfRegistration(freshNumbers().registrationId)).toBeUndefined();
    });

    it('keeps the writes of others when one write of the same commit fails', async () => {
      const failing = draft({
        newNumbers: () => {
          throw new Error('no randomness left');
        },
      });
      const results = await Promise.allSettled([
        db.store.presences.register([draft()]),
        db.store.presences.register([failing]),
        db.store.presences.register([draft()]),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const page = await db.store.presences.search({
        from: day,
        to: day,
        workplaceId,
        limit: 10,
        scope: { kind: 'ALL' },
      });
      expect(page.presences).toHaveLength(2);
    });

    it('cancels once, and tells a second cancellation apart from an unknown id', async () => {
      const [created] = await db.store.presences.register([draft()]);
      const by = { role: 'company' as const, enterprise: employer };
      const cancellation = { at: '2026-03-10T08:00:00.000Z', reason: 'ill', by };
      expect((await db.store.presences.cancel(presenceOf(created).id, cancellation)).kind).toBe('CANCELLED');
      expect((await db.store.presences.cancel(presenceOf(created).id, cancellation)).kind).toBe(
        'ALREADY_CANCELLED',
      );
      expect((await db.store.presences.cancel('nope', cancellation)).kind).toBe('NOT_FOUND');
    });

    it('survives being closed and opened again with every acknowledged write', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => db.store.presences.register([draft()])),
      );
      const ids = outcomes.flat().map((o) => presenceOf(o).id);
      const reopened = await (async () => {
        await db.store.close();
        const { openStore } = await import('../../src/composition/open-store.js');
        return (await openStore(db.location)).store;
      })();
      try {
        for (const id of ids) expect(await reopened.presences.get(id)).toBeDefined();
      } finally {
        await reopened.close();
      }
    });
  });
}
