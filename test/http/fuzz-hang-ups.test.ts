import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { runs } from '../support/long-runs.js';
import { TestRegistry, type Caller } from '../support/registry.js';

/** Where a client hangs up: before its body, inside it, just after it, or once it has its answer. */
const HANG_UPS = ['headers', 'half-body', 'whole-body', 'answered'] as const;
type HangUp = (typeof HANG_UPS)[number];

/** Writes the client may send: a registration, one with an error in it, a workplace declared. */
const WRITES = ['registration', 'refused-registration', 'workplace'] as const;
type Write = (typeof WRITES)[number];

/**
 * Writes sent over real sockets by clients that hang up at random moments — before, inside or right after their
 * body: whatever the moment, the registry writes nothing without its audit record, answers the next client as
 * ever, and never writes a registration or a workplace twice.
 */
for (const database of DATABASES) {
  describe.skipIf(!database.available)(`writes from clients that hang up (${database.name})`, () => {
    let registry: TestRegistry;
    let company: Caller;
    let workplaceId: string;
    let port: number;
    let sent = 0;

    beforeAll(async () => {
      registry = await TestRegistry.open(database);
      company = await registry.newCompany();
      workplaceId = (await registry.newWorkplace(company)).id;
      port = Number(new URL(await registry.app.listen({ port: 0, host: '127.0.0.1' })).port);
    });
    afterAll(async () => {
      await registry.close();
    });

    function request(write: Write): { url: string; body: string } {
      sent += 1;
      switch (write) {
        case 'registration':
        case 'refused-registration': {
          const item = registry.presenceItem(workplaceId, company, {
            clientReference: `hang-up-${sent}`,
            ...(write === 'refused-registration' ? { registrationDate: registry.day(-1) } : {}),
          });
          return { url: '/api/v1/presences', body: JSON.stringify({ presences: [item] }) };
        }
        case 'workplace':
          return {
            url: '/api/v1/workplaces',
            body: JSON.stringify({
              name: `Chantier ${sent}`,
              address: { street: 'Rue de la Loi 16', postalCode: '1000', city: 'Bruxelles' },
              declarant: company.enterprise,
              startDate: registry.today(),
              endDate: registry.day(30),
            }),
          };
      }
    }

    /** Sends a write over a socket of its own and hangs up where told. */
    function send(write: Write, hangUp: HangUp): Promise<void> {
      const { url, body } = request(write);
      const head =
        `POST ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${company.key}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
      const text = {
        headers: head,
        'half-body': head + body.slice(0, body.length >> 1),
        'whole-body': head + body,
        answered: head + body,
      }[hangUp];
      return new Promise((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(text, () => {
            if (hangUp !== 'answered') socket.resetAndDestroy();
          });
        });
        socket.on('data', () => {
          socket.end();
        });
        socket.on('close', () => {
          resolve();
        });
        socket.on('error', () => {
          resolve();
        });
      });
    }

    it('writes nothing without its audit record, whenever the client hangs up', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom(...WRITES), fc.constantFrom(...HANG_UPS)), {
            minLength: 1,
            maxLength: 12,
          }),
          async (writes) => {
            await Promise.all(writes.map(([write, hangUp]) => send(write, hangUp)));
            // Give the registry the moment it takes to finish what the clients left behind.
            await new Promise((resolve) => setTimeout(resolve, 50));
            await registry.audit.drain();
            const records = await registry.deps.store.audit.list({ limit: 100_000 });
            const written = (action: string, status: number) =>
              records.filter((r) => r.action === action && r.outcome === status).length;
            const inspector = await registry.newCaller('inspector');
            const presences = await inspector.get(
              `/api/v1/presences?from=${registry.today()}&to=${registry.today()}&workplaceId=${workplaceId}&limit=500`,
            );
            expect(presences.status).toBe(200);
            const registered = (presences.body.presences as unknown[]).length;
            // One presence a registration at most, and each made has the record of the request that made it.
            expect(written('POST /api/v1/presences', 200)).toBeGreaterThanOrEqual(registered);
            const workplaces = await registry.deps.store.workplaces.list('ALL');
            expect(written('POST /api/v1/workplaces', 201)).toBe(workplaces.length);
            // And the registry answers the next client as ever.
            expect((await company.get('/api/v1/workplaces')).status).toBe(200);
          },
        ),
        { numRuns: runs(8, 60) },
      );
    });
  });
}
