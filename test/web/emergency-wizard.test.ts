import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { TestRegistry, type Caller } from '../support/registry.js';
import { WebClient, type WebPage } from '../support/web-client.js';

/** The outcome the wizard's page shows, as its decision section says it. */
function outcomeOf(page: WebPage): string | undefined {
  return /data-outcome="([A-Z_]+)"/u.exec(page.html)?.[1];
}

/**
 * The emergency wizard through its pages: each origin of the procedure's summary table, the steps it walks
 * with the registry's decision, what it records, and the paper listing it prints.
 */
for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the emergency wizard (${database.name})`, () => {
    let registry: TestRegistry;
    let company: Caller;
    let workplaceId: string;
    let browser: WebClient;

    beforeEach(async () => {
      // A Tuesday, 08:00 in Brussels: the contact center answers the phone.
      registry = await TestRegistry.open(database);
      company = await registry.newCompany();
      workplaceId = (await registry.newWorkplace(company)).id;
      const chef = await registry.newUser('company', { enterprise: company });
      browser = await WebClient.signedIn(registry.app, chef, 'fr-BE');
    });
    afterEach(async () => {
      await registry.close();
    });

    /** Starts the wizard with an origin and follows the redirect to the incident's page. */
    async function start(origin: string, extra: Record<string, string> = {}): Promise<WebPage> {
      await browser.get('/emergency');
      const posted = await browser.post('/emergency', {
        workplaceId,
        date: registry.today(),
        employer: company.enterprise,
        origin,
        ...extra,
      });
      expect(posted.status, posted.html).toBe(303);
      return browser.get(posted.location ?? '');
    }

    /** Posts one of the page's event forms and reads the page it leads back to. */
    async function record(page: WebPage, fields: Record<string, string>): Promise<WebPage> {
      const action = /action="(\/emergency\/incidents\/[^/"]+)\/events"/u.exec(page.html)?.[1];
      const posted = await browser.post(`${action ?? ''}/events`, fields);
      return posted.status === 303 ? browser.get(posted.location ?? '') : posted;
    }

    it('exempts the day at once when the site has no network, power or telephone (step 3.1)', async () => {
      const page = await start('THIRD_PARTY_INFRASTRUCTURE');
      expect(outcomeOf(page)).toBe('EXEMPT_FOR_DAY');
      expect(page.html).toContain('Vous êtes dispensé');
      expect(page.html).toContain('Les services compétents vérifieront');
      const evidence = await record(page, {
        type: 'EVIDENCE_ADDED',
        form: 'evidence',
        evidenceKind: 'OPERATOR_TICKET',
        evidenceDescription: 'Proximus: panne fibre 1000 Bruxelles',
        evidenceReference: 'PRX-123456',
      });
      expect(evidence.html).toContain('Preuve ajoutée');
      expect(evidence.html).toContain('Proximus: panne fibre');
    });

    it("exempts the day when the registry itself does not answer, checked against the registry's journal", async () => {
      const page = await start('REGISTRY_UNAVAILABLE');
      expect(outcomeOf(page)).toBe('EXEMPT_FOR_DAY');
      expect(page.html).toMatch(/journal de disponibilité du registre/u);
    });

    it('walks a provider’s failure: the provider first, another channel, the contact form with its reference at once, then the listing', async () => {
      let page = await start('PROVIDER');
      expect(outcomeOf(page)).toBe('CONTACT_PROVIDER');
      page = await record(page, { type: 'PROVIDER_CONTACTED', form: 'provider', outcome: 'NOT_SOLVED' });
      expect(outcomeOf(page)).toBe('TRY_OTHER_CHANNEL');
      page = await record(page, {
        type: 'CHANNEL_TRIED',
        form: 'channel',
        channel: 'ONLINE',
        result: 'FAILED',
      });
      expect(outcomeOf(page)).toBe('CALL_CONTACT_CENTER');
      expect(page.html).toContain('02 511 51 51');

      const action = /action="([^"]+\/contact-form)"/u.exec(page.html)?.[1] ?? '';
      const incomplete = await browser.post(action, { contactName: '', problem: 'Badgeuse en panne' });
      expect(incomplete.status).toBe(400);
      expect(incomplete.html).toMatch(/id="contactName-error"/u);
      const sent = await browser.post(action, { contactName: 'Marie Dubois', problem: 'Badgeuse en panne' });
      expect(sent.status).toBe(303);
      page = await browser.get(sent.location ?? '');
      expect(outcomeOf(page)).toBe('FILL_PAPER_LISTING');
      const reference = /data-reference="?[^>]*>([0-9A-Z]{4}-[0-9A-Z]{4})</u.exec(page.html)?.[1];
      expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/u);

      const listingAction = /action="([^"]+\/listing)"/u.exec(page.html)?.[1] ?? '';
      const listing = await browser.post(listingAction, {});
      expect(listing.location).toMatch(/^\/emergency\/listings\/[^/]+\.pdf$/u);
      const pdf = await browser.get(listing.location ?? '');
      expect(pdf.raw.headers['content-type']).toBe('application/pdf');
      expect(pdf.raw.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(page.html).toContain('Prestataire contacté');
      expect(page.html).toContain('Autre canal essayé');
    });

    it('walks a failure of the company’s own: another channel, then the reference the contact center gave by phone', async () => {
      let page = await start('OWN_COMPANY');
      expect(outcomeOf(page)).toBe('TRY_OTHER_CHANNEL');
      page = await record(page, {
        type: 'CHANNEL_TRIED',
        form: 'channel',
        channel: 'MOBILE',
        result: 'FAILED',
      });
      expect(outcomeOf(page)).toBe('CALL_CONTACT_CENTER');
      const mistyped = await record(page, {
        type: 'REFERENCE_OBTAINED',
        form: 'reference',
        referenceNumber: 'ABCD-EFGH',
      });
      expect(mistyped.status).toBe(400);
      expect(mistyped.html).toMatch(/id="referenceNumber-error" role="alert"><p>[^<]*référence/u);

      const agent = await registry.newCaller('agent');
      const issued = await agent.post('/api/v1/contact-center/references', {
        enterprise: company.enterprise,
        workplaceId,
        date: registry.today(),
        note: 'Called at 08:00',
      });
      page = await record(page, {
        type: 'REFERENCE_OBTAINED',
        form: 'reference',
        referenceNumber: issued.body.referenceNumber,
      });
      expect(outcomeOf(page)).toBe('FILL_PAPER_LISTING');
    });

    it('asks the questions that tell the origins apart when the company does not know, and takes the answer', async () => {
      let page = await start('UNKNOWN');
      expect(page.html).toContain('Pour savoir d’où vient le problème');
      page = await record(page, {
        type: 'ORIGIN_IDENTIFIED',
        form: 'origin',
        origin: 'THIRD_PARTY_INFRASTRUCTURE',
      });
      expect(outcomeOf(page)).toBe('EXEMPT_FOR_DAY');
    });

    it('refuses a start without an origin next to the question, in the page’s language', async () => {
      await browser.get('/language/nl?back=/emergency');
      await browser.get('/emergency');
      const refused = await browser.post('/emergency', {
        workplaceId,
        date: registry.today(),
        employer: company.enterprise,
      });
      expect(refused.status).toBe(400);
      expect(refused.html).toContain('<html lang="nl">');
      expect(refused.html).toMatch(/id="origin-error"/u);
    });
  });
}
