import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app/app-deps.js';
import { cancelPresences } from '../../app/cancel-presences.js';
import { getPresence, searchPresences } from '../../app/read-presences.js';
import { registerPresences } from '../../app/register-presences.js';
import { principalOf } from '../authentication.js';
import { unwrap } from '../problem.js';
import { errorReplies, IdParams } from '../schemas/common.js';
import {
  CancelBody,
  RegisterBody,
  ResultsReply,
  SearchQuery,
  SearchReply,
} from '../schemas/presence-schemas.js';

const tags = ['presences'];
const security = [{ apiKey: [] }];

/** Registration, cancellation, reading and search of presences. */
export function presenceRoutes(deps: AppDeps): FastifyPluginCallbackTypebox {
  return (app, _options, done) => {
    app.post(
      '/presences',
      {
        schema: {
          tags,
          security,
          summary: 'Register presences (1–200), each on its own, never twice',
          body: RegisterBody,
          response: { 200: ResultsReply, ...errorReplies(400, 401, 403, 413, 415) },
        },
      },
      async (request) => {
        const results = unwrap(
          await registerPresences(deps, principalOf(request), {
            presences: request.body.presences,
            channel: request.body.channel ?? 'WEB_SERVICE',
          }),
        );
        return { results };
      },
    );

    app.post(
      '/presences/cancel',
      {
        schema: {
          tags,
          security,
          summary: 'Cancel presences (1–200), giving a reason',
          body: CancelBody,
          response: { 200: ResultsReply, ...errorReplies(400, 401, 403, 413, 415) },
        },
      },
      async (request) => ({
        results: unwrap(await cancelPresences(deps, principalOf(request), request.body.cancellations)),
      }),
    );

    app.get(
      '/presences/:id',
      {
        schema: {
          tags,
          security,
          summary: 'One presence (404 when it does not exist or is not yours to see)',
          params: IdParams,
          response: { 200: { $ref: 'Presence' }, ...errorReplies(401, 403, 404) },
        },
      },
      async (request) => unwrap(await getPresence(deps, principalOf(request), request.params.id)),
    );

    app.get(
      '/presences',
      {
        schema: {
          tags,
          security,
          summary: 'Search presences over a date range, a page at a time',
          querystring: SearchQuery,
          response: { 200: SearchReply, ...errorReplies(400, 401, 403) },
        },
      },
      async (request) => unwrap(await searchPresences(deps, principalOf(request), request.query)),
    );
    done();
  };
}
