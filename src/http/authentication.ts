import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../app/api-keys.js';
import type { AppDeps } from '../app/app-deps.js';
import { fail } from '../app/failure.js';
import { domainError } from '../domain/errors.js';
import type { Principal } from '../domain/principal.js';
import type { RateLimitHook } from './api-rate-limit.js';
import { Problem } from './problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, once its API key is checked; routes read it through `principalOf`. */
    principal: Principal | undefined;
  }
}

/**
 * An `onRequest` hook: reads `Authorization: Bearer <key>` and resolves the principal before the body is even
 * read, so that a caller without a valid key learns nothing of the request's rules. `limit` then counts the
 * request against its key's allowance — or its address's, when the key is missing or refused, so that refusals
 * are counted too.
 */
export function authenticationHook(deps: AppDeps, limit?: RateLimitHook) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    const result =
      match?.[1] === undefined
        ? fail(domainError('AUTHENTICATION_REQUIRED', 'Send your API key: Authorization: Bearer <key>.'))
        : await authenticate(deps, match[1]);
    if (result.ok) request.principal = result.value;
    await limit?.(request, reply);
    if (!result.ok) throw new Problem(result.error);
  };
}

/** The authenticated caller of a route behind `authenticationHook`. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw Problem.of('AUTHENTICATION_REQUIRED', 'Send your API key.');
  return request.principal;
}
