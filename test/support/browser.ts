import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium: the browser tests drive it, and never download one. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether the browser tests can run here. Without Chromium they are skipped — except under `CI=true`, where
 * they must run (CI installs the Debian package `chromium`).
 */
export const BROWSER_AVAILABLE = existsSync(CHROMIUM) || process.env['CI'] === 'true';

/** Starts a headless Chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
}

/** Where the tests put the screenshots of the main pages. */
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

/** Saves a full-page screenshot under test-results/screenshots. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
