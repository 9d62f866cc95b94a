import { domainError, type DomainError } from '../errors.js';
import { FieldErrors } from '../field-errors.js';
import { parseInstant } from '../instant.js';
import { parseReferenceNumber } from '../reference-number.js';
import { err, ok, type Result } from '../result.js';
import { parseBoundedText, parseOneOf } from '../text.js';
import { EVIDENCE_KINDS, type Evidence, type IncidentEventBody } from './incident.js';
import { ATTEMPT_CHANNELS, ORIGINS, parseAttempt, PROVIDER_OUTCOMES } from './situation.js';

/** The types of event an incident records. */
export const EVENT_TYPES = [
  'PROVIDER_CONTACTED',
  'CHANNEL_TRIED',
  'REGISTERED_OTHER_CHANNEL',
  'REFERENCE_OBTAINED',
  'EVIDENCE_ADDED',
  'ORIGIN_IDENTIFIED',
] as const satisfies readonly IncidentEventBody['type'][];

/** An event as it arrives: its type and the fields that type needs. */
export interface IncidentEventInput {
  readonly type: string;
  readonly at?: string | undefined;
  readonly outcome?: string | undefined;
  readonly channel?: string | undefined;
  readonly result?: string | undefined;
  readonly error?: string | undefined;
  readonly referenceNumber?: string | undefined;
  readonly origin?: string | undefined;
  readonly evidence?:
    | {
        readonly kind: string;
        readonly description: string;
        readonly reference?: string | undefined;
        readonly content?: string | undefined;
      }
    | undefined;
}

/** The longest text of a piece of evidence (the site agent's log of failed attempts, say). */
export const MAX_EVIDENCE_CONTENT = 100_000;
/** How far in the future an event may be dated: clocks differ a little, facts do not happen ahead. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Parses an event: its type, the fields that type needs (each missing one named), and when it happened (now
 * by default; told after the fact, but never dated in the future).
 */
export function parseIncidentEvent(
  input: IncidentEventInput,
  now: Date,
): Result<{ readonly body: IncidentEventBody; readonly at: string }, DomainError[]> {
  const fields = new FieldErrors();
  const at = input.at === undefined ? now : fields.take(parseInstant(input.at), 'at');
  if (at !== undefined && at.getTime() > now.getTime() + CLOCK_SKEW_MS)
    fields.add(
      domainError('INSTANT_INVALID', 'An event is dated when it happened, not in the future.', 'at'),
    );
  const body = parseBody(input, at ?? now, fields);
  if (at === undefined || body === undefined || fields.any()) return err(fields.list);
  return ok({ body, at: at.toISOString() });
}

function parseBody(input: IncidentEventInput, at: Date, fields: FieldErrors): IncidentEventBody | undefined {
  const required = (value: string | undefined, field: string): string | undefined => {
    if (value === undefined)
      fields.add(domainError('FIELD_REQUIRED', `A ${input.type} event needs ${field}.`, field));
    return value;
  };
  switch (input.type) {
    case 'PROVIDER_CONTACTED': {
      const raw = required(input.outcome, 'outcome');
      const outcome =
        raw === undefined
          ? undefined
          : fields.take(parseOneOf(raw, PROVIDER_OUTCOMES, 'The outcome'), 'outcome');
      return outcome === undefined ? undefined : { type: input.type, outcome };
    }
    case 'CHANNEL_TRIED': {
      const channel = required(input.channel, 'channel');
      const result = required(input.result, 'result');
      if (channel === undefined || result === undefined) return undefined;
      const attempt = parseAttempt(
        {
          channel,
          result,
          at: at.toISOString(),
          ...(input.error === undefined ? {} : { error: input.error }),
        },
        fields,
        '',
      );
      return attempt === undefined
        ? undefined
        : {
            type: input.type,
            channel: attempt.channel,
            result: attempt.result,
            ...(attempt.error === undefined ? {} : { error: attempt.error }),
          };
    }
    case 'REGISTERED_OTHER_CHANNEL': {
      const raw = required(input.channel, 'channel');
      const channel =
        raw === undefined
          ? undefined
          : fields.take(parseOneOf(raw, ATTEMPT_CHANNELS, 'The channel'), 'channel');
      return channel === undefined ? undefined : { type: input.type, channel };
    }
    case 'REFERENCE_OBTAINED': {
      const raw = required(input.referenceNumber, 'referenceNumber');
      const referenceNumber =
        raw === undefined ? undefined : fields.take(parseReferenceNumber(raw), 'referenceNumber');
      return referenceNumber === undefined ? undefined : { type: input.type, referenceNumber };
    }
    case 'EVIDENCE_ADDED': {
      if (input.evidence === undefined) {
        fields.add(domainError('FIELD_REQUIRED', 'An EVIDENCE_ADDED event needs evidence.', 'evidence'));
        return undefined;
      }
      const evidence = parseEvidence(input.evidence, fields);
      return evidence === undefined ? undefined : { type: input.type, evidence };
    }
    case 'ORIGIN_IDENTIFIED': {
      const raw = required(input.origin, 'origin');
      const known = ORIGINS.filter((o) => o !== 'UNKNOWN');
      const origin =
        raw === undefined ? undefined : fields.take(parseOneOf(raw, known, 'The origin'), 'origin');
      return origin === undefined ? undefined : { type: input.type, origin };
    }
    default:
      fields.add(domainError('EVENT_TYPE_UNKNOWN', `The type is one of ${EVENT_TYPES.join(', ')}.`, 'type'));
      return undefined;
  }
}

function parseEvidence(
  raw: NonNullable<IncidentEventInput['evidence']>,
  fields: FieldErrors,
): Evidence | undefined {
  const kind = fields.take(parseOneOf(raw.kind, EVIDENCE_KINDS, 'The kind of evidence'), 'evidence.kind');
  const description = fields.take(
    parseBoundedText(raw.description, 'The description', 2000),
    'evidence.description',
  );
  const reference =
    raw.reference === undefined
      ? undefined
      : fields.take(parseBoundedText(raw.reference, 'The reference', 200), 'evidence.reference');
  const content =
    raw.content === undefined
      ? undefined
      : fields.take(parseBoundedText(raw.content, 'The content', MAX_EVIDENCE_CONTENT), 'evidence.content');
  if (kind === undefined || description === undefined || fields.any()) return undefined;
  return {
    kind,
    description,
    ...(reference === undefined ? {} : { reference }),
    ...(content === undefined ? {} : { content }),
  };
}
