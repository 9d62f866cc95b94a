import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { buildSoapFault } from '../../soap/build-response.js';
import { Problem } from '../problem.js';
import { BoundedInteger, errorReplies } from '../schemas/common.js';
import { FAULTS, FaultPlan, parseFaultPlan, type InjectedFault } from './soap-fault-plan.js';
import { CERTIFICATE_UNKNOWN, SOAP_PATH, sendFault } from './soap-routes.js';

/** Where a test sets (`PUT`) and reads (`GET`) the fault plan of the SOAP endpoint. */
export const FAULTS_PATH = '/test/faults';

/** The longest delay a plan may ask: past any client's patience. */
const MAX_DELAY_MS = 600_000;
/** The most calls a plan may count. */
const MAX_TIMES = 1_000_000;
/** What a client is told to wait after an `unavailable` answer, in seconds: short, tests are waiting. */
const UNAVAILABLE_RETRY_AFTER = '1';

/** A fault plan, as set and as read (`times` then being the calls it has left). */
const FaultPlanBody = Type.Object(
  {
    fault: Type.Enum(FAULTS),
    delayMs: Type.Optional(BoundedInteger(0, MAX_DELAY_MS, { description: 'With "delay" only.' })),
    times: Type.Optional(
      BoundedInteger(1, MAX_TIMES, { description: 'Calls the fault applies to; absent: until changed.' }),
    ),
  },
  { additionalProperties: false },
);

/**
 * Fault injection, test-only (`SOAP_FAULT_INJECTION=on`): the SOAP endpoint `endpoint` registers misbehaves on
 * demand, so that this process stands in for the official service in the tests of a client of it (the relay).
 * `PUT /test/faults` sets the plan (`{ fault, delayMs?, times? }`, see {@link FAULTS}), `GET /test/faults` reads
 * it; both answer callers on this host only (404 to anyone else, as when the setting is off), without a key.
 * Only `POST /PresenceRegistration/v1` is affected. Without this plugin the endpoint carries nothing of it.
 */
export function soapFaultInjection(
  endpoint: (app: FastifyInstance) => Promise<void>,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    const plan = new FaultPlan();
    const dropAfterProcessing = new WeakSet<FastifyRequest>();
    app.log.warn(
      `SOAP fault injection is on (SOAP_FAULT_INJECTION=on): any process on this host can make ${SOAP_PATH} ` +
        `delay, fail or cut its connections through ${FAULTS_PATH}. For tests only: never run this in production.`,
    );

    app.get(
      FAULTS_PATH,
      { schema: { hide: true, response: { 200: FaultPlanBody } }, onRequest: fromThisHostOnly },
      () => plan.current,
    );
    app.put(
      FAULTS_PATH,
      {
        schema: { hide: true, body: FaultPlanBody, response: { 200: FaultPlanBody, ...errorReplies(400) } },
        onRequest: fromThisHostOnly,
      },
      (request) => {
        const parsed = parseFaultPlan(request.body);
        if (!parsed.ok) throw new Problem([parsed.error]);
        plan.set(parsed.value);
        return plan.current;
      },
    );

    // Once the request is read (and before it is processed), the call suffers the fault the plan has for it.
    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'POST' || request.routeOptions.url !== SOAP_PATH) return undefined;
      const fault = plan.take();
      if (fault === undefined) return undefined;
      request.log.warn({ fault: fault.fault }, 'SOAP fault injected');
      return inflict(fault, request, reply, dropAfterProcessing);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      if (dropAfterProcessing.has(request)) cutConnection(request, reply);
      return payload;
    });

    await app.register(endpoint);
  };
}

/** Whether the call goes on to be processed after the fault (undefined), or was answered by it (the reply). */
async function inflict(
  fault: InjectedFault,
  request: FastifyRequest,
  reply: FastifyReply,
  dropAfterProcessing: WeakSet<FastifyRequest>,
): Promise<FastifyReply | undefined> {
  switch (fault.fault) {
    case 'delay':
      await sleep(fault.delayMs);
      return undefined;
    case 'drop-after':
      dropAfterProcessing.add(request);
      return undefined;
    case 'drop-before':
      cutConnection(request, reply);
      return undefined;
    case 'system-error':
      // As the official service answers its own trouble: SOAP 1.1 over HTTP sends every fault with a 500.
      return reply
        .code(500)
        .type('text/xml; charset=utf-8')
        .send(
          buildSoapFault({
            side: 'server',
            code: 'SYSTEM_ERROR',
            message: 'The service failed to process the request (an injected fault): send it again later.',
            incidentId: request.id,
          }),
        );
    case 'unavailable':
      // As a load balancer in front of a service that is down answers: no SOAP at all.
      return reply
        .code(503)
        .header('retry-after', UNAVAILABLE_RETRY_AFTER)
        .type('text/plain; charset=utf-8')
        .send('Service unavailable (an injected fault): try again later.\n');
    case 'refuse-certificate':
      return sendFault(reply, 401, CERTIFICATE_UNKNOWN);
  }
}

/** Cuts the connection: the client gets no answer at all, and the request goes no further here. */
function cutConnection(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.socket.destroy();
}

/** A loopback address: 127.0.0.0/8 (written as IPv4, or mapped in IPv6) or ::1. */
function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Answers the request only when it comes from this host — its connection, and the client a trusted proxy
 * forwards it for — and as an unknown route (404) otherwise.
 */
function fromThisHostOnly(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  if (isLoopback(request.socket.remoteAddress) && isLoopback(request.ip)) done();
  else reply.callNotFound();
}
