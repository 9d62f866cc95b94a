import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORIGINS } from '../../src/domain/procedure/situation.js';
import {
  BROWSER_AVAILABLE,
  openServedRegistry,
  screenshot,
  signInThroughForm,
  useBrowser,
} from '../support/browser.js';
import type { TestRegistry } from '../support/registry.js';

/** What each origin of the procedure's summary table leads to first, as the wizard shows it. */
const FIRST_OUTCOME: Readonly<Record<(typeof ORIGINS)[number], string>> = {
  PROVIDER: 'CONTACT_PROVIDER',
  THIRD_PARTY_INFRASTRUCTURE: 'EXEMPT_FOR_DAY',
  REGISTRY_UNAVAILABLE: 'EXEMPT_FOR_DAY',
  OWN_COMPANY: 'TRY_OTHER_CHANNEL',
  UNKNOWN: 'TRY_OTHER_CHANNEL',
};

/** The emergency wizard in Debian's Chromium: every origin of the table, then one walked to the printed listing. */
describe.skipIf(!BROWSER_AVAILABLE)('the emergency wizard in a browser', () => {
  const browser = useBrowser();
  let registry: TestRegistry;
  let url: string;
  let context: BrowserContext;
  let page: Page;

  beforeEach(async () => {
    ({ registry, url } = await openServedRegistry());
    const company = await registry.newCompany();
    await registry.newWorkplace(company);
    const chef = await registry.newUser('company', { username: 'chef', enterprise: company });
    context = await browser().newContext({ locale: 'en-GB', viewport: { width: 1000, height: 900 } });
    page = await context.newPage();
    await signInThroughForm(page, url, chef.username, chef.password);
    expect(page.url()).toBe(`${url}/workplaces`);
  });
  afterEach(async () => {
    await context.close();
    await registry.close();
  });

  const outcome = () => page.locator('section.decision').getAttribute('data-outcome');

  async function startWith(origin: (typeof ORIGINS)[number]): Promise<void> {
    await page.goto(`${url}/emergency`);
    await page.locator(`input[name="origin"][value="${origin}"]`).check();
    await page.getByRole('button', { name: 'Follow the procedure' }).click();
    await page.waitForURL(/\/emergency\/incidents\//u);
  }

  it('answers each origin of the procedure’s table with its first step', async () => {
    await page.goto(`${url}/emergency`);
    await screenshot(page, 'emergency-start');
    for (const origin of ORIGINS) {
      await startWith(origin);
      await expect.poll(outcome).toBe(FIRST_OUTCOME[origin]);
      await screenshot(page, `emergency-${origin.toLowerCase()}`);
    }
  });

  it("walks a provider's failure to the contact form's reference and prints the paper listing", async () => {
    await startWith('PROVIDER');
    await page.locator('input[name="outcome"][value="NOT_SOLVED"]').check();
    await page.locator('form[data-form="provider"] button').click();
    await expect.poll(outcome).toBe('TRY_OTHER_CHANNEL');
    await page.locator('form[data-form="channel"] button').click();
    await expect.poll(outcome).toMatch(/CALL_CONTACT_CENTER|USE_CONTACT_FORM/u);
    await page.getByLabel('Your name').fill('Marie Dubois');
    await page.getByLabel('The problem').fill('The badge reader shows no network.');
    await page.getByRole('button', { name: 'Send the form' }).click();
    await expect.poll(outcome).toBe('FILL_PAPER_LISTING');
    const reference = await page.locator('[data-reference]').textContent();
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/u);
    await screenshot(page, 'emergency-reference');

    const [pdf] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('.pdf')),
      page.getByRole('button', { name: 'Print the paper attendance listing' }).click(),
    ]);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    // The browser shows it in its PDF viewer; the same address, with the same session, gives the document.
    const printed = await context.request.get(pdf.url());
    expect((await printed.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
