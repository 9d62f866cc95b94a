import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, brusselsDate } from '../../src/domain/calendar-date.js';
import { DATABASES, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import { call } from '../support/http-client.js';
import { createKeyWithCli, startServerProcess, type ServerProcess } from '../support/processes.js';

for (const db of DATABASES)
  describe.skipIf(!db.available)(`a registry server killed with SIGKILL (${db.name})`, () => {
    let opened: OpenedDatabase;
    let database: string;
    const servers: ServerProcess[] = [];
    beforeAll(async () => {
      opened = await db.open();
      database = opened.location;
      await opened.store.close();
    });
    afterAll(async () => {
      for (const server of servers) await server.kill('SIGKILL');
      await opened.dispose();
    });

    it('keeps every registration it acknowledged, and a retry of the others never registers twice', async () => {
      const enterprise = enterpriseNumber(1);
      const key = createKeyWithCli(database, { role: 'company', enterprise, name: 'durability' });
      const env = { HEARTBEAT_MS: '200' };
      const first = await startServerProcess(database, env);
      servers.push(first);
      const today = brusselsDate(new Date());
      const declared = await call(`${first.url}/api/v1/workplaces`, key, 'POST', {
        name: 'Chantier',
        address: { street: 'Rue Haute 1', postalCode: '1000', city: 'Bruxelles' },
        declarant: enterprise,
        startDate: today,
        endDate: addDays(today, 30),
      });
      expect(declared.status).toBe(201);
      const workplaceId = declared.body.workplace.id as string;
      const item = (n: number) => ({
        workplaceId,
        registrationDate: today,
        worker: { niss: niss(n) },
        employer: enterprise,
        clientReference: `gate-${n}`,
      });

      // Many concurrent senders; the server is killed while they send.
      const acknowledged = new Map<number, { id: string; receiptNumber: string }>();
      const attempted = new Set<number>();
      let next = 0;
      let killed = false;
      const sender = async (): Promise<void> => {
        while (!killed) {
          const n = next++;
          attempted.add(n);
          try {
            const reply = await call(`${first.url}/api/v1/presences`, key, 'POST', { presences: [item(n)] });
            if (reply.status === 200 && reply.body.results[0].status === 'REGISTERED')
              acknowledged.set(n, reply.body.results[0].presence);
          } catch {
            return; // the connection died with the server: not acknowledged
          }
        }
      };
      const senders = Array.from({ length: 32 }, () => sender());
      while (acknowledged.size < 400) await new Promise((resolve) => setTimeout(resolve, 5));
      await first.kill('SIGKILL');
      killed = true;
      await Promise.all(senders);
      expect(acknowledged.size).toBeGreaterThanOrEqual(400);

      const second = await startServerProcess(database, env);
      servers.push(second);
      for (const [, presence] of acknowledged) {
        const read = await call(`${second.url}/api/v1/presences/${presence.id}`, key, 'GET');
        expect(read.status).toBe(200);
        expect(read.body.receiptNumber).toBe(presence.receiptNumber);
      }

      // The senders retry everything they attempted: nothing registers twice.
      const attempts = [...attempted];
      for (let i = 0; i < attempts.length; i += 200) {
        const batch = attempts.slice(i, i + 200);
        const reply = await call(`${second.url}/api/v1/presences`, key, 'POST', {
          presences: batch.map(item),
        });
        for (const [j, result] of (
          reply.body.results as { status: string; duplicate: boolean; presence: { id: string } }[]
        ).entries()) {
          const n = batch[j]!;
          expect(result.status).toBe('REGISTERED');
          if (acknowledged.has(n)) {
            expect(result.duplicate).toBe(true);
            expect(result.presence.id).toBe(acknowledged.get(n)!.id);
          }
        }
      }
      let stored = 0;
      let cursor: string | undefined;
      do {
        const page = await call(
          `${second.url}/api/v1/presences?workplaceId=${workplaceId}&from=${today}&to=${today}&limit=500${cursor === undefined ? '' : `&cursor=${cursor}`}`,
          key,
          'GET',
        );
        stored += (page.body.presences as unknown[]).length;
        cursor = page.body.nextCursor as string | undefined;
      } while (cursor !== undefined);
      expect(stored).toBe(attempted.size);

      // The crash is in the availability journal: the first run ended without stopping.
      const history = await call(`${second.url}/api/v1/status/history`, key, 'GET');
      expect(history.body.runs).toHaveLength(2);
      expect(history.body.runs[0].state).toBe('CRASHED');
      expect(history.body.outages).toEqual([expect.objectContaining({ cause: 'CRASHED' })]);

      // A clean stop is recorded as such.
      await second.kill('SIGTERM');
      const third = await startServerProcess(database, env);
      servers.push(third);
      const after = await call(`${third.url}/api/v1/status/history`, key, 'GET');
      expect(after.body.runs.map((r: { state: string }) => r.state)).toEqual([
        'CRASHED',
        'STOPPED',
        'RUNNING',
      ]);
      expect(after.body.outages.map((o: { cause: string }) => o.cause)).toEqual(['CRASHED', 'STOPPED']);
    });
  });
