import fc from 'fast-check';

/**
 * Generators of input, good and bad, for the property-based tests: text that has broken parsers and databases,
 * valid Belgian identifiers made by the rules of DESIGN §4 (independently of the code under test), one-character
 * mutations of them, JSON bodies with fields replaced, path segments and query strings as no browser sends them.
 */

/**
 * Characters that have broken parsers, databases and pages: controls and NUL, lone surrogates, zero-width and
 * direction marks (bidi overrides, isolates), a byte-order mark, non-characters, combining marks, characters
 * that Unicode normalisation changes, digits of other scripts, and what quotes or escapes text.
 */
export const TRICKY_CHARACTERS: readonly string[] = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u00a0',
  '\u00ad',
  '\u034f',
  '\u180e',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2060',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u3000',
  '\u3164',
  '\ufeff',
  '\ufffd',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\u0301',
  'e\u0301',
  '\u2126',
  '\u212b',
  'ﬁ',
  'İ',
  'ß',
  '０',
  '٣',
  '𝟘',
  '😀',
  '👩‍👩‍👧',
  '"',
  "'",
  '\\',
  '%',
  '/',
  '<',
  '>',
  '&',
  ' ',
  '\t',
  '\n',
  '\r',
];

/** Texts every text field is tried with: empty, blank, only invisible characters, very long. */
export const EDGE_TEXTS: readonly string[] = [
  '',
  ' ',
  '\u200b',
  '\u202e',
  '\u0000',
  'a\u0000b',
  'a\ud800b',
  '\udc00',
  'Jan\u202eneeP',
  'Ame\u0301lie',
  'a\u0085b',
  'Bouw\u009b31mNV',
  '\u3164',
  'null',
  '__proto__',
  'x'.repeat(101),
  'é'.repeat(4001),
  '😀'.repeat(60),
];

/** Very long texts: a parser must not take long over them, nor fail. */
export const LONG_TEXTS: readonly string[] = [
  'x'.repeat(100_000),
  '8'.repeat(100_000),
  '.'.repeat(100_000),
  '\u200b'.repeat(50_000),
  'e\u0301'.repeat(50_000),
  '\ud800'.repeat(50_000),
];

/** Text of every kind: printable, any grapheme, any code point (lone surrogates too), tricky characters. */
export const trickyText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...TRICKY_CHARACTERS, 'a', 'Z', '7', '.', '-'), maxLength: 16 }),
  fc.constantFrom(...EDGE_TEXTS),
);

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Text with some of the characters of identifiers: digits, separators and look-alikes of both. */
export const identifierLikeText: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom(
    ...DIGITS,
    '.',
    '-',
    '/',
    ' ',
    'B',
    'E',
    'b',
    'e',
    'L',
    '1',
    '\u00a0',
    '\u200b',
    '\u2009',
    '\u202f',
    '\u3000',
    '０',
    '٣',
    '𝟘',
    '\u0000',
    '+',
    'e',
  ),
  maxLength: 26,
});

/** Any value at all, written as a text: what a careless caller might send where a text is expected. */
export const anythingAsText: fc.Arbitrary<string> = fc.anything().map((value) => {
  try {
    if (typeof value === 'string') return value;
    // undefined for a function or a symbol, whatever its type says
    const json = JSON.stringify(value) as string | undefined;
    return json ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
});

/** Every kind of text a parser may be given, most of it wrong. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: trickyText },
  { weight: 2, arbitrary: identifierLikeText },
  { weight: 1, arbitrary: anythingAsText },
  { weight: 1, arbitrary: fc.json() },
);

// Identifiers made by the rules of DESIGN §4

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** The days of a month of the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A national or BIS number made by the rules, with what it says. */
export interface GeneratedNiss {
  readonly digits: string;
  readonly kind: 'NATIONAL_REGISTER' | 'BIS';
  readonly bornFrom2000: boolean;
}

/** A birth date as a NISS writes it: a real day, or with its month or day unknown (`00`). */
const nissBirth: fc.Arbitrary<{ year: number; month: number; day: number }> = fc
  .integer({ min: 1900, max: 2099 })
  .chain((year) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 1, max: 12 }).chain((month) => realDay(year, month)) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 31 }).map((day) => ({ year, month: 0, day })) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 12 }).map((month) => ({ year, month, day: 0 })) },
    ),
  );

function realDay(year: number, month: number) {
  return fc.integer({ min: 1, max: daysInMonth(year, month) }).map((day) => ({ year, month, day }));
}

/**
 * A valid NISS/INSZ or BIS number: `YYMMDDSSS` then `97 − (YYMMDDSSS mod 97)`, or with a 2 in front of the base
 * for people born from 2000; a BIS number adds 20 or 40 to the month.
 */
export const validNiss: fc.Arbitrary<GeneratedNiss> = fc
  .record({
    birth: nissBirth,
    bis: fc.constantFrom(0, 0, 20, 40),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ birth, bis, sequence }) => {
    const base = `${pad(birth.year % 100)}${pad(birth.month + bis)}${pad(birth.day)}${pad(sequence, 3)}`;
    const bornFrom2000 = birth.year >= 2000;
    const check = 97 - (Number(`${bornFrom2000 ? '2' : ''}${base}`) % 97);
    return {
      digits: `${base}${pad(check)}`,
      kind: bis === 0 ? 'NATIONAL_REGISTER' : 'BIS',
      bornFrom2000,
    };
  });

/** A valid KBO/BCE enterprise number: first digit 0 or 1, the last two `97 − (first eight mod 97)`. */
export const validEnterpriseNumber: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('0', '1'), fc.stringMatching(/^[0-9]{7}$/))
  .map(([first, rest]) => {
    const first8 = `${first}${rest}`;
    return `${first8}${pad(97 - (Number(first8) % 97))}`;
  });

/** A Limosa-1 declaration number: 8 to 20 digits. */
export const validLimosaId: fc.Arbitrary<string> = fc.stringMatching(/^[0-9]{8,20}$/);

/** A calendar day the registry takes, written `YYYY-MM-DD` (1900 to 2999). */
export const calendarDay: fc.Arbitrary<string> = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** The same digits with one of them changed to another digit. */
export function oneDigitChanged(digits: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat(digits.length - 1), fc.integer({ min: 1, max: 9 }))
    .map(([at, by]) => `${digits.slice(0, at)}${(Number(digits[at]) + by) % 10}${digits.slice(at + 1)}`);
}

/** The same code with one of its characters changed to another of `alphabet`. */
export function oneCharacterChanged(code: string, alphabet: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat(code.length - 1), fc.integer({ min: 1, max: alphabet.length - 1 }))
    .map(([at, by]) => {
      const was = alphabet.indexOf(code.charAt(at));
      return `${code.slice(0, at)}${alphabet.charAt((was + by) % alphabet.length)}${code.slice(at + 1)}`;
    });
}

/** Digits as people type them: with dots, dashes, slashes or (non-breaking, zero-width) spaces between them. */
export function typedWithSeparators(digits: string): fc.Arbitrary<string> {
  const separator = fc.constantFrom('', '', '', '.', '-', ' ', '/', '\u00a0', '\u200b', '\u2009', '\u202f');
  return fc
    .array(separator, { minLength: digits.length + 1, maxLength: digits.length + 1 })
    .map(
      (seps) => Array.from(digits, (d, i) => `${seps[i] ?? ''}${d}`).join('') + (seps[digits.length] ?? ''),
    );
}

// JSON bodies

/** A JSON value as parsed from a body. */
export type Json = fc.JsonValue;
/** A JSON object as parsed from a body. */
export type JsonObject = { [key: string]: Json };
/** Where a value is in a body: `['presences', 0, 'worker', 'niss']`. */
export type JsonPath = readonly (string | number)[];

// Numbers

/**
 * Integers as careless or hostile clients write them in a query string or a form: past every bound (`1e400` and
 * four hundred nines are Infinity to JavaScript's `Number`), negative, fractions, exponents, hexadecimal, signed,
 * spaced, empty.
 */
export const STRANGE_INTEGERS: readonly string[] = [
  '1e400',
  '9'.repeat(400),
  '-1e400',
  `-${'9'.repeat(400)}`,
  '99999999999999999999',
  '1.5',
  '0x10',
  '1e2',
  '-1',
  '0',
  '+1',
  ' 1',
  '',
];

/** An integer in a query string or a form: most often one of `likely`, else one of {@link STRANGE_INTEGERS}. */
export function integerText(...likely: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...likely) },
    { weight: 1, arbitrary: fc.constantFrom(...STRANGE_INTEGERS) },
  );
}

/** Numbers as JSON can write them and `JSON.stringify` cannot: past every bound, or not quite integers. */
export const STRANGE_JSON_NUMBERS: readonly string[] = [
  '1e400',
  '9'.repeat(400),
  '-1e400',
  `-${'9'.repeat(400)}`,
  '99999999999999999999',
  '1.5',
  '1e2',
  '-0',
  '1E-400',
];

const RAW_NUMBER = '\u0000raw number:';

/**
 * A number to put in a body as written (`rawNumber('1e400')`): a marker that {@link jsonText} writes as the number
 * itself, since a body of JavaScript values cannot hold `1e400` (it is Infinity, which JSON writes as null).
 */
export function rawNumber(written: string): string {
  return `${RAW_NUMBER}${written}`;
}

/** One of {@link STRANGE_JSON_NUMBERS}, as a value in a body (see {@link rawNumber}). */
export const rawJsonNumber: fc.Arbitrary<string> = fc.constantFrom(...STRANGE_JSON_NUMBERS).map(rawNumber);

/** A body as JSON text, with each {@link rawJsonNumber} in it written as the number it stands for. */
export function jsonText(body: Json): string {
  return JSON.stringify(body).replace(/"\\u0000raw number:([^"]*)"/g, '$1');
}

/** A wrong value for any field: tricky text, numbers, booleans, null, arrays, objects — or the field left out. */
export const wrongValue: fc.Arbitrary<Json | undefined> = fc.oneof(
  { weight: 6, arbitrary: trickyText },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1e308, 2 ** 53 + 1)) },
  { weight: 1, arbitrary: rawJsonNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** A wrong value for a field that held `original`: any wrong value, or the original with odd characters put in. */
export function wrongValueFor(original: Json | undefined): fc.Arbitrary<Json | undefined> {
  if (typeof original !== 'string') return wrongValue;
  const corrupted = fc
    .tuple(
      fc.nat(original.length),
      fc.array(fc.constantFrom(...TRICKY_CHARACTERS), { minLength: 1, maxLength: 3 }),
    )
    .map(([at, added]) => `${original.slice(0, at)}${added.join('')}${original.slice(at)}`);
  return fc.oneof(wrongValue, corrupted);
}

/** Every place in a body a value may be put: each field, nested ones too, and a new field in each object. */
export function placesIn(value: Json, at: JsonPath = []): JsonPath[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...at, i], ...placesIn(v, [...at, i])]);
  if (value === null || typeof value !== 'object') return [];
  return [
    [...at, 'colour'],
    ...Object.entries(value).flatMap(([k, v]) => [
      [...at, k],
      ...(v === undefined ? [] : placesIn(v, [...at, k])),
    ]),
  ];
}

/** The value at `path` in a body. */
export function valueAt(body: Json | undefined, path: JsonPath): Json | undefined {
  return path.reduce<Json | undefined>(
    (v, p) => (v !== null && typeof v === 'object' ? (v as Record<string, Json | undefined>)[p] : undefined),
    body,
  );
}

/** The body with `value` at `path` (the field left out when `value` is undefined); the body itself unchanged. */
export function withValueAt(
  body: Json | undefined,
  path: JsonPath,
  value: Json | undefined,
): Json | undefined {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (Array.isArray(body) && typeof head === 'number')
    return body.map((v, i) => (i === head ? (withValueAt(v, rest, value) ?? null) : v));
  if (body === null || body === undefined || typeof body !== 'object' || Array.isArray(body)) return body;
  const { [String(head)]: old, ...others } = body;
  const next = withValueAt(old, rest, value);
  return next === undefined ? others : { ...others, [String(head)]: next };
}

/** A body from `base`, with one to three of its fields replaced by wrong values (or left out, or one added). */
export function mutated(base: fc.Arbitrary<JsonObject>): fc.Arbitrary<JsonObject> {
  return base.chain((body) => {
    const change = fc
      .constantFrom(...placesIn(body))
      .chain((path) => wrongValueFor(valueAt(body, path)).map((v) => [path, v] as const));
    return fc
      .array(change, { minLength: 1, maxLength: 3 })
      .map(
        (changes) =>
          changes.reduce<Json | undefined>((b, [path, v]) => withValueAt(b, path, v), body) as JsonObject,
      );
  });
}

/** JSON text nested `depth` levels deep: arrays, objects, both, closed or left open. */
export function deeplyNested(depth: number): string[] {
  return [
    `${'['.repeat(depth)}${']'.repeat(depth)}`,
    `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    `${'[{"a":'.repeat(depth / 2)}1${'}]'.repeat(depth / 2)}`,
    '['.repeat(depth),
    '{"a":'.repeat(depth),
  ];
}

/** Any JSON text at all: values of every kind, and any value JavaScript can write as JSON. */
export const anyJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }).map((v) => JSON.stringify(v)),
  fc.object({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.anything({ maxDepth: 3 }).map((v) => {
    try {
      const json = JSON.stringify(v) as string | undefined;
      return json ?? 'null';
    } catch {
      return '{}';
    }
  }),
);

// Addresses

/** A text as a path segment: lone surrogates (which cannot be in a URL) become the replacement character. */
export function asPathSegment(text: string): string {
  return encodeURIComponent(text.replace(/\p{Cs}/gu, '\ufffd'));
}

/** Path segments sent as they are: broken escapes, an escaped NUL, an escaped surrogate, traversals. */
export const RAW_SEGMENTS: readonly string[] = [
  '%ZZ',
  '%',
  '%00',
  '%C0%AF',
  '%ED%A0%80',
  '%FF%FE',
  '%E2%80%AE',
  '..',
  '..%2F..%2F',
  '%2e%2e',
  '%20',
  'x'.repeat(300),
];

/** A path segment the registry never gave: text of every kind, UUIDs, traversals, very long, broken escapes. */
export const strangeSegment: fc.Arbitrary<string> = fc.oneof(
  fc
    .oneof(
      trickyText.filter((t) => t.length > 0),
      fc.uuid(),
      fc.stringMatching(/^[A-Za-z0-9._~ -]{1,80}$/),
      fc.constantFrom('../', '../../etc/passwd', "1' OR '1'='1", '0000-0000', 'ZZZZ-ZZZZ', 'x'.repeat(5000)),
    )
    .map(asPathSegment),
  fc.constantFrom(...RAW_SEGMENTS),
);

/** A query-string name or value as sent: encoded, or one of the raw sequences a URL parser must survive. */
function queryPart(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: text.map(asPathSegment) },
    { weight: 1, arbitrary: fc.constantFrom('%ZZ', '%', '%00', '%ED%A0%80', '+', '%2B', '=', '&', '') },
  );
}

/**
 * A query string with the names a route knows (`known`, each with its likely values) and others: as a client
 * writes it, or with names given twice, as arrays (`a[]`, `a[0]`), empty, with odd values, with no `=` at all.
 */
export function queryString(
  known: Readonly<Record<string, fc.Arbitrary<string>>>,
  required: readonly string[] = [],
): fc.Arbitrary<string> {
  const names = Object.keys(known);
  const knownPair =
    names.length === 0
      ? fc.constant(['x', 'y'] as const)
      : fc.constantFrom(...names).chain((name) =>
          fc.tuple(
            fc.constant(name),
            fc.oneof(
              { weight: 3, arbitrary: known[name] ?? fc.string() },
              { weight: 1, arbitrary: trickyText },
              // Whatever the field holds, a number past every bound: an integer field not told about is tried.
              { weight: 1, arbitrary: fc.constantFrom(...STRANGE_INTEGERS) },
            ),
          ),
        );
  const oddName = fc.oneof(
    fc.constantFrom(
      '',
      '__proto__',
      'constructor',
      'x',
      ...names.flatMap((n) => [`${n}[]`, `${n}[0]`, n.toUpperCase(), ` ${n}`]),
    ),
    trickyText,
  );
  const pair = fc.oneof(
    { weight: 4, arbitrary: knownPair.map(([n, v]) => `${asPathSegment(n)}=${asPathSegment(v)}`) },
    {
      weight: 1,
      arbitrary: fc.tuple(queryPart(oddName), queryPart(trickyText)).map(([n, v]) => `${n}=${v}`),
    },
    { weight: 1, arbitrary: queryPart(oddName) },
  );
  // A query as a client would write it: each known name at most once (the required ones always), with one of its
  // likely values.
  const wellFormed = fc.record(known, { requiredKeys: required.filter((n) => n in known) }).map((query) =>
    Object.entries(query)
      .map(([n, v]) => `${asPathSegment(n)}=${asPathSegment(v)}`)
      .join('&'),
  );
  return fc.oneof(
    { weight: 1, arbitrary: wellFormed },
    { weight: 2, arbitrary: fc.array(pair, { maxLength: 6 }).map((pairs) => pairs.join('&')) },
  );
}

// Headers

/** Media types for a body: JSON in its spellings and with odd parameters, and every other kind. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constantFrom(
    undefined,
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON; CHARSET=UTF-8',
    'application/json;charset=latin1',
    'application/json; charset=utf-16',
    'application/json; charset="utf-8"; boundary=x',
    'application/json, text/plain',
    'application/json ; ',
    'application/jsonp',
    'application/problem+json',
    'application/merge-patch+json',
    'text/json',
    'text/plain',
    'text/plain; charset=utf-8',
    'text/html',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=----x',
    'application/octet-stream',
    'application/xml',
    '*/*',
    '',
    ' ',
    ';',
    'json',
    'application/json\u00e9',
  ),
  fc.stringMatching(/^[a-z]{1,10}\/[a-z0-9+.-]{1,15}(; ?[a-z]{1,8}=[a-z0-9-]{0,8})?$/),
);

/** Visible ASCII: what a header value holds (anything else a client library may refuse to send). */
export const headerText: fc.Arbitrary<string> = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
});
