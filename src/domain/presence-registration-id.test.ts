import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  newPresenceRegistrationId,
  parsePresenceRegistrationId,
  REGISTRATION_ID_RANDOM_BYTES,
} from './presence-registration-id.js';

const bytes = fc.uint8Array({
  minLength: REGISTRATION_ID_RANDOM_BYTES,
  maxLength: REGISTRATION_ID_RANDOM_BYTES,
});

describe('a presence registration id', () => {
  it('has 15 digits, the first not 0, and check digits 97 − (first 13 mod 97)', () => {
    expect(parsePresenceRegistrationId('483920175562890')).toEqual({ ok: true, value: '483920175562890' });
    expect(newPresenceRegistrationId(new Uint8Array(7))).toBe('100000000000047');
    expect(newPresenceRegistrationId(new Uint8Array(7).fill(255))).toMatch(/^[1-9][0-9]{14}$/);
  });

  it('is made from any random bytes, and parses back to itself', () => {
    fc.assert(
      fc.property(bytes, (random) => {
        const id = newPresenceRegistrationId(random);
        expect(id).toMatch(/^[1-9][0-9]{14}$/);
        expect(id.length).toBeLessThanOrEqual(15);
        expect(parsePresenceRegistrationId(id)).toEqual({ ok: true, value: id });
      }),
    );
  });

  it('accepts separators as people type them', () => {
    expect(parsePresenceRegistrationId(' 4839 2017 5562 890 ')).toEqual({
      ok: true,
      value: '483920175562890',
    });
  });

  it.each([
    ['', 'empty'],
    ['48392017556289', '14 digits'],
    ['4839201755628900', '16 digits'],
    ['083920175562890', 'a leading 0'],
    ['48392017556289A', 'a letter'],
  ])('refuses %j (%s): REGISTRATION_ID_FORMAT', (raw) => {
    expect(parsePresenceRegistrationId(raw)).toMatchObject({
      ok: false,
      error: { code: 'REGISTRATION_ID_FORMAT' },
    });
  });

  it('refuses every single mistyped digit and every swap of two neighbours: REGISTRATION_ID_CHECK_DIGITS', () => {
    fc.assert(
      fc.property(bytes, fc.nat(14), fc.integer({ min: 1, max: 9 }), (random, at, delta) => {
        const id = newPresenceRegistrationId(random);
        const digit = (Number(id[at]) + delta) % 10;
        const mistyped = id.slice(0, at) + String(digit) + id.slice(at + 1);
        const swapped =
          at < 14 ? `${id.slice(0, at)}${id.charAt(at + 1)}${id.charAt(at)}${id.slice(at + 2)}` : id;
        for (const typo of [mistyped, swapped]) {
          if (typo === id || typo.startsWith('0')) continue;
          expect(parsePresenceRegistrationId(typo)).toMatchObject({
            ok: false,
            error: { code: 'REGISTRATION_ID_CHECK_DIGITS' },
          });
        }
      }),
    );
  });
});
