import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTACT_CENTER, describeHours, isOpen, parseOpeningHours } from './contact-center.js';

describe('the contact center', () => {
  it('is reached on 02 511 51 51, Monday to Friday from 07:00 to 20:00, by default', () => {
    expect(DEFAULT_CONTACT_CENTER.phone).toBe('02 511 51 51');
    expect(describeHours(DEFAULT_CONTACT_CENTER.hours)).toEqual({
      fr: 'du lundi au vendredi, de 07:00 à 20:00',
      nl: 'van maandag tot vrijdag, van 07:00 tot 20:00',
      en: 'Monday to Friday, 07:00 to 20:00',
    });
  });

  it('is open from the opening minute up to, not including, the closing minute', () => {
    const { hours } = DEFAULT_CONTACT_CENTER;
    expect(isOpen(hours, new Date('2026-11-27T05:59:00Z'))).toBe(false);
    expect(isOpen(hours, new Date('2026-11-27T06:00:00Z'))).toBe(true);
    expect(isOpen(hours, new Date('2026-11-27T18:59:59Z'))).toBe(true);
    expect(isOpen(hours, new Date('2026-11-27T19:00:00Z'))).toBe(false);
    expect(isOpen(hours, new Date('2026-11-28T10:00:00Z'))).toBe(false);
  });

  it('is closed on Belgian public holidays, unless told otherwise', () => {
    const { hours } = DEFAULT_CONTACT_CENTER;
    const easterMonday = new Date('2026-04-06T09:00:00Z');
    const armistice = new Date('2026-11-11T09:00:00Z');
    expect(isOpen(hours, easterMonday)).toBe(false);
    expect(isOpen(hours, armistice)).toBe(false);
    expect(isOpen({ ...hours, closedOnPublicHolidays: false }, armistice)).toBe(true);
  });
});

describe('parseOpeningHours', () => {
  it('reads "Mon-Fri 07:00-20:00" and lists of days', () => {
    expect(parseOpeningHours('Mon-Fri 07:00-20:00')).toEqual({
      ok: true,
      value: { days: [1, 2, 3, 4, 5], opens: 420, closes: 1200, closedOn: [] },
    });
    const listed = parseOpeningHours('mon,wed,sat 08:00-17:30');
    expect(listed).toMatchObject({ ok: true, value: { days: [1, 3, 6], opens: 480, closes: 1050 } });
    if (listed.ok)
      expect(describeHours(listed.value).en).toBe('Monday, Wednesday and Saturday, 08:00 to 17:30');
  });

  it.each([
    '',
    'Mon-Fri',
    'Fri-Mon 07:00-20:00',
    'Mon-Fri 20:00-07:00',
    'Mon-Fri 07:60-20:00',
    'Xyz 07:00-20:00',
  ])('refuses "%s"', (raw) => {
    expect(parseOpeningHours(raw)).toMatchObject({ ok: false, error: { code: 'FIELD_FORMAT' } });
  });
});
