import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignedIn } from '../app/users.js';
import { domainError, type DomainError } from '../domain/errors.js';
import type { Role } from '../domain/principal.js';
import { ERROR_STATUS } from '../http/error-status.js';
import { errorText } from './i18n/error-texts.js';
import { ErrorPage } from './pages/error-page.js';
import type { PageContext } from './pages/page-context.js';
import { pageContext } from './page-support.js';
import { sendPage } from './render.js';

/** The person signed in, or a redirect to the sign-in page (coming back here afterwards). */
export function requireSignedIn(request: FastifyRequest, reply: FastifyReply): SignedIn | undefined {
  if (request.signedIn !== undefined) return request.signedIn;
  void reply.redirect(`/sign-in?back=${encodeURIComponent(request.url)}`, 303);
  return undefined;
}

/**
 * The person signed in when they act for one of these roles; else a redirect to sign in, or the refusal page
 * (ROLE_FORBIDDEN, 403). Every page says who it is for this one way.
 */
export function requireRoles(
  request: FastifyRequest,
  reply: FastifyReply,
  roles: readonly Role[],
): SignedIn | undefined {
  const who = requireSignedIn(request, reply);
  if (who === undefined) return undefined;
  if (roles.includes(who.principal.role)) return who;
  void sendRefusal(
    reply,
    pageContext(request, reply),
    domainError('ROLE_FORBIDDEN', `These pages are for roles ${roles.join(', ')}.`),
  );
  return undefined;
}

/**
 * A refusal of the whole page (not found, not allowed), in the page's language, with the HTTP status the API
 * gives the same error.
 */
export function sendRefusal(reply: FastifyReply, ctx: PageContext, error: DomainError): FastifyReply {
  return sendPage(reply, statusOf(error), <ErrorPage ctx={ctx} message={errorText(error, ctx.lang)} />);
}

/** The HTTP status of a page refused for an error: the one the API answers it with (`ERROR_STATUS`). */
export function statusOf(error: DomainError): number {
  return ERROR_STATUS[error.code];
}
