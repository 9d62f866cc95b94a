import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/composition/open-store.js';
import { addDays, type CalendarDate } from '../../src/domain/calendar-date.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { Niss } from '../../src/domain/niss.js';
import type { Presence } from '../../src/domain/presence.js';
import { newPresenceNumbers, PRESENCE_NUMBERS_RANDOM_BYTES } from '../../src/domain/presence-numbers.js';
import {
  journalCall,
  lastSendableDay,
  upstreamOutages,
  type UpstreamSpan,
} from '../../src/domain/upstream.js';
import type { Remark } from '../../src/domain/validation.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import type { PresenceDraft } from '../../src/store/presence-repository.js';
import type { Store } from '../../src/store/store.js';
import type { OutboxItem, Settlement } from '../../src/store/upstream-repository.js';
import { createCryptoRandom } from '../../src/system/crypto-random.js';
import { DATABASES, STORE_DATABASES, type OpenedDatabase } from '../support/databases.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import { presenceOf } from '../support/outcomes.js';

const random = createCryptoRandom();
const employer = enterpriseNumber(3) as EnterpriseNumber;
const workplaceId = 'RELAY00001' as WorkplaceId;
const today = '2026-03-10' as CalendarDate;
const tomorrow = addDays(today, 1);
/** A day further ahead than the upstream takes today. */
const later = addDays(today, 3);
const yesterday = addDays(today, -1);
/** What the forwarder may take today: up to tomorrow. */
const lastDay = lastSendableDay(today);
/** How long a take holds what it took, in minutes. */
const LEASE = 2;

/** The instant `minutes` after 07:00 (UTC) today. */
const at = (minutes: number): string =>
  new Date(Date.parse(`${today}T07:00:00.000Z`) + minutes * 60_000).toISOString();

/** What a forwarder did with a presence: a settlement without the presence, lease and instant it names. */
type Outcome<S = Settlement> = S extends Settlement ? Omit<S, 'presence' | 'lease' | 'at'> : never;

/** An upstream acknowledgement: the official number, its check, and when to ask for the check again. */
const acknowledged = (
  registrationId: string,
  status: 'SENT' | 'VALIDATED' | 'FAILED' = 'SENT',
  nextPollAt?: string,
  remarks: readonly Remark[] = [],
): Outcome => ({
  kind: 'ACKNOWLEDGED',
  registrationId,
  status,
  remarks,
  ...(nextPollAt === undefined ? {} : { nextPollAt }),
});

const unknownWorkplace = [{ code: 'WORKPLACE_NOT_EXISTING', description: 'The workplace is not known.' }];

let workers = 0;
/** A presence of a new worker, registered through the relay (unless told otherwise), made at 07:00 today. */
function draft(overrides: Partial<PresenceDraft> = {}): PresenceDraft {
  workers += 1;
  return {
    id: random.uuid(),
    workplaceId,
    registrationDate: today,
    worker: { niss: niss(500 + workers) as Niss },
    employer,
    channel: 'WEB_SERVICE',
    sender: { role: 'company', enterprise: employer },
    createdAt: at(0),
    mayCreate: true,
    relay: true,
    newNumbers: () => newPresenceNumbers(random.bytes(PRESENCE_NUMBERS_RANDOM_BYTES)),
    ...overrides,
  };
}

const ids = (items: readonly { readonly presence: Pick<Presence, 'id'> }[]): string[] =>
  items.map((item) => item.presence.id);

/**
 * The outbox of a relay on each database: what enters it in the statement that registers or cancels a presence,
 * what a take hands out and holds, what each settlement leaves, and the journal of the upstream's answers.
 */
for (const database of STORE_DATABASES) {
  describe.skipIf(!database.available)(`the relay’s outbox (${database.label})`, () => {
    let db: OpenedDatabase;
    beforeEach(async () => {
      db = await database.open();
      await db.store.maintain(today);
    });
    afterEach(async () => {
      await db.dispose();
    });

    async function register(overrides: Partial<PresenceDraft> = {}): Promise<Presence> {
      const [outcome] = await db.store.presences.register([draft(overrides)]);
      expect(outcome?.kind).toBe('CREATED');
      return presenceOf(outcome);
    }

    const now = async (id: string): Promise<Presence> => {
      const presence = await db.store.presences.get(id);
      if (presence === undefined) throw new Error(`no presence ${id}`);
      return presence;
    };

    /** Takes what is due at `minute`, held for {@link LEASE} minutes. */
    const take = (minute: number, options: { lastDay?: CalendarDate; limit?: number } = {}) =>
      db.store.upstream.take(
        options.limit ?? 100,
        at(minute),
        at(minute + LEASE),
        options.lastDay ?? lastDay,
      );

    const settle = (item: OutboxItem, minute: number, outcome: Outcome): Promise<void> =>
      db.store.upstream.settle([{ presence: item.presence, lease: item.lease, at: at(minute), ...outcome }]);

    const cancel = async (id: string, minute: number, reason = 'Ziek'): Promise<Presence> => {
      const outcome = await db.store.presences.cancel(id, {
        at: at(minute),
        reason,
        by: { role: 'company', enterprise: employer },
      });
      if (outcome.kind !== 'CANCELLED') throw new Error(`not cancelled: ${outcome.kind}`);
      return outcome.presence;
    };

    /** The one presence taken at `minute`, which must be this one. */
    async function takeOnly(id: string, minute: number): Promise<OutboxItem> {
      const items = await take(minute);
      expect(ids(items)).toStrictEqual([id]);
      return items[0]!;
    }

    /** A presence acknowledged upstream at minute 1, its check asked for again at `nextPoll` when given. */
    async function sentPresence(
      registrationId: string,
      status: 'SENT' | 'VALIDATED' = 'SENT',
      nextPoll?: number,
    ): Promise<Presence> {
      const presence = await register();
      const item = await takeOnly(presence.id, 0);
      await settle(
        item,
        1,
        acknowledged(registrationId, status, nextPoll === undefined ? undefined : at(nextPoll)),
      );
      return now(presence.id);
    }

    /** Takes everything due at `minute` and settles each as `outcomes` say; the others are let go as they were. */
    async function forward(minute: number, outcomes: Readonly<Record<string, Outcome>>): Promise<void> {
      const items = await take(minute);
      await db.store.upstream.settle(
        items.map((item): Settlement => {
          const outcome = outcomes[item.presence.id] ?? { kind: 'RELEASED', unsure: item.unsure };
          return { presence: item.presence, lease: item.lease, at: at(minute), ...outcome };
        }),
      );
    }

    describe('what enters it', () => {
      it('puts a presence registered through the relay in the outbox, pending upstream, and leaves others out', async () => {
        const relayed = await register();
        const local = await register({ relay: false });
        expect(relayed.upstream).toStrictEqual({ status: 'PENDING', at: at(0) });
        expect(local.upstream).toBeUndefined();
        expect((await now(relayed.id)).upstream).toStrictEqual({ status: 'PENDING', at: at(0) });
        expect((await now(local.id)).upstream).toBeUndefined();

        const [item, ...others] = await take(0);
        expect(others).toStrictEqual([]);
        expect(item).toMatchObject({ unsure: false, polls: 0, lease: at(LEASE) });
        expect(item?.presence).toMatchObject({
          id: relayed.id,
          status: 'REGISTERED',
          upstream: { status: 'PENDING' },
        });
      });

      it('puts a presence in the outbox once, however often it is registered', async () => {
        const once = draft();
        const [first, again] = await db.store.presences.register([once, { ...once, id: random.uuid() }]);
        const [retry] = await db.store.presences.register([{ ...once, id: random.uuid() }]);
        expect([first?.kind, again?.kind, retry?.kind]).toStrictEqual(['CREATED', 'DUPLICATE', 'DUPLICATE']);
        expect(presenceOf(retry).id).toBe(presenceOf(first).id);

        // A presence registered without the relay stays out, even when registered again through it.
        const local = draft({ relay: false });
        await db.store.presences.register([local]);
        const [relayedAgain] = await db.store.presences.register([
          { ...local, id: random.uuid(), relay: true },
        ]);
        expect(relayedAgain).toMatchObject({ kind: 'DUPLICATE', presence: { id: local.id } });
        expect(presenceOf(relayedAgain).upstream).toBeUndefined();

        expect(ids(await take(0))).toStrictEqual([presenceOf(first).id]);
        expect((await db.store.upstream.counts(lastDay, today)).byStatus.PENDING).toBe(1);
      });
    });

    describe('taking', () => {
      it('takes no presence of a day later than the upstream takes, and counts it as scheduled', async () => {
        const ahead = await register({ registrationDate: later });
        const ofToday = await register();
        const ofTomorrow = await register({ registrationDate: tomorrow });

        expect(ids(await take(0)), 'today and tomorrow, in day order').toStrictEqual([
          ofToday.id,
          ofTomorrow.id,
        ]);
        expect(await db.store.upstream.counts(lastDay, today)).toMatchObject({
          byStatus: { PENDING: 3 },
          scheduled: 1,
        });
        expect(ids(await take(1)), 'the later day stays').toStrictEqual([]);

        // The day before it, the upstream takes it.
        const dayBefore = addDays(later, -1);
        expect(ids(await take(1, { lastDay: lastSendableDay(dayBefore) }))).toStrictEqual([ahead.id]);
        expect((await db.store.upstream.counts(lastSendableDay(dayBefore), today)).scheduled).toBe(0);
      });

      it('takes at most as many as asked, the earliest day first', async () => {
        const ofTomorrow = await register({ registrationDate: tomorrow });
        const first = await register();
        const second = await register();
        expect(ids(await take(0, { limit: 1 }))).toStrictEqual([first.id]);
        expect(ids(await take(0, { limit: 5 }))).toStrictEqual([second.id, ofTomorrow.id]);
      });

      it('holds what it took until its lease ends, then hands it out again', async () => {
        const presence = await register();
        expect((await takeOnly(presence.id, 0)).lease).toBe(at(LEASE));
        expect(ids(await take(1)), 'held').toStrictEqual([]);
        expect((await takeOnly(presence.id, LEASE)).lease, 'the lease ended: taken again').toBe(
          at(2 * LEASE),
        );
        expect(ids(await take(LEASE + 1)), 'held by the second take').toStrictEqual([]);
      });

      it('marks a registered presence still to send unsure once taken, and tells whether it was before', async () => {
        const presence = await register();
        expect((await takeOnly(presence.id, 0)).unsure, 'never sent before').toBe(false);
        // The forwarder died mid-call: the next take knows the send may have reached the upstream.
        const again = await takeOnly(presence.id, LEASE);
        expect(again.unsure).toBe(true);
        // Let go as not sent: no longer unsure, until the next take.
        await settle(again, LEASE, { kind: 'RELEASED', unsure: false });
        expect((await takeOnly(presence.id, LEASE)).unsure).toBe(false);
        expect((await takeOnly(presence.id, 3 * LEASE)).unsure).toBe(true);
      });

      it('does not mark unsure a presence taken for its check or its withholding: nothing is sent for it', async () => {
        const sent = await sentPresence('UP-1', 'SENT', 10);
        expect((await takeOnly(sent.id, 10)).unsure).toBe(false);
        const polled = await takeOnly(sent.id, 10 + LEASE);
        expect(polled.unsure).toBe(false);
        await settle(polled, 10 + LEASE, acknowledged('UP-1', 'VALIDATED'));

        const withheld = await register();
        await cancel(withheld.id, 20);
        expect((await takeOnly(withheld.id, 20)).unsure).toBe(false);
        expect((await takeOnly(withheld.id, 20 + LEASE)).unsure).toBe(false);
      });

      it('takes a presence let go until a time no sooner than that time, and one let go without at once', async () => {
        const presence = await register();
        await settle(await takeOnly(presence.id, 0), 1, { kind: 'RELEASED', unsure: true, retryAt: at(10) });
        expect(ids(await take(5))).toStrictEqual([]);
        const retried = await takeOnly(presence.id, 10);
        expect(retried.unsure, 'as it was let go').toBe(true);
        await settle(retried, 11, { kind: 'RELEASED', unsure: false });
        expect((await takeOnly(presence.id, 11)).unsure).toBe(false);
      });
    });

    describe('settling', () => {
      it('keeps what the upstream acknowledged, and asks for its check again at the time given', async () => {
        const presence = await register();
        await settle(await takeOnly(presence.id, 0), 1, acknowledged('UP-1', 'SENT', at(30)));
        expect((await now(presence.id)).upstream).toStrictEqual({
          status: 'SENT',
          registrationId: 'UP-1',
          at: at(1),
        });
        expect(ids(await take(29))).toStrictEqual([]);

        const polled = await takeOnly(presence.id, 30);
        expect(polled).toMatchObject({ unsure: false, polls: 1, presence: { upstream: { status: 'SENT' } } });
        await settle(polled, 31, acknowledged('UP-1', 'FAILED', at(90), ['RELATED_DIMONA_NOT_OK']));
        expect((await now(presence.id)).upstream).toStrictEqual({
          status: 'FAILED',
          registrationId: 'UP-1',
          remarks: ['RELATED_DIMONA_NOT_OK'],
          at: at(31),
        });

        const checkedAgain = await takeOnly(presence.id, 90);
        expect(checkedAgain.polls).toBe(2);
        await settle(checkedAgain, 91, acknowledged('UP-1', 'VALIDATED'));
        expect((await now(presence.id)).upstream).toStrictEqual({
          status: 'VALIDATED',
          registrationId: 'UP-1',
          at: at(91),
        });
        expect(ids(await take(100_000)), 'validated: nothing more to ask').toStrictEqual([]);
      });

      it('keeps the instant a presence last changed upstream when a check reads the same again', async () => {
        const presence = await register();
        await settle(await takeOnly(presence.id, 0), 1, acknowledged('UP-1', 'SENT', at(30)));
        await settle(await takeOnly(presence.id, 30), 31, acknowledged('UP-1', 'SENT', at(90)));
        expect((await now(presence.id)).upstream).toMatchObject({ status: 'SENT', at: at(1) });
        await settle(await takeOnly(presence.id, 90), 91, acknowledged('UP-1', 'VALIDATED'));
        expect((await now(presence.id)).upstream).toMatchObject({ status: 'VALIDATED', at: at(91) });
      });

      it('keeps the upstream’s refusal, and never sends a refused presence again', async () => {
        const presence = await register();
        await settle(await takeOnly(presence.id, 0), 1, { kind: 'REFUSED', errors: unknownWorkplace });
        expect((await now(presence.id)).upstream).toStrictEqual({
          status: 'REFUSED',
          errors: unknownWorkplace,
          at: at(1),
        });
        expect(ids(await take(100_000))).toStrictEqual([]);
      });

      it('withholds for good a presence cancelled before it was ever sent', async () => {
        const presence = await register();
        await cancel(presence.id, 0);
        const item = await takeOnly(presence.id, 1);
        expect(item.presence).toMatchObject({ status: 'CANCELLED', upstream: { status: 'PENDING' } });
        await settle(item, 2, { kind: 'WITHHELD' });
        expect((await now(presence.id)).upstream).toStrictEqual({ status: 'WITHHELD', at: at(2) });
        expect(ids(await take(100_000))).toStrictEqual([]);
      });

      it('keeps a cancellation the upstream made, or refused, and forwards neither again', async () => {
        const cancelled = await sentPresence('UP-1');
        const refused = await sentPresence('UP-2');
        await cancel(cancelled.id, 5, 'Congé');
        await cancel(refused.id, 5, 'Planning');
        const items = await take(5);
        expect(ids(items).sort()).toStrictEqual([cancelled.id, refused.id].sort());
        const byId = new Map(items.map((item) => [item.presence.id, item]));
        await settle(byId.get(cancelled.id)!, 6, { kind: 'CANCELLED' });
        await settle(byId.get(refused.id)!, 6, { kind: 'CANCEL_REFUSED', errors: unknownWorkplace });

        expect((await now(cancelled.id)).upstream).toStrictEqual({
          status: 'SENT',
          registrationId: 'UP-1',
          at: at(1),
          cancellation: { status: 'CANCELLED', at: at(6) },
        });
        expect((await now(refused.id)).upstream).toStrictEqual({
          status: 'SENT',
          registrationId: 'UP-2',
          at: at(1),
          cancellation: { status: 'REFUSED', at: at(6), errors: unknownWorkplace },
        });
        expect(ids(await take(100_000))).toStrictEqual([]);
        expect((await db.store.upstream.counts(lastDay, today)).cancellationsPending).toBe(0);
      });

      it('drops a settlement whose lease another take has since taken over', async () => {
        const presence = await register();
        const first = await takeOnly(presence.id, 0);
        const second = await takeOnly(presence.id, LEASE + 1);
        await settle(first, LEASE + 1, { kind: 'REFUSED', errors: unknownWorkplace });
        expect((await now(presence.id)).upstream).toStrictEqual({ status: 'PENDING', at: at(0) });
        expect(ids(await take(LEASE + 2)), 'still held by the second take').toStrictEqual([]);

        await settle(second, LEASE + 2, acknowledged('UP-1'));
        expect((await now(presence.id)).upstream).toMatchObject({ status: 'SENT', registrationId: 'UP-1' });
      });

      it('keeps a settlement made after its lease ended when no other take took the presence meanwhile', async () => {
        const presence = await register();
        const late = await takeOnly(presence.id, 0);
        await settle(late, 10 * LEASE, acknowledged('UP-1'));
        expect((await now(presence.id)).upstream).toMatchObject({ status: 'SENT', registrationId: 'UP-1' });
      });

      it('settles many presences of several kinds at once', async () => {
        const presences = await Promise.all([register(), register(), register(), register()]);
        const [toSend, toRefuse, toRelease, toWithhold] = presences.map((p) => p.id) as [
          string,
          string,
          string,
          string,
        ];
        await cancel(toWithhold, 0);
        await forward(1, {
          [toSend]: acknowledged('UP-1', 'SENT', at(30)),
          [toRefuse]: { kind: 'REFUSED', errors: unknownWorkplace },
          [toRelease]: { kind: 'RELEASED', unsure: false, retryAt: at(20) },
          [toWithhold]: { kind: 'WITHHELD' },
        });
        expect(
          (await Promise.all(presences.map((p) => now(p.id)))).map((p) => p.upstream?.status),
        ).toStrictEqual(['SENT', 'REFUSED', 'PENDING', 'WITHHELD']);
        expect(ids(await take(19))).toStrictEqual([]);
        await settle(await takeOnly(toRelease, 20), 20, acknowledged('UP-2', 'VALIDATED'));
        await takeOnly(toSend, 30);
      });
    });

    describe('cancelling', () => {
      it('makes the cancellation of a presence acknowledged upstream pending, and due at once', async () => {
        const sent = await sentPresence('UP-1', 'SENT', 60);
        const validated = await sentPresence('UP-2', 'VALIDATED');
        const cancelled = await cancel(sent.id, 5);
        expect(cancelled.upstream).toStrictEqual({
          status: 'SENT',
          registrationId: 'UP-1',
          at: at(1),
          cancellation: { status: 'PENDING' },
        });
        await cancel(validated.id, 5);
        expect((await now(validated.id)).upstream?.cancellation).toStrictEqual({ status: 'PENDING' });

        const items = await take(5);
        expect(ids(items).sort(), 'not at the next check: at once').toStrictEqual(
          [sent.id, validated.id].sort(),
        );
        for (const item of items) {
          expect(item.presence).toMatchObject({
            status: 'CANCELLED',
            upstream: { cancellation: { status: 'PENDING' } },
          });
        }
        expect((await db.store.upstream.counts(lastDay, today)).cancellationsPending).toBe(2);
      });

      it('makes a presence cancelled before it was sent due at once, for the forwarder to withhold it', async () => {
        const presence = await register();
        // The upstream did not answer: the presence waits for a later try.
        await settle(await takeOnly(presence.id, 0), 1, { kind: 'RELEASED', unsure: false, retryAt: at(60) });
        const cancelled = await cancel(presence.id, 2);
        expect(cancelled.upstream, 'nothing to cancel upstream').toStrictEqual({
          status: 'PENDING',
          at: at(0),
        });
        const item = await takeOnly(presence.id, 2);
        expect(item.presence.status).toBe('CANCELLED');
        expect((await db.store.upstream.counts(lastDay, today)).cancellationsPending).toBe(0);
      });

      it('leaves alone a presence the upstream refused, or one not forwarded, when it is cancelled', async () => {
        const refused = await register();
        await settle(await takeOnly(refused.id, 0), 1, { kind: 'REFUSED', errors: unknownWorkplace });
        const local = await register({ relay: false });
        expect((await cancel(refused.id, 2)).upstream).toStrictEqual({
          status: 'REFUSED',
          errors: unknownWorkplace,
          at: at(1),
        });
        expect((await cancel(local.id, 2)).upstream).toBeUndefined();
        expect(ids(await take(100_000))).toStrictEqual([]);
        expect((await db.store.upstream.counts(lastDay, today)).cancellationsPending).toBe(0);
      });

      it('makes the cancellation due when the upstream acknowledges a presence cancelled while it was being sent', async () => {
        const presence = await register();
        const sending = await takeOnly(presence.id, 0);
        await cancel(presence.id, 1);
        expect(ids(await take(1)), 'held by the send under way').toStrictEqual([]);
        await settle(sending, 1, acknowledged('UP-1', 'SENT', at(30)));
        expect((await now(presence.id)).upstream).toStrictEqual({
          status: 'SENT',
          registrationId: 'UP-1',
          at: at(1),
          cancellation: { status: 'PENDING' },
        });
        const item = await takeOnly(presence.id, 1);
        expect(item.presence).toMatchObject({
          status: 'CANCELLED',
          upstream: { cancellation: { status: 'PENDING' } },
        });
      });

      it('gives what is to send or cancel before the checks that are due, whatever their order of arrival', async () => {
        const checked = await sentPresence('UP-1', 'SENT', 5);
        const withdrawn = await sentPresence('UP-2', 'SENT', 60);
        await cancel(withdrawn.id, 6);
        const waiting = await register();
        const [first, second, third] = await take(10, { limit: 3 });
        expect(new Set([first?.presence.id, second?.presence.id])).toStrictEqual(
          new Set([waiting.id, withdrawn.id]),
        );
        expect(third?.presence.id).toBe(checked.id);
      });

      it('makes the cancellation due when a check of a presence cancelled meanwhile comes back', async () => {
        const presence = await sentPresence('UP-1', 'SENT', 10);
        const polling = await takeOnly(presence.id, 10);
        await cancel(presence.id, 11);
        await settle(polling, 11, acknowledged('UP-1', 'VALIDATED'));
        expect((await now(presence.id)).upstream).toMatchObject({
          status: 'VALIDATED',
          cancellation: { status: 'PENDING' },
        });
        expect((await takeOnly(presence.id, 11)).presence.status).toBe('CANCELLED');
      });

      it('keeps the cancellation due at once when a check let go for later meets a cancellation made meanwhile', async () => {
        const presence = await sentPresence('UP-1', 'SENT', 10);
        const polling = await takeOnly(presence.id, 10);
        await cancel(presence.id, 11);
        await settle(polling, 11, { kind: 'RELEASED', unsure: false, retryAt: at(70) });
        expect((await takeOnly(presence.id, 12)).presence.upstream).toMatchObject({
          cancellation: { status: 'PENDING' },
        });
      });
    });

    describe('at a glance', () => {
      it('lists the registered presences of the days asked that the upstream has not acknowledged', async () => {
        const pending = await register();
        const refused = await register();
        const sent = await register();
        const cancelled = await register();
        await register({ relay: false });
        const pendingTomorrow = await register({ registrationDate: tomorrow });
        await register({ registrationDate: later });
        await register({ registrationDate: yesterday, createdAt: at(-24 * 60) });
        await cancel(cancelled.id, 0);
        await forward(1, {
          [refused.id]: { kind: 'REFUSED', errors: unknownWorkplace },
          [sent.id]: acknowledged('UP-1'),
        });

        const unconfirmed = await db.store.upstream.unconfirmed(today, tomorrow, 100);
        expect(unconfirmed.map((presence) => presence.id)).toStrictEqual([
          pending.id,
          refused.id,
          pendingTomorrow.id,
        ]);
        expect(unconfirmed[1]?.upstream).toMatchObject({ status: 'REFUSED', errors: unknownWorkplace });
        expect((await db.store.upstream.unconfirmed(today, today, 1)).map((p) => p.id)).toStrictEqual([
          pending.id,
        ]);
        expect(
          await db.store.upstream.unconfirmed(addDays(today, 20), addDays(today, 30), 100),
        ).toStrictEqual([]);
      });

      it('counts the presences of the days asked by upstream status, with what waits for the forwarder', async () => {
        expect(await db.store.upstream.counts(lastDay, today)).toStrictEqual({
          byStatus: { PENDING: 0, SENT: 0, VALIDATED: 0, FAILED: 0, REFUSED: 0, WITHHELD: 0 },
          cancellationsPending: 0,
          scheduled: 0,
        });

        const oldest = await register({ createdAt: at(-30) });
        await register({ registrationDate: tomorrow, createdAt: at(-10) });
        await register({ registrationDate: later, createdAt: at(-5) });
        await register({ registrationDate: yesterday, createdAt: at(-24 * 60) });
        await register({ relay: false, createdAt: at(-60) });
        const [sent, validated, refused, withheld, cancelled] = await Promise.all(
          [1, 2, 3, 4, 5].map(() => register()),
        );
        await cancel(withheld!.id, 0);
        await forward(1, {
          [sent!.id]: acknowledged('UP-1', 'SENT', at(30)),
          [validated!.id]: acknowledged('UP-2', 'VALIDATED'),
          [refused!.id]: { kind: 'REFUSED', errors: unknownWorkplace },
          [withheld!.id]: { kind: 'WITHHELD' },
          [cancelled!.id]: acknowledged('UP-3', 'SENT', at(30)),
        });
        await cancel(cancelled!.id, 2);

        expect(await db.store.upstream.counts(lastDay, today)).toStrictEqual({
          byStatus: { PENDING: 3, SENT: 2, VALIDATED: 1, FAILED: 0, REFUSED: 1, WITHHELD: 1 },
          cancellationsPending: 1,
          scheduled: 1,
          oldestPendingSince: oldest.createdAt,
        });
        expect((await db.store.upstream.counts(lastDay, yesterday)).byStatus.PENDING, 'yesterday’s too').toBe(
          4,
        );
      });
    });

    describe('the journal of the upstream’s answers', () => {
      const span = (
        instanceId: string,
        answering: boolean,
        from: number,
        to: number,
        calls = 1,
      ): UpstreamSpan => ({
        instanceId,
        answering,
        from: at(from),
        to: at(to),
        calls,
        ...(answering ? {} : { lastError: 'connect ECONNREFUSED' }),
      });

      it('knows no stretch before the first call', async () => {
        expect(await db.store.upstream.latestSpan()).toBeUndefined();
        expect(await db.store.upstream.spansAround(at(0), at(1_000))).toStrictEqual([]);
        await db.store.upstream.journal([]);
        expect(await db.store.upstream.latestSpan()).toBeUndefined();
      });

      it('writes a stretch, and extends it in place as calls go on', async () => {
        const begun = span('relay-a', false, 10, 11);
        await db.store.upstream.journal([begun]);
        expect(await db.store.upstream.spansAround(at(0), at(60))).toStrictEqual([begun]);
        const extended = { ...begun, to: at(15), calls: 4, lastError: 'HTTP 503' };
        await db.store.upstream.journal([extended]);
        expect(await db.store.upstream.spansAround(at(0), at(60))).toStrictEqual([extended]);
        expect(await db.store.upstream.latestSpan()).toStrictEqual(extended);
      });

      it('returns the stretches that touch a period, of every instance, in order', async () => {
        const spans = [
          span('relay-a', true, 0, 10, 5),
          span('relay-b', true, 5, 20, 7),
          span('relay-a', false, 12, 30, 3),
          span('relay-a', true, 30, 40, 2),
          span('relay-b', false, 50, 55, 2),
        ];
        await db.store.upstream.journal(spans);
        expect(await db.store.upstream.spansAround(at(0), at(60))).toStrictEqual(spans);
        expect(await db.store.upstream.spansAround(at(10), at(12)), 'touching at either end').toStrictEqual(
          spans.slice(0, 3),
        );
        expect(await db.store.upstream.spansAround(at(41), at(49))).toStrictEqual([]);
        expect(await db.store.upstream.latestSpan(), 'the one that ends last').toStrictEqual(spans[4]);
      });

      it('keeps what an instance’s journal writes call after call, from which the outages are read', async () => {
        const calls = [
          { startedAt: at(0), endedAt: at(1), answered: true },
          { startedAt: at(5), endedAt: at(6), answered: false, error: 'timeout' },
          { startedAt: at(7), endedAt: at(8), answered: false, error: 'HTTP 503' },
          { startedAt: at(9), endedAt: at(10), answered: true },
          { startedAt: at(20), endedAt: at(21), answered: true },
        ];
        let current: UpstreamSpan | undefined;
        for (const call of calls) {
          const spans = journalCall(current, 'relay-a', call);
          await db.store.upstream.journal(spans);
          current = spans.at(-1);
        }
        const stored = await db.store.upstream.spansAround(at(0), at(60));
        expect(stored).toStrictEqual([
          { instanceId: 'relay-a', answering: true, from: at(1), to: at(1), calls: 1 },
          {
            instanceId: 'relay-a',
            answering: false,
            from: at(5),
            to: at(10),
            calls: 2,
            lastError: 'HTTP 503',
          },
          { instanceId: 'relay-a', answering: true, from: at(10), to: at(21), calls: 2 },
        ]);
        expect(await db.store.upstream.latestSpan()).toStrictEqual(current);
        expect(upstreamOutages(stored, { from: new Date(at(0)), to: new Date(at(60)) })).toStrictEqual([
          { from: at(5), to: at(10) },
        ]);
      });
    });
  });
}

const postgres = DATABASES.find((database) => database.name === 'postgres')!;

describe.skipIf(!postgres.available)('the relay’s outbox shared by instances (postgres)', () => {
  let db: OpenedDatabase;
  let other: Store;
  beforeEach(async () => {
    db = await postgres.open();
    await db.store.maintain(today);
    // A second instance: a store of its own, with a pool of its own, on the same database.
    other = (await openStore(db.location)).store;
  });
  afterEach(async () => {
    await other.close();
    await db.dispose();
  });

  it('never hands a presence to two forwarders taking at once, nor again while its lease holds', async () => {
    const PRESENCES = 120;
    const ROUNDS = 40;
    /** Rounds are a minute apart; a take holds what it took for this many. */
    const LEASE_ROUNDS = 3;
    const drafts = Array.from({ length: PRESENCES }, () => draft());
    const outcomes = await db.store.presences.register(drafts);
    expect(outcomes.every((outcome) => outcome.kind === 'CREATED')).toBe(true);

    const forwarders = [db.store, other, db.store, other];
    /** The round from which each presence taken is free again. */
    const heldUntil = new Map<string, number>();
    let letGo: OutboxItem[] = [];
    let taken = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const release = letGo.map((item): Settlement => ({
        presence: item.presence,
        lease: item.lease,
        at: at(round),
        kind: 'RELEASED',
        unsure: false,
      }));
      const [takes] = await Promise.all([
        Promise.all(
          forwarders.map((store) => store.upstream.take(15, at(round), at(round + LEASE_ROUNDS), lastDay)),
        ),
        // What the last round let go is settled while this round takes, half by each instance.
        db.store.upstream.settle(release.filter((_, i) => i % 2 === 0)),
        other.upstream.settle(release.filter((_, i) => i % 2 === 1)),
      ]);
      const all = takes.flat();
      const roundIds = ids(all);
      expect(new Set(roundIds).size, `round ${round}: a presence taken twice at once`).toBe(roundIds.length);
      for (const id of roundIds) {
        const held = heldUntil.get(id);
        expect(
          held === undefined || held <= round,
          `round ${round}: ${id} taken while held until ${held}`,
        ).toBe(true);
        heldUntil.set(id, round + LEASE_ROUNDS);
      }
      // Half of what was taken is let go at once (a round the upstream failed); the rest is held to its lease's end.
      letGo = all.filter((_, i) => i % 2 === 0);
      for (const item of letGo) heldUntil.delete(item.presence.id);
      taken += all.length;
    }
    expect(taken, 'presences were taken again and again').toBeGreaterThan(2 * PRESENCES);

    // Once every lease ended, every presence is handed out again, each once.
    const last = ROUNDS + LEASE_ROUNDS;
    const finalTakes = await Promise.all(
      forwarders.map((store) => store.upstream.take(PRESENCES, at(last), at(last + LEASE_ROUNDS), lastDay)),
    );
    const finalIds = ids(finalTakes.flat());
    expect(finalIds.length).toBe(PRESENCES);
    expect(new Set(finalIds)).toStrictEqual(new Set(drafts.map((d) => d.id)));
  });
});
