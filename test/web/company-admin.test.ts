import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REMARK_TEXTS, VALIDATION_STATUS_WORDS } from '../../src/domain/validation-texts.js';
import { LANGUAGES } from '../../src/web/language.js';
import { DATABASES } from '../support/databases.js';
import { TestRegistry, type Caller, type TestUser } from '../support/registry.js';
import { checkAgainstEmployment, inHtml, rowWith } from '../support/validations.js';
import { WebClient, type WebPage } from '../support/web-client.js';

const HOUR_MS = 60 * 60_000;

/** A NISS as people type it: 85.07.30-033.28. */
function dotted(niss: string): string {
  return `${niss.slice(0, 2)}.${niss.slice(2, 4)}.${niss.slice(4, 6)}-${niss.slice(6, 9)}.${niss.slice(9)}`;
}

/** The receipt numbers of the results table, in order. */
function receipts(page: WebPage): string[] {
  return [...page.html.matchAll(/class="mono receipt">([^<]+)</gu)].map((m) => m[1] ?? '');
}

/** The target of a link or form found by a pattern, with its `&amp;` read back. */
function target(page: WebPage, pattern: RegExp): string {
  const found = pattern.exec(page.html)?.[1];
  if (found === undefined) throw new Error(`nothing matches ${String(pattern)}`);
  return found.replaceAll('&amp;', '&');
}

/** The text of the errors shown next to a field. */
function errorsOf(page: WebPage, field: string): string | undefined {
  return new RegExp(`id="${field}-error" role="alert">(.*?)</div>`, 'u').exec(page.html)?.[1];
}

/**
 * A company's search and cancel, roster and contractor-chain pages, in-process: what the search finds and how
 * it pages, cancelling with a reason, the roster's lines, the chain's links — and each refusal next to its
 * field, in the page's language.
 */
for (const database of DATABASES) {
  describe.skipIf(!database.available)(
    `a company's search, roster and chain pages (${database.name})`,
    () => {
      let registry: TestRegistry;
      let company: Caller;
      let workplaceId: string;
      let chef: TestUser;
      let browser: WebClient;

      beforeEach(async () => {
        registry = await TestRegistry.open(database);
        company = await registry.newCompany();
        workplaceId = (await registry.newWorkplace(company)).id;
        chef = await registry.newUser('company', { enterprise: company });
        browser = await WebClient.signedIn(registry.app, chef, 'fr-BE,fr;q=0.9');
      });
      afterEach(async () => {
        await registry.close();
      });

      describe('searching presences', () => {
        it('finds what was registered today, by worker (NISS or Limosa-1) and by status', async () => {
          const [first, second] = await registry.register(
            company,
            registry.presenceItem(workplaceId, company),
            registry.presenceItem(workplaceId, company, { worker: { limosaId: '12345678' } }),
            registry.presenceItem(workplaceId, company, { registrationDate: registry.day(1) }),
          );
          const today = await browser.get('/presences');
          expect(today.status).toBe(200);
          expect(today.html).toContain('Rechercher des présences');
          expect(receipts(today).sort()).toEqual(
            [first.presence.receiptNumber, second.presence.receiptNumber].sort(),
          );
          expect(today.html).toContain('L1 12345678');

          const niss = first.presence.worker.niss as string;
          const byNiss = await browser.get(`/presences?worker=${encodeURIComponent(dotted(niss))}`);
          expect(receipts(byNiss)).toEqual([first.presence.receiptNumber]);
          const byLimosa = await browser.get(`/presences?worker=${encodeURIComponent('L1 12345678')}`);
          expect(receipts(byLimosa)).toEqual([second.presence.receiptNumber]);

          const twoDays = await browser.get(`/presences?from=${registry.today()}&to=${registry.day(1)}`);
          expect(receipts(twoDays)).toHaveLength(3);
          const cancelled = await browser.get('/presences?status=cancelled');
          expect(receipts(cancelled)).toEqual([]);
          expect(cancelled.html).toContain('Aucune présence ne répond');
        });

        it('says a mistyped worker or an upside-down period next to its field', async () => {
          const page = await browser.get(
            `/presences?worker=85073003327&from=${registry.day(2)}&to=${registry.today()}`,
          );
          expect(page.status).toBe(400);
          expect(errorsOf(page, 'worker')).toContain('deux derniers chiffres');
          expect(errorsOf(page, 'to')).toBeDefined();
          expect(page.html).not.toContain('id="results-heading"');
        });

        it('pages through the results with the cursor', async () => {
          const items = Array.from({ length: 30 }, () => registry.presenceItem(workplaceId, company));
          await registry.register(company, ...items);
          const first = await browser.get('/presences?limit=25');
          expect(receipts(first)).toHaveLength(25);
          const next = target(first, /<a href="([^"]+)" rel="next">/u);
          expect(next).toMatch(/cursor=/u);
          const second = await browser.get(next);
          expect(second.status).toBe(200);
          expect(receipts(second)).toHaveLength(5);
          expect(second.html).not.toContain('rel="next"');
          expect(new Set([...receipts(first), ...receipts(second)]).size).toBe(30);
        });

        it('shows where each registered presence stands in its checks, with a failed one’s remarks in words, in each language', async () => {
          const [declared, undeclared, posted, cancelled] = await registry.register(
            company,
            registry.presenceItem(workplaceId, company),
            registry.presenceItem(workplaceId, company),
            registry.presenceItem(workplaceId, company, { worker: { limosaId: '12345678' } }),
            registry.presenceItem(workplaceId, company),
          );
          const cancelledId = cancelled.presence.id as string;
          const cancel = await company.post('/api/v1/presences/cancel', {
            cancellations: [{ id: cancelledId, reason: 'Travailleur malade' }],
          });
          expect(cancel.status).toBe(200);
          // The Limosa register loaded without that Limosa-1 number; the employment register with one worker only.
          await registry.deps.store.declarations.load(
            'limosa',
            [],
            'replace',
            registry.clock.now().toISOString(),
          );
          await checkAgainstEmployment(registry, [
            { employer: company.enterprise, niss: declared.presence.worker.niss as string },
          ]);
          const row = (page: WebPage, presence: { id: string }): string =>
            rowWith(page.html, `id="presence-${presence.id}"`);

          for (const lang of LANGUAGES) {
            const page = await (await WebClient.signedIn(registry.app, chef, lang)).get('/presences');
            expect(page.html).toContain(`<html lang="${lang}">`);
            expect(row(page, undeclared.presence)).toContain(
              `<li data-remark="RELATED_DIMONA_NOT_OK">${inHtml(REMARK_TEXTS.RELATED_DIMONA_NOT_OK[lang])}</li>`,
            );
            expect(row(page, posted.presence)).toContain(
              `<li data-remark="LIMOSA_ID_NOT_KNOWN">${inHtml(REMARK_TEXTS.LIMOSA_ID_NOT_KNOWN[lang])}</li>`,
            );
            for (const failed of [undeclared, posted])
              expect(row(page, failed.presence)).toContain(inHtml(VALIDATION_STATUS_WORDS.FAILED[lang]));
            expect(row(page, declared.presence)).toContain(inHtml(VALIDATION_STATUS_WORDS.VALIDATED[lang]));
            expect(row(page, declared.presence)).not.toContain('data-remark');
            // A cancelled presence is no longer checked: it shows no check at all.
            expect(row(page, cancelled.presence)).not.toContain('data-validation');
          }
        });

        it('refuses a cursor that no page gave, above the form', async () => {
          const page = await browser.get('/presences?cursor=not-a-cursor');
          expect(page.status).toBe(400);
          expect(errorsOf(page, 'form')).toContain('relancez la recherche');
        });
      });

      describe('cancelling a presence', () => {
        it('cancels with a reason, says so, and shows the presence cancelled with its reason', async () => {
          const [registered] = await registry.register(company, registry.presenceItem(workplaceId, company));
          const id = registered.presence.id as string;
          const page = await browser.get('/presences');
          const action = target(page, new RegExp(`action="(/presences/${id}/cancel[^"]*)"`, 'u'));
          const done = await browser.post(action, { reason: 'Travailleur malade' });
          expect(done.status).toBe(303);
          expect(done.location).toContain(`cancelled=${id}`);
          const after = await browser.get(done.location ?? '');
          expect(after.html).toContain('id="cancelled-notice"');
          expect(after.html).toContain(registered.presence.receiptNumber);
          expect(after.html).toMatch(new RegExp(`id="presence-${id}" data-status="CANCELLED"`, 'u'));
          expect(after.html).toContain('Travailleur malade');
          expect(after.html).not.toContain(`action="/presences/${id}/cancel`);

          const again = await browser.post(action, { reason: 'Encore' });
          expect(again.status).toBe(400);
          expect(errorsOf(again, `reason-${id}`)).toContain('déjà annulée');
        });

        it('refuses a blank reason next to that presence’s field, and keeps the others’ forms', async () => {
          const [one, other] = await registry.register(
            company,
            registry.presenceItem(workplaceId, company),
            registry.presenceItem(workplaceId, company),
          );
          const id = one.presence.id as string;
          const page = await browser.get('/presences');
          const action = target(page, new RegExp(`action="(/presences/${id}/cancel[^"]*)"`, 'u'));
          const refused = await browser.post(action, { reason: '   ' });
          expect(refused.status).toBe(400);
          expect(errorsOf(refused, `reason-${id}`)).toContain('Ce champ est vide');
          expect(refused.html).toContain(`aria-describedby="reason-${id}-error"`);
          expect(errorsOf(refused, `reason-${other.presence.id as string}`)).toBeUndefined();
          expect(refused.html).toContain(`action="/presences/${other.presence.id as string}/cancel`);
        });

        it('refuses to cancel a presence whose day has passed', async () => {
          const [registered] = await registry.register(company, registry.presenceItem(workplaceId, company));
          const id = registered.presence.id as string;
          const page = await browser.get('/presences');
          const action = target(page, new RegExp(`action="(/presences/${id}/cancel[^"]*)"`, 'u'));
          // Past midnight in Brussels, the session kept alive on the way (it ends after 12 idle hours).
          registry.clock.advance(9 * HOUR_MS);
          await browser.get('/presences');
          registry.clock.advance(9 * HOUR_MS);
          expect(registry.today() > registered.presence.registrationDate).toBe(true);
          const refused = await browser.post(action, { reason: 'Trop tard' });
          expect(refused.status).toBe(400);
          expect(errorsOf(refused, `reason-${id}`)).toContain('jour passé');
          expect(refused.html).toContain('value="Trop tard"');
          // Seen again later, the past day's presence has no cancel form.
          const later = await browser.get(target(page, /<form method="get" action="(\/presences)"/u));
          expect(later.html).toContain('Aucune présence');
          const thatDay = await browser.get(`/presences?from=${registered.presence.registrationDate}`);
          expect(receipts(thatDay)).toEqual([registered.presence.receiptNumber]);
          expect(thatDay.html).not.toContain(`action="/presences/${id}/cancel`);
        });

        it('offers no cancel form for a subcontractor’s presence the company did not send', async () => {
          const sub = await registry.newCompany();
          await registry.addContractor(company, workplaceId, sub, company);
          const [theirs] = await registry.register(sub, registry.presenceItem(workplaceId, sub));
          const page = await browser.get('/presences');
          expect(receipts(page)).toEqual([theirs.presence.receiptNumber]);
          expect(page.html).not.toContain('/cancel');
        });
      });

      describe('the roster', () => {
        it('adds a worker and removes them', async () => {
          const niss = registry.newNiss();
          await browser.get('/roster');
          const added = await browser.post('/roster/workers', {
            worker: dotted(niss),
            lastName: 'Peeters',
            firstName: 'Jan',
          });
          expect(added).toMatchObject({ status: 303, location: '/roster?done=added' });
          const page = await browser.get(added.location ?? '');
          expect(page.html).toContain('id="roster-notice"');
          expect(page.html).toContain(dotted(niss));
          expect(page.html).toContain('Peeters');
          const api = await company.get('/api/v1/workers');
          expect(api.body.workers).toMatchObject([
            { worker: { niss }, lastName: 'Peeters', firstName: 'Jan' },
          ]);

          const removed = await browser.post('/roster/workers/remove', { worker: `NISS:${niss}` });
          expect(removed).toMatchObject({ status: 303, location: '/roster?done=removed' });
          const empty = await browser.get(removed.location ?? '');
          expect(empty.html).not.toContain('Peeters');
          expect(empty.html).toContain('Aucun travailleur');
        });

        it('keeps every worker that two people add at once, and every one they remove at once', async () => {
          const colleague = await WebClient.signedIn(
            registry.app,
            await registry.newUser('company', { enterprise: company }),
            'fr-BE,fr;q=0.9',
          );
          // Each reads the page once, then posts its forms with that page's token, all at once.
          await browser.get('/roster');
          await colleague.get('/roster');
          const nisses = Array.from({ length: 12 }, () => registry.newNiss());
          const added = await Promise.all(
            nisses.map((niss, n) =>
              (n % 2 === 0 ? browser : colleague).post('/roster/workers', {
                worker: dotted(niss),
                lastName: `Travailleur${n}`,
                firstName: 'Jan',
              }),
            ),
          );
          expect(added.map((a) => a.location)).toStrictEqual(nisses.map(() => '/roster?done=added'));
          const page = await browser.get('/roster');
          for (const niss of nisses) expect(page.html).toContain(dotted(niss));
          expect((await company.get('/api/v1/workers')).body.workers).toHaveLength(nisses.length);

          await colleague.get('/roster');
          const gone = nisses.slice(0, 6);
          const removed = await Promise.all(
            gone.map((niss, n) =>
              (n % 2 === 0 ? browser : colleague).post('/roster/workers/remove', { worker: `NISS:${niss}` }),
            ),
          );
          expect(removed.map((r) => r.location)).toStrictEqual(gone.map(() => '/roster?done=removed'));
          const left = await browser.get('/roster');
          for (const niss of gone) expect(left.html).not.toContain(dotted(niss));
          for (const niss of nisses.slice(6)) expect(left.html).toContain(dotted(niss));
        });

        it('refuses a mistyped NISS next to its field, in Dutch, keeping what was typed', async () => {
          await browser.get('/language/nl?back=/roster');
          const page = await browser.get('/roster');
          expect(page.html).toContain('<html lang="nl">');
          const refused = await browser.post('/roster/workers', {
            worker: '85.07.30-033.27',
            lastName: 'Peeters',
            firstName: '',
          });
          expect(refused.status).toBe(400);
          expect(errorsOf(refused, 'worker')).toContain('Dit INSZ-nummer is niet geldig');
          expect(errorsOf(refused, 'firstName')).toContain('Dit veld is leeg');
          expect(errorsOf(refused, 'lastName')).toBeUndefined();
          expect(refused.html).toContain('value="85.07.30-033.27"');
          expect(refused.html).toContain('value="Peeters"');
          const blank = await browser.post('/roster/workers', { worker: ' ', lastName: 'A', firstName: 'B' });
          expect(errorsOf(blank, 'worker')).toContain('Dit veld is verplicht');
        });

        it('refuses a worker already on the roster next to the number', async () => {
          const niss = registry.newNiss();
          await browser.get('/roster');
          await browser.post('/roster/workers', { worker: niss, lastName: 'Dubois', firstName: 'Marie' });
          await browser.get('/roster');
          const twice = await browser.post('/roster/workers', {
            worker: dotted(niss),
            lastName: 'Dubois',
            firstName: 'M.',
          });
          expect(twice.status).toBe(400);
          expect(errorsOf(twice, 'worker')).toContain('déjà sur la liste');
        });

        it('lets a provider keep the roster of a company that mandated it', async () => {
          const provider = await registry.newProvider();
          await company.post('/api/v1/mandates', { provider: provider.enterprise });
          const providerUser = await registry.newUser('provider', { enterprise: provider });
          const theirs = await WebClient.signedIn(registry.app, providerUser, 'en');
          const chooser = await theirs.get('/roster');
          expect(chooser.status).toBe(200);
          expect(chooser.html).toContain(`<option value="${company.enterprise}"`);
          const roster = await theirs.get(`/roster?enterprise=${company.enterprise}`);
          expect(roster.html).toContain('No worker on the list yet.');
          const niss = registry.newNiss();
          const added = await theirs.post(`/roster/workers?enterprise=${company.enterprise}`, {
            worker: niss,
            lastName: 'Janssens',
            firstName: 'Sofie',
          });
          expect(added.location).toBe(`/roster?enterprise=${company.enterprise}&done=added`);
          expect((await company.get('/api/v1/workers')).body.workers).toHaveLength(1);
          const stranger = await registry.newCompany();
          expect((await theirs.get(`/roster?enterprise=${stranger.enterprise}`)).status).toBe(403);
        });
      });

      describe('the contractor chain', () => {
        it('adds a subcontractor under the company and shows it in the chain', async () => {
          const sub = registry.newEnterprise();
          const page = await browser.get(`/workplaces/${workplaceId}/chain`);
          expect(page.status).toBe(200);
          expect(page.html).toContain('Aucun sous-traitant');
          const added = await browser.post(`/workplaces/${workplaceId}/chain`, {
            enterprise: sub,
            parent: company.enterprise,
          });
          expect(added.status).toBe(303);
          const after = await browser.get(added.location ?? '');
          expect(after.html).toContain('id="chain-notice"');
          expect(after.html).toMatch(
            new RegExp(`data-enterprise="${company.enterprise}">.*<ul><li data-enterprise="${sub}">`, 'u'),
          );
          const api = await company.get(`/api/v1/workplaces/${workplaceId}`);
          expect(api.body.contractors).toEqual([{ enterprise: sub, parent: company.enterprise }]);
        });

        it('refuses a mistyped enterprise number and a link already there next to the field', async () => {
          await browser.get(`/workplaces/${workplaceId}/chain`);
          const mistyped = await browser.post(`/workplaces/${workplaceId}/chain`, {
            enterprise: '0403.170.702',
            parent: company.enterprise,
          });
          expect(mistyped.status).toBe(400);
          expect(errorsOf(mistyped, 'enterprise')).toContain('numéro BCE');
          expect(mistyped.html).toContain('value="0403.170.702"');

          const sub = registry.newEnterprise();
          await browser.post(`/workplaces/${workplaceId}/chain`, {
            enterprise: sub,
            parent: company.enterprise,
          });
          await browser.get(`/workplaces/${workplaceId}/chain`);
          const twice = await browser.post(`/workplaces/${workplaceId}/chain`, {
            enterprise: sub,
            parent: company.enterprise,
          });
          expect(twice.status).toBe(400);
          expect(errorsOf(twice, 'enterprise')).toContain('travaille déjà pour celle-là');
        });

        it('refuses a subcontractor that already works on the workplace when a contractor adds it', async () => {
          const sub = await registry.newCompany();
          const other = await registry.newCompany();
          await registry.addContractor(company, workplaceId, sub, company);
          await registry.addContractor(company, workplaceId, other, company);
          const subUser = await registry.newUser('company', { enterprise: sub });
          const theirs = await WebClient.signedIn(registry.app, subUser, 'fr-BE');
          const page = await theirs.get(`/workplaces/${workplaceId}/chain`);
          // The contractor sees its way up, not the company beside it; it adds under itself only.
          expect(page.html).not.toContain(`data-enterprise="${other.enterprise}"`);
          expect(page.html).toMatch(
            new RegExp(`<select id="parent" name="parent"><option value="${sub.enterprise}"`, 'u'),
          );
          const refused = await theirs.post(`/workplaces/${workplaceId}/chain`, {
            enterprise: other.enterprise,
            parent: sub.enterprise,
          });
          expect(refused.status).toBe(400);
          expect(errorsOf(refused, 'enterprise')).toContain('travaille déjà sur ce lieu de travail');
        });

        it('answers 404 for a workplace the company takes no part in', async () => {
          const stranger = await registry.newCompany();
          const theirs = await registry.newWorkplace(stranger);
          expect((await browser.get(`/workplaces/${theirs.id}/chain`)).status).toBe(404);
        });
      });

      it('lets an administrator link anywhere in a chain, but neither search presences nor keep rosters', async () => {
        const sub = await registry.newCompany();
        await registry.addContractor(company, workplaceId, sub, company);
        const admin = await WebClient.signedIn(registry.app, await registry.newUser('admin'), 'en');
        const chain = await admin.get(`/workplaces/${workplaceId}/chain`);
        expect(chain.status).toBe(200);
        expect(chain.html).toContain(`<option value="${sub.enterprise}"`);
        const below = registry.newEnterprise();
        const added = await admin.post(`/workplaces/${workplaceId}/chain`, {
          enterprise: below,
          parent: sub.enterprise,
        });
        expect(added.status).toBe(303);
        expect((await admin.get(added.location ?? '')).html).toContain('now works for');
        expect((await admin.get('/presences')).status).toBe(403);
        expect((await admin.get('/roster')).status).toBe(403);
      });

      it('refuses these pages to an inspector and to a contact-center agent', async () => {
        for (const role of ['inspector', 'agent'] as const) {
          const person = await WebClient.signedIn(registry.app, await registry.newUser(role), 'fr-BE');
          for (const path of ['/presences', '/roster', `/workplaces/${workplaceId}/chain`]) {
            const page = await person.get(path);
            expect(page.status, `${role} ${path}`).toBe(403);
            expect(page.html).toContain('Votre rôle ne permet pas');
          }
        }
      });

      it('sends a person who is not signed in to sign in, then back to the page of the form they posted', async () => {
        const stranger = new WebClient(registry.app);
        expect(await stranger.get('/roster')).toMatchObject({
          status: 303,
          location: '/sign-in?back=%2Froster',
        });
        await stranger.get('/sign-in');
        const posted = await stranger.post('/roster/workers', { worker: '', lastName: '', firstName: '' });
        expect(posted).toMatchObject({ status: 303, location: '/sign-in?back=%2Froster%2Fworkers' });
        const signedIn = await stranger.post('/sign-in?back=%2Froster%2Fworkers', {
          username: chef.username,
          password: chef.password,
        });
        expect(signedIn.location).toBe('/roster/workers');
        expect(await stranger.get('/roster/workers')).toMatchObject({ status: 303, location: '/roster' });
        const cancel = await stranger.get(
          `/presences/some-id/cancel?from=${registry.today()}&status=cancelled`,
        );
        expect(cancel.location).toBe(
          `/presences?from=${registry.today()}&to=${registry.today()}&status=cancelled&limit=50`,
        );
      });
    },
  );
}
