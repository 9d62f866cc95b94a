import { addDays, type CalendarDate } from './calendar-date.js';
import type { Remark } from './validation.js';

/**
 * Forwarding to the official registry ("upstream"): a registry configured as a relay forwards every presence
 * registered through it (paper lines aside: the paper listing with its reference number is their proof) to the
 * social security's registry, which acknowledges it with its own `PresenceRegistrationId` — the registration that
 * counts in law — and checks it later, as this registry does. These are the rules of that forwarding; the
 * forwarder (`src/app/relay.ts`) applies them.
 */

/** Where a presence stands upstream. */
export const UPSTREAM_STATUSES = ['PENDING', 'SENT', 'VALIDATED', 'FAILED', 'REFUSED', 'WITHHELD'] as const;

/**
 * `PENDING`: not acknowledged upstream yet (waiting for its day to be one the upstream takes, for the upstream to
 * answer, or for its turn). `SENT`: acknowledged (`SUCCESSFULLY REGISTERED`), not checked yet. `VALIDATED`,
 * `FAILED`: checked upstream, without or with remarks. `REFUSED`: the upstream refused the item (its errors are
 * kept; it is not sent again). `WITHHELD`: cancelled here before it was ever sent, so never sent.
 */
export type UpstreamStatus = (typeof UPSTREAM_STATUSES)[number];

/** One reason the upstream gave for refusing an item, in its own words. */
export interface UpstreamError {
  readonly code: string;
  readonly description: string;
}

/** Where the cancellation of a presence acknowledged upstream stands there. */
export type UpstreamCancellation =
  | { readonly status: 'PENDING' }
  | { readonly status: 'CANCELLED'; readonly at: string }
  | { readonly status: 'REFUSED'; readonly at: string; readonly errors: readonly UpstreamError[] };

/** A presence's state upstream, as each presence of a relay carries it. */
export type UpstreamState = {
  /** When it last changed. */
  readonly at: string;
  /** Its cancellation, once the presence was cancelled after it was acknowledged upstream. */
  readonly cancellation?: UpstreamCancellation;
} & (
  | { readonly status: 'PENDING' }
  | {
      readonly status: 'SENT' | 'VALIDATED';
      /** The official registry's number: the registration's proof. */
      readonly registrationId: string;
    }
  | {
      readonly status: 'FAILED';
      readonly registrationId: string;
      readonly remarks: readonly Remark[];
    }
  | { readonly status: 'REFUSED'; readonly errors: readonly UpstreamError[] }
  | { readonly status: 'WITHHELD' }
);

/**
 * How many days ahead of today the official web service takes a registration: today and tomorrow only (the
 * protocol's `RegistrationDate`).
 */
export const UPSTREAM_DAYS_AHEAD = 1;

/** The last registration day the upstream takes today: a presence of a later day is held until the day before. */
export function lastSendableDay(today: CalendarDate): CalendarDate {
  return addDays(today, UPSTREAM_DAYS_AHEAD);
}

/** The day a presence of `day` can first be sent upstream: the day before it (or today, for today and tomorrow). */
export function sendingDay(day: CalendarDate, today: CalendarDate): CalendarDate {
  const first = addDays(day, -UPSTREAM_DAYS_AHEAD);
  return first > today ? first : today;
}

/**
 * Whether a presence of `day` still pending upstream waits for its day to come within the upstream's reach: it is
 * scheduled, to be sent on {@link sendingDay}.
 */
export function isScheduled(day: CalendarDate, today: CalendarDate): boolean {
  return day > lastSendableDay(today);
}

/**
 * The official cancellation reasons (`CancellationReason`, ≤ 15 characters): `HOLIDAY`, `DISEASE`, `PLANNING`,
 * `C32A` (temporary unemployment), and `OTHER` for the rest.
 */
export const UPSTREAM_CANCELLATION_REASONS = ['HOLIDAY', 'DISEASE', 'PLANNING', 'C32A', 'OTHER'] as const;

/** A cancellation reason as the upstream takes it. */
export type UpstreamCancellationReason = (typeof UPSTREAM_CANCELLATION_REASONS)[number];

/**
 * The words that say each official reason in a free-text reason, in the registry's languages (French, Dutch,
 * English), lower case without accents. The first official reason whose word appears wins: the first line holds
 * words that begin like another reason's word but say something else (a dismissal, "congédié"; "illegal").
 */
const REASON_WORDS: readonly (readonly [UpstreamCancellationReason, readonly string[]])[] = [
  ['OTHER', ['congedi', 'illeg']],
  [
    'C32A',
    [
      'c32a',
      'c3.2a',
      'chomage temporaire',
      'tijdelijke werkloosheid',
      'tijdelijk werkloos',
      'temporary unemployment',
      'temporarily unemployed',
    ],
  ],
  ['DISEASE', ['disease', 'ill', 'sick', 'malad', 'ziek']],
  ['HOLIDAY', ['holiday', 'vacation', 'leave', 'conge', 'vacance', 'ferie', 'verlof', 'vakantie', 'feest']],
  ['PLANNING', ['planning', 'schedule', 'plann', 'horaire', 'rooster', 'wijziging', 'changement']],
];

/**
 * The official reason for a cancellation given in free text here: an official value as is (`HOLIDAY`), else the
 * one whose word the text holds ("congé", "ziek", "planning change"), else `OTHER`.
 */
export function upstreamCancellationReason(reason: string): UpstreamCancellationReason {
  const text = reason
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
  const exact = UPSTREAM_CANCELLATION_REASONS.find((value) => value.toLowerCase() === text.trim());
  if (exact !== undefined) return exact;
  const words = text.split(/[^a-z0-9.]+/u).filter((word) => word.length > 0);
  for (const [official, markers] of REASON_WORDS) {
    const said = (marker: string): boolean =>
      marker.includes(' ') ? text.includes(marker) : words.some((word) => word.startsWith(marker));
    if (markers.some(said)) return official;
  }
  return 'OTHER';
}

/** The waits between two tries of a failing upstream: from `firstMs`, doubling, never above `mostMs`. */
export interface Backoff {
  readonly firstMs: number;
  readonly mostMs: number;
}

/** The relay's waits: 1 s doubling to 60 s. */
export const UPSTREAM_BACKOFF: Backoff = { firstMs: 1_000, mostMs: 60_000 };

/**
 * How long to wait after the `failures`-th failure in a row (1 for the first): "equal jitter" — half the doubled
 * wait, plus a random part of the other half (`random` in [0, 1)), so that relays that failed together do not come
 * back together, and none waits less than half its turn.
 */
export function backoffMs(failures: number, random: number, backoff: Backoff = UPSTREAM_BACKOFF): number {
  const ceiling = Math.min(backoff.mostMs, backoff.firstMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/**
 * How long after it was acknowledged upstream a presence is asked again for its check: `firstMs` after, doubling
 * up to `mostMs` between two asks.
 */
export const UPSTREAM_POLL: Backoff = { firstMs: 30_000, mostMs: 3_600_000 };

/** How many days after its registration day a presence's check is still asked for upstream. */
export const UPSTREAM_POLL_DAYS = 7;

/**
 * A stretch of time during which one relay instance's calls to the upstream all had the same outcome: answered
 * (any answer of the protocol, a refusal included), or not answered (no connection, a timeout, a 5xx, a
 * `SystemError`, a TLS failure). A stretch without an answer lasts until the next answer: that is when the upstream
 * was seen back.
 */
export interface UpstreamSpan {
  readonly instanceId: string;
  readonly answering: boolean;
  readonly from: string;
  readonly to: string;
  readonly calls: number;
  /** The last failure seen, for a stretch without an answer. */
  readonly lastError?: string;
}

/** The outcome of one call to the upstream, as the journal records it. */
export interface UpstreamCall {
  readonly startedAt: string;
  readonly endedAt: string;
  readonly answered: boolean;
  readonly error?: string;
}

/**
 * The stretches a call writes: the current one extended, or — when the outcome changed — the current one closed
 * and a new one begun. An outage begins when its first failing call began, and ends when the first answer after
 * it came.
 */
export function journalCall(
  current: UpstreamSpan | undefined,
  instanceId: string,
  call: UpstreamCall,
): UpstreamSpan[] {
  const error = call.answered || call.error === undefined ? {} : { lastError: call.error };
  if (current !== undefined && current.answering === call.answered) {
    return [{ ...current, to: call.endedAt, calls: current.calls + 1, ...error }];
  }
  const begun: UpstreamSpan = {
    instanceId,
    answering: call.answered,
    from: call.answered ? call.endedAt : call.startedAt,
    to: call.endedAt,
    calls: 1,
    ...error,
  };
  if (current === undefined) return [begun];
  return call.answered ? [{ ...current, to: call.endedAt }, begun] : [begun];
}

/** A stretch of time when the upstream did not answer the relay. */
export interface UpstreamOutage {
  readonly from: string;
  readonly to: string;
}

/**
 * The outages within [from, to]: the stretches without an answer of every instance, merged where they overlap.
 * An instance's stretch of answers does not cut another's outage: between two answered calls it may have made no
 * call at all, and a line that failed one instance failed the companies whose registrations went through it.
 */
export function upstreamOutages(
  spans: readonly UpstreamSpan[],
  period: { readonly from: Date; readonly to: Date },
): UpstreamOutage[] {
  const intervals = spans
    .filter((span) => !span.answering)
    .map((span): [number, number] => [
      Math.max(Date.parse(span.from), period.from.getTime()),
      Math.min(Date.parse(span.to), period.to.getTime()),
    ])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of intervals) {
    const last = merged.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged.map(([start, end]) => ({
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
  }));
}

/** How long the upstream may fail before the procedure is offered, when nothing else is said: 15 minutes. */
export const DEFAULT_UPSTREAM_PROCEDURE_AFTER_MS = 15 * 60_000;

/** The working day, in Brussels minutes after midnight, during which a failing upstream calls for the procedure. */
export const WORKING_DAY_MINUTES = { from: 5 * 60, to: 21 * 60 } as const;

/**
 * Whether the procedure for "Checkin@Work is unavailable" is to be offered now, and since when the upstream fails:
 * its latest stretch is one without answers, it has lasted `afterMs` at least, and it is the working day in
 * Brussels (`minutes`: the Brussels clock's minutes after midnight now) — a night's outage troubles no site.
 */
export function procedureAdvisedSince(
  latest: UpstreamSpan | undefined,
  now: Date,
  minutes: number,
  afterMs: number,
): string | undefined {
  if (latest === undefined || latest.answering) return undefined;
  if (now.getTime() - Date.parse(latest.from) < afterMs) return undefined;
  if (minutes < WORKING_DAY_MINUTES.from || minutes >= WORKING_DAY_MINUTES.to) return undefined;
  return latest.from;
}
