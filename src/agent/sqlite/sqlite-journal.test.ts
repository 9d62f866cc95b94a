import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { Niss } from '../../domain/niss.js';
import type { ReceiptNumber } from '../../domain/receipt-number.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import type { NewCapture } from '../capture-journal.js';
import { openSqliteJournal } from './sqlite-journal.js';

const day = '2026-11-27' as CalendarDate;
const newCapture = (n: number, more: Partial<NewCapture> = {}): NewCapture => ({
  clientReference: `ref-${n}`,
  capturedAt: `2026-11-27T06:${String(n).padStart(2, '0')}:00.000Z`,
  day,
  source: 'READER',
  raw: `raw ${n}`,
  workplaceId: 'DEMO0001' as WorkplaceId,
  worker: { niss: '85073003328' as Niss },
  employer: '0403019261' as EnterpriseNumber,
  ...more,
});

describe('the SQLite journal', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sitepresence-journal-'));
    path = join(dir, 'agent.db');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps what it acknowledged when opened again, in the order of capture', async () => {
    const journal = openSqliteJournal(path);
    await Promise.all([1, 2, 3].map((n) => journal.capture(newCapture(n))));
    await journal.close();
    const again = openSqliteJournal(path);
    expect((await again.pending(day, 10)).map((c) => c.clientReference)).toEqual(['ref-1', 'ref-2', 'ref-3']);
    await again.close();
  });

  it('journals a clientReference once: the same capture again returns the first', async () => {
    const journal = openSqliteJournal(path);
    const first = await journal.capture(newCapture(1));
    const again = await journal.capture(newCapture(1, { raw: 'other' }));
    expect(again).toEqual(first);
    expect((await journal.summary()).counts.PENDING).toBe(1);
    await journal.close();
  });

  it('is shared by two processes’ connections: a reader journals while the forwarder settles', async () => {
    const reader = openSqliteJournal(path);
    const forwarder = openSqliteJournal(path);
    const captured = await reader.capture(newCapture(1));
    const [pending] = await forwarder.pending(day, 10);
    expect(pending?.sequence).toBe(captured.sequence);
    await Promise.all([
      reader.capture(newCapture(2)),
      forwarder.settle(
        [
          {
            sequence: captured.sequence,
            outcome: 'SENT',
            receiptNumber: 'AAAA-BBBB-CCCC' as ReceiptNumber,
            presenceId: 'p1',
            duplicate: false,
          },
        ],
        '2026-11-27T06:59:00.000Z',
      ),
    ]);
    expect((await reader.summary()).counts).toMatchObject({ PENDING: 1, SENT: 1 });
    await reader.close();
    await forwarder.close();
  });

  it('settles only pending captures — and gives a held one the receipt the registry gives after all', async () => {
    const journal = openSqliteJournal(path);
    const captured = await journal.capture(newCapture(1));
    expect(await journal.holdBefore('2026-11-28' as CalendarDate, '2026-11-28T00:00:00.000Z')).toBe(1);
    await journal.settle(
      [{ sequence: captured.sequence, outcome: 'REJECTED', errors: [{ code: 'INTERNAL', message: 'x' }] }],
      '2026-11-28T00:00:01.000Z',
    );
    expect((await journal.captures({}, 10))[0]).toMatchObject({
      state: 'HELD',
      settledAt: '2026-11-28T00:00:00.000Z',
    });
    await journal.settle(
      [
        {
          sequence: captured.sequence,
          outcome: 'SENT',
          receiptNumber: 'AAAA-BBBB-CCCC' as ReceiptNumber,
          presenceId: 'p1',
          duplicate: true,
        },
      ],
      '2026-11-28T00:00:02.000Z',
    );
    expect((await journal.captures({}, 10))[0]).toMatchObject({
      state: 'SENT',
      receiptNumber: 'AAAA-BBBB-CCCC',
    });
    await journal.close();
  });

  it('is readable and writable by its owner only: it holds the API key', async () => {
    const journal = openSqliteJournal(path);
    await journal.capture(newCapture(1));
    for (const file of [path, `${path}-wal`]) expect(statSync(file).mode & 0o777).toBe(0o600);
    await journal.close();
  });

  it('counts captures by state and remembers the last failure and success', async () => {
    const journal = openSqliteJournal(path);
    await journal.capture(newCapture(1));
    await journal.capture(newCapture(2, { worker: undefined as never }));
    await journal.recordAttempt({ at: '2026-11-27T06:10:00.000Z', outcome: 'OK', captures: 1 });
    await journal.recordAttempt({
      at: '2026-11-27T06:20:00.000Z',
      outcome: 'FAILED',
      captures: 1,
      failureClass: 'NAME_RESOLUTION',
      detail: 'getaddrinfo ENOTFOUND registry.example.be',
      probe: 'UNREACHABLE',
      location: 'LINE',
    });
    const summary = await journal.summary();
    expect(summary.counts).toEqual({ PENDING: 1, SENT: 0, REJECTED: 0, HELD: 0, UNRESOLVED: 1 });
    expect(summary.lastSuccess?.at).toBe('2026-11-27T06:10:00.000Z');
    expect(summary.lastFailure).toMatchObject({ failureClass: 'NAME_RESOLUTION', location: 'LINE' });
    expect(summary.oldestPending).toBe('2026-11-27T06:01:00.000Z');
    await journal.close();
  });

  it('keeps the agent’s settings', async () => {
    const journal = openSqliteJournal(path);
    await journal.setSettings({ registry: 'https://registry.example.be', workplace: 'DEMO0001' });
    await journal.setSettings({ registry: 'https://other.example.be' });
    expect(await journal.setting('registry')).toBe('https://other.example.be');
    expect(await journal.setting('workplace')).toBe('DEMO0001');
    expect(await journal.setting('nothing')).toBeUndefined();
    await journal.close();
  });

  it("upgrades a journal of an earlier version: a procedure's one listing becomes the agent's employer's", async () => {
    const journal = openSqliteJournal(path);
    await journal.setSettings({ employer: '0403019261' });
    await journal.close();
    // The journal as the version before kept it: one listing on the procedure itself.
    const db = new Database(path);
    db.exec(`
      DROP TABLE procedure_listings;
      ALTER TABLE procedures DROP COLUMN evidence_since;
      ALTER TABLE captures DROP COLUMN journaled_at;
      INSERT INTO procedures (day, opened_at, situation, decision, reference_number, incident_id, listing_id,
        listing_filed_at)
      VALUES ('2026-11-27', '2026-11-27T08:00:00.000Z', '{}', '{}', '4KQ7-M2XD', 'incident-1', 'listing-1',
        '2026-11-27T12:00:00.000Z');
    `);
    db.pragma('user_version = 4');
    db.close();

    const upgraded = openSqliteJournal(path);
    expect(await upgraded.procedure(day)).toMatchObject({
      incidentId: 'incident-1',
      listings: [{ employer: '0403019261', listingId: 'listing-1', filedAt: '2026-11-27T12:00:00.000Z' }],
    });
    await upgraded.capture(newCapture(1, { journaledAt: '2026-11-27T09:00:00.000Z' }));
    expect((await upgraded.captures({ day }, 1))[0]?.journaledAt).toBe('2026-11-27T09:00:00.000Z');
    await upgraded.close();
  });
});
