import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from './problem.js';

/** A hook that counts a request against its caller's allowance, and refuses it (429) past it. */
export type RateLimitHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** Callers remembered at once (keys and addresses); the least recently seen are forgotten first. */
const CALLERS_TRACKED = 20_000;

/**
 * The API's rate limit: `perMinute` requests a minute per API key, counted once the key is checked, and per client
 * address for requests without a valid key (the status, the OpenAPI document, refused keys). Past it, 429
 * `RATE_LIMITED` with `Retry-After` (seconds). The counts are kept in this instance's memory: behind a load
 * balancer, each instance counts its own.
 *
 * Registers the plugin on `api` and returns the hook, for the routes to run once their caller is known.
 */
export async function apiRateLimit(api: FastifyInstance, perMinute: number): Promise<RateLimitHook> {
  await api.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      Problem.of(
        'RATE_LIMITED',
        `Too many requests: ${context.max} a minute at most for one API key (or one address without a key). ` +
          `Try again in ${context.after} (Retry-After).`,
      ),
  });
  const limit = api.rateLimit({
    max: perMinute,
    timeWindow: 60_000,
    cache: CALLERS_TRACKED,
    keyGenerator: (request) =>
      request.principal === undefined ? `address ${request.ip}` : `key ${request.principal.keyId}`,
  });
  return async (request, reply) => {
    await limit.call(api, request, reply);
  };
}
