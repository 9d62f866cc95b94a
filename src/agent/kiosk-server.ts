import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { ERROR_STATUS } from '../http/error-status.js';
import { createValidatorCompiler, schemaErrors } from '../http/validation.js';
import type { AgentSettings } from './agent-settings.js';
import { captureAtGate, type CaptureDeps } from './capture.js';
import type { JournalSummary } from './journal.js';

/** The largest request body a kiosk sends: one capture is a few dozen bytes. */
const BODY_LIMIT = 16 * 1024;

/**
 * The status of a request whose Host header names none of the agent's names (421 Misdirected Request): the
 * answer to DNS rebinding, where a web page reaches the agent under the page's own name.
 */
const MISDIRECTED = 421;

/**
 * The Host header values the endpoint answers to: `names` with the port it listens on (the port may be left
 * out when it is 80), and `withPort`, exact `name:port` values (an address forwarded to the agent's port).
 * Names are lowercase; IPv6 addresses are in brackets (`[::1]`).
 */
export interface HostAllowList {
  readonly names: ReadonlySet<string>;
  readonly withPort: ReadonlySet<string>;
}

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

/**
 * True for an address that only this computer reaches: `localhost`, 127.0.0.0/8, `::1` (and `::ffff:127.…`).
 * The wildcard addresses (`0.0.0.0`, `::`) are not: they listen on every network of the computer.
 */
export function isLoopbackHost(host: string): boolean {
  const name = unbracket(host.trim().toLowerCase());
  if (name === 'localhost') return true;
  switch (isIP(name)) {
    case 4:
      return name.startsWith('127.');
    case 6:
      return name === '::1' || name === '0:0:0:0:0:0:0:1' || /^::ffff:127\./u.test(name);
    default:
      return false;
  }
}

/**
 * Why the endpoint must not listen as asked, if it must not: on anything but a loopback address, kiosks must
 * send a token, so one must be set.
 */
export function kioskListenProblem(host: string, token: string | undefined): DomainError | undefined {
  if (token !== undefined || isLoopbackHost(host)) return undefined;
  return domainError(
    'FIELD_REQUIRED',
    `The kiosk endpoint would listen beyond this computer (${host}) without a token: set one with ` +
      '`AGENT_KIOSK_TOKEN=… sitepresence agent init …` (or AGENT_KIOSK_TOKEN when it runs), or listen on 127.0.0.1.',
    'kiosk-token',
  );
}

/**
 * The names the endpoint answers to when it listens on `listenHost`: `localhost`, `127.0.0.1`, `[::1]`, the
 * address it listens on — every address of the computer (`ownAddresses`) when that is a wildcard (`0.0.0.0`,
 * `::`) — and the names given (`allowHosts`, each a name or `name:port`).
 */
export function hostAllowList(
  listenHost: string,
  allowHosts: readonly string[],
  ownAddresses: readonly string[],
): HostAllowList {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  const withPort = new Set<string>();
  const listen = splitHost(listenHost);
  if (listen !== undefined && !isWildcard(listen.name)) names.add(listen.name);
  else for (const address of ownAddresses) names.add(splitHost(address)?.name ?? address);
  for (const entry of allowHosts) {
    const host = splitHost(entry);
    if (host === undefined) continue;
    if (host.port === undefined) names.add(host.name);
    else withPort.add(`${host.name}:${host.port}`);
  }
  return { names, withPort };
}

/**
 * Whether a request's Host header is one the endpoint answers to ({@link HostAllowList}); `localPort` is the
 * port the request came in on (unknown in-process, where any port is taken).
 */
export function hostAllowed(
  header: string | undefined,
  localPort: number | undefined,
  hosts: HostAllowList,
): boolean {
  const host = header === undefined ? undefined : splitHost(header);
  if (host === undefined) return false;
  if (host.port !== undefined && hosts.withPort.has(`${host.name}:${host.port}`)) return true;
  if (!hosts.names.has(host.name)) return false;
  return localPort === undefined || (host.port ?? 80) === localPort;
}

/** Whether a value names a host as `--allow-host` takes it: a name or an address, with a port or not. */
export function isHostValue(value: string): boolean {
  return splitHost(value) !== undefined;
}

/** A name (or IPv4 address, or bracketed IPv6 address) and a port, as a Host header or `--allow-host` gives. */
function splitHost(value: string): { readonly name: string; readonly port?: number } | undefined {
  const text = value.trim().toLowerCase();
  if (isIP(text) === 6) return { name: `[${text}]` };
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?$/u.exec(text);
  if (match?.[1] === undefined) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65_535)) return undefined;
  return port === undefined ? { name: match[1] } : { name: match[1], port };
}

function unbracket(name: string): string {
  return name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
}

function isWildcard(name: string): boolean {
  return ['0.0.0.0', '[::]', '[0:0:0:0:0:0:0:0]'].includes(name);
}

/** A request refused before its route: the error and, when it is not its code's, the status. */
class Refusal extends Error {
  constructor(
    readonly error: DomainError,
    readonly status: number = ERROR_STATUS[error.code],
  ) {
    super(error.message);
    this.name = 'Refusal';
  }
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

/** Sends a refusal as every refusal of the agent: `{ "error": { "code", "message", "field"? } }`. */
function refuse(
  reply: FastifyReply,
  error: DomainError,
  status: number = ERROR_STATUS[error.code],
): FastifyReply {
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send({
      error: {
        code: error.code,
        message: error.message,
        ...(error.field === undefined ? {} : { field: error.field }),
      },
    });
}

/** What Fastify's own failures (schema, body, URL) mean, with the registry's codes. */
function failureOf(error: FastifyError): { readonly error: DomainError; readonly status?: number } {
  if (error.validation !== undefined) {
    const [first] = schemaErrors(error.validation as never, error.validationContext ?? 'body');
    return { error: first ?? domainError('REQUEST_INVALID', 'The request does not follow the schema.') };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        error: domainError('BODY_TOO_LARGE', `The body is too large (${BODY_LIMIT / 1024} KiB at most).`),
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { error: domainError('MEDIA_TYPE_UNSUPPORTED', 'Send the body as application/json.') };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { error: domainError('BODY_MALFORMED', 'The body is empty; send a JSON object.') };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { error: domainError('BODY_MALFORMED', 'The body is not as long as its Content-Length says.') };
    case 'FST_ERR_BAD_URL':
      return { error: domainError('REQUEST_INVALID', 'The address of the request is not a valid URL.') };
    default:
      break;
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return { error: domainError('BODY_MALFORMED', 'The body is not valid JSON.') };
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return { error: domainError('REQUEST_INVALID', error.message), status };
  return { error: domainError('INTERNAL', 'Something went wrong in the agent; try again.') };
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
      const failure = failureOf(error);
      void refuse(reply, failure.error, failure.status);
    },
  });
  app.setValidatorCompiler(createValidatorCompiler());
  // A web page may post text/plain anywhere without asking first: only JSON is taken.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error: FastifyError | Refusal, _request, reply) => {
    const failure = error instanceof Refusal ? error : failureOf(error);
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
  app.post<{ Body: { raw: string; employer?: string } }>(
    '/captures',
    {
      schema: {
        body: {
          type: 'object',
          required: ['raw'],
          additionalProperties: false,
          properties: {
            raw: { type: 'string', maxLength: 200 },
            employer: { type: 'string', maxLength: 32 },
          },
        },
      },
    },
    async (request, reply) => {
      let employer: EnterpriseNumber | undefined;
      if (request.body.employer !== undefined) {
        const parsed = parseEnterpriseNumber(request.body.employer);
        if (!parsed.ok) return refuse(reply, { ...parsed.error, field: 'employer' });
        employer = parsed.value;
      }
      const captured = await captureAtGate(deps, settings, {
        raw: request.body.raw,
        source: 'KIOSK',
        ...(employer === undefined ? {} : { employer }),
      });
      if (!captured.ok) return refuse(reply, { ...captured.error, field: 'raw' });
      onCapture();
      return reply.status(201).send({ capture: captured.value });
    },
  );
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
