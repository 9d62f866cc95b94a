import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { TestRegistry, type Caller } from '../support/registry.js';

/**
 * Numbers in requests: a query's integer is written in decimal digits, and every integer a request carries, in a
 * query or a body, has bounds. A number past them — 1e400, four hundred nines, a fraction, hexadecimal — is
 * refused as a 400 naming the field and the rule, never taken as Infinity for the database to choke on.
 */

/** Numbers as careless or hostile clients write them; none is an integer within any bound of the API. */
const OUT_OF_BOUNDS: readonly (readonly [string, string])[] = [
  ['1e400', '1e400'],
  ['400 nines', '9'.repeat(400)],
  ['-1e400', '-1e400'],
  ['minus 400 nines', `-${'9'.repeat(400)}`],
  ['1.5', '1.5'],
  ['0x10', '0x10'],
  ['1e2', '1e2'],
  ['an empty text', ''],
];

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`numbers in requests (${database.name})`, () => {
    let registry: TestRegistry;
    let callers: Record<'agent' | 'admin' | 'inspector', Caller>;

    beforeAll(async () => {
      registry = await TestRegistry.open(database);
      callers = {
        agent: await registry.newCaller('agent'),
        admin: await registry.newCaller('admin'),
        inspector: await registry.newCaller('inspector'),
      };
    });
    afterAll(async () => {
      await registry.close();
    });

    /** The queries with an integer: who may send them, the address before the field, and the field. */
    const queries: readonly (readonly [keyof typeof callers, string, string])[] = [
      ['agent', '/api/v1/contact-center/references?', 'limit'],
      ['admin', '/api/v1/audit?', 'limit'],
      ['admin', '/api/v1/audit?', 'after'],
      ['inspector', '/api/v1/presences?from=TODAY&to=TODAY&', 'limit'],
    ];

    it.each(
      queries.flatMap(([role, url, field]) =>
        OUT_OF_BOUNDS.map(([shown, number]) => [role, url, field, shown, number] as const),
      ),
    )('as %s, %s%s= %s is refused as a 400 naming the field', async (role, url, field, _shown, number) => {
      const address = `${url.replaceAll('TODAY', registry.today())}${field}=${number}`;
      const reply = await callers[role].get(address);
      expect(reply.status, JSON.stringify(reply.body)).toBe(400);
      expect(['FIELD_TYPE', 'FIELD_VALUE']).toContain(reply.body.error.code);
      expect(reply.body.error.details).toEqual([expect.objectContaining({ field })]);
      expect(reply.body.error.message).toMatch(new RegExp(`^${field} must be`));
    });

    it('refuses an integer past its bound as a range rule, naming the bound', async () => {
      const huge = await callers.agent.get(`/api/v1/contact-center/references?limit=${'9'.repeat(400)}`);
      expect(huge.body.error).toMatchObject({ code: 'FIELD_VALUE', message: 'limit must be <= 500.' });
      const negative = await callers.admin.get(`/api/v1/audit?after=-${'9'.repeat(400)}`);
      expect(negative.body.error).toMatchObject({ code: 'FIELD_VALUE', message: 'after must be >= 0.' });
      const past = await callers.admin.get('/api/v1/audit?after=99999999999999999999');
      expect(past.body.error).toMatchObject({
        code: 'FIELD_VALUE',
        message: 'after must be <= 9007199254740991.',
      });
    });

    it('reads an integer written in digits, as before', async () => {
      expect((await callers.agent.get('/api/v1/contact-center/references?limit=500')).status).toBe(200);
      expect((await callers.admin.get('/api/v1/audit?after=0&limit=0010')).status).toBe(200);
      const zero = await callers.admin.get('/api/v1/audit?limit=0');
      expect(zero.body.error).toMatchObject({ code: 'FIELD_VALUE', message: 'limit must be >= 1.' });
    });

    // 0x10 and an empty text are not JSON at all: BODY_MALFORMED, as any broken body.
    const inJson = OUT_OF_BOUNDS.filter(([shown]) => shown !== '0x10' && shown !== 'an empty text');
    it.each([...inJson, ['a text', '"60"'] as const])(
      "refuses a body's integer written %s as a 400 naming the field, and rotates nothing",
      async (_shown, number) => {
        const made = await callers.admin.post('/api/v1/keys', { role: 'inspector', name: 'to rotate' });
        const reply = await registry.app.inject({
          method: 'POST',
          url: `/api/v1/keys/${made.body.apiKey.id as string}/rotate`,
          headers: { authorization: `Bearer ${callers.admin.key}`, 'content-type': 'application/json' },
          payload: `{"graceSeconds": ${number}}`,
        });
        const body = reply.json();
        if (number === '1e2') {
          // 100 in JSON's own notation: an integer within bounds.
          expect(reply.statusCode).toBe(201);
          return;
        }
        expect(reply.statusCode, reply.body).toBe(400);
        expect(['FIELD_TYPE', 'FIELD_VALUE']).toContain(body.error.code);
        expect(body.error.details).toEqual([expect.objectContaining({ field: 'graceSeconds' })]);
        const keys = await callers.admin.get('/api/v1/keys');
        const again = (keys.body.apiKeys as { id: string; replacedBy?: string }[]).find(
          (k) => k.id === made.body.apiKey.id,
        );
        expect(again?.replacedBy).toBeUndefined();
      },
    );
  });
}
