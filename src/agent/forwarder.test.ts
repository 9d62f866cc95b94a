import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainError } from '../domain/errors.js';
import type { ReceiptNumber } from '../domain/receipt-number.js';
import { createCryptoRandom } from '../system/crypto-random.js';
import { captureAtGate } from './capture.js';
import { classifyResponse, type ClassifiedFailure, type ProbeResult } from './failure.js';
import { Forwarder, type ForwarderOptions } from './forwarder.js';
import type { ItemReply, RegisterReply, RegistryClient, RegistryItem } from './registry-client.js';
import type { RegistryStatus } from './registry-status.js';
import { openSqliteJournal, type SqliteJournal } from './sqlite/sqlite-journal.js';

const settings = { workplaceId: 'DEMO0001', employer: '0403019261' } as never;
const NISS = ['85073003328', '17073003384', '97440936363'];

/** A registry that answers as a test tells it to, and remembers what it was sent. */
class ScriptedRegistry implements RegistryClient {
  readonly batches: RegistryItem[][] = [];
  next: (items: readonly RegistryItem[]) => RegisterReply = (items) => ({
    kind: 'RESULTS',
    results: items.map((item, i) => registered(item, i)),
  });

  register(items: readonly RegistryItem[]): Promise<RegisterReply> {
    this.batches.push([...items]);
    return Promise.resolve(this.next(items));
  }
}

/** The registry's status as a test sets it: whether it answers, how long each answer takes, what was asked. */
class ScriptedStatus implements RegistryStatus {
  answering = false;
  answerMs = 0;
  asked = 0;
  mostInFlight = 0;
  private inFlight = 0;

  async answers(signal: AbortSignal): Promise<boolean> {
    this.asked += 1;
    this.inFlight += 1;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    try {
      if (this.answerMs > 0 && !signal.aborted) await pause(this.answerMs);
      return this.answering;
    } finally {
      this.inFlight -= 1;
    }
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done` says so, looking every 5 ms, for `deadlineMs` at most; says whether it did. */
async function until(done: () => boolean | Promise<boolean>, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (!(await done())) {
    if (Date.now() > deadline) return false;
    await pause(5);
  }
  return true;
}

function registered(item: RegistryItem, i: number, duplicate = false): ItemReply {
  return {
    status: 'REGISTERED',
    duplicate,
    presence: { id: `p-${item.clientReference}`, receiptNumber: `R${i}` as ReceiptNumber },
  };
}

/** A failure to reach the registry, retried soon (or slowly), as the classifier makes them. */
const failure = (
  cls: ClassifiedFailure['class'],
  retryAfterMs?: number,
  pace: 'SOON' | 'SLOW' = 'SOON',
): RegisterReply => ({
  kind: 'FAILED',
  failure: {
    class: cls,
    detail: `${cls} in a test`,
    retryable: true,
    pace,
    side: 'UNKNOWN',
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  },
});

/** The registry's answer with an HTTP status, classified as the client does, with the errors of its body. */
const answered = (status: number, errors?: DomainError[]): RegisterReply => {
  const classified = classifyResponse(status, '', new Headers(), new Date(0));
  if (classified === undefined) throw new Error(`${status} is no failure`);
  return { kind: 'FAILED', failure: classified, ...(errors === undefined ? {} : { errors }) };
};

/** A registry that refuses, as a whole, any batch holding one of `bad` (its clientReferences). */
const refusingBatchesWith =
  (bad: ReadonlySet<string>, errors: DomainError[]) =>
  (items: readonly RegistryItem[]): RegisterReply =>
    items.some((item) => bad.has(item.clientReference))
      ? answered(400, errors)
      : { kind: 'RESULTS', results: items.map((item, i) => registered(item, i)) };

describe('Forwarder', () => {
  let journal: SqliteJournal;
  let registry: ScriptedRegistry;
  let status: ScriptedStatus;
  let probe: ProbeResult;
  let now: Date;
  const random = createCryptoRandom();

  beforeEach(() => {
    journal = openSqliteJournal(':memory:');
    registry = new ScriptedRegistry();
    status = new ScriptedStatus();
    probe = 'REACHABLE';
    now = new Date('2026-11-27T06:30:00Z');
  });
  afterEach(async () => {
    await journal.close();
  });

  const forwarder = (options: Partial<ForwarderOptions> = {}, random = () => 0.5) =>
    new Forwarder(
      {
        journal,
        attemptLog: journal,
        registry,
        status,
        prober: { probe: () => Promise.resolve(probe) },
        clock: { now: () => new Date(now) },
        random,
      },
      { batchSize: 2, minBackoffMs: 1000, maxBackoffMs: 8000, idleMs: 10, ...options },
    );
  /** Rounds until the forwarder finds nothing more to send (at most `limit`), with what each did. */
  const drain = async (f: Forwarder, limit = 50) => {
    const outcomes: Awaited<ReturnType<Forwarder['round']>>[] = [];
    for (let i = 0; i < limit; i += 1) {
      const outcome = await f.round();
      if (outcome.kind === 'IDLE') return outcomes;
      outcomes.push(outcome);
    }
    throw new Error(`still sending after ${limit} rounds`);
  };
  /** Journals a capture of each NISS given, and returns their clientReferences in order. */
  const captureAll = async (all: readonly string[]) => {
    const references: string[] = [];
    for (const niss of all) {
      const captured = await capture(niss);
      if (!captured.ok) throw new Error('fixture');
      references.push(captured.value.clientReference);
    }
    return references;
  };
  const states = async () => (await journal.captures({}, 100)).map((c) => c.state);
  const capture = async (raw: string, at = now) =>
    captureAtGate({ journal, roster: journal, clock: { now: () => at }, random }, settings, {
      raw,
      source: 'CHECKIN',
    });

  it('sends the pending captures of the day in batches, with their own clientReference and their day', async () => {
    for (const n of NISS) await capture(n);
    const f = forwarder();
    expect(await f.round()).toEqual({ kind: 'SENT', sent: 2, rejected: 0, held: 0, kept: 0 });
    expect(await f.round()).toEqual({ kind: 'SENT', sent: 1, rejected: 0, held: 0, kept: 0 });
    expect(await f.round()).toEqual({ kind: 'IDLE' });
    const sent = registry.batches.flat();
    expect(sent.map((i) => i.registrationDate)).toEqual(['2026-11-27', '2026-11-27', '2026-11-27']);
    expect(new Set(sent.map((i) => i.clientReference)).size).toBe(3);
    const journaled = await journal.captures({}, 10);
    expect(journaled.map((c) => c.state)).toEqual(['SENT', 'SENT', 'SENT']);
    expect(journaled[0]).toMatchObject({
      receiptNumber: 'R0',
      presenceId: `p-${journaled[0]?.clientReference}`,
    });
  });

  it('shows a refusal for bad data with its reason and never sends it again', async () => {
    await capture(NISS[0] ?? '');
    const errors: DomainError[] = [
      { code: 'EMPLOYER_NOT_IN_CHAIN', message: 'not in chain', field: 'employer' },
    ];
    registry.next = () => ({ kind: 'RESULTS', results: [{ status: 'REJECTED', errors }] });
    expect(await forwarder().round()).toMatchObject({ kind: 'SENT', rejected: 1 });
    expect(await forwarder().round()).toEqual({ kind: 'IDLE' });
    expect((await journal.captures({ state: 'REJECTED' }, 10))[0]?.rejection).toEqual(errors);
  });

  it('keeps the capture time: a capture of yesterday is sent for yesterday, and held when the registry refuses the past day', async () => {
    await capture(NISS[0] ?? '', new Date('2026-11-26T15:00:00Z'));
    await capture(NISS[1] ?? '');
    registry.next = (items) => ({
      kind: 'RESULTS',
      results: items.map((item, i) =>
        item.registrationDate < '2026-11-27'
          ? { status: 'REJECTED', errors: [{ code: 'DATE_IN_PAST', message: 'past' }] }
          : registered(item, i),
      ),
    });
    expect(await forwarder().round()).toMatchObject({ kind: 'SENT', sent: 1, held: 1 });
    expect(registry.batches.flat().map((i) => i.registrationDate)).toEqual(['2026-11-26', '2026-11-27']);
    expect((await journal.captures({ state: 'HELD' }, 10)).map((c) => c.day)).toEqual(['2026-11-26']);
  });

  it('takes the receipt of a capture registered just before midnight whose reply was lost', async () => {
    await capture(NISS[0] ?? '', new Date('2026-11-26T22:59:59Z'));
    registry.next = (items) => ({
      kind: 'RESULTS',
      results: items.map((item, i) => registered(item, i, true)),
    });
    expect(await forwarder().round()).toMatchObject({ kind: 'SENT', sent: 1 });
    expect((await journal.captures({}, 10))[0]).toMatchObject({
      state: 'SENT',
      duplicate: true,
      day: '2026-11-26',
    });
  });

  it('holds what the registry refuses as a day already past (its midnight came first)', async () => {
    await capture(NISS[0] ?? '');
    registry.next = () => ({
      kind: 'RESULTS',
      results: [{ status: 'REJECTED', errors: [{ code: 'DATE_IN_PAST', message: 'past' }] }],
    });
    expect(await forwarder().round()).toMatchObject({ held: 1 });
  });

  it('records each failed attempt with its class and what the probe said, and backs off with jitter', async () => {
    await capture(NISS[0] ?? '');
    registry.next = () => failure('CONNECTION_REFUSED');
    probe = 'UNREACHABLE';
    const f = forwarder();
    const waits: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const outcome = await f.round();
      if (outcome.kind === 'FAILED') waits.push(outcome.waitMs);
    }
    // Half the step plus a random half (0.5 here): 750, 1500, 3000, 6000, then capped at 8000 → 6000.
    expect(waits).toEqual([750, 1500, 3000, 6000, 6000]);
    const attempts = await journal.attempts('2000-01-01', '2100-01-01', 10);
    expect(attempts).toHaveLength(5);
    expect(attempts[0]).toMatchObject({
      outcome: 'FAILED',
      failureClass: 'CONNECTION_REFUSED',
      probe: 'UNREACHABLE',
    });
    expect((await journal.summary()).counts.PENDING).toBe(1);
  });

  it('waits what the registry asks for in Retry-After, plus up to a tenth more so that agents do not all come back at once', async () => {
    await capture(NISS[0] ?? '');
    registry.next = () => failure('REGISTRY_MAINTENANCE', 30_000);
    expect(await forwarder({}, () => 0).round()).toEqual({
      kind: 'FAILED',
      waitMs: 30_000,
      endsWhenAnswering: false,
    });
    expect(await forwarder({}, () => 0.5).round()).toEqual({
      kind: 'FAILED',
      waitMs: 31_500,
      endsWhenAnswering: false,
    });
    const most = await forwarder({}, () => 0.999_999).round();
    expect(most.kind === 'FAILED' && most.waitMs).toBeGreaterThan(32_999);
    expect(most.kind === 'FAILED' && most.waitMs).toBeLessThan(33_000);
  });

  it('spreads a short Retry-After over a second at least', async () => {
    await capture(NISS[0] ?? '');
    registry.next = () => failure('RATE_LIMITED', 2_000);
    expect(await forwarder({ minBackoffMs: 10 }, () => 0.5).round()).toEqual({
      kind: 'FAILED',
      waitMs: 2_500,
      endsWhenAnswering: false,
    });
  });

  it('waits the longest backoff at once after a failure a person must most likely act on (the key refused, TLS)', async () => {
    await capture(NISS[0] ?? '');
    for (const reply of [answered(401), answered(403), failure('TLS', undefined, 'SLOW')]) {
      registry.next = () => reply;
      // Half the longest step (8000) plus a random half (0.5 here), from the first failure on.
      expect(await forwarder().round()).toEqual({ kind: 'FAILED', waitMs: 6000, endsWhenAnswering: false });
    }
    registry.next = () => failure('CONNECTION_REFUSED');
    expect(await forwarder().round()).toEqual({ kind: 'FAILED', waitMs: 750, endsWhenAnswering: true });
  });

  it('sends a batch again after a lost reply: the registry answers duplicate, and the journal keeps one receipt', async () => {
    await capture(NISS[0] ?? '');
    registry.next = () => failure('TIMEOUT');
    await forwarder().round();
    registry.next = (items) => ({
      kind: 'RESULTS',
      results: items.map((item, i) => registered(item, i, true)),
    });
    await forwarder().round();
    const [first, second] = registry.batches;
    expect(first?.[0]?.clientReference).toBe(second?.[0]?.clientReference);
    expect((await journal.captures({}, 10))[0]).toMatchObject({ state: 'SENT', duplicate: true });
  });

  it('journals an unknown badge with its raw value and never sends it', async () => {
    const unknown = await capture('&é"\'(§è!');
    expect(unknown).toMatchObject({ ok: true, value: { state: 'UNRESOLVED', raw: '12345678' } });
    expect(await forwarder().round()).toEqual({ kind: 'IDLE' });
  });

  it('takes a card the roster knows as a badge, even when its number is also a valid NISS', async () => {
    const worker = { niss: NISS[1] } as never;
    await journal.replaceRoster([
      { worker, lastName: 'Claes', firstName: 'Piet', badge: (NISS[0] ?? '') as never },
    ]);
    const captured = await capture(NISS[0] ?? '');
    expect(captured).toMatchObject({ ok: true, value: { worker: { niss: NISS[1] }, raw: NISS[0] } });
  });

  describe('when the registry refuses a batch as a whole', () => {
    const NISS_OF_EIGHT = [
      '85073003328',
      '17073003384',
      '97440936363',
      '90010112395',
      '80020229380',
      '70030310436',
      '60040421778',
      '75050519405',
    ];
    const badFormat: DomainError[] = [
      { code: 'FIELD_FORMAT', message: 'Not a NISS.', field: 'presences[0].worker.niss' },
    ];

    it('finds the capture it refuses by halving the batch, rejects it with its reason, and registers the others', async () => {
      const references = await captureAll(NISS_OF_EIGHT.slice(0, 4));
      const bad = references[2] ?? '';
      registry.next = refusingBatchesWith(new Set([bad]), badFormat);
      const outcomes = await drain(forwarder({ batchSize: 4 }));
      expect(registry.batches.map((b) => b.length)).toEqual([4, 2, 2, 1, 1]);
      expect(outcomes.map((o) => o.kind)).toEqual(['SPLIT', 'SENT', 'SPLIT', 'SENT', 'SENT']);
      expect(outcomes[3]).toEqual({ kind: 'SENT', sent: 0, rejected: 1, held: 0, kept: 0 });
      const journaled = await journal.captures({}, 10);
      expect(journaled.map((c) => c.state)).toEqual(['SENT', 'SENT', 'REJECTED', 'SENT']);
      expect(journaled[2]?.rejection).toEqual(badFormat);
      const attempts = await journal.attempts('2000-01-01', '2100-01-01', 10);
      expect(attempts.filter((a) => a.failureClass === 'REQUEST_REFUSED')).toHaveLength(3);
      expect(attempts.find((a) => a.failureClass === 'REQUEST_REFUSED')).toMatchObject({
        outcome: 'FAILED',
        location: 'AGENT',
        captures: 4,
      });
    });

    it('never sends the capture it rejected again, and every other capture only until it has its receipt', async () => {
      const references = await captureAll(NISS_OF_EIGHT);
      const bad = new Set([references[1] ?? '', references[6] ?? '']);
      registry.next = refusingBatchesWith(bad, badFormat);
      await drain(forwarder({ batchSize: 8 }));
      expect(await states()).toEqual([
        'SENT',
        'REJECTED',
        'SENT',
        'SENT',
        'SENT',
        'SENT',
        'REJECTED',
        'SENT',
      ]);
      const registeredOnce = registry.batches.filter(
        (b) => b.length > 0 && !b.some((i) => bad.has(i.clientReference)),
      );
      const sent = registeredOnce.flat().map((i) => i.clientReference);
      expect(new Set(sent).size).toBe(sent.length);
      expect(sent).toHaveLength(6);
      expect(await forwarder({ batchSize: 8 }).round()).toEqual({ kind: 'IDLE' });
    });

    it('holds a capture refused alone as a day already past', async () => {
      const [reference] = await captureAll([NISS[0] ?? '']);
      registry.next = refusingBatchesWith(new Set([reference ?? '']), [
        { code: 'DATE_IN_PAST', message: 'past', field: 'presences[0].registrationDate' },
      ]);
      expect(await forwarder().round()).toMatchObject({ kind: 'SENT', held: 1 });
      expect(await states()).toEqual(['HELD']);
    });

    it('sends smaller batches after a 413, holds the smaller size a while, then grows back', async () => {
      await captureAll(NISS_OF_EIGHT);
      registry.next = (items) =>
        items.length > 2
          ? answered(413, [{ code: 'BODY_TOO_LARGE', message: 'The request is too large.' }])
          : { kind: 'RESULTS', results: items.map((item, i) => registered(item, i)) };
      const f = forwarder({ batchSize: 4, shrinkHoldMs: 60_000 });
      await drain(f);
      expect(registry.batches.map((b) => b.length)).toEqual([4, 2, 2, 2, 2]);
      expect(await states()).toEqual(Array(8).fill('SENT'));

      registry.batches.length = 0;
      registry.next = (items) => ({ kind: 'RESULTS', results: items.map((item, i) => registered(item, i)) });
      await captureAll(NISS_OF_EIGHT.slice(0, 4));
      await drain(f);
      expect(registry.batches.map((b) => b.length)).toEqual([2, 2]); // still within the hold
      now = new Date(now.getTime() + 60_000);
      registry.batches.length = 0;
      await captureAll(NISS_OF_EIGHT.slice(4));
      await drain(f);
      expect(registry.batches.map((b) => b.length)).toEqual([4]);
    });

    it("halves a batch a proxy finds too large even without the registry's reason, but rejects no capture for it", async () => {
      await captureAll(NISS_OF_EIGHT.slice(0, 2));
      registry.next = () => answered(413);
      const f = forwarder({ batchSize: 2 });
      expect(await f.round()).toEqual({ kind: 'SPLIT', captures: 2 });
      const alone = await f.round();
      expect(alone).toEqual({ kind: 'FAILED', waitMs: 6000, endsWhenAnswering: false }); // refused as it is: retried slowly
      expect(await states()).toEqual(['PENDING', 'PENDING']);
      expect(registry.batches.map((b) => b.length)).toEqual([2, 1]);
    });

    it.each<[string, RegisterReply]>([
      ['a route not found (a wrong address)', answered(404, [{ code: 'NOT_FOUND', message: 'No route.' }])],
      ["a refusal without the registry's body (a proxy's page)", answered(400)],
      ['a code this agent does not know', answered(400, [{ code: 'NEWER_CODE' as never, message: '?' }])],
      ["the agent's JSON as malformed", answered(400, [{ code: 'BODY_MALFORMED', message: 'Not JSON.' }])],
      [
        'a field the agent always sends, said to be missing (the agent and the registry disagree on the API)',
        answered(400, [
          { code: 'FIELD_REQUIRED', message: 'Required.', field: 'presences[0].clientReference' },
        ]),
      ],
      [
        'a field of the request rather than of an item',
        answered(400, [{ code: 'FIELD_VALUE', message: 'Unknown channel.', field: 'channel' }]),
      ],
    ])(
      'rejects nothing for %s: the batch stays pending, sent again after the longest backoff',
      async (_, reply) => {
        await captureAll(NISS.slice(0, 2));
        registry.next = () => reply;
        expect(await forwarder().round()).toEqual({ kind: 'FAILED', waitMs: 6000, endsWhenAnswering: false });
        expect(registry.batches.map((b) => b.length)).toEqual([2]);
        expect(await states()).toEqual(['PENDING', 'PENDING']);
        expect((await journal.summary()).lastFailure).toMatchObject({ failureClass: 'REQUEST_REFUSED' });
      },
    );

    it('sends a part again after a failure on the way, before reading on', async () => {
      const references = await captureAll(NISS_OF_EIGHT.slice(0, 4));
      const f = forwarder({ batchSize: 4 });
      registry.next = refusingBatchesWith(new Set([references[3] ?? '']), badFormat);
      expect(await f.round()).toMatchObject({ kind: 'SPLIT' });
      registry.next = () => failure('TIMEOUT');
      expect(await f.round()).toMatchObject({ kind: 'FAILED' });
      registry.next = refusingBatchesWith(new Set([references[3] ?? '']), badFormat);
      await drain(f);
      expect(registry.batches.map((b) => b.map((i) => references.indexOf(i.clientReference)))).toEqual([
        [0, 1, 2, 3],
        [0, 1],
        [0, 1],
        [2, 3],
        [2],
        [3],
      ]);
      expect(await states()).toEqual(['SENT', 'SENT', 'SENT', 'REJECTED']);
    });

    it('runs on past a bad capture, registering every other one', async () => {
      const references = await captureAll(NISS_OF_EIGHT);
      registry.next = refusingBatchesWith(new Set([references[5] ?? '']), badFormat);
      const stop = new AbortController();
      const running = forwarder({ batchSize: 3 }).run(stop.signal);
      for (let i = 0; i < 200 && (await journal.summary()).counts.PENDING > 0; i += 1)
        await new Promise((r) => setTimeout(r, 5));
      stop.abort();
      await running;
      expect(await states()).toEqual(['SENT', 'SENT', 'SENT', 'SENT', 'SENT', 'REJECTED', 'SENT', 'SENT']);
    });
  });

  describe('when the registry answers for some items only, or with its own trouble', () => {
    it("keeps pending a capture without a result or refused for the registry's own trouble, and sends it again", async () => {
      await captureAll([...NISS, '90010112395']);
      registry.next = (items) => ({
        kind: 'RESULTS',
        results: [
          registered(items[0] as RegistryItem, 0),
          undefined,
          { status: 'REJECTED', errors: [{ code: 'INTERNAL', message: 'Not processed.' }] },
          { status: 'REJECTED', errors: [{ code: 'STORE_UNAVAILABLE', message: 'Try again.' }] },
        ],
      });
      const f = forwarder({ batchSize: 4 });
      expect(await f.round()).toEqual({ kind: 'SENT', sent: 1, rejected: 0, held: 0, kept: 3 });
      expect(await states()).toEqual(['SENT', 'PENDING', 'PENDING', 'PENDING']);
      registry.next = (items) => ({ kind: 'RESULTS', results: items.map((item, i) => registered(item, i)) });
      expect(await f.round()).toEqual({ kind: 'SENT', sent: 3, rejected: 0, held: 0, kept: 0 });
      expect(registry.batches[1]).toEqual(registry.batches[0]?.slice(1));
    });

    it.each(['UNAVAILABLE', 'AUTHENTICATION_REQUIRED', 'TOO_MANY_ITEMS', 'REQUEST_INVALID', 'FIELD_UNKNOWN'])(
      'takes an item refused with %s for no refusal of its data: it stays pending',
      async (code) => {
        await capture(NISS[0] ?? '');
        registry.next = () => ({
          kind: 'RESULTS',
          results: [{ status: 'REJECTED', errors: [{ code: code as never, message: '?' }] }],
        });
        expect(await forwarder().round()).toMatchObject({ kind: 'SENT', rejected: 0, kept: 1 });
        expect(await states()).toEqual(['PENDING']);
      },
    );

    it('waits a backoff before sending again what the registry left pending, rather than at once', async () => {
      await capture(NISS[0] ?? '');
      registry.next = () => ({
        kind: 'RESULTS',
        results: [{ status: 'REJECTED', errors: [{ code: 'INTERNAL', message: 'Not processed.' }] }],
      });
      const stop = new AbortController();
      const running = forwarder({ minBackoffMs: 60_000, maxBackoffMs: 60_000 }).run(stop.signal);
      await new Promise((r) => setTimeout(r, 200));
      stop.abort();
      await running;
      expect(registry.batches).toHaveLength(1);
      expect(await states()).toEqual(['PENDING']);
    });
  });

  describe('after an outage', () => {
    /** Runs a forwarder with `options` until `done` (or `deadlineMs`), then stops it; says whether it was done. */
    const runUntil = async (
      options: Partial<ForwarderOptions>,
      done: () => boolean | Promise<boolean>,
      deadlineMs: number,
    ) => {
      const stop = new AbortController();
      const running = forwarder(options).run(stop.signal);
      const reached = await until(done, deadlineMs);
      stop.abort();
      await running;
      return reached;
    };
    const LONG = { minBackoffMs: 60_000, maxBackoffMs: 60_000, statusCheckMs: 20 };

    it('sends again as soon as the registry answers again, long before its backoff would end', async () => {
      await capture(NISS[0] ?? '');
      registry.next = () => failure('CONNECTION_REFUSED');
      const stop = new AbortController();
      const running = forwarder(LONG).run(stop.signal);
      expect(await until(() => registry.batches.length === 1, 5_000)).toBe(true);
      // Away a while: asked about every 20 ms, it does not answer, and nothing is sent again.
      expect(await until(() => status.asked >= 3, 5_000)).toBe(true);
      expect(registry.batches).toHaveLength(1);
      registry.next = (items) => ({ kind: 'RESULTS', results: items.map((item, i) => registered(item, i)) });
      status.answering = true;
      // Its backoff is 30 to 60 s: sent within a few seconds, it was the answer that ended the wait.
      const sent = await until(async () => (await journal.summary()).counts.SENT === 1, 5_000);
      stop.abort();
      await running;
      expect(sent).toBe(true);
      expect(registry.batches).toHaveLength(2);
    });

    it.each<[string, RegisterReply]>([
      ['its key refused', answered(401)],
      ['TLS', failure('TLS', undefined, 'SLOW')],
      ['a bad reply', failure('BAD_REPLY', undefined, 'SLOW')],
      ['an error of its own (it answered already)', answered(500)],
      ['a wait it asked for (Retry-After)', failure('RATE_LIMITED', 30_000)],
    ])('keeps the whole wait after %s, though the registry answers', async (_, reply) => {
      await capture(NISS[0] ?? '');
      registry.next = () => reply;
      status.answering = true;
      expect(await runUntil(LONG, () => registry.batches.length > 1, 300)).toBe(false);
      expect(registry.batches).toHaveLength(1);
      expect(status.asked).toBe(0);
    });

    it('asks one question at a time: the next only once the last has its answer', async () => {
      await capture(NISS[0] ?? '');
      registry.next = () => failure('TIMEOUT');
      status.answerMs = 40;
      expect(await runUntil({ ...LONG, statusCheckMs: 1 }, () => status.asked >= 4, 5_000)).toBe(true);
      expect(status.mostInFlight).toBe(1);
      expect(registry.batches).toHaveLength(1);
    });

    it('does not ask while the registry answers: only after a failure that got no answer', async () => {
      await capture(NISS[0] ?? '');
      await runUntil(LONG, async () => (await journal.summary()).counts.SENT === 1, 5_000);
      await pause(100);
      expect(status.asked).toBe(0);
    });
  });

  it('has the next batch out while the registry answers the one before, two at most', async () => {
    await captureAll([...NISS, '90010112395', '80020229380', '70030310436']);
    let out = 0;
    let most = 0;
    const slow: RegistryClient = {
      register: async (items) => {
        out += 1;
        most = Math.max(most, out);
        await pause(20);
        out -= 1;
        return registry.register(items);
      },
    };
    const stop = new AbortController();
    const running = new Forwarder(
      {
        journal,
        attemptLog: journal,
        registry: slow,
        status,
        prober: { probe: () => Promise.resolve(probe) },
        clock: { now: () => new Date(now) },
        random: () => 0.5,
      },
      { batchSize: 2, minBackoffMs: 1, maxBackoffMs: 1, idleMs: 10 },
    ).run(stop.signal);
    await until(async () => (await journal.summary()).counts.SENT === 6, 5_000);
    stop.abort();
    await running;
    expect(most).toBe(2);
    expect(await states()).toEqual(Array(6).fill('SENT'));
    const sent = registry.batches.flat().map((item) => item.clientReference);
    expect(new Set(sent).size).toBe(sent.length);
  });

  it('sends a batch that failed again after the wait, once the batch out after it is answered and written', async () => {
    const references = await captureAll([...NISS, '90010112395', '80020229380', '70030310436']);
    let calls = 0;
    registry.next = (items) => {
      calls += 1;
      // The second batch fails while the third is out: that one is answered, and only the second sent again.
      if (calls === 2) return failure('CONNECTION_RESET');
      return { kind: 'RESULTS', results: items.map((item, i) => registered(item, i)) };
    };
    const stop = new AbortController();
    const running = forwarder({ minBackoffMs: 1, maxBackoffMs: 1 }).run(stop.signal);
    await until(async () => (await journal.summary()).counts.SENT === 6, 5_000);
    stop.abort();
    await running;
    expect(await states()).toEqual(Array(6).fill('SENT'));
    const batches = registry.batches.map((b) => b.map((item) => references.indexOf(item.clientReference)));
    expect(batches.filter((b) => b[0] === 2)).toEqual([
      [2, 3],
      [2, 3],
    ]);
    expect(batches.flat().sort()).toEqual([0, 1, 2, 2, 3, 3, 4, 5]);
  });

  it('runs until stopped, sending what arrives', async () => {
    const stop = new AbortController();
    const f = forwarder();
    const running = f.run(stop.signal);
    await capture(NISS[0] ?? '');
    f.wake();
    for (let i = 0; i < 100 && (await journal.summary()).counts.SENT === 0; i += 1)
      await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    await running;
    expect((await journal.summary()).counts.SENT).toBe(1);
  });
});
