import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DATABASES } from './databases.js';
import { TestRegistry } from './registry.js';

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

/**
 * One Chromium for the tests of a describe block: launched before them, closed after them. Call it in the
 * block's body; the accessor it returns gives the browser from a hook or a test.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (browser === undefined) throw new Error('no browser yet: ask for it in a hook or a test');
    return browser;
  };
}

/** A registry served over a real socket, and the address a browser reaches it at. */
export interface ServedRegistry {
  readonly registry: TestRegistry;
  readonly url: string;
}

/**
 * A fresh registry on SQLite listening on a free port of 127.0.0.1. Its clock is set to the real time: the
 * browser's clock is the real one.
 */
export async function openServedRegistry(): Promise<ServedRegistry> {
  const sqlite = DATABASES.find((d) => d.name === 'sqlite');
  if (sqlite === undefined) throw new Error('the browser tests run on SQLite');
  const registry = await TestRegistry.open(sqlite, new Date().toISOString());
  const url = await registry.app.listen({ port: 0, host: '127.0.0.1' });
  return { registry, url };
}

/**
 * Signs in through the sign-in form, found by its fields' ids so that it works in every language, and waits
 * until the browser has left the sign-in page.
 */
export async function signInThroughForm(
  page: Page,
  url: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(`${url}/sign-in`);
  const form = page.locator('form', { has: page.locator('#username') });
  await form.locator('#username').fill(username);
  await form.locator('#password').fill(password);
  await form.locator('[type="submit"]').click();
  await page.waitForURL((address) => address.pathname !== '/sign-in');
}

/** Where the tests put the screenshots of the main pages. */
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

/** Saves a full-page screenshot under test-results/screenshots. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
