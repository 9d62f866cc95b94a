import type { FastifyRequest } from 'fastify';
import { authenticate } from '../app/api-keys.js';
import type { AppDeps } from '../app/app-deps.js';
import type { Principal } from '../domain/principal.js';
import { Problem } from './problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, once its API key is checked; routes read it through `principalOf`. */
    principal: Principal | undefined;
  }
}

/**
 * An `onRequest` hook: reads `Authorization: Bearer <key>` and resolves the principal before the body is even
 * read, so that a caller without a valid key learns nothing of the request's rules.
 */
export function authenticationHook(deps: AppDeps) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] === undefined) {
      throw Problem.of('AUTHENTICATION_REQUIRED', 'Send your API key: Authorization: Bearer <key>.');
    }
    const result = await authenticate(deps, match[1]);
    if (!result.ok) throw new Problem(result.error);
    request.principal = result.value;
  };
}

/** The authenticated caller of a route behind `authenticationHook`. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw Problem.of('AUTHENTICATION_REQUIRED', 'Send your API key.');
  return request.principal;
}
