import { Type } from 'typebox';
import { UPSTREAM_STATUSES } from '../../domain/upstream.js';

/** A relay's status: its outbox's counts and whether the upstream answers. */
export const UpstreamReply = Type.Object({
  relaying: Type.Boolean({
    description: 'Whether this registry forwards to an official registry (UPSTREAM_URL)',
  }),
  since: Type.String({ description: 'The counts are of the presences of the days from this one on' }),
  counts: Type.Object({
    byStatus: Type.Object(Object.fromEntries(UPSTREAM_STATUSES.map((status) => [status, Type.Integer()])), {
      description: 'How many presences stand in each upstream state',
    }),
    cancellationsPending: Type.Integer({ description: 'Cancellations still to forward' }),
    scheduled: Type.Integer({
      description: 'Presences of a day further ahead than the upstream takes, sent the day before',
    }),
    oldestPendingSince: Type.Optional(
      Type.String({ description: 'When the oldest presence still PENDING was registered here' }),
    ),
  }),
  answering: Type.Optional(
    Type.Object(
      {
        answering: Type.Boolean(),
        since: Type.String({ description: 'Since when the upstream answers (or does not)' }),
        lastCallAt: Type.String(),
        lastError: Type.Optional(Type.String()),
      },
      { description: "The upstream's latest answers, from its availability journal; absent before any call" },
    ),
  ),
});
