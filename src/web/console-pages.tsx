import type { FastifyInstance } from 'fastify';
import type { WebDeps } from './web-deps.js';

/** The contact-center console (role `agent`) and the inspection console (role `inspector`). */
export function consolePages(_deps: WebDeps) {
  return (_web: FastifyInstance): Promise<void> => Promise.resolve();
}
