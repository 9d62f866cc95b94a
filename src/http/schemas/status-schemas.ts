import { Type } from 'typebox';

export const StatusReply = Type.Object({
  status: Type.Literal('AVAILABLE'),
  time: Type.String(),
  today: Type.String({ description: 'Today in Brussels' }),
  version: Type.String(),
  instance: Type.Object({ id: Type.String(), startedAt: Type.String() }),
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
