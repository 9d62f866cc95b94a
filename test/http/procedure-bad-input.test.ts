import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_KINDS } from '../../src/domain/procedure/incident.js';
import { ORIGINS } from '../../src/domain/procedure/situation.js';
import { DATABASES } from '../support/databases.js';
import { TestRegistry, type Caller, type Reply } from '../support/registry.js';

/**
 * Bad input on the emergency procedure's endpoints, by property: whatever a caller sends — random JSON, valid
 * bodies with fields replaced by wrong values, ids the registry never gave, odd query strings, the wrong media
 * type — the answer is a clear 4xx in the one error shape (or a 2xx for input that happens to be valid), never a
 * 5xx and never a hang; and a refused request writes nothing.
 *
 * Every field of every body is also tried alone, with a fixed list of edge values first (`edgesFor`: a NUL or a
 * lone surrogate added to the valid value, the last moments of year 9999, …) and random ones after, so that what
 * once broke a database is tried at every run.
 */

type Json = fc.JsonValue;
type JsonObject = { [key: string]: Json };
type Path = readonly (string | number)[];

/** A reply as these tests read it. */
interface Sent {
  readonly status: number;
  readonly body: any;
  readonly text: string;
}

/** How long a reply may take before the request counts as hanging. */
const HANG_MS = 10_000;

/** Characters that have broken databases and parsers: controls, lone surrogates, direction marks, a BOM, … */
const TRICKY_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u001b',
  '\u007f',
  '\u0085',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\u202e',
  '\u2028',
  '\ufeff',
  '\uffff',
  '😀',
  'e\u0301',
  'ß',
  '"',
  '\\',
  "'",
  '%',
  '/',
  '@',
  ' ',
  '\n',
  '\t',
];

/** Text of every kind: printable, any Unicode, raw code points, tricky characters, and some very long. */
const trickyText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...TRICKY_CHARACTERS, 'x', '7', '.', '-'), maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    'a\ud800b',
    '\udc00',
    'null',
    '__proto__',
    '0',
    '-1',
    '1e400',
    'x'.repeat(65),
    'x'.repeat(4001),
    'é'.repeat(100_001),
    'x'.repeat(2 * 1024 * 1024),
  ),
);

/** Moments at the edges of what the registry parses (1900 to 9999, offsets up to ±23:59) and beyond. */
const EDGE_INSTANTS = [
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:56:00Z',
  '9999-12-31T12:00:00-12:00',
  '9999-12-31',
  '1900-01-01T00:00:00+23:59',
  '1900-01-01',
  '1899-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '+010000-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-03-10T24:00:00Z',
  '2026-03-10T07:00:00+24:00',
  '2026-03-10T07:00:00.1234567891Z',
  '2026-03-11T07:00:00Z',
  '2026-W11-2',
];

/** Moments as written: well-formed ones over the whole range the registry parses, and edges of it. */
const instantText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...EDGE_INSTANTS),
  fc
    .date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
);

/** A wrong value for any field: text, moments, numbers, null, arrays, objects — or the field left out. */
const badValue: fc.Arbitrary<Json | undefined> = fc.oneof(
  { weight: 6, arbitrary: trickyText },
  { weight: 2, arbitrary: instantText },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1e308, 2 ** 53 + 1)) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** A wrong value for a field that held `original`: any wrong value, or the valid one with odd characters in it. */
function badValueFor(original: Json | undefined): fc.Arbitrary<Json | undefined> {
  if (typeof original !== 'string') return badValue;
  const corrupted = fc
    .tuple(
      fc.nat(original.length),
      fc.array(fc.constantFrom(...TRICKY_CHARACTERS), { minLength: 1, maxLength: 3 }),
    )
    .map(([at, added]) => `${original.slice(0, at)}${added.join('')}${original.slice(at)}`);
  return fc.oneof(badValue, corrupted, instantText);
}

/** The fixed wrong values every field is tried with, at every run. */
function edgesFor(original: Json | undefined): (Json | undefined)[] {
  const text = typeof original === 'string' ? original : 'x';
  return [
    undefined,
    null,
    0,
    -1,
    true,
    [],
    {},
    [original ?? null],
    '',
    '   ',
    `${text}\u0000`,
    `\u0000${text}`,
    `${text}\ud800`,
    `\udc00${text}`,
    `${text}\u0007`,
    `${text}\u202e😀`,
    `${text}${'x'.repeat(5000)}`,
    ...EDGE_INSTANTS.slice(0, 9),
  ];
}

/** Every place in a body a value may be put: each field, nested ones too (and a new field in each object). */
function placesIn(value: Json, at: Path = [], added = true): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...at, i], ...placesIn(v, [...at, i], added)]);
  if (value === null || typeof value !== 'object') return [];
  return [
    ...(added ? [[...at, 'colour']] : []),
    ...Object.entries(value).flatMap(([k, v]) => [
      [...at, k],
      ...(v === undefined ? [] : placesIn(v, [...at, k], added)),
    ]),
  ];
}

/** `channelsTried[0].error` for ['channelsTried', 0, 'error']. */
function label(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function valueAt(body: Json | undefined, path: Path): Json | undefined {
  return path.reduce<Json | undefined>(
    (v, p) => (v !== null && typeof v === 'object' ? (v as Record<string, Json | undefined>)[p] : undefined),
    body,
  );
}

/** The body with `value` at `path` (the field left out when `value` is undefined); the body itself unchanged. */
function put(body: Json | undefined, path: Path, value: Json | undefined): Json | undefined {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (Array.isArray(body) && typeof head === 'number')
    return body.map((v, i) => (i === head ? (put(v, rest, value) ?? null) : v));
  if (body === null || body === undefined || typeof body !== 'object' || Array.isArray(body)) return body;
  const { [String(head)]: old, ...others } = body;
  const next = put(old, rest, value);
  return next === undefined ? others : { ...others, [String(head)]: next };
}

/** A valid body with one to three of its fields replaced by wrong values (or left out, or one added). */
function mutated(bases: readonly JsonObject[]): fc.Arbitrary<JsonObject> {
  return fc.constantFrom(...bases).chain((base) => {
    const change = fc
      .constantFrom(...placesIn(base))
      .chain((path) => badValueFor(valueAt(base, path)).map((v) => [path, v] as const));
    return fc
      .oneof(
        { weight: 3, arbitrary: change.map((c) => [c]) },
        { weight: 1, arbitrary: fc.array(change, { minLength: 2, maxLength: 3 }) },
      )
      .map(
        (changes) => changes.reduce<Json | undefined>((b, [path, v]) => put(b, path, v), base) as JsonObject,
      );
  });
}

/** A path segment as sent: lone surrogates (which cannot be in a URL) become the replacement character. */
function inPath(text: string): string {
  return encodeURIComponent(
    text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );
}

/** Path segments sent as they are: broken escapes, an escaped NUL, an escaped surrogate, traversals. */
const RAW_SEGMENTS = [
  '%ZZ',
  '%',
  '%00',
  '%C0%AF',
  '%ED%A0%80',
  '%FF%FE',
  '..',
  '..%2F..%2F',
  '%2e%2e',
  'x'.repeat(65),
];

/** Ids that the registry never gave: text of every kind, UUIDs, traversals, very long ones, broken escapes. */
const strangeSegment: fc.Arbitrary<string> = fc.oneof(
  fc
    .oneof(
      trickyText.filter((t) => t.length < 10_000),
      fc.uuid(),
      fc.stringMatching(/^[A-Za-z0-9._~ -]{1,80}$/),
      fc.constantFrom(
        '../',
        '../../etc/passwd',
        'x'.repeat(5000),
        '00000000-0000-0000-0000-000000000000',
        '0000-0000',
        'ZZZZ-ZZZZ',
        "1' OR '1'='1",
        '1; DROP TABLE incidents',
      ),
    )
    .map(inPath),
  fc.constantFrom(...RAW_SEGMENTS),
);

function preview(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} characters)` : text;
}

/** A reply is a clear refusal: a 4xx with `{ error: { code, message, details? } }`. */
function expectRefusal(reply: Sent, what: string): void {
  const about = `${what} → ${reply.status} ${reply.text.slice(0, 400)}`;
  expect(reply.status, about).toBeGreaterThanOrEqual(400);
  expect(reply.status, about).toBeLessThan(500);
  expect(typeof reply.body?.error?.code, about).toBe('string');
  expect(typeof reply.body.error.message, about).toBe('string');
  for (const detail of (reply.body.error.details ?? []) as { code: unknown; message: unknown }[]) {
    expect(typeof detail.code, about).toBe('string');
    expect(typeof detail.message, about).toBe('string');
  }
}

/** A reply is a success or a clear refusal: never a 5xx. */
function expectNoServerError(reply: Sent, what: string): void {
  if (reply.status >= 300) expectRefusal(reply, what);
}

/** The body of a reply that must be a success (the fixtures a test starts from). */
function made(reply: Reply, what: string): any {
  if (reply.status >= 300) throw new Error(`${what} refused: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** What the bodies below are made of: the ids a registry gave, and the time of its clock. */
interface Fixtures {
  readonly now: string;
  readonly today: string;
  readonly enterprise: string;
  readonly workplaceId: string;
  readonly incidentId: string;
  readonly referenceNumber: string;
  readonly listingId: string;
  newNiss(): string;
}

/** An endpoint that takes a body: the body bases it starts from, and those swept field by field. */
interface Target {
  readonly name: string;
  readonly role: 'company' | 'agent';
  readonly method: 'POST' | 'PUT';
  readonly url: string;
  readonly bases: readonly JsonObject[];
  /** The bases whose every field is tried alone, with a name when there are several. */
  readonly swept: readonly (readonly [string, JsonObject])[];
}

function bodyTargets(f: Fixtures): Target[] {
  const situation = (origin: string): JsonObject => ({
    origin,
    at: f.now,
    providerContact: { at: f.now, outcome: 'NOT_SOLVED' },
    channelsTried: [{ channel: 'ONLINE', at: f.now, result: 'FAILED', error: 'ECONNREFUSED' }],
    claimedFrom: '2026-03-10T06:00:00Z',
    claimedTo: f.now,
    usesCoContractorMeans: false,
    permanentlyWithoutInfrastructure: false,
  });
  const decide = ORIGINS.map((origin) => ({ ...situation(origin), workplaceId: f.workplaceId }));
  const report = (origin: string): JsonObject => ({
    ...situation(origin),
    workplaceId: f.workplaceId,
    date: f.today,
    employer: f.enterprise,
    description: 'Badge reader rejects every card',
  });
  const events: [string, JsonObject][] = [
    ['PROVIDER_CONTACTED', { type: 'PROVIDER_CONTACTED', at: f.now, outcome: 'NOT_SOLVED' }],
    [
      'CHANNEL_TRIED',
      { type: 'CHANNEL_TRIED', at: f.now, channel: 'MOBILE', result: 'FAILED', error: 'no signal' },
    ],
    ['REGISTERED_OTHER_CHANNEL', { type: 'REGISTERED_OTHER_CHANNEL', channel: 'ONLINE' }],
    ['REFERENCE_OBTAINED', { type: 'REFERENCE_OBTAINED', referenceNumber: f.referenceNumber }],
    [
      'EVIDENCE_ADDED',
      {
        type: 'EVIDENCE_ADDED',
        evidence: {
          kind: EVIDENCE_KINDS[0],
          description: 'Operator ticket',
          reference: 'PX-2026-0310-443',
          content: '06:01 ECONNREFUSED\n',
        },
      },
    ],
    ['ORIGIN_IDENTIFIED', { type: 'ORIGIN_IDENTIFIED', origin: 'REGISTRY_UNAVAILABLE' }],
  ];
  const form: JsonObject = {
    enterprise: f.enterprise,
    workplaceId: f.workplaceId,
    date: f.today,
    description: 'Our tablet at the gate is broken',
    incidentId: f.incidentId,
    contact: { name: 'Sophie Janssens', phone: '+32 470 12 34 56', email: 'sophie@example.be' },
  };
  const call: JsonObject = {
    enterprise: f.enterprise,
    workplaceId: f.workplaceId,
    date: f.today,
    note: 'Called at 08:05, badge reader down',
    incidentId: f.incidentId,
  };
  const roster: JsonObject = {
    workers: [
      { worker: { niss: f.newNiss() }, lastName: 'Peeters', firstName: 'Jan' },
      { worker: { limosaId: '12345678' }, lastName: 'Wiśniewski', firstName: 'Łukasz' },
    ],
  };
  const listing: JsonObject = {
    referenceNumber: f.referenceNumber,
    workplaceId: f.workplaceId,
    date: f.today,
    employer: f.enterprise,
  };
  const entries: JsonObject = {
    entries: [
      {
        worker: { niss: f.newNiss() },
        lastName: 'Dubois',
        firstName: 'Marie',
        referenceNumber: f.referenceNumber,
      },
      { worker: { limosaId: '87654321' }, lastName: 'Nowak', firstName: 'Anna' },
    ],
  };
  return [
    {
      name: 'POST /procedure/decide',
      role: 'company',
      method: 'POST',
      url: '/api/v1/procedure/decide',
      bases: decide,
      swept: [
        ['claimed for a period', { ...situation('REGISTRY_UNAVAILABLE'), workplaceId: f.workplaceId }],
        ['at a moment', { origin: 'REGISTRY_UNAVAILABLE', at: f.now, workplaceId: f.workplaceId }],
      ],
    },
    {
      name: 'POST /incidents',
      role: 'company',
      method: 'POST',
      url: '/api/v1/incidents',
      bases: [...ORIGINS.map(report), { ...report('OWN_COMPANY'), referenceNumber: f.referenceNumber }],
      swept: [['', { ...report('REGISTRY_UNAVAILABLE'), referenceNumber: f.referenceNumber }]],
    },
    {
      name: 'POST /incidents/{id}/events',
      role: 'company',
      method: 'POST',
      url: `/api/v1/incidents/${f.incidentId}/events`,
      bases: events.map(([, body]) => body),
      swept: events,
    },
    {
      name: 'POST /contact-form',
      role: 'company',
      method: 'POST',
      url: '/api/v1/contact-form',
      bases: [form],
      swept: [['', form]],
    },
    {
      name: 'POST /contact-center/references',
      role: 'agent',
      method: 'POST',
      url: '/api/v1/contact-center/references',
      bases: [call],
      swept: [['', call]],
    },
    {
      name: 'PUT /workers',
      role: 'company',
      method: 'PUT',
      url: '/api/v1/workers',
      bases: [roster],
      swept: [['', { workers: [{ worker: { niss: f.newNiss() }, lastName: 'Martin', firstName: 'Léa' }] }]],
    },
    {
      name: 'POST /paper-listings',
      role: 'company',
      method: 'POST',
      url: '/api/v1/paper-listings',
      bases: [listing],
      swept: [['', listing]],
    },
    {
      name: 'POST /paper-listings/{id}/entries',
      role: 'company',
      method: 'POST',
      url: `/api/v1/paper-listings/${f.listingId}/entries`,
      bases: [entries],
      swept: [['', entries]],
    },
  ];
}

/** Stand-ins for the ids a registry gives: the targets' names and shapes do not depend on them. */
const STAND_INS: Fixtures = {
  now: '2026-03-10T07:00:00.000Z',
  today: '2026-03-10',
  enterprise: '0403170701',
  workplaceId: 'W',
  incidentId: 'I',
  referenceNumber: 'R',
  listingId: 'L',
  newNiss: () => '85073003328',
};

const TARGET_NAMES = bodyTargets(STAND_INS).map((t) => t.name);

/** The fields swept, one test each. */
const SWEPT_FIELDS: [string, string, string, Path][] = bodyTargets(STAND_INS).flatMap((t) =>
  t.swept.flatMap(([baseName, base]) =>
    placesIn(base, [], false).map((path): [string, string, string, Path] => [
      t.name,
      baseName === '' ? label(path) : `${label(path)} (${baseName})`,
      baseName,
      path,
    ]),
  ),
);

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`bad input on the emergency procedure (${database.name})`, () => {
    let registry: TestRegistry;
    let company: Caller;
    let outsider: Caller;
    let agent: Caller;
    let inspector: Caller;
    let fixtures: Fixtures;
    /** Where only refused requests are sent: it must stay empty. */
    let quietId: string;
    let outsiderWorkplaceId: string;

    beforeAll(async () => {
      registry = await TestRegistry.open(database);
      company = await registry.newCompany();
      outsider = await registry.newCompany();
      agent = await registry.newCaller('agent');
      inspector = await registry.newCaller('inspector');
      const workplaceId = (await registry.newWorkplace(company, { startDate: registry.day(-30) })).id;
      quietId = (await registry.newWorkplace(company)).id;
      outsiderWorkplaceId = (await registry.newWorkplace(outsider)).id;
      const incident = made(
        await company.post('/api/v1/incidents', {
          workplaceId,
          date: registry.today(),
          employer: company.enterprise,
          origin: 'OWN_COMPANY',
        }),
        'the incident',
      );
      const reference = made(
        await agent.post('/api/v1/contact-center/references', {
          enterprise: company.enterprise,
          workplaceId,
          date: registry.today(),
          note: 'Tablet at the gate broken',
        }),
        'the reference number',
      );
      const referenceNumber = reference.referenceNumber as string;
      const listing = made(
        await company.post('/api/v1/paper-listings', {
          referenceNumber,
          workplaceId,
          date: registry.today(),
          employer: company.enterprise,
        }),
        'the paper listing',
      );
      fixtures = {
        now: registry.clock.now().toISOString(),
        today: registry.today(),
        enterprise: company.enterprise,
        workplaceId,
        incidentId: incident.incident.id as string,
        referenceNumber,
        listingId: listing.paperListing.id as string,
        newNiss: () => registry.newNiss(),
      };
    });
    afterAll(async () => {
      await registry.close();
    });

    /** Sends a request as the caller, the body as JSON text unless given as text; a reply must come in time. */
    const send = async (
      caller: Caller,
      method: 'GET' | 'POST' | 'PUT',
      url: string,
      body?: unknown,
      contentType = 'application/json',
    ): Promise<Sent> => {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      let timer: NodeJS.Timeout | undefined;
      const hang = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`no reply within ${HANG_MS} ms: ${method} ${url} ${preview(body)}`));
        }, HANG_MS);
      });
      try {
        const raw = await Promise.race([
          registry.app.inject({
            method,
            url,
            headers: {
              authorization: `Bearer ${caller.key}`,
              ...(payload === undefined ? {} : { 'content-type': contentType }),
            },
            ...(payload === undefined ? {} : { payload }),
          }),
          hang,
        ]);
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw.body) as unknown;
        } catch {
          parsed = raw.body;
        }
        return { status: raw.statusCode, body: parsed, text: raw.body };
      } finally {
        clearTimeout(timer);
      }
    };

    const target = (name: string) => {
      const found = bodyTargets(fixtures).find((t) => t.name === name);
      if (found === undefined) throw new Error(`no target ${name}`);
      return { ...found, caller: found.role === 'agent' ? agent : company };
    };

    it('accepts every valid body the properties start from, so that what they change is what is refused', async () => {
      for (const name of TARGET_NAMES) {
        const { caller, method, url, bases, swept } = target(name);
        for (const body of [...bases, ...swept.map(([, b]) => b)]) {
          const reply = await send(caller, method, url, body);
          expect(
            reply.status,
            `${method} ${url} ${preview(body)} → ${reply.text.slice(0, 300)}`,
          ).toBeLessThan(300);
        }
      }
    });

    it('answers random JSON bodies on every endpoint with a clear 4xx', async () => {
      const all = TARGET_NAMES.map(target);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...all),
          fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }),
          async ({ caller, method, url }, body) => {
            const reply = await send(caller, method, url, body);
            expectRefusal(reply, `${method} ${url} ${preview(body)}`);
          },
        ),
        { numRuns: 40 },
      );
    });

    it.each(TARGET_NAMES)(
      'answers %s with one to three fields replaced by wrong values with a 2xx or a clear 4xx, never a 5xx',
      async (name) => {
        const { caller, method, url, bases } = target(name);
        await fc.assert(
          fc.asyncProperty(mutated(bases), async (body) => {
            const reply = await send(caller, method, url, body);
            expectNoServerError(reply, `${method} ${url} ${preview(body)}`);
          }),
          { numRuns: 40 },
        );
      },
    );

    it.each(SWEPT_FIELDS)(
      'answers %s with %s replaced by any wrong value with a 2xx or a clear 4xx, never a 5xx',
      async (name, _field, baseName, path) => {
        const { caller, method, url, swept } = target(name);
        const base = swept.find(([n]) => n === baseName)?.[1];
        if (base === undefined) throw new Error(`no base ${baseName}`);
        const original = valueAt(base, path);
        const examples = edgesFor(original).map((v): [Json | undefined] => [v]);
        await fc.assert(
          fc.asyncProperty(badValueFor(original), async (value) => {
            const body = put(base, path, value);
            const reply = await send(caller, method, url, body);
            expectNoServerError(reply, `${method} ${url} ${preview(body)}`);
          }),
          { numRuns: examples.length + 15, examples },
        );
      },
    );

    const idRoutes: [string, (id: string) => [Caller, 'GET' | 'POST', string, unknown?]][] = [
      ['GET /incidents/{id}', (id) => [company, 'GET', `/api/v1/incidents/${id}`]],
      [
        'POST /incidents/{id}/events',
        (id) => [
          company,
          'POST',
          `/api/v1/incidents/${id}/events`,
          { type: 'CHANNEL_TRIED', channel: 'ONLINE', result: 'FAILED' },
        ],
      ],
      ['GET /paper-listings/{id}', (id) => [company, 'GET', `/api/v1/paper-listings/${id}`]],
      ['GET /paper-listings/{id}.pdf', (id) => [company, 'GET', `/api/v1/paper-listings/${id}.pdf`]],
      [
        'POST /paper-listings/{id}/entries',
        (id) => [
          company,
          'POST',
          `/api/v1/paper-listings/${id}/entries`,
          { entries: [{ worker: { niss: registry.newNiss() }, lastName: 'Dubois', firstName: 'Marie' }] },
        ],
      ],
      [
        'GET /contact-center/references/{number}',
        (id) => [agent, 'GET', `/api/v1/contact-center/references/${id}`],
      ],
      [
        'GET /inspections/workplaces/{id}/days/{date}',
        (id) => [inspector, 'GET', `/api/v1/inspections/workplaces/${id}/days/${registry.today()}`],
      ],
    ];

    it.each(idRoutes)('answers %s with an id it never gave with a clear 4xx', async (_name, route) => {
      const examples = RAW_SEGMENTS.map((s): [string] => [s]);
      await fc.assert(
        fc.asyncProperty(strangeSegment, async (id) => {
          const [caller, method, url, body] = route(id);
          expectRefusal(await send(caller, method, url, body), `${method} ${url}`);
        }),
        { numRuns: examples.length + 25, examples },
      );
    });

    it('answers the dossier of a workplace it never gave, on any day, with a clear 4xx', async () => {
      const date = fc.oneof(strangeSegment, fc.constantFrom(registry.today(), '2026-02-30', '9999-12-31'));
      await fc.assert(
        fc.asyncProperty(strangeSegment, date, async (id, day) => {
          const url = `/api/v1/inspections/workplaces/${id}/days/${day}`;
          expectRefusal(await send(inspector, 'GET', url), `GET ${url}`);
        }),
        { numRuns: 25 },
      );
    });

    const queryRoutes: [string, (qs: string, day: string) => [Caller, string][]][] = [
      ['GET /contact-center/references', (qs) => [[agent, `/api/v1/contact-center/references?${qs}`]]],
      [
        'GET /incidents',
        (qs) => [
          [company, `/api/v1/incidents?${qs}`],
          [inspector, `/api/v1/incidents?${qs}`],
        ],
      ],
      [
        'GET /workers',
        (qs) => [
          [company, `/api/v1/workers?${qs}`],
          [inspector, `/api/v1/workers?${qs}`],
        ],
      ],
      [
        'GET /inspections/workplaces/{id}/days/{date} of a real workplace',
        (qs, day) => [
          [inspector, `/api/v1/inspections/workplaces/${fixtures.workplaceId}/days/${day}?${qs}`],
          [company, `/api/v1/inspections/workplaces/${fixtures.workplaceId}/days/${day}?${qs}`],
        ],
      ],
    ];

    it.each(queryRoutes)(
      'answers %s with any query string with a 200 or a clear 4xx',
      async (_name, route) => {
        const key = fc.constantFrom(
          'from',
          'to',
          'limit',
          'format',
          'lang',
          'enterprise',
          'workplaceId',
          'date',
          'x',
          '',
          '__proto__',
        );
        const value = fc.oneof(
          trickyText.filter((t) => t.length < 10_000),
          instantText,
          fc.constantFrom('0', '1', '500', '501', '-1', '1.5', 'NaN', '1e3', 'json', 'pdf', 'csv', 'xml'),
          fc.constantFrom('fr', 'nl', 'en', 'de', 'FR', '0403170701', '0403.170.701', company.enterprise),
          fc.constantFrom(fixtures.workplaceId, fixtures.today, '9999-12-31', '1900-01-01', '2026-02-30'),
        );
        const query = fc.array(fc.tuple(key, value), { maxLength: 4 });
        const days = [
          registry.today(),
          registry.day(-1),
          registry.day(-30),
          '1900-01-01',
          '9999-12-31',
          '2026-02-30',
        ];
        type Example = [[string, string][], string];
        const examples: Example[] = [
          ...EDGE_INSTANTS.slice(0, 9).flatMap((at): Example[] => [
            [[['from', at]], registry.today()],
            [[['to', at]], registry.today()],
          ]),
          ...days.flatMap((day): Example[] => [
            [
              [
                ['workplaceId', fixtures.workplaceId],
                ['date', day],
              ],
              day,
            ],
            [[], day],
            [[['format', 'pdf']], day],
            [[['format', 'csv']], day],
          ]),
        ];
        await fc.assert(
          fc.asyncProperty(query, fc.constantFrom(...days), async (pairs, day) => {
            for (const [caller, url] of route(new URLSearchParams(pairs).toString(), day)) {
              const reply = await send(caller, 'GET', url);
              expectNoServerError(reply, `GET ${url}`);
              if (reply.status < 300) expect(reply.status, `GET ${url}`).toBe(200);
            }
          }),
          { numRuns: examples.length + 25, examples },
        );
      },
    );

    /**
     * What a refused request must not have written: the incidents and references of today on the workplaces it
     * names, and every reference issued since `since` (the inbox, whatever its workplace or day).
     */
    const written = async (since: string) => {
      const dossier = async (id: string) =>
        (await send(inspector, 'GET', `/api/v1/inspections/workplaces/${id}/days/${registry.today()}`)).body;
      const [quiet, busy, foreign] = [
        await dossier(quietId),
        await dossier(fixtures.workplaceId),
        await dossier(outsiderWorkplaceId),
      ];
      const inbox = await send(
        agent,
        'GET',
        `/api/v1/contact-center/references?from=${encodeURIComponent(since)}&limit=500`,
      );
      return {
        quietIncidents: (quiet.incidents as unknown[]).length,
        quietReferences: (quiet.references as unknown[]).length,
        otherIncidents: [busy, foreign].map((d) => (d.incidents as unknown[]).length),
        referencesSince: (inbox.body.references as unknown[]).length,
      };
    };

    it('writes no incident and no reference number when it refuses a report or a contact form', async () => {
      const { now, today } = fixtures;
      const incidentBases: JsonObject[] = ORIGINS.map((origin) => ({
        workplaceId: quietId,
        date: today,
        employer: company.enterprise,
        description: 'Nothing works',
        origin,
        at: now,
        providerContact: { at: now, outcome: 'NO_ANSWER' },
        channelsTried: [{ channel: 'ONLINE', at: now, result: 'FAILED', error: 'HTTP 503' }],
      }));
      const formBases: JsonObject[] = [
        {
          enterprise: company.enterprise,
          workplaceId: quietId,
          date: today,
          description: 'Nothing works',
          contact: { name: 'Sophie Janssens', phone: '+32 470 12 34 56', email: 'sophie@example.be' },
        },
      ];
      /** Each of these alone makes the request refused, whatever else is wrong with it. */
      const refusedIncident: ((b: JsonObject) => JsonObject)[] = [
        (b) => ({ ...b, workplaceId: outsiderWorkplaceId }),
        (b) => ({ ...b, date: registry.day(-1) }),
        (b) => ({ ...b, date: registry.day(36) }),
        (b) => ({ ...b, employer: outsider.enterprise }),
        (b) => ({ ...b, origin: 'BAD_WEATHER' }),
        (b) => ({ ...b, referenceNumber: '0000-0000' }),
        (b) => ({ ...b, referenceNumber: fixtures.referenceNumber }),
        (b) => ({ ...b, claimedFrom: '2026-03-10T06:00:00Z', claimedTo: '2026-03-10T05:00:00Z' }),
        (b) => ({ ...b, colour: 'blue' }),
      ];
      const refusedForm: ((b: JsonObject) => JsonObject)[] = [
        (b) => ({ ...b, workplaceId: outsiderWorkplaceId }),
        (b) => ({ ...b, enterprise: outsider.enterprise }),
        (b) => ({ ...b, incidentId: fixtures.incidentId }),
        (b) => ({ ...b, incidentId: '01a21d6b-0000-7000-8000-000000000000' }),
        (b) => ({ ...b, description: '   ' }),
        (b) => ({ ...b, date: '2026-02-30' }),
        (b) => put(b, ['contact', 'email'], 'sophie at example') as JsonObject,
        (b) => put(b, ['contact', 'name'], '') as JsonObject,
        (b) => ({ ...b, colour: 'blue' }),
      ];
      const maybeMutated = (bases: JsonObject[]) => fc.oneof(fc.constantFrom(...bases), mutated(bases));
      const request = fc.oneof(
        fc
          .tuple(maybeMutated(incidentBases), fc.constantFrom(...refusedIncident))
          .map(([b, refuse]) => ['/api/v1/incidents', refuse(b)] as const),
        fc
          .tuple(maybeMutated(formBases), fc.constantFrom(...refusedForm))
          .map(([b, refuse]) => ['/api/v1/contact-form', refuse(b)] as const),
      );
      // A minute later than every reference issued so far: the inbox from now on holds only what is written here.
      registry.clock.advance(60_000);
      const since = registry.clock.now().toISOString();
      const before = await written(since);
      expect(before).toMatchObject({ quietIncidents: 0, quietReferences: 0, referencesSince: 0 });
      await fc.assert(
        fc.asyncProperty(request, async ([url, body]) => {
          const start = await written(since);
          const reply = await send(company, 'POST', url, body);
          const what = `POST ${url} ${preview(body)} → ${reply.status} ${reply.text.slice(0, 300)}`;
          expect(reply.status, what).toBeGreaterThanOrEqual(400);
          expect(await written(since), what).toEqual(start);
        }),
        { numRuns: 40 },
      );
      expect(await written(since)).toEqual(before);
    });

    it('leaves an incident’s events and decision as they were when it refuses an event', async () => {
      const { now } = fixtures;
      const opened = made(
        await company.post('/api/v1/incidents', {
          workplaceId: fixtures.workplaceId,
          date: fixtures.today,
          employer: company.enterprise,
          origin: 'PROVIDER',
        }),
        'the incident',
      );
      const id = opened.incident.id as string;
      const stored = async () => {
        const { events, decision, situation, evidence } = (
          await send(company, 'GET', `/api/v1/incidents/${id}`)
        ).body.incident;
        return { events, decision, situation, evidence };
      };
      const bases: JsonObject[] = [
        { type: 'PROVIDER_CONTACTED', at: now, outcome: 'NOT_SOLVED' },
        { type: 'CHANNEL_TRIED', at: now, channel: 'MOBILE', result: 'FAILED', error: 'no signal' },
        { type: 'REGISTERED_OTHER_CHANNEL', channel: 'ONLINE' },
        {
          type: 'EVIDENCE_ADDED',
          evidence: { kind: EVIDENCE_KINDS[0], description: 'Operator ticket', reference: 'PX-1' },
        },
        { type: 'ORIGIN_IDENTIFIED', origin: 'THIRD_PARTY_INFRASTRUCTURE' },
      ];
      /** Each of these alone makes the event refused, whatever else is wrong with it. */
      const refused: ((b: JsonObject) => JsonObject)[] = [
        (b) => ({ ...b, type: 'PRAYED' }),
        (b) => ({ ...b, at: '2026-03-11T07:00:00Z' }),
        (b) => ({ ...b, type: 'PROVIDER_CONTACTED', outcome: 'MAYBE' }),
        (b) => ({ ...b, type: 'REFERENCE_OBTAINED', referenceNumber: '0000-0000' }),
        (b) => ({ ...b, type: 'ORIGIN_IDENTIFIED', origin: 'UNKNOWN' }),
        (b) => ({ ...b, type: 'EVIDENCE_ADDED', evidence: { kind: 'RUMOUR', description: 'heard it' } }),
        (b) => ({ ...b, colour: 'blue' }),
      ];
      const event = fc
        .tuple(fc.oneof(fc.constantFrom(...bases), mutated(bases)), fc.constantFrom(...refused))
        .map(([b, refuse]) => refuse(b));
      const before = await stored();
      expect(before.events).toEqual([]);
      await fc.assert(
        fc.asyncProperty(event, async (body) => {
          const url = `/api/v1/incidents/${id}/events`;
          const reply = await send(company, 'POST', url, body);
          const what = `POST ${url} ${preview(body)} → ${reply.status} ${reply.text.slice(0, 300)}`;
          expect(reply.status, what).toBeGreaterThanOrEqual(400);
          expect(await stored(), what).toEqual(before);
        }),
        { numRuns: 40 },
      );
    });

    const posts: [string, () => [Caller, 'POST' | 'PUT', string]][] = [
      ['POST /procedure/decide', () => [company, 'POST', '/api/v1/procedure/decide']],
      ['POST /incidents', () => [company, 'POST', '/api/v1/incidents']],
      [
        'POST /incidents/{id}/events',
        () => [company, 'POST', `/api/v1/incidents/${fixtures.incidentId}/events`],
      ],
      ['POST /contact-form', () => [company, 'POST', '/api/v1/contact-form']],
      ['PUT /workers', () => [company, 'PUT', '/api/v1/workers']],
      [
        'POST /paper-listings/{id}/entries',
        () => [company, 'POST', `/api/v1/paper-listings/${fixtures.listingId}/entries`],
      ],
    ];
    const wrongBodies: [string, string, string, number, string][] = [
      ['malformed JSON', '{"origin": "PROVIDER",', 'application/json', 400, 'BODY_MALFORMED'],
      ['an empty body', '', 'application/json', 400, 'BODY_MALFORMED'],
      ['a JSON array', '[]', 'application/json', 400, 'FIELD_TYPE'],
      ['a JSON string', '"PROVIDER"', 'application/json', 400, 'FIELD_TYPE'],
      [
        'a prototype-poisoning body',
        '{"__proto__": {"admin": true}}',
        'application/json',
        400,
        'BODY_MALFORMED',
      ],
      ['text instead of JSON', 'origin=PROVIDER', 'text/plain', 415, 'MEDIA_TYPE_UNSUPPORTED'],
      ['a form', 'origin=PROVIDER', 'application/x-www-form-urlencoded', 415, 'MEDIA_TYPE_UNSUPPORTED'],
      ['XML', '<origin>PROVIDER</origin>', 'application/xml', 415, 'MEDIA_TYPE_UNSUPPORTED'],
      [
        'a body over 1 MiB',
        JSON.stringify({ description: 'x'.repeat(1100 * 1024) }),
        'application/json',
        413,
        'BODY_TOO_LARGE',
      ],
    ];

    describe.each(posts)('%s', (_name, route) => {
      it.each(wrongBodies)('answers %s with a clear 4xx', async (what, payload, type, status, code) => {
        const [caller, method, url] = route();
        const reply = await send(caller, method, url, payload, type);
        expectRefusal(reply, `${method} ${url} (${what})`);
        expect(reply.status).toBe(status);
        expect(reply.body.error.code).toBe(code);
      });
    });

    it('answers any text sent as JSON, and any other media type, with a clear 4xx', async () => {
      const contentType = fc.oneof(
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'application/json; charset=latin1',
          'text/json',
          'application/merge-patch+json',
          'multipart/form-data; boundary=x',
          'application/octet-stream',
          '*/*',
          'json',
        ),
        fc.stringMatching(/^[a-z]{1,10}\/[a-z+.-]{1,15}$/),
      );
      const text = fc.oneof(
        trickyText.filter((t) => t.length < 10_000),
        fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v).slice(0, -1)),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...posts), text, contentType, async ([, route], payload, type) => {
          const [caller, method, url] = route();
          const reply = await send(caller, method, url, payload, type);
          expectRefusal(reply, `${method} ${url} content-type ${type}: ${preview(payload)}`);
        }),
        { numRuns: 40 },
      );
    });
  });
}
