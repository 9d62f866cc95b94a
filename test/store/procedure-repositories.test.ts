import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { ContactReference } from '../../src/domain/contact-reference.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { LimosaId } from '../../src/domain/limosa-id.js';
import type { Niss } from '../../src/domain/niss.js';
import type { PaperListing, PaperListingEntry } from '../../src/domain/paper-listing.js';
import type { Decision } from '../../src/domain/procedure/decision.js';
import type { Incident, IncidentEvent } from '../../src/domain/procedure/incident.js';
import type { Situation } from '../../src/domain/procedure/situation.js';
import { newReceiptNumber, type ReceiptNumber } from '../../src/domain/receipt-number.js';
import {
  parsePresenceRegistrationId,
  type PresenceRegistrationId,
} from '../../src/domain/presence-registration-id.js';
import { newPresenceNumbers, PRESENCE_NUMBERS_RANDOM_BYTES } from '../../src/domain/presence-numbers.js';
import { newReferenceNumber, type ReferenceNumber } from '../../src/domain/reference-number.js';
import type { RosterEntry } from '../../src/domain/roster.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import { openStore } from '../../src/composition/open-store.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/postgres-migrations.js';
import type { PresenceDraft } from '../../src/store/presence-repository.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/sqlite-migrations.js';
import { createCryptoRandom } from '../../src/system/crypto-random.js';
import { withDatabase } from '../global-setup.js';
import { STORE_DATABASES, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import { presenceOf } from '../support/outcomes.js';

const random = createCryptoRandom();
const employer = enterpriseNumber(1) as EnterpriseNumber;
const otherEmployer = enterpriseNumber(2) as EnterpriseNumber;
const sender = { role: 'company' as const, enterprise: employer };
const workplaceId = 'WORKPLACE01' as WorkplaceId;
const otherWorkplace = 'WORKPLACE02' as WorkplaceId;
const day = '2026-03-10' as CalendarDate;
const nextDay = '2026-03-11' as CalendarDate;

function worker(n: number): { niss: Niss } {
  return { niss: niss(n) as Niss };
}

function newReference(): ReferenceNumber {
  return newReferenceNumber(random.bytes(5));
}

function newReceipt(): ReceiptNumber {
  return newReceiptNumber(random.bytes(7));
}

/** A situation using every kind of value JSON has: nested objects, arrays, booleans, text beyond ASCII. */
const situation: Situation = {
  origin: 'THIRD_PARTY_INFRASTRUCTURE',
  at: '2026-03-10T06:45:00.000Z',
  permanentlyWithoutInfrastructure: false,
  usesCoContractorMeans: true,
  providerContact: { at: '2026-03-10T06:50:00.000Z', outcome: 'NO_ANSWER' },
  channelsTried: [
    {
      channel: 'ONLINE',
      at: '2026-03-10T06:55:00.000Z',
      result: 'FAILED',
      error: 'Réseau indisponible — «4G»',
    },
    { channel: 'MOBILE', at: '2026-03-10T06:56:00.000Z', result: 'FAILED' },
  ],
  claimedFrom: '2026-03-10T06:00:00.000Z',
  claimedTo: '2026-03-10T12:00:00.000Z',
};

const decision: Decision = {
  outcome: 'CALL_CONTACT_CENTER',
  exempt: false,
  step: '3.1',
  nextSteps: [
    {
      code: 'CALL',
      text: {
        fr: 'Appelez le centre de contact.',
        nl: 'Bel het contactcenter.',
        en: 'Call the contact center.',
      },
    },
  ],
};

const laterDecision: Decision = {
  outcome: 'EXEMPT_FOR_DAY',
  exempt: true,
  ground: 'THIRD_PARTY_INFRASTRUCTURE',
  verification: { status: 'TO_VERIFY', by: 'COMPETENT_SERVICES' },
  step: '3.2',
  nextSteps: [],
  questions: [{ code: 'Q1', text: { fr: 'Où ?', nl: 'Waar?', en: 'Where?' } }],
};

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: random.uuid(),
    workplaceId,
    date: day,
    employer,
    reportedBy: sender,
    reportedAt: '2026-03-10T07:00:00.000Z',
    description: 'Plus de réseau sur le chantier',
    situation,
    decision,
    events: [],
    ...overrides,
  };
}

function evidenceEvent(sequence: number, content = 'ticket'): IncidentEvent {
  return {
    type: 'EVIDENCE_ADDED',
    evidence: { kind: 'OPERATOR_TICKET', description: 'Proximus ticket', reference: 'T-1', content },
    sequence,
    at: '2026-03-10T07:10:00.000Z',
    recordedAt: `2026-03-10T07:1${sequence % 10}:30.000Z`,
    recordedBy: 'key-1',
  };
}

function reference(
  overrides: Partial<Omit<ContactReference, 'number'>> = {},
): Omit<ContactReference, 'number'> {
  return {
    source: 'PHONE',
    enterprise: employer,
    workplaceId,
    date: day,
    note: 'Appel à 7 h 20',
    contact: { name: 'Jan Peeters', phone: '+32 470 12 34 56' },
    issuedAt: '2026-03-10T07:20:00.000Z',
    issuedBy: 'agent-key',
    ...overrides,
  };
}

function listing(referenceNumber: ReferenceNumber, overrides: Partial<PaperListing> = {}): PaperListing {
  return {
    id: random.uuid(),
    referenceNumber,
    workplaceId,
    date: day,
    employer,
    createdBy: sender,
    createdAt: '2026-03-10T07:30:00.000Z',
    ...overrides,
  };
}

function line(listingId: string, n: number, overrides: Partial<PaperListingEntry> = {}): PaperListingEntry {
  return {
    listingId,
    worker: worker(n),
    lastName: `Last${n}`,
    firstName: `First${n}`,
    presenceId: random.uuid(),
    receiptNumber: newReceipt(),
    capturedAt: '2026-03-10T18:00:00.000Z',
    capturedBy: sender,
    ...overrides,
  };
}

function draft(overrides: Partial<PresenceDraft> = {}): PresenceDraft {
  return {
    id: random.uuid(),
    workplaceId,
    registrationDate: day,
    worker: worker(Math.floor(Math.random() * 100_000)),
    employer,
    channel: 'WEB_SERVICE',
    sender,
    createdAt: '2026-03-10T07:00:00.000Z',
    mayCreate: true,
    relay: false,
    newNumbers: () => newPresenceNumbers(random.bytes(PRESENCE_NUMBERS_RANDOM_BYTES)),
    ...overrides,
  };
}

const postgresUrl = inject('postgresUrl');

/**
 * A database as it was before the emergency procedure: empty (`migrations` 0), or with only the first migration
 * applied and one presence registered in it. Returns where it is, for `openStore`.
 */
async function oldDatabase(
  name: 'sqlite' | 'postgres',
  migrations: 0 | 1,
  presenceId: string,
): Promise<{ location: string; dispose: () => Promise<void> }> {
  if (name === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sitepresence-test-'));
    const location = join(dir, 'registry.db');
    const db = new Database(location);
    try {
      if (migrations === 1) {
        db.exec('CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
        const [first] = SQLITE_MIGRATIONS;
        if (first === undefined) throw new Error('no migration');
        db.exec(first.sql);
        db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(
          first.id,
          new Date().toISOString(),
        );
        db.prepare(
          `INSERT INTO presences (id, receipt_number, workplace_id, registration_date, worker_kind, worker_id,
             employer, channel, sender_role, sender_id, status, created_at)
           VALUES (?, ?, ?, ?, 'NISS', ?, ?, 'WEB_SERVICE', 'company', ?, 'REGISTERED', ?)`,
        ).run(
          presenceId,
          newReceipt(),
          workplaceId,
          day,
          niss(1),
          employer,
          employer,
          '2026-03-10T07:00:00.000Z',
        );
      }
    } finally {
      db.close();
    }
    return {
      location,
      dispose: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const database = `sitepresence_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const location = withDatabase(postgresUrl, database);
  if (migrations === 1) {
    const client = new pg.Client({ connectionString: location });
    await client.connect();
    try {
      const [first] = POSTGRES_MIGRATIONS;
      if (first === undefined) throw new Error('no migration');
      await client.query(
        'CREATE TABLE schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL)',
      );
      await client.query(first.sql);
      await client.query('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, now())', [first.id]);
      // Registered by the function of 0001, as the adapter sent items then (no reference_number).
      await client.query('SELECT register_presences($1::jsonb)', [
        JSON.stringify([
          {
            id: presenceId,
            receipts: [newReceipt(), newReceipt()],
            workplace_id: workplaceId,
            registration_date: day,
            worker_kind: 'NISS',
            worker_id: niss(1),
            employer,
            client_reference: null,
            channel: 'WEB_SERVICE',
            sender_role: 'company',
            sender_id: employer,
            created_at: '2026-03-10T07:00:00.000Z',
            may_create: true,
          },
        ]),
      ]);
    } finally {
      await client.end();
    }
  }
  return {
    location,
    dispose: async () => {
      const server = new pg.Client({ connectionString: postgresUrl });
      await server.connect();
      try {
        await server.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      } finally {
        await server.end();
      }
    },
  };
}

for (const database of STORE_DATABASES) {
  describe.skipIf(!database.available)(`the emergency procedure's stores (${database.label})`, () => {
    let db: OpenedDatabase;
    beforeEach(async () => {
      db = await database.open();
      await db.store.maintain(day);
    });
    afterEach(async () => {
      await db.dispose();
    });

    describe('incidents', () => {
      it('gives back an incident exactly as it was stored, with its events', async () => {
        const stored = incident({ events: [evidenceEvent(1), evidenceEvent(2, 'second')] });
        await db.store.incidents.create(stored);
        expect(await db.store.incidents.get(stored.id)).toStrictEqual(stored);
      });

      it('keeps no description when none was given', async () => {
        const { description: _none, ...withoutDescription } = incident();
        await db.store.incidents.create(withoutDescription);
        const read = await db.store.incidents.get(withoutDescription.id);
        expect(read).toStrictEqual(withoutDescription);
        expect(read !== undefined && 'description' in read).toBe(false);
      });

      it('knows no incident by an unknown id', async () => {
        expect(await db.store.incidents.get(random.uuid())).toBeUndefined();
      });

      it('appends events in order, storing the situation and decision each leads to', async () => {
        const stored = incident();
        await db.store.incidents.create(stored);
        const contacted: IncidentEvent = {
          type: 'PROVIDER_CONTACTED',
          outcome: 'NOT_SOLVED',
          sequence: 1,
          at: '2026-03-10T07:05:00.000Z',
          recordedAt: '2026-03-10T07:06:00.000Z',
          recordedBy: 'key-1',
        };
        const nextSituation: Situation = {
          ...situation,
          origin: 'REGISTRY_UNAVAILABLE',
          journal: 'CONFIRMED',
        };
        expect(
          await db.store.incidents.append(stored.id, 0, contacted, { situation, decision: laterDecision }),
        ).toBe('APPENDED');
        expect(
          await db.store.incidents.append(stored.id, 1, evidenceEvent(2), {
            situation: nextSituation,
            decision: laterDecision,
          }),
        ).toBe('APPENDED');
        expect(await db.store.incidents.get(stored.id)).toStrictEqual({
          ...stored,
          situation: nextSituation,
          decision: laterDecision,
          events: [contacted, evidenceEvent(2)],
        });
      });

      it('refuses an append made on a stale read, and changes nothing', async () => {
        const stored = incident();
        await db.store.incidents.create(stored);
        await db.store.incidents.append(stored.id, 0, evidenceEvent(1), { situation, decision });
        expect(
          await db.store.incidents.append(stored.id, 0, evidenceEvent(1, 'late'), {
            situation,
            decision: laterDecision,
          }),
        ).toBe('CHANGED');
        expect(
          await db.store.incidents.append(stored.id, 2, evidenceEvent(3, 'ahead'), {
            situation,
            decision: laterDecision,
          }),
        ).toBe('CHANGED');
        const read = await db.store.incidents.get(stored.id);
        expect(read?.events).toStrictEqual([evidenceEvent(1)]);
        expect(read?.decision).toStrictEqual(decision);
      });

      it('tells an append to an unknown incident that it is not found', async () => {
        expect(
          await db.store.incidents.append(random.uuid(), 0, evidenceEvent(1), { situation, decision }),
        ).toBe('NOT_FOUND');
      });

      it('lets exactly one of two concurrent appends on the same read win', async () => {
        const stored = incident();
        await db.store.incidents.create(stored);
        for (let round = 0; round < 5; round += 1) {
          const outcomes = await Promise.all(
            ['a', 'b'].map((who) =>
              db.store.incidents.append(stored.id, round, evidenceEvent(round + 1, who), {
                situation,
                decision: who === 'a' ? decision : laterDecision,
              }),
            ),
          );
          expect(outcomes.filter((o) => o === 'APPENDED')).toHaveLength(1);
          expect(outcomes.filter((o) => o === 'CHANGED')).toHaveLength(1);
        }
        const read = await db.store.incidents.get(stored.id);
        expect(read?.events.map((e) => e.sequence)).toStrictEqual([1, 2, 3, 4, 5]);
      });

      it('lists the incidents of a workplace and day, oldest first, each with its own events', async () => {
        const late = incident({ reportedAt: '2026-03-10T09:00:00.000Z', events: [evidenceEvent(1, 'late')] });
        const early = incident({ reportedAt: '2026-03-10T06:00:00.000Z' });
        const elsewhere = incident({ workplaceId: otherWorkplace });
        const tomorrow = incident({ date: nextDay });
        for (const i of [late, early, elsewhere, tomorrow]) await db.store.incidents.create(i);
        await db.store.incidents.append(early.id, 0, evidenceEvent(1, 'early'), { situation, decision });
        const found = await db.store.incidents.forWorkplaceDay(workplaceId, day);
        expect(found.map((i) => i.id)).toStrictEqual([early.id, late.id]);
        expect(found[0]?.events).toStrictEqual([evidenceEvent(1, 'early')]);
        expect(found[1]?.events).toStrictEqual([evidenceEvent(1, 'late')]);
        expect(await db.store.incidents.forWorkplaceDay(otherWorkplace, nextDay)).toStrictEqual([]);
      });
    });

    describe('contact references', () => {
      it('stores a reference under the number drawn, and gives it back as issued', async () => {
        const number = newReference();
        const issued = await db.store.references.issue(reference({ incidentId: 'incident-1' }), () => number);
        expect(issued).toStrictEqual({ ...reference({ incidentId: 'incident-1' }), number });
        expect(await db.store.references.get(number)).toStrictEqual(issued);
        expect(await db.store.references.get(newReference())).toBeUndefined();
      });

      it('draws another number when the one drawn is taken', async () => {
        const taken = (await db.store.references.issue(reference(), newReference)).number;
        const fresh = newReference();
        const numbers = [taken, fresh];
        const issued = await db.store.references.issue(
          reference({
            source: 'CONTACT_FORM',
            note: 'second',
            contact: { name: 'A', email: 'a@example.be' },
          }),
          () => numbers.shift() ?? newReference(),
        );
        expect(issued.number).toBe(fresh);
        expect(await db.store.references.get(fresh)).toStrictEqual(issued);
        expect((await db.store.references.get(taken))?.note).toBe(reference().note);
      });

      it('gives up when every number drawn is taken', async () => {
        const taken = (await db.store.references.issue(reference(), newReference)).number;
        await expect(db.store.references.issue(reference(), () => taken)).rejects.toThrow();
      });

      it('lists the references of a workplace and day, oldest first', async () => {
        const second = await db.store.references.issue(
          reference({ issuedAt: '2026-03-10T09:00:00.000Z' }),
          newReference,
        );
        const first = await db.store.references.issue(
          reference({ issuedAt: '2026-03-10T08:00:00.000Z', contact: undefined }),
          newReference,
        );
        await db.store.references.issue(reference({ workplaceId: otherWorkplace }), newReference);
        await db.store.references.issue(reference({ date: nextDay }), newReference);
        const found = await db.store.references.forWorkplaceDay(workplaceId, day);
        expect(found).toStrictEqual([first, second]);
        expect(found[0] !== undefined && 'contact' in found[0]).toBe(false);
      });

      it('lists the references issued in a period, newest first, at most the limit', async () => {
        const at = (hour: number): string => `2026-03-10T${String(hour).padStart(2, '0')}:00:00.000Z`;
        const issued: ContactReference[] = [];
        for (const hour of [7, 8, 9, 10, 11]) {
          issued.push(await db.store.references.issue(reference({ issuedAt: at(hour) }), newReference));
        }
        const numbers = (refs: readonly ContactReference[]): string[] => refs.map((r) => r.number);
        // [08:00, 11:00): 10, 9, 8 — and 11 is left out.
        expect(numbers(await db.store.references.issuedBetween(at(8), at(11), 10))).toStrictEqual(
          numbers([issued[3], issued[2], issued[1]].flatMap((r) => (r === undefined ? [] : [r]))),
        );
        expect(numbers(await db.store.references.issuedBetween(at(7), at(12), 2))).toStrictEqual(
          numbers([issued[4], issued[3]].flatMap((r) => (r === undefined ? [] : [r]))),
        );
        expect(await db.store.references.issuedBetween(at(12), at(13), 10)).toStrictEqual([]);
      });
    });

    describe('rosters', () => {
      const entry = (n: number, lastName: string, firstName: string): RosterEntry => ({
        worker: worker(n),
        lastName,
        firstName,
      });
      const posted: RosterEntry = {
        worker: { limosaId: '123456789012' as LimosaId },
        lastName: 'Kowalski',
        firstName: 'Jan',
      };

      it('lists a roster by last name, then first name, then number', async () => {
        await db.store.rosters.replace(
          employer,
          [entry(3, 'Peeters', 'Marc'), entry(2, 'Janssens', 'Sofie'), entry(1, 'Peeters', 'Marc'), posted],
          '2026-03-01T00:00:00.000Z',
        );
        const listed = await db.store.rosters.list(employer);
        expect(listed).toStrictEqual([
          entry(2, 'Janssens', 'Sofie'),
          posted,
          // Two Marc Peeters: by number.
          ...[entry(1, 'Peeters', 'Marc'), entry(3, 'Peeters', 'Marc')].sort((a, b) =>
            'niss' in a.worker && 'niss' in b.worker ? a.worker.niss.localeCompare(b.worker.niss) : 0,
          ),
        ]);
        expect(await db.store.rosters.list(otherEmployer)).toStrictEqual([]);
      });

      it('replaces a whole roster, leaving other companies alone', async () => {
        await db.store.rosters.replace(
          employer,
          [entry(1, 'A', 'A'), entry(2, 'B', 'B')],
          '2026-03-01T00:00:00.000Z',
        );
        await db.store.rosters.replace(otherEmployer, [entry(1, 'A', 'A')], '2026-03-01T00:00:00.000Z');
        await db.store.rosters.replace(
          employer,
          [entry(3, 'C', 'C'), entry(2, 'Bee', 'B')],
          '2026-03-02T00:00:00.000Z',
        );
        expect(await db.store.rosters.list(employer)).toStrictEqual([
          entry(2, 'Bee', 'B'),
          entry(3, 'C', 'C'),
        ]);
        expect(await db.store.rosters.list(otherEmployer)).toStrictEqual([entry(1, 'A', 'A')]);
        await db.store.rosters.replace(employer, [], '2026-03-03T00:00:00.000Z');
        expect(await db.store.rosters.list(employer)).toStrictEqual([]);
      });

      it('adds and renames workers without removing the others', async () => {
        await db.store.rosters.replace(
          employer,
          [entry(1, 'A', 'A'), entry(2, 'B', 'B')],
          '2026-03-01T00:00:00.000Z',
        );
        await db.store.rosters.upsert(
          employer,
          [entry(2, 'Bis', 'B'), entry(3, 'C', 'C'), entry(3, 'Cee', 'C')],
          '2026-03-02T00:00:00.000Z',
        );
        expect(await db.store.rosters.list(employer)).toStrictEqual([
          entry(1, 'A', 'A'),
          entry(2, 'Bis', 'B'),
          entry(3, 'Cee', 'C'),
        ]);
      });
    });

    describe('paper listings', () => {
      it('makes one listing per reference number, workplace, day and employer', async () => {
        const number = newReference();
        const first = listing(number);
        expect(await db.store.paperListings.create(first)).toStrictEqual({ listing: first, created: true });
        const again = await db.store.paperListings.create(
          listing(number, { createdAt: '2026-03-10T08:00:00.000Z' }),
        );
        expect(again).toStrictEqual({ listing: first, created: false });
        const otherEmployerListing = listing(number, { employer: otherEmployer });
        expect((await db.store.paperListings.create(otherEmployerListing)).created).toBe(true);
        expect(await db.store.paperListings.get(first.id)).toStrictEqual(first);
        expect(await db.store.paperListings.get(random.uuid())).toBeUndefined();
        expect(await db.store.paperListings.forReference(number, employer)).toStrictEqual([first]);
        expect(await db.store.paperListings.forReference(number, otherEmployer)).toStrictEqual([
          otherEmployerListing,
        ]);
      });

      it('makes a listing once when asked for it twice at the same time', async () => {
        const number = newReference();
        const outcomes = await Promise.all([
          db.store.paperListings.create(listing(number)),
          db.store.paperListings.create(listing(number)),
        ]);
        expect(outcomes.filter((o) => o.created)).toHaveLength(1);
        expect(outcomes[0].listing).toStrictEqual(outcomes[1].listing);
      });

      it('lists the listings of a workplace and day, oldest first', async () => {
        const late = listing(newReference(), { createdAt: '2026-03-10T10:00:00.000Z' });
        const early = listing(newReference(), { createdAt: '2026-03-10T06:00:00.000Z' });
        for (const l of [late, early, listing(newReference(), { date: nextDay })]) {
          await db.store.paperListings.create(l);
        }
        expect(await db.store.paperListings.forWorkplaceDay(workplaceId, day)).toStrictEqual([early, late]);
      });

      it('keeps the first presence of a line captured twice, and the names as last written', async () => {
        const made = listing(newReference());
        await db.store.paperListings.create(made);
        const one = line(made.id, 1);
        const two = line(made.id, 2);
        await db.store.paperListings.addEntries([one, two]);
        const oneAgain = line(made.id, 1, {
          lastName: 'Van Damme',
          firstName: 'Jean-Claude',
          capturedAt: '2026-03-11T08:00:00.000Z',
        });
        const three = line(made.id, 3);
        await db.store.paperListings.addEntries([three, oneAgain]);
        expect(await db.store.paperListings.entries(made.id)).toStrictEqual([
          { ...one, lastName: 'Van Damme', firstName: 'Jean-Claude' },
          two,
          three,
        ]);
        // Capturing the same sheet again changes nothing.
        await db.store.paperListings.addEntries([three, oneAgain]);
        expect(await db.store.paperListings.entries(made.id)).toHaveLength(3);
        expect(await db.store.paperListings.entries(random.uuid())).toStrictEqual([]);
      });

      it('keeps the lines of each listing apart, in the order they were first captured', async () => {
        const a = listing(newReference());
        const b = listing(newReference());
        await db.store.paperListings.create(a);
        await db.store.paperListings.create(b);
        const lines = [line(a.id, 5), line(b.id, 5), line(a.id, 4), line(a.id, 6), line(b.id, 1)];
        await db.store.paperListings.addEntries(lines.slice(0, 2));
        await db.store.paperListings.addEntries(lines.slice(2));
        expect(await db.store.paperListings.entries(a.id)).toStrictEqual([lines[0], lines[2], lines[3]]);
        expect(await db.store.paperListings.entries(b.id)).toStrictEqual([lines[1], lines[4]]);
      });
    });

    describe('presences captured from paper', () => {
      it('keeps the reference number of a presence captured from a paper listing', async () => {
        const number = newReference();
        const [created] = await db.store.presences.register([
          draft({ channel: 'PAPER', referenceNumber: number }),
        ]);
        const presence = presenceOf(created);
        expect(presence).toMatchObject({ channel: 'PAPER', referenceNumber: number });
        expect(await db.store.presences.get(presence.id)).toMatchObject({
          channel: 'PAPER',
          referenceNumber: number,
        });
        const page = await db.store.presences.search({
          from: day,
          to: day,
          limit: 10,
          scope: { kind: 'ALL' },
        });
        expect(page.presences).toStrictEqual([await db.store.presences.get(presence.id)]);
      });

      it('gives a presence made any other way no reference number', async () => {
        const [created] = await db.store.presences.register([draft()]);
        const presence = presenceOf(created);
        expect('referenceNumber' in presence).toBe(false);
        const read = await db.store.presences.get(presence.id);
        expect(read).toBeDefined();
        expect(read !== undefined && 'referenceNumber' in read).toBe(false);
        const page = await db.store.presences.search({
          from: day,
          to: day,
          limit: 10,
          scope: { kind: 'ALL' },
        });
        expect(page.presences.map((p) => 'referenceNumber' in p)).toStrictEqual([false]);
      });

      it('keeps the reference number when the presence is cancelled', async () => {
        const number = newReference();
        const [created] = await db.store.presences.register([
          draft({ channel: 'PAPER', referenceNumber: number }),
        ]);
        const cancelled = await db.store.presences.cancel(presenceOf(created).id, {
          at: '2026-03-10T09:00:00.000Z',
          reason: 'wrong day',
          by: sender,
        });
        expect(cancelled).toMatchObject({ kind: 'CANCELLED', presence: { referenceNumber: number } });
      });
    });

    describe('migrations', () => {
      it('applies every migration to an empty database', async () => {
        const empty = await oldDatabase(database.name, 0, random.uuid());
        try {
          const { store, applied } = await openStore(empty.location);
          await store.close();
          expect(applied).toStrictEqual([
            '0001_registry',
            '0002_emergency_procedure',
            '0003_users',
            '0004_incident_inbox',
            '0005_audit',
            '0006_key_rotation',
            '0007_audit_chains',
            '0008_registration_ids',
            '0009_sender_certificates',
            '0010_validation',
            '0011_upstream',
          ]);
        } finally {
          await empty.dispose();
        }
      });

      it('brings a database made before the emergency procedure up to date, keeping its presences', async () => {
        const presenceId = random.uuid();
        const old = await oldDatabase(database.name, 1, presenceId);
        try {
          const opened = await openStore(old.location);
          try {
            expect(opened.applied).toStrictEqual([
              '0002_emergency_procedure',
              '0003_users',
              '0004_incident_inbox',
              '0005_audit',
              '0006_key_rotation',
              '0007_audit_chains',
              '0008_registration_ids',
              '0009_sender_certificates',
              '0010_validation',
              '0011_upstream',
            ]);
            const kept = await opened.store.presences.get(presenceId);
            expect(kept).toMatchObject({ id: presenceId, channel: 'WEB_SERVICE', status: 'REGISTERED' });
            // A presence made before registration ids existed was given one, valid and found by it.
            const registrationId = kept?.registrationId ?? ('' as PresenceRegistrationId);
            expect(parsePresenceRegistrationId(registrationId)).toEqual({ ok: true, value: registrationId });
            expect(await opened.store.presences.idOfRegistration(registrationId)).toBe(presenceId);
            expect(kept !== undefined && 'referenceNumber' in kept).toBe(false);
            const number = newReference();
            const [created] = await opened.store.presences.register([
              draft({ channel: 'PAPER', referenceNumber: number }),
            ]);
            expect(await opened.store.presences.get(presenceOf(created).id)).toMatchObject({
              referenceNumber: number,
            });
            const made = incident();
            await opened.store.incidents.create(made);
            expect(await opened.store.incidents.get(made.id)).toStrictEqual(made);
            const purged = await opened.store.purge('2026-04-01' as CalendarDate, true);
            expect(purged.presences).toBe(2);
          } finally {
            await opened.store.close();
          }
          const again = await openStore(old.location);
          await again.store.close();
          expect(again.applied).toStrictEqual([]);
        } finally {
          await old.dispose();
        }
      });
    });
  });
}
