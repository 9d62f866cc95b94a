import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { TestRegistry } from '../support/registry.js';

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`API keys (${database.name})`, () => {
    let registry: TestRegistry;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
    });
    afterEach(async () => {
      await registry.close();
    });

    it('answers 401 without a key, with a malformed header, or with an unknown key', async () => {
      const noKey = await registry.app.inject({ method: 'GET', url: '/api/v1/workplaces' });
      expect(noKey.statusCode).toBe(401);
      expect(noKey.json()).toMatchObject({ error: { code: 'AUTHENTICATION_REQUIRED' } });
      const basic = await registry.app.inject({
        method: 'GET',
        url: '/api/v1/workplaces',
        headers: { authorization: 'Basic abc' },
      });
      expect(basic.statusCode).toBe(401);
      const unknown = await registry.callerWith('sp_not-a-real-key').get('/api/v1/workplaces');
      expect(unknown.status).toBe(401);
      expect(unknown.body.error.code).toBe('API_KEY_INVALID');
    });

    it('checks the key before reading the body, so that an anonymous caller learns nothing of the rules', async () => {
      const reply = await registry.app.inject({
        method: 'POST',
        url: '/api/v1/presences',
        payload: '{"nonsense":',
        headers: { 'content-type': 'application/json' },
      });
      expect(reply.statusCode).toBe(401);
    });

    it('lets an administrator make a key (shown once), list keys without their secret, and revoke one at once', async () => {
      const admin = await registry.newCaller('admin');
      const enterprise = registry.newEnterprise();
      const made = await admin.post('/api/v1/keys', {
        role: 'company',
        enterprise: `${enterprise.slice(0, 4)}.${enterprise.slice(4, 7)}.${enterprise.slice(7)}`,
        name: 'Bouw NV',
      });
      expect(made.status).toBe(201);
      expect(made.body.key).toMatch(/^sp_[A-Za-z0-9_-]{32}$/);
      expect(made.body.apiKey).toMatchObject({ role: 'company', enterprise, name: 'Bouw NV' });

      const company = registry.callerWith(made.body.key as string, enterprise);
      expect((await company.get('/api/v1/workplaces')).status).toBe(200);

      const listed = await admin.get('/api/v1/keys');
      expect(JSON.stringify(listed.body)).not.toContain(made.body.key);
      expect(listed.body.apiKeys.map((k: { id: string }) => k.id)).toContain(made.body.apiKey.id);

      const revoked = await admin.delete(`/api/v1/keys/${made.body.apiKey.id}`);
      expect(revoked.status).toBe(200);
      expect(revoked.body.apiKey.revokedAt).toBeDefined();
      expect((await company.get('/api/v1/workplaces')).status).toBe(401);
    });

    it('refuses key management to everyone but administrators', async () => {
      const company = await registry.newCompany();
      expect((await company.get('/api/v1/keys')).status).toBe(403);
    });

    it('needs an enterprise number for company and provider keys, and none for the others', async () => {
      const admin = await registry.newCaller('admin');
      const missing = await admin.post('/api/v1/keys', { role: 'provider', name: 'T&T' });
      expect(missing.body.error).toMatchObject({ code: 'ENTERPRISE_REQUIRED_FOR_ROLE' });
      const extra = await admin.post('/api/v1/keys', {
        role: 'inspector',
        enterprise: registry.newEnterprise(),
        name: 'SPF',
      });
      expect(extra.body.error).toMatchObject({ code: 'ENTERPRISE_NOT_ALLOWED_FOR_ROLE' });
      const unknownRole = await admin.post('/api/v1/keys', { role: 'king', name: 'x' });
      expect(unknownRole.status).toBe(400);
    });

    it('rotates a key without downtime: a new key for the same principal, the old one working until the end of its grace period', async () => {
      const admin = await registry.newCaller('admin');
      const company = await registry.newCompany();
      const [old] = (await admin.get('/api/v1/keys')).body.apiKeys.filter(
        (k: { enterprise?: string }) => k.enterprise === company.enterprise,
      );

      const rotated = await admin.post(`/api/v1/keys/${old.id}/rotate`, { graceSeconds: 3_600 });
      expect(rotated.status).toBe(201);
      expect(rotated.body.key).toMatch(/^sp_[A-Za-z0-9_-]{32}$/);
      expect(rotated.body.key).not.toBe(company.key);
      expect(rotated.body.apiKey).toMatchObject({
        role: 'company',
        enterprise: company.enterprise,
        name: old.name,
        replaces: old.id,
      });
      expect(rotated.body.replaced).toMatchObject({
        id: old.id,
        replacedBy: rotated.body.apiKey.id,
        expiresAt: '2026-03-10T08:00:00.000Z',
      });
      const successor = registry.callerWith(rotated.body.key as string, company.enterprise);

      expect((await company.get('/api/v1/workplaces')).status).toBe(200);
      expect((await successor.get('/api/v1/workplaces')).status).toBe(200);
      registry.clock.advance(3_600_000 - 1);
      expect((await company.get('/api/v1/workplaces')).status).toBe(200);
      registry.clock.advance(1);
      const expired = await company.get('/api/v1/workplaces');
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('API_KEY_INVALID');
      expect((await successor.get('/api/v1/workplaces')).status).toBe(200);

      const listed = (await admin.get('/api/v1/keys')).body.apiKeys as { id: string }[];
      expect(listed.find((k) => k.id === old.id)).toMatchObject({
        expiresAt: rotated.body.replaced.expiresAt,
        replacedBy: rotated.body.apiKey.id,
      });
      expect(listed.find((k) => k.id === rotated.body.apiKey.id)).toMatchObject({ replaces: old.id });
      expect(JSON.stringify(listed)).not.toContain(rotated.body.key);
    });

    it('keeps the old key working for a day when no grace period is given, and ends it at once with 0', async () => {
      const admin = await registry.newCaller('admin');
      const first = await registry.newCaller('inspector');
      const second = await registry.newCaller('inspector');
      const keys = (await admin.get('/api/v1/keys')).body.apiKeys as { id: string; role: string }[];
      const [firstId, secondId] = keys.filter((k) => k.role === 'inspector').map((k) => k.id);

      const byDefault = await registry.app.inject({
        method: 'POST',
        url: `/api/v1/keys/${firstId}/rotate`,
        headers: { authorization: `Bearer ${admin.key}` },
      });
      expect(byDefault.statusCode).toBe(201);
      expect(byDefault.json().replaced.expiresAt).toBe('2026-03-11T07:00:00.000Z');
      expect((await first.get('/api/v1/keys')).status).toBe(403);

      const atOnce = await admin.post(`/api/v1/keys/${secondId}/rotate`, { graceSeconds: 0 });
      expect(atOnce.status).toBe(201);
      expect((await second.get('/api/v1/workplaces')).status).toBe(401);
      const successor = registry.callerWith(atOnce.body.key as string);
      expect((await successor.get('/api/v1/workplaces')).status).toBe(200);
    });

    it('lets an administrator rotate its own key, the new one doing what the old one did', async () => {
      const admin = await registry.newCaller('admin');
      const [own] = (await admin.get('/api/v1/keys')).body.apiKeys as { id: string }[];
      const rotated = await admin.post(`/api/v1/keys/${own!.id}/rotate`, {});
      expect(rotated.status).toBe(201);
      const successor = registry.callerWith(rotated.body.key as string);
      expect((await successor.get('/api/v1/keys')).body.apiKeys).toHaveLength(2);
    });

    it('revokes a key in its grace period at once', async () => {
      const admin = await registry.newCaller('admin');
      const company = await registry.newCompany();
      const old = ((await admin.get('/api/v1/keys')).body.apiKeys as { id: string; role: string }[]).find(
        (k) => k.role === 'company',
      );
      const rotated = await admin.post(`/api/v1/keys/${old!.id}/rotate`, { graceSeconds: 3_600 });
      expect((await admin.delete(`/api/v1/keys/${old!.id}`)).status).toBe(200);
      expect((await company.get('/api/v1/workplaces')).status).toBe(401);
      const successor = registry.callerWith(rotated.body.key as string, company.enterprise);
      expect((await successor.get('/api/v1/workplaces')).status).toBe(200);
    });

    it('refuses to rotate an unknown, a revoked or an already replaced key, and a grace period out of range', async () => {
      const admin = await registry.newCaller('admin');
      await registry.newCompany();
      const old = ((await admin.get('/api/v1/keys')).body.apiKeys as { id: string; role: string }[]).find(
        (k) => k.role === 'company',
      )!;

      const unknown = await admin.post('/api/v1/keys/no-such-key/rotate', {});
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'API_KEY_NOT_FOUND']);
      for (const graceSeconds of [-1, 30 * 86_400 + 1, 1.5, '3600']) {
        const refused = await admin.post(`/api/v1/keys/${old.id}/rotate`, { graceSeconds });
        expect(refused.status).toBe(400);
      }
      expect((await admin.post(`/api/v1/keys/${old.id}/rotate`, { grace: 5 })).status).toBe(400);

      const rotated = await admin.post(`/api/v1/keys/${old.id}/rotate`, {});
      const again = await admin.post(`/api/v1/keys/${old.id}/rotate`, {});
      expect([again.status, again.body.error.code]).toEqual([409, 'API_KEY_REPLACED']);
      expect(again.body.error.message).toContain(rotated.body.apiKey.id);

      await admin.delete(`/api/v1/keys/${rotated.body.apiKey.id}`);
      const revoked = await admin.post(`/api/v1/keys/${rotated.body.apiKey.id}/rotate`, {});
      expect([revoked.status, revoked.body.error.code]).toEqual([409, 'API_KEY_REVOKED']);
    });

    it('replaces a key once only, even when two rotations of it arrive together', async () => {
      const admin = await registry.newCaller('admin');
      await registry.newCompany();
      const old = ((await admin.get('/api/v1/keys')).body.apiKeys as { id: string; role: string }[]).find(
        (k) => k.role === 'company',
      )!;
      const replies = await Promise.all(
        Array.from({ length: 5 }, () => admin.post(`/api/v1/keys/${old.id}/rotate`, {})),
      );
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      const listed = (await admin.get('/api/v1/keys')).body.apiKeys as { replaces?: string }[];
      expect(listed.filter((k) => k.replaces === old.id)).toHaveLength(1);
    });

    it('refuses rotation to everyone but administrators', async () => {
      const company = await registry.newCompany();
      expect((await company.post('/api/v1/keys/any/rotate', {})).status).toBe(403);
    });
  });

  describe.skipIf(!database.available)(`mandates (${database.name})`, () => {
    let registry: TestRegistry;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
    });
    afterEach(async () => {
      await registry.close();
    });

    it('records a mandate once, lists it on both sides, and lets only its company revoke it', async () => {
      const company = await registry.newCompany();
      const provider = await registry.newProvider();
      const first = await company.post('/api/v1/mandates', { provider: provider.enterprise });
      const again = await company.post('/api/v1/mandates', { provider: provider.enterprise });
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body.mandate.id).toBe(first.body.mandate.id);
      expect((await provider.get('/api/v1/mandates')).body.mandates).toEqual([first.body.mandate]);

      const other = await registry.newCompany();
      expect((await other.delete(`/api/v1/mandates/${first.body.mandate.id}`)).status).toBe(404);
      const revoked = await company.delete(`/api/v1/mandates/${first.body.mandate.id}`);
      expect(revoked.body.mandate.revokedAt).toBeDefined();
    });

    it('refuses a mandate to oneself and a provider acting as a company', async () => {
      const company = await registry.newCompany();
      expect((await company.post('/api/v1/mandates', { provider: company.enterprise })).body.error.code).toBe(
        'MANDATE_SELF',
      );
      const provider = await registry.newProvider();
      expect((await provider.post('/api/v1/mandates', { provider: registry.newEnterprise() })).status).toBe(
        403,
      );
    });

    it('lets a mandated provider declare a workplace for its company, and nobody else', async () => {
      const company = await registry.newCompany();
      const provider = await registry.newProvider();
      const declare = (declarant: string) =>
        provider.post('/api/v1/workplaces', {
          name: 'Site',
          address: { street: 'Rue 1', postalCode: '4000', city: 'Liège' },
          declarant,
          startDate: registry.today(),
          endDate: registry.day(10),
        });
      expect((await declare(company.enterprise)).status).toBe(403);
      await company.post('/api/v1/mandates', { provider: provider.enterprise });
      expect((await declare(company.enterprise)).status).toBe(201);
    });
  });
}
