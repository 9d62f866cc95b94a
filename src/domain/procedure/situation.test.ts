import { describe, expect, it } from 'vitest';
import { parseSituation } from './situation.js';

const now = new Date('2026-11-27T06:30:00Z');

describe('parseSituation', () => {
  it('needs only the origin: the time is now, nothing tried, no flags', () => {
    expect(parseSituation({ origin: 'OWN_COMPANY' }, now)).toEqual({
      ok: true,
      value: {
        origin: 'OWN_COMPANY',
        at: '2026-11-27T06:30:00.000Z',
        permanentlyWithoutInfrastructure: false,
        usesCoContractorMeans: false,
        channelsTried: [],
      },
    });
  });

  it('reads what was done so far', () => {
    const parsed = parseSituation(
      {
        origin: 'PROVIDER',
        at: '2026-11-27T07:45:00+01:00',
        providerContact: { at: '2026-11-27T06:40:00Z', outcome: 'NO_ANSWER' },
        channelsTried: [{ channel: 'ONLINE', at: '2026-11-27T06:41:00Z', result: 'FAILED', error: ' 503 ' }],
        claimedFrom: '2026-11-27T06:00:00Z',
        claimedTo: '2026-11-27T08:00:00Z',
      },
      now,
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        at: '2026-11-27T06:45:00.000Z',
        providerContact: { outcome: 'NO_ANSWER' },
        channelsTried: [{ channel: 'ONLINE', result: 'FAILED', error: '503' }],
      },
    });
  });

  it('refuses an unknown origin, naming the field', () => {
    expect(parseSituation({ origin: 'WEATHER' }, now)).toMatchObject({
      ok: false,
      error: [{ code: 'ORIGIN_UNKNOWN', field: 'origin' }],
    });
  });

  it('names every field that breaks a rule', () => {
    const parsed = parseSituation(
      {
        origin: 'OWN_COMPANY',
        at: 'yesterday',
        channelsTried: [{ channel: 'FAX', at: '2026-11-27T06:00:00Z', result: 'MAYBE' }],
        referenceNumber: '4KQ7-M2X0',
        claimedFrom: '2026-11-27T08:00:00Z',
        claimedTo: '2026-11-27T06:00:00Z',
      },
      now,
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.error.map((e) => `${e.field ?? ''}:${e.code}`)).toEqual(
        expect.arrayContaining([
          'at:INSTANT_INVALID',
          'channelsTried[0].channel:FIELD_VALUE',
          'channelsTried[0].result:FIELD_VALUE',
          expect.stringMatching(/^referenceNumber:REFERENCE_NUMBER_/),
          'claimedTo:DATE_RANGE_INVALID',
        ]),
      );
  });
});
