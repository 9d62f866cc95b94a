// The PostgreSQL baseline: a bare Fastify server with a `pg` pool, run in its own process by the bench.
// POST /presences inserts one row of the registry's `presences` table per request, in a database migrated by the
// registry (its partitions made), with a fresh id, receipt number and worker each time; GET /presences answers
// ten presences, about the size of a search reply of the registry, without the database.
// Arguments: port, database URL, pool size.
import { randomFillSync } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { newPresenceNumbers, PRESENCE_NUMBERS_RANDOM_BYTES } from '../src/domain/presence-numbers.js';
import { nissFor } from './niss.js';
import type { PresenceItem } from './presence-factory.js';

const [port, url, poolSize] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4])];
if (url === undefined || !Number.isInteger(port) || !Number.isInteger(poolSize)) {
  throw new Error('usage: bare-postgres-server.ts <port> <database URL> <pool size>');
}

/** The INSERT of a presence, column for column as register_presences (postgres-migrations.ts) writes it. */
const INSERT_PRESENCE = `INSERT INTO presences (registration_date, id, receipt_number, registration_id, workplace_id,
  worker_kind, worker_id, employer, client_reference, channel, sender_role, sender_id, status, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'REGISTERED', $13)`;

const pool = new pg.Pool({ connectionString: url, max: poolSize });
pool.on('error', () => undefined);
const app = Fastify({ logger: false });

const presences = Array.from({ length: 10 }, (_, i) => ({
  id: `019a0000-0000-7000-8000-00000000000${i}`,
  receiptNumber: '7K3M-9QXD-2R4V',
  workplaceId: 'V8P1501CWKJJ5',
  registrationDate: '2026-01-01',
  worker: { niss: '85073003328' },
  employer: '0403019261',
  channel: 'WEB_SERVICE',
  sender: { role: 'company', enterprise: '0403019261' },
  status: 'REGISTERED',
  createdAt: '2026-01-01T06:00:00.000Z',
}));

let made = 0;

app.get('/', () => ({ ok: true }));
app.get('/presences', () => ({ presences }));
app.post('/presences', async (request) => {
  const item = (request.body as { presences: PresenceItem[] }).presences[0]!;
  // The body is the same every time: each row gets its own worker, so that none is a duplicate of another.
  const n = made;
  made += 1;
  const id = uuidv7();
  const { receiptNumber, registrationId } = newPresenceNumbers(
    randomFillSync(new Uint8Array(PRESENCE_NUMBERS_RANDOM_BYTES)),
  );
  await pool.query(INSERT_PRESENCE, [
    item.registrationDate,
    id,
    receiptNumber,
    registrationId,
    item.workplaceId,
    'NISS',
    nissFor(n),
    item.employer,
    `${item.clientReference}-${n}`,
    'WEB_SERVICE',
    'company',
    item.employer,
    new Date().toISOString(),
  ]);
  return { id, receiptNumber };
});

await app.listen({ port, host: '127.0.0.1' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0));
  });
}
