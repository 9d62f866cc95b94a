import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { Niss } from '../../src/domain/niss.js';
import { newPresenceNumbers, PRESENCE_NUMBERS_RANDOM_BYTES } from '../../src/domain/presence-numbers.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import type { PresenceDraft } from '../../src/store/presence-repository.js';
import { createCryptoRandom } from '../../src/system/crypto-random.js';
import { DATABASES, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';

const postgres = DATABASES.find((db) => db.name === 'postgres')!;
const random = createCryptoRandom();
const employer = enterpriseNumber(1) as EnterpriseNumber;
const day = '2026-03-10' as CalendarDate;

function draft(worker: number, overrides: Partial<PresenceDraft> = {}): PresenceDraft {
  return {
    id: random.uuid(),
    workplaceId: 'RACE000001' as WorkplaceId,
    registrationDate: day,
    worker: { niss: niss(worker) as Niss },
    employer,
    channel: 'WEB_SERVICE',
    sender: { role: 'company', enterprise: employer },
    createdAt: '2026-03-10T07:00:00.000Z',
    mayCreate: true,
    relay: false,
    newNumbers: () => newPresenceNumbers(random.bytes(PRESENCE_NUMBERS_RANDOM_BYTES)),
    ...overrides,
  };
}

/** A draft's two pairs of numbers, as the adapter sends them. */
function spareNumbers(d: PresenceDraft): { receipts: string[]; registration_ids: string[] } {
  const numbers = [d.newNumbers(), d.newNumbers()];
  return {
    receipts: numbers.map((n) => n.receiptNumber),
    registration_ids: numbers.map((n) => n.registrationId),
  };
}

/** The item `register_presences` takes for a draft, as the adapter sends it. */
function item(d: PresenceDraft): Record<string, unknown> {
  return {
    id: d.id,
    ...spareNumbers(d),
    workplace_id: d.workplaceId,
    registration_date: d.registrationDate,
    worker_kind: 'NISS',
    worker_id: 'niss' in d.worker ? d.worker.niss : '',
    employer: d.employer,
    client_reference: d.clientReference ?? null,
    channel: d.channel,
    sender_role: d.sender.role,
    sender_id: d.sender.enterprise,
    created_at: d.createdAt,
    may_create: d.mayCreate,
  };
}

describe.skipIf(!postgres.available)('registrations racing on PostgreSQL', () => {
  let db: OpenedDatabase;
  let other: pg.Client;
  beforeEach(async () => {
    db = await postgres.open();
    await db.store.maintain(day);
    other = new pg.Client({ connectionString: db.location });
    await other.connect();
  });
  afterEach(async () => {
    await other.end();
    await db.dispose();
  });

  it('answers a late retry with what its clientReference is bound to, when another request bound it first', async () => {
    const [y] = await db.store.presences.register([draft(2)]); // worker Y is registered, without a reference
    // Another request binds reference r to worker X, and has not committed yet.
    await other.query('BEGIN');
    await other.query('SELECT register_presences($1::jsonb)', [
      JSON.stringify([item(draft(1, { clientReference: 'r' }))]),
    ]);
    // A retry after midnight (may not create) names worker Y with the same reference: it waits for the other.
    const retry = db.store.presences.register([draft(2, { clientReference: 'r', mayCreate: false })]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await other.query('COMMIT');
    const [outcome] = await retry;
    // r is bound to X: the retry is told so, as SQLite would tell it, rather than being answered with Y.
    expect(outcome?.kind).toBe('CLIENT_REFERENCE_CONFLICT');
    const { rows } = await other.query<{ worker_id: string }>(
      `SELECT p.worker_id FROM client_references r JOIN presences p ON p.id = r.presence_id WHERE r.client_reference = 'r'`,
    );
    expect(rows.map((r) => r.worker_id)).toEqual([niss(1)]);
    expect(y?.kind).toBe('CREATED');
  });
});
