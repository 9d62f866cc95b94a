import { Ajv, type ErrorObject, type Options } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { readDecimalInteger } from '../domain/decimal-integer.js';
import { domainError, type DomainError } from '../domain/errors.js';

const COMMON: Options = { allErrors: true, removeAdditional: false, useDefaults: false, strict: true };

/**
 * Request validation against the published schemas. Values are taken as sent: no type coercion, no silent removal
 * of unknown fields (both are refused, naming the field). Query strings and path parameters arrive as text, so
 * there an integer is read from its decimal digits ({@link readDecimalInteger}) and anything else written in its
 * place (`1e400`, `0x10`, `1.5`) is refused as not an integer. Ajv's own coercion is not used: it reads `1e400`
 * as Infinity, which passes `type: integer` once coerced and skips the bounds (a 500 from the database after).
 *
 * Every integer of a request has bounds (`BoundedInteger`): a schema with one without them does not compile, so
 * the app does not start.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const ajv = new Ajv({ ...COMMON, coerceTypes: false });
  return ({ schema, httpPart, url, method }) => {
    const where = `${method} ${url} (${httpPart ?? 'body'})`;
    requireBoundedNumbers(schema, where);
    const validate = ajv.compile(schema as object);
    if (httpPart === undefined || httpPart === 'body') return validate;
    const integers = integerFields(schema, where);
    return (data: unknown) => {
      const read = readIntegers(data, integers);
      return validate(read) ? { value: read } : { error: validate.errors ?? [] };
    };
  };
}

type SchemaNode = Readonly<Record<string, unknown>>;

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null;
}

function typesOf(node: SchemaNode): readonly unknown[] {
  const type = node['type'];
  return Array.isArray(type) ? type : [type];
}

/** Throws unless every number and integer in the schema, however deep, has a lower and an upper bound. */
function requireBoundedNumbers(node: unknown, where: string, path = ''): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => {
      requireBoundedNumbers(n, where, `${path}[${i}]`);
    });
    return;
  }
  if (!isNode(node)) return;
  const numeric = typesOf(node).some((t) => t === 'integer' || t === 'number');
  const bounded = [node['minimum'], node['maximum']].every(
    (b) => typeof b === 'number' && Number.isSafeInteger(b),
  );
  if (numeric && !bounded)
    throw new Error(`${where}: ${path || 'the value'} is a number without bounds; use BoundedInteger.`);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isNode(value)) {
      for (const [name, property] of Object.entries(value))
        requireBoundedNumbers(property, where, path === '' ? name : `${path}.${name}`);
    } else if (key !== 'default' && key !== 'const' && key !== 'enum' && key !== 'examples') {
      requireBoundedNumbers(value, where, path);
    }
  }
}

/** The fields of a query or of path parameters that are integers; only text and integers are read from text. */
function integerFields(schema: unknown, where: string): readonly string[] {
  const properties = isNode(schema) && isNode(schema['properties']) ? schema['properties'] : {};
  return Object.entries(properties).flatMap(([name, property]) => {
    const types = isNode(property) ? typesOf(property) : [];
    if (types.includes('number') || types.includes('boolean'))
      throw new Error(`${where}: ${name} cannot be read from text; use text or a BoundedInteger.`);
    return types.includes('integer') ? [name] : [];
  });
}

/** The query or parameters with each integer field written in decimal digits read as its number. */
function readIntegers(data: unknown, integers: readonly string[]): unknown {
  if (integers.length === 0 || !isNode(data) || Array.isArray(data)) return data;
  const read: Record<string, unknown> = { ...data };
  for (const name of integers) {
    const text = read[name];
    const value = typeof text === 'string' ? readDecimalInteger(text) : undefined;
    if (value !== undefined) read[name] = value;
  }
  return read;
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
