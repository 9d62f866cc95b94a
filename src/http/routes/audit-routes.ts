import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app/app-deps.js';
import { listAudit } from '../../app/audit.js';
import { principalOf } from '../authentication.js';
import { unwrap } from '../problem.js';
import { AuditQuery, AuditReply } from '../schemas/audit-schemas.js';
import { errorReplies } from '../schemas/common.js';

/** The audit trail, for administrators and inspectors. */
export function auditRoutes(deps: AppDeps): FastifyPluginCallbackTypebox {
  return (app, _options, done) => {
    app.get(
      '/audit',
      {
        schema: {
          tags: ['audit'],
          security: [{ apiKey: [] }],
          summary: 'The audit trail: every write and every read of personal data, chained by hashes',
          description:
            'Administrators and inspectors. Records come in chain order; each names the hash of the one before, ' +
            'so a copy can be checked. `sitepresence audit verify` checks the whole chain on the server.',
          querystring: AuditQuery,
          response: { 200: AuditReply, ...errorReplies(400, 401, 403) },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return unwrap(await listAudit(deps, principalOf(request), request.query));
      },
    );
    done();
  };
}
