import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { grantMandate } from '../../src/app/mandates.js';
import { addRosterWorker, getRoster, MAX_ROSTER_SIZE, removeRosterWorker } from '../../src/app/roster.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { LimosaId } from '../../src/domain/limosa-id.js';
import type { Niss } from '../../src/domain/niss.js';
import type { Principal } from '../../src/domain/principal.js';
import type { RosterEntry } from '../../src/domain/roster.js';
import type { RosterRepository } from '../../src/store/roster-repository.js';
import { STORE_DATABASES } from '../support/databases.js';
import { TestRegistry } from '../support/registry.js';

const AT = '2026-03-10T07:00:00.000Z';

/**
 * Adding and removing one worker at a time, in the store and through the use cases: each change is one write,
 * so that people changing the same roster at once never undo each other's changes.
 */
for (const database of STORE_DATABASES) {
  describe.skipIf(!database.available)(`changing a roster one worker at a time (${database.label})`, () => {
    let registry: TestRegistry;
    let rosters: RosterRepository;
    let enterprise: EnterpriseNumber;
    let company: Principal;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      rosters = registry.deps.store.rosters;
      enterprise = registry.newEnterprise() as EnterpriseNumber;
      company = { role: 'company', enterprise, keyId: 'key:company', name: 'Bouw NV' };
    });
    afterEach(async () => {
      await registry.close();
    });

    /** A new worker with the given names. */
    const entry = (lastName: string, firstName = 'Jan'): RosterEntry => ({
      worker: { niss: registry.newNiss() as Niss },
      lastName,
      firstName,
    });

    describe('in the store', () => {
      it('adds a worker, and neither adds nor renames one already on the roster', async () => {
        const peeters = entry('Peeters');
        expect(await rosters.add(enterprise, peeters, AT, 10)).toBe('added');
        expect(await rosters.add(enterprise, { ...peeters, lastName: 'Other' }, AT, 10)).toBe('on-roster');
        expect(await rosters.list(enterprise)).toStrictEqual([peeters]);
        const other = registry.newEnterprise() as EnterpriseNumber;
        expect(await rosters.add(other, peeters, AT, 10)).toBe('added');
      });

      it('adds no worker to a full roster, but says a worker already there is there', async () => {
        const [a, b, c] = [entry('A'), entry('B'), entry('C')];
        expect(await rosters.add(enterprise, a, AT, 2)).toBe('added');
        expect(await rosters.add(enterprise, b, AT, 2)).toBe('added');
        expect(await rosters.add(enterprise, c, AT, 2)).toBe('full');
        expect(await rosters.add(enterprise, a, AT, 2)).toBe('on-roster');
        expect(await rosters.list(enterprise)).toStrictEqual([a, b]);
      });

      it('removes one worker, leaving the others and other companies alone, and says when there was none', async () => {
        const posted: RosterEntry = {
          worker: { limosaId: '123456789012' as LimosaId },
          lastName: 'Kowalski',
          firstName: 'Jan',
        };
        const [a, b] = [entry('A'), entry('B')];
        const other = registry.newEnterprise() as EnterpriseNumber;
        await rosters.replace(enterprise, [a, b, posted], AT);
        await rosters.replace(other, [a], AT);
        expect(await rosters.remove(enterprise, a.worker)).toBe(true);
        expect(await rosters.remove(enterprise, posted.worker)).toBe(true);
        expect(await rosters.remove(enterprise, a.worker)).toBe(false);
        expect(await rosters.list(enterprise)).toStrictEqual([b]);
        expect(await rosters.list(other)).toStrictEqual([a]);
      });

      it('keeps every worker added at once, and adds one worker added twice at once only once', async () => {
        const workers = Array.from({ length: 40 }, (_, n) => entry(`Worker${String(n).padStart(2, '0')}`));
        const twice = entry('Twice');
        const added = await Promise.all([
          ...workers.map((w) => rosters.add(enterprise, w, AT, MAX_ROSTER_SIZE)),
          ...Array.from({ length: 5 }, () => rosters.add(enterprise, twice, AT, MAX_ROSTER_SIZE)),
        ]);
        expect(added.filter((a) => a === 'added')).toHaveLength(41);
        expect(added.filter((a) => a === 'on-roster')).toHaveLength(4);
        expect(await rosters.list(enterprise)).toHaveLength(41);
      });
    });

    describe('through the use cases', () => {
      it('keeps all of 40 workers added at once', async () => {
        const nisses = Array.from({ length: 40 }, () => registry.newNiss());
        const added = await Promise.all(
          nisses.map((niss, n) =>
            addRosterWorker(registry.deps, company, {
              worker: { niss },
              lastName: `Worker${n}`,
              firstName: 'Jan',
            }),
          ),
        );
        expect(added.every((a) => a.ok)).toBe(true);
        const roster = await getRoster(registry.deps, company, {});
        if (!roster.ok) throw new Error(roster.error[0].message);
        expect(roster.value.map((r) => ('niss' in r.worker ? r.worker.niss : '')).sort()).toStrictEqual(
          [...nisses].sort(),
        );
      });

      it('adds a worker as typed, and refuses one already on the roster naming the worker', async () => {
        const niss = registry.newNiss();
        const dotted = `${niss.slice(0, 2)}.${niss.slice(2, 4)}.${niss.slice(4, 6)}-${niss.slice(6, 9)}.${niss.slice(9)}`;
        const first = await addRosterWorker(registry.deps, company, {
          worker: { niss: dotted },
          lastName: ' Peeters ',
          firstName: 'Jan',
        });
        expect(first).toStrictEqual({
          ok: true,
          value: { worker: { niss }, lastName: 'Peeters', firstName: 'Jan' },
        });
        const again = await addRosterWorker(registry.deps, company, {
          worker: { niss },
          lastName: 'Peeters',
          firstName: 'J.',
        });
        expect(again).toMatchObject({
          ok: false,
          error: [{ code: 'ROSTER_DUPLICATE_WORKER', field: 'worker' }],
        });
        expect(await rosters.list(enterprise)).toStrictEqual([
          { worker: { niss }, lastName: 'Peeters', firstName: 'Jan' },
        ]);
      });

      it('refuses a wrong line naming each field, and writes nothing', async () => {
        const refused = await addRosterWorker(registry.deps, company, {
          worker: { niss: '85.07.30-033.27' },
          lastName: 'Peeters',
          firstName: ' ',
        });
        expect(refused.ok ? [] : refused.error.map((e) => [e.code, e.field])).toStrictEqual([
          ['NISS_CHECK_DIGITS', 'worker.niss'],
          ['TEXT_BLANK', 'firstName'],
        ]);
        expect(await rosters.list(enterprise)).toStrictEqual([]);
      });

      it('removes a worker, and refuses to remove one not on the roster', async () => {
        const [a, b] = [entry('A'), entry('B')];
        await rosters.replace(enterprise, [a, b], AT);
        expect(await removeRosterWorker(registry.deps, company, { worker: a.worker })).toStrictEqual({
          ok: true,
          value: a.worker,
        });
        const again = await removeRosterWorker(registry.deps, company, { worker: a.worker });
        expect(again).toMatchObject({ ok: false, error: [{ code: 'NOT_FOUND', field: 'worker' }] });
        const unreadable = await removeRosterWorker(registry.deps, company, { worker: {} });
        expect(unreadable).toMatchObject({
          ok: false,
          error: [{ code: 'WORKER_IDENTIFIER_MISSING', field: 'worker' }],
        });
        expect(await rosters.list(enterprise)).toStrictEqual([b]);
      });

      it('lets only the company, or a provider it mandated, change its roster', async () => {
        const provider: Principal = {
          role: 'provider',
          enterprise: registry.newEnterprise() as EnterpriseNumber,
          keyId: 'key:provider',
          name: 'Payroll BV',
        };
        const inspector: Principal = { role: 'inspector', keyId: 'key:inspector', name: 'Inspection' };
        const line = { enterprise, worker: { niss: registry.newNiss() }, lastName: 'A', firstName: 'B' };
        expect(await addRosterWorker(registry.deps, provider, line)).toMatchObject({
          ok: false,
          error: [{ code: 'ROLE_FORBIDDEN', field: 'enterprise' }],
        });
        expect(await removeRosterWorker(registry.deps, inspector, line)).toMatchObject({
          ok: false,
          error: [{ code: 'ROLE_FORBIDDEN' }],
        });
        expect(await rosters.list(enterprise)).toStrictEqual([]);

        const granted = await grantMandate(registry.deps, company, { provider: provider.enterprise });
        expect(granted.ok).toBe(true);
        expect(await addRosterWorker(registry.deps, provider, line)).toMatchObject({ ok: true });
        expect(await removeRosterWorker(registry.deps, provider, line)).toMatchObject({ ok: true });
        expect(await rosters.list(enterprise)).toStrictEqual([]);
      });
    });
  });
}
