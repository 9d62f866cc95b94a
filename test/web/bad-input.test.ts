import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { TestRegistry, type Caller } from '../support/registry.js';
import { WebClient } from '../support/web-client.js';

/** Every page and form, given what a browser never sends: never a 500, and what the reply says is what was done. */
for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the pages given bad input (${database.name})`, () => {
    let registry: TestRegistry;
    let company: Caller;
    let workplaceId: string;
    const people: Record<'company' | 'agent' | 'inspector', WebClient> = {} as never;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      company = await registry.newCompany();
      workplaceId = (await registry.newWorkplace(company)).id;
      people.company = await WebClient.signedIn(
        registry.app,
        await registry.newUser('company', { enterprise: company }),
      );
      people.agent = await WebClient.signedIn(registry.app, await registry.newUser('agent'));
      people.inspector = await WebClient.signedIn(registry.app, await registry.newUser('inspector'));
    });
    afterEach(async () => {
      await registry.close();
    });

    const pages = () => [
      `/workplaces/${workplaceId}?date=a&date=b`,
      '/presences?from=a&from=b&worker=x&worker=y&workplaceId=a&workplaceId=b&cursor=a&cursor=b',
      '/roster?enterprise=a&enterprise=b',
      '/contact-center?incident=a&incident=b&issued=a&issued=b&day=a&day=b',
      '/inspection?workplaceId=a&workplaceId=b&date=a&date=b',
      '/emergency?x=1&x=2',
      '/mobile?x=1&x=2',
      '/language/nl?back=/a&back=/b',
      '/sign-in?back=/a&back=/b',
    ];
    const forms = () => [
      '/sign-in',
      '/sign-out',
      `/workplaces/${workplaceId}/register`,
      '/emergency',
      '/emergency/incidents/nothing/events',
      '/emergency/incidents/nothing/contact-form',
      '/emergency/incidents/nothing/listing',
      '/presences/nothing/cancel',
      '/roster/workers',
      '/roster/workers/remove',
      `/workplaces/${workplaceId}/chain`,
      '/contact-center/references',
      '/mobile/presences',
    ];
    const bodies: readonly { readonly type: string; readonly payload: string }[] = [
      { type: 'application/json', payload: 'null' },
      { type: 'application/json', payload: '[]' },
      { type: 'application/json', payload: '"text"' },
      { type: 'application/json', payload: '{"workers":{"a":1},"from":[1,2],"_csrf":["x"]}' },
      { type: 'application/x-www-form-urlencoded', payload: '' },
      { type: 'application/x-www-form-urlencoded', payload: 'from=a&from=b&employer=%00&reason=%EF%BF%BF' },
      { type: 'text/plain', payload: 'hello' },
    ];

    it('reads a name given twice in a query as given once, on every page and for every role', async () => {
      for (const person of Object.values(people))
        for (const url of pages()) {
          const reply = await person.raw('GET', url);
          expect(reply.statusCode, `${url}: ${reply.body.slice(0, 200)}`).toBeLessThan(500);
        }
    });

    it('answers a form posted empty, as JSON null, as an array or as text with a 4xx or a redirect, never a 500', async () => {
      for (const person of Object.values(people)) {
        await person.get('/sign-in');
        for (const url of forms())
          for (const body of bodies) {
            const reply = await person.raw('POST', url, {
              headers: { 'content-type': body.type },
              payload: body.payload,
            });
            expect(reply.statusCode, `${url} ${body.payload}: ${reply.body.slice(0, 200)}`).toBeLessThan(500);
          }
      }
    });

    it('slows guessing: after 10 wrong passwords for a username, even the right one waits', async () => {
      const user = await registry.newUser('company', { enterprise: company });
      const guesser = new WebClient(registry.app, { 'accept-language': 'en' });
      await guesser.get('/sign-in');
      for (let i = 0; i < 10; i += 1)
        expect(
          (await guesser.post('/sign-in', { username: user.username, password: `guess ${i}` })).status,
        ).toBe(401);
      const locked = await guesser.post('/sign-in', { username: user.username, password: user.password });
      expect(locked.status).toBe(429);
      expect(locked.html).toContain('Too many sign-in attempts');
      expect(guesser.cookie('sp_session')).toBeUndefined();
      // Another person signs in meanwhile.
      await WebClient.signedIn(registry.app, await registry.newUser('agent'));
    });

    it('refuses a register form of more than 200 registrations next to the workers, registering nothing', async () => {
      await people.company.get(`/workplaces/${workplaceId}`);
      const numbers = Array.from({ length: 101 }, () => registry.newNiss()).join('\n');
      const refused = await people.company.post(`/workplaces/${workplaceId}/register`, {
        numbers,
        from: registry.today(),
        to: registry.day(1),
        employer: company.enterprise,
      });
      expect(refused.status).toBe(400);
      expect(refused.html).toMatch(/id="workers-error" role="alert"><p>Au plus 200 enregistrements/u);
      const found = await company.get(
        `/api/v1/presences?from=${registry.today()}&to=${registry.day(1)}&workplaceId=${workplaceId}`,
      );
      expect(found.body.presences).toEqual([]);
    });

    it("keeps the consoles' people off the online channel's pages", async () => {
      for (const person of [people.agent, people.inspector])
        expect((await person.get(`/workplaces/${workplaceId}`)).status).toBe(403);
    });

    it('comes back, once signed in, to the page that asked for it', async () => {
      const stranger = new WebClient(registry.app);
      const asked = await stranger.get(`/workplaces/${workplaceId}`);
      const signIn = await stranger.get(asked.location ?? '');
      expect(signIn.html).toContain(`action="/sign-in?back=%2Fworkplaces%2F${workplaceId}"`);
    });

    it('refuses one mistyped capture from the phone alone: the others are registered', async () => {
      await people.company.get('/mobile');
      const capture = (employer: string) => ({
        clientReference: crypto.randomUUID(),
        workplaceId,
        registrationDate: registry.today(),
        worker: { niss: registry.newNiss() },
        employer,
        capturedAt: registry.clock.now().toISOString(),
      });
      const reply = await people.company.raw('POST', '/mobile/presences', {
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          presences: [capture('0403.019.261 Bouw NV, Brussels head office'), capture(company.enterprise)],
        }),
      });
      expect(reply.statusCode).toBe(200);
      expect(JSON.parse(reply.body).results.map((r: { status: string }) => r.status)).toEqual([
        'REJECTED',
        'REGISTERED',
      ]);
    });
  });
}
