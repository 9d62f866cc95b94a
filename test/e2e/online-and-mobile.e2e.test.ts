import type { BrowserContext, Page } from 'playwright-core';
import { REMARK_TEXTS, VALIDATION_STATUS_WORDS } from '../../src/domain/validation-texts.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BROWSER_AVAILABLE,
  openServedRegistry,
  screenshot,
  signInThroughForm,
  useBrowser,
} from '../support/browser.js';
import type { Caller, TestRegistry, TestUser } from '../support/registry.js';
import { checkAgainstEmployment } from '../support/validations.js';

/**
 * The web as its people use it, in Debian's Chromium: a site manager signs in, registers a worker and sees the
 * receipt number, switches language, reads on the phone what a failed check found, and registers on the phone
 * while offline — sent when the network is back.
 */
describe.skipIf(!BROWSER_AVAILABLE)('the web in a browser', () => {
  const browser = useBrowser();
  let registry: TestRegistry;
  let url: string;
  let company: Caller;
  let workplaceId: string;
  let chef: TestUser;
  let context: BrowserContext;
  let page: Page;

  beforeEach(async () => {
    ({ registry, url } = await openServedRegistry());
    company = await registry.newCompany();
    workplaceId = (await registry.newWorkplace(company)).id;
    chef = await registry.newUser('company', { enterprise: company, displayName: 'Marie Dubois' });
    context = await browser().newContext({ locale: 'fr-BE', viewport: { width: 1100, height: 800 } });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
    await registry.close();
  });

  it('signs in, registers a worker and shows the receipt number, then speaks Dutch at the switch', async () => {
    await page.goto(`${url}/`);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('fr');
    await screenshot(page, 'sign-in');
    await page.getByLabel("Nom d'utilisateur").fill(chef.username);
    await page.getByLabel('Mot de passe').fill('not the password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.locator('#password-error').textContent()).toContain('mot de passe');
    await signInThroughForm(page, url, chef.username, chef.password);
    expect(page.url()).toBe(`${url}/workplaces`);
    await screenshot(page, 'workplaces');

    await page.getByRole('link', { name: /Résidence Les Tilleuls/u }).click();
    const niss = registry.newNiss();
    await page.getByLabel(/Autres numéros/u).fill(niss);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    const receipt = page.locator('.outcome .receipt').first();
    await expect.poll(() => receipt.textContent()).toMatch(/\S{6,}/u);
    const presences = await company.get(
      `/api/v1/presences?from=${registry.today()}&to=${registry.today()}&workplaceId=${workplaceId}`,
    );
    expect(presences.body.presences).toHaveLength(1);
    expect((await receipt.textContent())?.trim()).toBe(presences.body.presences[0].receiptNumber);
    await screenshot(page, 'workplace-day');

    await page.getByRole('link', { name: 'Nederlands' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('nl');
    await expect.poll(() => page.locator('h2#register-heading').textContent()).toBe('Werknemers registreren');
    await screenshot(page, 'workplace-day-nl');
  });

  it('shows on a phone what a failed check found, in the page’s language, within the screen’s width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const [declared] = await registry.register(
      company,
      registry.presenceItem(workplaceId, company),
      registry.presenceItem(workplaceId, company),
    );
    await checkAgainstEmployment(registry, [
      { employer: company.enterprise, niss: declared.presence.worker.niss as string },
    ]);
    await registry.register(company, registry.presenceItem(workplaceId, company));
    await signInThroughForm(page, url, chef.username, chef.password);
    const widthShown = (): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth);

    await page.goto(`${url}/workplaces/${workplaceId}`);
    const remark = page.locator('[data-remark="RELATED_DIMONA_NOT_OK"]');
    await expect.poll(() => remark.textContent()).toBe(REMARK_TEXTS.RELATED_DIMONA_NOT_OK.fr);
    expect(await remark.isVisible()).toBe(true);
    expect(await page.locator('.validation-pending').textContent()).toBe(VALIDATION_STATUS_WORDS.PENDING.fr);
    expect(await page.locator('.validation-validated').textContent()).toBe(
      VALIDATION_STATUS_WORDS.VALIDATED.fr,
    );
    expect(await widthShown()).toBeLessThanOrEqual(390);
    await screenshot(page, 'workplace-day-checks-phone');

    await page.getByRole('link', { name: 'English' }).click();
    await expect.poll(() => remark.textContent()).toBe(REMARK_TEXTS.RELATED_DIMONA_NOT_OK.en);
    await page.goto(`${url}/presences`);
    await expect.poll(() => remark.textContent()).toBe(REMARK_TEXTS.RELATED_DIMONA_NOT_OK.en);
    expect(await remark.isVisible()).toBe(true);
    await screenshot(page, 'search-checks-phone');
    expect(await widthShown()).toBeLessThanOrEqual(390);
  });

  it('registers on the phone while offline, counts it unsent, and sends it when the network is back', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInThroughForm(page, url, chef.username, chef.password);
    expect(page.url()).toBe(`${url}/workplaces`);
    await page.goto(`${url}/mobile`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const state = page.locator('.sync-state');
    await expect.poll(() => state.getAttribute('data-unsent')).toBe('0');

    await context.setOffline(true);
    const niss = registry.newNiss();
    await page.getByLabel(/NISS ou numéro Limosa-1/u).fill(niss);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => state.getAttribute('data-unsent')).toBe('1');
    await expect.poll(() => state.textContent()).toContain('pas encore envoyée');
    // The page opens again without a network: the service worker kept it, the phone kept the capture.
    await page.reload();
    await expect.poll(() => page.locator('.sync-state').getAttribute('data-unsent')).toBe('1');
    await screenshot(page, 'mobile-offline');

    await context.setOffline(false);
    await expect
      .poll(() => page.locator('.sync-state').getAttribute('data-unsent'), { timeout: 15_000 })
      .toBe('0');
    const receipt = (await page.locator('.capture.sent .receipt').first().textContent())?.trim();
    const presences = await company.get(
      `/api/v1/presences?from=${registry.today()}&to=${registry.today()}&workplaceId=${workplaceId}`,
    );
    expect(presences.body.presences).toMatchObject([{ channel: 'MOBILE', receiptNumber: receipt }]);
    await screenshot(page, 'mobile-sent');
  });
});
