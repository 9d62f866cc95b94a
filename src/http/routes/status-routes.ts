import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app/app-deps.js';
import { availabilityHistory, registryStatus, type RegistryInstance } from '../../app/availability.js';
import { unwrap } from '../problem.js';
import { errorReplies } from '../schemas/common.js';
import { HistoryQuery, HistoryReply, StatusReply } from '../schemas/status-schemas.js';

const tags = ['status'];

/** The registry's availability, now and as a journal. No key needed. */
export function statusRoutes(deps: AppDeps, instance: RegistryInstance): FastifyPluginCallbackTypebox {
  return (app, _options, done) => {
    app.get(
      '/status',
      {
        schema: {
          tags,
          summary: 'Is the registry available now? (503 when its database does not answer)',
          response: { 200: StatusReply, ...errorReplies(503) },
        },
      },
      async () => unwrap(await registryStatus(deps, instance)),
    );

    app.get(
      '/status/history',
      {
        schema: {
          tags,
          summary: "The journal of the registry's runs and outages between two moments",
          querystring: HistoryQuery,
          response: { 200: HistoryReply, ...errorReplies(400) },
        },
      },
      async (request) => unwrap(await availabilityHistory(deps, instance, request.query)),
    );
    done();
  };
}
