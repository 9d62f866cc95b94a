import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, brusselsDate } from '../../src/domain/calendar-date.js';
import { DATABASES, type OpenedDatabase } from '../support/databases.js';
import { call } from '../support/http-client.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import { runs } from '../support/long-runs.js';
import { createKeyWithCli, runCli, startServerProcess, type ServerProcess } from '../support/processes.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/soap/', import.meta.url));

/** A port no one listens on now, to restart the upstream on the same address. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function until(what: string, test: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const employer = enterpriseNumber(7);
const today = brusselsDate(new Date());
const workplaceId = '7700000000042';

/** An official registry stand-in: another sitepresence, which knows the relay's certificate as the employer's. */
class Upstream {
  process!: ServerProcess;
  key = '';
  readonly port: number;
  private readonly dir = mkdtempSync(join(tmpdir(), 'sitepresence-upstream-'));
  readonly database = join(this.dir, 'upstream.db');

  constructor(port: number) {
    this.port = port;
  }

  async start(): Promise<void> {
    if (this.key === '') {
      this.key = createKeyWithCli(this.database, { role: 'company', enterprise: employer, name: 'upstream' });
      const added = runCli([
        'certs',
        'add',
        '--file',
        join(FIXTURES, 'sender.cert.pem'),
        '--role',
        'company',
        '--enterprise',
        employer,
        '--name',
        'relay',
        '--database',
        this.database,
      ]);
      if (added.status !== 0) throw new Error(added.stderr);
    }
    this.process = await startServerProcess(
      this.database,
      { SOAP_FAULT_INJECTION: 'on', VALIDATION_INTERVAL_MS: '100' },
      { port: this.port },
    );
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async fault(plan: Record<string, unknown>): Promise<void> {
    const reply = await fetch(`${this.url}/test/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(plan),
    });
    expect(reply.status).toBe(200);
  }

  /** Every presence the upstream holds for the day, by its client reference. */
  async presences(day: string): Promise<Map<string, any[]>> {
    const found = new Map<string, any[]>();
    let cursor: string | undefined;
    do {
      const reply = await call(
        `${this.url}/api/v1/presences?from=${day}&to=${day}&workplaceId=${workplaceId}&limit=500${
          cursor === undefined ? '' : `&cursor=${cursor}`
        }`,
        this.key,
        'GET',
      );
      expect(reply.status).toBe(200);
      for (const presence of reply.body.presences as any[]) {
        const reference = presence.clientReference as string;
        found.set(reference, [...(found.get(reference) ?? []), presence]);
      }
      cursor = reply.body.nextCursor as string | undefined;
    } while (cursor !== undefined);
    return found;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The signer's files as a relay reads them: owner-only. */
function signerFiles(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'sender.cert.pem');
  const key = join(dir, 'sender.key.pem');
  copyFileSync(join(FIXTURES, 'sender.cert.pem'), cert);
  copyFileSync(join(FIXTURES, 'sender.key.pem'), key);
  chmodSync(cert, 0o600);
  chmodSync(key, 0o600);
  return { cert, key };
}

async function declare(url: string, key: string): Promise<void> {
  const declared = await call(`${url}/api/v1/workplaces`, key, 'POST', {
    workplaceId,
    name: 'Relay tower',
    address: { street: 'Rue de la Loi 16', postalCode: '1000', city: 'Bruxelles' },
    declarant: employer,
    startDate: addDays(today, -1),
    endDate: addDays(today, 60),
  });
  expect(declared.status).toBe(201);
}

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`a relay on ${database.name} forwarding to an upstream`, () => {
    let db: OpenedDatabase;
    let upstream: Upstream;
    let relay: ServerProcess;
    let key: string;
    let admin: string;
    let signer: { cert: string; key: string };
    const dir = mkdtempSync(join(tmpdir(), 'sitepresence-relay-'));

    /** A relay instance on the test's database, forwarding to the upstream (its calls' timeout: 2 s). */
    const startRelay = (): Promise<ServerProcess> =>
      startServerProcess(db.location, {
        UPSTREAM_URL: `${upstream.url}/PresenceRegistration/v1`,
        UPSTREAM_CERT: signer.cert,
        UPSTREAM_KEY: signer.key,
        UPSTREAM_INTERVAL_MS: '100',
        UPSTREAM_TIMEOUT_MS: '2000',
      });

    beforeAll(async () => {
      upstream = new Upstream(await freePort());
      await upstream.start();
      await declare(upstream.url, upstream.key);
      db = await database.open();
      await db.store.close();
      key = createKeyWithCli(db.location, { role: 'company', enterprise: employer, name: 'site' });
      admin = createKeyWithCli(db.location, { role: 'admin', name: 'admin' });
      signer = signerFiles(dir);
      relay = await startRelay();
      await declare(relay.url, key);
    });
    afterAll(async () => {
      await relay.kill('SIGTERM');
      await upstream.process.kill('SIGTERM');
      await db.dispose();
      upstream.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    const register = async (numbers: readonly number[], day = today): Promise<any[]> => {
      const reply = await call(`${relay.url}/api/v1/presences`, key, 'POST', {
        presences: numbers.map((n) => ({
          workplaceId,
          registrationDate: day,
          worker: { niss: niss(n) },
          employer,
        })),
      });
      expect(reply.status).toBe(200);
      return (reply.body.results as any[]).map((r) => r.presence);
    };

    const status = async (): Promise<any> => {
      const reply = await call(`${relay.url}/api/v1/upstream`, admin, 'GET');
      expect(reply.status).toBe(200);
      return reply.body;
    };

    const settled = (): Promise<void> =>
      until('the outbox to empty', async () => {
        const now = await status();
        return now.counts.byStatus.PENDING === now.counts.scheduled && now.counts.cancellationsPending === 0;
      });

    /** Each presence of the relay for the day is in the upstream once, under its number, as the relay says. */
    const expectForwardedOnce = async (presences: readonly any[]): Promise<void> => {
      const held = await upstream.presences(today);
      for (const sent of presences) {
        const reply = await call(`${relay.url}/api/v1/presences/${sent.id as string}`, key, 'GET');
        const presence = reply.body;
        const there = held.get(presence.registrationId as string) ?? [];
        expect(there, `presence ${presence.registrationId as string} upstream`).toHaveLength(1);
        expect(presence.upstream.registrationId).toBe(there[0].registrationId);
        expect(['SENT', 'VALIDATED', 'FAILED']).toContain(presence.upstream.status);
      }
    };

    it('forwards each registration once, with the official number kept on the presence', async () => {
      const presences = [
        ...(await register(Array.from({ length: 150 }, (_, i) => i))),
        ...(await register(Array.from({ length: 150 }, (_, i) => 150 + i))),
      ];
      await settled();
      await expectForwardedOnce(presences);
      const now = await status();
      expect(now.relaying).toBe(true);
      expect(now.answering.answering).toBe(true);
    });

    it('holds a registration of a day the upstream does not take yet, and shows it scheduled', async () => {
      const [later] = await register([1_000], addDays(today, 5));
      await settled();
      const reply = await call(`${relay.url}/api/v1/presences/${later.id as string}`, key, 'GET');
      expect(reply.body.upstream.status).toBe('PENDING');
      expect((await status()).counts.scheduled).toBe(1);
    });

    it('forwards cancellations, and never sends what was cancelled before it was sent', async () => {
      await upstream.fault({ fault: 'unavailable' });
      const presences = await register([2_000, 2_001]);
      const cancelled = await call(`${relay.url}/api/v1/presences/cancel`, key, 'POST', {
        cancellations: presences.map((p) => ({ id: p.id as string, reason: 'congé' })),
      });
      expect(cancelled.status).toBe(200);
      await upstream.fault({ fault: 'none' });
      const [sent] = await register([2_002]);
      await settled();
      const withdrawn = await call(`${relay.url}/api/v1/presences/cancel`, key, 'POST', {
        cancellations: [{ id: sent.id as string, reason: 'ziek' }],
      });
      expect(withdrawn.status).toBe(200);
      await settled();
      const held = await upstream.presences(today);
      for (const presence of presences) {
        const reply = await call(`${relay.url}/api/v1/presences/${presence.id as string}`, key, 'GET');
        expect(reply.body.upstream.status).toBe('WITHHELD');
        expect(held.get(presence.registrationId as string)).toBeUndefined();
      }
      const reply = await call(`${relay.url}/api/v1/presences/${sent.id as string}`, key, 'GET');
      expect(reply.body.upstream.cancellation.status).toBe('CANCELLED');
      const there = held.get(sent.registrationId as string) ?? [];
      expect(there.map((p) => p.status)).toEqual(['CANCELLED']);
    });

    it('registers exactly once when the connection is cut after the upstream committed', async () => {
      await upstream.fault({ fault: 'drop-after', times: 1 });
      const presences = await register(Array.from({ length: 60 }, (_, i) => 3_000 + i));
      await settled();
      await expectForwardedOnce(presences);
    });

    it('loses and doubles nothing when the relay is killed with kill -9 while it forwards', async () => {
      await upstream.fault({ fault: 'delay', delayMs: 1_000, times: 2 });
      const presences = await register(Array.from({ length: 200 }, (_, i) => 5_000 + i));
      // A call is under way (the upstream holds it a second, then commits it): the relay dies meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await relay.kill('SIGKILL');
      relay = await startRelay();
      await settled();
      await expectForwardedOnce(presences);
    });

    it.skipIf(database.name !== 'postgres')(
      'shares the outbox between two relay instances on one PostgreSQL, sending nothing twice',
      async () => {
        const other = await startRelay();
        try {
          const batches = await Promise.all(
            Array.from({ length: 4 }, (_, b) =>
              call(`${(b % 2 === 0 ? relay : other).url}/api/v1/presences`, key, 'POST', {
                presences: Array.from({ length: 100 }, (_, i) => ({
                  workplaceId,
                  registrationDate: today,
                  worker: { niss: niss(6_000 + b * 100 + i) },
                  employer,
                })),
              }),
            ),
          );
          const presences = batches.flatMap((reply) => (reply.body.results as any[]).map((r) => r.presence));
          expect(presences).toHaveLength(400);
          await settled();
          await expectForwardedOnce(presences);
        } finally {
          await other.kill('SIGTERM');
        }
      },
    );

    const total = runs(300, 2_000);
    it(`keeps every one of ${total} registrations and their cancellations while the upstream is killed and restarted`, async () => {
      const kills = runs(2, 6);
      const batches = total / 100;
      const killEvery = Math.max(1, Math.floor(batches / (kills + 1)));
      const registered: any[] = [];
      const cancelled = new Set<string>();
      let killed = 0;
      for (let batch = 0; batch < batches; batch += 1) {
        const presences = await register(Array.from({ length: 100 }, (_, i) => 10_000 + batch * 100 + i));
        registered.push(...presences);
        // A tenth cancelled at once: some before they were sent, some after.
        const withdrawn = presences.slice(0, 10);
        const reply = await call(`${relay.url}/api/v1/presences/cancel`, key, 'POST', {
          cancellations: withdrawn.map((p) => ({
            id: p.id as string,
            reason: batch % 2 === 0 ? 'congé' : 'C32A',
          })),
        });
        expect(reply.status).toBe(200);
        for (const p of withdrawn) cancelled.add(p.id as string);
        if ((batch + 1) % killEvery === 0 && killed < kills) {
          await upstream.process.kill('SIGKILL');
          killed += 1;
          await new Promise((resolve) => setTimeout(resolve, 300));
          await upstream.start();
        }
      }
      await settled();
      const held = await upstream.presences(today);
      for (const sent of registered) {
        const reply = await call(`${relay.url}/api/v1/presences/${sent.id as string}`, key, 'GET');
        const there = held.get(sent.registrationId as string) ?? [];
        const { upstream: state } = reply.body;
        if (!cancelled.has(sent.id as string)) {
          expect(there, `presence ${sent.registrationId as string} upstream`).toHaveLength(1);
          expect(state.registrationId).toBe(there[0].registrationId);
        } else if (state.status === 'WITHHELD') {
          expect(there).toHaveLength(0);
        } else {
          expect(there.map((p) => p.status)).toEqual(['CANCELLED']);
          expect(state.cancellation.status).toBe('CANCELLED');
        }
      }
    });

    it('holds and resends through SystemErrors and 503s, and through an upstream killed and restarted', async () => {
      await upstream.fault({ fault: 'system-error', times: 2 });
      const first = await register(Array.from({ length: 40 }, (_, i) => 4_000 + i));
      await settled();
      const killedAt = new Date();
      await upstream.process.kill('SIGKILL');
      const second = await register(Array.from({ length: 40 }, (_, i) => 4_100 + i));
      await until(
        'the relay to find the upstream gone',
        async () => (await status()).answering.answering === false,
      );
      await upstream.start();
      await settled();
      await expectForwardedOnce([...first, ...second]);
      const now = await status();
      expect(now.answering.answering).toBe(true);

      // The outage is evidence: a company that could not register then is exempt, and the journal confirms it.
      const claimedFrom = killedAt.toISOString();
      const claimedTo = now.answering.since as string;
      const incident = await call(`${relay.url}/api/v1/incidents`, key, 'POST', {
        workplaceId,
        date: today,
        employer,
        origin: 'REGISTRY_UNAVAILABLE',
        claimedFrom,
        claimedTo,
      });
      expect(incident.status).toBe(201);
      expect(incident.body.incident.decision.verification).toMatchObject({ status: 'CONFIRMED' });
      const inspector = createKeyWithCli(db.location, { role: 'inspector', name: 'inspector' });
      const dossier = await call(
        `${relay.url}/api/v1/inspections/workplaces/${workplaceId}/days/${today}`,
        inspector,
        'GET',
      );
      expect(dossier.status).toBe(200);
      const outages = dossier.body.availability.upstreamOutages as { from: string; to: string }[];
      expect(outages.some((o) => o.to > claimedFrom && o.from < claimedTo)).toBe(true);
    });
  });
}
