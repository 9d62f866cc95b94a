import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Sends a page: server-rendered HTML, never cached (it shows personal data and a form token). */
export function sendPage(reply: FastifyReply, status: number, page: VNode): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${renderToString(page)}`);
}

/** An origin that is never this site's: a path resolved against it stays on it only when it is a path. */
const PROBE_ORIGIN = 'http://sitepresence.invalid';

/**
 * A path of this site to go back to, from a query string or a form; `/` for anything else. The text is resolved
 * the way a browser resolves it (tabs and line breaks dropped, `//host` and `/\\host` leaving the site), and
 * kept only when it stays on this site: no open redirect.
 */
export function localPath(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(raw, PROBE_ORIGIN);
  } catch {
    return '/';
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//host` resolves to the path `//host`, which a browser reads as another site.
  return url.origin === PROBE_ORIGIN && !path.startsWith('//') ? path : '/';
}
