import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditTrail, AuditTrouble } from '../app/audit.js';
import type { AuditActor, AuditEntry } from '../domain/audit.js';
import { parseCalendarDate } from '../domain/calendar-date.js';
import { REGISTERS } from '../domain/declarations.js';
import { domainError } from '../domain/errors.js';
import { parseReceiptNumber } from '../domain/receipt-number.js';
import { parseReferenceNumber } from '../domain/reference-number.js';
import { scrubSecrets } from '../domain/scrub.js';
import { parseWorkplaceId } from '../domain/workplace-id.js';
import { Problem } from './problem.js';

/**
 * Reads that carry no personal data (no NISS, no name), left out of the audit trail. Every other read by a known
 * caller is recorded, so that a new page or route is audited unless someone decides it need not be.
 */
const READS_WITHOUT_PERSONAL_DATA = new Set([
  '/api/v1/openapi.json',
  '/api/v1/status',
  '/api/v1/status/history',
  '/api/v1/workplaces',
  '/api/v1/workplaces/:id',
  '/api/v1/workplaces/:id/contractors',
  '/api/v1/mandates',
  '/api/v1/keys',
  '/api/v1/registers',
  '/',
  '/sign-in',
  '/language/:lang',
  '/workplaces',
  '/emergency',
  '/mobile',
  '/mobile/token',
  '/sw.js',
  '/manifest.webmanifest',
]);

/** Query parameters whose value may be recorded (the others, a NISS or a name among them, by name only). */
const RECORDED_QUERY_VALUES = new Set([
  'workplaceId',
  'date',
  'from',
  'to',
  'employer',
  'after',
  'limit',
  'format',
  'mode',
  'validation',
  'remark',
]);

/** The longest id recorded from a path: ids the registry issues are far shorter. */
const LONGEST_ID = 40;

/**
 * The values of a path that the trail records (anything else is `…`): ids the registry draws at random, with
 * their check characters, days, and the names of the reference registers, whatever the answer; a workplace id
 * (letters and digits, which a name typed there could also be) only once it was found.
 */
const ID_SHAPES: readonly ((value: string, found: boolean) => boolean)[] = [
  (value) => (REGISTERS as readonly string[]).includes(value),
  (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value),
  (value) => parseReceiptNumber(value).ok,
  (value) => parseReferenceNumber(value).ok,
  (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && parseCalendarDate(value).ok,
  (value, found) => found && parseWorkplaceId(value).ok,
];

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The client's address as the request arrived, the trail's `source`: once a client hangs up, its socket no
     * longer knows where it was.
     */
    auditSource: string;
    /** The account a sign-in attempt names, when it names one: what the trail records of an attempt. */
    signInAccount: string | undefined;
    /**
     * For a protocol whose body names the operation (SOAP, always POSTed): which it is, and whether it only
     * reads — a read of personal data is then recorded as a read (answered once its record is written).
     */
    auditOperation: { readonly name: string; readonly reads: boolean } | undefined;
  }
}

/**
 * The audit trail's hooks on every request. `onRequest` notes where the request comes from; `preHandler` refuses
 * a write (503) while records of earlier writes are still waiting to be written: a write and its record stand
 * together.
 * `onSend` records every write, and every read that may carry personal data, once its answer is known. A read of
 * personal data leaves only once its record is written; when it cannot be, the read is refused (503) rather
 * than answered unrecorded. A write is already durable when it is answered: its record goes into the next group
 * commit without holding the answer back (a second commit on every write's path would cost a fifth of the
 * registrations a second), and is kept and tried again until it is written, whatever the client does meanwhile.
 */
export function auditHooks(trail: AuditTrail, now: () => Date) {
  return {
    onRequest: (request: FastifyRequest, _reply: FastifyReply, done: () => void): void => {
      request.auditSource = request.ip || 'unknown';
      done();
    },

    preHandler: (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void => {
      if (isWrite(request) && trail.unwritten > 0) {
        reply.header('retry-after', '5');
        done(
          new Problem([
            domainError(
              'STORE_UNAVAILABLE',
              'The audit trail cannot be written at the moment: nothing was changed, try again shortly.',
            ),
          ]),
        );
        return;
      }
      done();
    },

    onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
      const entry = auditEntryOf(request, reply.statusCode, now());
      if (entry === undefined) return payload;
      if (isWrite(request)) {
        void trail.recordWrite(entry);
        return payload;
      }
      try {
        await trail.record(entry);
        return payload;
      } catch (error) {
        request.log.error({ err: error }, 'audit record not written');
        if (reply.statusCode >= 400) return payload;
        reply.code(503).removeHeader('content-disposition').type('application/json; charset=utf-8');
        return JSON.stringify({
          error: {
            code: 'STORE_UNAVAILABLE',
            message: 'The audit trail cannot be written: try again shortly.',
          },
        });
      }
    },
  };
}

/**
 * A `connection` listener: a socket reads its peer's address once and keeps it, so that read on arrival it is
 * still known to the trail after the client hung up (read later, it is gone with the socket).
 */
export function keepPeerAddress(socket: Socket): string | undefined {
  return socket.remoteAddress;
}

function isWrite(request: FastifyRequest): boolean {
  if (request.auditOperation !== undefined) return !request.auditOperation.reads;
  return request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS';
}

/**
 * What the trail records of a request, or undefined when it records nothing of it. It never holds what a caller
 * typed beyond the route and the ids it names: a path's other values are `…`, a query's values only for the
 * filters that hold no personal data, and every field passes the same scrubber as the log.
 */
export function auditEntryOf(request: FastifyRequest, status: number, at: Date): AuditEntry | undefined {
  const route = request.routeOptions.url;
  if (route === undefined || request.method === 'HEAD' || request.method === 'OPTIONS') return undefined;
  if (route.startsWith('/assets/') || route.startsWith('/icons/')) return undefined;
  const write = isWrite(request);
  if (!write && READS_WITHOUT_PERSONAL_DATA.has(route)) return undefined;
  const actor = actorOf(request);
  if (actor === undefined) return undefined;
  const search = request.url.split('?', 2)[1];
  return {
    at: at.toISOString(),
    actor,
    action: `${request.method} ${route}`,
    target: targetOf(route, request.params, status < 400),
    personalData: !write || !READS_WITHOUT_PERSONAL_DATA.has(route),
    outcome: status,
    // Set on arrival; a request refused before its hooks ran (a malformed one) has none.
    source: request.auditSource || 'unknown',
    ...(search === undefined && request.auditOperation === undefined
      ? {}
      : {
          details: {
            ...(search === undefined ? {} : queryDetails(search)),
            ...(request.auditOperation === undefined ? {} : { operation: request.auditOperation.name }),
          },
        }),
  };
}

/** The path asked for, each of its parameters as the id it names, or `…` when it is not one. */
function targetOf(route: string, params: unknown, found: boolean): string {
  const values = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  return route.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = values[name];
    if (typeof value !== 'string' || value.length > LONGEST_ID) return '…';
    return ID_SHAPES.some((isId) => isId(value, found)) ? scrubSecrets(value) : '…';
  });
}

function actorOf(request: FastifyRequest): AuditActor | undefined {
  const { principal, signedIn } = request;
  if (principal !== undefined)
    return {
      kind: 'key',
      id: principal.keyId,
      role: principal.role,
      enterprise:
        principal.role === 'company' || principal.role === 'provider' ? principal.enterprise : undefined,
      name: principal.name,
    };
  if (signedIn !== undefined) {
    const { user } = signedIn;
    return { kind: 'user', id: user.id, role: user.role, enterprise: user.enterprise, name: user.username };
  }
  // A sign-in is recorded, whether it works or not, under the account it names; a name that is no account's (a
  // password typed in the wrong box, say) is not recorded.
  if (request.routeOptions.url === '/sign-in' && request.method === 'POST') {
    return { kind: 'anonymous', id: request.signInAccount ?? '', name: 'sign-in' };
  }
  return undefined;
}

function queryDetails(search: string): Record<string, string> {
  const details: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const key = `query.${scrubSecrets(name.slice(0, 40))}`;
    if (key in details) continue;
    details[key] = RECORDED_QUERY_VALUES.has(name) ? scrubSecrets(value.slice(0, 60)) : '…';
  }
  return details;
}

/** What the server's log says when the trail cannot write records of writes: loudly, and once it can again. */
export function auditTrouble(log: FastifyBaseLogger): AuditTrouble {
  return {
    failed: (error, unwritten) => {
      log.error(
        { err: error, unwritten },
        'audit records of writes not written: kept, tried again; writes refused meanwhile',
      );
    },
    recovered: () => {
      log.warn('audit records of writes written again: writes accepted');
    },
    abandoned: (unwritten) => {
      log.fatal({ unwritten }, 'closing with audit records of writes that could not be written');
    },
  };
}
