import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { accountNamed, SESSION_MAX_MS, sessionUser, signIn, signOut, type SignedIn } from '../app/users.js';
import type { Role } from '../domain/principal.js';
import { errorText } from './i18n/error-texts.js';
import { checkCsrf, fieldErrors, LANGUAGE_COOKIE, pageContext } from './page-support.js';
import { isLanguage } from './language.js';
import { ErrorPage } from './pages/error-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { localPath, sendPage } from './render.js';
import { assetFolders } from './assets.js';
import { contactCenterRoutes } from './routes/contact-center-routes.js';
import { contractorChainRoutes } from './routes/contractor-chain-routes.js';
import { emergencyRoutes } from './routes/emergency-routes.js';
import { inspectionRoutes } from './routes/inspection-routes.js';
import { mobileRoutes } from './routes/mobile-routes.js';
import { onlineChannelRoutes } from './routes/online-channel-routes.js';
import { presenceSearchRoutes } from './routes/presence-search-routes.js';
import { rosterRoutes } from './routes/roster-routes.js';
import type { WebDeps } from './web-deps.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The person signed in on the web, if any (pages read it through `pageContext`). */
    signedIn: SignedIn | undefined;
  }
}

/** Sign-in attempts allowed per address and username in {@link SIGN_IN_WINDOW_MS}. */
export const SIGN_IN_ATTEMPTS = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

/** Too many sign-in attempts: answered with the sign-in page and its message. */
class TooManyAttempts extends Error {
  readonly statusCode = 429;
}

function tooManyAttempts(): TooManyAttempts {
  return new TooManyAttempts('Too many sign-in attempts.');
}

/** The cookie that holds the session token. */
export const SESSION_COOKIE = 'sp_session';

/**
 * The web: server-rendered pages in French, Dutch and English, for people who sign in. Forms post back with a
 * token (`_csrf`) checked against a cookie; sessions are cookies holding a random token whose hash the store
 * keeps; pages are sent with a strict Content-Security-Policy (scripts and styles from this site only).
 */
export function webPlugin(deps: WebDeps) {
  return async (web: FastifyInstance): Promise<void> => {
    const secure = deps.secureCookies ?? 'auto';
    // The pages are not the API: none of their routes is in the OpenAPI document.
    web.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true };
    });
    await web.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      // The pages work on plain http://localhost too: no HSTS unless the proxy in front sets it.
      strictTransportSecurity: false,
    });
    await web.register(cookie);
    await web.register(rateLimit, {
      global: false,
      errorResponseBuilder: () => tooManyAttempts(),
    });
    await web.register(formbody, { bodyLimit: 64 * 1024 });
    await web.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: 'sp_csrf',
      cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure },
      getToken: (request: FastifyRequest) => {
        const body = request.body as { _csrf?: unknown } | undefined;
        const header = request.headers['x-csrf-token'];
        return typeof body?._csrf === 'string' ? body._csrf : typeof header === 'string' ? header : undefined;
      },
    });
    // Pages read one value per name: a name given twice in a query (`?from=a&from=b`) counts once, and a form
    // posted without a body, or with one that is not a form, is an empty form — never a crash.
    web.addHook('preValidation', (request, _reply, done) => {
      request.query = firstValues(request.query);
      const { body } = request;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) request.body = {};
      done();
    });
    web.decorateRequest('signedIn', undefined);
    web.addHook('onRequest', async (request) => {
      const token = request.cookies[SESSION_COOKIE];
      request.signedIn = token === undefined ? undefined : await sessionUser(deps, token);
    });

    web.setErrorHandler((error: Error & { code?: string; statusCode?: number }, request, reply) => {
      // The mobile page's calls get JSON, in the API's shape.
      if (request.url.startsWith('/mobile/')) {
        const csrfRefused =
          error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET';
        const status = csrfRefused
          ? 403
          : error.statusCode !== undefined && error.statusCode < 500
            ? error.statusCode
            : 500;
        if (status >= 500) request.log.error({ err: error }, 'unexpected error on a mobile call');
        return reply.status(status).send({
          error: {
            code: csrfRefused ? 'CSRF_TOKEN_INVALID' : status >= 500 ? 'INTERNAL' : 'REQUEST_INVALID',
            message: status >= 500 ? 'Unexpected error.' : error.message,
          },
        });
      }
      const ctx = pageContext(request, reply);
      if (error instanceof TooManyAttempts)
        return sendPage(
          reply,
          429,
          <SignInPage
            ctx={ctx}
            errors={
              new Map([['password', [errorText({ code: 'TOO_MANY_ATTEMPTS', message: '' }, ctx.lang)]]])
            }
            back="/"
          />,
        );
      if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET')
        return sendPage(
          reply,
          403,
          <ErrorPage ctx={ctx} message={errorText({ code: 'CSRF_TOKEN_INVALID', message: '' }, ctx.lang)} />,
        );
      const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
      if (status >= 500) request.log.error({ err: error }, 'unexpected error on a page');
      return sendPage(
        reply,
        status,
        <ErrorPage
          ctx={ctx}
          message={errorText({ code: status >= 500 ? 'INTERNAL' : 'REQUEST_INVALID', message: '' }, ctx.lang)}
        />,
      );
    });

    web.get('/', (request, reply) => {
      const who = request.signedIn;
      if (who === undefined) return reply.redirect('/sign-in', 303);
      return reply.redirect(homeOf(who.principal.role), 303);
    });

    web.get<{ Querystring: { back?: string; ended?: string } }>('/sign-in', (request, reply) => {
      const ctx = pageContext(request, reply);
      if (request.signedIn !== undefined) return reply.redirect(localPath(request.query.back), 303);
      return sendPage(
        reply,
        200,
        <SignInPage
          ctx={ctx}
          errors={new Map()}
          back={localPath(request.query.back)}
          {...(request.query.ended === undefined ? {} : { notice: ctx.t('sessionEnded') })}
        />,
      );
    });

    web.post<{ Body: { username?: unknown; password?: unknown }; Querystring: { back?: string } }>(
      '/sign-in',
      {
        preHandler: checkCsrf(web),
        // Guessing passwords is slowed to a crawl: so many attempts per address and username, then a wait.
        config: {
          rateLimit: {
            max: SIGN_IN_ATTEMPTS,
            timeWindow: SIGN_IN_WINDOW_MS,
            hook: 'preHandler',
            keyGenerator: (request: FastifyRequest) => {
              const { username } = request.body as { username?: unknown };
              return `${request.ip}|${typeof username === 'string' ? username.trim().toLowerCase() : ''}`;
            },
          },
        },
      },
      async (request, reply) => {
        const username = typeof request.body.username === 'string' ? request.body.username : '';
        const password = typeof request.body.password === 'string' ? request.body.password : '';
        const opened = await signIn(deps, { username, password });
        request.signInAccount = opened.ok ? opened.value.user.username : await accountNamed(deps, username);
        if (!opened.ok) {
          const ctx = pageContext(request, reply, '/sign-in');
          return sendPage(
            reply,
            401,
            <SignInPage
              ctx={ctx}
              errors={fieldErrors(opened.error, ctx.lang, () => 'password')}
              username={username}
              back={localPath(request.query.back)}
            />,
          );
        }
        reply.setCookie(SESSION_COOKIE, opened.value.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure,
          maxAge: SESSION_MAX_MS / 1000,
        });
        const back = localPath(request.query.back);
        return reply.redirect(back === '/' ? homeOf(opened.value.user.role) : back, 303);
      },
    );

    web.post('/sign-out', { preHandler: checkCsrf(web) }, async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token !== undefined) await signOut(deps, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/sign-in', 303);
    });

    web.get<{ Params: { lang: string }; Querystring: { back?: string } }>(
      '/language/:lang',
      (request, reply) => {
        if (isLanguage(request.params.lang))
          reply.setCookie(LANGUAGE_COOKIE, request.params.lang, {
            path: '/',
            sameSite: 'lax',
            secure,
            maxAge: 365 * 24 * 60 * 60,
          });
        return reply.redirect(localPath(request.query.back), 303);
      },
    );

    const folders = assetFolders();
    await web.register(fastifyStatic, {
      root: [folders.public, folders.built],
      prefix: '/assets/',
      // The files change with each version: browsers check them again rather than keep stale ones.
      cacheControl: true,
      maxAge: 0,
      allowedPath: (path) => !path.includes('..'),
    });

    // The service worker is served from the root, so that its scope is the whole site; it is checked for
    // updates on every visit.
    web.get('/sw.js', (_request, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('sw.js', folders.built),
    );
    web.get('/manifest.webmanifest', (_request, reply) =>
      reply.type('application/manifest+json').sendFile('manifest.webmanifest', folders.public),
    );

    await web.register(onlineChannelRoutes(deps));
    await web.register(presenceSearchRoutes(deps));
    await web.register(rosterRoutes(deps));
    await web.register(contractorChainRoutes(deps));
    await web.register(mobileRoutes(deps));
    await web.register(emergencyRoutes(deps));
    await web.register(contactCenterRoutes(deps));
    await web.register(inspectionRoutes(deps));
  };
}

/** A query with one value per name: the first of those given twice. */
function firstValues(query: unknown): Record<string, unknown> {
  if (typeof query !== 'object' || query === null) return {};
  return Object.fromEntries(
    Object.entries(query).map(([name, value]) => [
      name,
      Array.isArray(value) ? (value as unknown[])[0] : value,
    ]),
  );
}

/** Where a person lands after signing in: the pages of their role. */
function homeOf(role: Role): string {
  switch (role) {
    case 'agent':
      return '/contact-center';
    case 'inspector':
      return '/inspection';
    case 'company':
    case 'provider':
    case 'admin':
      return '/workplaces';
  }
}
