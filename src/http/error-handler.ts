import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Failure } from '../app/failure.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { API_HEADERS, setApiHeaders } from './api-headers.js';
import { ERROR_STATUS } from './error-status.js';
import { Problem } from './problem.js';
import { schemaErrors } from './validation.js';

/**
 * The one place where failures become HTTP replies: `{ error: { code, message, details? } }` with the status of
 * the main code. Anything unexpected is logged and answered 500 without its internals.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Problem, request: FastifyRequest, reply: FastifyReply) => {
    const errors = failureOf(error);
    const [main] = errors;
    if (main.code === 'INTERNAL') request.log.error({ err: error }, 'unexpected error');
    return send(reply, errors);
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, [domainError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0] ?? ''}.`)]),
  );
}

/**
 * Fastify's own early failures (a malformed URL, a path parameter too long), answered in the same shape as every
 * other error — and, since no hook has run, given the API's headers here.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  setApiHeaders(request, reply);
  void send(reply, failureOf(error));
}

/**
 * Node's own refusals, before Fastify makes a request of what arrived: a request that did not arrive within the
 * request timeout (408), headers and address over Node's limit (431; Node counts the address with the headers, so
 * an address too long is refused as such, not with a 414), bytes that are not HTTP (400). Answered in
 * the same shape and with the API's headers (which suit any refusal: the address may be unknown), unless part of
 * an answer is already on its way; then the connection is closed.
 */
export function clientErrors(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  // A connection reset by the client: nobody is left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  this.log.trace({ err: error }, 'client error');
  if (socket.writable && !answerStarted(socket)) socket.write(rawReply(connectionFailure(error)));
  socket.destroy(error);
}

function connectionFailure(error: ConnectionError): DomainError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return domainError('REQUEST_TIMEOUT', 'The request did not arrive in time: send it again.');
    case 'HPE_HEADER_OVERFLOW':
      return domainError(
        'HEADERS_TOO_LARGE',
        `The address and headers of the request are too large (${maxHeaderSize / 1024} KiB at most).`,
      );
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return domainError('BODY_TOO_LARGE', 'The chunk extensions of the body are too large.');
    default:
      return domainError('REQUEST_INVALID', 'The request is not valid HTTP.');
  }
}

/** Whether the reply to the request in progress on the socket has started to go out (Node's own check). */
function answerStarted(socket: Socket): boolean {
  const inProgress = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  return inProgress?.headersSent === true;
}

/** A refusal as bytes on the wire, for a connection that is closed after it. */
function rawReply(error: DomainError): string {
  const status = ERROR_STATUS[error.code];
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  const headers: Record<string, string> = {
    ...API_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('')}\r\n${body}`;
}

function send(reply: FastifyReply, errors: Failure): FastifyReply {
  const [main] = errors;
  const details = errors.length > 1 || main.field !== undefined ? errors.map(detail) : undefined;
  return reply
    .status(ERROR_STATUS[main.code])
    .type('application/json; charset=utf-8')
    .send({
      error: { code: main.code, message: main.message, ...(details === undefined ? {} : { details }) },
    });
}

function detail(e: DomainError): DomainError {
  return e.field === undefined
    ? { code: e.code, message: e.message }
    : { code: e.code, field: e.field, message: e.message };
}

/**
 * The broken rules a failure stands for: a Problem's own, or those of Fastify's refusals (validation, body, media
 * type, address), or `INTERNAL` for anything unexpected.
 */
export function failureOf(error: FastifyError | Problem): Failure {
  if (error instanceof Problem) return error.errors;
  if (error.validation !== undefined) {
    const [first, ...rest] = schemaErrors(error.validation as never, error.validationContext ?? 'body');
    if (first !== undefined) return [first, ...rest];
    return [domainError('REQUEST_INVALID', 'The request does not follow the schema.')];
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return [domainError('BODY_TOO_LARGE', 'The body is too large (1 MiB at most; 200 items a batch).')];
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return [domainError('MEDIA_TYPE_UNSUPPORTED', 'Send the body as application/json.')];
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return [domainError('BODY_MALFORMED', 'The body is not as long as its Content-Length says.')];
    case 'FST_ERR_BAD_URL':
      return [domainError('REQUEST_INVALID', 'The address of the request is not a valid URL.')];
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return [domainError('URL_TOO_LONG', 'A part of the address is longer than any the registry takes.')];
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return [domainError('BODY_MALFORMED', 'The body is empty; send a JSON object.')];
    default:
      break;
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return [domainError('BODY_MALFORMED', 'The body is not valid JSON.')];
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    if (status === 413) return [domainError('BODY_TOO_LARGE', 'The request is too large.')];
    if (status === 415) return [domainError('MEDIA_TYPE_UNSUPPORTED', 'Send the body as application/json.')];
    return [domainError('REQUEST_INVALID', error.message)];
  }
  return [
    domainError(
      'INTERNAL',
      'Something went wrong on our side. Sending the same request again is safe: it never registers twice.',
    ),
  ];
}
