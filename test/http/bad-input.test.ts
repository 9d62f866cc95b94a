import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { TestRegistry, type Caller } from '../support/registry.js';

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`bad input (${database.name})`, () => {
    let registry: TestRegistry;
    let company: Caller;
    let inspector: Caller;
    let workplace: { id: string };

    beforeAll(async () => {
      registry = await TestRegistry.open(database);
      company = await registry.newCompany();
      inspector = await registry.newCaller('inspector');
      workplace = await registry.newWorkplace(company);
    });
    afterAll(async () => {
      await registry.close();
    });

    /** How many presences the workplace holds, in any state: what a reply must account for. */
    const storedPresences = async (): Promise<number> => {
      const reply = await inspector.get(
        `/api/v1/presences?workplaceId=${workplace.id}&from=${registry.today()}&to=${registry.day(60)}&limit=500`,
      );
      return (reply.body.presences as unknown[]).length;
    };

    const send = (payload: string, contentType = 'application/json') =>
      registry.app.inject({
        method: 'POST',
        url: '/api/v1/presences',
        headers: { authorization: `Bearer ${company.key}`, 'content-type': contentType },
        payload,
      });

    it.each([
      ['malformed JSON', '{"presences": [', 'application/json', 400, 'BODY_MALFORMED'],
      ['an empty body', '', 'application/json', 400, 'BODY_MALFORMED'],
      ['a JSON array', '[]', 'application/json', 400, 'FIELD_TYPE'],
      [
        'a prototype-poisoning body',
        '{"__proto__": {"x": 1}, "presences": []}',
        'application/json',
        400,
        'BODY_MALFORMED',
      ],
      ['text instead of JSON', 'presences', 'text/plain', 415, 'MEDIA_TYPE_UNSUPPORTED'],
      ['a form', 'presences=1', 'application/x-www-form-urlencoded', 415, 'MEDIA_TYPE_UNSUPPORTED'],
    ])('answers %s with a clear 4xx', async (_name, payload, type, status, code) => {
      const reply = await send(payload, type);
      expect(reply.statusCode).toBe(status);
      expect(reply.json()).toMatchObject({ error: { code } });
    });

    it('answers a malformed address in the same error shape as everything else', async () => {
      const reply = await company.get('/api/v1/workplaces/%ZZ');
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ error: { code: 'REQUEST_INVALID' } });
    });

    it('refuses 201 items and no items at all, naming the rule', async () => {
      const many = Array.from({ length: 201 }, () => registry.presenceItem(workplace.id, company));
      const tooMany = await company.post('/api/v1/presences', { presences: many });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error).toMatchObject({ code: 'TOO_MANY_ITEMS', details: [{ field: 'presences' }] });
      const none = await company.post('/api/v1/presences', { presences: [] });
      expect(none.body.error.code).toBe('TOO_FEW_ITEMS');
    });

    it('refuses a 10 MB body with 413 before reading it all', async () => {
      const reply = await send(
        JSON.stringify({ presences: [{ workplaceId: 'x'.repeat(10 * 1024 * 1024) }] }),
      );
      expect(reply.statusCode).toBe(413);
      expect(reply.json().error.code).toBe('BODY_TOO_LARGE');
    });

    it('names every field of the wrong type or unknown, and writes nothing', async () => {
      const before = await storedPresences();
      const reply = await company.post('/api/v1/presences', {
        presences: [
          registry.presenceItem(workplace.id, company),
          { ...registry.presenceItem(workplace.id, company), worker: { niss: 85073003328 }, colour: 'blue' },
        ],
      });
      expect(reply.status).toBe(400);
      expect(
        reply.body.error.details.map((d: { code: string; field: string }) => `${d.code} ${d.field}`).sort(),
      ).toEqual(['FIELD_TYPE presences[1].worker.niss', 'FIELD_UNKNOWN presences[1].colour']);
      expect(await storedPresences()).toBe(before);
    });

    it('never answers 5xx to random bodies, and stores exactly what the replies report', async () => {
      const niss = fc.oneof(
        fc.constant('85073003328'),
        fc.string(),
        fc.stringMatching(/^[0-9.\- ]{0,16}$/),
        fc.integer(),
      );
      const worker = fc.oneof(
        fc.record({ niss }),
        fc.record({ limosaId: fc.oneof(fc.string(), fc.stringMatching(/^\d{6,22}$/)) }),
        fc.jsonValue(),
      );
      const date = fc.oneof(
        fc.constantFrom(
          registry.today(),
          registry.day(1),
          registry.day(36),
          registry.day(-1),
          '2026-02-30',
          '2026-13-01',
        ),
        fc.string(),
      );
      const item = fc.record(
        {
          workplaceId: fc.oneof(
            fc.constant(workplace.id),
            fc.string(),
            fc.constant(workplace.id.toLowerCase()),
          ),
          registrationDate: date,
          worker,
          employer: fc.oneof(fc.constant(company.enterprise), fc.string(), fc.constant('0123456789')),
          clientReference: fc.oneof(fc.string({ maxLength: 70 }), fc.constant('ref\u0000'), fc.constant('é')),
        },
        { requiredKeys: [] },
      );
      const body = fc.oneof(
        fc.record({ presences: fc.array(item, { maxLength: 5 }) }),
        fc.record({ presences: fc.array(item, { maxLength: 3 }), channel: fc.string() }),
        fc.jsonValue(),
        fc.record({ presences: fc.array(fc.jsonValue(), { maxLength: 3 }) }),
      );
      let expected = await storedPresences();
      await fc.assert(
        fc.asyncProperty(body, async (payload) => {
          const reply = await company.post('/api/v1/presences', payload);
          expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(500);
          if (reply.status === 200) {
            for (const result of reply.body.results as { status: string; duplicate?: boolean }[]) {
              if (result.status === 'REGISTERED' && result.duplicate === false) expected += 1;
            }
          }
          expect(await storedPresences()).toBe(expected);
        }),
        { numRuns: 150 },
      );
    });

    it('never answers 5xx to random bodies on any endpoint', async () => {
      const admin = await registry.newCaller('admin');
      const targets: [Caller, string][] = [
        [company, '/api/v1/presences/cancel'],
        [company, '/api/v1/workplaces'],
        [company, `/api/v1/workplaces/${workplace.id}/contractors`],
        [company, '/api/v1/mandates'],
        [admin, '/api/v1/keys'],
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...targets),
          fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }),
          async ([caller, url], payload) => {
            const reply = await caller.post(url, payload);
            expect(reply.status, `${url} ${JSON.stringify(payload)}`).toBeLessThan(500);
            expect(reply.body.error?.code ?? 'none').not.toBe('INTERNAL');
          },
        ),
        { numRuns: 200 },
      );
    });

    it('never answers 5xx to random query strings and ids', async () => {
      const value = fc.oneof(
        fc.string(),
        fc.constantFrom(registry.today(), '2026-02-30', '0', '501', '-1', 'NaN'),
      );
      const query = fc.dictionary(
        fc.constantFrom('from', 'to', 'workplaceId', 'worker', 'employer', 'status', 'cursor', 'limit', 'x'),
        value,
      );
      await fc.assert(
        fc.asyncProperty(
          query,
          fc.oneof(fc.string({ unit: 'binary' }), fc.constant('\u0000')),
          async (q, id) => {
            const qs = new URLSearchParams(q).toString();
            for (const url of [
              `/api/v1/presences?${qs}`,
              `/api/v1/status/history?${qs}`,
              `/api/v1/presences/${encodeURIComponent(id)}`,
            ]) {
              const reply = await company.get(url);
              expect(reply.status, url).toBeLessThan(500);
            }
          },
        ),
        { numRuns: 150 },
      );
    });

    it('refuses control characters and broken Unicode in every text, as a 4xx', async () => {
      const tricky = ['Bouw\u0000NV', 'a\ud800b', '\u202eevil', 'x'.repeat(5000)];
      const admin = await registry.newCaller('admin');
      for (const text of tricky) {
        // A lone surrogate cannot be put in a URL; the byte it would stand for can.
        const inPath = encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '\ufffd'));
        const replies = [
          await company.post('/api/v1/workplaces', {
            name: text,
            address: { street: text, postalCode: '1000', city: text },
            declarant: company.enterprise,
            startDate: registry.today(),
            endDate: registry.day(5),
          }),
          await company.post('/api/v1/presences/cancel', { cancellations: [{ id: text, reason: text }] }),
          await admin.post('/api/v1/keys', { role: 'inspector', name: text }),
          await company.delete(`/api/v1/mandates/${inPath}`),
          await admin.delete(`/api/v1/keys/${inPath}`),
          await company.get(`/api/v1/mandates/%00`),
        ];
        for (const reply of replies) expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(500);
      }
    });

    it('takes deeply nested JSON without falling over', async () => {
      const deep = `{"presences":[${'['.repeat(5000)}${']'.repeat(5000)}]}`;
      const reply = await send(deep);
      expect(reply.statusCode).toBe(400);
    });
  });
}
