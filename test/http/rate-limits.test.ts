import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, parseServerConfig } from '../../src/config.js';
import { createRegistryApp } from '../../src/composition/registry-app.js';
import { DATABASES } from '../support/databases.js';
import { TEST_PASSWORDS } from '../support/passwords.js';
import { TestRegistry } from '../support/registry.js';

const LIMIT = 3;

describe('the rate limit setting', () => {
  it('is generous unless said: a site agent draining a backlog in batches of 200 stays well within it', () => {
    expect(parseServerConfig({}).rateLimitPerMinute).toBe(DEFAULT_RATE_LIMIT_PER_MINUTE);
    // 100,000 captures in batches of 200 are 500 requests.
    expect(DEFAULT_RATE_LIMIT_PER_MINUTE).toBeGreaterThanOrEqual(500);
  });

  it('is taken from RATE_LIMIT_PER_MINUTE as a whole number of at least 1', () => {
    expect(parseServerConfig({ rateLimitPerMinute: '60000' }).rateLimitPerMinute).toBe(60_000);
    for (const bad of ['0', '-5', 'lots', '1.5']) {
      expect(() => parseServerConfig({ rateLimitPerMinute: bad })).toThrow(/RATE_LIMIT_PER_MINUTE/);
    }
  });
});

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the API's rate limit (${database.name})`, () => {
    let registry: TestRegistry;
    let app: FastifyInstance;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      app = await createRegistryApp({
        ...registry.deps,
        passwords: TEST_PASSWORDS,
        instance: registry.instance,
        rateLimitPerMinute: LIMIT,
      });
      await app.ready();
    });
    afterEach(async () => {
      await app.close();
      await registry.close();
    });

    const get = (url: string, key?: string, address = '192.0.2.10') =>
      app.inject({
        method: 'GET',
        url,
        remoteAddress: address,
        headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
      });

    it("answers 429 RATE_LIMITED with Retry-After once a key has made its minute's requests", async () => {
      const company = await registry.newCompany();
      for (let i = 0; i < LIMIT; i += 1)
        expect((await get('/api/v1/workplaces', company.key)).statusCode).toBe(200);
      const refused = await get('/api/v1/workplaces', company.key);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    });

    it('counts each key on its own, whatever address it comes from', async () => {
      const first = await registry.newCompany();
      const second = await registry.newCompany();
      for (let i = 0; i < LIMIT; i += 1) await get('/api/v1/workplaces', first.key, `192.0.2.${i + 1}`);
      expect((await get('/api/v1/workplaces', first.key, '198.51.100.7')).statusCode).toBe(429);
      expect((await get('/api/v1/workplaces', second.key)).statusCode).toBe(200);
    });

    it("counts a key's refused requests too: a 404 or a bad request uses the allowance like any other", async () => {
      const company = await registry.newCompany();
      await get('/api/v1/presences/no-such-presence', company.key);
      await get('/api/v1/presences?from=yesterday', company.key);
      await get('/api/v1/workplaces', company.key);
      expect((await get('/api/v1/workplaces', company.key)).statusCode).toBe(429);
    });

    it('counts requests without a valid key per address: no key, unknown keys and the status alike', async () => {
      const address = '203.0.113.5';
      expect((await get('/api/v1/workplaces', undefined, address)).statusCode).toBe(401);
      expect((await get('/api/v1/workplaces', 'sp_guessed-key', address)).statusCode).toBe(401);
      expect((await get('/api/v1/status', undefined, address)).statusCode).toBe(200);
      const refused = await get('/api/v1/workplaces', 'sp_another-guess', address);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('RATE_LIMITED');
      expect(refused.headers['retry-after']).toBeDefined();
      expect((await get('/api/v1/openapi.json', undefined, address)).statusCode).toBe(429);

      expect((await get('/api/v1/status', undefined, '203.0.113.6')).statusCode).toBe(200);
      const company = await registry.newCompany();
      expect((await get('/api/v1/workplaces', company.key, address)).statusCode).toBe(200);
    });

    it("leaves the web's pages out of the API's count", async () => {
      for (let i = 0; i < LIMIT; i += 1) await get('/api/v1/status');
      expect((await get('/sign-in')).statusCode).toBe(200);
    });
  });

  describe.skipIf(!database.available)(`the API's security headers (${database.name})`, () => {
    let registry: TestRegistry;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
    });
    afterEach(async () => {
      await registry.close();
    });

    it('are on every API reply, errors included: no caching, no sniffing, no framing, and no x-powered-by', async () => {
      const company = await registry.newCompany();
      const workplace = await registry.newWorkplace(company);
      const item = registry.presenceItem(workplace.id, company);
      const worker = (item['worker'] as { niss: string }).niss;
      await registry.register(company, item);
      const replies = [
        await company.get(
          `/api/v1/presences?workplaceId=${workplace.id}&from=${registry.today()}&to=${registry.today()}&worker=${worker}`,
        ),
        await company.get('/api/v1/presences/no-such-presence'),
        await company.post('/api/v1/presences', { presences: [{ worker: { niss: '12345678901' } }] }),
        await company.get('/api/v1/no-such-route'),
        await registry.callerWith('sp_unknown').get('/api/v1/workplaces'),
        await company.get('/api/v1/status'),
      ].map((reply) => reply.raw);
      expect(replies.map((r) => r.statusCode)).toEqual([200, 404, 400, 404, 401, 200]);
      for (const reply of replies) {
        expect(reply.headers).toMatchObject({
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
          'x-frame-options': 'DENY',
          'referrer-policy': 'no-referrer',
        });
        expect(reply.headers['x-powered-by']).toBeUndefined();
        expect(reply.headers['server']).toBeUndefined();
      }
    });
  });
}
