import type { CalendarDate } from '../domain/calendar-date.js';
import type { Result } from '../domain/result.js';
import type { UpstreamCancellationReason, UpstreamError } from '../domain/upstream.js';
import type { Remark } from '../domain/validation.js';

/**
 * The official registry as the relay calls it: the four operations of its protocol, in the domain's terms. One
 * adapter per protocol (`soap/`: the PresenceRegistration v1 web service, signed with the sender's certificate).
 */
export interface UpstreamService {
  /** Registers presences (200 at most), each on its own: the outcome per item, in order. */
  register(items: readonly UpstreamSubmit[]): Promise<Result<UpstreamRegisterOutcome[], UpstreamFailure>>;
  /** Cancels registrations (200 at most) by their official number: the outcome per item, in order. */
  cancel(items: readonly UpstreamCancel[]): Promise<Result<UpstreamCancelOutcome[], UpstreamFailure>>;
  /** The registrations the sender may see of one workplace and day (every page). */
  find(query: UpstreamQuery): Promise<Result<UpstreamRegistration[], UpstreamFailure>>;
  /** One registration by its official number, or `null` when the upstream has none by it. */
  get(registrationId: string): Promise<Result<UpstreamRegistration | null, UpstreamFailure>>;
}

/** A presence as sent upstream. */
export interface UpstreamSubmit {
  readonly registrationDate: CalendarDate;
  /** A national (or BIS) number and the employer's enterprise number, or a Limosa id alone. */
  readonly worker: { readonly inss: string; readonly companyId: string } | { readonly limosaId: string };
  readonly workplaceId: string;
  /** The presence's own reference, by which it is found upstream again (`ClientPresenceRegistrationReference`). */
  readonly clientReference: string;
}

/** A cancellation as sent upstream. */
export interface UpstreamCancel {
  readonly registrationId: string;
  readonly reason: UpstreamCancellationReason;
}

/** What a search upstream looks for. */
export interface UpstreamQuery {
  readonly workplaceId: string;
  readonly registrationDate: CalendarDate;
}

/** A registration as the upstream holds it. */
export interface UpstreamRegistration {
  readonly registrationId: string;
  readonly clientReference?: string;
  /** `SENT`: registered, not checked yet. */
  readonly status: 'SENT' | 'VALIDATED' | 'FAILED' | 'CANCELLED';
  readonly remarks: readonly Remark[];
}

/** The upstream's answer for one presence sent. */
export type UpstreamRegisterOutcome =
  | { readonly kind: 'REGISTERED'; readonly registration: UpstreamRegistration }
  | { readonly kind: 'REFUSED'; readonly errors: readonly UpstreamError[] };

/** The upstream's answer for one cancellation sent. */
export type UpstreamCancelOutcome =
  { readonly kind: 'CANCELLED' } | { readonly kind: 'REFUSED'; readonly errors: readonly UpstreamError[] };

/**
 * Why a call got no answer for its items. `UNAVAILABLE`: the upstream's or the line's trouble (no connection, a
 * timeout, a 5xx, a `SystemError`, a TLS failure) — try again later; `delivered` is true when the request may have
 * reached the upstream (it was sent, and no answer came), so that what it asked may have been done.
 * `REJECTED`: the upstream refused the request as a whole (a `BusinessError`): sending it again changes nothing.
 */
export type UpstreamFailure =
  | {
      readonly kind: 'UNAVAILABLE';
      readonly delivered: boolean;
      readonly message: string;
      /** What the upstream asked to wait (`Retry-After`), when it said. */
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'REJECTED'; readonly code: string; readonly message: string }
  /**
   * The upstream answered, and refuses this sender (its certificate unknown, expired or revoked there, its
   * signature refused, its calls too many): nothing can be sent until that is put right — the items wait.
   */
  | {
      readonly kind: 'SENDER_REFUSED';
      readonly code: string;
      readonly message: string;
      readonly retryAfterMs?: number;
    };
