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
