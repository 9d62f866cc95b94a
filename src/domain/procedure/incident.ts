import type { CalendarDate } from '../calendar-date.js';
import type { EnterpriseNumber } from '../enterprise-number.js';
import type { Sender } from '../principal.js';
import type { ReferenceNumber } from '../reference-number.js';
import type { WorkplaceId } from '../workplace-id.js';
import type { Decision } from './decision.js';
import type { AttemptChannel, ChannelAttempt, Origin, ProviderOutcome, Situation } from './situation.js';

/** The kinds of evidence kept with an incident for the competent services. */
export const EVIDENCE_KINDS = [
  'OPERATOR_TICKET',
  'OUTAGE_NOTICE',
  'AGENT_LOG',
  'PROVIDER_STATEMENT',
  'PHOTO_OR_DOCUMENT',
  'OTHER',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** A piece of evidence: what it is, and its text (a ticket number, a notice, the site agent's log of attempts). */
export interface Evidence {
  readonly kind: EvidenceKind;
  readonly description: string;
  /** The operator's ticket number, the notice's reference, … */
  readonly reference?: string;
  /** The evidence itself when it is text (the site agent's log of failed attempts, say). */
  readonly content?: string;
}

/** What happened after an incident was reported. Each event is dated `at`: when it happened, not when it was told. */
export type IncidentEventBody =
  | { readonly type: 'PROVIDER_CONTACTED'; readonly outcome: ProviderOutcome }
  | {
      readonly type: 'CHANNEL_TRIED';
      readonly channel: AttemptChannel;
      readonly result: 'OK' | 'FAILED';
      readonly error?: string;
    }
  | { readonly type: 'REGISTERED_OTHER_CHANNEL'; readonly channel: AttemptChannel }
  | { readonly type: 'REFERENCE_OBTAINED'; readonly referenceNumber: ReferenceNumber }
  | { readonly type: 'EVIDENCE_ADDED'; readonly evidence: Evidence }
  | { readonly type: 'ORIGIN_IDENTIFIED'; readonly origin: Exclude<Origin, 'UNKNOWN'> };

export type IncidentEventType = IncidentEventBody['type'];

/** An event as recorded: its place in the incident, when it happened, when and by whom it was recorded. */
export type IncidentEvent = IncidentEventBody & {
  readonly sequence: number;
  readonly at: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
};

/**
 * A company's report that it cannot register presences on a workplace for a day, with what happened next and
 * the procedure's decision, recomputed and stored with every event.
 */
export interface Incident {
  readonly id: string;
  readonly workplaceId: WorkplaceId;
  readonly date: CalendarDate;
  readonly employer: EnterpriseNumber;
  readonly reportedBy: Sender;
  readonly reportedAt: string;
  readonly description?: string;
  /** The situation as reported, then as every event changed it. */
  readonly situation: Situation;
  readonly decision: Decision;
  readonly events: readonly IncidentEvent[];
}

/**
 * The situation after an event: each event is one fact the decision takes into account. (When the decision is
 * taken — whether the contact center is open — is for the caller to say: it is the situation's `at`.)
 */
export function applyEvent(
  situation: Situation,
  event: IncidentEventBody & { readonly at: string },
): Situation {
  switch (event.type) {
    case 'PROVIDER_CONTACTED':
      return { ...situation, providerContact: { at: event.at, outcome: event.outcome } };
    case 'CHANNEL_TRIED':
      return withAttempt(situation, {
        channel: event.channel,
        at: event.at,
        result: event.result,
        ...(event.error === undefined ? {} : { error: event.error }),
      });
    case 'REGISTERED_OTHER_CHANNEL':
      return withAttempt(situation, { channel: event.channel, at: event.at, result: 'OK' });
    case 'REFERENCE_OBTAINED':
      return { ...situation, referenceNumber: event.referenceNumber };
    case 'EVIDENCE_ADDED':
      return situation;
    case 'ORIGIN_IDENTIFIED':
      return { ...situation, origin: event.origin };
  }
}

function withAttempt(situation: Situation, attempt: ChannelAttempt): Situation {
  return { ...situation, channelsTried: [...situation.channelsTried, attempt] };
}

/** The evidence kept with an incident, in the order it was given. */
export function evidenceOf(incident: Pick<Incident, 'events'>): Evidence[] {
  return incident.events.flatMap((e) => (e.type === 'EVIDENCE_ADDED' ? [e.evidence] : []));
}
