import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app/app-deps.js';
import { dossierCsv, dossierReport } from '../../app/dossier-documents.js';
import { inspectionDossier } from '../../app/inspection-dossier.js';
import { principalOf } from '../authentication.js';
import { unwrap } from '../problem.js';
import { errorReplies } from '../schemas/common.js';
import { DossierParams, DossierQuery, DossierReply } from '../schemas/procedure-schemas.js';

/** The inspection dossier of a workplace's day. */
export function inspectionRoutes(deps: AppDeps): FastifyPluginCallbackTypebox {
  return (app, _options, done) => {
    app.get(
      '/inspections/workplaces/:id/days/:date',
      {
        schema: {
          tags: ['inspections'],
          security: [{ apiKey: [] }],
          summary: "A workplace's day: presences, incidents, references, listings, availability, verdicts",
          description:
            'Inspectors see everything; a company the part of the chain at and below it. `format=pdf` or `format=csv` ' +
            'for a document.',
          params: DossierParams,
          querystring: DossierQuery,
          produces: ['application/json', 'application/pdf', 'text/csv'],
          response: { 200: DossierReply, ...errorReplies(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const dossier = unwrap(
          await inspectionDossier(deps, principalOf(request), {
            workplaceId: request.params.id,
            date: request.params.date,
          }),
        );
        const lang = request.query.lang ?? 'fr';
        const name = `dossier-${dossier.workplace.id}-${dossier.date}`;
        reply.header('cache-control', 'no-store');
        // The reply types follow the JSON schema; a PDF or CSV body is sent as it is (Fastify does not serialize a
        // Buffer or a string), and the dossier's readonly arrays are what the schema describes.
        switch (request.query.format ?? 'json') {
          case 'json':
            return reply.send(dossier as never);
          case 'pdf': {
            const pdf = await deps.pdf.report(dossierReport(dossier, lang));
            return reply
              .type('application/pdf')
              .header('content-disposition', `inline; filename="${name}.pdf"`)
              .send(pdf as never);
          }
          case 'csv':
            return reply
              .type('text/csv; charset=utf-8')
              .header('content-disposition', `attachment; filename="${name}.csv"`)
              .send(dossierCsv(dossier, lang) as never);
        }
      },
    );
    done();
  };
}
