import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditTrail } from '../app/audit.js';
import type { AuditActor, AuditEntry } from '../domain/audit.js';

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
]);

/** The longest target recorded: a path is a route and its ids, never a document. */
const LONGEST_TARGET = 300;

/**
 * An `onSend` hook: records every write, and every read that may carry personal data, once its answer is known.
 * A read of personal data leaves only once its record is written; when it cannot be, the read is refused (503)
 * rather than answered unrecorded. A write is already durable when it is answered: its record goes into the
 * next group commit without holding the answer back (a second commit on every write's path would cost a
 * fifth of the registrations a second), so a crash in the few milliseconds between can lose the record, never
 * the write, which carries its sender and time.
 */
export function auditHook(trail: AuditTrail, now: () => Date) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const entry = auditEntryOf(request, reply.statusCode, now());
    if (entry === undefined) return payload;
    const recorded = trail.record(entry);
    if (request.method !== 'GET') {
      recorded.catch((error: unknown) => {
        request.log.error({ err: error }, 'audit record of a write not written');
      });
      return payload;
    }
    try {
      await recorded;
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
  };
}

/** What the trail records of a request, or undefined when it records nothing of it. */
export function auditEntryOf(request: FastifyRequest, status: number, at: Date): AuditEntry | undefined {
  const route = request.routeOptions.url;
  if (route === undefined || request.method === 'HEAD' || request.method === 'OPTIONS') return undefined;
  if (route.startsWith('/assets/') || route.startsWith('/icons/')) return undefined;
  const write = request.method !== 'GET';
  if (!write && READS_WITHOUT_PERSONAL_DATA.has(route)) return undefined;
  const actor = actorOf(request);
  if (actor === undefined) return undefined;
  const [path = '', search] = request.url.split('?', 2);
  return {
    at: at.toISOString(),
    actor,
    action: `${request.method} ${route}`,
    target: path.slice(0, LONGEST_TARGET),
    personalData: !write || !READS_WITHOUT_PERSONAL_DATA.has(route),
    outcome: status,
    source: request.ip,
    ...(search === undefined ? {} : { details: queryDetails(search) }),
  };
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
  // A sign-in is recorded, whether it works or not, under the name that was tried.
  if (request.routeOptions.url === '/sign-in' && request.method === 'POST') {
    const body = request.body as { username?: unknown } | undefined;
    const tried = typeof body?.username === 'string' ? body.username.slice(0, 100) : '';
    return { kind: 'anonymous', id: tried, name: 'sign-in' };
  }
  return undefined;
}

function queryDetails(search: string): Record<string, string> {
  const details: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const key = `query.${name.slice(0, 40)}`;
    if (key in details) continue;
    details[key] = RECORDED_QUERY_VALUES.has(name) ? value.slice(0, 60) : '…';
  }
  return details;
}
