import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEnterpriseNumber, type EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import { ERROR_CODES, type ErrorCode } from '../../src/domain/errors.js';
import { ROLES, type Role } from '../../src/domain/principal.js';
import { EVIDENCE_KINDS } from '../../src/domain/procedure/incident.js';
import { ATTEMPT_CHANNELS, ORIGINS, PROVIDER_OUTCOMES } from '../../src/domain/procedure/situation.js';
import { BODY_LIMIT } from '../../src/http/app.js';
import { ERROR_STATUS } from '../../src/http/error-status.js';
import { REGISTER_BODY_LIMIT } from '../../src/http/schemas/register-schemas.js';
import {
  anyJsonText,
  asPathSegment,
  contentType,
  deeplyNested,
  headerText,
  integerText,
  jsonText,
  mutated,
  placesIn,
  queryString,
  rawJsonNumber,
  rawNumber,
  STRANGE_INTEGERS,
  STRANGE_JSON_NUMBERS,
  strangeSegment,
  TRICKY_CHARACTERS,
  trickyText,
  validEnterpriseNumber,
  validLimosaId,
  validNiss,
  withValueAt,
  type JsonObject,
} from '../support/arbitraries.js';
import {
  changesBetween,
  describeChanges,
  openSnapshots,
  unreportedChanges,
  type DatabaseSnapshots,
  type Reported,
} from '../support/database-snapshot.js';
import { DATABASES } from '../support/databases.js';
import { runs } from '../support/long-runs.js';
import { TestRegistry, type Caller } from '../support/registry.js';
import { servedRoutes } from '../support/served-routes.js';

/**
 * The whole API by property: every route the app serves (read from the app, so that a new one is covered or this
 * suite fails), called with a key of a role allowed to call it, given random JSON and bodies like its own with
 * fields made wrong, random query strings and path parameters, odd headers and media types, bodies over the limit
 * and JSON nested a hundred thousand levels deep. Every answer is a 2xx or a 4xx in the one error shape with a
 * known code and that code's status — never a 5xx, never a hang — and the database holds afterwards exactly what
 * the answer reports: nothing at all after a refusal.
 */

/** How long an answer may take before the request counts as hanging. */
const HANG_MS = 15_000;
const RUNS = runs(15, 600);
const NAME_RUNS = runs(10, 300);
const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** What the tests are made of: the registry's clock and the ids it gave. */
interface World {
  readonly now: string;
  readonly today: string;
  day(n: number): string;
  readonly callers: Readonly<Record<Role, readonly Caller[]>>;
  readonly declarant: Caller;
  readonly provider: Caller;
  readonly workplaceId: string;
  /** A workplace of a company the callers have nothing to do with. */
  readonly foreignWorkplaceId: string;
  readonly presenceIds: readonly string[];
  readonly incidentId: string;
  readonly referenceNumber: string;
  readonly listingId: string;
  /** A mandate and keys made to be revoked and rotated by the fuzzing, not the ones the callers use. */
  readonly spareMandateId: string;
  readonly spareKeyId: string;
  readonly keyToRotateId: string;
}

/** An answer as these tests read it. */
interface Answer {
  readonly status: number;
  readonly type: string;
  readonly text: string;
  readonly body: any;
}

/** How to call a route with random input: who may, its parameters, its query, its body, what it writes. */
interface RouteFuzz {
  readonly roles: readonly Role[];
  /** Likely values of the path's parameters (the ids the registry gave, and others). */
  readonly params?: Readonly<Record<string, fc.Arbitrary<string>>>;
  /** The query's names with their likely values, and those it needs. */
  readonly query?: Readonly<Record<string, fc.Arbitrary<string>>>;
  readonly requiredQuery?: readonly string[];
  /** Bodies like the route's own, for the caller; random fields are made wrong from them. */
  readonly body?: (caller: Caller) => fc.Arbitrary<JsonObject>;
  /** What a 2xx answer reports was written; nothing when left out. */
  readonly writes?: (answer: Answer) => Reported;
  /** How many random requests (fewer for a route whose answer takes long to make, a PDF). */
  readonly runs?: number;
}

/** The results of a batch that registered a new presence (not a duplicate). */
function newlyRegistered(answer: Answer): number {
  const results = (answer.body?.results ?? []) as { status: string; duplicate?: boolean }[];
  return results.filter((r) => r.status === 'REGISTERED' && r.duplicate === false).length;
}

function registrations(answer: Answer): Reported {
  const added = newlyRegistered(answer);
  return added === 0
    ? NOTHING
    : { presences: { added, removed: 0 }, client_references: 'any', presence_keys: 'any' };
}

/**
 * The lines of a paper listing captured: the new presences, and for every line registered (new or again) its
 * line on the listing, with the names as now written, and the worker on the employer's roster if new to it.
 */
function capturedLines(answer: Answer): Reported {
  const results = (answer.body?.results ?? []) as { status: string }[];
  if (!results.some((r) => r.status === 'REGISTERED')) return NOTHING;
  return { ...registrations(answer), paper_listing_entries: 'any', rosters: 'any' };
}

const one = { added: 1, removed: 0 } as const;
const NOTHING: Reported = {};

/**
 * A load of a reference register: the register's lines added and changed (an update is a row gone and one come),
 * and removed; and its last load. The presences it marks due for a check change no data of theirs.
 */
function registerLoad(answer: Answer): Reported {
  const report = answer.body as
    { register?: string; added?: number; changed?: number; removed?: number } | undefined;
  if (answer.status !== 200 || report?.register === undefined) return NOTHING;
  const { added = 0, changed = 0, removed = 0 } = report;
  return {
    [`${report.register}_declarations`]: { added: added + changed, removed: changed + removed },
    register_loads: { upTo: 1 },
  };
}

/** Text for a field that takes free text: plain, accented, or with tricky characters. */
const someText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('Résidence Les Tilleuls', 'Łukasz', 'Rue de la Loi 16', 'Gent') },
  { weight: 2, arbitrary: trickyText },
);

function routeFuzz(w: World): Readonly<Record<string, RouteFuzz>> {
  const day = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(w.today, w.day(1), w.day(35)) },
    { weight: 1, arbitrary: fc.constantFrom(w.day(-1), w.day(36), '2026-02-30', '9999-12-31', '1899-12-31') },
  );
  const instant = fc.oneof(
    { weight: 4, arbitrary: fc.constant(w.now) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '2026-03-10T06:00:00Z',
        '2026-03-10T06:00:00+01:00',
        '9999-12-31T23:59:59Z',
        w.today,
      ),
    },
  );
  const workplaceId = fc.oneof(
    { weight: 4, arbitrary: fc.constant(w.workplaceId) },
    { weight: 1, arbitrary: fc.constantFrom(w.workplaceId.toLowerCase(), w.foreignWorkplaceId) },
  );
  const enterprise = (caller: Caller) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(caller.enterprise) },
      { weight: 1, arbitrary: fc.constant(formatEnterpriseNumber(caller.enterprise as EnterpriseNumber)) },
      { weight: 1, arbitrary: validEnterpriseNumber },
    );
  const employer = (caller: Caller) =>
    caller.enterprise === '' ? enterprise(w.declarant) : enterprise(caller);
  const worker = fc.oneof(
    { weight: 3, arbitrary: validNiss.map((n) => ({ niss: n.digits })) },
    { weight: 1, arbitrary: validLimosaId.map((limosaId) => ({ limosaId })) },
  );
  const presenceId = fc.constantFrom(...w.presenceIds);
  const referenceNumber = fc.oneof(
    { weight: 4, arbitrary: fc.constant(w.referenceNumber) },
    { weight: 1, arbitrary: fc.constantFrom(w.referenceNumber.toLowerCase(), '0000-0000') },
  );
  const situation = {
    origin: fc.constantFrom(...ORIGINS),
    at: instant,
    providerContact: fc.record({ at: instant, outcome: fc.constantFrom(...PROVIDER_OUTCOMES) }),
    channelsTried: fc.array(
      fc.record({
        channel: fc.constantFrom(...ATTEMPT_CHANNELS),
        at: instant,
        result: fc.constantFrom('OK', 'FAILED'),
      }),
      { maxLength: 2 },
    ),
    referenceNumber,
    claimedFrom: instant,
    claimedTo: instant,
  };
  const limit = integerText('1', '100', '500', '501');
  return {
    'GET /api/v1/openapi.json': { roles: ROLES },
    'GET /api/v1/status': { roles: ROLES },
    'GET /api/v1/status/history': { roles: ROLES, query: { from: instant, to: instant } },
    'POST /api/v1/presences': {
      roles: ['company', 'provider'],
      body: (caller) =>
        fc.record(
          {
            presences: fc.array(
              fc.record(
                {
                  workplaceId,
                  registrationDate: day,
                  worker,
                  employer: employer(caller),
                  clientReference: fc.stringMatching(/^[ -~]{1,64}$/),
                },
                { requiredKeys: ['workplaceId', 'registrationDate', 'worker', 'employer'] },
              ),
              { minLength: 1, maxLength: 4 },
            ),
            channel: fc.constantFrom('ONLINE', 'MOBILE', 'GATEWAY', 'WEB_SERVICE', 'PAPER'),
          },
          { requiredKeys: ['presences'] },
        ),
      writes: registrations,
    },
    'POST /api/v1/presences/cancel': {
      roles: ['company', 'provider'],
      body: () =>
        fc.record({
          cancellations: fc.array(fc.record({ id: presenceId, reason: someText }), {
            minLength: 1,
            maxLength: 3,
          }),
        }),
      writes: (answer) => {
        const results = (answer.body?.results ?? []) as { status: string }[];
        const cancelled = results.filter((r) => r.status === 'CANCELLED').length;
        return cancelled === 0
          ? NOTHING
          : { presences: { added: cancelled, removed: cancelled }, presence_keys: 'any' };
      },
    },
    'GET /api/v1/presences/:id': { roles: ['company', 'provider', 'inspector'], params: { id: presenceId } },
    'GET /api/v1/presences': {
      roles: ['company', 'provider', 'inspector'],
      query: {
        from: day,
        to: day,
        workplaceId,
        worker: validNiss.map((n) => n.digits),
        employer: enterprise(w.declarant),
        status: fc.constantFrom('REGISTERED', 'CANCELLED', 'REGISTERED', 'registered'),
        upstream: fc.constantFrom('PENDING', 'PENDING,REFUSED', 'SENT , VALIDATED', 'pending', '', ','),
        cursor: fc.oneof(fc.base64String({ maxLength: 60 }), fc.constantFrom('', 'null', 'eyJ4IjoxfQ')),
        limit,
      },
      requiredQuery: ['from', 'to'],
    },
    'POST /api/v1/workplaces': {
      roles: ['company', 'provider', 'admin'],
      body: (caller) =>
        fc.record(
          {
            workplaceId: fc.stringMatching(/^[A-Z0-9]{6,20}$/),
            name: someText,
            address: fc.record({
              street: someText,
              postalCode: fc.constantFrom('1000', '9999', '0999', ' 1000 '),
              city: someText,
            }),
            declarant: employer(caller),
            startDate: day,
            endDate: day,
            permanentlyWithoutInfrastructure: fc.boolean(),
          },
          { requiredKeys: ['name', 'address', 'declarant', 'startDate', 'endDate'] },
        ),
      writes: (answer) =>
        answer.status === 201
          ? { workplaces: one, workplace_access: 'any', contractor_links: 'any' }
          : NOTHING,
    },
    'GET /api/v1/workplaces': { roles: ['company', 'provider', 'agent', 'inspector', 'admin'] },
    'GET /api/v1/workplaces/:id': {
      roles: ['company', 'provider', 'agent', 'inspector', 'admin'],
      params: { id: workplaceId },
    },
    'GET /api/v1/workplaces/:id/contractors': {
      roles: ['company', 'provider', 'agent', 'inspector', 'admin'],
      params: { id: workplaceId },
    },
    'POST /api/v1/workplaces/:id/contractors': {
      roles: ['company', 'provider', 'admin'],
      params: { id: workplaceId },
      body: (caller) => fc.record({ enterprise: validEnterpriseNumber, parent: employer(caller) }),
      writes: (answer) =>
        answer.status === 201 ? { contractor_links: one, workplace_access: 'any' } : NOTHING,
    },
    'POST /api/v1/mandates': {
      roles: ['company'],
      body: () =>
        fc.record({ provider: fc.oneof(validEnterpriseNumber, fc.constant(w.provider.enterprise)) }),
      writes: (answer) => (answer.status === 201 ? { mandates: one } : { mandates: { upTo: 1 } }),
    },
    'GET /api/v1/mandates': { roles: ['company', 'provider'] },
    'DELETE /api/v1/mandates/:id': {
      roles: ['company'],
      params: { id: fc.constant(w.spareMandateId) },
      writes: () => ({ mandates: { upTo: 1 } }),
    },
    'GET /api/v1/keys': { roles: ['admin'] },
    'POST /api/v1/keys': {
      roles: ['admin'],
      body: () =>
        fc.record(
          { role: fc.constantFrom(...ROLES), enterprise: validEnterpriseNumber, name: someText },
          { requiredKeys: ['role', 'name'] },
        ),
      writes: () => ({ api_keys: one }),
    },
    'DELETE /api/v1/keys/:id': {
      roles: ['admin'],
      params: { id: fc.constant(w.spareKeyId) },
      writes: () => ({ api_keys: { upTo: 1 } }),
    },
    'POST /api/v1/keys/:id/rotate': {
      roles: ['admin'],
      params: { id: fc.constant(w.keyToRotateId) },
      body: () =>
        fc.record(
          { graceSeconds: fc.oneof(fc.constantFrom(0, 60, 86_400, -1, 1.5, 10 ** 12), rawJsonNumber) },
          { requiredKeys: [] },
        ),
      // The new key, and the old one given the end of its grace period.
      writes: () => ({ api_keys: { added: 2, removed: 1 } }),
    },
    'POST /api/v1/procedure/decide': {
      roles: ['company', 'provider', 'agent', 'inspector', 'admin'],
      body: () =>
        fc.record(
          { ...situation, workplaceId, permanentlyWithoutInfrastructure: fc.boolean() },
          { requiredKeys: ['origin'] },
        ),
    },
    'POST /api/v1/incidents': {
      roles: ['company', 'provider'],
      body: (caller) =>
        fc.record(
          { ...situation, workplaceId, date: day, employer: employer(caller), description: someText },
          { requiredKeys: ['origin', 'workplaceId', 'date', 'employer'] },
        ),
      writes: () => ({ incidents: one }),
    },
    'GET /api/v1/incidents': {
      roles: ['company', 'provider', 'agent', 'inspector'],
      query: { workplaceId, date: day },
      requiredQuery: ['workplaceId', 'date'],
    },
    'GET /api/v1/incidents/:id': {
      roles: ['company', 'provider', 'agent', 'inspector'],
      params: { id: fc.constant(w.incidentId) },
    },
    'POST /api/v1/incidents/:id/events': {
      roles: ['company', 'provider'],
      params: { id: fc.constant(w.incidentId) },
      body: () =>
        fc.oneof(
          fc.record({
            type: fc.constant('PROVIDER_CONTACTED'),
            at: instant,
            outcome: fc.constantFrom(...PROVIDER_OUTCOMES),
          }),
          fc.record(
            {
              type: fc.constant('CHANNEL_TRIED'),
              channel: fc.constantFrom(...ATTEMPT_CHANNELS),
              result: fc.constantFrom('OK', 'FAILED'),
              error: someText,
            },
            { requiredKeys: ['type', 'channel', 'result'] },
          ),
          fc.record({ type: fc.constant('REFERENCE_OBTAINED'), referenceNumber }),
          fc.record({
            type: fc.constant('EVIDENCE_ADDED'),
            evidence: fc.record(
              {
                kind: fc.constantFrom(...EVIDENCE_KINDS),
                description: someText,
                reference: someText,
                content: someText,
              },
              { requiredKeys: ['kind', 'description'] },
            ),
          }),
          fc.record({ type: fc.constant('ORIGIN_IDENTIFIED'), origin: fc.constantFrom(...ORIGINS) }),
        ),
      writes: () => ({ incident_events: one, incidents: { upTo: 1 } }),
    },
    'POST /api/v1/contact-form': {
      roles: ['company', 'provider'],
      body: (caller) =>
        fc.record(
          {
            enterprise: employer(caller),
            workplaceId,
            date: day,
            description: someText,
            incidentId: fc.constant(w.incidentId),
            contact: fc.record(
              {
                name: someText,
                phone: fc.constantFrom('+32 470 12 34 56', '02/511.51.51', 'call me'),
                email: fc.constantFrom('sophie@example.be', 'sophie at example', 'ö@example.be'),
              },
              { requiredKeys: ['name'] },
            ),
          },
          { requiredKeys: ['enterprise', 'workplaceId', 'date', 'description', 'contact'] },
        ),
      writes: () => ({ contact_references: one, incidents: { upTo: 1 }, incident_events: { upTo: 1 } }),
    },
    'POST /api/v1/contact-center/references': {
      roles: ['agent'],
      body: () =>
        fc.record(
          {
            enterprise: enterprise(w.declarant),
            workplaceId,
            date: day,
            note: someText,
            incidentId: fc.constant(w.incidentId),
          },
          { requiredKeys: ['enterprise', 'workplaceId', 'date', 'note'] },
        ),
      writes: () => ({ contact_references: one, incidents: { upTo: 1 }, incident_events: { upTo: 1 } }),
    },
    'GET /api/v1/contact-center/references': {
      roles: ['agent'],
      query: { from: instant, to: instant, limit },
    },
    'GET /api/v1/contact-center/references/:number': {
      roles: ['company', 'provider', 'agent', 'inspector'],
      params: { number: referenceNumber },
    },
    'PUT /api/v1/workers': {
      roles: ['company', 'provider'],
      query: { enterprise: enterprise(w.declarant) },
      body: () =>
        fc.record({
          workers: fc.array(fc.record({ worker, lastName: someText, firstName: someText }), { maxLength: 4 }),
        }),
      writes: () => ({ rosters: 'any' }),
    },
    'GET /api/v1/workers': {
      roles: ['company', 'provider', 'inspector'],
      query: { enterprise: enterprise(w.declarant) },
    },
    'POST /api/v1/paper-listings': {
      roles: ['company', 'provider'],
      body: () => fc.record({ referenceNumber, workplaceId, date: day, employer: employer(w.declarant) }),
      writes: (answer) => (answer.status === 201 ? { paper_listings: one } : NOTHING),
    },
    'GET /api/v1/paper-listings/:id.pdf': {
      roles: ['company', 'provider', 'inspector'],
      params: { id: fc.constant(w.listingId) },
      runs: runs(5, 100),
    },
    'GET /api/v1/paper-listings/:id': {
      roles: ['company', 'provider', 'inspector'],
      params: { id: fc.constant(w.listingId) },
    },
    'POST /api/v1/paper-listings/:id/entries': {
      roles: ['company', 'provider'],
      params: { id: fc.constant(w.listingId) },
      body: () =>
        fc.record({
          entries: fc.array(
            fc.record(
              { worker, lastName: someText, firstName: someText, referenceNumber },
              { requiredKeys: ['worker', 'lastName', 'firstName'] },
            ),
            { minLength: 1, maxLength: 3 },
          ),
        }),
      writes: capturedLines,
    },
    'GET /api/v1/inspections/workplaces/:id/days/:date': {
      roles: ['company', 'provider', 'inspector'],
      params: { id: workplaceId, date: day },
      query: {
        format: fc.constantFrom('json', 'pdf', 'csv', 'xml'),
        lang: fc.constantFrom('fr', 'nl', 'en', 'de'),
      },
    },
    'PUT /api/v1/registers/:register': {
      roles: ['admin'],
      params: { register: fc.constantFrom('employment', 'limosa', 'dimona', 'Employment') },
      query: { mode: fc.constantFrom('merge', 'replace', 'REPLACE', '') },
      body: (caller) =>
        fc.record({
          declarations: fc.array(
            fc.oneof(
              fc.record(
                { employer: employer(caller), worker: validNiss.map((n) => n.digits), from: day, to: day },
                { requiredKeys: ['employer', 'worker', 'from'] },
              ),
              fc.record(
                { limosaId: validLimosaId, worker: validNiss.map((n) => n.digits), from: day, to: day },
                { requiredKeys: ['limosaId', 'worker', 'from'] },
              ),
            ),
            { minLength: 1, maxLength: 4 },
          ),
        }),
      writes: registerLoad,
    },
    'GET /api/v1/registers': { roles: ['admin', 'inspector'] },
    'GET /api/v1/upstream': { roles: ['admin', 'inspector'] },
    'GET /api/v1/audit': {
      roles: ['admin', 'inspector'],
      query: {
        after: integerText('0', '1', '10'),
        from: instant,
        to: instant,
        limit: integerText('1', '100', '1000', '1001'),
      },
    },
  };
}

/** Stand-ins for the ids a registry gives: the routes' names do not depend on them. */
const STAND_IN_CALLER: Caller = {
  key: '',
  enterprise: '0403170701',
  get: () => Promise.reject(new Error('stand-in')),
  post: () => Promise.reject(new Error('stand-in')),
  put: () => Promise.reject(new Error('stand-in')),
  delete: () => Promise.reject(new Error('stand-in')),
};
const STAND_IN: World = {
  now: '2026-03-10T07:00:00.000Z',
  today: '2026-03-10',
  day: () => '2026-03-10',
  callers: { company: [], provider: [], agent: [], inspector: [], admin: [] },
  declarant: STAND_IN_CALLER,
  provider: STAND_IN_CALLER,
  workplaceId: 'W',
  foreignWorkplaceId: 'F',
  presenceIds: ['P'],
  incidentId: 'I',
  referenceNumber: 'R',
  listingId: 'L',
  spareMandateId: 'M',
  spareKeyId: 'K',
  keyToRotateId: 'K',
};

/** The routes with a generator, `METHOD /path` as the app names them. */
const FUZZED_ROUTES = Object.keys(routeFuzz(STAND_IN));
const BODY_ROUTES = FUZZED_ROUTES.filter((r) => r.startsWith('POST ') || r.startsWith('PUT '));

/** Texts every free-text field is tried with at every run. */
const NAME_EXAMPLES = [
  '',
  ' ',
  '\u200b',
  '\u3164',
  'Jan\u202eneeP',
  'Ame\u0301lie',
  'a\u0000b',
  'a\ud800b',
  'a\u0085b',
  'x'.repeat(101),
];

/** The free-text fields tried with Unicode tricks, one test each. */
const NAMED_FIELDS = [
  "a workplace's name",
  "a workplace's street",
  'a last name on the roster',
  'a reason for cancelling',
  "an incident's description",
  'the name given on the contact form',
  "a key's name",
];

/** A request as the generators make it. */
interface Request {
  readonly caller: Caller;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload?: string;
}

function preview(request: Request): string {
  const body = request.payload ?? '';
  const shown = body.length > 300 ? `${body.slice(0, 300)}… (${body.length} characters)` : body;
  return `${request.method} ${request.url.slice(0, 300)} ${JSON.stringify(request.headers)} ${shown}`;
}

/** The path with each parameter given: one of its likely values, or a segment the registry never gave. */
function pathOf(url: string, params: Readonly<Record<string, fc.Arbitrary<string>>>): fc.Arbitrary<string> {
  const names = [...url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] ?? '');
  const values = names.map((name) =>
    fc.oneof(
      { weight: 3, arbitrary: (params[name] ?? fc.constant('x')).map(asPathSegment) },
      { weight: 1, arbitrary: strangeSegment },
    ),
  );
  return fc
    .tuple(...values)
    .map((given) => names.reduce((u, name, i) => u.replace(`:${name}`, given[i] ?? ''), url));
}

/** The authorization header: the caller's key, as written by many clients, and now and then not quite. */
function authorization(key: string): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc.constantFrom(`Bearer ${key}`, `bearer ${key}`, `BEARER   ${key}  `, `Bearer\t${key}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        undefined,
        '',
        'Bearer',
        `Bearer ${key}x`,
        `Basic ${key}`,
        `Bearer ${key} ${key}`,
      ),
    },
  );
}

/** Headers that a server should not care about, with odd values. */
const otherHeaders = fc.record(
  {
    accept: fc.constantFrom(
      'application/json',
      'text/html',
      '*/*',
      'application/xml',
      '',
      'application/pdf;q=0',
    ),
    'accept-language': fc.oneof(fc.constantFrom('nl-BE,nl;q=0.9', '*', 'xx', ''), headerText),
    'accept-encoding': fc.constantFrom('gzip', 'br', 'identity;q=0', '*'),
    'x-forwarded-for': fc.oneof(fc.constantFrom('1.2.3.4', '::1', 'unknown, 10.0.0.1'), headerText),
    'x-csrf-token': headerText,
    cookie: fc.oneof(fc.constantFrom('sp_session=x', 'sp_session=', '=;;='), headerText),
    'if-none-match': headerText,
  },
  { requiredKeys: [] },
);

/** A request to the route, as `caller`, with every part random. */
function requestTo(route: string, fuzz: RouteFuzz, caller: Caller): fc.Arbitrary<Request> {
  const [method = 'GET', url = '/'] = route.split(' ');
  const takesBody = method === 'POST' || method === 'PUT';
  const likely = fuzz.body?.(caller);
  const json = fc.oneof(
    ...(likely === undefined
      ? []
      : [
          { weight: 3, arbitrary: likely.map(jsonText) },
          { weight: 4, arbitrary: mutated(likely).map(jsonText) },
        ]),
    { weight: 2, arbitrary: anyJsonText },
  );
  const payload = takesBody
    ? fc.oneof(
        { weight: 12, arbitrary: json },
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: trickyText },
      )
    : fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: json });
  const type = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: contentType },
  );
  const length = fc.oneof(
    { weight: 12, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('shorter', 'longer', '0', 'abc') },
  );
  return fc
    .record({
      path: pathOf(url, fuzz.params ?? {}),
      query: fc.option(queryString(fuzz.query ?? {}, fuzz.requiredQuery), { freq: 3 }),
      payload,
      type,
      length,
      auth: authorization(caller.key),
      others: otherHeaders,
    })
    .map(({ path, query, payload: body, type: media, length: declared, auth, others }) => {
      const headers: Record<string, string> = { ...others };
      if (auth !== undefined) headers['authorization'] = auth;
      if (body !== undefined && media !== undefined) headers['content-type'] = media;
      if (body !== undefined && declared !== undefined) {
        const bytes = Buffer.byteLength(body);
        headers['content-length'] =
          declared === 'shorter'
            ? String(Math.max(0, bytes - 1))
            : declared === 'longer'
              ? String(bytes + 7)
              : declared;
      }
      return {
        caller,
        method,
        url: query === null ? path : `${path}?${query}`,
        headers,
        ...(body === undefined ? {} : { payload: body }),
      };
    });
}

/** The answer is a 2xx, or a 4xx in the one error shape with a known code and that code's status. */
function expectClearAnswer(answer: Answer, what: string): void {
  const about = `${what} → ${answer.status} ${answer.text.slice(0, 500)}`;
  const success = answer.status >= 200 && answer.status < 300;
  const refusal = answer.status >= 400 && answer.status < 500;
  expect(success || refusal, about).toBe(true);
  if (success) {
    if (answer.type.startsWith('application/json')) expect(answer.body, about).not.toBeUndefined();
    return;
  }
  expect(answer.type, about).toMatch(/^application\/json/);
  const error = answer.body?.error as { code?: unknown; message?: unknown; details?: unknown } | undefined;
  expect(typeof error?.code, about).toBe('string');
  expect(typeof error?.message, about).toBe('string');
  expect(KNOWN_CODES.has(error?.code as string), about).toBe(true);
  expect(answer.status, about).toBe(ERROR_STATUS[error?.code as ErrorCode]);
  if (error?.details !== undefined) {
    expect(Array.isArray(error.details), about).toBe(true);
    for (const detail of error.details as { code: unknown; message: unknown; field?: unknown }[]) {
      expect(KNOWN_CODES.has(detail.code as string), about).toBe(true);
      expect(typeof detail.message, about).toBe('string');
      if (detail.field !== undefined) expect(typeof detail.field, about).toBe('string');
    }
  }
}

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the API given random input (${database.name})`, () => {
    let registry: TestRegistry;
    let snapshots: DatabaseSnapshots;
    let world: World;
    let fuzz: Readonly<Record<string, RouteFuzz>>;

    beforeAll(async () => {
      registry = await TestRegistry.open(database);
      snapshots = await openSnapshots(database, registry.db);
      const declarant = await registry.newCompany();
      const subcontractor = await registry.newCompany();
      const provider = await registry.newProvider();
      const spareProvider = await registry.newProvider();
      const outsider = await registry.newCompany();
      const [agent, inspector, admin] = [
        await registry.newCaller('agent'),
        await registry.newCaller('inspector'),
        await registry.newCaller('admin'),
      ];
      const workplaceId = (await registry.newWorkplace(declarant, { startDate: registry.day(-5) })).id;
      const foreignWorkplaceId = (await registry.newWorkplace(outsider)).id;
      await registry.addContractor(declarant, workplaceId, subcontractor, declarant);
      const granted = await declarant.post('/api/v1/mandates', { provider: provider.enterprise });
      const spare = await declarant.post('/api/v1/mandates', { provider: spareProvider.enterprise });
      const spareKey = await admin.post('/api/v1/keys', { role: 'inspector', name: 'to be revoked' });
      const keyToRotate = await admin.post('/api/v1/keys', { role: 'inspector', name: 'to be rotated' });
      const items = [
        ...Array.from({ length: 6 }, () => registry.presenceItem(workplaceId, declarant)),
        ...Array.from({ length: 3 }, () => registry.presenceItem(workplaceId, subcontractor)),
        ...Array.from({ length: 3 }, () =>
          registry.presenceItem(workplaceId, declarant, { registrationDate: registry.day(3) }),
        ),
      ];
      const presences = [
        ...(await registry.register(declarant, ...items.slice(0, 6), ...items.slice(9))),
        ...(await registry.register(subcontractor, ...items.slice(6, 9))),
      ] as { presence: { id: string } }[];
      const incident = await declarant.post('/api/v1/incidents', {
        workplaceId,
        date: registry.today(),
        employer: declarant.enterprise,
        origin: 'OWN_COMPANY',
      });
      const reference = await agent.post('/api/v1/contact-center/references', {
        enterprise: declarant.enterprise,
        workplaceId,
        date: registry.today(),
        note: 'Tablet at the gate broken',
      });
      const listing = await declarant.post('/api/v1/paper-listings', {
        referenceNumber: reference.body.referenceNumber,
        workplaceId,
        date: registry.today(),
        employer: declarant.enterprise,
      });
      for (const [what, reply] of Object.entries({
        granted,
        spare,
        spareKey,
        keyToRotate,
        incident,
        reference,
        listing,
      }))
        if (reply.status >= 300) throw new Error(`${what} not made: ${JSON.stringify(reply.body)}`);
      world = {
        now: registry.clock.now().toISOString(),
        today: registry.today(),
        day: (n) => registry.day(n),
        callers: {
          company: [declarant, subcontractor],
          provider: [provider],
          agent: [agent],
          inspector: [inspector],
          admin: [admin],
        },
        declarant,
        provider,
        workplaceId,
        foreignWorkplaceId,
        presenceIds: presences.map((p) => p.presence.id),
        incidentId: incident.body.incident.id,
        referenceNumber: reference.body.referenceNumber,
        listingId: listing.body.paperListing.id,
        spareMandateId: spare.body.mandate.id,
        spareKeyId: spareKey.body.apiKey.id,
        keyToRotateId: keyToRotate.body.apiKey.id,
      };
      fuzz = routeFuzz(world);
    });
    afterAll(async () => {
      await snapshots.close();
      await registry.close();
    });

    /** Sends a request; an answer must come in time. */
    const send = async (request: Request): Promise<Answer> => {
      let timer: NodeJS.Timeout | undefined;
      const hang = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`no answer within ${HANG_MS} ms: ${preview(request)}`));
        }, HANG_MS);
      });
      try {
        const raw = await Promise.race([
          registry.app.inject({
            method: request.method as 'GET',
            url: request.url,
            headers: request.headers,
            ...(request.payload === undefined ? {} : { payload: request.payload }),
          }),
          hang,
        ]);
        const type = String(raw.headers['content-type'] ?? '');
        let body: unknown;
        try {
          body = type.startsWith('application/json') ? (JSON.parse(raw.body) as unknown) : undefined;
        } catch {
          body = undefined;
        }
        return { status: raw.statusCode, type, text: raw.body, body };
      } finally {
        clearTimeout(timer);
      }
    };

    /** Sends a request and holds its answer to the rules: clear, and what it reports is what was written. */
    const sendAndCheck = async (route: string, request: Request): Promise<Answer> => {
      const before = await snapshots.take();
      const answer = await send(request);
      const changes = changesBetween(before, await snapshots.take());
      const what = preview(request);
      expectClearAnswer(answer, what);
      const success = answer.status < 300;
      const reported = success ? (fuzz[route]?.writes?.(answer) ?? {}) : {};
      expect(
        unreportedChanges(changes, reported),
        `${what} → ${answer.status} ${answer.text.slice(0, 300)} wrote ${describeChanges(changes)}`,
      ).toEqual([]);
      return answer;
    };

    const callersOf = (route: string): Caller[] => {
      const roles = fuzz[route]?.roles ?? [];
      return roles.flatMap((role) => world.callers[role]);
    };

    it('has a generator for every route of the API the app serves, and none for a route it does not serve', () => {
      const served = servedRoutes(registry.app)
        .filter((r) => r.url.startsWith('/api/'))
        .map((r) => `${r.method} ${r.url}`);
      expect(
        served.filter((r) => !FUZZED_ROUTES.includes(r)),
        'routes without a generator',
      ).toEqual([]);
      expect(
        FUZZED_ROUTES.filter((r) => !served.includes(r)),
        'generators of no route',
      ).toEqual([]);
    });

    it.each(FUZZED_ROUTES)(
      '%s: any body, query, path and headers get a 2xx or a clear 4xx, and write only what the answer reports',
      async (route) => {
        const spec = fuzz[route];
        if (spec === undefined) throw new Error(`no generator for ${route}`);
        const request = fc
          .constantFrom(...callersOf(route))
          .chain((caller) => requestTo(route, spec, caller));
        await fc.assert(
          fc.asyncProperty(request, async (r) => {
            await sendAndCheck(route, r);
          }),
          { numRuns: spec.runs ?? RUNS },
        );
      },
    );

    /** The route's path with the ids the registry gave. */
    const givenPath = (url: string): string => {
      const ids: [string, string][] = [
        ['/api/v1/workplaces/', world.workplaceId],
        ['/api/v1/inspections/', world.workplaceId],
        ['/api/v1/incidents/', world.incidentId],
        ['/api/v1/paper-listings/', world.listingId],
        ['/api/v1/mandates/', world.spareMandateId],
        ['/api/v1/keys/', url.endsWith('/rotate') ? world.keyToRotateId : world.spareKeyId],
        ['/api/v1/presences/', world.presenceIds[0] ?? ''],
      ];
      const id = ids.find(([prefix]) => url.startsWith(prefix))?.[1] ?? '';
      return url
        .replace(':id', id)
        .replace(':number', world.referenceNumber)
        .replace(':date', world.today)
        .replace(':register', 'employment');
    };

    /** A request to the route as the first caller allowed, with the ids the registry gave and this body. */
    const withKey = (route: string, payload: string): Request => {
      const [method = 'POST', url = '/'] = route.split(' ');
      const caller = callersOf(route)[0] ?? world.declarant;
      return {
        caller,
        method,
        url: givenPath(url),
        headers: { authorization: `Bearer ${caller.key}`, 'content-type': 'application/json' },
        payload,
      };
    };

    it.each(BODY_ROUTES)(
      "%s: a body over its limit (1 MiB; a register's file 20 MiB) gets 413 BODY_TOO_LARGE and writes nothing",
      async (route) => {
        const limit = route === 'PUT /api/v1/registers/:register' ? REGISTER_BODY_LIMIT : BODY_LIMIT;
        const huge = [
          JSON.stringify({ x: 'x'.repeat(limit) }),
          `[${'"é",'.repeat(limit / 4)}"é"]`,
          '['.repeat(limit + 1),
        ];
        for (const payload of huge) {
          const answer = await sendAndCheck(route, withKey(route, payload));
          expect(answer.status).toBe(413);
          expect(answer.body.error.code).toBe('BODY_TOO_LARGE');
        }
      },
    );

    it.each(BODY_ROUTES.flatMap((route) => [10_000, 100_000].map((depth) => [route, depth] as const)))(
      '%s: JSON nested %i levels deep gets a clear 4xx in time and writes nothing',
      async (route, depth) => {
        const [arrays = '', objects = '', , openArrays = ''] = deeplyNested(depth);
        const payloads = [
          arrays,
          objects,
          openArrays,
          `{"presences":[${arrays}],"workers":[{"worker":${objects}}]}`,
        ];
        for (const payload of payloads) {
          const answer = await sendAndCheck(route, withKey(route, payload));
          expect(answer.status, payload.slice(0, 40)).toBeGreaterThanOrEqual(400);
        }
      },
    );

    /** One value of an arbitrary, the same at every run. */
    const oneOf = <T>(arbitrary: fc.Arbitrary<T>): T => {
      const [value] = fc.sample(arbitrary, { numRuns: 1, seed: 42 });
      if (value === undefined) throw new Error('no sample');
      return value;
    };

    it.each(FUZZED_ROUTES.filter((r) => Object.keys(routeFuzz(STAND_IN)[r]?.query ?? {}).length > 0))(
      '%s: each field of its query given every strange integer (1e400, 400 nines, 0x10, …) gets a clear answer',
      async (route) => {
        const spec = fuzz[route];
        const caller = callersOf(route)[0];
        if (spec?.query === undefined || caller === undefined) throw new Error(`no query for ${route}`);
        const [method = 'GET', url = '/'] = route.split(' ');
        const path = givenPath(url);
        const required = Object.fromEntries(
          (spec.requiredQuery ?? []).map((name) => [name, oneOf(spec.query?.[name] ?? fc.constant(''))]),
        );
        for (const name of Object.keys(spec.query))
          for (const number of STRANGE_INTEGERS) {
            const query = new URLSearchParams({ ...required, [name]: number });
            await sendAndCheck(route, {
              caller,
              method,
              url: `${path}?${query.toString()}`,
              headers: { authorization: `Bearer ${caller.key}`, 'content-type': 'application/json' },
              ...(method === 'PUT' ? { payload: '{"workers":[]}' } : {}),
            });
          }
      },
    );

    it.each(BODY_ROUTES)(
      '%s: each field of its body given a number past every bound (1e400, 400 nines, …) gets a clear answer',
      async (route) => {
        const caller = callersOf(route)[0];
        const body = caller === undefined ? undefined : fuzz[route]?.body?.(caller);
        if (caller === undefined || body === undefined) throw new Error(`no body for ${route}`);
        const base = oneOf(body);
        for (const place of placesIn(base).filter((p) => p.at(-1) !== 'colour'))
          for (const number of STRANGE_JSON_NUMBERS) {
            const changed = withValueAt(base, place, rawNumber(number));
            await sendAndCheck(route, withKey(route, jsonText(changed ?? null)));
          }
      },
    );

    /**
     * Free-text fields that end up on paper listings, pages and documents: given Unicode tricks (direction
     * overrides, zero-width and joining characters, combining marks, characters normalisation changes, emoji
     * sequences), each is stored as its answer says — composed and trimmed — or refused naming the field.
     */
    const nameText = fc.oneof(
      trickyText,
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
      fc
        .tuple(
          fc.constantFrom('Peeters', 'Dubois', 'Wiśniewski', 'Ørsted', 'Nguyễn', 'Özdemir'),
          fc.array(fc.constantFrom(...TRICKY_CHARACTERS), { minLength: 1, maxLength: 3 }),
          fc.nat(),
        )
        .map(([name, tricks, at]) => {
          const i = at % (name.length + 1);
          return `${name.slice(0, i)}${tricks.join('')}${name.slice(i)}`;
        }),
    );

    /** What became of a text sent in a field: taken (with what the answer and a later read give back), or not. */
    type Outcome =
      | { readonly taken: true; readonly replied: unknown; readonly stored: unknown }
      | { readonly taken: false; readonly fields: readonly (string | undefined)[] };

    const sendJson = (route: string, caller: Caller, url: string, body: unknown): Promise<Answer> => {
      const [method = 'POST'] = route.split(' ');
      return sendAndCheck(route, {
        caller,
        method,
        url,
        headers: { authorization: `Bearer ${caller.key}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    };
    const read = async (caller: Caller, url: string): Promise<any> => (await caller.get(url)).body;
    const refusedFields = (answer: Answer): Outcome => ({
      taken: false,
      fields: ((answer.body?.error?.details ?? []) as { field?: string }[]).map((d) => d.field),
    });

    /** Each field, as errors name it, and how to send a text in it. */
    const namedFields = (): Record<string, { field: string; send: (text: string) => Promise<Outcome> }> => {
      const { declarant, today, workplaceId } = world;
      const [agent] = world.callers.agent;
      const [admin] = world.callers.admin;
      if (agent === undefined || admin === undefined) throw new Error('no agent or administrator');
      const workplace =
        (patch: (text: string) => JsonObject, pick: (w: any) => unknown) =>
        async (text: string): Promise<Outcome> => {
          const answer = await sendJson('POST /api/v1/workplaces', declarant, '/api/v1/workplaces', {
            name: 'Chantier',
            address: { street: 'Rue de la Loi 16', postalCode: '1000', city: 'Bruxelles' },
            declarant: declarant.enterprise,
            startDate: today,
            endDate: today,
            ...patch(text),
          });
          if (answer.status >= 300) return refusedFields(answer);
          const made = answer.body.workplace;
          const found = (await read(declarant, `/api/v1/workplaces/${made.id}`)).workplace;
          return { taken: true, replied: pick(made), stored: pick(found) };
        };
      return {
        "a workplace's name": {
          field: 'name',
          send: workplace(
            (name) => ({ name }),
            (w) => w.name,
          ),
        },
        "a workplace's street": {
          field: 'address.street',
          send: workplace(
            (street) => ({ address: { street, postalCode: '1000', city: 'Bruxelles' } }),
            (w) => w.address.street,
          ),
        },
        'a last name on the roster': {
          field: 'workers[0].lastName',
          send: async (text) => {
            const niss = registry.newNiss();
            const answer = await sendJson('PUT /api/v1/workers', declarant, '/api/v1/workers', {
              workers: [{ worker: { niss }, lastName: text, firstName: 'Jan' }],
            });
            if (answer.status >= 300) return refusedFields(answer);
            const roster = (await read(declarant, '/api/v1/workers')).workers as {
              worker: { niss?: string };
              lastName: string;
            }[];
            return {
              taken: true,
              replied: answer.body.workers[0]?.lastName,
              stored: roster.find((w) => w.worker.niss === niss)?.lastName,
            };
          },
        },
        'a reason for cancelling': {
          field: 'cancellations[0].reason',
          send: async (text) => {
            const [made] = await registry.register(declarant, registry.presenceItem(workplaceId, declarant));
            const id = made.presence.id as string;
            const answer = await sendJson(
              'POST /api/v1/presences/cancel',
              declarant,
              '/api/v1/presences/cancel',
              {
                cancellations: [{ id, reason: text }],
              },
            );
            if (answer.status >= 300) return refusedFields(answer);
            const result = answer.body.results[0];
            if (result.status !== 'CANCELLED')
              return { taken: false, fields: (result.errors as { field?: string }[]).map((e) => e.field) };
            return {
              taken: true,
              replied: result.presence.cancellationReason,
              stored: (await read(declarant, `/api/v1/presences/${id}`)).cancellationReason,
            };
          },
        },
        "an incident's description": {
          field: 'description',
          send: async (text) => {
            const answer = await sendJson('POST /api/v1/incidents', declarant, '/api/v1/incidents', {
              workplaceId,
              date: today,
              employer: declarant.enterprise,
              origin: 'PROVIDER',
              description: text,
            });
            if (answer.status >= 300) return refusedFields(answer);
            const { incident } = answer.body;
            return {
              taken: true,
              replied: incident.description,
              stored: (await read(declarant, `/api/v1/incidents/${incident.id}`)).incident.description,
            };
          },
        },
        'the name given on the contact form': {
          field: 'contact.name',
          send: async (text) => {
            const answer = await sendJson('POST /api/v1/contact-form', declarant, '/api/v1/contact-form', {
              enterprise: declarant.enterprise,
              workplaceId,
              date: today,
              description: 'Our tablet at the gate is broken',
              contact: { name: text },
            });
            if (answer.status >= 300) return refusedFields(answer);
            const number = answer.body.referenceNumber as string;
            return {
              taken: true,
              replied: answer.body.reference.contact.name,
              stored: (await read(agent, `/api/v1/contact-center/references/${number}`)).reference.contact
                .name,
            };
          },
        },
        "a key's name": {
          field: 'name',
          send: async (text) => {
            const answer = await sendJson('POST /api/v1/keys', admin, '/api/v1/keys', {
              role: 'inspector',
              name: text,
            });
            if (answer.status >= 300) return refusedFields(answer);
            const { id, name } = answer.body.apiKey as { id: string; name: string };
            const keys = (await read(admin, '/api/v1/keys')).apiKeys as { id: string; name: string }[];
            return { taken: true, replied: name, stored: keys.find((k) => k.id === id)?.name };
          },
        },
      };
    };

    it.each(NAMED_FIELDS)(
      '%s with Unicode tricks is stored as the answer says, composed and trimmed, or refused naming the field',
      async (name) => {
        const named = namedFields()[name];
        if (named === undefined) throw new Error(`no field ${name}`);
        await fc.assert(
          fc.asyncProperty(nameText, async (text) => {
            const outcome = await named.send(text);
            const what = `${name}: ${JSON.stringify(text)} → ${JSON.stringify(outcome)}`;
            if (outcome.taken) {
              expect(outcome.replied, what).toBe(text.normalize('NFC').trim());
              expect(outcome.stored, what).toBe(outcome.replied);
            } else {
              expect(outcome.fields, what).toContain(named.field);
            }
          }),
          {
            numRuns: NAME_RUNS,
            examples: NAME_EXAMPLES.map((t): [string] => [t]),
          },
        );
      },
    );

    describe('what the properties found, kept as examples', () => {
      it.each(['/api/v1/contact-center/references', '/api/v1/audit'])(
        'refuses %s?limit=1e400 as a 400 naming `limit`, not as Infinity and a 500',
        async (url) => {
          const [caller] = url.includes('audit') ? world.callers.admin : world.callers.agent;
          for (const limit of ['1e400', '9'.repeat(400)]) {
            const reply = await caller?.get(`${url}?limit=${limit}`);
            expect(reply?.status).toBe(400);
            expect(reply?.body.error.details).toEqual([expect.objectContaining({ field: 'limit' })]);
          }
        },
      );

      it('refuses an audit page after a record number no database column holds, naming `after`', async () => {
        const [admin] = world.callers.admin;
        const reply = await admin?.get('/api/v1/audit?after=99999999999999999999');
        expect(reply?.status).toBe(400);
        expect(reply?.body.error.details).toEqual([
          expect.objectContaining({ code: 'FIELD_VALUE', field: 'after' }),
        ]);
      });
    });
  });
}
