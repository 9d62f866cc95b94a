import { Type, type TInteger, type TSchema } from 'typebox';

/** One broken rule: a stable code, the field it is about, and a readable message. */
export const ErrorDetail = Type.Object(
  {
    code: Type.String({ description: 'Stable error code, e.g. NISS_CHECK_DIGITS.' }),
    field: Type.Optional(Type.String({ description: 'Path of the field, e.g. presences[3].worker.niss.' })),
    message: Type.String(),
  },
  { $id: 'ErrorDetail' },
);

/** Every error reply: `{ error: { code, message, details? } }`. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Array(Type.Ref('ErrorDetail'))),
    }),
  },
  { $id: 'ErrorBody' },
);

const errorRef = Type.Ref('ErrorBody');

/** The error replies a route documents, by status. */
export function errorReplies(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorRef]));
}

/** A calendar day as written in requests. Parsed by the domain, so that a wrong one names its rule. */
export const DateText = (description: string) =>
  Type.String({ maxLength: 32, description: `${description} (YYYY-MM-DD, a Brussels calendar day)` });

/** An enterprise number as typed (dots and spaces allowed). */
export const EnterpriseText = (description: string) =>
  Type.String({ maxLength: 32, description: `${description}: KBO/BCE enterprise number, e.g. 0403.170.701` });

/**
 * An integer a request carries, between `minimum` and `maximum` (both safe integers): every integer of a request
 * has both bounds, so that a number past them, however it is written (`1e400`, four hundred nines), is refused
 * naming the field and the bound instead of reaching a use case or a database as Infinity. The validator refuses
 * a request schema with an integer that lacks them (`src/http/validation.ts`).
 */
export function BoundedInteger(
  minimum: number,
  maximum: number,
  options: { readonly description?: string; readonly default?: number } = {},
): TInteger {
  if (!Number.isSafeInteger(minimum) || !Number.isSafeInteger(maximum) || minimum > maximum)
    throw new RangeError(
      `Bounds of an integer must be safe integers, the lower first: ${minimum}, ${maximum}.`,
    );
  return Type.Integer({ ...options, minimum, maximum });
}

/** A free-text field. */
export const Text = (maxLength: number, description: string) => Type.String({ maxLength, description });

/** The `{ id }` path parameter. */
export const IdParams = Type.Object(
  {
    id: Type.String({
      maxLength: 64,
      pattern: '^[A-Za-z0-9._~ -]+$',
      description: 'An id as the registry gave it',
    }),
  },
  { additionalProperties: false },
);
