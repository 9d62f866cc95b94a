import { Type } from 'typebox';

export const StatusReply = Type.Object({
  status: Type.Literal('AVAILABLE'),
  time: Type.String(),
  today: Type.String({ description: 'Today in Brussels' }),
  version: Type.String(),
  instance: Type.Object({ id: Type.String(), startedAt: Type.String() }),
  upstream: Type.Optional(
    Type.Object(
      {
        since: Type.String({ description: 'Since when the official registry has not answered' }),
        procedureAdvised: Type.Boolean({
          description:
            'True once it has failed long enough (UPSTREAM_PROCEDURE_AFTER_MS) during the working day: the ' +
            'emergency procedure for "Checkin@Work is unavailable" applies',
        }),
      },
      {
        description:
          "A relay's only, while the official registry it forwards to does not answer: this registry still takes " +
          'registrations, which are sent once it answers again',
      },
    ),
  ),
});

export const HistoryQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({ maxLength: 40, description: 'An instant or a day; 7 days before `to` by default' }),
    ),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'An instant or a day; now by default' })),
  },
  { additionalProperties: false },
);

export const HistoryReply = Type.Object({
  from: Type.String(),
  to: Type.String(),
  runs: Type.Array(
    Type.Object({
      instanceId: Type.String(),
      startedAt: Type.String(),
      endedAt: Type.Optional(Type.String()),
      state: Type.Union([Type.Literal('RUNNING'), Type.Literal('STOPPED'), Type.Literal('CRASHED')]),
    }),
  ),
  outages: Type.Array(
    Type.Object({
      from: Type.String(),
      to: Type.String(),
      cause: Type.Union([Type.Literal('STOPPED'), Type.Literal('CRASHED')], {
        description: 'STOPPED: stopped cleanly (maintenance); CRASHED: ended without stopping',
      }),
    }),
  ),
});
