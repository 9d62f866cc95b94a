import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegisterBody } from '../../src/http/schemas/presence-schemas.js';
import { DATABASES } from '../support/databases.js';
import { TestRegistry } from '../support/registry.js';

describe('the OpenAPI document', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await TestRegistry.open(DATABASES[0]!);
  });
  afterAll(async () => {
    await registry.close();
  });

  it('is served without a key and describes every call of API v1', async () => {
    const reply = await registry.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(reply.statusCode).toBe(200);
    const doc = reply.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/api/v1/keys',
        '/api/v1/keys/{id}',
        '/api/v1/keys/{id}/rotate',
        '/api/v1/mandates',
        '/api/v1/mandates/{id}',
        '/api/v1/presences',
        '/api/v1/presences/cancel',
        '/api/v1/presences/{id}',
        '/api/v1/status',
        '/api/v1/status/history',
        '/api/v1/workplaces',
        '/api/v1/workplaces/{id}',
        '/api/v1/workplaces/{id}/contractors',
        '/api/v1/procedure/decide',
        '/api/v1/incidents',
        '/api/v1/incidents/{id}',
        '/api/v1/incidents/{id}/events',
        '/api/v1/contact-form',
        '/api/v1/contact-center/references',
        '/api/v1/contact-center/references/{number}',
        '/api/v1/workers',
        '/api/v1/paper-listings',
        '/api/v1/paper-listings/{id}',
        '/api/v1/paper-listings/{id}.pdf',
        '/api/v1/paper-listings/{id}/entries',
        '/api/v1/inspections/workplaces/{id}/days/{date}',
        '/api/v1/audit',
        '/api/v1/registers',
        '/api/v1/registers/{register}',
        '/api/v1/upstream',
      ].sort(),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Presence',
        'Workplace',
        'ErrorBody',
        'Situation',
        'Decision',
        'Incident',
        'ContactReference',
        'PaperListing',
      ]),
    );
    expect(doc.paths['/api/v1/presences'].post.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/api/v1/status'].get.security).toBeUndefined();
    expect(Object.keys(doc.paths['/api/v1/paper-listings/{id}.pdf'].get.responses)).toEqual(
      expect.arrayContaining(['401', '404']),
    );
  });

  it('is generated from the very schemas that validate requests', async () => {
    const doc = (await registry.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const published = doc.paths['/api/v1/presences'].post.requestBody.content['application/json'].schema;
    expect(published.properties.presences.maxItems).toBe(
      (RegisterBody.properties.presences as { maxItems?: number }).maxItems,
    );
    expect(published.properties.presences.items.required).toEqual(
      RegisterBody.properties.presences.items.required,
    );
    expect(published.additionalProperties).toBe(false);
  });
});
