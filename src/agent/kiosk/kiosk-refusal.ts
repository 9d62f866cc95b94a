import type { FastifyError, FastifyReply } from 'fastify';
import { domainError, type DomainError, type ErrorCode } from '../../domain/errors.js';

/**
 * The HTTP status of the kiosk endpoint's refusals that are not 400: its own small table, as the registry's
 * statuses for the same codes (a refusal of what was sent, the usual case, is 400).
 */
const STATUS: Partial<Readonly<Record<ErrorCode, number>>> = {
  AUTHENTICATION_REQUIRED: 401,
  API_KEY_INVALID: 401,
  NOT_FOUND: 404,
  BODY_TOO_LARGE: 413,
  MEDIA_TYPE_UNSUPPORTED: 415,
  INTERNAL: 500,
};

/** The HTTP status the kiosk endpoint answers a refusal with, by its code. */
export function kioskStatus(code: ErrorCode): number {
  return STATUS[code] ?? 400;
}

/** A request refused before its route: the error and, when it is not its code's, the status. */
export class Refusal extends Error {
  constructor(
    readonly error: DomainError,
    readonly status: number = kioskStatus(error.code),
  ) {
    super(error.message);
    this.name = 'Refusal';
  }
}

/** Sends a refusal as every refusal of the agent: `{ "error": { "code", "message", "field"? } }`. */
export function refuse(
  reply: FastifyReply,
  error: DomainError,
  status: number = kioskStatus(error.code),
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

/** What Fastify's own failures (body, media type, URL) mean, with the registry's codes; `bodyLimit` in bytes. */
export function failureOf(
  error: FastifyError,
  bodyLimit: number,
): { readonly error: DomainError; readonly status?: number } {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        error: domainError('BODY_TOO_LARGE', `The body is too large (${bodyLimit / 1024} KiB at most).`),
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
