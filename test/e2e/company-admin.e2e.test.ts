import { formatEnterpriseNumber, type EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BROWSER_AVAILABLE,
  openServedRegistry,
  screenshot,
  signInThroughForm,
  useBrowser,
} from '../support/browser.js';
import type { Caller, TestRegistry, TestUser } from '../support/registry.js';

/**
 * A company's office work in Debian's Chromium: it searches the day's presences and cancels one with a reason,
 * adds a worker to its roster (after a mistyped number is refused next to the field), and adds a subcontractor
 * to a workplace's chain.
 */
describe.skipIf(!BROWSER_AVAILABLE)("a company's pages in a browser", () => {
  const browser = useBrowser();
  let registry: TestRegistry;
  let url: string;
  let company: Caller;
  let workplaceId: string;
  let office: TestUser;
  let context: BrowserContext;
  let page: Page;

  beforeEach(async () => {
    ({ registry, url } = await openServedRegistry());
    company = await registry.newCompany();
    workplaceId = (await registry.newWorkplace(company)).id;
    office = await registry.newUser('company', { enterprise: company, displayName: 'Marie Dubois' });
    context = await browser().newContext({ locale: 'fr-BE', viewport: { width: 1100, height: 800 } });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
    await registry.close();
  });

  it('searches, cancels a presence with a reason, adds a worker to the roster and a subcontractor to the chain', async () => {
    const [kept, cancelled] = await registry.register(
      company,
      registry.presenceItem(workplaceId, company),
      registry.presenceItem(workplaceId, company),
    );
    await signInThroughForm(page, url, office.username, office.password);
    expect(page.url()).toBe(`${url}/workplaces`);

    // The search: today's presences, then one cancelled with its reason.
    await page.getByRole('link', { name: 'Rechercher' }).click();
    await page.getByRole('button', { name: 'Rechercher' }).click();
    const receipts = page.locator('table.search-results .receipt');
    await expect.poll(() => receipts.allTextContents()).toHaveLength(2);
    expect((await receipts.allTextContents()).sort()).toEqual(
      [kept.presence.receiptNumber, cancelled.presence.receiptNumber].sort(),
    );
    const row = page.locator(`#presence-${cancelled.presence.id as string}`);
    await row.getByRole('button', { name: 'Annuler la présence' }).click();
    await expect.poll(() => row.locator('.field-error').textContent()).toContain('Ce champ est vide');
    await row.getByLabel('Motif de l’annulation').fill('Travailleur malade, resté à la maison');
    await row.getByRole('button', { name: 'Annuler la présence' }).click();
    await expect.poll(() => page.locator('#cancelled-notice').textContent()).toContain('est annulée');
    await expect.poll(() => row.getAttribute('data-status')).toBe('CANCELLED');
    expect(await row.textContent()).toContain('Travailleur malade, resté à la maison');
    const api = await company.get(`/api/v1/presences/${cancelled.presence.id as string}`);
    expect(api.body).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'Travailleur malade, resté à la maison',
    });
    await screenshot(page, 'search');

    // The roster: a mistyped number is refused next to its field; the right one is added.
    await page.getByRole('link', { name: 'Travailleurs' }).click();
    await page.getByLabel(/NISS ou numéro Limosa-1/u).fill('85.07.30-033.27');
    await page.getByLabel('Nom', { exact: true }).fill('Peeters');
    await page.getByLabel('Prénom').fill('Jan');
    await page.getByRole('button', { name: 'Ajouter' }).click();
    await expect.poll(() => page.locator('#worker-error').textContent()).toContain('deux derniers chiffres');
    const niss = registry.newNiss();
    await page.getByLabel(/NISS ou numéro Limosa-1/u).fill(niss);
    await page.getByRole('button', { name: 'Ajouter' }).click();
    await expect.poll(() => page.locator('#roster-notice').textContent()).toContain('ajouté');
    await expect.poll(() => page.locator('table.roster tbody tr').count()).toBe(1);
    expect(await page.locator('table.roster').textContent()).toContain('Peeters');
    expect((await company.get('/api/v1/workers')).body.workers).toMatchObject([
      { worker: { niss }, lastName: 'Peeters', firstName: 'Jan' },
    ]);
    await screenshot(page, 'roster');

    // The chain, reached from the search: a subcontractor added below the company.
    await page.getByRole('link', { name: 'Rechercher' }).click();
    await page.getByRole('link', { name: 'Chaîne de sous-traitance' }).first().click();
    await page.waitForURL(`${url}/workplaces/${workplaceId}/chain`);
    const sub = registry.newEnterprise();
    await page.getByLabel('N° BCE du sous-traitant').fill(formatEnterpriseNumber(sub as EnterpriseNumber));
    await page.getByRole('button', { name: 'Ajouter à la chaîne' }).click();
    await expect
      .poll(() => page.locator('#chain-notice').textContent())
      .toContain(formatEnterpriseNumber(sub as EnterpriseNumber));
    await expect
      .poll(() =>
        page.locator(`li[data-enterprise="${company.enterprise}"] li[data-enterprise="${sub}"]`).count(),
      )
      .toBe(1);
    const workplace = await company.get(`/api/v1/workplaces/${workplaceId}`);
    expect(workplace.body.contractors).toEqual([{ enterprise: sub, parent: company.enterprise }]);
    await screenshot(page, 'chain');
  });
});
