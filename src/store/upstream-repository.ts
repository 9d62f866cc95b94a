import type { CalendarDate } from '../domain/calendar-date.js';
import type { Presence } from '../domain/presence.js';
import type { UpstreamError, UpstreamSpan, UpstreamStatus } from '../domain/upstream.js';
import type { Remark } from '../domain/validation.js';

/**
 * A presence the forwarder took from the outbox: the presence (its `upstream` state included), whether an earlier
 * send may have reached the upstream unanswered (`unsure`), how often its check was asked for, and the lease it is
 * held by — what a settlement names, so that a forwarder whose lease ran out cannot overwrite the work of the one
 * that took the presence after it.
 */
export interface OutboxItem {
  readonly presence: Presence & { readonly upstream: NonNullable<Presence['upstream']> };
  readonly unsure: boolean;
  readonly polls: number;
  readonly lease: string;
}

/** What the forwarder did with a presence it took. */
export type Settlement = Pick<OutboxItem, 'lease'> & {
  readonly presence: Pick<Presence, 'id' | 'registrationDate'>;
  readonly at: string;
} & (
    | {
        /**
         * The upstream holds it (it acknowledged the send, a search found it, or it answered a poll): its number
         * and check. `nextPollAt`: when to ask for its check again, absent when no more asks are needed. A
         * presence cancelled here meanwhile gets its cancellation due instead.
         */
        readonly kind: 'ACKNOWLEDGED';
        readonly registrationId: string;
        readonly status: Extract<UpstreamStatus, 'SENT' | 'VALIDATED' | 'FAILED'>;
        readonly remarks: readonly Remark[];
        readonly nextPollAt?: string;
      }
    | { readonly kind: 'REFUSED'; readonly errors: readonly UpstreamError[] }
    /** Cancelled here before it was ever sent: never sent. */
    | { readonly kind: 'WITHHELD' }
    | { readonly kind: 'CANCELLED' }
    | { readonly kind: 'CANCEL_REFUSED'; readonly errors: readonly UpstreamError[] }
    /**
     * Not done (the upstream did not answer): let go for another try, `unsure` when the send may have reached it,
     * not before `retryAt` when given.
     */
    | { readonly kind: 'RELEASED'; readonly unsure: boolean; readonly retryAt?: string }
  );

/** How many presences stand in each upstream state, and how many wait for the forwarder. */
export interface UpstreamCounts {
  readonly byStatus: Readonly<Record<UpstreamStatus, number>>;
  /** Cancellations still to forward. */
  readonly cancellationsPending: number;
  /** Presences of a day further ahead than the upstream takes, held until the day before. */
  readonly scheduled: number;
  /** The oldest acknowledgement here of a presence still `PENDING` upstream, if any. */
  readonly oldestPendingSince?: string;
}

/**
 * The outbox of a relay and what comes back from the upstream. Presences enter it in the transaction that
 * registers or cancels them (a draft with `relay`, see `PresenceDraft`); forwarders in any number of instances
 * take them without taking the same twice, and settle each.
 */
export interface UpstreamRepository {
  /**
   * Takes up to `limit` presences with something to do whose time has come (`now`), of a day up to `lastDay` (the
   * upstream takes no later one), that no other forwarder holds — those to send or cancel first, then those whose
   * check is to be asked for — and holds them until `until`. Each registered
   * presence still to send is marked unsure from then on: a forwarder that dies mid-call leaves it to be
   * searched for upstream before it is sent again.
   */
  take(limit: number, now: string, until: string, lastDay: CalendarDate): Promise<OutboxItem[]>;
  /** Records what was done; a settlement whose lease was taken over since is dropped. */
  settle(settlements: readonly Settlement[]): Promise<void>;
  /**
   * The outbox at a glance, over the presences of the days from `since` on (`lastDay` as in {@link take}: what is
   * later is scheduled).
   */
  counts(lastDay: CalendarDate, since: CalendarDate): Promise<UpstreamCounts>;
  /**
   * Forwarded presences of the days `from`..`to` that are registered here and not acknowledged upstream (still
   * `PENDING`, or `REFUSED`): those that need the emergency procedure once their day is over. `limit` at most.
   */
  unconfirmed(from: CalendarDate, to: CalendarDate, limit: number): Promise<Presence[]>;
  /** Writes stretches of the upstream journal (new, or the current one extended). */
  journal(spans: readonly UpstreamSpan[]): Promise<void>;
  /** The journal's stretches that touch [from, to]. */
  spansAround(from: string, to: string): Promise<UpstreamSpan[]>;
  /** The latest stretch of the journal, of any instance. */
  latestSpan(): Promise<UpstreamSpan | undefined>;
}
