import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_KINDS } from '../../src/domain/procedure/incident.js';
import { ATTEMPT_CHANNELS, ORIGINS, PROVIDER_OUTCOMES } from '../../src/domain/procedure/situation.js';
import { DEFAULT_SEARCH_PAGE_SIZE } from '../../src/web/pages/company-admin/presence-search-page.js';
import { SOAP_PATH } from '../../src/http/soap/soap-routes.js';
import {
  asPathSegment,
  contentType,
  integerText,
  queryString,
  STRANGE_INTEGERS,
  strangeSegment,
  trickyText,
  validLimosaId,
  validNiss,
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
import { WebClient } from '../support/web-client.js';

/**
 * Every page and form by property: people signed in post random forms (url-encoded, multipart, JSON, text and
 * other media types, names given twice, fields of every kind) and random query strings to every page route the
 * app serves, with a valid form token and without one. No answer is a 5xx; a form posted without its token
 * writes nothing; and nothing is written without a visible confirmation — the page a form leads back to with
 * its notice, the new presences' receipt numbers on the page, the phone's results.
 *
 * On both databases: the forms hand their text to the same use cases as the API, and what one database keeps
 * (a NUL, a lone surrogate, a name longer than a column) another may refuse — a page must survive both.
 */

const RUNS = runs(8, 300);
const HANG_MS = 15_000;

/** The people who sign in, one of each role (a provider mandated by the company). */
type Person = 'company' | 'provider' | 'agent' | 'inspector' | 'admin';
const PEOPLE: readonly Person[] = ['company', 'provider', 'agent', 'inspector', 'admin'];

/** What the tests are made of: the registry's ids, and the form fields' likely values. */
interface World {
  readonly today: string;
  day(n: number): string;
  readonly company: Caller;
  readonly provider: Caller;
  readonly workplaceId: string;
  readonly foreignWorkplaceId: string;
  readonly presenceIds: readonly string[];
  readonly rosterKeys: readonly string[];
  readonly incidentId: string;
  readonly referenceNumber: string;
  readonly listingId: string;
  readonly username: string;
  readonly password: string;
}

/** A page as these tests read it. */
interface Page {
  readonly status: number;
  readonly type: string;
  readonly location: string;
  readonly html: string;
  readonly raw: LightMyRequestResponse;
}

/** What a form's answer shows it did, by table; nothing when it shows nothing done. */
type Shown = (page: Page) => Reported;

/** How to call a page route with random input. */
interface PageFuzz {
  /** Who uses it (anyone else is tried too, now and then: the refusal must be clean as well). */
  readonly people: readonly Person[];
  readonly params?: Readonly<Record<string, fc.Arbitrary<string>>>;
  readonly query?: Readonly<Record<string, fc.Arbitrary<string>>>;
  /** A form's fields with their likely values (a field may be given several times). */
  readonly form?: Readonly<Record<string, fc.Arbitrary<string>>>;
  /** What the answer shows was done: a form's confirmation and what it wrote. */
  readonly shows?: Shown;
}

const NOTHING: Reported = {};

/** A redirect to a page whose address matches: the confirmation of a form that did something. */
function redirectTo(page: Page, pattern: RegExp): boolean {
  return page.status === 303 && pattern.test(page.location);
}

function pageFuzz(w: World): Readonly<Record<string, PageFuzz>> {
  const day = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(w.today, w.day(1)) },
    { weight: 1, arbitrary: fc.constantFrom(w.day(-1), w.day(40), '2026-02-30', '9999-12-31', '') },
  );
  const workplaceId = fc.oneof(
    { weight: 3, arbitrary: fc.constant(w.workplaceId) },
    { weight: 1, arbitrary: fc.constantFrom(w.workplaceId.toLowerCase(), w.foreignWorkplaceId) },
  );
  const enterprise = fc.constantFrom(w.company.enterprise, w.provider.enterprise, '0403.170.701', '');
  const niss = validNiss.map((n) => n.digits);
  const worker = fc.oneof(
    niss,
    validLimosaId.map((l) => `L1 ${l}`),
  );
  const text = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom('Peeters', 'Łukasz', 'Badge reader down', '') },
    { weight: 1, arbitrary: trickyText },
  );
  const search = {
    from: day,
    to: day,
    workplaceId,
    worker,
    status: fc.constantFrom('all', 'registered', 'cancelled', 'x'),
    limit: integerText('25', '50', '100', '7', 'x'),
    cursor: fc.constantFrom('', 'x', 'eyJ4IjoxfQ'),
  };
  const incidentId = fc.constant(w.incidentId);
  return {
    'GET /': { people: PEOPLE },
    'GET /sign-in': {
      people: PEOPLE,
      query: { back: fc.constantFrom('/', '//evil.example', '/workplaces'), ended: text },
    },
    'POST /sign-in': {
      people: PEOPLE,
      query: { back: fc.constantFrom('/', '//evil.example', '/\\evil.example', '/roster') },
      form: {
        username: fc.oneof(fc.constant(w.username), text),
        password: fc.oneof(fc.constant(w.password), text),
      },
      shows: (page) =>
        page.status === 303 && page.raw.cookies.some((c) => c.name === 'sp_session' && c.value !== '')
          ? { sessions: { added: 1, removed: 0 } }
          : NOTHING,
    },
    'POST /sign-out': {
      people: PEOPLE,
      shows: (page) => (redirectTo(page, /^\/sign-in$/) ? { sessions: { upTo: 1 } } : NOTHING),
    },
    'GET /sw.js': { people: PEOPLE },
    'GET /manifest.webmanifest': { people: PEOPLE },
    'GET /language/:lang': {
      people: PEOPLE,
      params: { lang: fc.constantFrom('fr', 'nl', 'en', 'de', 'FR') },
      query: { back: fc.constantFrom('/', '//evil.example', '/workplaces', 'https://evil.example') },
    },
    'GET /mobile': { people: ['company', 'provider'] },
    'GET /mobile/token': { people: PEOPLE },
    'POST /mobile/presences': {
      people: ['company', 'provider'],
      form: {
        workplaceId,
        registrationDate: day,
        worker: niss,
        employer: enterprise,
        clientReference: fc.uuid(),
      },
      shows: (page) => {
        if (page.status !== 200) return NOTHING;
        const results = (JSON.parse(page.html) as { results: { status: string; duplicate?: boolean }[] })
          .results;
        const added = results.filter((r) => r.status === 'REGISTERED' && r.duplicate === false).length;
        return added === 0
          ? NOTHING
          : { presences: { added, removed: 0 }, client_references: 'any', presence_keys: 'any' };
      },
    },
    'GET /workplaces': { people: ['company', 'provider', 'admin'] },
    'GET /workplaces/:id': {
      people: ['company', 'provider', 'admin'],
      params: { id: workplaceId },
      query: { date: day },
    },
    'POST /workplaces/:id/register': {
      people: ['company', 'provider'],
      params: { id: workplaceId },
      form: { workers: niss, numbers: worker, from: day, to: day, employer: enterprise },
      // Checked apart: every new presence's receipt number is on the page.
      shows: () => ({ presences: 'any', client_references: 'any', presence_keys: 'any' }),
    },
    'GET /workplaces/:id/chain': {
      people: ['company', 'provider', 'admin'],
      params: { id: workplaceId },
      query: { added: enterprise, parent: enterprise },
    },
    'POST /workplaces/:id/chain': {
      people: ['company', 'provider', 'admin'],
      params: { id: workplaceId },
      form: {
        enterprise: fc.oneof(enterprise, fc.constantFrom('0428759497', '0403019261')),
        parent: enterprise,
      },
      shows: (page) =>
        redirectTo(page, /\/chain\?added=/)
          ? { contractor_links: { added: 1, removed: 0 }, workplace_access: 'any' }
          : NOTHING,
    },
    'GET /presences': {
      people: ['company', 'provider'],
      query: { ...search, cancelled: fc.constantFrom(...w.presenceIds) },
    },
    'GET /presences/:id/cancel': {
      people: ['company', 'provider'],
      params: { id: fc.constantFrom(...w.presenceIds) },
      query: search,
    },
    'POST /presences/:id/cancel': {
      people: ['company', 'provider'],
      params: { id: fc.constantFrom(...w.presenceIds) },
      query: search,
      form: { reason: text },
      shows: (page) =>
        redirectTo(page, /^\/presences\?.*cancelled=/)
          ? { presences: { added: 1, removed: 1 }, presence_keys: 'any' }
          : NOTHING,
    },
    'GET /roster': {
      people: ['company', 'provider'],
      query: { enterprise, done: fc.constantFrom('added', 'removed', 'x') },
    },
    'GET /roster/workers': { people: ['company', 'provider'], query: { enterprise } },
    'POST /roster/workers': {
      people: ['company', 'provider'],
      query: { enterprise },
      form: { worker, lastName: text, firstName: text },
      shows: (page) =>
        redirectTo(page, /^\/roster.*done=added/) ? { rosters: { added: 1, removed: 0 } } : NOTHING,
    },
    'POST /roster/workers/remove': {
      people: ['company', 'provider'],
      query: { enterprise },
      form: { worker: fc.oneof(fc.constantFrom(...w.rosterKeys), fc.constantFrom('NISS:', 'LIMOSA:x', 'x')) },
      shows: (page) =>
        redirectTo(page, /^\/roster.*done=removed/) ? { rosters: { added: 0, removed: 1 } } : NOTHING,
    },
    'GET /emergency': { people: ['company', 'provider'] },
    'POST /emergency': {
      people: ['company', 'provider'],
      form: {
        workplaceId,
        date: day,
        employer: enterprise,
        origin: fc.constantFrom(...ORIGINS, 'x'),
        coContractor: fc.constantFrom('yes', 'no'),
        description: text,
      },
      shows: (page) =>
        redirectTo(page, /^\/emergency\/incidents\/[^/]+$/)
          ? { incidents: { added: 1, removed: 0 } }
          : NOTHING,
    },
    'GET /emergency/incidents/:id': { people: ['company', 'provider'], params: { id: incidentId } },
    'POST /emergency/incidents/:id/events': {
      people: ['company', 'provider'],
      params: { id: incidentId },
      form: {
        type: fc.constantFrom(
          'PROVIDER_CONTACTED',
          'CHANNEL_TRIED',
          'REFERENCE_OBTAINED',
          'EVIDENCE_ADDED',
          'ORIGIN_IDENTIFIED',
          'x',
        ),
        outcome: fc.constantFrom(...PROVIDER_OUTCOMES),
        channel: fc.constantFrom(...ATTEMPT_CHANNELS),
        result: fc.constantFrom('OK', 'FAILED'),
        error: text,
        referenceNumber: fc.constantFrom(w.referenceNumber, '0000-0000'),
        origin: fc.constantFrom(...ORIGINS),
        evidenceKind: fc.constantFrom(...EVIDENCE_KINDS),
        evidenceDescription: text,
        evidenceReference: text,
        form: fc.constantFrom('event', 'contact', 'x'),
      },
      shows: (page) =>
        redirectTo(page, new RegExp(`^/emergency/incidents/${w.incidentId}$`))
          ? { incident_events: { added: 1, removed: 0 }, incidents: { upTo: 1 } }
          : NOTHING,
    },
    'POST /emergency/incidents/:id/contact-form': {
      people: ['company', 'provider'],
      params: { id: incidentId },
      form: {
        problem: text,
        contactName: text,
        contactPhone: fc.constantFrom('+32 470 12 34 56', 'x', ''),
        contactEmail: fc.constantFrom('sophie@example.be', 'x', ''),
      },
      shows: (page) =>
        redirectTo(page, new RegExp(`^/emergency/incidents/${w.incidentId}$`))
          ? {
              contact_references: { added: 1, removed: 0 },
              incidents: { upTo: 1 },
              incident_events: { upTo: 1 },
            }
          : NOTHING,
    },
    'POST /emergency/incidents/:id/listing': {
      people: ['company', 'provider'],
      params: { id: incidentId },
      shows: (page) =>
        redirectTo(page, /^\/emergency\/listings\/[^/]+\.pdf$/) ? { paper_listings: { upTo: 1 } } : NOTHING,
    },
    'GET /emergency/listings/:id.pdf': {
      people: ['company', 'provider'],
      params: { id: fc.constant(w.listingId) },
    },
    'GET /contact-center': {
      people: ['agent'],
      query: {
        day,
        days: integerText('1', '3', '7', '30', '2', 'x'),
        incident: incidentId,
        issued: fc.constantFrom(w.referenceNumber, 'x'),
      },
    },
    'GET /contact-center/references': { people: ['agent'] },
    'POST /contact-center/references': {
      people: ['agent'],
      query: { day, days: integerText('1', '7', 'x') },
      form: {
        enterprise,
        workplaceId,
        date: day,
        note: text,
        contactName: text,
        contactPhone: fc.constantFrom('+32 470 12 34 56', 'x', ''),
        contactEmail: fc.constantFrom('sophie@example.be', 'x', ''),
        incidentId,
      },
      shows: (page) =>
        redirectTo(page, /^\/contact-center\?.*issued=/)
          ? {
              contact_references: { added: 1, removed: 0 },
              incidents: { upTo: 1 },
              incident_events: { upTo: 1 },
            }
          : NOTHING,
    },
    'GET /inspection': { people: ['inspector'], query: { workplaceId, date: day } },
    'GET /inspection/workplaces/:id/days/:day': {
      people: ['inspector'],
      params: {
        id: workplaceId,
        day: fc.oneof(
          day,
          day.map((d) => `${d}.pdf`),
          day.map((d) => `${d}.csv`),
        ),
      },
    },
  };
}

const STAND_IN_CALLER = { enterprise: '0403170701' } as Caller;
const STAND_IN: World = {
  today: '2026-03-10',
  day: () => '2026-03-10',
  company: STAND_IN_CALLER,
  provider: STAND_IN_CALLER,
  workplaceId: 'W',
  foreignWorkplaceId: 'F',
  presenceIds: ['P'],
  rosterKeys: ['NISS:85073003328'],
  incidentId: 'I',
  referenceNumber: 'R',
  listingId: 'L',
  username: 'u',
  password: 'p',
};

/** The page routes with a generator, `METHOD /path` as the app names them. */
const FUZZED_PAGES = Object.keys(pageFuzz(STAND_IN));

/** How a form is sent: encoded as a browser does, as JSON, as multipart, as text; its token or none. */
type Encoding = 'form' | 'json' | 'multipart' | 'other';
type Token = 'header' | 'field' | 'none' | 'wrong';

/** A request as the generators make it. */
interface PageRequest {
  readonly person: Person;
  readonly method: string;
  readonly url: string;
  readonly encoding: Encoding;
  readonly token: Token;
  readonly fields: readonly (readonly [string, string])[];
  readonly type?: string | undefined;
  readonly text?: string;
}

function preview(request: PageRequest): string {
  const fields = JSON.stringify(request.fields);
  return `${request.person} ${request.method} ${request.url.slice(0, 300)} (${request.encoding}, token ${request.token}${
    request.type === undefined ? '' : `, ${request.type}`
  }) ${fields.length > 400 ? `${fields.slice(0, 400)}…` : fields}`;
}

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

/** A form's fields: its own (some given twice, some left out), others, and odd values. */
function fieldsOf(
  form: Readonly<Record<string, fc.Arbitrary<string>>>,
): fc.Arbitrary<(readonly [string, string])[]> {
  const names = Object.keys(form);
  const own =
    names.length === 0
      ? fc.constant([] as (readonly [string, string])[])
      : fc.array(
          fc.constantFrom(...names).chain((name) =>
            fc.tuple(
              fc.constant(name),
              fc.oneof(
                { weight: 4, arbitrary: form[name] ?? fc.string() },
                { weight: 1, arbitrary: trickyText },
                // A number past every bound in any field: a numeric field not told about is tried too.
                { weight: 1, arbitrary: fc.constantFrom(...STRANGE_INTEGERS) },
              ),
            ),
          ),
          { maxLength: names.length + 3 },
        );
  const complete = fc.record(form).map((values) => Object.entries(values));
  const other = fc.array(
    fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor', '_csrf[]', ''), trickyText), trickyText),
    {
      maxLength: 2,
    },
  );
  return fc
    .tuple(fc.oneof({ weight: 2, arbitrary: complete }, { weight: 2, arbitrary: own }), other)
    .map(([a, b]) => [...a, ...b]);
}

function requestTo(route: string, fuzz: PageFuzz): fc.Arbitrary<PageRequest> {
  const [method = 'GET', url = '/'] = route.split(' ');
  const isPost = method === 'POST';
  return fc.record({
    person: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...fuzz.people) },
      { weight: 1, arbitrary: fc.constantFrom(...PEOPLE) },
    ),
    method: fc.constant(method),
    url: fc
      .tuple(pathOf(url, fuzz.params ?? {}), fc.option(queryString(fuzz.query ?? {}), { freq: 2 }))
      .map(([path, query]) => (query === null ? path : `${path}?${query}`)),
    encoding: isPost
      ? fc.oneof(
          { weight: 4, arbitrary: fc.constant<Encoding>('form') },
          { weight: 2, arbitrary: fc.constantFrom<Encoding>('json', 'multipart', 'other') },
        )
      : fc.constant<Encoding>('form'),
    token: isPost
      ? fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom<Token>('header', 'field') },
          { weight: 1, arbitrary: fc.constantFrom<Token>('none', 'wrong') },
        )
      : fc.constant<Token>('header'),
    fields: isPost ? fieldsOf(fuzz.form ?? {}) : fc.constant([]),
    type: contentType,
    text: trickyText,
  });
}

/** The body and headers of a request, with the person's valid token where it is to be. */
function encode(request: PageRequest, token: string): { headers: Record<string, string>; payload?: string } {
  const headers: Record<string, string> = {
    'x-csrf-token': request.token === 'header' ? token : request.token === 'wrong' ? 'x' : '',
  };
  if (request.method !== 'POST') return { headers };
  const fields = request.token === 'field' ? [...request.fields, ['_csrf', token] as const] : request.fields;
  switch (request.encoding) {
    case 'form': {
      const form = new URLSearchParams();
      for (const [name, value] of fields)
        form.append(name.replace(/\p{Cs}/gu, '\ufffd'), value.replace(/\p{Cs}/gu, '\ufffd'));
      return {
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form.toString(),
      };
    }
    case 'json': {
      const body: Record<string, unknown> = {};
      for (const [name, value] of fields) {
        const was = body[name];
        body[name] =
          was === undefined ? value : Array.isArray(was) ? [...(was as unknown[]), value] : [was, value];
      }
      if (request.url.startsWith('/mobile/presences'))
        return {
          headers: { ...headers, 'content-type': 'application/json' },
          payload: JSON.stringify({ presences: [{ ...body, worker: { niss: body['worker'] } }] }),
        };
      return { headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(body) };
    }
    case 'multipart': {
      const boundary = '----sitepresence';
      const parts = fields.map(
        ([name, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      );
      return {
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `${parts.join('')}--${boundary}--\r\n`,
      };
    }
    case 'other':
      return {
        headers: { ...headers, ...(request.type === undefined ? {} : { 'content-type': request.type }) },
        payload: request.text ?? '',
      };
  }
}

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the pages given random input (${database.name})`, () => {
    let registry: TestRegistry;
    let snapshots: DatabaseSnapshots;
    let world: World;
    let fuzz: Readonly<Record<string, PageFuzz>>;
    let inspector: Caller;
    const people = new Map<Person, WebClient>();
    const tokens = new Map<Person, string>();

    beforeAll(async () => {
      registry = await TestRegistry.open(database);
      snapshots = await openSnapshots(database, registry.db);
      const company = await registry.newCompany();
      const provider = await registry.newProvider();
      const outsider = await registry.newCompany();
      inspector = await registry.newCaller('inspector');
      const agent = await registry.newCaller('agent');
      await company.post('/api/v1/mandates', { provider: provider.enterprise });
      const workplaceId = (await registry.newWorkplace(company)).id;
      const foreignWorkplaceId = (await registry.newWorkplace(outsider)).id;
      const items = Array.from({ length: 8 }, () => registry.presenceItem(workplaceId, company));
      const presenceIds = (
        (await registry.register(company, ...items)) as { presence: { id: string } }[]
      ).map((r) => r.presence.id);
      const roster = Array.from({ length: 6 }, () => registry.newNiss());
      await company.put('/api/v1/workers', {
        workers: roster.map((niss) => ({ worker: { niss }, lastName: 'Peeters', firstName: 'Jan' })),
      });
      const reference = await agent.post('/api/v1/contact-center/references', {
        enterprise: company.enterprise,
        workplaceId,
        date: registry.today(),
        note: 'Tablet at the gate broken',
      });
      const incident = await company.post('/api/v1/incidents', {
        workplaceId,
        date: registry.today(),
        employer: company.enterprise,
        origin: 'OWN_COMPANY',
        referenceNumber: reference.body.referenceNumber,
      });
      const listing = await company.post('/api/v1/paper-listings', {
        referenceNumber: reference.body.referenceNumber,
        workplaceId,
        date: registry.today(),
        employer: company.enterprise,
      });
      for (const [what, reply] of Object.entries({ reference, incident, listing }))
        if (reply.status >= 300) throw new Error(`${what} not made: ${JSON.stringify(reply.body)}`);
      const users = {
        company: await registry.newUser('company', { enterprise: company }),
        provider: await registry.newUser('provider', { enterprise: provider }),
        agent: await registry.newUser('agent'),
        inspector: await registry.newUser('inspector'),
        admin: await registry.newUser('admin'),
      };
      for (const person of PEOPLE) {
        const client = await WebClient.signedIn(registry.app, users[person], 'en');
        people.set(person, client);
        tokens.set(person, await tokenOf(client));
      }
      const spare = await registry.newUser('company', { enterprise: company });
      world = {
        today: registry.today(),
        day: (n) => registry.day(n),
        company,
        provider,
        workplaceId,
        foreignWorkplaceId,
        presenceIds,
        rosterKeys: roster.map((niss) => `NISS:${niss}`),
        incidentId: incident.body.incident.id,
        referenceNumber: reference.body.referenceNumber,
        listingId: listing.body.paperListing.id,
        username: spare.username,
        password: spare.password,
      };
      fuzz = pageFuzz(world);
    });
    afterAll(async () => {
      await snapshots.close();
      await registry.close();
    });

    /** A valid form token for the person's browser (its secret is in the browser's cookie). */
    async function tokenOf(client: WebClient): Promise<string> {
      const reply = await client.raw('GET', '/mobile/token');
      return (JSON.parse(reply.body) as { csrfToken: string }).csrfToken;
    }

    /** The presences registered on the workplace so far, by id, with their receipt numbers. */
    async function presencesOnWorkplace(): Promise<Map<string, string>> {
      const found = new Map<string, string>();
      let cursor: string | undefined;
      do {
        const reply = await inspector.get(
          `/api/v1/presences?workplaceId=${world.workplaceId}&from=${world.day(-1)}&to=${world.day(40)}&limit=500${
            cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`
          }`,
        );
        for (const p of reply.body.presences as { id: string; receiptNumber: string }[])
          found.set(p.id, p.receiptNumber);
        cursor = reply.body.nextCursor as string | undefined;
      } while (cursor !== undefined);
      return found;
    }

    /** The person's browser and form token; a browser of its own for signing out, so that the others stay in. */
    async function browserFor(request: PageRequest): Promise<{ client: WebClient; token: string }> {
      const client = people.get(request.person);
      if (!request.url.startsWith('/sign-out') && client !== undefined)
        return { client, token: tokens.get(request.person) ?? '' };
      const enterprise =
        request.person === 'company'
          ? world.company
          : request.person === 'provider'
            ? world.provider
            : undefined;
      const user = await registry.newUser(request.person, enterprise === undefined ? {} : { enterprise });
      const own = await WebClient.signedIn(registry.app, user, 'en');
      return { client: own, token: await tokenOf(own) };
    }

    /** Sends the request from the browser; an answer must come in time. */
    async function send(request: PageRequest, client: WebClient, token: string): Promise<Page> {
      const { headers, payload } = encode(request, token);
      let timer: NodeJS.Timeout | undefined;
      const hang = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`no answer within ${HANG_MS} ms: ${preview(request)}`));
        }, HANG_MS);
      });
      try {
        const raw = await Promise.race([
          client.raw(request.method as 'GET' | 'POST', request.url, {
            headers,
            ...(payload === undefined ? {} : { payload }),
          }),
          hang,
        ]);
        const location = raw.headers.location;
        return {
          status: raw.statusCode,
          type: String(raw.headers['content-type'] ?? ''),
          location: typeof location === 'string' ? location : '',
          html: raw.body,
          raw,
        };
      } finally {
        clearTimeout(timer);
      }
    }

    it('has a generator for every page route the app serves, and none for a route it does not serve', () => {
      // The API and the web service are not pages: their bad input has tests of their own (test/http/fuzz-api,
      // test/http/soap, test/soap).
      const served = servedRoutes(registry.app)
        .filter((r) => !r.url.startsWith('/api/') && r.url !== SOAP_PATH)
        .map((r) => `${r.method} ${r.url}`);
      expect(
        served.filter((r) => !FUZZED_PAGES.includes(r)),
        'pages without a generator',
      ).toEqual([]);
      expect(
        FUZZED_PAGES.filter((r) => !served.includes(r)),
        'generators of no page',
      ).toEqual([]);
    });

    it.each([
      ['/presences', 'company', 'limit', DEFAULT_SEARCH_PAGE_SIZE],
      ['/contact-center', 'agent', 'days', 1],
    ] as const)(
      '%s with every strange integer (1e400, 400 nines, 0x10, …) as its %s is shown with the default %s',
      async (url, person, field, byDefault) => {
        const client = people.get(person);
        if (client === undefined) throw new Error(`${person} is not signed in`);
        for (const number of STRANGE_INTEGERS) {
          const page = await client.raw(
            'GET',
            `${url}?${new URLSearchParams({ [field]: number }).toString()}`,
          );
          const what = `${field}=${number.slice(0, 20)}`;
          expect(page.statusCode, what).toBe(200);
          expect(page.body, what).toMatch(new RegExp(`<option value="${byDefault}" selected`));
        }
      },
    );

    it.each(FUZZED_PAGES)(
      '%s: any form, query and token get no 5xx, and nothing is written without a visible confirmation',
      async (route) => {
        const spec = fuzz[route];
        if (spec === undefined) throw new Error(`no generator for ${route}`);
        await fc.assert(
          fc.asyncProperty(requestTo(route, spec), async (request) => {
            const { client, token } = await browserFor(request);
            const known =
              route === 'POST /workplaces/:id/register' ? await presencesOnWorkplace() : undefined;
            const before = await snapshots.take();
            const page = await send(request, client, token);
            const changes = changesBetween(before, await snapshots.take());
            const what = `${preview(request)} → ${page.status} ${page.location} ${page.html.slice(0, 300)}`;
            expect(page.status, what).toBeLessThan(500);
            if (page.status >= 400) expect(page.type, what).toMatch(/^(text\/html|application\/json)/);
            // A form without its token is refused (403, or earlier for a body that cannot be read at all).
            const tokenless =
              request.method === 'POST' && (request.token === 'none' || request.token === 'wrong');
            if (tokenless) expect(page.status, what).toBeGreaterThanOrEqual(400);
            const shown = tokenless ? NOTHING : (spec.shows?.(page) ?? NOTHING);
            expect(unreportedChanges(changes, shown), `${what} wrote ${describeChanges(changes)}`).toEqual(
              [],
            );
            if (known !== undefined && changes.has('presences')) {
              // The new presences: each one's receipt number is on the page that answered.
              const now = await presencesOnWorkplace();
              const added = [...now].filter(([id]) => !known.has(id));
              expect(added.length, what).toBeGreaterThan(0);
              for (const [, receipt] of added)
                expect(page.html, `${what}: receipt ${receipt}`).toContain(receipt);
            }
          }),
          { numRuns: RUNS },
        );
      },
    );
  });
}
