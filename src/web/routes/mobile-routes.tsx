import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { registerPresences } from '../../app/register-presences.js';
import { getRoster } from '../../app/roster.js';
import { listWorkplaces } from '../../app/workplaces.js';
import { formatEnterpriseNumber } from '../../domain/enterprise-number.js';
import { ERROR_CODES } from '../../domain/errors.js';
import { ownEnterprise } from '../../domain/principal.js';
import { formatWorker } from '../../domain/worker.js';
import { requireRoles } from '../page-access.js';
import { errorText } from '../i18n/error-texts.js';
import { translator } from '../messages.js';
import { MOBILE_TEXTS, type MobileConfig } from '../mobile-config.js';
import { MobilePage } from '../pages/mobile-page.js';
import { checkCsrf, pageContext } from '../page-support.js';
import { sendPage } from '../render.js';
import type { WebDeps } from '../web-deps.js';

/**
 * A batch of captures from the mobile page. Only its shape is checked here, loosely: each capture's own fields
 * are the registration's to judge, one by one, so that one mistyped capture is refused alone and never holds up
 * the others kept on the phone.
 */
const MobileBatch = Type.Object(
  {
    presences: Type.Array(
      Type.Object(
        {
          workplaceId: Type.String({ maxLength: 200 }),
          registrationDate: Type.String({ maxLength: 200 }),
          worker: Type.Object(
            {
              niss: Type.Optional(Type.String({ maxLength: 200 })),
              limosaId: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          employer: Type.String({ maxLength: 200 }),
          clientReference: Type.Optional(Type.String({ maxLength: 200 })),
          capturedAt: Type.Optional(Type.String({ maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

/**
 * The mobile channel: a page that keeps captures on the phone (IndexedDB) with their own clientReference and
 * capture time, and sends them here when it can — through the same registration as every channel, so that a
 * capture sent twice (a reply lost in a tunnel) is registered once.
 */
export function mobileRoutes(deps: WebDeps) {
  return (web: FastifyInstance): Promise<void> => {
    web.get('/mobile', async (request, reply) => {
      const who = requireRoles(request, reply, ['company', 'provider']);
      if (who === undefined) return reply;
      const ctx = pageContext(request, reply);
      const { principal } = who;
      const own = ownEnterprise(principal);
      const workplaces = await listWorkplaces(deps, principal);
      const roster = own === undefined ? undefined : await getRoster(deps, principal, {});
      const t = translator(ctx.lang);
      const config: MobileConfig = {
        lang: ctx.lang,
        texts: Object.fromEntries(MOBILE_TEXTS.map((key) => [key, t(key)])) as MobileConfig['texts'],
        errorTexts: Object.fromEntries(
          ERROR_CODES.map((code) => [code, errorText({ code, message: '' }, ctx.lang)]),
        ),
        userId: who.user.id,
        workplaces: (workplaces.ok ? workplaces.value : []).map((w) => ({ id: w.id, name: w.name })),
        employer: own === undefined ? '' : formatEnterpriseNumber(own),
        roster: (roster?.ok === true ? roster.value : []).map((r) => ({
          worker: formatWorker(r.worker),
          name: `${r.lastName} ${r.firstName}`,
        })),
        csrfToken: ctx.csrfToken ?? '',
      };
      return sendPage(reply, 200, <MobilePage ctx={ctx} config={config} />);
    });

    // A fresh form token, for a page kept offline long enough for its own to be refused.
    web.get('/mobile/token', async (request, reply) => {
      if (request.signedIn === undefined) return reply.status(401).send(signInAgain());
      return { csrfToken: reply.generateCsrf() };
    });

    web.post<{ Body: Static<typeof MobileBatch> }>(
      '/mobile/presences',
      { schema: { body: MobileBatch }, preHandler: checkCsrf(web) },
      async (request, reply) => {
        const who = request.signedIn;
        if (who === undefined) return reply.status(401).send(signInAgain());
        const registered = await registerPresences(deps, who.principal, {
          presences: request.body.presences.map(({ capturedAt: _at, ...item }) => item),
          channel: 'MOBILE',
        });
        if (!registered.ok) return reply.status(403).send({ error: registered.error[0] });
        return { results: registered.value };
      },
    );
    return Promise.resolve();
  };
}

function signInAgain() {
  return { error: { code: 'AUTHENTICATION_REQUIRED', message: 'Sign in again: the session ended.' } };
}
