import { describe, expect, it } from 'vitest';
import { parseCapturedAt } from './captured-at.js';

/** A Friday afternoon in winter: Brussels is UTC+1. */
const NOW = new Date('2026-11-27T15:00:00Z');

function at(raw: string, now = NOW): string {
  const parsed = parseCapturedAt(raw, now);
  if (!parsed.ok) throw new Error(`${parsed.error.code} ${parsed.error.message}`);
  return parsed.value.toISOString();
}

function refusal(raw: string, now = NOW): string {
  const parsed = parseCapturedAt(raw, now);
  if (parsed.ok) throw new Error(`${raw} was taken as ${parsed.value.toISOString()}`);
  return parsed.error.code;
}

describe('parseCapturedAt', () => {
  it('takes an ISO-8601 instant with its offset as it is', () => {
    expect(at('2026-11-27T06:30:00Z')).toBe('2026-11-27T06:30:00.000Z');
    expect(at('2026-11-27T07:30:00+01:00')).toBe('2026-11-27T06:30:00.000Z');
  });

  it('reads YYYY-MM-DD HH:MM as Brussels time, in winter (UTC+1) and in summer (UTC+2)', () => {
    expect(at('2026-11-27 07:30')).toBe('2026-11-27T06:30:00.000Z');
    expect(at('2026-07-15 07:30')).toBe('2026-07-15T05:30:00.000Z');
    expect(at('2026-07-15T07:30:15')).toBe('2026-07-15T05:30:15.000Z');
  });

  it('reads a day alone as 07:00 in Brussels that day', () => {
    expect(at('2026-11-26')).toBe('2026-11-26T06:00:00.000Z');
    expect(at('2026-07-15')).toBe('2026-07-15T05:00:00.000Z');
  });

  it('reads a Belgian spreadsheet date, DD/MM/YYYY, with or without a time', () => {
    expect(at('27/11/2026 7:30')).toBe('2026-11-27T06:30:00.000Z');
    expect(at('3/7/2026')).toBe('2026-07-03T05:00:00.000Z');
  });

  it('refuses a wall-clock time the clocks skip in March, and takes the first of the two in October', () => {
    expect(refusal('2026-03-29 02:30')).toBe('FIELD_VALUE');
    expect(at('2026-10-25 02:30')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses a day after today: an import records who was present', () => {
    expect(refusal('2026-11-28')).toBe('FIELD_VALUE');
    expect(refusal('2026-11-28T00:30:00+01:00')).toBe('FIELD_VALUE');
    expect(at('2026-11-27 23:59')).toBe('2026-11-27T22:59:00.000Z');
  });

  it('refuses what is no moment, and days and times that do not exist', () => {
    expect(refusal('yesterday')).toBe('INSTANT_INVALID');
    expect(refusal('2026-11-27T07:30:00 CET')).toBe('INSTANT_INVALID');
    expect(refusal('2026-02-30')).toBe('DATE_INVALID');
    expect(refusal('31/11/2026')).toBe('DATE_INVALID');
    expect(refusal('2026-11-27 24:00')).toBe('INSTANT_INVALID');
  });
});
