import type { CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import type { Channel, Presence, PresenceRequest } from '../domain/presence.js';
import type { Sender } from '../domain/principal.js';
import type { PresenceNumbers } from '../domain/presence-numbers.js';
import type { PresenceRegistrationId } from '../domain/presence-registration-id.js';
import type { ReferenceNumber } from '../domain/reference-number.js';
import type { UpstreamStatus } from '../domain/upstream.js';
import type { Remark, ValidationStatus } from '../domain/validation.js';
import type { Worker } from '../domain/worker.js';
import type { WorkplaceId } from '../domain/workplace-id.js';

/** A presence ready to be stored: parsed, authorised, dated; the store decides whether it is new. */
export interface PresenceDraft extends PresenceRequest {
  readonly id: string;
  readonly channel: Channel;
  /** The paper listing's reference number, for a line captured back from one (channel `PAPER`). */
  readonly referenceNumber?: ReferenceNumber;
  readonly sender: Sender;
  readonly createdAt: string;
  /**
   * False when a new presence may not be made (its day is past, say): the same presence already registered is
   * still returned — a retry after midnight gets its receipt — but nothing new is written.
   */
  readonly mayCreate: boolean;
  /**
   * True when a new presence is to be forwarded to the official registry (this registry is a relay): it is put
   * in the outbox in the transaction that makes it.
   */
  readonly relay: boolean;
  /** Draws the new presence's receipt number and registration id; called again in the unlikely case of a collision. */
  readonly newNumbers: () => PresenceNumbers;
}

/**
 * What became of a draft. `DUPLICATE`: the same presence was already registered (by clientReference for this
 * sender, or by worker, employer, workplace and day) and is returned instead of a second one.
 * `CLIENT_REFERENCE_CONFLICT`: the sender's clientReference is bound to a different presence.
 * `NOT_REGISTERED`: nothing existed and the draft may not create (`mayCreate` false).
 */
export type RegisterOutcome =
  | { readonly kind: 'CREATED'; readonly presence: Presence }
  | { readonly kind: 'DUPLICATE'; readonly presence: Presence }
  | { readonly kind: 'CLIENT_REFERENCE_CONFLICT'; readonly presence: Presence }
  | { readonly kind: 'NOT_REGISTERED' };

/** What became of a cancellation. */
export type CancelOutcome =
  | { readonly kind: 'CANCELLED'; readonly presence: Presence }
  | { readonly kind: 'ALREADY_CANCELLED'; readonly presence: Presence }
  | { readonly kind: 'NOT_FOUND' };

/** Who may see what in a search: everything (inspectors), or what a place in contractor chains gives. */
export type SearchScope =
  | { readonly kind: 'ALL' }
  | {
      readonly kind: 'CHAIN';
      /** The enterprises the caller acts for: it sees their presences and those of their subcontractors. */
      readonly actingFor: readonly EnterpriseNumber[];
    };

/**
 * A page position: the day of the last presence of the previous page and its place in the store's order of
 * arrival (a sequence number of the store, never shown in a presence).
 */
export interface SearchPosition {
  readonly registrationDate: CalendarDate;
  readonly sequence: number;
}

/** A search over a date range; results are ordered by day, then by order of arrival. */
export interface PresenceQuery {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly workplaceId?: WorkplaceId;
  readonly worker?: Worker;
  readonly employer?: EnterpriseNumber;
  readonly status?: Presence['status'];
  /** Where the presences stand in their checks. */
  readonly validation?: ValidationStatus;
  /** Presences whose latest check made any of these remarks. */
  readonly remarks?: readonly Remark[];
  /** Presences that stand in one of these states at the official registry (a relay's). */
  readonly upstream?: readonly UpstreamStatus[];
  readonly after?: SearchPosition;
  readonly limit: number;
  readonly scope: SearchScope;
}

/** Where presences are kept. Every write is durable when its promise resolves. */
export interface PresenceRepository {
  /**
   * Registers each draft on its own (a duplicate or a conflict of one does not concern the others) and never
   * twice: the outcome per draft, in order. The call is one write: should the database fail, none is registered.
   */
  register(drafts: readonly PresenceDraft[]): Promise<RegisterOutcome[]>;
  /** Cancels a registered presence, recording when, why and by whom. */
  cancel(
    id: string,
    cancellation: { readonly at: string; readonly reason: string; readonly by: Sender },
  ): Promise<CancelOutcome>;
  /** One presence by id, whoever may see it (the caller decides that). */
  get(id: string): Promise<Presence | undefined>;
  /** The id of the presence with this registration id, if there is one (then read it with {@link get}). */
  idOfRegistration(registrationId: PresenceRegistrationId): Promise<string | undefined>;
  /** One page of a search, `limit` at most, and the position after it when more follow. */
  search(query: PresenceQuery): Promise<{ readonly presences: Presence[]; readonly next?: SearchPosition }>;
}
