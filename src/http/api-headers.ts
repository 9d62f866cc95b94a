import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The headers of every API reply, errors included — those refused before any hook runs too (a malformed address,
 * a request Node's parser could not read: see `src/http/error-handler.ts`).
 */
export const API_HEADERS: Readonly<Record<string, string>> = {
  // Replies carry NISS numbers: never kept by a browser's or a proxy's cache.
  'cache-control': 'no-store',
  // JSON is read as JSON, never sniffed as a page; and a reply is never a page to frame or to run scripts in.
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/** Gives a reply to a request under `/api/` the API's security headers; the web's pages get theirs from helmet. */
export function setApiHeaders(request: FastifyRequest, reply: FastifyReply): void {
  if (request.url.startsWith('/api/')) reply.headers(API_HEADERS);
}

/** An `onRequest` hook for the whole app that gives the API's replies their security headers. */
export function apiSecurityHeaders(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  setApiHeaders(request, reply);
  done();
}
