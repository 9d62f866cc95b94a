import { describe, expect, it } from 'vitest';
import { parseCalendarDate, type CalendarDate } from './calendar-date.js';
import { hasValidCheckCharacter } from './check-code.js';
import {
  WORKPLACE_ID_RANDOM_BYTES,
  isWithinPeriod,
  newWorkplaceId,
  parseWorkplace,
  type WorkplaceInput,
} from './workplace.js';
import { parseWorkplaceId } from './workplace-id.js';

const d = (raw: string): CalendarDate => {
  const result = parseCalendarDate(raw);
  if (!result.ok) throw new Error(`not a date: ${raw}`);
  return result.value;
};

/** A valid declaration as it arrives; override what a test is about. */
const input = (overrides: Partial<WorkplaceInput> = {}): WorkplaceInput => ({
  name: '  Résidence Les Tilleuls ',
  address: { street: 'Rue de la Loi 16', postalCode: '1000', city: 'Bruxelles' },
  declarant: '0403.170.701',
  startDate: '2026-11-02',
  endDate: '2027-06-30',
  ...overrides,
});

const fieldsAndCodes = (raw: WorkplaceInput): { field: string | undefined; code: string }[] => {
  const result = parseWorkplace(raw);
  if (result.ok) throw new Error('expected errors');
  return result.error.map(({ field, code }) => ({ field, code }));
};

describe('parseWorkplace', () => {
  it('parses a declaration without a works declaration number: the registry is to assign the id', () => {
    expect(parseWorkplace(input())).toEqual({
      ok: true,
      value: {
        name: 'Résidence Les Tilleuls',
        address: { street: 'Rue de la Loi 16', postalCode: '1000', city: 'Bruxelles' },
        declarant: '0403170701',
        startDate: '2026-11-02',
        endDate: '2027-06-30',
        permanentlyWithoutInfrastructure: false,
      },
    });
  });

  it('keeps the works declaration number as the id, in its stored form', () => {
    expect(parseWorkplace(input({ workplaceId: '1y10-2m7n-zf7pz' }))).toMatchObject({
      ok: true,
      value: { id: '1Y102M7NZF7PZ' },
    });
  });

  it('keeps permanentlyWithoutInfrastructure when given', () => {
    expect(parseWorkplace(input({ permanentlyWithoutInfrastructure: true }))).toMatchObject({
      ok: true,
      value: { permanentlyWithoutInfrastructure: true },
    });
  });

  it('trims the postal code', () => {
    const raw = input({ address: { street: 'Meir 1', postalCode: ' 2000 ', city: 'Antwerpen' } });
    expect(parseWorkplace(raw)).toMatchObject({ ok: true, value: { address: { postalCode: '2000' } } });
  });

  it('accepts a period of one day', () => {
    expect(parseWorkplace(input({ startDate: '2026-11-02', endDate: '2026-11-02' }))).toMatchObject({
      ok: true,
    });
  });

  it('reports every broken field at once, with its path', () => {
    expect(
      fieldsAndCodes({
        workplaceId: 'AB',
        name: ' ',
        address: { street: '', postalCode: '0999', city: '\t' },
        declarant: '0123456789',
        startDate: '2026-02-30',
        endDate: '30-06-2027',
      }),
    ).toEqual([
      { field: 'workplaceId', code: 'WORKPLACE_ID_FORMAT' },
      { field: 'name', code: 'TEXT_BLANK' },
      { field: 'address.street', code: 'TEXT_BLANK' },
      { field: 'address.city', code: 'TEXT_BLANK' },
      { field: 'address.postalCode', code: 'POSTAL_CODE_FORMAT' },
      { field: 'declarant', code: 'ENTERPRISE_NUMBER_CHECK_DIGITS' },
      { field: 'startDate', code: 'DATE_INVALID' },
      { field: 'endDate', code: 'DATE_FORMAT' },
    ]);
  });

  it.each(['0999', '999', '10000', '1OOO', 'B-1000'])('refuses postal code %s', (postalCode) => {
    const raw = input({ address: { street: 'Rue de la Loi 16', postalCode, city: 'Bruxelles' } });
    expect(fieldsAndCodes(raw)).toEqual([{ field: 'address.postalCode', code: 'POSTAL_CODE_FORMAT' }]);
  });

  it('refuses an end before the start: WORKPLACE_PERIOD_INVALID on endDate', () => {
    expect(fieldsAndCodes(input({ startDate: '2027-06-30', endDate: '2026-11-02' }))).toEqual([
      { field: 'endDate', code: 'WORKPLACE_PERIOD_INVALID' },
    ]);
  });

  it('reports a reversed period together with the other broken fields', () => {
    expect(
      fieldsAndCodes(input({ name: '', startDate: '2026-11-03', endDate: '2026-11-02' })).map((e) => e.code),
    ).toEqual(['TEXT_BLANK', 'WORKPLACE_PERIOD_INVALID']);
  });
});

describe('newWorkplaceId', () => {
  const random = Uint8Array.from([0x13, 0x37, 0xc0, 0xde, 0xba, 0x5e, 0xba, 0x11]);

  it('gives 13 Crockford characters: 12 random ones and a check character', () => {
    const id = newWorkplaceId(random);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{13}$/);
    expect(hasValidCheckCharacter(id)).toBe(true);
  });

  it('gives an id that the workplace id rule accepts unchanged', () => {
    const id = newWorkplaceId(random);
    expect(parseWorkplaceId(id)).toEqual({ ok: true, value: id });
  });

  it('needs 8 random bytes', () => {
    expect(WORKPLACE_ID_RANDOM_BYTES).toBe(8);
    expect(() => newWorkplaceId(new Uint8Array(7))).toThrow(RangeError);
  });

  it('gives different ids for different bytes', () => {
    const other = Uint8Array.from(random, (b) => b ^ 0xff);
    expect(newWorkplaceId(other)).not.toBe(newWorkplaceId(random));
  });
});

describe('isWithinPeriod', () => {
  const works = { startDate: d('2026-11-02'), endDate: d('2026-12-18') };

  it('includes the first and the last day of the works', () => {
    expect(isWithinPeriod(works, d('2026-11-02'))).toBe(true);
    expect(isWithinPeriod(works, d('2026-12-18'))).toBe(true);
  });

  it('includes a day in between', () => {
    expect(isWithinPeriod(works, d('2026-11-30'))).toBe(true);
  });

  it('excludes the day before the start and the day after the end', () => {
    expect(isWithinPeriod(works, d('2026-11-01'))).toBe(false);
    expect(isWithinPeriod(works, d('2026-12-19'))).toBe(false);
  });
});
