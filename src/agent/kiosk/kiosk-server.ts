import { createHash, timingSafeEqual } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { parseEnterpriseNumber, type EnterpriseNumber } from '../../domain/enterprise-number.js';
import { domainError } from '../../domain/errors.js';
import type { AgentSettings } from '../agent-settings.js';
import { captureAtGate, type CaptureDeps } from '../capture.js';
import type { JournalSummary } from '../capture-journal.js';
import { hostAllowed, hostAllowList, kioskListenProblem, type HostAllowList } from './kiosk-hosts.js';
import { failureOf, Refusal, refuse } from './kiosk-refusal.js';
import { parseKioskCapture } from './kiosk-request.js';

/** The largest request body a kiosk sends: one capture is a few dozen bytes. */
const BODY_LIMIT = 16 * 1024;

/**
 * The status of a request whose Host header names none of the agent's names (421 Misdirected Request): the
 * answer to DNS rebinding, where a web page reaches the agent under the page's own name.
 */
const MISDIRECTED = 421;

/** Who may call the kiosk endpoint. */
export interface KioskAccess {
  /**
   * The token every request must carry as `Authorization: Bearer …`. Without one nothing is asked, which
   * {@link kioskListenProblem} allows on a loopback address only.
   */
  readonly token?: string;
  readonly hosts: HostAllowList;
}

/** Where the endpoint listens, and who may call it. */
export interface KioskListen {
  readonly port: number;
  readonly host: string;
  /** More names kiosks call the agent by (`--allow-host`): `agent.site.local`, `192.168.1.20:8080`. */
  readonly allowHosts?: readonly string[];
  readonly token?: string;
}

/** Compares a request's `Authorization` header with the token in constant time (the digests, not the texts). */
function carriesToken(authorization: string | undefined, token: string): boolean {
  const given = /^Bearer +(\S+) *$/iu.exec(authorization ?? '')?.[1];
  const same = timingSafeEqual(digest(given ?? ''), digest(token));
  return given !== undefined && same;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Why a request is refused before its route, if it is: a name not the agent's, a token missing or wrong. */
function refusalOf(request: FastifyRequest, access: KioskAccess): Refusal | undefined {
  if (!hostAllowed(request.headers.host, request.socket.localPort, access.hosts))
    return new Refusal(
      domainError(
        'REQUEST_INVALID',
        'The agent does not answer to this name: call it by its address, or start it with --allow-host <name>.',
        'host',
      ),
      MISDIRECTED,
    );
  if (access.token === undefined) return undefined;
  const authorization = request.headers.authorization;
  if (authorization === undefined)
    return new Refusal(
      domainError(
        'AUTHENTICATION_REQUIRED',
        'Send the kiosk token: Authorization: Bearer <token>.',
        'authorization',
      ),
    );
  if (!carriesToken(authorization, access.token))
    return new Refusal(
      domainError('API_KEY_INVALID', 'This is not the kiosk token of this agent.', 'authorization'),
    );
  return undefined;
}

/**
 * The agent's small HTTP endpoint for kiosks and badge readers on the site network, built but not listening:
 * `POST /captures` with `{ "raw": "85.07.30-033.28" }` (or a badge, and optionally `employer`) answers 201 once
 * the capture is on disk; `GET /status` says how the journal stands. Each request must name the agent by one of
 * its names (the Host header, {@link hostAllowed}: 421 otherwise) and carry the token when one is set (401
 * otherwise). Every refusal, Fastify's own included, is `{ "error": { "code", "message", "field"? } }` with a
 * stable code.
 */
export function createKioskApp(
  deps: CaptureDeps,
  settings: Pick<AgentSettings, 'workplaceId' | 'employer'>,
  access: KioskAccess,
  onCapture: () => void,
): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const failure = failureOf(error, BODY_LIMIT);
      void refuse(reply, failure.error, failure.status);
    },
  });
  // A web page may post text/plain anywhere without asking first: only JSON is taken.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error: FastifyError | Refusal, _request, reply) => {
    const failure = error instanceof Refusal ? error : failureOf(error, BODY_LIMIT);
    if (failure.status === 401) void reply.header('www-authenticate', 'Bearer');
    return refuse(reply, failure.error, failure.status);
  });
  app.setNotFoundHandler((request, reply) =>
    refuse(reply, domainError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0] ?? ''}.`)),
  );
  app.addHook('onRequest', (request) => {
    const refusal = refusalOf(request, access);
    return refusal === undefined ? Promise.resolve() : Promise.reject(refusal);
  });
  app.post('/captures', async (request, reply) => {
    const body = parseKioskCapture(request.body);
    if (!body.ok) return refuse(reply, body.error);
    let employer: EnterpriseNumber | undefined;
    if (body.value.employer !== undefined) {
      const parsed = parseEnterpriseNumber(body.value.employer);
      if (!parsed.ok) return refuse(reply, { ...parsed.error, field: 'employer' });
      employer = parsed.value;
    }
    const captured = await captureAtGate(deps, settings, {
      raw: body.value.raw,
      source: 'KIOSK',
      ...(employer === undefined ? {} : { employer }),
    });
    if (!captured.ok) return refuse(reply, { ...captured.error, field: 'raw' });
    onCapture();
    return reply.status(201).send({ capture: captured.value });
  });
  app.get('/status', async (): Promise<JournalSummary> => deps.journal.summary());
  return app;
}

/**
 * Starts the kiosk endpoint ({@link createKioskApp}) on the site network. It serves the site network, not the
 * internet: bind it to the address of that network. Throws when {@link kioskListenProblem} finds a problem
 * (the command line checks first, to say so).
 */
export async function startKioskServer(
  deps: CaptureDeps,
  settings: Pick<AgentSettings, 'workplaceId' | 'employer'>,
  listen: KioskListen,
  onCapture: () => void,
): Promise<{ readonly app: FastifyInstance; readonly url: string }> {
  const problem = kioskListenProblem(listen.host, listen.token);
  if (problem !== undefined) throw new Error(problem.message);
  const ownAddresses = Object.values(networkInterfaces()).flatMap((addresses) =>
    (addresses ?? []).map((a) => a.address),
  );
  const hosts = hostAllowList(listen.host, listen.allowHosts ?? [], ownAddresses);
  const app = createKioskApp(
    deps,
    settings,
    { hosts, ...(listen.token === undefined ? {} : { token: listen.token }) },
    onCapture,
  );
  const url = await app.listen({ port: listen.port, host: listen.host });
  return { app, url };
}
