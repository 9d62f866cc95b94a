import { Type, type TSchema } from 'typebox';
import { describe, expect, it } from 'vitest';
import { BoundedInteger } from './schemas/common.js';
import { createValidatorCompiler } from './validation.js';

const compile = (schema: TSchema, httpPart: string) =>
  createValidatorCompiler()({ schema, httpPart, url: '/x', method: 'GET' });

describe('the request validator', () => {
  it('reads a query integer from its decimal digits only', () => {
    const validate = compile(
      Type.Object({ limit: Type.Optional(BoundedInteger(1, 500)) }, { additionalProperties: false }),
      'querystring',
    );
    expect(validate({ limit: '25' })).toEqual({ value: { limit: 25 } });
    for (const text of ['1e400', '1e2', '0x10', '1.5', ' 7', ''])
      expect(validate({ limit: text }), text).toMatchObject({ error: [{ keyword: 'type' }] });
    expect(validate({ limit: '9'.repeat(400) })).toMatchObject({ error: [{ keyword: 'maximum' }] });
    expect(validate({ limit: `-${'9'.repeat(400)}` })).toMatchObject({ error: [{ keyword: 'minimum' }] });
  });

  it('takes a body as sent: a number in a text is not a number', () => {
    const validate = compile(Type.Object({ n: BoundedInteger(0, 10) }), 'body');
    expect(validate({ n: 3 })).toBe(true);
    expect(validate({ n: '3' })).toBe(false);
    expect(validate({ n: Infinity })).toBe(false);
  });

  it.each(['body', 'querystring'])(
    'does not compile a %s with an integer or a number without bounds',
    (part) => {
      expect(() => compile(Type.Object({ n: Type.Integer({ minimum: 0 }) }), part)).toThrow(
        /n is a number without bounds/,
      );
      expect(() => compile(Type.Object({ n: Type.Number() }), part)).toThrow(/n is a number without bounds/);
      expect(() => compile(Type.Object({ n: BoundedInteger(0, 9) }), part)).not.toThrow();
      expect(() =>
        compile(Type.Object({ a: Type.Array(Type.Object({ n: Type.Integer({ maximum: 3 }) })) }), part),
      ).toThrow(/a\.n is a number without bounds/);
    },
  );

  it('does not compile a query with a field that cannot be read from text', () => {
    expect(() => compile(Type.Object({ b: Type.Boolean() }), 'querystring')).toThrow(
      /b cannot be read from text/,
    );
    expect(() => compile(Type.Object({ n: Type.Number({ minimum: 0, maximum: 1 }) }), 'querystring')).toThrow(
      /n cannot be read from text/,
    );
    expect(() => compile(Type.Object({ b: Type.Boolean() }), 'body')).not.toThrow();
  });
});

describe('BoundedInteger', () => {
  it('takes safe integers as bounds, the lower first', () => {
    expect(BoundedInteger(0, Number.MAX_SAFE_INTEGER)).toMatchObject({ type: 'integer', minimum: 0 });
    expect(() => BoundedInteger(0, Infinity)).toThrow(RangeError);
    expect(() => BoundedInteger(5, 1)).toThrow(RangeError);
  });
});
