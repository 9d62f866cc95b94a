import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatNiss, type Niss } from '../../src/domain/niss.js';
import { REMARK_TEXTS, VALIDATION_STATUS_WORDS } from '../../src/domain/validation-texts.js';
import { LANGUAGES } from '../../src/web/language.js';
import { translator } from '../../src/web/messages.js';
import { DATABASES } from '../support/databases.js';
import { TestRegistry, type Caller, type TestUser } from '../support/registry.js';
import { checkAgainstEmployment, inHtml, rowWith } from '../support/validations.js';
import { WebClient } from '../support/web-client.js';

/** The online channel, through its pages in-process: signing in, a workplace's day, registering from the form. */
for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the online channel's pages (${database.name})`, () => {
    let registry: TestRegistry;
    let company: Caller;
    let workplaceId: string;
    let chef: TestUser;
    let browser: WebClient;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      company = await registry.newCompany();
      workplaceId = (await registry.newWorkplace(company)).id;
      chef = await registry.newUser('company', { enterprise: company, displayName: 'Chef de chantier' });
      browser = new WebClient(registry.app, { 'accept-language': 'fr-BE,fr;q=0.9' });
    });
    afterEach(async () => {
      await registry.close();
    });

    it('sends a person who is not signed in to the sign-in page, in the browser’s language', async () => {
      expect(await browser.get('/')).toMatchObject({ status: 303, location: '/sign-in' });
      const page = await browser.get(`/workplaces/${workplaceId}`);
      expect(page).toMatchObject({ status: 303, location: `/sign-in?back=%2Fworkplaces%2F${workplaceId}` });
      const signIn = await browser.get('/sign-in');
      expect(signIn.html).toContain('<html lang="fr">');
      expect(signIn.html).toContain('Se connecter');
      expect(signIn.raw.headers['content-security-policy']).toContain("script-src 'self'");
    });

    it('refuses a wrong password next to the field, keeps the username, and signs in with the right one', async () => {
      await browser.get('/sign-in');
      const refused = await browser.post('/sign-in', {
        username: chef.username,
        password: 'wrong wrong wrong',
      });
      expect(refused.status).toBe(401);
      expect(refused.html).toMatch(
        /<div class="field-error" id="password-error" role="alert"><p>[^<]+<\/p>/u,
      );
      expect(refused.html).toContain(`value="${chef.username}"`);
      expect(refused.html).not.toContain('wrong wrong wrong');

      const signedIn = await browser.post('/sign-in', { username: chef.username, password: chef.password });
      expect(signedIn).toMatchObject({ status: 303, location: '/workplaces' });
      expect(browser.cookie('sp_session')).toBeDefined();
      const list = await browser.get('/workplaces');
      expect(list.html).toContain(`/workplaces/${workplaceId}`);
    });

    it('refuses a form posted without its token', async () => {
      await browser.get('/sign-in');
      const forged = await browser.post('/sign-in', {
        username: chef.username,
        password: chef.password,
        _csrf: 'forged',
      });
      expect(forged.status).toBe(403);
      expect(browser.cookie('sp_session')).toBeUndefined();
    });

    it('registers workers from the form and shows their receipt numbers on the day', async () => {
      await browser.signIn(chef.username, chef.password);
      await browser.get(`/workplaces/${workplaceId}`);
      const [first, second] = [registry.newNiss(), registry.newNiss()];
      const done = await browser.post(`/workplaces/${workplaceId}/register`, {
        numbers: `${first}\n\n${second}`,
        from: registry.today(),
        to: registry.day(1),
        employer: company.enterprise,
      });
      expect(done.status).toBe(200);
      const receipts = [...done.html.matchAll(/class="mono receipt">([^<(]+)/gu)].map((m) => m[1]?.trim());
      // 4 in the outcome (2 workers × 2 days), then today's 2 again in the day's list.
      expect(receipts).toHaveLength(6);
      expect(new Set(receipts).size).toBe(4);
      const tomorrow = await browser.get(`/workplaces/${workplaceId}?date=${registry.day(1)}`);
      expect(tomorrow.html.match(/class="mono receipt"/gu)).toHaveLength(2);
    });

    it('shows a mistyped number on its line, in the page’s language, and registers the others', async () => {
      await browser.signIn(chef.username, chef.password);
      await browser.get(`/language/nl?back=/workplaces/${workplaceId}`);
      const page = await browser.get(`/workplaces/${workplaceId}`);
      expect(page.html).toContain('<html lang="nl">');
      const good = registry.newNiss();
      const refused = await browser.post(`/workplaces/${workplaceId}/register`, {
        numbers: `${good}\n85073003327`,
        from: registry.today(),
        employer: company.enterprise,
      });
      expect(refused.status).toBe(400);
      expect(refused.html).toContain('id="numbers-error"');
      expect(refused.html).toMatch(/Regel 2 — [^<]*INSZ/u);
      expect(refused.html).not.toContain('Regel 1 —');
    });

    it('shows each presence of the day with its check, and what a failed one found, in the page’s language', async () => {
      const [declared, undeclared] = await registry.register(
        company,
        registry.presenceItem(workplaceId, company),
        registry.presenceItem(workplaceId, company),
      );
      await checkAgainstEmployment(registry, [
        { employer: company.enterprise, niss: declared.presence.worker.niss as string },
      ]);
      const [unchecked] = await registry.register(company, registry.presenceItem(workplaceId, company));
      const row = (html: string, result: { presence: { worker: { niss: string } } }): string =>
        rowWith(html, formatNiss(result.presence.worker.niss as Niss));

      for (const lang of LANGUAGES) {
        const page = await (
          await WebClient.signedIn(registry.app, chef, lang)
        ).get(`/workplaces/${workplaceId}`);
        expect(page.html).toContain(`<html lang="${lang}">`);
        const failed = row(page.html, undeclared);
        expect(failed).toContain('data-validation="FAILED"');
        expect(failed).toContain(inHtml(VALIDATION_STATUS_WORDS.FAILED[lang]));
        expect(failed).toContain(
          `<li data-remark="RELATED_DIMONA_NOT_OK">${inHtml(REMARK_TEXTS.RELATED_DIMONA_NOT_OK[lang])}</li>`,
        );
        const validated = row(page.html, declared);
        expect(validated).toContain(inHtml(VALIDATION_STATUS_WORDS.VALIDATED[lang]));
        expect(validated).not.toContain('data-remark');
        // Not checked yet: said as under way, not as something wrong.
        const pending = row(page.html, unchecked);
        expect(pending).toContain('data-validation="PENDING"');
        expect(pending).toContain(inHtml(VALIDATION_STATUS_WORDS.PENDING[lang]));
        expect(page.html).toContain(inHtml(translator(lang)('validationFailedHint')));
      }
    });
  });
}
