import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey } from '../../app/api-keys.js';
import type { AppDeps } from '../../app/app-deps.js';
import { grantMandate, listMandates, revokeMandate } from '../../app/mandates.js';
import { authorize } from '../../domain/permissions.js';
import type { Principal } from '../../domain/principal.js';
import { principalOf } from '../authentication.js';
import { Problem, unwrap } from '../problem.js';
import { errorReplies, IdParams } from '../schemas/common.js';
import {
  CreateKeyBody,
  GrantMandateBody,
  KeyReply,
  KeysReply,
  MandateReply,
  MandatesQuery,
  MandatesReply,
  NewKeyReply,
  RotatedKeyReply,
  RotateKeyBody,
} from '../schemas/admin-schemas.js';

const security = [{ apiKey: [] }];

/** Mandates to service providers, and API keys (administrators). */
export function adminRoutes(deps: AppDeps): FastifyPluginCallbackTypebox {
  return (app, _options, done) => {
    app.post(
      '/mandates',
      {
        schema: {
          tags: ['mandates'],
          security,
          summary: 'Mandate a service provider to register for you (a company)',
          body: GrantMandateBody,
          response: { 200: MandateReply, 201: MandateReply, ...errorReplies(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const { mandate, created } = unwrap(await grantMandate(deps, principalOf(request), request.body));
        return reply.status(created ? 201 : 200).send({ mandate });
      },
    );

    app.get(
      '/mandates',
      {
        schema: {
          tags: ['mandates'],
          security,
          summary: "The mandates you gave (a company) or received (a provider); an enterprise's (inspectors)",
          querystring: MandatesQuery,
          response: { 200: MandatesReply, ...errorReplies(400, 401, 403) },
        },
      },
      async (request) => ({
        mandates: unwrap(await listMandates(deps, principalOf(request), request.query)),
      }),
    );

    app.delete(
      '/mandates/:id',
      {
        schema: {
          tags: ['mandates'],
          security,
          summary: 'Revoke a mandate you gave',
          params: IdParams,
          response: { 200: MandateReply, ...errorReplies(401, 403, 404) },
        },
      },
      async (request) => ({
        mandate: unwrap(await revokeMandate(deps, principalOf(request), request.params.id)),
      }),
    );

    app.get(
      '/keys',
      {
        schema: {
          tags: ['keys'],
          security,
          summary: 'Every API key (administrators)',
          response: { 200: KeysReply, ...errorReplies(401, 403) },
        },
      },
      async (request) => {
        requireAdmin(principalOf(request));
        return { apiKeys: await listApiKeys(deps) };
      },
    );

    app.post(
      '/keys',
      {
        schema: {
          tags: ['keys'],
          security,
          summary: 'Make an API key (administrators); the key is shown once',
          body: CreateKeyBody,
          response: { 201: NewKeyReply, ...errorReplies(400, 401, 403) },
        },
      },
      async (request, reply) => {
        requireAdmin(principalOf(request));
        return reply.status(201).send(unwrap(await createApiKey(deps, request.body)));
      },
    );

    app.delete(
      '/keys/:id',
      {
        schema: {
          tags: ['keys'],
          security,
          summary: 'Revoke an API key at once (administrators)',
          params: IdParams,
          response: { 200: KeyReply, ...errorReplies(401, 403, 404) },
        },
      },
      async (request) => {
        requireAdmin(principalOf(request));
        return { apiKey: unwrap(await revokeApiKey(deps, request.params.id)) };
      },
    );

    app.post(
      '/keys/:id/rotate',
      {
        schema: {
          tags: ['keys'],
          security,
          summary: 'Replace an API key without downtime (administrators); the new key is shown once',
          description:
            'Makes a new key for the same principal; the old one keeps working until the end of the grace period ' +
            '(its expiresAt, a day by default), then gets 401. Revoking stays immediate.',
          params: IdParams,
          body: RotateKeyBody,
          response: { 201: RotatedKeyReply, ...errorReplies(400, 401, 403, 404, 409) },
        },
        // The body is optional: none means the default grace period.
        preValidation: (request, _reply, done) => {
          (request as { body: unknown }).body ??= {};
          done();
        },
      },
      async (request, reply) => {
        requireAdmin(principalOf(request));
        const rotated = await rotateApiKey(deps, request.params.id, {
          graceSeconds: request.body.graceSeconds,
        });
        return reply.status(201).send(unwrap(rotated));
      },
    );
    done();
  };
}

function requireAdmin(principal: Principal): void {
  const allowed = authorize(principal, 'keys.manage');
  if (!allowed.ok) throw new Problem([allowed.error]);
}
