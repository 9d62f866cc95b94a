import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../app/app-deps.js';
import type { Principal } from '../../domain/principal.js';
import { buildSoapFault, buildSoapResponse } from '../../soap/build-response.js';
import {
  isContractXsdFile,
  presenceRegistrationWsdl,
  servedContractXsd,
  type ContractXsdFile,
} from '../../soap/contract.js';
import type { SoapFault, SoapOperation } from '../../soap/messages.js';
import { readSoapBody } from '../../soap/parse-request.js';
import { ReplayGuard, verifyWsSecurity } from '../../soap/ws-security.js';
import type { RateLimitHook } from '../api-rate-limit.js';
import { failureOf } from '../error-handler.js';
import { ERROR_STATUS } from '../error-status.js';
import type { Problem } from '../problem.js';
import { runSoapOperation } from './soap-operations.js';

/** Where the PresenceRegistration web service answers, as the official service's path. */
export const SOAP_PATH = '/PresenceRegistration/v1';

/** What a body of another media type is told. */
const SEND_SOAP = 'Send a SOAP 1.1 envelope as text/xml.';

/** The operations that only read (their audit record is written before the answer leaves). */
const READS: ReadonlySet<SoapOperation> = new Set(['searchPresences', 'getPresenceRegistration']);

/** The refusals of the signature check that say the message is no SOAP 1.1 envelope at all. */
const NOT_AN_ENVELOPE: ReadonlySet<string> = new Set([
  'XML_DOCTYPE_FORBIDDEN',
  'XML_MALFORMED',
  'SOAP_ENVELOPE_INVALID',
]);

/** The refusal of a message signed by a certificate registered for no sender (HTTP 401). */
export const CERTIFICATE_UNKNOWN: SoapFault = Object.freeze({
  side: 'client',
  code: 'CERTIFICATE_UNKNOWN',
  message: 'The certificate that signed this message is not registered for a sender, or no longer.',
});

/** Who sent a verified message: the principal its certificate is registered for, if any. */
export type SenderOfCertificate = (fingerprint256: string, now: Date) => Promise<Principal | undefined>;

/** What the SOAP endpoint needs beside the use cases' dependencies. */
export interface SoapDeps extends AppDeps {
  readonly senderOfCertificate: SenderOfCertificate;
  /** The rate limit of the API, counting a SOAP call against its sender's allowance. */
  readonly limit: RateLimitHook;
}

/**
 * The social security's PresenceRegistration v1 web service (SOAP 1.1, document/literal): the WSDL at `?wsdl`,
 * its schemas at `?xsd=<file>`, and the four operations POSTed to the same path, each signed with WS-Security by
 * a certificate registered for a principal (`sitepresence certs add`). Every answer is a SOAP envelope: the
 * operation's response, or a fault — the request's (`BusinessError`, HTTP 4xx: do not send it again as is) or
 * the service's (`SystemError`, HTTP 503: send it again later). Never a 500: where SOAP 1.1 over HTTP (and the
 * WS-I Basic Profile) sends every fault with 500, this registry tells a client's mistake from its own trouble.
 */
export function soapRoutes(deps: SoapDeps) {
  const replays = new ReplayGuard(deps.clock);
  const contract = new ServedContract();
  return (app: FastifyInstance): Promise<void> => {
    app.addContentTypeParser(
      ['text/xml', 'application/soap+xml', 'application/xml'],
      { parseAs: 'string' },
      (_request, body, done) => {
        done(null, body);
      },
    );
    // The API's reading of a failure, answered as a fault: the request's (4xx), or the registry's (503).
    app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
      const [main] = failureOf(error);
      const status = ERROR_STATUS[main.code];
      if (status < 500) {
        const message = main.code === 'MEDIA_TYPE_UNSUPPORTED' ? SEND_SOAP : main.message;
        return sendFault(reply, status, { side: 'client', code: main.code, message });
      }
      if (main.code === 'INTERNAL') request.log.error({ err: error }, 'SOAP request failed');
      return sendFault(reply, 503, {
        side: 'server',
        code: main.code === 'INTERNAL' ? 'SERVICE_UNAVAILABLE' : main.code,
        message: 'The registry cannot answer at the moment: send the request again shortly.',
        incidentId: request.id,
      });
    });

    app.get(SOAP_PATH, { schema: { hide: true } }, async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      const xsd = query.xsd;
      if (query.wsdl === undefined && (xsd === undefined || !isContractXsdFile(xsd))) {
        return sendFault(reply, 404, {
          side: 'client',
          code: 'NOT_FOUND',
          message: `POST SOAP requests to ${SOAP_PATH}; its WSDL is at ${SOAP_PATH}?wsdl.`,
        });
      }
      const endpoint = endpointOf(request.protocol, request.host);
      if (endpoint === undefined) {
        return sendFault(reply, 400, {
          side: 'client',
          code: 'REQUEST_INVALID',
          message: 'The Host header is not a host.',
        });
      }
      const document = contract.get(endpoint, xsd !== undefined && isContractXsdFile(xsd) ? xsd : 'wsdl');
      return reply
        .type('text/xml; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(document);
    });

    app.post(SOAP_PATH, { schema: { hide: true } }, async (request, reply) => {
      if (typeof request.body !== 'string') {
        return sendFault(reply, 415, {
          side: 'client',
          code: 'MEDIA_TYPE_UNSUPPORTED',
          message: SEND_SOAP,
        });
      }
      const now = deps.clock.now();
      const verified = verifyWsSecurity(request.body, { now });
      if (!verified.ok) {
        await deps.limit(request, reply);
        // A message that is no SOAP envelope is malformed (400); one that is, but not signed as it must be, is
        // not authenticated (401).
        const status = NOT_AN_ENVELOPE.has(verified.error.code) ? 400 : 401;
        return sendFault(reply, status, {
          side: 'client',
          code: verified.error.code,
          message: verified.error.message,
        });
      }
      const principal = await deps.senderOfCertificate(verified.value.fingerprint256, now);
      if (principal !== undefined) request.principal = principal;
      await deps.limit(request, reply);
      if (principal === undefined) return sendFault(reply, 401, CERTIFICATE_UNKNOWN);
      if (replays.seen(verified.value.signatureValue, verified.value.timestamp.expires)) {
        return sendFault(reply, 401, {
          side: 'client',
          code: 'MESSAGE_REPLAYED',
          message: 'This signed message was received before: sign each request anew.',
        });
      }
      // The request is read from the Body as it was verified (the elements whose digest was checked), not from
      // another parse of the message.
      const parsed = readSoapBody(verified.value.body);
      if (!parsed.ok) return sendFault(reply, 400, parsed.error);
      request.auditOperation = { name: parsed.value.operation, reads: READS.has(parsed.value.operation) };
      const answer = await runSoapOperation(deps, principal, parsed.value);
      if ('side' in answer) return sendFault(reply, answer.side === 'client' ? 400 : 503, answer);
      return reply.type('text/xml; charset=utf-8').send(buildSoapResponse(answer));
    });
    return Promise.resolve();
  };
}

/** A Host header's value: a name or an address, and a port. */
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

/** This service's address as a client reached it, or undefined when the Host header is not a host. */
function endpointOf(protocol: string, host: string): string | undefined {
  if (!HOST.test(host)) return undefined;
  try {
    return new URL(SOAP_PATH, `${protocol}://${host}`).href;
  } catch {
    return undefined;
  }
}

/**
 * The WSDL and the XSDs with this server's addresses written in, made once per address a client used (read
 * from disk then, never again on the request's path); a few addresses at most are kept.
 */
class ServedContract {
  private readonly made = new Map<string, string>();

  get(endpoint: string, file: ContractXsdFile | 'wsdl'): string {
    const key = `${file} ${endpoint}`;
    let document = this.made.get(key);
    if (document === undefined) {
      document =
        file === 'wsdl' ? presenceRegistrationWsdl({ endpoint }) : servedContractXsd(file, { endpoint });
      if (this.made.size >= 64) this.made.clear();
      this.made.set(key, document);
    }
    return document;
  }
}

/** Answers a SOAP fault with the HTTP status given; the service's own faults say when to try again. */
export function sendFault(reply: FastifyReply, status: number, fault: SoapFault): FastifyReply {
  if (fault.side === 'server') reply.header('retry-after', '5');
  return reply.code(status).type('text/xml; charset=utf-8').send(buildSoapFault(fault));
}
