import type { FastifyInstance } from 'fastify';
import type { WebDeps } from './web-deps.js';

/** A company's search and cancel, its roster, and its workplaces' contractor chain. */
export function companyAdminPages(_deps: WebDeps) {
  return (_web: FastifyInstance): Promise<void> => Promise.resolve();
}
