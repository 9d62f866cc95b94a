import type { FastifyInstance } from 'fastify';

/** A route the app serves: `POST /api/v1/presences/:id`. */
export interface ServedRoute {
  readonly method: string;
  readonly url: string;
}

/**
 * Every route the app serves (HEAD left out: it is GET without a body), read from the app itself, so that a test
 * going over them covers a new route without being told.
 *
 * Fastify prints its routes as a tree (`printRoutes`): each line a piece of a path under its parent's, with its
 * methods; the pieces are put back together here, and each route found is checked with `hasRoute`. The static
 * files' wildcard is left out.
 */
export function servedRoutes(app: FastifyInstance): ServedRoute[] {
  const routes: ServedRoute[] = [];
  const parents: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = Math.round(at / 4);
    const match = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 3).trimEnd());
    if (match === null) continue;
    const url = `${parents[depth - 1] ?? ''}${match[1] ?? ''}`;
    parents[depth] = url;
    parents.length = depth + 1;
    for (const method of (match[2] ?? '').split(',').map((m) => m.trim())) {
      if (method === '' || method === 'HEAD') continue;
      // The static files' wildcard (`/assets/*`) is printed without its prefix: files, not a page or a call.
      if (url.endsWith('*') && !app.hasRoute({ method, url })) continue;
      if (!app.hasRoute({ method, url }))
        throw new Error(`${method} ${url} read from the routes, but the app does not serve it`);
      routes.push({ method, url });
    }
  }
  return routes;
}
