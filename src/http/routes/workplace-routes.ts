import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app/app-deps.js';
import { addContractor, declareWorkplace, getWorkplace, listWorkplaces } from '../../app/workplaces.js';
import { principalOf } from '../authentication.js';
import { unwrap } from '../problem.js';
import { errorReplies, IdParams } from '../schemas/common.js';
import {
  AddContractorBody,
  ContractorsReply,
  DeclareWorkplaceBody,
  WorkplaceReply,
  WorkplacesReply,
  WorkplaceWithContractorsReply,
} from '../schemas/workplace-schemas.js';

const tags = ['workplaces'];
const security = [{ apiKey: [] }];

/** Workplaces and their contractor chains. */
export function workplaceRoutes(deps: AppDeps): FastifyPluginCallbackTypebox {
  return (app, _options, done) => {
    app.post(
      '/workplaces',
      {
        schema: {
          tags,
          security,
          summary: 'Declare a workplace (a company for itself)',
          body: DeclareWorkplaceBody,
          response: { 201: WorkplaceReply, ...errorReplies(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        const workplace = unwrap(await declareWorkplace(deps, principalOf(request), request.body));
        return reply.status(201).send({ workplace });
      },
    );

    app.get(
      '/workplaces',
      {
        schema: {
          tags,
          security,
          summary: 'The workplaces you take part in',
          response: { 200: WorkplacesReply, ...errorReplies(401, 403) },
        },
      },
      async (request) => ({ workplaces: unwrap(await listWorkplaces(deps, principalOf(request))) }),
    );

    app.get(
      '/workplaces/:id',
      {
        schema: {
          tags,
          security,
          summary: 'One workplace, with the part of its contractor chain you may see',
          params: IdParams,
          response: { 200: WorkplaceWithContractorsReply, ...errorReplies(400, 401, 403, 404) },
        },
      },
      async (request) => unwrap(await getWorkplace(deps, principalOf(request), request.params.id)),
    );

    app.get(
      '/workplaces/:id/contractors',
      {
        schema: {
          tags,
          security,
          summary: 'The contractor chain of a workplace, as far as you may see it',
          params: IdParams,
          response: { 200: ContractorsReply, ...errorReplies(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const view = unwrap(await getWorkplace(deps, principalOf(request), request.params.id));
        return { declarant: view.workplace.declarant, contractors: view.contractors };
      },
    );

    app.post(
      '/workplaces/:id/contractors',
      {
        schema: {
          tags,
          security,
          summary: 'Add a contractor directly below you (the declarant: anywhere in the chain)',
          params: IdParams,
          body: AddContractorBody,
          response: {
            200: ContractorsReply,
            201: ContractorsReply,
            ...errorReplies(400, 401, 403, 404, 409),
          },
        },
      },
      async (request, reply) => {
        const { view, added } = unwrap(
          await addContractor(deps, principalOf(request), request.params.id, request.body),
        );
        return reply
          .status(added ? 201 : 200)
          .send({ declarant: view.workplace.declarant, contractors: view.contractors });
      },
    );
    done();
  };
}
