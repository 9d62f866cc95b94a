import { Type } from 'typebox';
import { CHANNELS, MAX_DAYS_AHEAD } from '../../domain/presence.js';
import { UPSTREAM_STATUSES } from '../../domain/upstream.js';
import { REMARKS, VALIDATION_STATUSES } from '../../domain/validation.js';
import { BoundedInteger, DateText, EnterpriseText, Text } from './common.js';

/** A worker: by national or BIS number, or by Limosa-1 number. */
export const Worker = Type.Object(
  {
    niss: Type.Optional(
      Type.String({ maxLength: 32, description: 'National (NISS/INSZ) or BIS number, e.g. 85.07.30-033.28' }),
    ),
    limosaId: Type.Optional(
      Type.String({ maxLength: 32, description: 'Limosa-1 declaration number (8 to 20 digits)' }),
    ),
  },
  { additionalProperties: false, description: 'Exactly one of niss or limosaId.' },
);

/** One presence to register. */
export const PresenceItem = Type.Object(
  {
    workplaceId: Type.String({
      maxLength: 32,
      description: 'Works declaration number or registry-assigned id',
    }),
    registrationDate: DateText(`The day of presence: today up to ${MAX_DAYS_AHEAD} days ahead`),
    worker: Worker,
    employer: EnterpriseText("The direct employer (or the self-employed person's own number)"),
    clientReference: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'Your own reference: the idempotency key (1–64 printable ASCII)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RegisterBody = Type.Object(
  {
    presences: Type.Array(PresenceItem, { minItems: 1, maxItems: 200 }),
    channel: Type.Optional(
      Type.Union(
        [
          Type.Literal('ONLINE'),
          Type.Literal('MOBILE'),
          Type.Literal('GATEWAY'),
          Type.Literal('WEB_SERVICE'),
        ],
        {
          description:
            'The channel the registrations come through (default WEB_SERVICE); PAPER is for captured listings.',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const CancelBody = Type.Object(
  {
    cancellations: Type.Array(
      Type.Object(
        { id: Type.String({ maxLength: 64 }), reason: Text(1000, 'Why the presence is cancelled') },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

const RemarkSchema = Type.Union(
  REMARKS.map((r) => Type.Literal(r)),
  { description: 'A remark of a check (the web-service protocol spells each in its own words)' },
);

const ValidationAttemptSchema = Type.Object({
  status: Type.Union([Type.Literal('VALIDATED'), Type.Literal('FAILED')]),
  at: Type.String({ description: 'When the check ran' }),
  remarks: Type.Array(RemarkSchema),
});

/** Where a presence stands in its checks. */
const ValidationSchema = Type.Object(
  {
    status: Type.Union(VALIDATION_STATUSES.map((s) => Type.Literal(s))),
    at: Type.Optional(Type.String({ description: 'When the latest check ran' })),
    remarks: Type.Optional(Type.Array(RemarkSchema)),
    history: Type.Array(ValidationAttemptSchema, {
      description: 'Every check, oldest first (the latest 20)',
    }),
  },
  {
    description:
      'A presence is acknowledged at once and checked in the background against what the registry holds (the ' +
      'declaration of works, the contractor chain, the employment and Limosa registers an administrator loads, ' +
      'the other registrations): PENDING until then, VALIDATED without remark, FAILED with remarks (the presence ' +
      'stands; the company must act). It is checked again when that data changes.',
  },
);

const UpstreamErrorSchema = Type.Object({ code: Type.String(), description: Type.String() });

/** Where a presence stands at the official registry, for a registry that forwards there. */
const UpstreamSchema = Type.Object(
  {
    status: Type.Union(UPSTREAM_STATUSES.map((s) => Type.Literal(s))),
    at: Type.String({ description: 'When it last changed' }),
    registrationId: Type.Optional(
      Type.String({ description: "SENT, VALIDATED, FAILED: the official registry's PresenceRegistrationId" }),
    ),
    remarks: Type.Optional(Type.Array(RemarkSchema, { description: "FAILED: the official check's remarks" })),
    errors: Type.Optional(
      Type.Array(UpstreamErrorSchema, { description: "REFUSED: the official registry's reasons" }),
    ),
    cancellation: Type.Optional(
      Type.Object({
        status: Type.Union([Type.Literal('PENDING'), Type.Literal('CANCELLED'), Type.Literal('REFUSED')]),
        at: Type.Optional(Type.String()),
        errors: Type.Optional(Type.Array(UpstreamErrorSchema)),
      }),
    ),
  },
  {
    description:
      'Only on a registry that forwards to the official one (a relay). PENDING: not acknowledged there yet (its ' +
      'day may be further ahead than the official web service takes: it is sent the day before); SENT: ' +
      'acknowledged, with its official number, not checked yet; VALIDATED or FAILED: checked there; REFUSED: ' +
      'refused there (never sent again); WITHHELD: cancelled here before it was sent, so never sent.',
  },
);

/** A presence as the registry returns it. */
export const PresenceSchema = Type.Object(
  {
    id: Type.String(),
    receiptNumber: Type.String({ description: 'The proof of registration, e.g. 7K3M-9QXD-2R4V' }),
    registrationId: Type.String({
      pattern: '^[1-9][0-9]{14}$',
      description:
        "Its number in the social security's web-service protocol (PresenceRegistrationId): 15 digits, the " +
        'last two check digits, e.g. 483920175562890. GET and cancel accept it in place of the id.',
    }),
    workplaceId: Type.String(),
    registrationDate: Type.String(),
    worker: Type.Object({ niss: Type.Optional(Type.String()), limosaId: Type.Optional(Type.String()) }),
    employer: Type.String(),
    clientReference: Type.Optional(Type.String()),
    channel: Type.Union(CHANNELS.map((c) => Type.Literal(c))),
    referenceNumber: Type.Optional(
      Type.String({ description: "Channel PAPER: the paper listing's contact-center reference number" }),
    ),
    sender: Type.Object({ role: Type.String(), enterprise: Type.String() }),
    status: Type.Union([Type.Literal('REGISTERED'), Type.Literal('CANCELLED')]),
    createdAt: Type.String(),
    cancelledAt: Type.Optional(Type.String()),
    cancellationReason: Type.Optional(Type.String()),
    validation: ValidationSchema,
    upstream: Type.Optional(UpstreamSchema),
  },
  { $id: 'Presence' },
);

/** The result of one item of a batch. */
export const ItemResultSchema = Type.Object(
  {
    index: Type.Integer(),
    status: Type.Union([Type.Literal('REGISTERED'), Type.Literal('CANCELLED'), Type.Literal('REJECTED')]),
    duplicate: Type.Optional(
      Type.Boolean({
        description: 'REGISTERED only: true when this presence was registered before (not twice).',
      }),
    ),
    presence: Type.Optional(Type.Ref('Presence')),
    errors: Type.Optional(Type.Array(Type.Ref('ErrorDetail'))),
  },
  {
    description:
      'REGISTERED (with duplicate and presence), CANCELLED (with presence) or REJECTED (with errors).',
  },
);

export const ResultsReply = Type.Object({ results: Type.Array(ItemResultSchema) });

export const SearchQuery = Type.Object(
  {
    from: DateText('First day'),
    to: DateText('Last day'),
    workplaceId: Type.Optional(Type.String({ maxLength: 32 })),
    worker: Type.Optional(Type.String({ maxLength: 32, description: 'NISS/BIS or Limosa-1 number' })),
    employer: Type.Optional(Type.String({ maxLength: 32 })),
    status: Type.Optional(Type.Union([Type.Literal('REGISTERED'), Type.Literal('CANCELLED')])),
    validation: Type.Optional(
      Type.Union(
        VALIDATION_STATUSES.map((s) => Type.Literal(s)),
        { description: 'Where the presences stand in their checks' },
      ),
    ),
    remark: Type.Optional(
      Type.String({
        maxLength: 600,
        description: 'Presences whose latest check made any of these remarks (codes, comma-separated)',
      }),
    ),
    upstream: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          "A relay's: presences that stand so at the official registry (PENDING, SENT, VALIDATED, FAILED, REFUSED, " +
          'WITHHELD; comma-separated). upstream=PENDING,REFUSED on a past day: those that need the emergency procedure.',
      }),
    ),
    cursor: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'nextCursor of the previous page. Pages follow the order of arrival: a presence registered while paging ' +
          'through today may fall before the cursor; read the day again for a complete list.',
      }),
    ),
    limit: Type.Optional(BoundedInteger(1, 500, { description: 'Page size, 100 by default' })),
  },
  { additionalProperties: false },
);

export const SearchReply = Type.Object({
  presences: Type.Array(Type.Ref('Presence')),
  nextCursor: Type.Optional(Type.String()),
});
