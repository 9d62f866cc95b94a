import { AuditTrail } from '../../src/app/audit.js';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createApiKey } from '../../src/app/api-keys.js';
import type { AppDeps } from '../../src/app/app-deps.js';
import type { RegistryInstance } from '../../src/app/availability.js';
import { createUser, type NewUserInput, type UserView } from '../../src/app/users.js';
import { addDays, brusselsDate, type CalendarDate } from '../../src/domain/calendar-date.js';
import type { Role } from '../../src/domain/principal.js';
import { DEFAULT_CONTACT_CENTER } from '../../src/domain/procedure/contact-center.js';
import { createRegistryApp } from '../../src/composition/registry-app.js';
import type { HttpDeps } from '../../src/http/app.js';
import type { SlowClientSettings } from '../../src/http/slow-clients.js';
import { PdfkitWriter } from '../../src/pdf/pdfkit-writer.js';
import { createCryptoRandom } from '../../src/system/crypto-random.js';
import type { OpenedDatabase, TestDatabase } from './databases.js';
import { enterpriseNumber, niss } from './identifiers.js';
import { TestClock } from './test-clock.js';
import { TEST_PASSWORD, TEST_PASSWORDS } from './passwords.js';

/** A reply as tests read it: the status and the parsed JSON body. */
export interface Reply {
  readonly status: number;

  readonly body: any;
  readonly raw: LightMyRequestResponse;
}

/** A caller with an API key, sending requests in-process. */
export interface Caller {
  readonly key: string;
  readonly enterprise: string;
  get(url: string): Promise<Reply>;
  post(url: string, body: unknown): Promise<Reply>;
  put(url: string, body: unknown): Promise<Reply>;
  delete(url: string): Promise<Reply>;
}

/** Options of a new workplace; the rest is filled in. */
export interface WorkplaceOptions {
  readonly workplaceId?: string;
  readonly startDate?: string;
  readonly endDate?: string;
  readonly permanentlyWithoutInfrastructure?: boolean;
}

/** Options of a new user; the rest is filled in. */
export interface UserOptions {
  /** Unique in the registry unless given. */
  readonly username?: string;
  /** The username unless given. */
  readonly displayName?: string;
  /** For a company or provider user: its caller (as `newCompany` returns it) or its enterprise number. */
  readonly enterprise?: Caller | string;
  readonly language?: NewUserInput['language'];
}

/** A user made for a test, and what it signs in with. */
export interface TestUser {
  readonly username: string;
  readonly password: string;
  readonly user: UserView;
}

/**
 * A registry for one test: a real database, the in-process HTTP app, a clock that stands still, and fixture
 * factories (`newCompany`, `newWorkplace`, `newUser`, …) so that tests say what they need rather than how to
 * build it.
 */
export class TestRegistry {
  private enterprises = 0;
  private workers = 0;
  private users = 0;

  private constructor(
    readonly db: OpenedDatabase,
    readonly app: FastifyInstance,
    readonly deps: AppDeps,
    readonly clock: TestClock,
    readonly instance: RegistryInstance,
    /** The app's audit trail: `await registry.audit.drain()` before reading what it recorded. */
    readonly audit: AuditTrail,
  ) {}

  /**
   * Opens a fresh registry on the given database, its clock at `now` (a winter morning by default); `app` sets
   * the app's own settings (a short request timeout, say, or the SOAP endpoint's fault injection).
   */
  static async open(
    database: TestDatabase,
    now = '2026-03-10T07:00:00Z',
    app: SlowClientSettings & Pick<HttpDeps, 'soapFaultInjection'> = {},
  ): Promise<TestRegistry> {
    const db = await database.open();
    const clock = new TestClock(now);
    await db.store.maintain(brusselsDate(clock.now()));
    const deps: AppDeps = {
      store: db.store,
      clock,
      random: createCryptoRandom(),
      contactCenter: DEFAULT_CONTACT_CENTER,
      pdf: new PdfkitWriter(),
      relaying: false,
    };
    const instance: RegistryInstance = {
      id: 'test-instance',
      startedAt: clock.now(),
      heartbeatMs: 5_000,
      version: 'test',
    };
    // Tests send many requests with one key in a moment: the rate limit has tests of its own.
    const audit = new AuditTrail(db.store);
    const served = await createRegistryApp({
      ...deps,
      ...app,
      passwords: TEST_PASSWORDS,
      instance,
      audit,
      rateLimitPerMinute: 10_000_000,
    });
    await served.ready();
    return new TestRegistry(db, served, deps, clock, instance, audit);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.db.dispose();
  }

  /** Today in Brussels, by the test clock. */
  today(): CalendarDate {
    return brusselsDate(this.clock.now());
  }

  /** The day `n` days after today. */
  day(n: number): CalendarDate {
    return addDays(this.today(), n);
  }

  /** A new enterprise number, never used before in this registry. */
  newEnterprise(): string {
    this.enterprises += 1;
    return enterpriseNumber(this.enterprises);
  }

  /** A new national number. */
  newNiss(): string {
    this.workers += 1;
    return niss(this.workers);
  }

  /** A caller with a new key of the given role (and enterprise, for companies and providers). */
  async newCaller(role: Role, enterprise?: string): Promise<Caller> {
    const made = await createApiKey(this.deps, { role, enterprise, name: `${role} for tests` });
    if (!made.ok) throw new Error(made.error[0].message);
    return this.callerWith(made.value.key, enterprise ?? '');
  }

  /** A new company and its key. */
  newCompany(): Promise<Caller> {
    return this.newCaller('company', this.newEnterprise());
  }

  /** A new service provider and its key. */
  newProvider(): Promise<Caller> {
    return this.newCaller('provider', this.newEnterprise());
  }

  /**
   * A user who signs in with `TEST_PASSWORD`: `await registry.newUser('company', { enterprise: company })`.
   * Throws, with the registry's reasons, when the user cannot be made.
   */
  async newUser(role: Role, options: UserOptions = {}): Promise<TestUser> {
    this.users += 1;
    const username = options.username ?? `${role}-${this.users}`;
    const { enterprise } = options;
    const made = await createUser(
      { ...this.deps, passwords: TEST_PASSWORDS },
      {
        username,
        displayName: options.displayName ?? username,
        password: TEST_PASSWORD,
        role,
        enterprise: typeof enterprise === 'string' ? enterprise : enterprise?.enterprise,
        language: options.language,
      },
    );
    if (!made.ok) throw new Error(`user ${username} not made: ${made.error.map((e) => e.message).join(' ')}`);
    return { username, password: TEST_PASSWORD, user: made.value };
  }

  /** A caller using any key, valid or not. */
  callerWith(key: string, enterprise = ''): Caller {
    const send = async (
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: string,
      body?: unknown,
    ): Promise<Reply> => {
      const raw = await this.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${key}` },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: raw.statusCode, body: parse(raw.body), raw };
    };
    return {
      key,
      enterprise,
      get: (url) => send('GET', url),
      post: (url, body) => send('POST', url, body),
      put: (url, body) => send('PUT', url, body),
      delete: (url) => send('DELETE', url),
    };
  }

  /** A workplace declared by the company (open from today for 60 days unless said otherwise). */
  async newWorkplace(declarant: Caller, options: WorkplaceOptions = {}): Promise<{ id: string }> {
    const reply = await declarant.post('/api/v1/workplaces', {
      name: 'Résidence Les Tilleuls',
      address: { street: 'Rue de la Loi 16', postalCode: '1000', city: 'Bruxelles' },
      declarant: declarant.enterprise,
      startDate: options.startDate ?? this.today(),
      endDate: options.endDate ?? this.day(60),
      ...options,
    });
    if (reply.status !== 201) throw new Error(`workplace not declared: ${JSON.stringify(reply.body)}`);
    return reply.body.workplace as { id: string };
  }

  /** Adds `contractor` under `parent` in the workplace's chain, as `by`. */
  async addContractor(by: Caller, workplaceId: string, contractor: Caller, parent: Caller): Promise<void> {
    const reply = await by.post(`/api/v1/workplaces/${workplaceId}/contractors`, {
      enterprise: contractor.enterprise,
      parent: parent.enterprise,
    });
    if (reply.status !== 201 && reply.status !== 200)
      throw new Error(`contractor not added: ${JSON.stringify(reply.body)}`);
  }

  /** A presence item for the workplace, today, for a new worker of the employer (fields may be overridden). */
  presenceItem(
    workplaceId: string,
    employer: Caller | string,
    overrides: Record<string, unknown> = {},
  ): Record<string, unknown> {
    return {
      workplaceId,
      registrationDate: this.today(),
      worker: { niss: this.newNiss() },
      employer: typeof employer === 'string' ? employer : employer.enterprise,
      ...overrides,
    };
  }

  /** Registers items as the caller and returns the per-item results (asserting a 200). */

  async register(caller: Caller, ...items: Record<string, unknown>[]): Promise<any[]> {
    const reply = await caller.post('/api/v1/presences', { presences: items });
    if (reply.status !== 200) throw new Error(`registration refused: ${JSON.stringify(reply.body)}`);
    return reply.body.results as unknown[];
  }
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}
