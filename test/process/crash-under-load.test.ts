import { randomInt } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, brusselsDate, type CalendarDate } from '../../src/domain/calendar-date.js';
import { DATABASES, type OpenedDatabase } from '../support/databases.js';
import { call } from '../support/http-client.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import { LONG_RUNS, runs } from '../support/long-runs.js';
import { startThrowawayCluster, type ThrowawayCluster } from '../support/postgres-cluster.js';
import { createKeyWithCli, startServerProcess, type ServerProcess } from '../support/processes.js';

/**
 * Crash durability under load: concurrent senders register (batches of one and of up to 50) and cancel while
 * the server is killed with SIGKILL at a random moment; after each restart, everything it acknowledged is
 * there as acknowledged, and what got no reply is sent again without ever making a second presence.
 *
 * The kill moments come from a seeded random source: `SITEPRESENCE_CRASH_SEED=<seed>` replays the seed named in
 * the tests' titles.
 */
const SEED = Number(process.env['SITEPRESENCE_CRASH_SEED'] ?? randomInt(2 ** 31));
/** How many times the server is killed and restarted on the same database. */
const ROUNDS = runs(3, 25);
/** How many clients send at once. */
const SENDERS = 16;
/** The longest the load goes on after its first acknowledgement before the kill. */
const MAX_KILL_DELAY_MS = 1_500;
/** The share of requests that cancel presences acknowledged before, rather than register new ones. */
const CANCEL_SHARE = 0.15;
/** The days registrations are spread over, from tomorrow: a run across midnight still registers for days ahead. */
const DAYS = 5;
const ENV = { HEARTBEAT_MS: '200' };

/** A presence as the registry returns it (the fields this test reads). */
interface Presence {
  readonly id: string;
  readonly receiptNumber: string;
  readonly clientReference?: string;
  readonly status: 'REGISTERED' | 'CANCELLED';
}

interface ItemResult {
  readonly status: 'REGISTERED' | 'CANCELLED' | 'REJECTED';
  readonly duplicate?: boolean;
  readonly presence?: Presence;
  readonly errors?: readonly { code: string }[];
}

/** A small seeded random source (mulberry32): the same seed, the same draws. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const states = (list: readonly { state?: string; cause?: string }[]) => list.map((r) => r.state ?? r.cause);
const times = (count: number, what: string) => Array.from({ length: count }, () => what);

/**
 * One company registering and cancelling on one workplace while its registry is crashed again and again, with
 * the ledger of what the registry told it: by registration number n (clientReference `crash-<n>`), what was
 * acknowledged, and what was sent without a reply — which may or may not have been done.
 */
class CrashedSenders {
  /** Registrations acknowledged (REGISTERED), with the presence the reply named. */
  readonly registered = new Map<number, Presence>();
  /** Registrations sent without a reply. */
  readonly unknown = new Set<number>();
  /** Cancellations acknowledged (CANCELLED). */
  readonly cancelled = new Set<number>();
  /** Cancellations sent without a reply. */
  readonly cancelUnknown = new Set<number>();
  /** Acknowledged registrations no sender has tried to cancel yet. */
  private readonly cancellable: number[] = [];
  /** Replies that neither acknowledged nor came with the connection's end. */
  readonly refusals: string[] = [];
  /** How many registration numbers were handed out. */
  sent = 0;
  private readonly killMoments: () => number;
  private rounds = 0;
  private workplaceId = '';
  private readonly firstDay: CalendarDate;
  private readonly lastDay: CalendarDate;

  private constructor(
    private readonly key: string,
    private readonly employer: string,
    private readonly seed: number,
  ) {
    this.killMoments = seededRandom(seed);
    this.firstDay = addDays(brusselsDate(new Date()), 1);
    this.lastDay = addDays(this.firstDay, DAYS - 1);
  }

  /** Makes the company's key on the database (with the command) and declares its workplace on the server. */
  static async declare(database: string, url: string, seed: number): Promise<CrashedSenders> {
    const employer = enterpriseNumber(3);
    const key = createKeyWithCli(database, { role: 'company', enterprise: employer, name: 'crash' });
    const senders = new CrashedSenders(key, employer, seed);
    const today = brusselsDate(new Date());
    const declared = await call(`${url}/api/v1/workplaces`, key, 'POST', {
      name: 'Chantier',
      address: { street: 'Rue Haute 1', postalCode: '1000', city: 'Bruxelles' },
      declarant: employer,
      startDate: today,
      endDate: addDays(today, 30),
    });
    expect(declared.status).toBe(201);
    senders.workplaceId = declared.body.workplace.id as string;
    return senders;
  }

  /** The registration number n, as sent every time. */
  private item(n: number) {
    return {
      workplaceId: this.workplaceId,
      registrationDate: addDays(this.firstDay, n % DAYS),
      worker: { niss: niss(n) },
      employer: this.employer,
      clientReference: `crash-${n}`,
    };
  }

  private cancellation(n: number) {
    return { id: this.registered.get(n)?.id ?? '', reason: 'Not on site' };
  }

  /** A request with the company's key. */
  send(url: string, method: string, path: string, body?: unknown) {
    return call(`${url}/api/v1${path}`, this.key, method, body);
  }

  /**
   * Sends with every sender at once until `crash` — called after the first acknowledgement, and a random delay —
   * has made them stop: a sender stops at the first request that gets no acknowledgement.
   */
  async loadUntil(url: string, crash: () => Promise<void>): Promise<void> {
    this.rounds += 1;
    const acknowledged = () => this.registered.size + this.cancelled.size;
    const before = acknowledged();
    let crashed = false;
    let sending = SENDERS;
    const senders = Array.from({ length: SENDERS }, (_, i) =>
      this.sender(url, seededRandom(this.seed + this.rounds * SENDERS + i), () => crashed).finally(() => {
        sending -= 1;
      }),
    );
    while (acknowledged() === before && sending > 0) await pause(2);
    await pause(Math.floor(this.killMoments() * MAX_KILL_DELAY_MS));
    await crash();
    crashed = true;
    await Promise.all(senders);
  }

  /** One client: registers and cancels until a request gets no acknowledgement. */
  private async sender(url: string, draw: () => number, crashed: () => boolean): Promise<void> {
    while (!crashed()) {
      const done =
        draw() < CANCEL_SHARE && this.cancellable.length > 0
          ? await this.cancelSome(url, draw)
          : await this.registerSome(url, draw);
      if (!done) return;
    }
  }

  /** Registers a batch of one or of up to 50 new presences; false when not all were acknowledged. */
  private async registerSome(url: string, draw: () => number): Promise<boolean> {
    const size = draw() < 0.5 ? 1 : 2 + Math.floor(draw() * 49);
    const numbers = Array.from({ length: size }, () => this.sent++);
    for (const n of numbers) this.unknown.add(n);
    let reply;
    try {
      reply = await this.send(url, 'POST', '/presences', { presences: numbers.map((n) => this.item(n)) });
    } catch {
      return false; // no reply: these stay unknown
    }
    const results = (reply.body?.results ?? []) as ItemResult[];
    let done = true;
    numbers.forEach((n, i) => {
      const result = results[i];
      if (result?.status !== 'REGISTERED' || result.presence === undefined || result.duplicate !== false) {
        this.refusals.push(`register crash-${n}: ${reply.status} ${JSON.stringify(result ?? reply.body)}`);
        done = false;
        return;
      }
      this.unknown.delete(n);
      this.registered.set(n, result.presence);
      this.cancellable.push(n);
    });
    return done;
  }

  /** Cancels one to five presences acknowledged before; false when not all were acknowledged. */
  private async cancelSome(url: string, draw: () => number): Promise<boolean> {
    const picked: number[] = [];
    const count = 1 + Math.floor(draw() * 5);
    while (picked.length < count && this.cancellable.length > 0) {
      picked.push(...this.cancellable.splice(Math.floor(draw() * this.cancellable.length), 1));
    }
    for (const n of picked) this.cancelUnknown.add(n);
    let reply;
    try {
      reply = await this.send(url, 'POST', '/presences/cancel', {
        cancellations: picked.map((n) => this.cancellation(n)),
      });
    } catch {
      return false; // no reply: these stay unknown
    }
    const results = (reply.body?.results ?? []) as ItemResult[];
    let done = true;
    picked.forEach((n, i) => {
      if (results[i]?.status !== 'CANCELLED') {
        this.refusals.push(`cancel crash-${n}: ${reply.status} ${JSON.stringify(results[i] ?? reply.body)}`);
        done = false;
        return;
      }
      this.cancelUnknown.delete(n);
      this.cancelled.add(n);
    });
    return done;
  }

  /** Every presence of the workplace on the days of the test, page by page, by clientReference. */
  async stored(url: string): Promise<Map<string, Presence>> {
    const presences: Presence[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.send(
        url,
        'GET',
        `/presences?workplaceId=${this.workplaceId}&from=${this.firstDay}&to=${this.lastDay}&limit=500` +
          (cursor === undefined ? '' : `&cursor=${cursor}`),
      );
      expect(page.status).toBe(200);
      presences.push(...(page.body.presences as Presence[]));
      cursor = page.body.nextCursor as string | undefined;
    } while (cursor !== undefined);
    const byReference = new Map<string, Presence>();
    for (const presence of presences) {
      const reference = presence.clientReference ?? '';
      expect(byReference.has(reference), `two presences for ${reference}`).toBe(false);
      byReference.set(reference, presence);
    }
    return byReference;
  }

  /**
   * After a restart: everything acknowledged is there as acknowledged; what got no reply is sent again and ends
   * done exactly once; a retry of what was acknowledged gives back the same presence; no clientReference has two
   * presences.
   */
  async checkAndRetry(url: string, since: number): Promise<void> {
    const stored = await this.stored(url);
    for (const [n, acknowledged] of this.registered) {
      const found = stored.get(`crash-${n}`);
      expect(found, `acknowledged crash-${n} is missing`).toBeDefined();
      expect(found?.id).toBe(acknowledged.id);
      expect(found?.receiptNumber).toBe(acknowledged.receiptNumber);
      if (this.cancelled.has(n)) expect(found?.status, `crash-${n} was cancelled`).toBe('CANCELLED');
      else if (!this.cancelUnknown.has(n)) expect(found?.status, `crash-${n}`).toBe('REGISTERED');
    }
    // A few read one by one too: the lookup by id finds what the search finds.
    for (const [, acknowledged] of [...this.registered].slice(-20)) {
      const read = await this.send(url, 'GET', `/presences/${acknowledged.id}`);
      expect(read.status).toBe(200);
      expect(read.body.receiptNumber).toBe(acknowledged.receiptNumber);
    }

    // The registrations without a reply, sent again: the one stored is given back, or it is made now.
    await this.inBatches(
      url,
      [...this.unknown],
      '/presences',
      (n) => this.item(n),
      (n, result) => {
        const before = stored.get(`crash-${n}`);
        expect(result.status, JSON.stringify(result)).toBe('REGISTERED');
        expect(result.duplicate, `crash-${n}`).toBe(before !== undefined);
        if (before !== undefined) expect(result.presence?.id).toBe(before.id);
        if (result.presence !== undefined) this.registered.set(n, result.presence);
        this.unknown.delete(n);
        this.cancellable.push(n);
      },
    );
    // The cancellations without a reply, sent again: each was done, or is done now.
    await this.inBatches(
      url,
      [...this.cancelUnknown],
      '/presences/cancel',
      (n) => this.cancellation(n),
      (n, result) => {
        if (stored.get(`crash-${n}`)?.status === 'CANCELLED')
          expect(result.errors?.map((e) => e.code)).toEqual(['ALREADY_CANCELLED']);
        else expect(result.status, JSON.stringify(result)).toBe('CANCELLED');
        this.cancelUnknown.delete(n);
        this.cancelled.add(n);
      },
    );
    // What was acknowledged since the last check, sent again: the same presence, never a second one.
    const recent = [...this.registered.keys()].filter((n) => n >= since);
    await this.inBatches(
      url,
      recent,
      '/presences',
      (n) => this.item(n),
      (n, result) => {
        expect(result).toMatchObject({ status: 'REGISTERED', duplicate: true });
        expect(result.presence?.id).toBe(this.registered.get(n)?.id);
        expect(result.presence?.receiptNumber).toBe(this.registered.get(n)?.receiptNumber);
      },
    );

    // One presence per registration ever sent; cancelled exactly those whose cancellation was acknowledged.
    const after = [...(await this.stored(url)).values()];
    expect(after).toHaveLength(this.sent);
    expect(this.registered.size).toBe(this.sent);
    expect(after.filter((p) => p.status === 'CANCELLED')).toHaveLength(this.cancelled.size);
  }

  /** Sends `numbers` to `path` 200 at a time (the most a request takes) and hands each item's result over. */
  private async inBatches(
    url: string,
    numbers: readonly number[],
    path: '/presences' | '/presences/cancel',
    entry: (n: number) => unknown,
    check: (n: number, result: ItemResult) => void,
  ): Promise<void> {
    for (let i = 0; i < numbers.length; i += 200) {
      const batch = numbers.slice(i, i + 200);
      const body =
        path === '/presences' ? { presences: batch.map(entry) } : { cancellations: batch.map(entry) };
      const reply = await this.send(url, 'POST', path, body);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      (reply.body.results as ItemResult[]).forEach((result, j) => {
        check(batch[j] ?? -1, result);
      });
    }
  }
}

for (const db of DATABASES)
  describe.skipIf(!db.available)(
    `a registry server killed with SIGKILL at random moments under load (${db.name}, SITEPRESENCE_CRASH_SEED=${SEED})`,
    () => {
      let opened: OpenedDatabase;
      let database: string;
      let senders: CrashedSenders | undefined;
      const servers: ServerProcess[] = [];
      beforeAll(async () => {
        opened = await db.open();
        database = opened.location;
        await opened.store.close();
      });
      afterAll(async () => {
        for (const server of servers) await server.kill('SIGKILL');
        await opened.dispose();
      });
      const start = async (): Promise<ServerProcess> => {
        const server = await startServerProcess(database, ENV);
        servers.push(server);
        return server;
      };

      it(
        `keeps every registration and cancellation it acknowledged through ${ROUNDS} kills, and a retry of the others never registers twice`,
        async () => {
          let server = await start();
          const company = await CrashedSenders.declare(database, server.url, SEED);
          senders = company;
          for (let round = 1; round <= ROUNDS; round += 1) {
            const since = company.sent;
            const killed = server;
            await company.loadUntil(killed.url, () => killed.kill('SIGKILL'));
            expect(company.refusals, `round ${round}`).toEqual([]);
            server = await start();
            await company.checkAndRetry(server.url, since);
          }
          expect(company.cancelled.size).toBeGreaterThan(0);
        },
        runs(120_000, 1_800_000),
      );

      it('records each kill as a crash in its availability journal, and a clean stop as a stop', async () => {
        const running = servers.at(-1);
        if (senders === undefined || running === undefined) throw new Error('no registry was crashed');
        const history = await senders.send(running.url, 'GET', '/status/history');
        expect(states(history.body.runs)).toEqual([...times(ROUNDS, 'CRASHED'), 'RUNNING']);
        await running.kill('SIGTERM');
        const next = await start();
        const after = await senders.send(next.url, 'GET', '/status/history');
        expect(states(after.body.runs)).toEqual([...times(ROUNDS, 'CRASHED'), 'STOPPED', 'RUNNING']);
        expect(states(after.body.outages)).toEqual([...times(ROUNDS, 'CRASHED'), 'STOPPED']);
        await next.kill('SIGTERM');
      });

      it('leaves a sound database: one presence, one receipt and one reference binding per registration sent', async () => {
        if (senders === undefined) throw new Error('no registry was crashed');
        expect(await storedCounts(database)).toEqual(expectedCounts(senders));
      });
    },
  );

/**
 * Load on a registry whose database fails under it at a random moment (`fail`) and comes back (`recover`): the
 * registry goes on serving, keeps everything it acknowledged, and the retries register nothing twice.
 */
async function throughDatabaseFailure(
  database: string,
  fail: () => Promise<void>,
  recover: () => Promise<void>,
): Promise<void> {
  const server = await startServerProcess(database, ENV);
  try {
    const company = await CrashedSenders.declare(database, server.url, SEED);
    await company.loadUntil(server.url, fail);
    await recover();
    for (let tries = 0; ; tries += 1) {
      const status = await fetch(`${server.url}/api/v1/status`).catch(() => undefined);
      if (status?.status === 200) break;
      expect(server.child.exitCode, `the registry ended:\n${server.stderr()}`).toBeNull();
      expect(tries, 'the registry answers again once its database is back').toBeLessThan(600);
      await pause(50);
    }
    await company.checkAndRetry(server.url, 0);
    await server.kill('SIGTERM');
    expect(await storedCounts(database)).toEqual(expectedCounts(company));
  } finally {
    await server.kill('SIGKILL');
  }
}

const postgres = DATABASES.find((db) => db.name === 'postgres');

describe.skipIf(postgres?.available !== true)(
  `a registry server whose PostgreSQL connections are cut at a random moment under load (SITEPRESENCE_CRASH_SEED=${SEED})`,
  () => {
    let opened: OpenedDatabase | undefined;
    afterAll(async () => {
      await opened?.dispose();
    });

    it('goes on serving, keeps everything it acknowledged, and a retry of the rest never registers twice', async () => {
      if (postgres === undefined) throw new Error('no PostgreSQL');
      opened = await postgres.open();
      await opened.store.close();
      const database = opened.location;
      const name = new URL(database).pathname.slice(1);
      const cut = async (): Promise<void> => {
        // Every connection of the registry ends at once, in the middle of whatever it was doing.
        const admin = new pg.Client({ connectionString: database });
        await admin.connect();
        try {
          await admin.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
            [name],
          );
        } finally {
          await admin.end();
        }
      };
      await throughDatabaseFailure(database, cut, () => Promise.resolve());
    }, 120_000);
  },
);

describe.skipIf(!LONG_RUNS || postgres?.available !== true)(
  `a registry whose PostgreSQL server is killed at a random moment under load (SITEPRESENCE_CRASH_SEED=${SEED})`,
  () => {
    let cluster: ThrowawayCluster | undefined;
    afterAll(() => {
      cluster?.stop();
    });

    it('goes on serving once it is back, keeps everything it acknowledged, and a retry of the rest never registers twice', async () => {
      const own = await startThrowawayCluster();
      cluster = own;
      await throughDatabaseFailure(
        own.url,
        () => {
          own.crash(); // pg_ctl stop -m immediate: no checkpoint, recovery from the write-ahead log on start
          return Promise.resolve();
        },
        () => {
          own.restart();
          return Promise.resolve();
        },
      );
    }, 300_000);
  },
);

/** What the database holds, read straight from it once the server has stopped. */
interface StoredCounts {
  /** SQLite's `integrity_check` ('ok' when sound); PostgreSQL keeps its own. */
  readonly integrity: string;
  readonly presences: number;
  readonly registered: number;
  /** Bindings of a sender's clientReference to its presence. */
  readonly references: number;
  /** Distinct receipt numbers (PostgreSQL: rows of presence_keys, which keeps them unique across days). */
  readonly receipts: number;
  /** clientReferences held by more than one presence. */
  readonly doubled: number;
}

function expectedCounts(senders: CrashedSenders): StoredCounts {
  return {
    integrity: 'ok',
    presences: senders.sent,
    registered: senders.sent - senders.cancelled.size,
    references: senders.sent,
    receipts: senders.sent,
    doubled: 0,
  };
}

const DOUBLED = `SELECT count(*) AS n FROM (SELECT 1 FROM presences WHERE client_reference IS NOT NULL
                 GROUP BY sender_role, sender_id, client_reference HAVING count(*) > 1) d`;

async function storedCounts(database: string): Promise<StoredCounts> {
  if (!database.startsWith('postgres')) {
    const sqlite = new Database(database);
    try {
      const count = (sql: string): number => sqlite.prepare<[], number>(sql).pluck().get() ?? -1;
      return {
        integrity: String(sqlite.pragma('integrity_check', { simple: true })),
        presences: count('SELECT count(*) FROM presences'),
        registered: count("SELECT count(*) FROM presences WHERE status = 'REGISTERED'"),
        references: count('SELECT count(*) FROM client_references'),
        receipts: count('SELECT count(DISTINCT receipt_number) FROM presences'),
        doubled: count(DOUBLED),
      };
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    const count = async (sql: string): Promise<number> =>
      Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? -1);
    return {
      integrity: 'ok',
      presences: await count('SELECT count(*) AS n FROM presences'),
      registered: await count("SELECT count(*) AS n FROM presences WHERE status = 'REGISTERED'"),
      references: await count('SELECT count(*) AS n FROM client_references'),
      receipts: await count('SELECT count(*) AS n FROM presence_keys'),
      doubled: await count(DOUBLED),
    };
  } finally {
    await client.end();
  }
}
