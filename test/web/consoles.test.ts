import { formatEnterpriseNumber, type EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listReportedIncidents } from '../../src/app/incident-inbox.js';
import { principalOfUser } from '../../src/app/users.js';
import { parseEnterpriseNumber } from '../../src/domain/enterprise-number.js';
import { errorText } from '../../src/web/i18n/error-texts.js';
import { REMARK_TEXTS, VALIDATION_STATUS_WORDS } from '../../src/domain/validation-texts.js';
import { LANGUAGES } from '../../src/web/language.js';
import { OUTCOME_WORDS, ORIGIN_WORDS, VERDICT_WORDS } from '../../src/web/messages/consoles.js';
import { DATABASES } from '../support/databases.js';
import { PDFTOTEXT, pdfText } from '../support/pdf-text.js';
import { TestRegistry, type Caller, type TestUser } from '../support/registry.js';
import { checkAgainstEmployment, rowWith } from '../support/validations.js';
import { WebClient } from '../support/web-client.js';

const REFERENCE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/u;

/** A text as the pages write it in HTML. */
function html(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}

/**
 * The contact-center console (agents) and the inspection console (inspectors), through their pages in-process:
 * what came in, a reference issued after a call, a workplace's day with its verdicts and its exports.
 */
for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the consoles (${database.name})`, () => {
    let registry: TestRegistry;
    let company: Caller;
    let workplaceId: string;
    let users: Readonly<Record<'agent' | 'inspector' | 'chef', TestUser>>;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      company = await registry.newCompany();
      workplaceId = (await registry.newWorkplace(company)).id;
      users = {
        agent: await registry.newUser('agent'),
        inspector: await registry.newUser('inspector'),
        chef: await registry.newUser('company', { enterprise: company }),
      };
    });
    afterEach(async () => {
      await registry.close();
    });

    /** A browser signed in as the user, in French unless told. */
    function signedIn(user: TestUser, language = 'fr-BE,fr;q=0.9'): Promise<WebClient> {
      return WebClient.signedIn(registry.app, user, language);
    }

    function contactForm(description: string, name: string): Promise<{ status: number; body: any }> {
      return company.post('/api/v1/contact-form', {
        enterprise: company.enterprise,
        workplaceId,
        date: registry.today(),
        description,
        contact: { name, phone: '+32 470 12 34 56', email: 'chantier@example.be' },
      });
    }

    describe('the contact center', () => {
      it('shows an agent the contact forms and the incidents that came in, newest first, for the day chosen', async () => {
        const first = await contactForm('La badgeuse ne répond plus', 'Jan Peeters');
        expect(first.status).toBe(201);
        registry.clock.advance(10 * 60_000);
        const second = await contactForm('Plus de réseau mobile', 'Marie Dubois');
        const incident = await company.post('/api/v1/incidents', {
          workplaceId,
          date: registry.today(),
          employer: company.enterprise,
          origin: 'OWN_COMPANY',
          description: 'La tablette du chantier est tombée en panne',
        });
        expect(incident.status).toBe(201);

        const agent = await signedIn(users.agent);
        expect(await agent.get('/')).toMatchObject({ status: 303, location: '/contact-center' });
        const page = await agent.get('/contact-center');
        expect(page.status).toBe(200);
        expect(page.raw.headers['cache-control']).toBe('no-store');
        const forms = page.html.slice(page.html.indexOf('id="contact-forms"'));
        const numbers = [...forms.matchAll(/class="mono refnum">([^<]+)</gu)].map((m) => m[1]);
        expect(numbers.slice(0, 2)).toStrictEqual([second.body.referenceNumber, first.body.referenceNumber]);
        for (const text of ['Jan Peeters', 'La badgeuse ne répond plus', 'chantier@example.be', workplaceId])
          expect(page.html).toContain(html(text));
        expect(page.html).toContain('href="tel:+32470123456"');
        expect(page.html).toContain(formatEnterpriseNumber(company.enterprise as EnterpriseNumber));
        // The time as read at a Belgian desk: 07:00 UTC is 08:00 in Brussels in March.
        expect(page.html).toContain(`${registry.today()} 08:00`);

        const incidents = page.html.slice(page.html.indexOf('id="incidents"'));
        expect(incidents).toContain(html('La tablette du chantier est tombée en panne'));
        expect(incidents).toContain(html(ORIGIN_WORDS.OWN_COMPANY.fr));
        expect(incidents).toContain(
          html(OUTCOME_WORDS[incident.body.incident.decision.outcome as 'RESOLVED'].fr),
        );
        expect(incidents).toContain(html('pas encore'));

        const yesterday = await agent.get(`/contact-center?day=${registry.day(-1)}`);
        expect(yesterday.html).not.toContain(first.body.referenceNumber);
        expect(yesterday.html).not.toContain('La tablette');
        const week = await agent.get(`/contact-center?day=${registry.day(2)}&days=7`);
        expect(week.html).toContain(first.body.referenceNumber);
        expect(week.html).toContain('La tablette');
      });

      it('issues a reference after a call and shows it large, to read out, then lists it', async () => {
        const agent = await signedIn(users.agent);
        await agent.get('/contact-center');
        const issued = await agent.post('/contact-center/references', {
          enterprise: formatEnterpriseNumber(company.enterprise as EnterpriseNumber),
          workplaceId: workplaceId.toLowerCase(),
          date: registry.today(),
          note: 'Appel à 8 h 05 : le lecteur de badges est hors service',
          contactName: 'Jan Peeters',
          contactPhone: '0470 12 34 56',
          contactEmail: '',
          incidentId: '',
        });
        expect(issued.status).toBe(303);
        const number = /issued=([^&]+)/u.exec(issued.location ?? '')?.[1];
        expect(decodeURIComponent(number ?? '')).toMatch(REFERENCE);
        const reference = decodeURIComponent(number ?? '');

        const page = await agent.get(issued.location ?? '');
        expect(page.status).toBe(200);
        expect(page.html).toContain(`id="issued-reference">${reference}</p>`);
        expect(page.html).toContain('liste de présence papier');
        const phone = page.html.slice(page.html.indexOf('id="phone-references"'));
        expect(phone).toContain(reference);
        expect(phone).toContain('Jan Peeters');

        const agentKey = await registry.newCaller('agent');
        const stored = await agentKey.get(`/api/v1/contact-center/references/${reference}`);
        expect(stored.body.reference).toMatchObject({
          source: 'PHONE',
          enterprise: company.enterprise,
          workplaceId,
          date: registry.today(),
          contact: { name: 'Jan Peeters', phone: '0470 12 34 56' },
        });
      });

      it('issues a reference for an incident from the incident’s link, and records it on the incident', async () => {
        const reported = await company.post('/api/v1/incidents', {
          workplaceId,
          date: registry.today(),
          employer: company.enterprise,
          origin: 'OWN_COMPANY',
        });
        const id = reported.body.incident.id as string;
        const agent = await signedIn(users.agent);
        const list = await agent.get('/contact-center');
        expect(list.html).toContain(`incident=${id}`);
        const prefilled = await agent.get(`/contact-center?incident=${id}`);
        expect(prefilled.html).toContain(`value="${id}"`);
        expect(prefilled.html).toContain(`value="${workplaceId}"`);
        expect(prefilled.html).toContain(
          `value="${formatEnterpriseNumber(company.enterprise as EnterpriseNumber)}"`,
        );

        const issued = await agent.post('/contact-center/references', {
          enterprise: formatEnterpriseNumber(company.enterprise as EnterpriseNumber),
          workplaceId,
          date: registry.today(),
          note: 'Rappelé : aucune autre solution',
          incidentId: id,
        });
        expect(issued.status).toBe(303);
        const reference = decodeURIComponent(/issued=([^&]+)/u.exec(issued.location ?? '')?.[1] ?? '');
        const after = await company.get(`/api/v1/incidents/${id}`);
        expect(after.body.incident.situation.referenceNumber).toBe(reference);
        const page = await agent.get('/contact-center');
        const incidents = page.html.slice(page.html.indexOf('id="incidents"'));
        expect(incidents).toContain(`class="mono refnum">${reference}<`);
      });

      it('refuses a bad enterprise number and a missing note next to their fields, in the page’s language', async () => {
        const agent = await signedIn(users.agent);
        await agent.get('/language/nl?back=/contact-center');
        const page = await agent.get('/contact-center');
        expect(page.html).toContain('<html lang="nl">');
        const wrong = `${company.enterprise.slice(0, 9)}${(Number(company.enterprise[9]) + 1) % 10}`;
        const refused = await agent.post('/contact-center/references', {
          enterprise: wrong,
          workplaceId,
          date: registry.today(),
          note: '',
          contactName: '',
          contactPhone: 'not a phone',
        });
        expect(refused.status).toBe(400);
        const parsed = parseEnterpriseNumber(wrong);
        if (parsed.ok) throw new Error('the number should be wrong');
        expect(refused.html).toMatch(/id="enterprise-error" role="alert"><p>[^<]+<\/p>/u);
        expect(refused.html).toContain(html(errorText(parsed.error, 'nl')));
        expect(refused.html).toContain('id="note-error"');
        expect(refused.html).toContain('id="contactName-error"');
        expect(refused.html).toContain('id="contactPhone-error"');
        expect(refused.html).toContain('aria-describedby="enterprise-error"');
        // What was typed stays in the form.
        expect(refused.html).toContain(`value="${wrong}"`);
        expect(refused.html).toContain('value="not a phone"');
        expect(refused.html).not.toContain('id="issued-reference"');

        const unknown = await agent.post('/contact-center/references', {
          enterprise: company.enterprise,
          workplaceId: 'NOSUCHSITE1',
          date: registry.today(),
          note: 'Appel',
        });
        expect(unknown.status).toBe(404);
        expect(unknown.html).toContain(html(errorText({ code: 'WORKPLACE_NOT_FOUND', message: '' }, 'nl')));
        expect(unknown.html).toContain('id="workplaceId-error"');
        const stranger = await registry.newCompany();
        const outsider = await agent.post('/contact-center/references', {
          enterprise: stranger.enterprise,
          workplaceId,
          date: registry.today(),
          note: 'Appel',
        });
        expect(outsider.status).toBe(400);
        expect(outsider.html).toContain('id="enterprise-error"');
        const agentKey = await registry.newCaller('agent');
        expect((await agentKey.get('/api/v1/contact-center/references')).body.references).toStrictEqual([]);
      });

      it('says a day it cannot read next to the day’s field', async () => {
        const agent = await signedIn(users.agent);
        const page = await agent.get('/contact-center?day=2026-02-30');
        expect(page.status).toBe(400);
        expect(page.html).toContain('id="day-error"');
        expect(page.html).toContain(`value="${registry.today()}"`);
      });
    });

    describe('who may use the consoles', () => {
      it('gives a company user the 403 page on both consoles, and changes nothing', async () => {
        const chef = await signedIn(users.chef);
        for (const path of [
          '/contact-center',
          '/inspection',
          `/inspection?workplaceId=${workplaceId}&date=${registry.today()}`,
          `/inspection/workplaces/${workplaceId}/days/${registry.today()}`,
          `/inspection/workplaces/${workplaceId}/days/${registry.today()}.pdf`,
        ]) {
          const page = await chef.get(path);
          expect(page.status, path).toBe(403);
          expect(page.html).toContain(html(errorText({ code: 'ROLE_FORBIDDEN', message: '' }, 'fr')));
        }
        await chef.get('/workplaces');
        const posted = await chef.post('/contact-center/references', {
          enterprise: company.enterprise,
          workplaceId,
          date: registry.today(),
          note: 'Appel',
        });
        expect(posted.status).toBe(403);
        const agentKey = await registry.newCaller('agent');
        expect((await agentKey.get('/api/v1/contact-center/references')).body.references).toStrictEqual([]);
      });

      it('keeps each console to its role: an agent is refused the inspection, an inspector the contact center', async () => {
        expect((await (await signedIn(users.agent)).get('/inspection')).status).toBe(403);
        expect((await (await signedIn(users.inspector)).get('/contact-center')).status).toBe(403);
      });

      it('sends a person who is not signed in to sign in, and back', async () => {
        const browser = new WebClient(registry.app);
        expect(await browser.get('/inspection')).toMatchObject({
          status: 303,
          location: '/sign-in?back=%2Finspection',
        });
        expect((await browser.get('/contact-center')).status).toBe(303);
      });

      it('lists the incidents of every workplace for the contact center and inspectors only, a week at most', async () => {
        const inspector = principalOfUser(users.inspector.user);
        expect((await listReportedIncidents(registry.deps, inspector, {})).ok).toBe(true);
        const tooLong = await listReportedIncidents(registry.deps, inspector, {
          from: registry.day(-7),
          to: registry.today(),
        });
        expect(tooLong).toMatchObject({ ok: false, error: [{ code: 'DATE_RANGE_TOO_LONG', field: 'to' }] });
        const company = await listReportedIncidents(registry.deps, principalOfUser(users.chef.user), {});
        expect(company).toMatchObject({ ok: false, error: [{ code: 'ROLE_FORBIDDEN' }] });
      });
    });

    describe('the inspection', () => {
      it('opens a workplace’s day with its presences and verdicts, and gives it as PDF and CSV', async () => {
        const [result] = await registry.register(company, registry.presenceItem(workplaceId, company));
        const receipt = result.presence.receiptNumber as string;
        const inspector = await signedIn(users.inspector);
        expect(await inspector.get('/')).toMatchObject({ status: 303, location: '/inspection' });
        const start = await inspector.get('/inspection');
        expect(start.status).toBe(200);
        expect(start.html).toContain('name="workplaceId"');

        const asked = await inspector.get(
          `/inspection?workplaceId=${workplaceId.toLowerCase()}&date=${registry.today()}`,
        );
        const path = `/inspection/workplaces/${workplaceId}/days/${registry.today()}`;
        expect(asked).toMatchObject({ status: 303, location: path });
        const page = await inspector.get(path);
        expect(page.status).toBe(200);
        expect(page.raw.headers['cache-control']).toBe('no-store');
        expect(page.html).toContain(`class="mono receipt">${receipt}<`);
        const registrationId = result.presence.registrationId as string;
        expect(page.html).toContain(`class="mono registration-id">${registrationId}<`);
        expect(page.html).toContain('data-verdict="REGISTERED"');
        expect(page.html).toContain(html(VERDICT_WORDS.REGISTERED.fr));
        expect(page.html).toContain(`href="${path}.pdf"`);
        expect(page.html).toContain(`href="${path}.csv"`);
        // Read-only: no form posts anything.
        expect(page.html).not.toMatch(/<form method="post" action="\/(?!sign-out)/u);

        const pdf = await inspector.get(`${path}.pdf`);
        expect(pdf.status).toBe(200);
        expect(pdf.raw.headers['content-type']).toBe('application/pdf');
        expect(pdf.raw.headers['content-disposition']).toBe(
          `attachment; filename="dossier-${workplaceId}-${registry.today()}.pdf"`,
        );
        expect(pdf.raw.headers['cache-control']).toBe('no-store');
        expect(pdf.raw.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
        if (PDFTOTEXT) {
          const text = pdfText(pdf.raw.rawPayload);
          expect(text).toContain(receipt);
          expect(text).toContain(registrationId);
          expect(text).toContain("Dossier d'inspection");
        }

        const csv = await inspector.get(`${path}.csv`);
        expect(csv.status).toBe(200);
        expect(csv.raw.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(csv.raw.headers['content-disposition']).toBe(
          `attachment; filename="dossier-${workplaceId}-${registry.today()}.csv"`,
        );
        expect(csv.raw.headers['cache-control']).toBe('no-store');
        expect(csv.html).toContain(receipt);
        expect(csv.html).toContain(`,${registrationId},PENDING,\r\n`);
        expect(csv.html).toMatch(/VERDICT,[^\n]*REGISTERED/u);
      });

      it('writes the dossier and its exports in the page’s language', async () => {
        await registry.register(company, registry.presenceItem(workplaceId, company));
        const inspector = await signedIn(users.inspector, 'nl-BE,nl;q=0.9');
        const path = `/inspection/workplaces/${workplaceId}/days/${registry.today()}`;
        const page = await inspector.get(path);
        expect(page.html).toContain('<html lang="nl">');
        expect(page.html).toContain(html(VERDICT_WORDS.REGISTERED.nl));
        const csv = await inspector.get(`${path}.csv`);
        expect(csv.html).toContain('geregistreerd');
        if (PDFTOTEXT)
          expect(pdfText((await inspector.get(`${path}.pdf`)).raw.rawPayload)).toContain('Inspectiedossier');
      });

      it('gives each presence’s check and a failed one’s remarks in the dossier’s language, page, PDF and CSV, the verdict unchanged', async () => {
        const [declared, undeclared] = await registry.register(
          company,
          registry.presenceItem(workplaceId, company),
          registry.presenceItem(workplaceId, company),
        );
        await checkAgainstEmployment(registry, [
          { employer: company.enterprise, niss: declared.presence.worker.niss as string },
        ]);
        const failedReceipt = undeclared.presence.receiptNumber as string;
        const path = `/inspection/workplaces/${workplaceId}/days/${registry.today()}`;
        // pdftotext may cut a line after a hyphen (jour-|là): read hyphenated words whole.
        const flat = (text: string): string => text.replace(/\s+/gu, ' ').replace(/- /gu, '-');

        for (const lang of LANGUAGES) {
          const inspector = await signedIn(users.inspector, lang);
          const page = await inspector.get(path);
          expect(page.html).toContain(`<html lang="${lang}">`);
          const failed = rowWith(page.html, `class="mono receipt">${failedReceipt}<`);
          expect(failed).toContain('data-validation="FAILED"');
          expect(failed).toContain(html(VALIDATION_STATUS_WORDS.FAILED[lang]));
          expect(failed).toContain(html(REMARK_TEXTS.RELATED_DIMONA_NOT_OK[lang]));
          const validated = rowWith(
            page.html,
            `class="mono receipt">${declared.presence.receiptNumber as string}<`,
          );
          expect(validated).toContain(html(VALIDATION_STATUS_WORDS.VALIDATED[lang]));
          // The verdicts weigh what was registered, not what its checks found.
          expect(page.html).toContain('data-verdict="REGISTERED"');

          if (PDFTOTEXT) {
            const text = flat(pdfText((await inspector.get(`${path}.pdf`)).raw.rawPayload));
            expect(text).toContain(flat(VALIDATION_STATUS_WORDS.FAILED[lang]));
            expect(text).toContain(flat(REMARK_TEXTS.RELATED_DIMONA_NOT_OK[lang]));
            expect(text).toContain(flat(VALIDATION_STATUS_WORDS.VALIDATED[lang]));
          }

          // The CSV writes statuses as codes, in every language.
          const csv = (await inspector.get(`${path}.csv`)).html;
          expect(csv.split('\r\n')[0]).toMatch(/,registrationId,validation,remarks$/u);
          const lines = csv.split('\r\n');
          expect(lines.find((l) => l.includes(failedReceipt))).toMatch(/,FAILED,RELATED_DIMONA_NOT_OK$/u);
          expect(lines.find((l) => l.includes(declared.presence.receiptNumber as string))).toMatch(
            /,VALIDATED,$/u,
          );
        }

        const api = await (
          await registry.newCaller('inspector')
        ).get(`/api/v1/inspections/workplaces/${workplaceId}/days/${registry.today()}`);
        expect(api.body.verdicts).toMatchObject([{ verdict: 'REGISTERED', counts: { registered: 2 } }]);
        expect(
          api.body.presences.find((p: { receiptNumber: string }) => p.receiptNumber === failedReceipt)
            .validation,
        ).toMatchObject({ status: 'FAILED', remarks: ['RELATED_DIMONA_NOT_OK'] });
      });

      it('shows the incidents with their decision and evidence, the references and the paper listing’s lines', async () => {
        const reported = await company.post('/api/v1/incidents', {
          workplaceId,
          date: registry.today(),
          employer: company.enterprise,
          origin: 'OWN_COMPANY',
          description: 'Le réseau du chantier est coupé',
        });
        const id = reported.body.incident.id as string;
        const evidence = await company.post(`/api/v1/incidents/${id}/events`, {
          type: 'EVIDENCE_ADDED',
          evidence: { kind: 'OPERATOR_TICKET', description: 'Ticket Proximus', reference: 'PX-4711' },
        });
        expect(evidence.status).toBe(200);
        const form = await company.post('/api/v1/contact-form', {
          enterprise: company.enterprise,
          workplaceId,
          date: registry.today(),
          description: 'Aucun canal ne fonctionne',
          incidentId: id,
          contact: { name: 'Jan Peeters' },
        });
        const referenceNumber = form.body.referenceNumber as string;
        const listing = await company.post('/api/v1/paper-listings', {
          referenceNumber,
          workplaceId,
          date: registry.today(),
          employer: company.enterprise,
        });
        expect(listing.status).toBe(201);
        const niss = registry.newNiss();
        const captured = await company.post(
          `/api/v1/paper-listings/${listing.body.paperListing.id}/entries`,
          {
            entries: [{ worker: { niss }, lastName: 'Peeters', firstName: 'Jan' }],
          },
        );
        const receipt = captured.body.results[0].presence.receiptNumber as string;

        const inspector = await signedIn(users.inspector);
        const page = await inspector.get(`/inspection/workplaces/${workplaceId}/days/${registry.today()}`);
        expect(page.status).toBe(200);
        expect(page.html).toContain('data-verdict="PAPER_LISTING"');
        expect(page.html).toContain(html('Le réseau du chantier est coupé'));
        expect(page.html).toContain('Ticket Proximus');
        expect(page.html).toContain('PX-4711');
        expect(page.html).toContain(html(ORIGIN_WORDS.OWN_COMPANY.fr));
        const references = page.html.slice(page.html.indexOf('id="references"'));
        expect(references).toContain(referenceNumber);
        expect(references).toContain('Jan Peeters');
        const listings = page.html.slice(page.html.indexOf('id="listings-heading"'));
        expect(listings).toContain(referenceNumber);
        expect(listings).toContain('Peeters');
        expect(listings).toContain(receipt);
        // The presence captured from paper carries the listing's reference number.
        const presences = page.html.slice(
          page.html.indexOf('id="presences"'),
          page.html.indexOf('id="incidents-heading"'),
        );
        expect(presences).toContain(receipt);
        expect(presences).toContain(referenceNumber);
        expect(page.html).toContain(html('Aucune interruption'));
      });

      it('says an unknown workplace and a day it cannot read next to the fields of the form', async () => {
        const inspector = await signedIn(users.inspector);
        const bad = await inspector.get('/inspection?workplaceId=ab&date=2026-02-30');
        expect(bad.status).toBe(400);
        expect(bad.html).toContain('id="workplaceId-error"');
        expect(bad.html).toContain('id="date-error"');
        expect(bad.html).toContain('value="ab"');
        const empty = await inspector.get('/inspection?workplaceId=&date=');
        expect(empty.status).toBe(400);
        expect(empty.html).toContain(html(errorText({ code: 'FIELD_REQUIRED', message: '' }, 'fr')));

        const unknown = await inspector.get(`/inspection/workplaces/NOSUCHSITE1/days/${registry.today()}`);
        expect(unknown.status).toBe(404);
        expect(unknown.html).toContain('id="workplaceId-error"');
        expect(unknown.html).toContain('value="NOSUCHSITE1"');
        const pdf = await inspector.get(`/inspection/workplaces/NOSUCHSITE1/days/${registry.today()}.pdf`);
        expect(pdf.status).toBe(404);
        expect(pdf.raw.headers['content-type']).toContain('text/html');
      });
    });
  });
}
