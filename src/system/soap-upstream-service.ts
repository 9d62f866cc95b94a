import { errors as undiciErrors, request, type Dispatcher } from 'undici';
import type { CalendarDate } from '../domain/calendar-date.js';
import { err, ok, type Result } from '../domain/result.js';
import type { UpstreamError } from '../domain/upstream.js';
import type {
  UpstreamCancel,
  UpstreamCancelOutcome,
  UpstreamFailure,
  UpstreamQuery,
  UpstreamRegisterOutcome,
  UpstreamRegistration,
  UpstreamService,
  UpstreamSubmit,
} from '../app/upstream-service.js';
import { buildSoapRequest } from '../soap/build-request.js';
import {
  MAX_FETCH_SIZE,
  type ItemError,
  type PresenceRegistrationOut,
  type SoapFault,
  type SoapRequest,
  type SoapResponse,
} from '../soap/messages.js';
import { remarkOfText } from '../soap/official-remarks.js';
import { parseSoapResponse } from '../soap/parse-response.js';
import { WS_SECURITY_REFUSAL_CODES } from '../soap/ws-security.js';
import {
  prepareSoapSigner,
  signSoapEnvelope,
  type PreparedSoapSigner,
  type SoapSigner,
} from '../soap/ws-security-sign.js';

/** Where and as whom the relay calls the upstream's PresenceRegistration v1 web service. */
export interface SoapUpstreamOptions {
  readonly url: string;
  readonly signer: SoapSigner;
  /** How long one call may take, from connecting to the last byte of the answer. */
  readonly timeoutMs: number;
  /** The clock of the signatures' timestamps. */
  readonly now: () => Date;
  /** The HTTP client's connection pool (undici's global one when absent). */
  readonly dispatcher?: Dispatcher;
}

/** Errors raised before the request could leave: the upstream cannot have done anything. */
const NOT_DELIVERED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Refusals of the sender rather than of the request: its certificate, its signature, its pace. */
const SENDER_REFUSALS: ReadonlySet<string> = new Set<string>([
  ...WS_SECURITY_REFUSAL_CODES,
  'CERTIFICATE_UNKNOWN',
  'MESSAGE_REPLAYED',
  'RATE_LIMITED',
]);

/**
 * The upstream as a PresenceRegistration v1 SOAP service: each call signed with WS-Security by the sender's
 * certificate, POSTed with undici, its answer read by the protocol's codec and told in the domain's terms. A
 * call that gets no usable answer says whether it may have reached the upstream (`delivered`).
 */
export class SoapUpstreamService implements UpstreamService {
  /** The signer's key and certificate, read once: every call is signed with them. */
  private readonly signer: PreparedSoapSigner;

  /** Throws when the signer's key is not its certificate's, or either PEM cannot be read. */
  constructor(private readonly options: SoapUpstreamOptions) {
    this.signer = prepareSoapSigner(options.signer);
  }

  async register(
    items: readonly UpstreamSubmit[],
  ): Promise<Result<UpstreamRegisterOutcome[], UpstreamFailure>> {
    const answer = await this.call({
      operation: 'registerPresences',
      items: items.map((item) => ({
        registrationDate: item.registrationDate,
        ...('inss' in item.worker
          ? { inss: item.worker.inss, companyId: item.worker.companyId }
          : { limosaId: item.worker.limosaId }),
        workPlaceId: item.workplaceId,
        clientReference: item.clientReference,
      })),
    });
    if (!answer.ok) return answer;
    if (answer.value.operation !== 'registerPresences') return err(malformed('registerPresences'));
    return ok(
      answer.value.items.map((outcome): UpstreamRegisterOutcome =>
        outcome.kind === 'registered'
          ? { kind: 'REGISTERED', registration: registrationOf(outcome.registration) }
          : { kind: 'REFUSED', errors: outcome.errors.map(errorOf) },
      ),
    );
  }

  async cancel(items: readonly UpstreamCancel[]): Promise<Result<UpstreamCancelOutcome[], UpstreamFailure>> {
    const answer = await this.call({
      operation: 'cancelPresences',
      items: items.map((item) => ({
        presenceRegistrationId: item.registrationId,
        cancellationReason: item.reason,
      })),
    });
    if (!answer.ok) return answer;
    if (answer.value.operation !== 'cancelPresences') return err(malformed('cancelPresences'));
    return ok(
      answer.value.items.map((outcome): UpstreamCancelOutcome =>
        outcome.kind === 'cancelled'
          ? { kind: 'CANCELLED' }
          : { kind: 'REFUSED', errors: outcome.errors.map(errorOf) },
      ),
    );
  }

  async find(query: UpstreamQuery): Promise<Result<UpstreamRegistration[], UpstreamFailure>> {
    const found: UpstreamRegistration[] = [];
    for (let firstRow = 0; ; firstRow += MAX_FETCH_SIZE) {
      const answer = await this.call(searchOf(query.workplaceId, query.registrationDate, firstRow));
      if (!answer.ok) return answer;
      if (answer.value.operation !== 'searchPresences') return err(malformed('searchPresences'));
      found.push(...answer.value.registrations.map(registrationOf));
      if (
        answer.value.registrations.length < MAX_FETCH_SIZE ||
        firstRow + MAX_FETCH_SIZE >= answer.value.resultCount
      ) {
        return ok(found);
      }
    }
  }

  async get(registrationId: string): Promise<Result<UpstreamRegistration | null, UpstreamFailure>> {
    const answer = await this.call({ operation: 'getPresenceRegistration', id: registrationId });
    if (!answer.ok) return answer;
    if (answer.value.operation !== 'getPresenceRegistration') {
      return err(malformed('getPresenceRegistration'));
    }
    return ok(answer.value.registration === null ? null : registrationOf(answer.value.registration));
  }

  /** One signed call: its answer, or why there is none. */
  private async call(soap: SoapRequest): Promise<Result<SoapResponse, UpstreamFailure>> {
    const { url, timeoutMs, now, dispatcher } = this.options;
    let envelope: string;
    try {
      envelope = signSoapEnvelope(buildSoapRequest(soap), this.signer, { now: now() });
    } catch (error) {
      // A value the contract cannot hold (the registry's rules are wider somewhere): sending it again cannot help.
      if (error instanceof RangeError)
        return err({ kind: 'REJECTED', code: 'REQUEST_INVALID', message: error.message });
      throw error;
    }
    const deadline = AbortSignal.timeout(timeoutMs);
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const reply = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
        body: envelope,
        signal: deadline,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        ...(dispatcher === undefined ? {} : { dispatcher }),
      });
      status = reply.statusCode;
      headers = reply.headers;
      text = await reply.body.text();
    } catch (error) {
      return err(unanswered(error));
    }
    const retryAfterMs = retryAfter(headers['retry-after']);
    const parsed = parseSoapResponse(soap.operation, text);
    if (parsed.ok) {
      return status >= 200 && status < 300
        ? parsed
        : err({ kind: 'UNAVAILABLE', delivered: true, message: `HTTP ${status} with an answer` });
    }
    if (parsed.error.kind === 'FAULT') return err(faultFailure(parsed.error.fault, status, retryAfterMs));
    // Not the protocol's answer: a proxy's page, an overloaded server's 503, a cut-off body.
    return err({
      kind: 'UNAVAILABLE',
      // A 503 or 429 says the request was not taken; anything else may have been.
      delivered: status !== 503 && status !== 429,
      message: `HTTP ${status}: ${parsed.error.message}`,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
}

/** The search of one workplace-day, one page of the most the protocol gives. */
function searchOf(workplaceId: string, day: CalendarDate, firstRow: number): SoapRequest {
  return {
    operation: 'searchPresences',
    criteria: { workPlaceId: workplaceId, registrationPeriods: [{ start: day, end: day }] },
    pagination: { firstRow, fetchSize: MAX_FETCH_SIZE },
    sorting: { direction: 'ASCENDING', criterion: 'ID' },
  };
}

function registrationOf(registration: PresenceRegistrationOut): UpstreamRegistration {
  const { lastValidation } = registration;
  const status: UpstreamRegistration['status'] =
    lastValidation.status === 'SUCCESSFULLY REGISTERED'
      ? 'SENT'
      : lastValidation.status === 'SUCCESSFULLY CANCELLED'
        ? 'CANCELLED'
        : lastValidation.status;
  return {
    registrationId: registration.presenceRegistrationId,
    ...(registration.submitted.clientReference === undefined
      ? {}
      : { clientReference: registration.submitted.clientReference }),
    status,
    remarks: (lastValidation.remarks ?? []).map(remarkOfText),
  };
}

function errorOf(error: ItemError): UpstreamError {
  return { code: error.code, description: error.description };
}

function faultFailure(fault: SoapFault, status: number, retryAfterMs: number | undefined): UpstreamFailure {
  const wait = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (fault.side === 'server') {
    // The service's own trouble: what it was asked may or may not be done.
    return { kind: 'UNAVAILABLE', delivered: true, message: `${fault.code}: ${fault.message}`, ...wait };
  }
  if (status === 401 || status === 403 || status === 429 || SENDER_REFUSALS.has(fault.code)) {
    return { kind: 'SENDER_REFUSED', code: fault.code, message: fault.message, ...wait };
  }
  return { kind: 'REJECTED', code: fault.code, message: fault.message };
}

function malformed(operation: string): UpstreamFailure {
  return { kind: 'UNAVAILABLE', delivered: true, message: `not an answer to ${operation}` };
}

/** A call that got no answer at all: refused, cut, timed out, or its TLS refused. */
function unanswered(error: unknown): UpstreamFailure {
  const code = codeOf(error);
  const message = error instanceof Error ? `${code ?? error.name}: ${error.message}` : String(error);
  return { kind: 'UNAVAILABLE', delivered: code === undefined || !NOT_DELIVERED.has(code), message };
}

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
    if (current instanceof undiciErrors.ConnectTimeoutError) return 'UND_ERR_CONNECT_TIMEOUT';
    current = current.cause;
  }
  return undefined;
}

function retryAfter(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 600) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.min(at - Date.now(), 600_000));
}
