import { describe, expect, it } from 'vitest';
import { parseCalendarDate, type CalendarDate } from './calendar-date.js';
import {
  CHANNELS,
  MAX_DAYS_AHEAD,
  checkCancellationDate,
  checkRegistrationDate,
  parseCancellationReason,
  parseClientReference,
  parsePresenceRequest,
  REGISTRATION_WINDOW_DAYS,
  registrationWindow,
  sameRegistration,
  type PresenceRequest,
  type PresenceRequestInput,
} from './presence.js';

const d = (raw: string): CalendarDate => {
  const result = parseCalendarDate(raw);
  if (!result.ok) throw new Error(`not a date: ${raw}`);
  return result.value;
};

/** A valid registration item as it arrives; override what a test is about. */
const input = (overrides: Partial<PresenceRequestInput> = {}): PresenceRequestInput => ({
  workplaceId: '1y10-2m7n-zf7pz',
  registrationDate: '2026-11-27',
  worker: { niss: '85.07.30-033.28' },
  employer: '0403.170.701',
  ...overrides,
});

const request = (overrides: Partial<PresenceRequestInput> = {}): PresenceRequest => {
  const result = parsePresenceRequest(input(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
};

const fieldsAndCodes = (raw: PresenceRequestInput): { field: string | undefined; code: string }[] => {
  const result = parsePresenceRequest(raw);
  if (result.ok) throw new Error('expected errors');
  return result.error.map(({ field, code }) => ({ field, code }));
};

describe('parsePresenceRequest', () => {
  it('parses a registration item, writing every identifier in its stored form', () => {
    expect(parsePresenceRequest(input())).toEqual({
      ok: true,
      value: {
        workplaceId: '1Y102M7NZF7PZ',
        registrationDate: '2026-11-27',
        worker: { niss: '85073003328' },
        employer: '0403170701',
      },
    });
  });

  it('keeps the sender’s clientReference when given', () => {
    expect(request({ clientReference: 'erp-4711' })).toMatchObject({ clientReference: 'erp-4711' });
  });

  it('has no clientReference key when none is given', () => {
    expect(request({ clientReference: undefined })).not.toHaveProperty('clientReference');
  });

  it('takes a worker by Limosa-1 number', () => {
    expect(request({ worker: { limosaId: '12345678' } }).worker).toEqual({ limosaId: '12345678' });
  });

  it('reports several broken fields at once, with paths relative to the item', () => {
    expect(
      fieldsAndCodes(
        input({ registrationDate: '2026-02-30', worker: { niss: '85073003327' }, employer: '0123456789' }),
      ),
    ).toEqual([
      { field: 'registrationDate', code: 'DATE_INVALID' },
      { field: 'worker.niss', code: 'NISS_CHECK_DIGITS' },
      { field: 'employer', code: 'ENTERPRISE_NUMBER_CHECK_DIGITS' },
    ]);
  });

  it('reports every field when all of them are wrong', () => {
    expect(
      fieldsAndCodes({
        workplaceId: '#',
        registrationDate: '27/11/2026',
        worker: { limosaId: 'abc' },
        employer: '2000000042',
        clientReference: '',
      }),
    ).toEqual([
      { field: 'workplaceId', code: 'WORKPLACE_ID_FORMAT' },
      { field: 'registrationDate', code: 'DATE_FORMAT' },
      { field: 'worker.limosaId', code: 'LIMOSA_FORMAT' },
      { field: 'employer', code: 'ENTERPRISE_NUMBER_FORMAT' },
      { field: 'clientReference', code: 'CLIENT_REFERENCE_FORMAT' },
    ]);
  });

  it('names the worker itself when neither number is given', () => {
    expect(fieldsAndCodes(input({ worker: {} }))).toEqual([
      { field: 'worker', code: 'WORKER_IDENTIFIER_MISSING' },
    ]);
  });

  it('names the worker itself when both numbers are given', () => {
    expect(fieldsAndCodes(input({ worker: { niss: '85073003328', limosaId: '12345678' } }))).toEqual([
      { field: 'worker', code: 'WORKER_IDENTIFIER_AMBIGUOUS' },
    ]);
  });

  it('refuses an item whose only fault is its clientReference', () => {
    expect(fieldsAndCodes(input({ clientReference: 'é' }))).toEqual([
      { field: 'clientReference', code: 'CLIENT_REFERENCE_FORMAT' },
    ]);
  });

  it('does not check the day rule: a past day parses (the use case checks it against today)', () => {
    expect(request({ registrationDate: '2001-01-01' }).registrationDate).toBe('2001-01-01');
  });
});

describe('parseClientReference', () => {
  it('accepts 1 to 64 printable ASCII characters, as given', () => {
    expect(parseClientReference('a')).toEqual({ ok: true, value: 'a' });
    expect(parseClientReference('x'.repeat(64))).toEqual({ ok: true, value: 'x'.repeat(64) });
    expect(parseClientReference(' ~!ERP/2026-11-27#42 ')).toEqual({
      ok: true,
      value: ' ~!ERP/2026-11-27#42 ',
    });
  });

  it.each([
    { raw: '', why: 'empty' },
    { raw: 'x'.repeat(65), why: '65 characters' },
    { raw: 'référence', why: 'non-ASCII letters' },
    { raw: 'ref\n1', why: 'a line break' },
    { raw: 'ref\t1', why: 'a tab' },
    { raw: 'ref\u007f', why: 'DEL, a control character' },
  ])('refuses a reference that is $why', ({ raw }) => {
    expect(parseClientReference(raw)).toMatchObject({
      ok: false,
      error: { code: 'CLIENT_REFERENCE_FORMAT' },
    });
  });
});

describe('checkRegistrationDate', () => {
  const today = d('2026-11-27');

  it('accepts today', () => {
    expect(checkRegistrationDate(today, today)).toEqual({ ok: true, value: today });
  });

  it(`accepts today + ${MAX_DAYS_AHEAD} days, the last day open`, () => {
    expect(MAX_DAYS_AHEAD).toBe(35);
    expect(checkRegistrationDate(d('2027-01-01'), today)).toMatchObject({ ok: true });
  });

  it('refuses today + 36 days: DATE_TOO_FAR, naming the last day open', () => {
    const result = checkRegistrationDate(d('2027-01-02'), today);
    expect(result).toMatchObject({ ok: false, error: { code: 'DATE_TOO_FAR' } });
    if (!result.ok) expect(result.error.message).toContain('2027-01-01');
  });

  it('refuses yesterday: DATE_IN_PAST', () => {
    expect(checkRegistrationDate(d('2026-11-26'), today)).toMatchObject({
      ok: false,
      error: { code: 'DATE_IN_PAST' },
    });
  });

  it('counts the 35 days across the end of February in a leap year', () => {
    expect(checkRegistrationDate(d('2024-03-06'), d('2024-01-31'))).toMatchObject({ ok: true });
    expect(checkRegistrationDate(d('2024-03-07'), d('2024-01-31'))).toMatchObject({
      ok: false,
      error: { code: 'DATE_TOO_FAR' },
    });
  });
});

describe('registrationWindow', () => {
  it('opens today and the 35 days after it: 36 days, the most one form covers', () => {
    expect(registrationWindow(d('2026-11-27'))).toEqual({ first: '2026-11-27', last: '2027-01-01' });
    expect(REGISTRATION_WINDOW_DAYS).toBe(36);
  });
});

describe('parseCancellationReason', () => {
  it('trims the reason', () => {
    expect(parseCancellationReason('  wrong worker  ')).toEqual({ ok: true, value: 'wrong worker' });
  });

  it('refuses a blank reason: TEXT_BLANK', () => {
    expect(parseCancellationReason(' \t\n ')).toMatchObject({ ok: false, error: { code: 'TEXT_BLANK' } });
    expect(parseCancellationReason('')).toMatchObject({ ok: false, error: { code: 'TEXT_BLANK' } });
  });

  it('accepts 500 characters, counted after trimming', () => {
    expect(parseCancellationReason(` ${'r'.repeat(500)} `)).toEqual({ ok: true, value: 'r'.repeat(500) });
  });

  it('refuses 501 characters: FIELD_LENGTH', () => {
    expect(parseCancellationReason('r'.repeat(501))).toMatchObject({
      ok: false,
      error: { code: 'FIELD_LENGTH' },
    });
  });

  it('composes accented letters typed as two code points (NFC)', () => {
    expect(parseCancellationReason('annule\u0301')).toEqual({ ok: true, value: 'annul\u00e9' });
  });
});

describe('sameRegistration', () => {
  const base = request();

  it('is true for the same worker, employer, workplace and day, however they were typed', () => {
    const retyped = request({
      workplaceId: '1Y102M7NZF7PZ',
      worker: { niss: '85073003328' },
      employer: 'BE 0403170701',
      clientReference: 'another reference',
    });
    expect(sameRegistration(base, retyped)).toBe(true);
  });

  it.each([
    { what: 'worker', overrides: { worker: { niss: '97440936363' } } },
    { what: 'employer', overrides: { employer: '0403019261' } },
    { what: 'workplace', overrides: { workplaceId: 'OTHERSITE1' } },
    { what: 'day', overrides: { registrationDate: '2026-11-28' } },
  ])('is false for another $what', ({ overrides }) => {
    expect(sameRegistration(base, request(overrides))).toBe(false);
  });

  it('tells a national number from a Limosa-1 number with the same digits', () => {
    const limosa = request({ worker: { limosaId: '85073003328' } });
    expect(sameRegistration(base, limosa)).toBe(false);
  });
});

describe('checkCancellationDate', () => {
  const today = d('2026-11-27');

  it('allows cancelling a presence of today', () => {
    expect(checkCancellationDate({ registrationDate: today }, today)).toEqual({ ok: true, value: true });
  });

  it('allows cancelling a presence of a later day', () => {
    expect(checkCancellationDate({ registrationDate: d('2026-12-31') }, today)).toMatchObject({ ok: true });
  });

  it('refuses cancelling a presence of yesterday: CANCEL_DATE_IN_PAST', () => {
    expect(checkCancellationDate({ registrationDate: d('2026-11-26') }, today)).toMatchObject({
      ok: false,
      error: { code: 'CANCEL_DATE_IN_PAST' },
    });
  });
});

describe('CHANNELS', () => {
  it('lists the channels a registration arrives through, PAPER among them', () => {
    expect(CHANNELS).toEqual(['ONLINE', 'MOBILE', 'GATEWAY', 'WEB_SERVICE', 'PAPER']);
  });
});
