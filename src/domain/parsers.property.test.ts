import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyText,
  calendarDay,
  daysInMonth,
  EDGE_TEXTS,
  LONG_TEXTS,
  oneCharacterChanged,
  oneDigitChanged,
  trickyText,
  typedWithSeparators,
  validEnterpriseNumber,
  validLimosaId,
  validNiss,
} from '../../test/support/arbitraries.js';
import { runs } from '../../test/support/long-runs.js';
import { parseCalendarDate } from './calendar-date.js';
import { CROCKFORD_ALPHABET, normalizeCode } from './check-code.js';
import { formatEnterpriseNumber, parseEnterpriseNumber } from './enterprise-number.js';
import { ERROR_CODES, type DomainError, type ErrorCode } from './errors.js';
import { parseInstant } from './instant.js';
import { parseLimosaId } from './limosa-id.js';
import { formatNiss, parseNiss } from './niss.js';
import { parseCancellationReason, parseClientReference, parsePresenceRequest } from './presence.js';
import { parseRoleAndEnterprise } from './principal.js';
import { parseOpeningHours } from './procedure/contact-center.js';
import { parseIncidentEvent } from './procedure/event-input.js';
import { ORIGINS, parseOrigin, parseSituation } from './procedure/situation.js';
import { newReceiptNumber, parseReceiptNumber } from './receipt-number.js';
import { newReferenceNumber, parseReferenceNumber } from './reference-number.js';
import type { Result } from './result.js';
import { parseName, parseRosterEntry } from './roster.js';
import { parseBoundedText, parseOneOf, parseText } from './text.js';
import { checkNewPassword, parseUsername } from './user.js';
import { formatWorker, parseWorker, workerInputOf } from './worker.js';
import { newWorkplaceId, parseWorkplace } from './workplace.js';
import { parseWorkplaceId } from './workplace-id.js';

/**
 * Every parser of the domain, by property: whatever text it is given — any Unicode, lone surrogates, zero-width
 * and direction marks, NUL, very long — it answers with a result, never an exception; an error carries a stable
 * code of its own family (and, from the parsers of whole inputs, the field it is about); what it accepts reads
 * back the same once written out; identifiers made by the rules of DESIGN §4 are accepted, and one mistyped
 * character is caught wherever the rules can catch it.
 */

const RUNS = runs(300, 20_000);
const FEW_RUNS = runs(100, 5_000);
const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** A parser of one text, the codes it may refuse with, and what it accepted as text again (to read it back). */
interface TextParser {
  readonly name: string;
  readonly parse: (raw: string) => Result<unknown, DomainError | readonly DomainError[]>;
  readonly codes: readonly ErrorCode[];
  /** What the accepted value is written as: reading it back gives the same value. */
  readonly written?: (value: never) => string;
  /** Texts it is likely to accept, so that what it accepts is tried often enough. */
  readonly likely?: fc.Arbitrary<string>;
}

/** A likely text with tricky characters put in somewhere. */
function almost(likely: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(likely, fc.nat(), trickyText)
    .map(
      ([text, at, added]) =>
        `${text.slice(0, at % (text.length + 1))}${added}${text.slice(at % (text.length + 1))}`,
    );
}

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const typedNiss = validNiss.chain((n) => typedWithSeparators(n.digits));
const typedEnterprise = validEnterpriseNumber.chain((n) => typedWithSeparators(n));
const someInstant = fc
  .date({ min: new Date('1899-12-30T00:00:00Z'), max: new Date('3000-01-02T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

const TEXT = ['TEXT_BLANK', 'TEXT_CONTROL_CHARACTER', 'TEXT_ENCODING'] as const satisfies ErrorCode[];
const NISS = [
  'NISS_FORMAT',
  'NISS_LENGTH',
  'NISS_CHECK_DIGITS',
  'NISS_BIRTH_DATE',
] as const satisfies ErrorCode[];
const ENTERPRISE = [
  'ENTERPRISE_NUMBER_FORMAT',
  'ENTERPRISE_NUMBER_LENGTH',
  'ENTERPRISE_NUMBER_CHECK_DIGITS',
] as const satisfies ErrorCode[];
const LIMOSA = ['LIMOSA_FORMAT', 'LIMOSA_LENGTH'] as const satisfies ErrorCode[];

const TEXT_PARSERS: readonly TextParser[] = [
  {
    name: 'parseNiss',
    parse: parseNiss,
    codes: NISS,
    likely: typedNiss,
    written: (v: { value: never }) => formatNiss(v.value),
  },
  {
    name: 'parseEnterpriseNumber',
    parse: parseEnterpriseNumber,
    codes: ENTERPRISE,
    likely: typedEnterprise,
    written: formatEnterpriseNumber,
  },
  { name: 'parseLimosaId', parse: parseLimosaId, codes: LIMOSA, written: String, likely: validLimosaId },
  {
    name: 'parseWorkplaceId',
    parse: parseWorkplaceId,
    codes: ['WORKPLACE_ID_FORMAT'],
    written: String,
    likely: fc.stringMatching(/^[A-Za-z0-9 .-]{4,24}$/),
  },
  {
    name: 'parseCalendarDate',
    parse: parseCalendarDate,
    codes: ['DATE_FORMAT', 'DATE_INVALID'],
    written: String,
    likely: fc.oneof(calendarDay, fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/)),
  },
  {
    name: 'parseInstant',
    parse: parseInstant,
    codes: ['INSTANT_INVALID', 'DATE_INVALID'],
    written: (d: Date) => d.toISOString(),
    likely: fc.oneof(someInstant, calendarDay),
  },
  {
    name: 'parseReceiptNumber',
    parse: parseReceiptNumber,
    codes: ['RECEIPT_NUMBER_FORMAT', 'RECEIPT_NUMBER_CHECK_CHARACTER'],
    written: (v: string) => v.toLowerCase(),
    likely: bytes(7).map((b) => newReceiptNumber(b) as string),
  },
  {
    name: 'parseReferenceNumber',
    parse: parseReferenceNumber,
    codes: ['REFERENCE_NUMBER_FORMAT', 'REFERENCE_NUMBER_CHECK_CHARACTER'],
    written: (v: string) => v.toLowerCase(),
    likely: bytes(5).map((b) => newReferenceNumber(b) as string),
  },
  {
    name: 'parseClientReference',
    parse: parseClientReference,
    codes: ['CLIENT_REFERENCE_FORMAT'],
    written: String,
    likely: fc.stringMatching(/^[ -~]{1,64}$/),
  },
  {
    name: 'parseCancellationReason',
    parse: parseCancellationReason,
    codes: [...TEXT, 'FIELD_LENGTH'],
    written: String,
  },
  { name: 'parseText', parse: (raw) => parseText(raw, 'The name'), codes: TEXT, written: String },
  {
    name: 'parseBoundedText',
    parse: (raw) => parseBoundedText(raw, 'The note', 200),
    codes: [...TEXT, 'FIELD_LENGTH'],
    written: String,
  },
  {
    name: 'parseName',
    parse: (raw) => parseName(raw, 'The last name'),
    codes: [...TEXT, 'FIELD_LENGTH'],
    written: String,
  },
  {
    name: 'parseUsername',
    parse: parseUsername,
    codes: ['TEXT_BLANK', 'FIELD_LENGTH', 'FIELD_FORMAT'],
    written: String,
    likely: fc.stringMatching(/^ ?[A-Za-z0-9][A-Za-z0-9._@+-]{2,63} ?$/),
  },
  {
    name: 'checkNewPassword',
    parse: checkNewPassword,
    codes: ['FIELD_LENGTH', 'TEXT_CONTROL_CHARACTER'],
    written: String,
    likely: fc.string({ unit: 'grapheme', minLength: 10, maxLength: 210 }),
  },
  {
    name: 'parseOrigin',
    parse: parseOrigin,
    codes: ['ORIGIN_UNKNOWN'],
    written: String,
    likely: fc.constantFrom(...ORIGINS),
  },
  {
    name: 'parseOneOf',
    parse: (raw) => parseOneOf(raw, ['OK', 'FAILED'] as const, 'The result'),
    codes: ['FIELD_VALUE'],
    written: String,
    likely: fc.constantFrom('OK', 'FAILED'),
  },
  {
    name: 'parseOpeningHours',
    parse: parseOpeningHours,
    codes: ['FIELD_FORMAT'],
    likely: fc
      .tuple(
        fc.array(fc.constantFrom('mon', 'Tue', 'wed', 'THU', 'fri', 'sat', 'sun', 'mon-fri', 'sat-mon'), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.stringMatching(/^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$/),
      )
      .map(([days, hours]) => `${days.join(',')} ${hours}`),
  },
  {
    name: 'parseWorker (one typed field)',
    parse: (raw) => parseWorker(workerInputOf(raw)),
    codes: [...NISS, ...LIMOSA],
    written: formatWorker,
    likely: fc.oneof(
      typedNiss,
      validLimosaId.map((l) => `L1 ${l}`),
      validLimosaId.map((l) => `limosa:${l}`),
    ),
  },
  {
    name: 'parseRoleAndEnterprise',
    parse: (raw) => parseRoleAndEnterprise({ role: 'company', enterprise: raw }, 'key'),
    codes: [...ENTERPRISE, 'ENTERPRISE_REQUIRED_FOR_ROLE'],
    likely: typedEnterprise,
  },
];

/** The errors of a result, as a list (the parsers of whole inputs give several). */
function errorsOf(result: Result<unknown, DomainError | readonly DomainError[]>): readonly DomainError[] {
  if (result.ok) return [];
  return Array.isArray(result.error) ? result.error : [result.error as DomainError];
}

function preview(raw: string): string {
  const text = JSON.stringify(raw);
  return text.length > 120 ? `${text.slice(0, 120)}… (${raw.length} characters)` : text;
}

describe.each(TEXT_PARSERS)('$name', ({ parse, codes, likely }) => {
  it('answers any text with a result, never an exception, and refuses with a code of its own', () => {
    const examples = LONG_TEXTS.map((t): [string] => [t]);
    fc.assert(
      fc.property(likely === undefined ? anyText : fc.oneof(anyText, likely, almost(likely)), (raw) => {
        const result = parse(raw);
        expect(typeof result.ok, preview(raw)).toBe('boolean');
        for (const error of errorsOf(result)) {
          expect(codes, preview(raw)).toContain(error.code);
          expect(KNOWN_CODES.has(error.code)).toBe(true);
          expect(error.message.length, preview(raw)).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS, examples },
    );
  });

  it('answers the same text the same way every time', () => {
    fc.assert(
      fc.property(trickyText, (raw) => {
        expect(parse(raw)).toEqual(parse(raw));
      }),
      { numRuns: FEW_RUNS },
    );
  });
});

describe.each(TEXT_PARSERS.filter((p) => p.written !== undefined))('$name', ({ parse, written, likely }) => {
  it('reads what it accepted, written out again, as the same value', () => {
    const write = written as (value: unknown) => string;
    fc.assert(
      fc.property(fc.oneof(anyText, likely ?? anyText), (raw) => {
        const first = parse(raw);
        if (!first.ok) return;
        const again = parse(write(first.value));
        expect(again, `${preview(raw)} → ${preview(write(first.value))}`).toEqual(first);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('free text', () => {
  it('keeps what it accepts well-formed: composed, trimmed, without control characters or half surrogates', () => {
    fc.assert(
      fc.property(trickyText, (raw) => {
        const result = parseText(raw, 'The name');
        if (!result.ok) return;
        const text = result.value;
        expect(text).toBe(text.normalize('NFC'));
        expect(text).toBe(text.trim());
        expect(text).not.toMatch(/\p{Cs}/u);
        // eslint-disable-next-line no-control-regex -- finding control characters is the point
        expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u);
      }),
      { numRuns: RUNS, examples: EDGE_TEXTS.map((t): [string] => [t]) },
    );
  });

  it('refuses text that shows nothing (white space, zero-width and direction marks only) as blank', () => {
    const invisible = fc.string({
      unit: fc.constantFrom(
        ' ',
        '\t',
        '\n',
        '\u00a0',
        '\u200b',
        '\u200c',
        '\u200d',
        '\u200e',
        '\u200f',
        '\u2060',
        '\u202a',
        '\u202e',
        '\u2066',
        '\u2069',
        '\ufeff',
        '\u3000',
        '\u180e',
        '\u3164',
        '\u00ad',
      ),
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(invisible, (raw) => {
        expect(parseText(raw, 'The name'), preview(raw)).toMatchObject({
          ok: false,
          error: { code: 'TEXT_BLANK' },
        });
      }),
      { numRuns: FEW_RUNS },
    );
  });
});

describe('national numbers (NISS/INSZ and BIS)', () => {
  it('accepts every number made by the rules, typed with any separators, and says what it is', () => {
    fc.assert(
      fc.property(
        validNiss.chain((n) => typedWithSeparators(n.digits).map((typed) => [n, typed] as const)),
        ([niss, typed]) => {
          expect(parseNiss(typed), preview(typed)).toEqual({
            ok: true,
            value: { value: niss.digits, kind: niss.kind, bornFrom2000: niss.bornFrom2000 },
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('refuses a number with one digit mistyped — unless it is then the number of someone a century apart', () => {
    // The two rules (born before 2000, born from 2000) give two check numbers: a mistyped digit can meet the
    // other rule. The check catches it in its own century always.
    fc.assert(
      fc.property(
        validNiss.chain((n) => oneDigitChanged(n.digits).map((typo) => [n, typo] as const)),
        ([niss, typo]) => {
          const result = parseNiss(typo);
          if (result.ok) expect(result.value.bornFrom2000, typo).toBe(!niss.bornFrom2000);
          else expect(NISS, typo).toContain(result.error.code);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('enterprise numbers (KBO/BCE)', () => {
  it('accepts every number made by the rules, printed, typed, with BE in front or its leading 0 left out', () => {
    const typed = validEnterpriseNumber.chain((n) =>
      fc
        .oneof(
          typedWithSeparators(n),
          fc.constant(formatEnterpriseNumber(n as never)),
          fc.constantFrom('BE', 'be', 'BE ', 'BE.').map((be) => `${be}${n}`),
          fc.constant(n.startsWith('0') ? n.slice(1) : n),
        )
        .map((text) => [n, text] as const),
    );
    fc.assert(
      fc.property(typed, ([number, text]) => {
        expect(parseEnterpriseNumber(text), preview(text)).toEqual({ ok: true, value: number });
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a number with any one digit mistyped', () => {
    fc.assert(
      fc.property(
        validEnterpriseNumber.chain((n) => oneDigitChanged(n)),
        (typo) => {
          const result = parseEnterpriseNumber(typo);
          expect(result.ok, typo).toBe(false);
          for (const error of errorsOf(result)) expect(ENTERPRISE).toContain(error.code);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('Limosa-1 numbers', () => {
  it('accepts any 8 to 20 digits (they have no check digit), and no fewer or more', () => {
    fc.assert(
      fc.property(validLimosaId, fc.stringMatching(/^([0-9]{1,7}|[0-9]{21,30})$/), (good, bad) => {
        expect(parseLimosaId(good)).toEqual({ ok: true, value: good });
        expect(parseLimosaId(bad)).toMatchObject({ ok: false, error: { code: 'LIMOSA_LENGTH' } });
      }),
      { numRuns: FEW_RUNS },
    );
  });
});

describe('receipt numbers, reference numbers and assigned workplace ids', () => {
  it('accepts every receipt number it makes, in any case, and refuses one with a character mistyped', () => {
    fc.assert(
      fc.property(
        bytes(7).chain((b) => {
          const receipt = newReceiptNumber(b);
          const code = normalizeCode(receipt) ?? '';
          return oneCharacterChanged(code, CROCKFORD_ALPHABET).map((typo) => [receipt, typo] as const);
        }),
        ([receipt, typo]) => {
          expect(parseReceiptNumber(receipt)).toEqual({ ok: true, value: receipt });
          expect(parseReceiptNumber(receipt.toLowerCase().replace(/-/g, ' '))).toEqual({
            ok: true,
            value: receipt,
          });
          expect(parseReceiptNumber(typo), typo).toMatchObject({
            ok: false,
            error: { code: 'RECEIPT_NUMBER_CHECK_CHARACTER' },
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('accepts every reference number it makes, and refuses one with a character mistyped', () => {
    fc.assert(
      fc.property(
        bytes(5).chain((b) => {
          const reference = newReferenceNumber(b);
          const code = normalizeCode(reference) ?? '';
          return oneCharacterChanged(code, CROCKFORD_ALPHABET).map((typo) => [reference, typo] as const);
        }),
        ([reference, typo]) => {
          expect(parseReferenceNumber(reference)).toEqual({ ok: true, value: reference });
          expect(parseReferenceNumber(typo), typo).toMatchObject({
            ok: false,
            error: { code: 'REFERENCE_NUMBER_CHECK_CHARACTER' },
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('accepts every workplace id it assigns, as it is', () => {
    fc.assert(
      fc.property(bytes(8), (b) => {
        const id = newWorkplaceId(b);
        expect(parseWorkplaceId(id)).toEqual({ ok: true, value: id });
        expect(parseWorkplaceId(id.toLowerCase())).toEqual({ ok: true, value: id });
      }),
      { numRuns: FEW_RUNS },
    );
  });
});

describe('days and moments', () => {
  it('accepts every day of the calendar from 1900 to 2999 as written, and refuses a day past its month', () => {
    fc.assert(
      fc.property(calendarDay, (day) => {
        expect(parseCalendarDate(day)).toEqual({ ok: true, value: day });
        const [y, m] = day.split('-').map(Number) as [number, number];
        const past = `${day.slice(0, 8)}${String(daysInMonth(y, m) + 1).padStart(2, '0')}`;
        expect(parseCalendarDate(past)).toMatchObject({ ok: false, error: { code: 'DATE_INVALID' } });
      }),
      { numRuns: RUNS },
    );
  });

  it('reads a moment written with any offset as the same instant', () => {
    const moment = fc.date({
      min: new Date('1900-01-02T00:00:00Z'),
      max: new Date('2999-12-30T00:00:00Z'),
      noInvalidDate: true,
    });
    const offset = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });
    fc.assert(
      fc.property(moment, offset, (at, minutes) => {
        expect(parseInstant(at.toISOString())).toEqual({ ok: true, value: at });
        const local = new Date(at.getTime() + minutes * 60_000).toISOString().slice(0, 23);
        const sign = minutes < 0 ? '-' : '+';
        const abs = Math.abs(minutes);
        const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        expect(parseInstant(text), text).toEqual({ ok: true, value: at });
      }),
      { numRuns: RUNS },
    );
  });
});

describe('a whole worker', () => {
  it('reads a worker as printed (85.07.30-033.28, L1 12345678) as the same worker', () => {
    const worker = fc.oneof(
      validNiss.map((n) => ({ niss: n.digits })),
      validLimosaId.map((limosaId) => ({ limosaId })),
    );
    fc.assert(
      fc.property(worker, (input) => {
        const parsed = parseWorker(input);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
        expect(parseWorker(workerInputOf(formatWorker(parsed.value)))).toEqual(parsed);
      }),
      { numRuns: RUNS },
    );
  });
});

// The parsers of whole inputs: a presence, a workplace, a roster line, a situation, an event.

/** A field made wrong: any text, or the field's own value with odd characters put in. */
function wrongText(valid: string): fc.Arbitrary<string> {
  return fc.oneof(
    anyText,
    fc
      .tuple(fc.nat(valid.length), trickyText)
      .map(([at, added]) => `${valid.slice(0, at)}${added}${valid.slice(at)}`),
  );
}

/**
 * A valid input of a parser with one of its text fields replaced by any text: every error then names that
 * field (or a field below it), and only that one.
 */
function oneFieldWrong<T extends Record<string, unknown>>(
  valid: fc.Arbitrary<T>,
  fields: readonly string[],
): fc.Arbitrary<{ readonly input: T; readonly field: string }> {
  return fc.tuple(valid, fc.constantFrom(...fields)).chain(([input, field]) => {
    const path = field.split('.');
    const original = path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], input) as string;
    return wrongText(original).map((text) => ({ input: setAt(input, path, text), field }));
  });
}

function setAt<T>(value: T, path: readonly string[], text: string): T {
  const [head, ...rest] = path;
  if (head === undefined) return text as T;
  const record = value as Record<string, unknown>;
  return { ...record, [head]: setAt(record[head], rest, text) } as T;
}

function expectOnlyField(errors: readonly DomainError[], field: string, what: string): void {
  for (const error of errors) {
    expect(KNOWN_CODES.has(error.code), what).toBe(true);
    expect(error.field, what).toBeDefined();
    const named = error.field ?? '';
    expect(
      named === field || named.startsWith(`${field}.`) || named.startsWith(`${field}[`),
      `${what}: ${named}`,
    ).toBe(true);
  }
}

const enterprise = validEnterpriseNumber;
const day = calendarDay;
const instant = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const niceText = fc.constantFrom('Résidence Les Tilleuls', 'Łukasz', 'Peeters', "Rue de l'Église 3", 'Gent');

describe('the parsers of whole inputs name the one field that is wrong', () => {
  it('a presence to register', () => {
    const valid = fc.record({
      workplaceId: fc.stringMatching(/^[A-Z0-9]{6,20}$/),
      registrationDate: day,
      worker: validNiss.map((n) => ({ niss: n.digits })),
      employer: enterprise,
      clientReference: fc.stringMatching(/^[ -~]{1,64}$/),
    });
    fc.assert(
      fc.property(
        oneFieldWrong(valid, [
          'workplaceId',
          'registrationDate',
          'worker.niss',
          'employer',
          'clientReference',
        ]),
        ({ input, field }) => {
          const result = parsePresenceRequest(input);
          expectOnlyField(errorsOf(result), field, JSON.stringify(input));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a workplace to declare', () => {
    const valid = fc
      .record({
        workplaceId: fc.stringMatching(/^[A-Z0-9]{6,20}$/),
        name: niceText,
        address: fc.record({
          street: niceText,
          postalCode: fc.stringMatching(/^[1-9][0-9]{3}$/),
          city: niceText,
        }),
        declarant: enterprise,
        startDate: day,
      })
      .map((w) => ({ ...w, endDate: w.startDate }));
    fc.assert(
      fc.property(
        oneFieldWrong(valid, [
          'workplaceId',
          'name',
          'address.street',
          'address.postalCode',
          'address.city',
          'declarant',
          'startDate',
          'endDate',
        ]),
        ({ input, field }) => {
          const errors = errorsOf(parseWorkplace(input)).filter(
            // Changing one of the two days can put the end before the start: that is said on the end.
            (e) => e.code !== 'WORKPLACE_PERIOD_INVALID',
          );
          expectOnlyField(errors, field, JSON.stringify(input));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a line of a roster', () => {
    const valid = fc.record({
      worker: validNiss.map((n) => ({ niss: n.digits })),
      lastName: niceText,
      firstName: niceText,
    });
    fc.assert(
      fc.property(oneFieldWrong(valid, ['worker.niss', 'lastName', 'firstName']), ({ input, field }) => {
        expectOnlyField(errorsOf(parseRosterEntry(input)), field, JSON.stringify(input));
      }),
      { numRuns: RUNS },
    );
  });

  it('a situation of the emergency procedure', () => {
    const valid = fc.record({
      origin: fc.constantFrom(
        'PROVIDER',
        'THIRD_PARTY_INFRASTRUCTURE',
        'REGISTRY_UNAVAILABLE',
        'OWN_COMPANY',
        'UNKNOWN',
      ),
      at: instant,
      providerContact: fc.record({
        at: instant,
        outcome: fc.constantFrom('SOLVED', 'NOT_SOLVED', 'NO_ANSWER'),
      }),
      referenceNumber: fc
        .uint8Array({ minLength: 5, maxLength: 5 })
        .map((b) => newReferenceNumber(b) as string),
    });
    const now = new Date('2026-03-10T07:00:00Z');
    fc.assert(
      fc.property(
        oneFieldWrong(valid, [
          'origin',
          'at',
          'providerContact.at',
          'providerContact.outcome',
          'referenceNumber',
        ]),
        ({ input, field }) => {
          expectOnlyField(errorsOf(parseSituation(input, now)), field, JSON.stringify(input));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('an event of an incident', () => {
    const now = new Date('2026-03-10T07:00:00Z');
    const valid = fc.record({
      type: fc.constant('CHANNEL_TRIED'),
      at: fc.constant('2026-03-10T06:00:00Z'),
      channel: fc.constantFrom('ONLINE', 'MOBILE', 'GATEWAY'),
      result: fc.constantFrom('OK', 'FAILED'),
      error: niceText,
    });
    fc.assert(
      fc.property(oneFieldWrong(valid, ['at', 'channel', 'result', 'error']), ({ input, field }) => {
        const errors = errorsOf(parseIncidentEvent(input, now));
        // An error that is only white space is no error at all: the field is then left out, not refused.
        expectOnlyField(errors, field, JSON.stringify(input));
      }),
      { numRuns: RUNS },
    );
  });
});
