import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainError } from '../domain/errors.js';
import type { ReceiptNumber } from '../domain/receipt-number.js';
import { createCryptoRandom } from '../system/crypto-random.js';
import { captureAtGate } from './capture.js';
import type { ClassifiedFailure, ProbeResult } from './failure.js';
import { Forwarder } from './forwarder.js';
import type { Journal } from './journal.js';
import type { ItemReply, RegisterReply, RegistryClient, RegistryItem } from './registry-client.js';
import { openSqliteJournal } from './sqlite-journal.js';

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

function registered(item: RegistryItem, i: number, duplicate = false): ItemReply {
  return {
    status: 'REGISTERED',
    duplicate,
    presence: { id: `p-${item.clientReference}`, receiptNumber: `R${i}` as ReceiptNumber },
  };
}

const failure = (cls: ClassifiedFailure['class'], retryAfterMs?: number): RegisterReply => ({
  kind: 'FAILED',
  failure: {
    class: cls,
    detail: `${cls} in a test`,
    retryable: true,
    side: 'UNKNOWN',
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  } as ClassifiedFailure,
});

describe('Forwarder', () => {
  let journal: Journal;
  let registry: ScriptedRegistry;
  let probe: ProbeResult;
  let now: Date;
  const random = createCryptoRandom();

  beforeEach(() => {
    journal = openSqliteJournal(':memory:');
    registry = new ScriptedRegistry();
    probe = 'REACHABLE';
    now = new Date('2026-11-27T06:30:00Z');
  });
  afterEach(async () => {
    await journal.close();
  });

  const forwarder = (options = {}) =>
    new Forwarder(
      {
        journal,
        registry,
        prober: { probe: () => Promise.resolve(probe) },
        clock: { now: () => new Date(now) },
        random: () => 0.5,
      },
      { batchSize: 2, minBackoffMs: 1000, maxBackoffMs: 8000, idleMs: 10, ...options },
    );
  const capture = async (raw: string, at = now) =>
    captureAtGate({ journal, clock: { now: () => at }, random }, settings, { raw, source: 'CHECKIN' });

  it('sends the pending captures of the day in batches, with their own clientReference and their day', async () => {
    for (const n of NISS) await capture(n);
    const f = forwarder();
    expect(await f.round()).toEqual({ kind: 'SENT', sent: 2, rejected: 0, held: 0 });
    expect(await f.round()).toEqual({ kind: 'SENT', sent: 1, rejected: 0, held: 0 });
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

  it('waits at least what the registry asks for in Retry-After', async () => {
    await capture(NISS[0] ?? '');
    registry.next = () => failure('REGISTRY_MAINTENANCE', 30_000);
    expect(await forwarder().round()).toEqual({ kind: 'FAILED', waitMs: 30_000 });
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
