import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { Niss } from '../domain/niss.js';
import type { WorkplaceId } from '../domain/workplace-id.js';
import { createCryptoRandom } from '../system/crypto-random.js';
import type { BadgeId } from './badge.js';
import { captureAtGate, type CaptureDeps } from './capture.js';
import type { CaptureSource } from './capture-journal.js';
import { openSqliteJournal, type SqliteJournal } from './sqlite/sqlite-journal.js';

const settings = { workplaceId: 'DEMO0001' as WorkplaceId, employer: '0403019261' as EnterpriseNumber };
/** 85073003328 with its last digit mistyped: the check digits fail. */
const MISTYPED = '85073003327';

describe('captureAtGate and a mistyped national number', () => {
  let journal: SqliteJournal;
  let deps: CaptureDeps;
  beforeEach(() => {
    journal = openSqliteJournal(':memory:');
    deps = {
      journal,
      roster: journal,
      clock: { now: () => new Date('2026-11-27T06:30:00Z') },
      random: createCryptoRandom(),
    };
  });
  afterEach(async () => {
    await journal.close();
  });

  const capture = (raw: string, source: CaptureSource) => captureAtGate(deps, settings, { raw, source });

  it.each(['CHECKIN', 'KIOSK'] as const)(
    'refuses 11 digits typed at %s that are no valid NISS, with the NISS error, and journals nothing',
    async (source) => {
      expect(await capture(MISTYPED, source)).toMatchObject({
        ok: false,
        error: { code: 'NISS_CHECK_DIGITS' },
      });
      expect((await journal.summary()).counts.UNRESOLVED).toBe(0);
    },
  );

  it.each(['READER', 'IMPORT'] as const)(
    'journals the same 11 digits from %s as an unknown badge with its raw value',
    async (source) => {
      expect(await capture(MISTYPED, source)).toMatchObject({
        ok: true,
        value: { raw: MISTYPED, state: 'UNRESOLVED', source },
      });
    },
  );

  it('takes the 11 digits typed by a person when the roster knows them as a badge', async () => {
    await journal.replaceRoster([
      {
        worker: { niss: '17073003384' as Niss },
        lastName: 'Peeters',
        firstName: 'An',
        badge: MISTYPED as BadgeId,
      },
    ]);
    expect(await capture(MISTYPED, 'CHECKIN')).toMatchObject({
      ok: true,
      value: { raw: MISTYPED, worker: { niss: '17073003384' }, state: 'PENDING' },
    });
  });

  it('still journals a badge of another length typed by a person as unknown, to be added to the roster', async () => {
    expect(await capture('DEADBEEF', 'KIOSK')).toMatchObject({ ok: true, value: { state: 'UNRESOLVED' } });
    expect(await capture('1234567890', 'CHECKIN')).toMatchObject({
      ok: true,
      value: { state: 'UNRESOLVED' },
    });
  });
});
