import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { PDFTOTEXT, pdfText } from '../support/pdf-text.js';
import { TestRegistry, type Caller } from '../support/registry.js';

/**
 * The emergency procedure end to end, through the API: every row of the seed's summary table, every numbered
 * step of its detailed procedure and its closing warning, each ending with the inspection dossier's verdict.
 * The test clock stands on Tuesday 10 March 2026, 08:00 in Brussels: the contact center is open.
 */
for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the emergency procedure (${database.name})`, () => {
    let registry: TestRegistry;
    let declarant: Caller;
    let subcontractor: Caller;
    let agent: Caller;
    let inspector: Caller;
    let workplaceId: string;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      declarant = await registry.newCompany();
      subcontractor = await registry.newCompany();
      agent = await registry.newCaller('agent');
      inspector = await registry.newCaller('inspector');
      workplaceId = (await registry.newWorkplace(declarant, { startDate: registry.day(-30) })).id;
      await registry.addContractor(declarant, workplaceId, subcontractor, declarant);
    });

    afterEach(async () => {
      await registry.close();
    });

    const report = (by: Caller, situation: Record<string, unknown>, date = registry.today()) =>
      by.post('/api/v1/incidents', { workplaceId, date, employer: by.enterprise, ...situation });
    const event = (by: Caller, id: string, body: Record<string, unknown>) =>
      by.post(`/api/v1/incidents/${id}/events`, body);
    const dossier = async (date = registry.today()) => {
      const reply = await inspector.get(`/api/v1/inspections/workplaces/${workplaceId}/days/${date}`);
      expect(reply.status).toBe(200);
      return reply.body;
    };
    const verdictOf = async (company: Caller, date = registry.today()) =>
      (
        (await dossier(date)).verdicts as {
          employer: string;
          verdict: string;
          verification?: { status: string };
        }[]
      ).find((v) => v.employer === company.enterprise);

    describe('"Fournisseur de services" — the provider row, then steps 1, 2, 3.2 and 3.3', () => {
      it('walks from the provider to the contact center, the reference, the paper listing and its capture', async () => {
        // Step 1: "Contactez d'abord votre fournisseur".
        const opened = await report(subcontractor, {
          origin: 'PROVIDER',
          description: 'Badge reader rejects every card',
        });
        expect(opened.status).toBe(201);
        const id = opened.body.incident.id as string;
        expect(opened.body.incident.decision).toMatchObject({
          outcome: 'CONTACT_PROVIDER',
          exempt: false,
          step: '1',
        });

        // "… si le problème provient du service fourni et qu'aucune solution n'est proposée … passer à l'étape 2".
        const contacted = await event(subcontractor, id, {
          type: 'PROVIDER_CONTACTED',
          outcome: 'NOT_SOLVED',
        });
        expect(contacted.status).toBe(200);
        expect(contacted.body.incident.decision).toMatchObject({ outcome: 'TRY_OTHER_CHANNEL', step: '2' });

        // Step 2 fails too: "Si l'enregistrement ne peut être fait par aucun canal" … 3.2 "appelez le centre de contact".
        const tried = await event(subcontractor, id, {
          type: 'CHANNEL_TRIED',
          channel: 'ONLINE',
          result: 'FAILED',
          error: 'The online service refuses our login',
        });
        const decision = tried.body.incident.decision;
        expect(decision).toMatchObject({ outcome: 'CALL_CONTACT_CENTER', exempt: false, step: '3.2' });
        expect(decision.nextSteps.map((s: { code: string }) => s.code).slice(0, 4)).toEqual([
          'CALL_CONTACT_CENTER',
          'MENU_2',
          'MENU_5',
          'MENU_6',
        ]);
        expect(decision.nextSteps[0].text.fr).toContain('02 511 51 51');

        // "L'agent … vous délivrera un numéro de référence": issued after the call, linked to the incident.
        const issued = await agent.post('/api/v1/contact-center/references', {
          enterprise: subcontractor.enterprise,
          workplaceId,
          date: registry.today(),
          note: 'Badge reader down, provider has no fix today',
          incidentId: id,
        });
        expect(issued.status).toBe(201);
        const referenceNumber = issued.body.referenceNumber as string;
        expect(referenceNumber).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
        const withReference = await subcontractor.get(`/api/v1/incidents/${id}`);
        expect(withReference.body.incident.decision).toMatchObject({
          outcome: 'FILL_PAPER_LISTING',
          step: '3.3',
        });
        expect(withReference.body.incident.events.map((e: { type: string }) => e.type)).toEqual([
          'PROVIDER_CONTACTED',
          'CHANNEL_TRIED',
          'REFERENCE_OBTAINED',
        ]);

        // 3.3: the listing, pre-filled from the roster and the presences of the company on the workplace.
        const regular = registry.newNiss();
        const posted = '12345678';
        await subcontractor.put('/api/v1/workers', {
          workers: [
            { worker: { niss: regular }, lastName: 'Peeters', firstName: 'Jan' },
            { worker: { limosaId: posted }, lastName: 'Wiśniewski', firstName: 'Łukasz' },
          ],
        });
        registry.clock.advance(-86_400_000);
        await registry.register(
          subcontractor,
          registry.presenceItem(workplaceId, subcontractor, { worker: { niss: regular } }),
        );
        await registry.register(
          subcontractor,
          registry.presenceItem(workplaceId, subcontractor, { worker: { limosaId: posted } }),
        );
        registry.clock.advance(86_400_000);
        const listing = await subcontractor.post('/api/v1/paper-listings', {
          referenceNumber,
          workplaceId,
          date: registry.today(),
          employer: subcontractor.enterprise,
        });
        expect(listing.status).toBe(201);
        const listingId = listing.body.paperListing.id as string;
        const again = await subcontractor.post('/api/v1/paper-listings', {
          referenceNumber: referenceNumber.toLowerCase(),
          workplaceId,
          date: registry.today(),
          employer: subcontractor.enterprise,
        });
        expect(again.status).toBe(200);
        expect(again.body.paperListing.id).toBe(listingId);

        const pdf = await subcontractor.get(`/api/v1/paper-listings/${listingId}.pdf`);
        expect(pdf.status).toBe(200);
        expect(pdf.raw.headers['content-type']).toBe('application/pdf');
        expect(pdf.raw.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
        if (PDFTOTEXT) {
          // "inscrivez-le sur un listing papier … le numéro de déclaration de travaux, la date du jour ainsi que,
          // pour chaque travailleur … le numéro de registre national ou numéro de Limosa L1, le nom et le prénom".
          const text = pdfText(pdf.raw.rawPayload);
          expect(text).toContain(referenceNumber);
          expect(text).toContain(workplaceId);
          expect(text).toContain(registry.today());
          const e = subcontractor.enterprise;
          expect(text).toContain(`${e.slice(0, 4)}.${e.slice(4, 7)}.${e.slice(7)}`);
          expect(text).toContain(`${regular.slice(0, 2)}.${regular.slice(2, 4)}.${regular.slice(4, 6)}-`);
          expect(text).toContain(`L1 ${posted}`);
          for (const name of ['Peeters', 'Jan', 'Wiśniewski', 'Łukasz']) expect(text).toContain(name);
          expect(text).toContain('numéro de déclaration de travaux');
          expect(text).toContain('werken');
          expect(text).toContain('works declaration number');
        }

        // The filled listing comes back line by line; a mistyped NISS is refused on its line only.
        const mistyped = `${regular.slice(0, 10)}${(Number(regular[10]) + 1) % 10}`;
        const newcomer = registry.newNiss();
        const captured = await subcontractor.post(`/api/v1/paper-listings/${listingId}/entries`, {
          entries: [
            { worker: { niss: regular }, lastName: 'Peeters', firstName: 'Jan', referenceNumber },
            { worker: { niss: mistyped }, lastName: 'Typo', firstName: 'Tim' },
            { worker: { niss: newcomer }, lastName: 'Dubois', firstName: 'Marie' },
          ],
        });
        expect(captured.status).toBe(200);
        const [first, second, third] = captured.body.results;
        expect(first).toMatchObject({
          status: 'REGISTERED',
          duplicate: false,
          presence: { channel: 'PAPER', referenceNumber },
        });
        expect(second).toMatchObject({
          status: 'REJECTED',
          errors: [{ code: 'NISS_CHECK_DIGITS', field: 'entries[1].worker.niss' }],
        });
        expect(third).toMatchObject({
          status: 'REGISTERED',
          presence: { channel: 'PAPER', registrationDate: registry.today() },
        });
        const retried = await subcontractor.post(`/api/v1/paper-listings/${listingId}/entries`, {
          entries: [{ worker: { niss: regular }, lastName: 'Peeters', firstName: 'Jan' }],
        });
        expect(retried.body.results[0]).toMatchObject({
          duplicate: true,
          presence: { id: first.presence.id },
        });

        // The next morning the lines are still accepted for their day, though it is past.
        registry.clock.advance(86_400_000);
        const late = await subcontractor.post(`/api/v1/paper-listings/${listingId}/entries`, {
          entries: [{ worker: { limosaId: posted }, lastName: 'Wiśniewski', firstName: 'Łukasz' }],
        });
        expect(late.body.results[0]).toMatchObject({
          status: 'REGISTERED',
          presence: { registrationDate: registry.day(-1) },
        });

        const day = await dossier(registry.day(-1));
        expect(
          day.verdicts.find((v: { employer: string }) => v.employer === subcontractor.enterprise),
        ).toMatchObject({
          verdict: 'PAPER_LISTING',
          counts: { paperLines: 3 },
        });
        expect(day.references).toHaveLength(1);
        expect(day.paperListings[0].entries.map((e: { lastName: string }) => e.lastName)).toEqual([
          'Peeters',
          'Dubois',
          'Wiśniewski',
        ]);
        expect(day.incidents[0].decision.outcome).toBe('FILL_PAPER_LISTING');
      });

      it('1. ends when the provider offers a solution', async () => {
        const opened = await report(subcontractor, { origin: 'PROVIDER' });
        const solved = await event(subcontractor, opened.body.incident.id, {
          type: 'PROVIDER_CONTACTED',
          outcome: 'SOLVED',
        });
        expect(solved.body.incident.decision).toMatchObject({ outcome: 'RESOLVED', exempt: false });
      });

      it('2. ends when another channel registers the workers, and the day shows them registered', async () => {
        const opened = await report(subcontractor, {
          origin: 'PROVIDER',
          providerContact: { at: registry.clock.now().toISOString(), outcome: 'NO_ANSWER' },
        });
        expect(opened.body.incident.decision.outcome).toBe('TRY_OTHER_CHANNEL');
        await registry.register(subcontractor, registry.presenceItem(workplaceId, subcontractor));
        const done = await event(subcontractor, opened.body.incident.id, {
          type: 'REGISTERED_OTHER_CHANNEL',
          channel: 'MOBILE',
        });
        expect(done.body.incident.decision).toMatchObject({ outcome: 'RESOLVED' });
        expect(await verdictOf(subcontractor)).toMatchObject({ verdict: 'REGISTERED' });
      });

      it('2. reminds a subcontractor on its co-contractor’s means that it may use another channel', async () => {
        const opened = await report(subcontractor, { origin: 'OWN_COMPANY', usesCoContractorMeans: true });
        expect(opened.body.incident.decision.nextSteps.map((s: { code: string }) => s.code)).toEqual([
          'TRY_OTHER_CHANNEL',
          'SUBCONTRACTOR_OTHER_CHANNEL',
        ]);
      });
    });

    describe('"Tiers externe" — step 3.1, infrastructure of a third party', () => {
      it('exempts the day, keeps the evidence for the competent services, and the dossier says "to be verified"', async () => {
        const opened = await report(subcontractor, {
          origin: 'THIRD_PARTY_INFRASTRUCTURE',
          description: 'No mobile network on site since 06:00',
          channelsTried: [
            {
              channel: 'MOBILE',
              at: registry.clock.now().toISOString(),
              result: 'FAILED',
              error: 'no signal',
            },
          ],
        });
        expect(opened.body.incident.decision).toMatchObject({
          outcome: 'EXEMPT_FOR_DAY',
          exempt: true,
          ground: 'THIRD_PARTY_INFRASTRUCTURE',
          verification: { status: 'TO_VERIFY', by: 'COMPETENT_SERVICES' },
          step: '3.1',
        });
        const ticket = await event(subcontractor, opened.body.incident.id, {
          type: 'EVIDENCE_ADDED',
          evidence: {
            kind: 'OPERATOR_TICKET',
            description: 'Proximus outage ticket',
            reference: 'PX-2026-0310-443',
          },
        });
        expect(ticket.body.incident.evidence).toEqual([
          { kind: 'OPERATOR_TICKET', description: 'Proximus outage ticket', reference: 'PX-2026-0310-443' },
        ]);
        const log = await event(subcontractor, opened.body.incident.id, {
          type: 'EVIDENCE_ADDED',
          evidence: {
            kind: 'AGENT_LOG',
            description: 'Site agent log',
            content: '06:01 ECONNREFUSED\n06:02 ETIMEDOUT\n',
          },
        });
        expect(log.body.incident.decision.outcome).toBe('EXEMPT_FOR_DAY');
        const day = await dossier();
        expect(
          day.verdicts.find((v: { employer: string }) => v.employer === subcontractor.enterprise),
        ).toMatchObject({
          verdict: 'EXEMPT_INFRASTRUCTURE',
          verification: { status: 'TO_VERIFY' },
        });
        expect(day.incidents[0].evidence).toHaveLength(2);
      });
    });

    describe('"Indisponibilité du service checkinatwork" — checked against the registry’s own journal', () => {
      beforeEach(async () => {
        // The journal: an instance crashed at 05:30 UTC, the next started at 06:30 UTC and runs now.
        const journal = registry.deps.store.availability;
        await journal.start({
          instanceId: 'a',
          startedAt: '2026-03-10T04:00:00.000Z',
          lastSeenAt: '2026-03-10T05:30:00.000Z',
          heartbeatMs: 5_000,
        });
        await journal.start({
          instanceId: 'b',
          startedAt: '2026-03-10T06:30:00.000Z',
          lastSeenAt: '2026-03-10T07:00:00.000Z',
          heartbeatMs: 5_000,
        });
      });

      it('exempts the day, CONFIRMED when the journal has an outage over the times claimed', async () => {
        const opened = await report(subcontractor, {
          origin: 'REGISTRY_UNAVAILABLE',
          claimedFrom: '2026-03-10T05:45:00Z',
          claimedTo: '2026-03-10T06:15:00Z',
        });
        expect(opened.body.incident.decision).toMatchObject({
          outcome: 'EXEMPT_FOR_DAY',
          exempt: true,
          ground: 'REGISTRY_UNAVAILABLE',
          verification: { status: 'CONFIRMED', by: 'REGISTRY_JOURNAL' },
        });
        expect(await verdictOf(subcontractor)).toMatchObject({
          verdict: 'EXEMPT_REGISTRY_UNAVAILABLE',
          verification: { status: 'CONFIRMED' },
        });
        const day = await dossier();
        expect(day.availability.outages).toEqual([
          { from: '2026-03-10T05:30:00.000Z', to: '2026-03-10T06:30:00.000Z', cause: 'CRASHED' },
        ]);
      });

      it('shows NOT_CONFIRMED when the registry was serving at the times claimed', async () => {
        const opened = await report(declarant, {
          origin: 'REGISTRY_UNAVAILABLE',
          claimedFrom: '2026-03-10T06:45:00Z',
          claimedTo: '2026-03-10T06:55:00Z',
        });
        expect(opened.body.incident.decision).toMatchObject({
          exempt: true,
          verification: { status: 'NOT_CONFIRMED' },
        });
        expect(await verdictOf(declarant)).toMatchObject({
          verdict: 'EXEMPT_REGISTRY_UNAVAILABLE',
          verification: { status: 'NOT_CONFIRMED' },
        });
      });

      it('checks the whole day when no times are claimed, and events added later do not move the check', async () => {
        const opened = await report(subcontractor, { origin: 'REGISTRY_UNAVAILABLE' });
        expect(opened.body.incident.decision.verification.status).toBe('CONFIRMED');
        registry.clock.advance(86_400_000);
        const evidence = await event(subcontractor, opened.body.incident.id, {
          type: 'EVIDENCE_ADDED',
          evidence: { kind: 'OTHER', description: 'Screenshot of the error page' },
        });
        expect(evidence.body.incident.decision.verification.status).toBe('CONFIRMED');
      });

      it('refuses times claimed outside the incident’s day: another day’s outage exempts nothing', async () => {
        const reply = await report(subcontractor, {
          origin: 'REGISTRY_UNAVAILABLE',
          claimedFrom: '2026-03-05T05:45:00Z',
          claimedTo: '2026-03-05T06:15:00Z',
        });
        expect(reply.status).toBe(400);
        expect(reply.body.error).toMatchObject({
          code: 'CLAIM_OUTSIDE_DAY',
          details: [{ field: 'claimedFrom' }, { field: 'claimedTo' }],
        });
      });

      it('is reported after the fact: the next day, for the day the registry was down', async () => {
        registry.clock.advance(86_400_000);
        const opened = await report(
          subcontractor,
          { origin: 'REGISTRY_UNAVAILABLE', claimedFrom: '2026-03-10T06:00:00Z' },
          registry.day(-1),
        );
        expect(opened.status).toBe(201);
        expect(opened.body.incident).toMatchObject({
          date: registry.day(-1),
          decision: { verification: { status: 'CONFIRMED' } },
        });
      });
    });

    describe('"Votre entreprise" — the company itself, outside the contact center’s hours', () => {
      it('tries another channel, uses the contact form, gets its reference at once and prints the listing', async () => {
        registry.clock.set('2026-03-10T20:30:00Z'); // 21:30 in Brussels
        const opened = await report(declarant, { origin: 'OWN_COMPANY' });
        expect(opened.body.incident.decision).toMatchObject({ outcome: 'TRY_OTHER_CHANNEL', exempt: false });
        const id = opened.body.incident.id as string;
        const tried = await event(declarant, id, {
          type: 'CHANNEL_TRIED',
          channel: 'MOBILE',
          result: 'FAILED',
        });
        expect(tried.body.incident.decision).toMatchObject({ outcome: 'USE_CONTACT_FORM', step: '3.2' });
        expect(tried.body.incident.decision.nextSteps[0].text.nl).toContain('contactformulier');

        // "Un numéro de référence vous sera communiqué automatiquement."
        const form = await declarant.post('/api/v1/contact-form', {
          enterprise: declarant.enterprise,
          workplaceId,
          date: registry.today(),
          description: 'Our tablet at the gate is broken and the phones have no data plan',
          incidentId: id,
          contact: { name: 'Sophie Janssens', phone: '+32 470 12 34 56', email: 'sophie@example.be' },
        });
        expect(form.status).toBe(201);
        expect(form.body.reference).toMatchObject({ source: 'CONTACT_FORM', incidentId: id });
        const after = await declarant.get(`/api/v1/incidents/${id}`);
        expect(after.body.incident.decision).toMatchObject({ outcome: 'FILL_PAPER_LISTING', exempt: false });

        const listing = await declarant.post('/api/v1/paper-listings', {
          referenceNumber: form.body.referenceNumber,
          workplaceId,
          date: registry.today(),
          employer: declarant.enterprise,
        });
        expect(listing.status).toBe(201);
        expect(await verdictOf(declarant)).toMatchObject({ verdict: 'PAPER_LISTING' });
        // The agent sees the form in the contact center's inbox.
        const inbox = await agent.get('/api/v1/contact-center/references');
        expect(inbox.body.references.map((r: { number: string }) => r.number)).toContain(
          form.body.referenceNumber,
        );
      });

      it('without a listing, the day is NOT_EXEMPT', async () => {
        await report(declarant, { origin: 'OWN_COMPANY' });
        expect(await verdictOf(declarant)).toMatchObject({ verdict: 'NOT_EXEMPT' });
      });
    });

    describe('"Attention" — a workplace permanently without infrastructure', () => {
      it('is never exempt, whatever the origin; its steps are registration in advance or remotely', async () => {
        const remote = (await registry.newWorkplace(declarant, { permanentlyWithoutInfrastructure: true }))
          .id;
        const opened = await declarant.post('/api/v1/incidents', {
          workplaceId: remote,
          date: registry.today(),
          employer: declarant.enterprise,
          origin: 'THIRD_PARTY_INFRASTRUCTURE',
        });
        expect(opened.body.incident.decision).toMatchObject({
          outcome: 'NOT_EXEMPT_PERMANENT_UNAVAILABILITY',
          exempt: false,
          step: 'WARNING',
        });
        expect(opened.body.incident.decision.nextSteps.map((s: { code: string }) => s.code)).toEqual(
          expect.arrayContaining(['REGISTER_IN_ADVANCE', 'REGISTER_REMOTELY']),
        );
        const decided = await declarant.post('/api/v1/procedure/decide', {
          origin: 'REGISTRY_UNAVAILABLE',
          workplaceId: remote,
        });
        expect(decided.body.decision.outcome).toBe('NOT_EXEMPT_PERMANENT_UNAVAILABILITY');
        const day = await inspector.get(`/api/v1/inspections/workplaces/${remote}/days/${registry.today()}`);
        expect(day.body.verdicts).toEqual([
          expect.objectContaining({ employer: declarant.enterprise, verdict: 'NOT_EXEMPT' }),
        ]);
      });
    });

    describe('an origin the company cannot tell', () => {
      it('asks the questions that tell the origins apart, then follows the origin found', async () => {
        const opened = await report(subcontractor, { origin: 'UNKNOWN' });
        expect(opened.body.incident.decision.questions.map((q: { code: string }) => q.code)).toEqual([
          'ASK_PROVIDER',
          'ASK_REGISTRY',
          'ASK_INFRASTRUCTURE',
          'ASK_OWN_MEANS',
        ]);
        const found = await event(subcontractor, opened.body.incident.id, {
          type: 'ORIGIN_IDENTIFIED',
          origin: 'THIRD_PARTY_INFRASTRUCTURE',
        });
        expect(found.body.incident.decision).toMatchObject({ outcome: 'EXEMPT_FOR_DAY', exempt: true });
        expect(found.body.incident.decision.questions).toBeUndefined();
      });
    });

    describe('the decision alone', () => {
      it('is given for a described situation, storing nothing, to any key', async () => {
        for (const caller of [subcontractor, agent, inspector]) {
          const reply = await caller.post('/api/v1/procedure/decide', {
            origin: 'OWN_COMPANY',
            channelsTried: [{ channel: 'ONLINE', at: '2026-03-10T06:55:00Z', result: 'FAILED' }],
          });
          expect(reply.status).toBe(200);
          expect(reply.body.decision.outcome).toBe('CALL_CONTACT_CENTER');
        }
        expect((await dossier()).incidents).toEqual([]);
      });
    });

    describe('the dossier', () => {
      it('says NOTHING_RECORDED for a company of the chain with nothing that day, and comes as PDF and CSV', async () => {
        await registry.register(declarant, registry.presenceItem(workplaceId, declarant));
        expect(await verdictOf(subcontractor)).toMatchObject({ verdict: 'NOTHING_RECORDED' });
        expect(await verdictOf(declarant)).toMatchObject({ verdict: 'REGISTERED' });
        const base = `/api/v1/inspections/workplaces/${workplaceId}/days/${registry.today()}`;
        const csv = await inspector.get(`${base}?format=csv&lang=nl`);
        expect(csv.status).toBe(200);
        expect(csv.raw.headers['content-type']).toContain('text/csv');
        expect(csv.raw.body).toContain('NOTHING_RECORDED');
        expect(csv.raw.body).toContain('Niets');
        const pdf = await inspector.get(`${base}?format=pdf`);
        expect(pdf.raw.headers['content-type']).toBe('application/pdf');
        if (PDFTOTEXT) {
          const text = pdfText(pdf.raw.rawPayload);
          expect(text).toContain("Dossier d'inspection");
          expect(text).toContain('NOTHING_RECORDED');
          expect(text).toContain(workplaceId);
        }
      });

      it('shows a company its own part of the chain only, and an outsider nothing', async () => {
        await registry.register(declarant, registry.presenceItem(workplaceId, declarant));
        await registry.register(subcontractor, registry.presenceItem(workplaceId, subcontractor));
        const base = `/api/v1/inspections/workplaces/${workplaceId}/days/${registry.today()}`;
        const own = await subcontractor.get(base);
        expect(own.status).toBe(200);
        expect(own.body.presences.map((p: { employer: string }) => p.employer)).toEqual([
          subcontractor.enterprise,
        ]);
        expect(own.body.verdicts.map((v: { employer: string }) => v.employer)).toEqual([
          subcontractor.enterprise,
        ]);
        const top = await declarant.get(base);
        expect(top.body.presences).toHaveLength(2);
        const outsider = await registry.newCompany();
        expect((await outsider.get(base)).status).toBe(404);
        expect((await agent.get(base)).status).toBe(403);
      });
    });

    describe('who may see what', () => {
      it('an incident is seen by its company, those above it, the contact center and inspectors — not by others', async () => {
        const opened = await report(subcontractor, { origin: 'OWN_COMPANY' });
        const url = `/api/v1/incidents/${opened.body.incident.id}`;
        for (const caller of [subcontractor, declarant, agent, inspector])
          expect((await caller.get(url)).status).toBe(200);
        const outsider = await registry.newCompany();
        expect((await outsider.get(url)).status).toBe(404);
        expect(
          (
            await outsider.post(`${url}/events`, {
              type: 'CHANNEL_TRIED',
              channel: 'ONLINE',
              result: 'FAILED',
            })
          ).status,
        ).toBe(404);
        expect(
          (
            await inspector.post(`${url}/events`, {
              type: 'CHANNEL_TRIED',
              channel: 'ONLINE',
              result: 'FAILED',
            })
          ).status,
        ).toBe(403);
      });

      it('names on a roster are seen by the company and inspectors only', async () => {
        const niss = registry.newNiss();
        const put = await subcontractor.put('/api/v1/workers', {
          workers: [{ worker: { niss }, lastName: 'Martin', firstName: 'Léa' }],
        });
        expect(put.status).toBe(200);
        expect((await subcontractor.get('/api/v1/workers')).body.workers).toEqual([
          { worker: { niss }, lastName: 'Martin', firstName: 'Léa' },
        ]);
        expect(
          (await inspector.get(`/api/v1/workers?enterprise=${subcontractor.enterprise}`)).body.workers,
        ).toHaveLength(1);
        expect((await declarant.get(`/api/v1/workers?enterprise=${subcontractor.enterprise}`)).status).toBe(
          403,
        );
        expect((await agent.get(`/api/v1/workers?enterprise=${subcontractor.enterprise}`)).status).toBe(403);
      });

      it('a company above the employer prints and reads its listing without the workers’ names, and never writes its roster', async () => {
        const niss = registry.newNiss();
        await subcontractor.put('/api/v1/workers', {
          workers: [{ worker: { niss }, lastName: 'Secret', firstName: 'Name' }],
        });
        await registry.register(
          subcontractor,
          registry.presenceItem(workplaceId, subcontractor, { worker: { niss } }),
        );
        const form = await declarant.post('/api/v1/contact-form', {
          enterprise: declarant.enterprise,
          workplaceId,
          date: registry.today(),
          description: 'Site network down for everyone',
          contact: { name: 'Site manager' },
        });
        const listing = await declarant.post('/api/v1/paper-listings', {
          referenceNumber: form.body.referenceNumber,
          workplaceId,
          date: registry.today(),
          employer: subcontractor.enterprise,
        });
        expect(listing.status).toBe(201);
        const id = listing.body.paperListing.id as string;
        const pdf = await declarant.get(`/api/v1/paper-listings/${id}.pdf`);
        expect(pdf.status).toBe(200);
        if (PDFTOTEXT) {
          const text = pdfText(pdf.raw.rawPayload);
          expect(text).toContain(`${niss.slice(0, 2)}.${niss.slice(2, 4)}.`);
          expect(text).not.toContain('Secret');
        }
        const captured = await declarant.post(`/api/v1/paper-listings/${id}/entries`, {
          entries: [{ worker: { niss }, lastName: 'Overwritten', firstName: 'ByDeclarant' }],
        });
        expect(captured.body.results[0].status).toBe('REGISTERED');
        expect((await declarant.get(`/api/v1/paper-listings/${id}`)).body.entries[0]).not.toHaveProperty(
          'lastName',
        );
        expect((await subcontractor.get(`/api/v1/paper-listings/${id}`)).body.entries[0].lastName).toBe(
          'Overwritten',
        );
        expect((await subcontractor.get('/api/v1/workers')).body.workers).toEqual([
          { worker: { niss }, lastName: 'Secret', firstName: 'Name' },
        ]);
      });

      it('a reference given to someone else is not found, as an unknown one', async () => {
        const other = await registry.newCompany();
        const elsewhere = (await registry.newWorkplace(other)).id;
        const theirs = await other.post('/api/v1/contact-form', {
          enterprise: other.enterprise,
          workplaceId: elsewhere,
          date: registry.today(),
          description: 'x',
          contact: { name: 'y' },
        });
        const reply = await subcontractor.post('/api/v1/paper-listings', {
          referenceNumber: theirs.body.referenceNumber,
          workplaceId,
          date: registry.today(),
          employer: subcontractor.enterprise,
        });
        expect(reply.status).toBe(404);
        expect(reply.body.error.code).toBe('REFERENCE_NOT_FOUND');
        expect(
          (await subcontractor.get(`/api/v1/contact-center/references/${theirs.body.referenceNumber}`))
            .status,
        ).toBe(404);
      });

      it('the incidents of a day are listed for those who may see them', async () => {
        await report(subcontractor, { origin: 'OWN_COMPANY' });
        await report(declarant, { origin: 'OWN_COMPANY' });
        const url = `/api/v1/incidents?workplaceId=${workplaceId}&date=${registry.today()}`;
        expect((await subcontractor.get(url)).body.incidents).toHaveLength(1);
        expect((await declarant.get(url)).body.incidents).toHaveLength(2);
        expect((await agent.get(url)).body.incidents).toHaveLength(2);
        expect((await (await registry.newCompany()).get(url)).status).toBe(404);
      });

      it('only agents issue references by phone', async () => {
        const body = { enterprise: declarant.enterprise, workplaceId, date: registry.today(), note: 'call' };
        expect((await declarant.post('/api/v1/contact-center/references', body)).status).toBe(403);
        expect((await inspector.post('/api/v1/contact-center/references', body)).status).toBe(403);
      });
    });

    describe('events sent at once', () => {
      it('are all recorded, in one order, each with its own sequence number', async () => {
        const opened = await report(subcontractor, { origin: 'THIRD_PARTY_INFRASTRUCTURE' });
        const id = opened.body.incident.id as string;
        const replies = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            event(subcontractor, id, {
              type: 'EVIDENCE_ADDED',
              evidence: { kind: 'OTHER', description: `photo ${i}` },
            }),
          ),
        );
        expect(replies.map((r) => r.status)).toEqual(Array.from({ length: 12 }, () => 200));
        const events = (await subcontractor.get(`/api/v1/incidents/${id}`)).body.incident.events as {
          sequence: number;
        }[];
        expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      });
    });

    describe('bad input gets a clear 4xx', () => {
      it('an unknown origin', async () => {
        const reply = await subcontractor.post('/api/v1/procedure/decide', { origin: 'BAD_WEATHER' });
        expect(reply.status).toBe(400);
        expect(reply.body.error).toMatchObject({ code: 'ORIGIN_UNKNOWN', details: [{ field: 'origin' }] });
        const incident = await report(subcontractor, { origin: 'BAD_WEATHER' });
        expect(incident.status).toBe(400);
        expect(incident.body.error.code).toBe('ORIGIN_UNKNOWN');
      });

      it('a reference number with a wrong check character, wherever it is entered back', async () => {
        const issued = await agent.post('/api/v1/contact-center/references', {
          enterprise: subcontractor.enterprise,
          workplaceId,
          date: registry.today(),
          note: 'call',
        });
        const good = issued.body.referenceNumber as string;
        const last = good.at(-1) === '0' ? '1' : '0';
        const mistyped = `${good.slice(0, -1)}${last}`;
        const listing = await subcontractor.post('/api/v1/paper-listings', {
          referenceNumber: mistyped,
          workplaceId,
          date: registry.today(),
          employer: subcontractor.enterprise,
        });
        expect(listing.status).toBe(400);
        expect(listing.body.error).toMatchObject({
          code: 'REFERENCE_NUMBER_CHECK_CHARACTER',
          details: [{ field: 'referenceNumber' }],
        });
        const opened = await report(subcontractor, { origin: 'OWN_COMPANY' });
        const entered = await event(subcontractor, opened.body.incident.id, {
          type: 'REFERENCE_OBTAINED',
          referenceNumber: mistyped,
        });
        expect(entered.status).toBe(400);
        expect(entered.body.error.code).toBe('REFERENCE_NUMBER_CHECK_CHARACTER');
        expect((await agent.get(`/api/v1/contact-center/references/${mistyped}`)).status).toBe(400);
        expect(
          (await agent.get(`/api/v1/contact-center/references/${good.toLowerCase()}`)).body.referenceNumber,
        ).toBe(good);

        const made = await subcontractor.post('/api/v1/paper-listings', {
          referenceNumber: good,
          workplaceId,
          date: registry.today(),
          employer: subcontractor.enterprise,
        });
        const line = await subcontractor.post(`/api/v1/paper-listings/${made.body.paperListing.id}/entries`, {
          entries: [
            {
              worker: { niss: registry.newNiss() },
              lastName: 'A',
              firstName: 'B',
              referenceNumber: mistyped,
            },
          ],
        });
        expect(line.body.results[0]).toMatchObject({
          status: 'REJECTED',
          errors: [{ code: 'REFERENCE_NUMBER_CHECK_CHARACTER', field: 'entries[0].referenceNumber' }],
        });
      });

      it('a listing for a day with no reference: unknown numbers and another day’s are refused', async () => {
        const issued = await agent.post('/api/v1/contact-center/references', {
          enterprise: subcontractor.enterprise,
          workplaceId,
          date: registry.day(-1),
          note: 'yesterday',
        });
        const today = await subcontractor.post('/api/v1/paper-listings', {
          referenceNumber: issued.body.referenceNumber,
          workplaceId,
          date: registry.today(),
          employer: subcontractor.enterprise,
        });
        expect(today.status).toBe(400);
        expect(today.body.error).toMatchObject({
          code: 'REFERENCE_MISMATCH',
          details: [{ field: 'referenceNumber' }],
        });
        const unknown = await subcontractor.post('/api/v1/paper-listings', {
          referenceNumber: '0000-0000',
          workplaceId,
          date: registry.today(),
          employer: subcontractor.enterprise,
        });
        expect(unknown.status).toBe(404);
        expect(unknown.body.error.code).toBe('REFERENCE_NOT_FOUND');
        const other = await registry.newCompany();
        const foreign = await other.post('/api/v1/paper-listings', {
          referenceNumber: issued.body.referenceNumber,
          workplaceId,
          date: registry.day(-1),
          employer: other.enterprise,
        });
        expect(foreign.status).toBe(404);
        expect(foreign.body.error.code).toBe('WORKPLACE_NOT_FOUND');
      });

      it('an event without what its type needs, and an event dated in the future', async () => {
        const opened = await report(subcontractor, { origin: 'PROVIDER' });
        const id = opened.body.incident.id as string;
        const missing = await event(subcontractor, id, { type: 'PROVIDER_CONTACTED' });
        expect(missing.status).toBe(400);
        expect(missing.body.error).toMatchObject({ code: 'FIELD_REQUIRED', details: [{ field: 'outcome' }] });
        const unknown = await event(subcontractor, id, { type: 'PRAYED' });
        expect(unknown.body.error.code).toBe('EVENT_TYPE_UNKNOWN');
        const future = await event(subcontractor, id, {
          type: 'PROVIDER_CONTACTED',
          outcome: 'SOLVED',
          at: '2026-03-11T07:00:00Z',
        });
        expect(future.body.error).toMatchObject({ code: 'INSTANT_INVALID', details: [{ field: 'at' }] });
        expect((await subcontractor.get(`/api/v1/incidents/${id}`)).body.incident.events).toEqual([]);
      });

      it('text that is not well-formed, or holds a NUL, wherever it is given', async () => {
        const reply = await report(subcontractor, {
          origin: 'OWN_COMPANY',
          channelsTried: [
            { channel: 'ONLINE', at: '2026-03-10T06:00:00Z', result: 'FAILED', error: 'bad\u0000x' },
          ],
        });
        expect(reply.status).toBe(400);
        expect(reply.body.error).toMatchObject({
          code: 'TEXT_CONTROL_CHARACTER',
          details: [{ field: 'channelsTried[0].error' }],
        });
        const opened = await report(subcontractor, { origin: 'OWN_COMPANY' });
        const lone = await event(subcontractor, opened.body.incident.id, {
          type: 'EVIDENCE_ADDED',
          evidence: { kind: 'OTHER', description: 'a\ud800b' },
        });
        expect(lone.status).toBe(400);
        expect(lone.body.error).toMatchObject({
          code: 'TEXT_ENCODING',
          details: [{ field: 'evidence.description' }],
        });
        const roster = await subcontractor.put('/api/v1/workers', {
          workers: [{ worker: { niss: registry.newNiss() }, lastName: 'X\ud800', firstName: 'Y' }],
        });
        expect(roster.body.error).toMatchObject({
          code: 'TEXT_ENCODING',
          details: [{ field: 'workers[0].lastName' }],
        });
      });

      it('a roster with the same worker twice, naming both lines', async () => {
        const niss = registry.newNiss();
        const reply = await subcontractor.put('/api/v1/workers', {
          workers: [
            { worker: { niss }, lastName: 'A', firstName: 'B' },
            { worker: { niss }, lastName: 'C', firstName: 'D' },
          ],
        });
        expect(reply.status).toBe(400);
        expect(reply.body.error).toMatchObject({
          code: 'ROSTER_DUPLICATE_WORKER',
          details: [{ field: 'workers[1].worker' }],
        });
      });
    });
  });
}
