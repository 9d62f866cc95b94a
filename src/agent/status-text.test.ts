import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { Niss } from '../domain/niss.js';
import type { WorkplaceId } from '../domain/workplace-id.js';
import { readAgentStatus } from './agent-status.js';
import type { CaptureState, JournalSummary, NewCapture } from './capture-journal.js';
import type { ProcedureRecord } from './procedure-store.js';
import { openSqliteJournal, type SqliteJournal } from './sqlite/sqlite-journal.js';
import { describeProcedure, describeStatus, followLine, type LineState } from './status-text.js';

const day = '2026-11-27' as CalendarDate;
const START = '2026-11-27T07:00:00.000Z';

const counts = (more: Partial<Record<CaptureState, number>> = {}): Record<CaptureState, number> => ({
  PENDING: 0,
  SENT: 0,
  REJECTED: 0,
  HELD: 0,
  UNRESOLVED: 0,
  ...more,
});
const failed = (at: string, more: Partial<Record<CaptureState, number>> = {}): JournalSummary => ({
  counts: counts(more),
  lastAttempt: {
    at,
    outcome: 'FAILED',
    captures: 1,
    failureClass: 'CONNECTION_REFUSED',
    location: 'REGISTRY',
  },
});
const succeeded = (at: string, more: Partial<Record<CaptureState, number>> = {}): JournalSummary => ({
  counts: counts(more),
  lastAttempt: { at, outcome: 'OK', captures: 1 },
});

describe('followLine', () => {
  /** Feeds summaries one after the other, as `agent run` reads them, and gives every line said. */
  const follow = (summaries: readonly JournalSummary[], lang: 'fr' | 'nl' | 'en' = 'en'): string[] => {
    let state: LineState = { kind: 'UNKNOWN', since: START };
    const said: string[] = [];
    for (const summary of summaries) {
      const next = followLine(state, summary, lang);
      state = next.state;
      said.push(...next.lines);
    }
    return said;
  };

  it('says once that the registry cannot be reached, with the failure and where it lies, however often it retries', () => {
    expect(
      follow([
        failed('2026-11-27T07:00:01.000Z', { PENDING: 3 }),
        failed('2026-11-27T07:00:03.000Z', { PENDING: 3 }),
        failed('2026-11-27T07:00:09.000Z', { PENDING: 4 }),
      ]),
    ).toEqual([
      'The registry cannot be reached (CONNECTION_REFUSED, where: the registry): captures wait in the journal.',
    ]);
  });

  it('says once that it answers again, with how many were sent since it went down and how many still wait', () => {
    expect(
      follow([
        failed('2026-11-27T07:00:01.000Z', { SENT: 10, PENDING: 500 }),
        succeeded('2026-11-27T07:05:00.000Z', { SENT: 210, PENDING: 300 }),
        succeeded('2026-11-27T07:05:02.000Z', { SENT: 510, PENDING: 0 }),
      ]),
    ).toEqual([
      'The registry cannot be reached (CONNECTION_REFUSED, where: the registry): captures wait in the journal.',
      'The registry answers again: 200 sent, 300 still pending.',
    ]);
  });

  it('tells every outage, each once', () => {
    expect(
      follow([
        failed('2026-11-27T07:00:01.000Z'),
        succeeded('2026-11-27T07:01:00.000Z'),
        failed('2026-11-27T08:00:00.000Z'),
        failed('2026-11-27T08:00:05.000Z'),
      ]),
    ).toHaveLength(3);
  });

  it('says nothing of the attempts of an earlier run, nor while the registry answers', () => {
    expect(follow([failed('2026-11-27T06:59:00.000Z'), succeeded('2026-11-27T07:00:01.000Z')])).toEqual([]);
    expect(follow([{ counts: counts() }])).toEqual([]);
  });

  it('speaks the operator’s language', () => {
    expect(follow([failed('2026-11-27T07:00:01.000Z'), succeeded('2026-11-27T07:01:00.000Z')], 'fr')).toEqual(
      [
        'Le registre ne répond pas (CONNECTION_REFUSED, en cause: le registre) : les présences attendent dans le journal.',
        'Le registre répond à nouveau : 0 envoyées, 0 encore en attente.',
      ],
    );
    expect(follow([failed('2026-11-27T07:00:01.000Z')], 'nl')[0]).toContain('Het register antwoordt niet');
  });
});

describe('describeProcedure', () => {
  const record = {
    day,
    openedAt: START,
    closedAt: '2026-11-27T10:00:00.000Z',
    decision: { outcome: 'NO_PAPER_LISTING', exempt: true, nextSteps: [] },
  } as unknown as ProcedureRecord;

  it.each([
    { lang: 'fr', words: '(dispensée) — déposée le 2026-11-27T10:00:00.000Z' },
    { lang: 'nl', words: '(vrijgesteld) — ingediend op 2026-11-27T10:00:00.000Z' },
    { lang: 'en', words: '(exempt) — filed 2026-11-27T10:00:00.000Z' },
  ] as const)('says “exempt” and “filed” in $lang', ({ lang, words }) => {
    expect(describeProcedure(record, lang)[0]).toContain(words);
  });
});

describe('readAgentStatus and describeStatus', () => {
  let journal: SqliteJournal;
  beforeEach(() => {
    journal = openSqliteJournal(':memory:');
  });
  afterEach(async () => {
    await journal.close();
  });

  const capture = (n: number, more: Partial<NewCapture> = {}) =>
    journal.capture({
      clientReference: `ref-${n}`,
      capturedAt: `2026-11-27T06:${String(n).padStart(2, '0')}:00.000Z`,
      day,
      source: 'READER',
      raw: '85073003328',
      workplaceId: 'DEMO0001' as WorkplaceId,
      worker: { niss: '85073003328' as Niss },
      employer: '0403019261' as EnterpriseNumber,
      ...more,
    });
  const unknown = (n: number, raw: string) => capture(n, { raw, worker: undefined as never });

  it('has the refusals (the latest first, with their reasons) and the unknown badges, counted', async () => {
    const refused = await capture(1);
    await capture(2);
    await unknown(3, 'DEADBEEF');
    await unknown(4, '04:A2:2B:1C');
    await unknown(5, 'DEADBEEF');
    await journal.settle(
      [
        {
          sequence: refused.sequence,
          outcome: 'REJECTED',
          errors: [{ code: 'WORKPLACE_NOT_FOUND', message: 'No such workplace.' }],
        },
      ],
      START,
    );
    const status = await readAgentStatus({ journal, procedures: journal }, day);
    expect(status).toMatchObject({
      counts: { PENDING: 1, REJECTED: 1, UNRESOLVED: 3 },
      procedures: [],
      rejected: [{ sequence: refused.sequence, rejection: [{ code: 'WORKPLACE_NOT_FOUND' }] }],
      unknownBadges: [
        { raw: 'DEADBEEF', seen: 2, lastSeenAt: '2026-11-27T06:05:00.000Z' },
        { raw: '04:A2:2B:1C', seen: 1 },
      ],
    });

    const nl = describeStatus(status, 'nl');
    expect(nl).toContain('Geweigerd door het register (de 1 recentste van 1):');
    expect(nl).toContain(`  #${refused.sequence} 85073003328: WORKPLACE_NOT_FOUND No such workplace.`);
    expect(nl).toContain('Onbekende badges (toe te voegen aan de werknemerslijst: agent roster import):');
    expect(nl.join('\n')).toMatch(/^ {2}DEADBEEF {2}2× — laatst gezien 2026-11-27T06:05:00.000Z$/m);
    expect(describeStatus(status, 'fr').join('\n')).toContain(
      'Refusées par le registre (les 1 plus récentes sur 1) :',
    );
  });

  it('lists the open procedures and today’s once filed', async () => {
    const decision = { outcome: 'FILL_PAPER_LISTING', exempt: false, nextSteps: [] };
    const situation = {};
    await journal.saveProcedure({
      day: '2026-11-26' as CalendarDate,
      openedAt: START,
      situation,
      decision,
    } as never);
    await journal.saveProcedure({ day, openedAt: START, closedAt: START, situation, decision } as never);
    const status = await readAgentStatus({ journal, procedures: journal }, day);
    expect(status.procedures.map((p) => p.day)).toEqual(['2026-11-26', day]);
  });
});
