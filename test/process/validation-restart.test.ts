import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, brusselsDate } from '../../src/domain/calendar-date.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { Niss } from '../../src/domain/niss.js';
import { openStore } from '../../src/composition/open-store.js';
import { DATABASES, type OpenedDatabase } from '../support/databases.js';
import { call } from '../support/http-client.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import { createKeyWithCli, startServerProcess, type ServerProcess } from '../support/processes.js';

/** Presences registered while the server's checks wait; half of their workers have an employment declaration. */
const PRESENCES = 40;

/**
 * A presence is acknowledged before it is checked: a server killed with SIGKILL in between loses no check. The
 * first server waits ten minutes between its rounds of checks, so that the presences are still unchecked when it
 * dies; the server started after it checks every one of them.
 */
for (const database of DATABASES) {
  describe.skipIf(!database.available)(
    `checks survive a server killed before them (${database.name})`,
    () => {
      let db: OpenedDatabase;
      let server: ServerProcess | undefined;
      const enterprise = enterpriseNumber(1) as EnterpriseNumber;
      const today = brusselsDate(new Date());
      beforeEach(async () => {
        db = await database.open();
        await db.store.declarations.load(
          'employment',
          Array.from({ length: PRESENCES / 2 }, (_, i) => ({
            register: 'employment' as const,
            employer: enterprise,
            worker: niss(i) as Niss,
            from: addDays(today, -30),
          })),
          'merge',
          new Date().toISOString(),
        );
        await db.store.close();
      });
      afterEach(async () => {
        await server?.kill('SIGTERM');
        await db.dispose();
      });

      it('checks after a restart every presence acknowledged before the kill', async () => {
        const key = createKeyWithCli(db.location, { role: 'company', enterprise, name: 'checks' });
        server = await startServerProcess(db.location, { VALIDATION_INTERVAL_MS: '600000' });
        const declared = await call(`${server.url}/api/v1/workplaces`, key, 'POST', {
          name: 'Chantier du Midi',
          address: { street: 'Avenue Fonsny 1', postalCode: '1060', city: 'Saint-Gilles' },
          declarant: enterprise,
          startDate: today,
          endDate: addDays(today, 30),
        });
        const workplaceId = declared.body.workplace.id as string;
        const registered = await call(`${server.url}/api/v1/presences`, key, 'POST', {
          presences: Array.from({ length: PRESENCES }, (_, i) => ({
            workplaceId,
            registrationDate: today,
            worker: { niss: niss(i) },
            employer: enterprise,
          })),
        });
        expect(registered.status).toBe(200);
        const search = `/api/v1/presences?from=${today}&to=${today}&workplaceId=${workplaceId}&limit=500`;
        const before = await call(`${server.url}${search}`, key, 'GET');
        expect(before.body.presences.map((p: any) => p.validation.status)).toEqual(
          Array.from({ length: PRESENCES }, () => 'PENDING'),
        );

        await server.kill('SIGKILL');
        server = await startServerProcess(db.location, { VALIDATION_INTERVAL_MS: '100' });
        const deadline = Date.now() + 20_000;
        const restarted = server;
        const read = async (): Promise<any[]> =>
          (await call(`${restarted.url}${search}`, key, 'GET')).body.presences;
        let presences = await read();
        while (presences.some((p) => p.validation.status === 'PENDING') && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          presences = await read();
        }
        const byWorker = new Map(presences.map((p) => [p.worker.niss as string, p.validation]));
        for (let i = 0; i < PRESENCES; i += 1) {
          expect(byWorker.get(niss(i)), `worker ${i}`).toMatchObject(
            i < PRESENCES / 2
              ? { status: 'VALIDATED', remarks: [] }
              : { status: 'FAILED', remarks: ['RELATED_DIMONA_NOT_OK'] },
          );
        }
        // Checked once each, by the server that was started again.
        const reopened = (await openStore(db.location)).store;
        try {
          expect(await reopened.validations.countDue()).toBe(0);
        } finally {
          await reopened.close();
        }
        expect(presences.every((p) => p.validation.history.length === 1)).toBe(true);
      });
    },
  );
}
