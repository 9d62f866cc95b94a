import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { AuditTrail } from '../app/audit.js';
import type { AppDeps } from '../app/app-deps.js';
import type { RegistryInstance } from '../app/availability.js';
import { authenticateCertificate } from '../app/sender-certificates.js';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from '../config.js';
import { auditHooks, auditTrouble, keepPeerAddress } from './audit-hook.js';
import { apiSecurityHeaders } from './api-headers.js';
import { apiRateLimit } from './api-rate-limit.js';
import { authenticationHook } from './authentication.js';
import { clientErrors, frameworkErrors, installErrorHandler } from './error-handler.js';
import { adminRoutes } from './routes/admin-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { inspectionRoutes } from './routes/inspection-routes.js';
import { paperListingRoutes } from './routes/paper-listing-routes.js';
import { presenceRoutes } from './routes/presence-routes.js';
import { procedureRoutes } from './routes/procedure-routes.js';
import { registerRoutes } from './routes/register-routes.js';
import { upstreamRoutes } from './routes/upstream-routes.js';
import { statusRoutes } from './routes/status-routes.js';
import { workplaceRoutes } from './routes/workplace-routes.js';
import { soapFaultInjection } from './soap/soap-fault-injection.js';
import { soapRoutes } from './soap/soap-routes.js';
import { ErrorBody, ErrorDetail } from './schemas/common.js';
import { ApiKeySchema, MandateSchema } from './schemas/admin-schemas.js';
import { AuditRecordSchema } from './schemas/audit-schemas.js';
import { LoadReportSchema } from './schemas/register-schemas.js';
import { PresenceSchema } from './schemas/presence-schemas.js';
import {
  DecisionSchema,
  IncidentSchema,
  PaperListingSchema,
  ReferenceSchema,
  SituationSchema,
} from './schemas/procedure-schemas.js';
import { ContractorLinkSchema, WorkplaceSchema } from './schemas/workplace-schemas.js';
import { slowClientOptions, type SlowClientSettings } from './slow-clients.js';
import { createValidatorCompiler } from './validation.js';

/** What the HTTP app needs: the use cases' dependencies and this instance's identity. */
export interface HttpDeps extends AppDeps, SlowClientSettings {
  readonly instance: RegistryInstance;
  /** The proxies in front whose forwarded headers are believed (see `ServerConfig.trustProxy`). */
  readonly trustProxy?: boolean | string;
  /**
   * Requests a minute per API key (per address without a valid key), counted by this instance
   * (`ServerConfig.rateLimitPerMinute`); {@link DEFAULT_RATE_LIMIT_PER_MINUTE} unless said.
   */
  readonly rateLimitPerMinute?: number;
  /** Where the audit trail's records go; one of its own on `deps.store` when not given. */
  readonly audit?: AuditTrail;
  /** Fastify's logger setting: false in tests, pino options in the server. */
  readonly logger?: FastifyServerOptions['logger'];
  /**
   * Test-only (`ServerConfig.soapFaultInjection`): the SOAP endpoint misbehaves on demand, set through
   * `/test/faults` (see `soapFaultInjection`). Off unless said.
   */
  readonly soapFaultInjection?: boolean;
}

/** Largest request body accepted: 200 items fit in a small fraction of it. */
export const BODY_LIMIT = 1024 * 1024;

/**
 * Builds the registry's HTTP app: API v1 under `/api/v1`, its OpenAPI document generated from the schemas that
 * validate the requests, one error handler, and the hooks every request passes (security headers, the audit
 * trail). Other entry points (the web pages) are mounted beside it by the composition root. Nothing listens
 * until the caller says so.
 */
export async function createApp(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT,
    // One log line per request would cost more than the registration itself; errors are logged.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    frameworkErrors,
    clientErrorHandler: clientErrors,
    ...slowClientOptions(deps),
    trustProxy: deps.trustProxy ?? false,
    ajv: { customOptions: { strict: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(createValidatorCompiler());
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('principal', undefined);
  installErrorHandler(app);
  app.addHook('onRequest', apiSecurityHeaders);
  // Every write and every read of personal data, API and pages alike, is in the audit trail before it is answered.
  const audit = deps.audit ?? new AuditTrail(deps.store, auditTrouble(app.log));
  const auditing = auditHooks(audit, () => deps.clock.now());
  app.decorateRequest('auditSource', '');
  app.decorateRequest('signInAccount', undefined);
  app.decorateRequest('auditOperation', undefined);
  app.addHook('onRequest', auditing.onRequest);
  app.addHook('preHandler', auditing.preHandler);
  app.addHook('onSend', auditing.onSend);
  app.server.on('connection', keepPeerAddress);
  app.addHook('onClose', () => audit.drain());
  for (const schema of [
    ErrorDetail,
    ErrorBody,
    PresenceSchema,
    WorkplaceSchema,
    ContractorLinkSchema,
    MandateSchema,
    ApiKeySchema,
    SituationSchema,
    DecisionSchema,
    IncidentSchema,
    ReferenceSchema,
    PaperListingSchema,
    AuditRecordSchema,
    LoadReportSchema,
  ]) {
    app.addSchema(schema);
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'sitepresence registry API',
        version: deps.instance.version,
        description:
          'Daily presence registration for Belgian work sites (Checkin@Work), with the emergency procedure. ' +
          'Errors are `{ error: { code, message, details? } }` with stable codes.',
      },
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: sp_…' } },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });

  await app.register(
    async (api) => {
      const limit = await apiRateLimit(api, deps.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE);
      api.get('/openapi.json', { schema: { hide: true }, onRequest: limit }, () => app.swagger());
      await api.register(async (open) => {
        open.addHook('onRequest', limit);
        await open.register(statusRoutes(deps, deps.instance));
      });
      await api.register(async (secured) => {
        // The key is checked first, so that its requests are counted against the key's allowance.
        secured.addHook('onRequest', authenticationHook(deps, limit));
        await secured.register(presenceRoutes(deps));
        await secured.register(workplaceRoutes(deps));
        await secured.register(adminRoutes(deps));
        await secured.register(procedureRoutes(deps));
        await secured.register(paperListingRoutes(deps));
        await secured.register(inspectionRoutes(deps));
        await secured.register(auditRoutes(deps));
        await secured.register(registerRoutes(deps));
        await secured.register(upstreamRoutes(deps));
      });
    },
    { prefix: '/api/v1' },
  );
  // The social security's web-service protocol, beside the API: the same use cases, signed by certificates.
  await app.register(async (soap) => {
    const limit = await apiRateLimit(soap, deps.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE);
    const endpoint = soapRoutes({
      ...deps,
      limit,
      senderOfCertificate: (fingerprint256, now) => authenticateCertificate(deps, fingerprint256, now),
    });
    await soap.register(deps.soapFaultInjection === true ? soapFaultInjection(endpoint) : endpoint);
  });
  return app;
}
