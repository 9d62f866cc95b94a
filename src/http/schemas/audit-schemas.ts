import { Type } from 'typebox';
import { BoundedInteger } from './common.js';

const Value = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

/** One record of the audit trail, with the hashes that chain it. */
export const AuditRecordSchema = Type.Object(
  {
    seq: Type.Integer({
      description:
        'Its number in the trail; in the first chain (no `chain`), its number there, from 1, without gaps',
    }),
    chain: Type.Optional(
      Type.String({
        description: 'The chain of the instance that wrote it (PostgreSQL); absent: the first chain',
      }),
    ),
    position: Type.Optional(Type.Integer({ description: 'Its number in its chain, from 1, without gaps' })),
    at: Type.String({ description: 'When (ISO 8601, UTC)' }),
    actor: Type.Object({
      kind: Type.Union([
        Type.Literal('key'),
        Type.Literal('user'),
        Type.Literal('command'),
        Type.Literal('anonymous'),
      ]),
      id: Type.String({ description: "The API key's or user's id; for a failed sign-in, the name tried" }),
      role: Type.Optional(Type.String()),
      enterprise: Type.Optional(Type.String()),
      name: Type.String(),
    }),
    action: Type.String({
      description: 'The method and route, e.g. `POST /api/v1/presences`, or the command',
    }),
    target: Type.String({ description: 'The path asked for, without its query string' }),
    personalData: Type.Boolean({ description: 'Whether the answer could carry personal data' }),
    outcome: Type.Integer({ description: "The answer's HTTP status, or the command's exit code" }),
    source: Type.String({ description: "The caller's address, or `command line`" }),
    details: Type.Optional(Type.Record(Type.String(), Value)),
    previousHash: Type.String({
      description: 'The hash of the record before in its chain (64 zeros for the first)',
    }),
    hash: Type.String({ description: 'SHA-256 over this record and the previous hash' }),
  },
  { $id: 'AuditRecord' },
);

export const AuditQuery = Type.Object(
  {
    after: Type.Optional(
      // Bounded, so that a number no database column holds is refused here rather than by the database.
      BoundedInteger(0, Number.MAX_SAFE_INTEGER, {
        description: 'Records after this number (the `next` of a page)',
      }),
    ),
    from: Type.Optional(
      Type.String({ maxLength: 40, description: 'From this day or instant (ISO 8601), inclusive' }),
    ),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'Before this day or instant (ISO 8601)' })),
    limit: Type.Optional(BoundedInteger(1, 1000, { default: 100 })),
  },
  { additionalProperties: false },
);

export const AuditReply = Type.Object({
  records: Type.Array(Type.Ref('AuditRecord')),
  next: Type.Optional(Type.Integer({ description: 'Pass as `after` for the next page' })),
});
