import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app/app-deps.js';
import {
  capturePaperListing,
  createPaperListing,
  getPaperListing,
  paperListingPdf,
} from '../../app/paper-listings.js';
import { getRoster, replaceRoster } from '../../app/roster.js';
import { principalOf } from '../authentication.js';
import { unwrap } from '../problem.js';
import { errorReplies, IdParams } from '../schemas/common.js';
import { ResultsReply } from '../schemas/presence-schemas.js';
import {
  EntriesBody,
  PaperListingBody,
  PaperListingReply,
  RosterBody,
  RosterQuery,
  RosterReply,
} from '../schemas/procedure-schemas.js';

const tags = ['paper listings'];
const security = [{ apiKey: [] }];

/** Paper attendance listings (printed, then captured back) and the rosters that pre-fill them. */
export function paperListingRoutes(deps: AppDeps): FastifyPluginCallbackTypebox {
  return (app, _options, done) => {
    app.put(
      '/workers',
      {
        schema: {
          tags,
          security,
          summary: "Replace a company's roster of workers (numbers and names)",
          querystring: RosterQuery,
          body: RosterBody,
          response: { 200: RosterReply, ...errorReplies(400, 401, 403) },
        },
      },
      async (request) => ({
        workers: unwrap(
          await replaceRoster(deps, principalOf(request), {
            enterprise: request.query.enterprise,
            workers: request.body.workers,
          }),
        ),
      }),
    );

    app.get(
      '/workers',
      {
        schema: {
          tags,
          security,
          summary: "A company's roster (the company, a provider it mandated, or an inspector)",
          querystring: RosterQuery,
          response: { 200: RosterReply, ...errorReplies(400, 401, 403) },
        },
      },
      async (request) => ({ workers: unwrap(await getRoster(deps, principalOf(request), request.query)) }),
    );

    app.post(
      '/paper-listings',
      {
        schema: {
          tags,
          security,
          summary: 'Make the paper attendance listing of a day, under a contact-center reference number',
          body: PaperListingBody,
          response: { 200: PaperListingReply, 201: PaperListingReply, ...errorReplies(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const made = unwrap(await createPaperListing(deps, principalOf(request), request.body));
        return reply.status(made.created ? 201 : 200).send({
          paperListing: made.paperListing,
          pdf: `/api/v1/paper-listings/${made.paperListing.id}.pdf`,
        });
      },
    );

    app.get(
      '/paper-listings/:id.pdf',
      {
        schema: {
          tags,
          security,
          summary: 'The paper attendance listing, to print (application/pdf)',
          params: IdParams,
          produces: ['application/pdf'],
          response: { ...errorReplies(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const pdf = unwrap(await paperListingPdf(deps, principalOf(request), request.params.id));
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="paper-listing-${request.params.id}.pdf"`)
          .header('cache-control', 'no-store')
          .send(pdf);
      },
    );

    app.get(
      '/paper-listings/:id',
      {
        schema: {
          tags,
          security,
          summary: 'A paper listing and the lines captured from it',
          params: IdParams,
          response: { 200: PaperListingReply, ...errorReplies(401, 403, 404) },
        },
      },
      async (request) => {
        const view = unwrap(await getPaperListing(deps, principalOf(request), request.params.id));
        return { ...view, pdf: `/api/v1/paper-listings/${view.paperListing.id}.pdf` };
      },
    );

    app.post(
      '/paper-listings/:id/entries',
      {
        schema: {
          tags,
          security,
          summary: 'Capture a filled-in listing back: each line becomes a presence of channel PAPER',
          params: IdParams,
          body: EntriesBody,
          response: { 200: ResultsReply, ...errorReplies(400, 401, 403, 404) },
        },
      },
      async (request) => ({
        results: unwrap(
          await capturePaperListing(deps, principalOf(request), request.params.id, request.body.entries),
        ),
      }),
    );
    done();
  };
}
