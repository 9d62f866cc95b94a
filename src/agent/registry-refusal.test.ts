import { describe, expect, it } from 'vitest';
import { domainError, type DomainError } from '../domain/errors.js';
import { classifyResponse } from './failure.js';
import { refusalOf, refusesAsTooLarge, refusesData, refusesItems } from './registry-refusal.js';

const niss = domainError('NISS_CHECK_DIGITS', 'The check digits are wrong.', 'presences[1].worker.niss');
const past = domainError('DATE_IN_PAST', 'The day is over.', 'presences[0].registrationDate');
const internal = domainError('INTERNAL', 'Something went wrong.');

/** The registry's refusal of a whole batch, with an HTTP status, as the client classifies it. */
const refusedWith = (status: number) => {
  const failure = classifyResponse(status, '', new Headers(), new Date(0));
  if (failure === undefined) throw new Error(`${status} is no refusal`);
  return failure;
};

describe("what the registry's refusals mean for the captures sent", () => {
  it('refuses a capture for its data when every error is a data error, and not when one is the registry’s own', () => {
    expect(refusesData([niss, past])).toBe(true);
    expect(refusesData([niss, internal])).toBe(false);
    expect(refusesData([])).toBe(false);
    expect(refusesData(undefined)).toBe(false);
    expect(
      refusesData([{ code: 'SOMETHING_NEWER', message: 'A newer registry.' } as unknown as DomainError]),
    ).toBe(false);
  });

  it("refuses a batch for its items' data only when every error names a field of an item", () => {
    expect(refusesItems([niss, past])).toBe(true);
    expect(refusesItems([niss, domainError('FIELD_LENGTH', 'Too long.', 'channel')])).toBe(false);
  });

  it('takes a 413, or the registry’s own words for a batch too large, for a batch too large', () => {
    expect(refusesAsTooLarge(refusedWith(413), undefined)).toBe(true);
    expect(refusesAsTooLarge(refusedWith(400), [domainError('TOO_MANY_ITEMS', 'At most 200.')])).toBe(true);
    expect(refusesAsTooLarge(refusedWith(400), [niss])).toBe(false);
  });

  it('holds a capture whose day is over, and rejects one refused for anything else in its data', () => {
    expect(refusalOf(7, [past])).toEqual({ sequence: 7, outcome: 'HELD', errors: [past] });
    expect(refusalOf(8, [niss])).toEqual({ sequence: 8, outcome: 'REJECTED', errors: [niss] });
  });
});
