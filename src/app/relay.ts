import { addDays } from '../domain/calendar-date.js';
import type { Presence } from '../domain/presence.js';
import {
  lastSendableDay,
  UPSTREAM_POLL,
  UPSTREAM_POLL_DAYS,
  upstreamCancellationReason,
  type UpstreamError,
} from '../domain/upstream.js';
import type { OutboxItem, Settlement } from '../store/upstream-repository.js';
import type { AppDeps } from './app-deps.js';
import { todayInBrussels } from './today.js';
import type { UpstreamJournal } from './upstream-journal.js';
import type {
  UpstreamFailure,
  UpstreamRegistration,
  UpstreamService,
  UpstreamSubmit,
} from './upstream-service.js';

/** The most presences one round takes, and one call sends: the protocol's 200 items a call. */
export const FORWARDS_PER_ROUND = 200;

/**
 * How long a forwarder holds what it took, in calls' timeouts: a call is begun only while the lease outlives it
 * (see `Round.mayCall`), so that no other forwarder takes a presence whose send may still be under way.
 */
export const LEASE_IN_CALL_TIMEOUTS = 4;

/** How long a presence let go with nothing to do now waits before it is looked at again. */
const ASK_AGAIN_LATER_MS = 3_600_000;

/** How many checks are asked for at once, each its own call. */
const POLLS_AT_ONCE = 8;

/**
 * The most checks one round asks for: each is a call of its own, and a round full of them would hold up the sends
 * of the next (what is left is asked for in the rounds after).
 */
export const POLLS_PER_ROUND = 40;

/** What the relay forwards with: the store, the clock, the upstream, and the journal of the upstream's answers. */
export interface RelayDeps extends Pick<AppDeps, 'store' | 'clock'> {
  readonly upstream: UpstreamService;
  readonly journal: UpstreamJournal;
  /** The longest one call to the upstream may take (the upstream service's own timeout). */
  readonly callTimeoutMs: number;
}

/** What a round did: how many presences it took, and the failure that cut it short, if the upstream failed. */
export interface RoundOutcome {
  readonly taken: number;
  readonly failure?: Halt;
}

/**
 * The reference by which a presence is found upstream (`ClientPresenceRegistrationReference`, ≤ 24 characters):
 * its own registration id, unique and at most 15 digits.
 */
export function upstreamReference(presence: Pick<Presence, 'registrationId'>): string {
  return presence.registrationId;
}

/**
 * One round of forwarding: takes up to {@link FORWARDS_PER_ROUND} presences from the outbox and does for each what
 * it needs — withholds it (cancelled before it was ever sent), looks for it upstream (an earlier send may have
 * reached the upstream unanswered), sends it, forwards its cancellation, or asks for its check — then settles each.
 * When the upstream does not answer, the round stops there and lets go of the rest for a later one: nothing is
 * lost, and what may have reached the upstream is looked for there before it is sent again.
 */
export async function forwardRound(deps: RelayDeps): Promise<RoundOutcome> {
  const now = deps.clock.now();
  const today = todayInBrussels(now);
  const leaseEnd = now.getTime() + LEASE_IN_CALL_TIMEOUTS * deps.callTimeoutMs;
  const items = await deps.store.upstream.take(
    FORWARDS_PER_ROUND,
    now.toISOString(),
    new Date(leaseEnd).toISOString(),
    lastSendableDay(today),
  );
  if (items.length === 0) return { taken: 0 };
  const round = new Round(deps, items, leaseEnd);
  const failure = await round.run();
  await deps.store.upstream.settle(round.settlements());
  return { taken: items.length, ...(failure === undefined ? {} : { failure }) };
}

/** A failure that stops a round: the upstream does not answer, or refuses this sender. */
export type Halt = Exclude<UpstreamFailure, { kind: 'REJECTED' }>;

function halts(failure: UpstreamFailure): failure is Halt {
  return failure.kind !== 'REJECTED';
}

/** One round's work: each item settled once, those left when the upstream fails released. */
class Round {
  private readonly settled = new Map<string, Settlement>();

  constructor(
    private readonly deps: RelayDeps,
    private readonly items: readonly OutboxItem[],
    private readonly leaseEnd: number,
  ) {}

  /**
   * Whether a call may begin: only while the lease outlives it, with a call's length to spare. Past that, what is
   * left is let go for a later round (another forwarder taking it then cannot overlap a send of this one).
   */
  private mayCall(): boolean {
    return this.deps.clock.now().getTime() + 2 * this.deps.callTimeoutMs <= this.leaseEnd;
  }

  async run(): Promise<Halt | undefined> {
    const toSend: OutboxItem[] = [];
    const toFind: OutboxItem[] = [];
    const toCancel: OutboxItem[] = [];
    const toPoll: OutboxItem[] = [];
    for (const item of this.items) {
      const { presence, unsure } = item;
      const { upstream } = presence;
      if (upstream.status === 'PENDING') {
        if (unsure) toFind.push(item);
        else if (presence.status === 'CANCELLED') this.settle(item, { kind: 'WITHHELD' });
        else toSend.push(item);
      } else if (presence.status === 'CANCELLED' && upstream.cancellation?.status === 'PENDING') {
        toCancel.push(item);
      } else if (
        presence.status === 'REGISTERED' &&
        (upstream.status === 'SENT' || upstream.status === 'FAILED')
      ) {
        // Past the round's share of checks, what is left waits for the next round (released below).
        if (toPoll.length < POLLS_PER_ROUND) toPoll.push(item);
      } else {
        // Nothing left to do (a state a later version may give meaning to): let it be.
        this.askAgainLater(item);
      }
    }
    const steps = [
      () => this.find(toFind, toSend),
      () => this.send(toSend),
      () => this.cancel(toCancel),
      () => this.poll(toPoll),
    ];
    for (const step of steps) {
      const failure = await step();
      if (failure !== undefined) {
        this.releaseTheRest();
        return failure;
      }
    }
    // What the lease left no time for.
    this.releaseTheRest();
    return undefined;
  }

  settlements(): Settlement[] {
    return [...this.settled.values()];
  }

  /** Looks upstream for presences an earlier send may have registered; those not there join `toSend`. */
  private async find(items: readonly OutboxItem[], toSend: OutboxItem[]): Promise<Halt | undefined> {
    const byDay = new Map<string, OutboxItem[]>();
    for (const item of items) {
      const key = `${item.presence.workplaceId} ${item.presence.registrationDate}`;
      byDay.set(key, [...(byDay.get(key) ?? []), item]);
    }
    for (const group of byDay.values()) {
      const first = group[0];
      if (first === undefined || !this.mayCall()) continue;
      const found = await this.call(() =>
        this.deps.upstream.find({
          workplaceId: first.presence.workplaceId,
          registrationDate: first.presence.registrationDate,
        }),
      );
      if (!found.ok) {
        if (halts(found.error)) return found.error;
        for (const item of group) this.refuse(item, found.error);
        continue;
      }
      const byReference = new Map(
        found.value.map((registration) => [registration.clientReference, registration]),
      );
      for (const item of group) {
        const registration = byReference.get(upstreamReference(item.presence));
        if (registration !== undefined) this.acknowledge(item, registration);
        else if (item.presence.status === 'CANCELLED') this.settle(item, { kind: 'WITHHELD' });
        else toSend.push(item);
      }
    }
    return undefined;
  }

  private async send(items: readonly OutboxItem[]): Promise<Halt | undefined> {
    if (items.length === 0 || !this.mayCall()) return undefined;
    const answer = await this.call(() => this.deps.upstream.register(items.map(submitOf)));
    if (!answer.ok) {
      const failure = answer.error;
      if (failure.kind === 'REJECTED') {
        for (const item of items) this.refuse(item, failure);
        return undefined;
      }
      // What was sent may have been registered: it is looked for upstream before it is sent again.
      for (const item of items) {
        this.release(item, failure.kind === 'UNAVAILABLE' ? failure.delivered || item.unsure : item.unsure);
      }
      return failure;
    }
    items.forEach((item, i) => {
      const outcome = answer.value[i];
      if (outcome === undefined) this.release(item, true);
      else if (outcome.kind === 'REGISTERED') this.acknowledge(item, outcome.registration);
      else this.settle(item, { kind: 'REFUSED', errors: outcome.errors });
    });
    return undefined;
  }

  private async cancel(items: readonly OutboxItem[]): Promise<Halt | undefined> {
    const sent = items.flatMap((item) => {
      const { upstream, status } = item.presence;
      if (!('registrationId' in upstream) || status !== 'CANCELLED') return [];
      const reason = upstreamCancellationReason(item.presence.cancellationReason);
      return [{ item, cancel: { registrationId: upstream.registrationId, reason } }];
    });
    if (sent.length === 0 || !this.mayCall()) return undefined;
    const answer = await this.call(() => this.deps.upstream.cancel(sent.map((s) => s.cancel)));
    if (!answer.ok) {
      if (halts(answer.error)) return answer.error;
      for (const { item } of sent)
        this.settle(item, { kind: 'CANCEL_REFUSED', errors: errorsOf(answer.error) });
      return undefined;
    }
    sent.forEach(({ item }, i) => {
      const outcome = answer.value[i];
      if (outcome === undefined) return;
      // Cancelled already (an earlier cancellation arrived, its answer did not): done.
      if (outcome.kind === 'CANCELLED' || outcome.errors.some((e) => e.code === 'ALREADY_CANCELLED')) {
        this.settle(item, { kind: 'CANCELLED' });
      } else {
        this.settle(item, { kind: 'CANCEL_REFUSED', errors: outcome.errors });
      }
    });
    return undefined;
  }

  /** Asks for the check of presences acknowledged upstream, a few calls at once. */
  private async poll(items: readonly OutboxItem[]): Promise<Halt | undefined> {
    let failure: Halt | undefined;
    const queue = [...items];
    const worker = async (): Promise<void> => {
      for (
        let item = queue.shift();
        item !== undefined && failure === undefined && this.mayCall();
        item = queue.shift()
      ) {
        const { upstream } = item.presence;
        if (!('registrationId' in upstream)) continue;
        const registrationId = upstream.registrationId;
        const answer = await this.call(() => this.deps.upstream.get(registrationId));
        if (!answer.ok) {
          if (halts(answer.error)) failure ??= answer.error;
          else this.askAgainLater(item);
        } else if (answer.value === null) {
          // Not found by its own number: the upstream lost it, or it is not ours to see. Asked again later.
          this.askAgainLater(item);
        } else {
          this.acknowledge(item, answer.value);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(POLLS_AT_ONCE, items.length) }, worker));
    return failure;
  }

  /** Calls the upstream and writes the outcome in the journal. */
  private async call<T>(
    operation: () => Promise<{ ok: true; value: T } | { ok: false; error: UpstreamFailure }>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: UpstreamFailure }> {
    const startedAt = this.deps.clock.now().toISOString();
    const answer = await operation();
    const unanswered = !answer.ok && answer.error.kind === 'UNAVAILABLE';
    await this.deps.journal.record({
      startedAt,
      endedAt: this.deps.clock.now().toISOString(),
      answered: !unanswered,
      ...(unanswered ? { error: answer.error.message } : {}),
    });
    return answer;
  }

  private acknowledge(item: OutboxItem, registration: UpstreamRegistration): void {
    if (registration.status === 'CANCELLED') {
      // Cancelled upstream (by this relay, an answer that never came back, or by someone else there).
      const { upstream } = item.presence;
      if ('registrationId' in upstream || item.presence.status === 'CANCELLED') {
        this.settle(item, { kind: 'CANCELLED' });
        return;
      }
    }
    const status = registration.status === 'CANCELLED' ? 'SENT' : registration.status;
    const nextPollAt = status === 'VALIDATED' ? undefined : this.nextPoll(item);
    this.settle(item, {
      kind: 'ACKNOWLEDGED',
      registrationId: registration.registrationId,
      status,
      remarks: registration.remarks,
      ...(nextPollAt === undefined ? {} : { nextPollAt }),
    });
  }

  /** When to ask again for a check: sooner at first, then less often; never past the days a check may change. */
  private nextPoll(item: OutboxItem): string | undefined {
    const now = this.deps.clock.now();
    const lastDay = addDays(item.presence.registrationDate, UPSTREAM_POLL_DAYS);
    if (todayInBrussels(now) > lastDay) return undefined;
    const wait = Math.min(UPSTREAM_POLL.mostMs, UPSTREAM_POLL.firstMs * 2 ** Math.min(item.polls, 20));
    return new Date(now.getTime() + wait).toISOString();
  }

  private refuse(item: OutboxItem, failure: Extract<UpstreamFailure, { kind: 'REJECTED' }>): void {
    this.settle(item, { kind: 'REFUSED', errors: errorsOf(failure) });
  }

  private release(item: OutboxItem, unsure: boolean): void {
    this.settle(item, { kind: 'RELEASED', unsure });
  }

  private releaseTheRest(): void {
    for (const item of this.items) {
      // What was taken to send keeps the mark `take` gave it only if a send may have reached the upstream.
      if (!this.settled.has(item.presence.id)) this.release(item, item.unsure);
    }
  }

  /** Lets a presence go, to be looked at again in an hour (nothing to do now, or the upstream did not know it). */
  private askAgainLater(item: OutboxItem): void {
    this.settle(item, { kind: 'RELEASED', unsure: false, retryAt: this.later(ASK_AGAIN_LATER_MS) });
  }

  private later(ms: number): string {
    return new Date(this.deps.clock.now().getTime() + ms).toISOString();
  }

  private settle(item: OutboxItem, what: SettlementKind): void {
    this.settled.set(item.presence.id, {
      presence: item.presence,
      lease: item.lease,
      at: this.deps.clock.now().toISOString(),
      ...what,
    });
  }
}

type SettlementKind = Settlement extends infer S
  ? S extends { kind: infer K }
    ? Omit<Extract<Settlement, { kind: K }>, 'presence' | 'lease' | 'at'>
    : never
  : never;

function errorsOf(failure: Extract<UpstreamFailure, { kind: 'REJECTED' }>): UpstreamError[] {
  return [{ code: failure.code, description: failure.message }];
}

/** A presence as the upstream takes it. */
function submitOf(item: OutboxItem): UpstreamSubmit {
  const { presence } = item;
  return {
    registrationDate: presence.registrationDate,
    worker:
      'niss' in presence.worker
        ? { inss: presence.worker.niss, companyId: presence.employer }
        : { limosaId: presence.worker.limosaId },
    workplaceId: presence.workplaceId,
    clientReference: upstreamReference(presence),
  };
}
