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

/** A path of this site to go back to, from a query string; `/` for anything else (no open redirect). */
export function localPath(raw: unknown): string {
  return typeof raw === 'string' && raw.startsWith('/') && !raw.startsWith('//') && !raw.includes('\\')
    ? raw
    : '/';
}

/** An instant as people on a Belgian site read it: Brussels time, in the page's language. */
export function brusselsTime(iso: string, lang: 'fr' | 'nl' | 'en'): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return new Intl.DateTimeFormat(`${lang}-BE`, {
    timeZone: 'Europe/Brussels',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(instant);
}
