import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app/app-deps.js';
import { upstreamReport } from '../../app/upstream-status.js';
import { principalOf } from '../authentication.js';
import { Problem } from '../problem.js';
import { errorReplies } from '../schemas/common.js';
import { UpstreamReply } from '../schemas/upstream-schemas.js';

const security = [{ apiKey: [] }];

/** A relay's forwarding to the official registry, as administrators and inspectors follow it. */
export function upstreamRoutes(deps: AppDeps): FastifyPluginCallbackTypebox {
  return (app, _options, done) => {
    app.get(
      '/upstream',
      {
        schema: {
          tags: ['upstream'],
          security,
          summary:
            'How forwarding to the official registry stands: what is pending, sent, confirmed, failed, and since ' +
            'when the upstream answers or not (administrators, inspectors)',
          response: { 200: UpstreamReply, ...errorReplies(401, 403) },
        },
      },
      async (request) => {
        const report = await upstreamReport(deps, principalOf(request));
        if (!report.ok) throw new Problem(report.error);
        return report.value;
      },
    );
    done();
  };
}
