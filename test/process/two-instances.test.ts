import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, brusselsDate } from '../../src/domain/calendar-date.js';
import { DATABASES, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import { call } from '../support/http-client.js';
import { createKeyWithCli, startServerProcess, type ServerProcess } from '../support/processes.js';

const postgres = DATABASES.find((db) => db.name === 'postgres')!;

describe.skipIf(!postgres.available)('two server instances on one PostgreSQL', () => {
  let db: OpenedDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let key: string;
  let workplaceId: string;
  const enterprise = enterpriseNumber(1);
  const today = brusselsDate(new Date());

  beforeAll(async () => {
    db = await postgres.open();
    await db.store.close();
    key = createKeyWithCli(db.location, { role: 'company', enterprise, name: 'two' });
    [a, b] = await Promise.all([
      startServerProcess(db.location, { HEARTBEAT_MS: '500' }),
      startServerProcess(db.location, { HEARTBEAT_MS: '500' }),
    ]);
    const declared = await call(`${a.url}/api/v1/workplaces`, key, 'POST', {
      name: 'Twin towers',
      address: { street: 'Boulevard du Roi Albert II 1', postalCode: '1210', city: 'Saint-Josse' },
      declarant: enterprise,
      startDate: today,
      endDate: addDays(today, 30),
    });
    workplaceId = declared.body.workplace.id as string;
  });
  afterAll(async () => {
    await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
    await db.dispose();
  });

  const item = (n: number, withReference: boolean) => ({
    workplaceId,
    registrationDate: today,
    worker: { niss: niss(n) },
    employer: enterprise,
    ...(withReference ? { clientReference: `twin-${n}` } : {}),
  });

  it('registers each presence exactly once when both receive the same registrations at once, again and again', async () => {
    let next = 0;
    const all: number[] = [];
    for (let round = 0; round < 12; round += 1) {
      const numbers = Array.from({ length: 40 }, () => next++);
      all.push(...numbers);
      const batch = numbers.map((n) => item(n, n % 2 === 0));
      // Both instances get the whole batch, and the first ten also one by one, all at the same time.
      const replies = await Promise.all([
        call(`${a.url}/api/v1/presences`, key, 'POST', { presences: batch }),
        call(`${b.url}/api/v1/presences`, key, 'POST', { presences: [...batch].reverse() }),
        ...batch
          .slice(0, 10)
          .flatMap((one) => [
            call(`${a.url}/api/v1/presences`, key, 'POST', { presences: [one] }),
            call(`${b.url}/api/v1/presences`, key, 'POST', { presences: [one] }),
          ]),
      ]);
      const seen = new Map<string, { ids: Set<string>; created: number }>();
      for (const reply of replies) {
        expect(reply.status).toBe(200);
        for (const result of reply.body.results as { status: string; duplicate: boolean; presence: any }[]) {
          expect(result.status).toBe('REGISTERED');
          const niss = result.presence.worker.niss as string;
          const entry = seen.get(niss) ?? { ids: new Set(), created: 0 };
          entry.ids.add(result.presence.id as string);
          if (!result.duplicate) entry.created += 1;
          seen.set(niss, entry);
        }
      }
      expect(seen.size).toBe(40);
      for (const [, entry] of seen) {
        expect(entry.ids.size).toBe(1); // every reply names the same presence
        expect(entry.created).toBe(1); // and exactly one reply made it
      }
    }

    // What is stored agrees: one presence per worker, each with its own receipt number.
    const stored: { receiptNumber: string; worker: { niss: string } }[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(
        `${b.url}/api/v1/presences?workplaceId=${workplaceId}&from=${today}&to=${today}&limit=500${cursor === undefined ? '' : `&cursor=${cursor}`}`,
        key,
        'GET',
      );
      stored.push(...page.body.presences);
      cursor = page.body.nextCursor;
    } while (cursor !== undefined);
    expect(stored).toHaveLength(all.length);
    expect(new Set(stored.map((p) => p.worker.niss)).size).toBe(all.length);
    expect(new Set(stored.map((p) => p.receiptNumber)).size).toBe(all.length);
  });

  it('binds a clientReference once when both receive it for different workers at once', async () => {
    for (let round = 0; round < 10; round += 1) {
      const reference = `contested-${round}`;
      const [fromA, fromB] = await Promise.all([
        call(`${a.url}/api/v1/presences`, key, 'POST', {
          presences: [{ ...item(10_000 + round * 2, false), clientReference: reference }],
        }),
        call(`${b.url}/api/v1/presences`, key, 'POST', {
          presences: [{ ...item(10_001 + round * 2, false), clientReference: reference }],
        }),
      ]);
      const statuses = [fromA.body.results[0], fromB.body.results[0]].map((r) =>
        r.status === 'REGISTERED' ? r.status : r.errors[0].code,
      );
      expect(statuses.sort()).toEqual(['CLIENT_REFERENCE_CONFLICT', 'REGISTERED']);
    }
  });

  it('refuses on one instance a key revoked through the other, within a moment', async () => {
    const admin = createKeyWithCli(db.location, { role: 'admin', name: 'ops' });
    const made = await call(`${a.url}/api/v1/keys`, admin, 'POST', {
      role: 'company',
      enterprise,
      name: 'short-lived',
    });
    const shortLived = made.body.key as string;
    expect((await call(`${a.url}/api/v1/workplaces`, shortLived, 'GET')).status).toBe(200); // now cached on A
    expect((await call(`${b.url}/api/v1/keys/${made.body.apiKey.id}`, admin, 'DELETE')).status).toBe(200);
    await expect
      .poll(async () => (await call(`${a.url}/api/v1/workplaces`, shortLived, 'GET')).status, {
        timeout: 2_000,
      })
      .toBe(401);
  });

  it('keeps both instances in the availability journal', async () => {
    const history = await call(`${a.url}/api/v1/status/history`, key, 'GET');
    const running = (history.body.runs as { state: string }[]).filter((run) => run.state === 'RUNNING');
    expect(running).toHaveLength(2);
    expect(history.body.outages).toEqual([]);
    const instances = await Promise.all(
      [a, b].map(async (s) => (await call(`${s.url}/api/v1/status`, key, 'GET')).body.instance.id),
    );
    expect(new Set(instances).size).toBe(2);
  });
});
