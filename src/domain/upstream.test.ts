import { describe, expect, it } from 'vitest';
import { addDays, type CalendarDate } from './calendar-date.js';
import {
  backoffMs,
  DEFAULT_UPSTREAM_PROCEDURE_AFTER_MS,
  isScheduled,
  journalCall,
  lastSendableDay,
  procedureAdvisedSince,
  sendingDay,
  UPSTREAM_BACKOFF,
  UPSTREAM_CANCELLATION_REASONS,
  upstreamCancellationReason,
  upstreamOutages,
  WORKING_DAY_MINUTES,
  type UpstreamCall,
  type UpstreamSpan,
} from './upstream.js';

const day = (text: string): CalendarDate => text as CalendarDate;

/** An instant of 27 November 2026, written `HH:MM` or `HH:MM:SS` (UTC). */
const t = (time: string): string => `2026-11-27T${time.length === 5 ? `${time}:00` : time}.000Z`;

const answered = (startedAt: string, endedAt: string): UpstreamCall => ({
  startedAt: t(startedAt),
  endedAt: t(endedAt),
  answered: true,
});

const unanswered = (startedAt: string, endedAt: string, error?: string): UpstreamCall => ({
  startedAt: t(startedAt),
  endedAt: t(endedAt),
  answered: false,
  ...(error === undefined ? {} : { error }),
});

/** Writes calls one after the other as an instance's journal does, and returns every stretch it wrote last. */
function journalOf(instanceId: string, calls: readonly UpstreamCall[]): UpstreamSpan[] {
  const written = new Map<string, UpstreamSpan>();
  let current: UpstreamSpan | undefined;
  for (const call of calls) {
    const spans = journalCall(current, instanceId, call);
    for (const span of spans) written.set(span.from, span);
    current = spans.at(-1);
  }
  return [...written.values()];
}

/** A stretch of one instance without an answer. */
const outage = (instanceId: string, from: string, to: string): UpstreamSpan => ({
  instanceId,
  answering: false,
  from: t(from),
  to: t(to),
  calls: 3,
  lastError: 'connect ECONNREFUSED',
});

const answering = (instanceId: string, from: string, to: string): UpstreamSpan => ({
  instanceId,
  answering: true,
  from: t(from),
  to: t(to),
  calls: 10,
});

const wholeDay = { from: new Date(t('00:00')), to: new Date('2026-11-28T00:00:00.000Z') };

describe('the official cancellation reason of a reason given in free text', () => {
  it.each(UPSTREAM_CANCELLATION_REASONS)('keeps the official value %s as it is', (official) => {
    expect(upstreamCancellationReason(official)).toBe(official);
  });

  it('takes an official value whatever its case and the spaces around it', () => {
    expect(upstreamCancellationReason(' holiday ')).toBe('HOLIDAY');
    expect(upstreamCancellationReason('Disease')).toBe('DISEASE');
    expect(upstreamCancellationReason('c32a')).toBe('C32A');
    expect(upstreamCancellationReason('Other')).toBe('OTHER');
  });

  it.each([
    ['Congé', 'HOLIDAY'],
    ['congés payés', 'HOLIDAY'],
    ['Vacances en famille', 'HOLIDAY'],
    ['Jour férié', 'HOLIDAY'],
    ['Maladie', 'DISEASE'],
    ['Le travailleur est malade', 'DISEASE'],
    ['congé de maladie', 'DISEASE'],
    ['Changement de planning', 'PLANNING'],
    ["Changement d'horaire", 'PLANNING'],
    ['Chômage temporaire', 'C32A'],
    ['CHÔMAGE TEMPORAIRE (intempéries)', 'C32A'],
  ] as const)('reads the French "%s" as %s', (reason, official) => {
    expect(upstreamCancellationReason(reason)).toBe(official);
  });

  it.each([
    ['Verlof', 'HOLIDAY'],
    ['Vakantie', 'HOLIDAY'],
    ['feestdag', 'HOLIDAY'],
    ['Ziek', 'DISEASE'],
    ['ziekteverlof', 'DISEASE'],
    ['Wijziging van de planning', 'PLANNING'],
    ['Roosterwijziging', 'PLANNING'],
    ['planningswijziging', 'PLANNING'],
    ['Tijdelijke werkloosheid', 'C32A'],
    ['tijdelijk werkloos (economische redenen)', 'C32A'],
  ] as const)('reads the Dutch "%s" as %s', (reason, official) => {
    expect(upstreamCancellationReason(reason)).toBe(official);
  });

  it.each([
    ['Annual leave', 'HOLIDAY'],
    ['Public holiday', 'HOLIDAY'],
    ['on vacation', 'HOLIDAY'],
    ['Sick', 'DISEASE'],
    ['sick leave', 'DISEASE'],
    ['ill', 'DISEASE'],
    ['Illness in the family', 'DISEASE'],
    ['Schedule change', 'PLANNING'],
    ['planning changed', 'PLANNING'],
    ['Temporary unemployment', 'C32A'],
    ['temporarily unemployed', 'C32A'],
    ['C3.2A form handed in', 'C32A'],
  ] as const)('reads the English "%s" as %s', (reason, official) => {
    expect(upstreamCancellationReason(reason)).toBe(official);
  });

  it('reads sick leave as disease, not holiday: the first official reason whose word appears wins', () => {
    expect(upstreamCancellationReason('Congé maladie')).toBe('DISEASE');
    expect(upstreamCancellationReason('Ziekteverlof tijdens vakantie')).toBe('DISEASE');
    expect(upstreamCancellationReason('chômage temporaire pour maladie')).toBe('C32A');
  });

  it('finds a word only at the start of a word, not inside another', () => {
    expect(upstreamCancellationReason('Will not come')).toBe('OTHER');
    expect(upstreamCancellationReason('billing error')).toBe('OTHER');
    expect(upstreamCancellationReason('Still at home')).toBe('OTHER');
  });

  it('does not take a word that begins like a reason for that reason', () => {
    expect(upstreamCancellationReason('Travailleur congédié'), 'a dismissal is no holiday').toBe('OTHER');
    expect(upstreamCancellationReason('illegal employment'), 'nor is illegal an illness').toBe('OTHER');
    expect(upstreamCancellationReason('Travail illégal')).toBe('OTHER');
  });

  it.each(['', '   ', 'weather', 'pluie', 'Erreur de saisie', 'verkeerde werf', 'wrong worker', 'griep'])(
    'reads anything else ("%s") as OTHER',
    (reason) => {
      expect(upstreamCancellationReason(reason)).toBe('OTHER');
    },
  );

  it('always answers a value the upstream takes, of at most 15 characters', () => {
    for (const reason of ['x'.repeat(500), 'congé '.repeat(80), '€ 😀 ß', 'c3.2a.', '...']) {
      const official = upstreamCancellationReason(reason);
      expect(UPSTREAM_CANCELLATION_REASONS).toContain(official);
      expect(official.length).toBeLessThanOrEqual(15);
    }
  });
});

describe('the wait after a failure of the upstream', () => {
  const ceiling = (failures: number): number => Math.min(60_000, 1_000 * 2 ** Math.max(0, failures - 1));

  it('waits between half and all of 1 s doubling at each failure in a row, up to 60 s', () => {
    for (let failures = 1; failures <= 40; failures += 1) {
      for (const random of [0, 0.25, 0.5, 0.75, 0.999_999]) {
        const wait = backoffMs(failures, random);
        expect(wait, `failure ${failures}, random ${random}`).toBeGreaterThanOrEqual(ceiling(failures) / 2);
        expect(wait, `failure ${failures}, random ${random}`).toBeLessThanOrEqual(ceiling(failures));
      }
    }
  });

  it('doubles the least and the most it waits at each failure, until 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((failures) => backoffMs(failures, 0))).toStrictEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((failures) => backoffMs(failures, 0.999_999))).toStrictEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000,
    ]);
  });

  it('spreads the waits of relays that failed together', () => {
    const waits = new Set([0, 0.2, 0.4, 0.6, 0.8].map((random) => backoffMs(5, random)));
    expect(waits.size).toBe(5);
  });

  it('never waits more than 60 s, however long the upstream has failed', () => {
    expect(backoffMs(1_000_000, 0.999_999)).toBeLessThanOrEqual(UPSTREAM_BACKOFF.mostMs);
    expect(backoffMs(Number.MAX_SAFE_INTEGER, 0)).toBe(UPSTREAM_BACKOFF.mostMs / 2);
  });

  it('waits as after a first failure when told of none', () => {
    expect(backoffMs(0, 0)).toBe(backoffMs(1, 0));
  });

  it('follows other waits when given them', () => {
    const backoff = { firstMs: 100, mostMs: 1_000 };
    expect(backoffMs(1, 0, backoff)).toBe(50);
    expect(backoffMs(3, 0.5, backoff)).toBe(300);
    expect(backoffMs(10, 0.999_999, backoff)).toBe(1_000);
  });
});

describe('the days the upstream takes', () => {
  const today = day('2026-03-10');

  it('takes today and tomorrow, not later', () => {
    expect(lastSendableDay(today)).toBe('2026-03-11');
    expect(lastSendableDay(day('2026-03-31')), 'across a month').toBe('2026-04-01');
    expect(lastSendableDay(day('2026-12-31')), 'across a year').toBe('2027-01-01');
  });

  it('sends today and tomorrow at once, and a later day the day before it', () => {
    expect(sendingDay(today, today)).toBe(today);
    expect(sendingDay(day('2026-03-11'), today)).toBe(today);
    expect(sendingDay(day('2026-03-12'), today)).toBe('2026-03-11');
    expect(sendingDay(day('2026-04-01'), today)).toBe('2026-03-31');
  });

  it('sends at once a day that is past', () => {
    expect(sendingDay(day('2026-03-09'), today)).toBe(today);
    expect(sendingDay(day('2026-02-01'), today)).toBe(today);
  });

  it('schedules a presence of a day after tomorrow, not of today or tomorrow', () => {
    expect(isScheduled(day('2026-03-09'), today)).toBe(false);
    expect(isScheduled(today, today)).toBe(false);
    expect(isScheduled(day('2026-03-11'), today)).toBe(false);
    expect(isScheduled(day('2026-03-12'), today)).toBe(true);
    expect(isScheduled(day('2026-04-30'), today)).toBe(true);
  });

  it('schedules exactly the presences whose sending day is still to come, and sends each on that day', () => {
    for (let ahead = -3; ahead <= 40; ahead += 1) {
      const presenceDay = addDays(today, ahead);
      const sending = sendingDay(presenceDay, today);
      expect(isScheduled(presenceDay, today), presenceDay).toBe(sending > today);
      // On its sending day, the presence is no longer scheduled: it goes.
      expect(isScheduled(presenceDay, sending), presenceDay).toBe(false);
      expect(presenceDay <= lastSendableDay(sending), presenceDay).toBe(true);
    }
  });
});

describe('the journal of the upstream’s answers', () => {
  it('begins a stretch of answers when the first answer came', () => {
    expect(journalCall(undefined, 'relay-a', answered('10:00', '10:00:02'))).toStrictEqual([
      { instanceId: 'relay-a', answering: true, from: t('10:00:02'), to: t('10:00:02'), calls: 1 },
    ]);
  });

  it('begins an outage when its first failing call began, with the failure', () => {
    expect(journalCall(undefined, 'relay-a', unanswered('10:00', '10:00:30', 'timeout'))).toStrictEqual([
      {
        instanceId: 'relay-a',
        answering: false,
        from: t('10:00'),
        to: t('10:00:30'),
        calls: 1,
        lastError: 'timeout',
      },
    ]);
  });

  it('extends the stretch under way while the outcome stays the same', () => {
    const [current] = journalCall(undefined, 'relay-a', answered('10:00', '10:00:02'));
    expect(journalCall(current, 'relay-a', answered('10:01', '10:01:03'))).toStrictEqual([
      { instanceId: 'relay-a', answering: true, from: t('10:00:02'), to: t('10:01:03'), calls: 2 },
    ]);
  });

  it('keeps the latest failure of an outage, and the one before when a failure says nothing', () => {
    const [first] = journalCall(undefined, 'relay-a', unanswered('10:00', '10:00:30', 'timeout'));
    const [second] = journalCall(first, 'relay-a', unanswered('10:01', '10:01:01', 'HTTP 503'));
    expect(second).toStrictEqual({ ...first, to: t('10:01:01'), calls: 2, lastError: 'HTTP 503' });
    const [third] = journalCall(second, 'relay-a', unanswered('10:02', '10:02:01'));
    expect(third).toStrictEqual({ ...second, to: t('10:02:01'), calls: 3, lastError: 'HTTP 503' });
  });

  it('begins an outage at the failing call that follows answers, leaving the answers as they were', () => {
    const [answers] = journalCall(undefined, 'relay-a', answered('10:00', '10:00:02'));
    expect(journalCall(answers, 'relay-a', unanswered('10:05', '10:05:30', 'socket hang up'))).toStrictEqual([
      {
        instanceId: 'relay-a',
        answering: false,
        from: t('10:05'),
        to: t('10:05:30'),
        calls: 1,
        lastError: 'socket hang up',
      },
    ]);
  });

  it('ends an outage when the first answer after it came, and begins a stretch of answers then', () => {
    const [down] = journalCall(undefined, 'relay-a', unanswered('10:00', '10:00:30', 'timeout'));
    expect(journalCall(down, 'relay-a', answered('10:03', '10:03:02'))).toStrictEqual([
      {
        instanceId: 'relay-a',
        answering: false,
        from: t('10:00'),
        to: t('10:03:02'),
        calls: 1,
        lastError: 'timeout',
      },
      { instanceId: 'relay-a', answering: true, from: t('10:03:02'), to: t('10:03:02'), calls: 1 },
    ]);
  });

  it('writes a day of calls as stretches that follow one another, the outage from its first failure to the next answer', () => {
    const spans = journalOf('relay-a', [
      answered('09:00', '09:00:01'),
      answered('09:30', '09:30:01'),
      unanswered('10:00', '10:00:30', 'timeout'),
      unanswered('10:01', '10:01:30', 'timeout'),
      unanswered('10:03', '10:03:01', 'HTTP 503'),
      answered('10:07', '10:07:01'),
      answered('10:30', '10:30:01'),
    ]);
    expect(spans).toStrictEqual([
      { instanceId: 'relay-a', answering: true, from: t('09:00:01'), to: t('09:30:01'), calls: 2 },
      {
        instanceId: 'relay-a',
        answering: false,
        from: t('10:00'),
        to: t('10:07:01'),
        calls: 3,
        lastError: 'HTTP 503',
      },
      { instanceId: 'relay-a', answering: true, from: t('10:07:01'), to: t('10:30:01'), calls: 2 },
    ]);
    expect(upstreamOutages(spans, wholeDay)).toStrictEqual([{ from: t('10:00'), to: t('10:07:01') }]);
  });
});

describe('the outages of the upstream over a period', () => {
  it('finds none when every call was answered, or none was made', () => {
    expect(upstreamOutages([], wholeDay)).toStrictEqual([]);
    expect(upstreamOutages([answering('a', '08:00', '18:00')], wholeDay)).toStrictEqual([]);
  });

  it('keeps apart the outages that do not overlap, in order', () => {
    expect(
      upstreamOutages([outage('a', '14:00', '14:10'), outage('a', '09:00', '09:05')], wholeDay),
    ).toStrictEqual([
      { from: t('09:00'), to: t('09:05') },
      { from: t('14:00'), to: t('14:10') },
    ]);
  });

  it('merges the overlapping outages of several instances into one', () => {
    expect(
      upstreamOutages(
        [
          outage('a', '10:00', '10:20'),
          outage('b', '10:15', '10:40'),
          outage('c', '10:05', '10:10'),
          outage('b', '11:00', '11:05'),
        ],
        wholeDay,
      ),
    ).toStrictEqual([
      { from: t('10:00'), to: t('10:40') },
      { from: t('11:00'), to: t('11:05') },
    ]);
  });

  it('merges an outage that begins as another ends', () => {
    expect(
      upstreamOutages([outage('a', '10:00', '10:20'), outage('b', '10:20', '10:30')], wholeDay),
    ).toStrictEqual([{ from: t('10:00'), to: t('10:30') }]);
  });

  it('does not let one instance’s answers cut another’s outage', () => {
    expect(
      upstreamOutages([outage('a', '10:00', '11:00'), answering('b', '10:10', '10:50')], wholeDay),
    ).toStrictEqual([{ from: t('10:00'), to: t('11:00') }]);
  });

  it('clips the outages to the period, and leaves out those outside it', () => {
    const morning = { from: new Date(t('08:00')), to: new Date(t('12:00')) };
    expect(
      upstreamOutages(
        [
          outage('a', '06:00', '07:00'),
          outage('a', '07:30', '08:15'),
          outage('b', '11:50', '13:00'),
          outage('b', '12:00', '12:30'),
          outage('a', '13:00', '14:00'),
        ],
        morning,
      ),
    ).toStrictEqual([
      { from: t('08:00'), to: t('08:15') },
      { from: t('11:50'), to: t('12:00') },
    ]);
  });

  it('gives the whole period when an outage covers it', () => {
    const hour = { from: new Date(t('10:00')), to: new Date(t('11:00')) };
    expect(upstreamOutages([outage('a', '09:00', '12:00')], hour)).toStrictEqual([
      { from: t('10:00'), to: t('11:00') },
    ]);
  });

  it('reads the instants of a database in any ISO form', () => {
    const span = { ...outage('a', '10:00', '10:20'), from: '2026-11-27T11:00:00+01:00' };
    expect(upstreamOutages([span], wholeDay)).toStrictEqual([{ from: t('10:00'), to: t('10:20') }]);
  });
});

describe('when the upstream has failed long enough for the procedure', () => {
  const QUARTER = DEFAULT_UPSTREAM_PROCEDURE_AFTER_MS;
  /** Minutes after midnight in Brussels, as the caller reads its clock. */
  const NOON = 12 * 60;
  const down = outage('relay-a', '10:00', '10:20');

  it('offers it after 15 minutes without an answer, unless told otherwise', () => {
    expect(QUARTER).toBe(15 * 60_000);
  });

  it('does not offer it before any call, nor while the latest call was answered', () => {
    expect(procedureAdvisedSince(undefined, new Date(t('12:00')), NOON, QUARTER)).toBeUndefined();
    expect(
      procedureAdvisedSince(answering('relay-a', '09:00', '12:00'), new Date(t('12:00')), NOON, QUARTER),
    ).toBeUndefined();
  });

  it('offers it once the outage has lasted long enough, since the outage began', () => {
    expect(procedureAdvisedSince(down, new Date(t('10:14:59')), NOON, QUARTER)).toBeUndefined();
    expect(procedureAdvisedSince(down, new Date(t('10:15')), NOON, QUARTER)).toBe(t('10:00'));
    expect(procedureAdvisedSince(down, new Date(t('13:00')), NOON, QUARTER)).toBe(t('10:00'));
    expect(procedureAdvisedSince(down, new Date(t('10:05')), NOON, 5 * 60_000), 'a wait of its own').toBe(
      t('10:00'),
    );
  });

  it('offers it during the working day in Brussels only', () => {
    const later = new Date(t('13:00'));
    const { from, to } = WORKING_DAY_MINUTES;
    expect(procedureAdvisedSince(down, later, from - 1, QUARTER), 'before 05:00').toBeUndefined();
    expect(procedureAdvisedSince(down, later, from, QUARTER)).toBe(t('10:00'));
    expect(procedureAdvisedSince(down, later, to - 1, QUARTER)).toBe(t('10:00'));
    expect(procedureAdvisedSince(down, later, to, QUARTER), 'from 21:00').toBeUndefined();
    expect([from, to]).toStrictEqual([5 * 60, 21 * 60]);
  });
});
