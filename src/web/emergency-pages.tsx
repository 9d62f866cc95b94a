import type { FastifyInstance } from 'fastify';
import type { WebDeps } from './web-deps.js';

/** The emergency wizard of a company (or its provider). */
export function emergencyPages(_deps: WebDeps) {
  return (_web: FastifyInstance): Promise<void> => Promise.resolve();
}
