import { Type } from 'typebox';
import { DEFAULT_GRACE_SECONDS, MAX_GRACE_SECONDS } from '../../app/api-keys.js';
import { ROLES } from '../../domain/principal.js';
import { BoundedInteger, EnterpriseText, Text } from './common.js';

export const MandateSchema = Type.Object(
  {
    id: Type.String(),
    company: Type.String(),
    provider: Type.String(),
    createdAt: Type.String(),
    revokedAt: Type.Optional(Type.String()),
  },
  { $id: 'Mandate' },
);

export const GrantMandateBody = Type.Object(
  { provider: EnterpriseText('The service provider you mandate') },
  { additionalProperties: false },
);

export const MandateReply = Type.Object({ mandate: Type.Ref('Mandate') });
export const MandatesQuery = Type.Object(
  {
    enterprise: Type.Optional(
      EnterpriseText('Inspectors: the enterprise whose mandates, given or received, to list (required)'),
    ),
  },
  { additionalProperties: false },
);

export const MandatesReply = Type.Object({ mandates: Type.Array(Type.Ref('Mandate')) });

export const ApiKeySchema = Type.Object(
  {
    id: Type.String(),
    role: Type.String(),
    enterprise: Type.Optional(Type.String()),
    name: Type.String(),
    createdAt: Type.String(),
    revokedAt: Type.Optional(Type.String()),
    expiresAt: Type.Optional(
      Type.String({ description: 'A rotated key works until then (the end of its grace period)' }),
    ),
    replaces: Type.Optional(Type.String({ description: 'The key this one replaced by a rotation' })),
    replacedBy: Type.Optional(Type.String({ description: 'The key made by rotating this one' })),
  },
  { $id: 'ApiKey' },
);

export const CreateKeyBody = Type.Object(
  {
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    enterprise: Type.Optional(EnterpriseText('For company and provider keys')),
    name: Text(200, 'Who or what uses the key'),
  },
  { additionalProperties: false },
);

export const NewKeyReply = Type.Object({
  key: Type.String({ description: 'The key itself: shown this once, never again' }),
  apiKey: Type.Ref('ApiKey'),
});
export const KeyReply = Type.Object({ apiKey: Type.Ref('ApiKey') });
export const KeysReply = Type.Object({ apiKeys: Type.Array(Type.Ref('ApiKey')) });

export const RotateKeyBody = Type.Object(
  {
    graceSeconds: Type.Optional(
      BoundedInteger(0, MAX_GRACE_SECONDS, {
        description: `How long the old key keeps working, in seconds (0: it stops at once; ${DEFAULT_GRACE_SECONDS} by default)`,
      }),
    ),
  },
  { additionalProperties: false },
);

export const RotatedKeyReply = Type.Object({
  key: Type.String({ description: 'The new key itself: shown this once, never again' }),
  apiKey: Type.Ref('ApiKey'),
  replaced: Type.Ref('ApiKey'),
});
