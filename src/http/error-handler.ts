import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Failure } from '../app/failure.js';
import { domainError, type DomainError } from '../domain/errors.js';
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

/** Fastify's own early failures (a malformed URL), answered in the same shape as every other error. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void send(reply, failureOf(error));
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

function failureOf(error: FastifyError | Problem): Failure {
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
