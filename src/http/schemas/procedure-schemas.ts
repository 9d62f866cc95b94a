import { Type } from 'typebox';
import { EVIDENCE_KINDS } from '../../domain/procedure/incident.js';
import { ATTEMPT_CHANNELS, ORIGINS, PROVIDER_OUTCOMES } from '../../domain/procedure/situation.js';
import { OUTCOMES } from '../../domain/procedure/decision.js';
import { VERDICTS } from '../../domain/procedure/verdict.js';
import { BoundedInteger, DateText, EnterpriseText, Text } from './common.js';
import { Worker } from './presence-schemas.js';

const Instant = (description: string) =>
  Type.String({ maxLength: 40, description: `${description} (ISO-8601 instant, e.g. 2026-11-27T06:30:00Z)` });
const oneOf = (values: readonly string[], description: string) =>
  Type.String({ maxLength: 40, description: `${description}: ${values.join(' | ')}` });

/** A text in French, Dutch and English. */
export const TextsSchema = Type.Object({ fr: Type.String(), nl: Type.String(), en: Type.String() });
const StepSchema = Type.Object({ code: Type.String(), text: TextsSchema });

const Attempt = Type.Object(
  {
    channel: oneOf(ATTEMPT_CHANNELS, 'The channel tried'),
    at: Instant('When'),
    result: oneOf(['OK', 'FAILED'], 'What came of it'),
    error: Type.Optional(Text(500, 'The error seen')),
  },
  { additionalProperties: false },
);

/** The fields of a situation, as requests give them: all optional but the origin. */
const situationFields = {
  origin: oneOf(ORIGINS, 'Where the unavailability comes from (UNKNOWN when you cannot tell)'),
  at: Type.Optional(Instant('The moment of the situation; now by default')),
  permanentlyWithoutInfrastructure: Type.Optional(
    Type.Boolean({
      description: 'The workplace has no network or power for good (when no workplace is named)',
    }),
  ),
  usesCoContractorMeans: Type.Optional(
    Type.Boolean({ description: "A subcontractor registering with its co-contractor's means" }),
  ),
  providerContact: Type.Optional(
    Type.Object(
      {
        at: Instant('When the provider was contacted'),
        outcome: oneOf(PROVIDER_OUTCOMES, 'What came of it'),
      },
      { additionalProperties: false },
    ),
  ),
  channelsTried: Type.Optional(Type.Array(Attempt, { maxItems: 50 })),
  referenceNumber: Type.Optional(
    Type.String({ maxLength: 20, description: "The contact center's reference number, once obtained" }),
  ),
  claimedFrom: Type.Optional(Instant('Start of the unavailability claimed')),
  claimedTo: Type.Optional(Instant('End of the unavailability claimed')),
};

export const DecideBody = Type.Object(
  {
    ...situationFields,
    workplaceId: Type.Optional(
      Type.String({
        maxLength: 32,
        description: 'The workplace: its flag of permanent unavailability applies',
      }),
    ),
  },
  { additionalProperties: false },
);

/** A situation as the registry read it. */
export const SituationSchema = Type.Object(
  {
    origin: Type.Union(ORIGINS.map((o) => Type.Literal(o))),
    at: Type.String(),
    permanentlyWithoutInfrastructure: Type.Boolean(),
    usesCoContractorMeans: Type.Boolean(),
    providerContact: Type.Optional(Type.Object({ at: Type.String(), outcome: Type.String() })),
    channelsTried: Type.Array(
      Type.Object({
        channel: Type.String(),
        at: Type.String(),
        result: Type.String(),
        error: Type.Optional(Type.String()),
      }),
    ),
    referenceNumber: Type.Optional(Type.String()),
    claimedFrom: Type.Optional(Type.String()),
    claimedTo: Type.Optional(Type.String()),
    journal: Type.Optional(
      Type.Union([Type.Literal('CONFIRMED'), Type.Literal('NOT_CONFIRMED')], {
        description: "REGISTRY_UNAVAILABLE: whether the registry's availability journal shows an outage then",
      }),
    ),
  },
  { $id: 'Situation' },
);

/** The procedure's answer. */
export const DecisionSchema = Type.Object(
  {
    outcome: Type.Union(OUTCOMES.map((o) => Type.Literal(o))),
    exempt: Type.Boolean({ description: 'Whether the day is exempt from registration' }),
    ground: Type.Optional(
      Type.Union([Type.Literal('THIRD_PARTY_INFRASTRUCTURE'), Type.Literal('REGISTRY_UNAVAILABLE')]),
    ),
    verification: Type.Optional(
      Type.Object({
        status: Type.Union([
          Type.Literal('CONFIRMED'),
          Type.Literal('NOT_CONFIRMED'),
          Type.Literal('TO_VERIFY'),
        ]),
        by: Type.Union([Type.Literal('REGISTRY_JOURNAL'), Type.Literal('COMPETENT_SERVICES')]),
      }),
    ),
    step: Type.String({
      description: "The procedure's step: 1, 2, 3.1, 3.2, 3.3, SUMMARY (its table) or WARNING",
    }),
    nextSteps: Type.Array(StepSchema),
    questions: Type.Optional(
      Type.Array(StepSchema, { description: 'UNKNOWN origin: what tells the origins apart' }),
    ),
  },
  { $id: 'Decision' },
);

export const DecideReply = Type.Object({ situation: Type.Ref('Situation'), decision: Type.Ref('Decision') });

const EvidenceFields = {
  kind: oneOf(EVIDENCE_KINDS, 'What it is'),
  description: Text(2000, 'What it shows'),
  reference: Type.Optional(Text(200, "The operator's ticket number, the notice's reference, …")),
  content: Type.Optional(
    Text(200_000, "The evidence as text (the site agent's log of failed attempts, say)"),
  ),
};
const EvidenceSchema = Type.Object({
  kind: Type.String(),
  description: Type.String(),
  reference: Type.Optional(Type.String()),
  content: Type.Optional(Type.String()),
});

export const ReportIncidentBody = Type.Object(
  {
    ...situationFields,
    workplaceId: Type.String({ maxLength: 32, description: 'The workplace' }),
    date: DateText('The day that cannot be registered (reports after the fact are welcome)'),
    employer: EnterpriseText('The employer whose workers cannot be registered'),
    description: Type.Optional(Text(4000, 'What happened, in your words')),
  },
  { additionalProperties: false },
);

export const IncidentEventBody = Type.Object(
  {
    type: oneOf(
      [
        'PROVIDER_CONTACTED',
        'CHANNEL_TRIED',
        'REGISTERED_OTHER_CHANNEL',
        'REFERENCE_OBTAINED',
        'EVIDENCE_ADDED',
        'ORIGIN_IDENTIFIED',
      ],
      'What happened',
    ),
    at: Type.Optional(Instant('When it happened; now by default')),
    outcome: Type.Optional(oneOf(PROVIDER_OUTCOMES, 'PROVIDER_CONTACTED: what came of it')),
    channel: Type.Optional(oneOf(ATTEMPT_CHANNELS, 'CHANNEL_TRIED, REGISTERED_OTHER_CHANNEL: the channel')),
    result: Type.Optional(oneOf(['OK', 'FAILED'], 'CHANNEL_TRIED: what came of it')),
    error: Type.Optional(Text(500, 'CHANNEL_TRIED: the error seen')),
    referenceNumber: Type.Optional(
      Type.String({ maxLength: 20, description: 'REFERENCE_OBTAINED: the number' }),
    ),
    origin: Type.Optional(
      oneOf(
        ORIGINS.filter((o) => o !== 'UNKNOWN'),
        'ORIGIN_IDENTIFIED: the origin found',
      ),
    ),
    evidence: Type.Optional(Type.Object(EvidenceFields, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

const IncidentEventSchema = Type.Object({
  sequence: Type.Integer(),
  type: Type.String(),
  at: Type.String(),
  recordedAt: Type.String(),
  recordedBy: Type.String({ description: 'The id of the key that recorded it' }),
  outcome: Type.Optional(Type.String()),
  channel: Type.Optional(Type.String()),
  result: Type.Optional(Type.String()),
  error: Type.Optional(Type.String()),
  referenceNumber: Type.Optional(Type.String()),
  origin: Type.Optional(Type.String()),
  evidence: Type.Optional(EvidenceSchema),
});

/** An incident with its events and the decision they lead to. */
export const IncidentSchema = Type.Object(
  {
    id: Type.String(),
    workplaceId: Type.String(),
    date: Type.String(),
    employer: Type.String(),
    reportedBy: Type.Object({ role: Type.String(), enterprise: Type.String() }),
    reportedAt: Type.String(),
    description: Type.Optional(Type.String()),
    situation: Type.Ref('Situation'),
    decision: Type.Ref('Decision'),
    events: Type.Array(IncidentEventSchema),
    evidence: Type.Array(EvidenceSchema, {
      description: 'The evidence given, kept for the competent services',
    }),
  },
  { $id: 'Incident' },
);

export const IncidentReply = Type.Object({ incident: Type.Ref('Incident') });
export const IncidentsReply = Type.Object({ incidents: Type.Array(Type.Ref('Incident')) });
export const IncidentsQuery = Type.Object(
  {
    workplaceId: Type.String({ maxLength: 32, description: 'The workplace' }),
    date: DateText('The day'),
  },
  { additionalProperties: false },
);

const contactAbout = {
  enterprise: EnterpriseText('The company that cannot register'),
  workplaceId: Type.String({ maxLength: 32, description: 'The workplace' }),
  date: DateText('The day'),
  incidentId: Type.Optional(
    Type.String({
      maxLength: 64,
      pattern: '^[A-Za-z0-9._~-]+$',
      description: 'Your incident, if you reported one',
    }),
  ),
};

export const ContactFormBody = Type.Object(
  {
    ...contactAbout,
    description: Text(4000, 'What is wrong'),
    contact: Type.Object(
      {
        name: Text(200, 'Who to call back'),
        phone: Type.Optional(Type.String({ maxLength: 40 })),
        email: Type.Optional(Type.String({ maxLength: 254 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const IssueReferenceBody = Type.Object(
  { ...contactAbout, note: Text(4000, "The agent's note of the call") },
  { additionalProperties: false },
);

/** A reference number of the contact center. */
export const ReferenceSchema = Type.Object(
  {
    number: Type.String({ description: 'XXXX-XXXX, its last character a check character' }),
    source: Type.Union([Type.Literal('PHONE'), Type.Literal('CONTACT_FORM')]),
    enterprise: Type.String(),
    workplaceId: Type.String(),
    date: Type.String(),
    note: Type.String(),
    contact: Type.Optional(
      Type.Object({
        name: Type.String(),
        phone: Type.Optional(Type.String()),
        email: Type.Optional(Type.String()),
      }),
    ),
    incidentId: Type.Optional(Type.String()),
    issuedAt: Type.String(),
    issuedBy: Type.String(),
  },
  { $id: 'ContactReference' },
);

export const ReferenceReply = Type.Object({
  referenceNumber: Type.String(),
  reference: Type.Ref('ContactReference'),
});
export const ReferencesReply = Type.Object({ references: Type.Array(Type.Ref('ContactReference')) });
export const ReferenceParams = Type.Object(
  { number: Type.String({ maxLength: 20, description: 'A reference number, as written' }) },
  { additionalProperties: false },
);
export const ReferencesQuery = Type.Object(
  {
    from: Type.Optional(Instant('From (7 days ago by default)')),
    to: Type.Optional(Instant('To (now by default)')),
    limit: Type.Optional(BoundedInteger(1, 500, { description: 'How many, newest first; 200 by default' })),
  },
  { additionalProperties: false },
);

const RosterLine = Type.Object(
  { worker: Worker, lastName: Text(100, 'Last name'), firstName: Text(100, 'First name') },
  { additionalProperties: false },
);
export const RosterBody = Type.Object(
  { workers: Type.Array(RosterLine, { maxItems: 5000 }) },
  { additionalProperties: false },
);
export const RosterQuery = Type.Object(
  { enterprise: Type.Optional(EnterpriseText('Whose roster (providers and inspectors name it)')) },
  { additionalProperties: false },
);
const RosterEntrySchema = Type.Object({
  worker: Type.Object({ niss: Type.Optional(Type.String()), limosaId: Type.Optional(Type.String()) }),
  lastName: Type.String(),
  firstName: Type.String(),
});
export const RosterReply = Type.Object({ workers: Type.Array(RosterEntrySchema) });

export const PaperListingBody = Type.Object(
  {
    referenceNumber: Type.String({ maxLength: 20, description: "The contact center's reference number" }),
    workplaceId: Type.String({ maxLength: 32, description: 'The workplace (works declaration number)' }),
    date: DateText('The day'),
    employer: EnterpriseText('The company whose workers the listing holds'),
  },
  { additionalProperties: false },
);

/** A paper attendance listing. */
export const PaperListingSchema = Type.Object(
  {
    id: Type.String(),
    referenceNumber: Type.String(),
    workplaceId: Type.String(),
    date: Type.String(),
    employer: Type.String(),
    createdBy: Type.Object({ role: Type.String(), enterprise: Type.String() }),
    createdAt: Type.String(),
  },
  { $id: 'PaperListing' },
);

const EntrySchema = Type.Object({
  worker: Type.Object({ niss: Type.Optional(Type.String()), limosaId: Type.Optional(Type.String()) }),
  lastName: Type.Optional(Type.String()),
  firstName: Type.Optional(Type.String()),
  presenceId: Type.String(),
  receiptNumber: Type.String(),
  capturedAt: Type.String(),
});

export const PaperListingReply = Type.Object({
  paperListing: Type.Ref('PaperListing'),
  entries: Type.Optional(Type.Array(EntrySchema, { description: 'The lines captured back so far' })),
  pdf: Type.Optional(Type.String({ description: 'Where to get the listing to print' })),
});

export const EntriesBody = Type.Object(
  {
    entries: Type.Array(
      Type.Object(
        {
          worker: Worker,
          lastName: Text(100, 'Last name, as written'),
          firstName: Text(100, 'First name, as written'),
          referenceNumber: Type.Optional(
            Type.String({
              maxLength: 20,
              description: 'The reference number as written on the sheet: checked',
            }),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

export const DossierParams = Type.Object(
  {
    id: Type.String({ maxLength: 32, description: 'The workplace' }),
    date: DateText('The day'),
  },
  { additionalProperties: false },
);
export const DossierQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('pdf'), Type.Literal('csv')], {
        description: 'json (default), pdf or csv',
      }),
    ),
    lang: Type.Optional(
      Type.Union([Type.Literal('fr'), Type.Literal('nl'), Type.Literal('en')], {
        description: 'The language of the PDF and CSV (fr by default)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const DossierReply = Type.Object({
  workplace: Type.Ref('Workplace'),
  contractors: Type.Array(Type.Object({ enterprise: Type.String(), parent: Type.String() })),
  date: Type.String(),
  generatedAt: Type.String(),
  truncated: Type.Boolean({ description: 'More presences than one dossier lists: counts fall short' }),
  presences: Type.Array(Type.Ref('Presence')),
  cancellations: Type.Array(Type.Ref('Presence')),
  incidents: Type.Array(Type.Ref('Incident')),
  references: Type.Array(Type.Ref('ContactReference')),
  paperListings: Type.Array(
    Type.Object({ paperListing: Type.Ref('PaperListing'), entries: Type.Array(EntrySchema) }),
  ),
  availability: Type.Object({
    from: Type.String(),
    to: Type.String(),
    outages: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), cause: Type.String() })),
    upstreamOutages: Type.Array(Type.Object({ from: Type.String(), to: Type.String() }), {
      description:
        "A relay's: when the official registry did not answer it that day (its journal of the upstream's answers)",
    }),
  }),
  verdicts: Type.Array(
    Type.Object({
      employer: Type.String(),
      verdict: Type.Union(VERDICTS.map((v) => Type.Literal(v))),
      verification: Type.Optional(Type.Object({ status: Type.String(), by: Type.String() })),
      incidentIds: Type.Array(Type.String()),
      counts: Type.Object({
        registered: Type.Integer(),
        paperLines: Type.Integer(),
        cancelled: Type.Integer(),
      }),
      detail: TextsSchema,
    }),
  ),
});
