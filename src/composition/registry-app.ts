import type { FastifyInstance } from 'fastify';
import { createApp, type HttpDeps } from '../http/app.js';
import type { WebDeps } from '../web/web-deps.js';
import { webPlugin } from '../web/web-plugin.js';

/** What the registry's server needs: the API's dependencies and the pages'. */
export type RegistryAppDeps = HttpDeps & WebDeps;

/**
 * The registry's one HTTP server: API v1 and the web pages side by side, both behind the same hooks (the audit
 * trail, the security headers, the error handler). The two entry points know nothing of each other.
 */
export async function createRegistryApp(deps: RegistryAppDeps): Promise<FastifyInstance> {
  const app = await createApp(deps);
  // The web's pages, for people who sign in, beside the API (its own cookies, forms and error pages).
  await app.register(webPlugin(deps));
  return app;
}
