import { Ajv, type ErrorObject, type Options } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { domainError, type DomainError } from '../domain/errors.js';

const COMMON: Options = { allErrors: true, removeAdditional: false, useDefaults: false, strict: true };

/**
 * Request validation against the published schemas. Bodies are taken as sent: no type coercion, no silent
 * removal of unknown fields (both are refused, naming the field). Query strings and path parameters arrive as
 * text, so there numbers are read from their digits.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = new Ajv({ ...COMMON, coerceTypes: false });
  const coercing = new Ajv({ ...COMMON, coerceTypes: true });
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}

/** The most field errors one reply lists. */
const MAX_DETAILS = 50;

/** Turns schema errors into domain errors that name the field (`presences[3].worker.niss`) and the rule. */
export function schemaErrors(errors: readonly ErrorObject[], part: string): DomainError[] {
  return errors.slice(0, MAX_DETAILS).map((e) => toDomainError(e, part));
}

function toDomainError(e: ErrorObject, part: string): DomainError {
  const at = fieldPath(e.instancePath);
  const params = e.params as Record<string, unknown>;
  const where = (field: string): string =>
    field === '' ? (part === 'body' ? 'The body' : `The ${part}`) : field;
  switch (e.keyword) {
    case 'required': {
      const field = join(at, String(params['missingProperty']));
      return domainError('FIELD_REQUIRED', `${field} is required.`, field);
    }
    case 'additionalProperties': {
      const field = join(at, String(params['additionalProperty']));
      return domainError('FIELD_UNKNOWN', `${field} is not a field of this request.`, field);
    }
    case 'type':
      return domainError('FIELD_TYPE', `${where(at)} must be of type ${String(params['type'])}.`, at);
    case 'minItems':
      return domainError(
        'TOO_FEW_ITEMS',
        `${where(at)} needs at least ${String(params['limit'])} item(s).`,
        at,
      );
    case 'maxItems':
      return domainError(
        'TOO_MANY_ITEMS',
        `${where(at)} takes at most ${String(params['limit'])} items.`,
        at,
      );
    case 'minLength':
    case 'maxLength':
      return domainError('FIELD_LENGTH', `${where(at)} ${e.message ?? 'has a wrong length'}.`, at);
    case 'enum':
    case 'const': {
      const allowed = (params['allowedValues'] as unknown[] | undefined) ?? [params['allowedValue']];
      return domainError(
        'FIELD_VALUE',
        `${where(at)} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}.`,
        at,
      );
    }
    case 'minimum':
    case 'maximum':
    case 'multipleOf':
      return domainError('FIELD_VALUE', `${where(at)} ${e.message ?? 'is out of range'}.`, at);
    default:
      return domainError('FIELD_FORMAT', `${where(at)} ${e.message ?? 'is not valid'}.`, at);
  }
}

/** `/presences/3/worker/niss` → `presences[3].worker.niss`. */
function fieldPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, token) => (/^\d+$/.test(token) ? `${path}[${token}]` : join(path, token)), '');
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}
