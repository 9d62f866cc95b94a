import { formatEnterpriseNumber, type EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERDICT_WORDS } from '../../src/web/messages/consoles.js';
import {
  BROWSER_AVAILABLE,
  openServedRegistry,
  screenshot,
  signInThroughForm,
  useBrowser,
} from '../support/browser.js';
import type { Caller, TestRegistry, TestUser } from '../support/registry.js';

const REFERENCE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/u;

/**
 * The consoles as their people use them, in Debian's Chromium: a contact-center agent issues a reference number
 * after a call and reads it on the page; an inspector opens a workplace's day with its verdicts and downloads it.
 */
describe.skipIf(!BROWSER_AVAILABLE)('the consoles in a browser', () => {
  const browser = useBrowser();
  let registry: TestRegistry;
  let url: string;
  let company: Caller;
  let workplaceId: string;
  let agent: TestUser;
  let inspector: TestUser;
  let context: BrowserContext;
  let page: Page;

  beforeEach(async () => {
    ({ registry, url } = await openServedRegistry());
    company = await registry.newCompany();
    workplaceId = (await registry.newWorkplace(company)).id;
    agent = await registry.newUser('agent', { displayName: 'Sofie Janssens' });
    inspector = await registry.newUser('inspector', { displayName: 'Luc Lambert' });
    context = await browser().newContext({ locale: 'fr-BE', viewport: { width: 1100, height: 800 } });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
    await registry.close();
  });

  it('an agent signs in, issues a reference number after a call, and reads it on the page', async () => {
    const form = await company.post('/api/v1/contact-form', {
      enterprise: company.enterprise,
      workplaceId,
      date: registry.today(),
      description: 'La badgeuse du chantier ne répond plus depuis 6 h.',
      contact: { name: 'Jan Peeters', phone: '+32 470 12 34 56' },
    });
    expect(form.status).toBe(201);
    const incident = await company.post('/api/v1/incidents', {
      workplaceId,
      date: registry.today(),
      employer: company.enterprise,
      origin: 'OWN_COMPANY',
      description: 'La tablette du chantier est en panne.',
    });
    expect(incident.status).toBe(201);

    await signInThroughForm(page, url, agent.username, agent.password);
    expect(page.url()).toBe(`${url}/contact-center`);
    await expect
      .poll(() => page.locator('#contact-forms').textContent())
      .toContain(form.body.referenceNumber as string);
    await expect.poll(() => page.locator('#incidents').textContent()).toContain('La tablette');

    await page
      .getByLabel('N° BCE de l’entreprise qui appelle')
      .fill(formatEnterpriseNumber(company.enterprise as EnterpriseNumber));
    await page.getByLabel(/N° de la déclaration de travaux/u).fill(workplaceId);
    await page.getByLabel('Jour concerné').fill(registry.today());
    await page
      .getByLabel(/Note de l’appel/u)
      .fill('Appel de 8 h 05 : aucun canal ne fonctionne sur le chantier.');
    await page.getByLabel(/Nom de la personne qui appelle/u).fill('Marie Dubois');
    await page.getByLabel(/Téléphone pour la rappeler/u).fill('0470 98 76 54');
    await page.getByRole('button', { name: 'Attribuer le numéro de référence' }).click();

    const issued = page.locator('#issued-reference');
    await expect.poll(() => issued.textContent()).toMatch(REFERENCE);
    const number = (await issued.textContent())?.trim() ?? '';
    const agentKey = await registry.newCaller('agent');
    const stored = await agentKey.get(`/api/v1/contact-center/references/${number}`);
    expect(stored.body.reference).toMatchObject({
      source: 'PHONE',
      enterprise: company.enterprise,
      workplaceId,
      contact: { name: 'Marie Dubois' },
    });
    await expect.poll(() => page.locator('#phone-references').textContent()).toContain(number);
    await screenshot(page, 'contact-center');

    // A mistyped number is said next to its field, and nothing is issued.
    await page.getByLabel('N° BCE de l’entreprise qui appelle').fill('0123.456.788');
    await page.getByLabel(/Note de l’appel/u).fill('Deuxième appel');
    await page.getByRole('button', { name: 'Attribuer le numéro de référence' }).click();
    await expect.poll(() => page.locator('#enterprise-error').textContent()).toMatch(/\S/u);
    expect(await page.locator('#issued-reference').count()).toBe(0);
  });

  it('an inspector signs in and opens a workplace’s day with its verdicts, and downloads the dossier', async () => {
    const [registered] = await registry.register(company, registry.presenceItem(workplaceId, company));
    const receipt = registered.presence.receiptNumber as string;
    const subcontractor = await registry.newCompany();
    await registry.addContractor(company, workplaceId, subcontractor, company);
    const reported = await subcontractor.post('/api/v1/incidents', {
      workplaceId,
      date: registry.today(),
      employer: subcontractor.enterprise,
      origin: 'THIRD_PARTY_INFRASTRUCTURE',
      description: 'Coupure du réseau Proximus dans tout le quartier.',
    });
    expect(reported.status).toBe(201);
    await subcontractor.post(`/api/v1/incidents/${reported.body.incident.id}/events`, {
      type: 'EVIDENCE_ADDED',
      evidence: { kind: 'OUTAGE_NOTICE', description: 'Avis de panne Proximus', reference: 'PX-2026-0310' },
    });

    await signInThroughForm(page, url, inspector.username, inspector.password);
    expect(page.url()).toBe(`${url}/inspection`);
    await page.getByLabel('N° de déclaration de travaux').fill(workplaceId);
    await page.getByLabel('Jour').fill(registry.today());
    await page.getByRole('button', { name: 'Ouvrir le dossier' }).click();
    await page.waitForURL(`${url}/inspection/workplaces/${workplaceId}/days/${registry.today()}`);

    const verdicts = page.locator('#verdicts [data-verdict]');
    await expect.poll(() => verdicts.allTextContents()).toContain(VERDICT_WORDS.REGISTERED.fr);
    expect(await verdicts.allTextContents()).toContain(VERDICT_WORDS.EXEMPT_INFRASTRUCTURE.fr);
    expect(await page.locator('#presences').textContent()).toContain(receipt);
    expect(await page.locator('#incidents-heading + article').textContent()).toContain('PX-2026-0310');
    await screenshot(page, 'inspection-dossier');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /PDF/u }).click();
    expect((await download).suggestedFilename()).toBe(`dossier-${workplaceId}-${registry.today()}.pdf`);
  });
});
