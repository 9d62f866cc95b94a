import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { TestRegistry, type Caller } from '../support/registry.js';

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`registering presences (${database.name})`, () => {
    let registry: TestRegistry;
    let company: Caller;
    let workplace: { id: string };

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      company = await registry.newCompany();
      workplace = await registry.newWorkplace(company);
    });
    afterEach(async () => {
      await registry.close();
    });

    it('registers a presence and gives it a receipt number', async () => {
      const [result] = await registry.register(company, registry.presenceItem(workplace.id, company));
      expect(result).toMatchObject({ index: 0, status: 'REGISTERED', duplicate: false });
      expect(result.presence).toMatchObject({
        workplaceId: workplace.id,
        registrationDate: registry.today(),
        employer: company.enterprise,
        channel: 'WEB_SERVICE',
        sender: { role: 'company', enterprise: company.enterprise },
        status: 'REGISTERED',
      });
      expect(result.presence.receiptNumber).toMatch(
        /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/,
      );
      const read = await company.get(`/api/v1/presences/${result.presence.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(result.presence);
    });

    it('gives each presence a registration id of 15 digits, by which it is found too', async () => {
      const [first, second] = await registry.register(
        company,
        registry.presenceItem(workplace.id, company),
        registry.presenceItem(workplace.id, company),
      );
      const ids = [first?.presence.registrationId, second?.presence.registrationId];
      for (const id of ids) expect(id).toMatch(/^[1-9][0-9]{14}$/);
      expect(ids[0]).not.toBe(ids[1]);
      const read = await company.get(`/api/v1/presences/${ids[0] ?? ''}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(first?.presence);
    });

    it('answers a mistyped or unknown registration id as any presence it cannot find', async () => {
      const [made] = await registry.register(company, registry.presenceItem(workplace.id, company));
      const id = made?.presence.registrationId ?? '';
      const mistyped = `${id.slice(0, 14)}${(Number(id.slice(14)) + 1) % 10}`;
      for (const wrong of [mistyped, '100000000000047']) {
        const read = await company.get(`/api/v1/presences/${wrong}`);
        expect(read.status).toBe(404);
        expect(read.body.error).toMatchObject({ code: 'PRESENCE_NOT_FOUND' });
      }
      const outsider = await registry.newCompany();
      expect((await outsider.get(`/api/v1/presences/${id}`)).status).toBe(404);
    });

    it('stores identifiers as digits only, whatever the way they were typed', async () => {
      const [result] = await registry.register(
        company,
        registry.presenceItem(
          workplace.id,
          `BE ${company.enterprise.slice(0, 4)}.${company.enterprise.slice(4, 7)}.${company.enterprise.slice(7)}`,
          {
            worker: { niss: '85.07.30-033.28' },
          },
        ),
      );
      expect(result.presence.worker).toEqual({ niss: '85073003328' });
      expect(result.presence.employer).toBe(company.enterprise);
    });

    it('registers a worker posted from abroad by the number of the Limosa-1 declaration', async () => {
      const [result] = await registry.register(
        company,
        registry.presenceItem(workplace.id, company, { worker: { limosaId: '1234 5678 9012' } }),
      );
      expect(result.presence.worker).toEqual({ limosaId: '123456789012' });
    });

    it('never registers the same worker, employer, workplace and day twice', async () => {
      const item = registry.presenceItem(workplace.id, company);
      const [first] = await registry.register(company, item);
      const [second] = await registry.register(company, item);
      expect(second).toMatchObject({ status: 'REGISTERED', duplicate: true });
      expect(second.presence).toEqual(first.presence);
    });

    it('answers a retry with the same clientReference with the first presence', async () => {
      const item = registry.presenceItem(workplace.id, company, { clientReference: 'badge-2026-03-10-0001' });
      const [first] = await registry.register(company, item);
      const [retry] = await registry.register(company, item);
      expect(retry).toMatchObject({
        duplicate: true,
        presence: { id: first.presence.id, clientReference: 'badge-2026-03-10-0001' },
      });
    });

    it('refuses a clientReference already bound to another presence', async () => {
      await registry.register(
        company,
        registry.presenceItem(workplace.id, company, { clientReference: 'ref-1' }),
      );
      const [other] = await registry.register(
        company,
        registry.presenceItem(workplace.id, company, { clientReference: 'ref-1' }),
      );
      expect(other).toMatchObject({
        status: 'REJECTED',
        errors: [{ code: 'CLIENT_REFERENCE_CONFLICT', field: 'presences[0].clientReference' }],
      });
    });

    it('keeps clientReferences apart per sender', async () => {
      const sub = await registry.newCompany();
      await registry.addContractor(company, workplace.id, sub, company);
      const [mine] = await registry.register(
        company,
        registry.presenceItem(workplace.id, company, { clientReference: 'same' }),
      );
      const [theirs] = await registry.register(
        sub,
        registry.presenceItem(workplace.id, sub, { clientReference: 'same' }),
      );
      expect(mine.duplicate).toBe(false);
      expect(theirs.duplicate).toBe(false);
      expect(theirs.presence.id).not.toBe(mine.presence.id);
    });

    it('registers a duplicate within one batch once', async () => {
      const item = registry.presenceItem(workplace.id, company);
      const results = await registry.register(company, item, item);
      expect(results.map((r) => r.duplicate)).toEqual([false, true]);
      expect(results[1].presence.id).toBe(results[0].presence.id);
    });

    it('registers each item on its own, naming the field and the rule of each refusal', async () => {
      const results = await registry.register(
        company,
        registry.presenceItem(workplace.id, company),
        registry.presenceItem(workplace.id, company, { worker: { niss: '85073003327' } }),
        registry.presenceItem(workplace.id, company, {
          registrationDate: '2026-02-30',
          employer: '0123456789',
        }),
        registry.presenceItem(workplace.id, company),
      );
      expect(results.map((r) => r.status)).toEqual(['REGISTERED', 'REJECTED', 'REJECTED', 'REGISTERED']);
      expect(results[1].errors).toEqual([
        expect.objectContaining({ code: 'NISS_CHECK_DIGITS', field: 'presences[1].worker.niss' }),
      ]);
      expect(results[2].errors.map((e: { code: string; field: string }) => [e.code, e.field])).toEqual([
        ['DATE_INVALID', 'presences[2].registrationDate'],
        ['ENTERPRISE_NUMBER_CHECK_DIGITS', 'presences[2].employer'],
      ]);
    });

    it('refuses a worker number with letters, and a worker given both ways or not at all', async () => {
      const results = await registry.register(
        company,
        registry.presenceItem(workplace.id, company, { worker: { niss: '85O73OO3328' } }),
        registry.presenceItem(workplace.id, company, {
          worker: { niss: '85073003328', limosaId: '12345678' },
        }),
        registry.presenceItem(workplace.id, company, { worker: {} }),
      );
      expect(results.map((r) => r.errors[0].code)).toEqual([
        'NISS_FORMAT',
        'WORKER_IDENTIFIER_AMBIGUOUS',
        'WORKER_IDENTIFIER_MISSING',
      ]);
      expect(results[0].errors[0].field).toBe('presences[0].worker.niss');
    });

    it('gives a retry after midnight the presence it registered the day before', async () => {
      registry.clock.set('2026-03-10T22:59:00Z'); // 23:59 in Brussels
      const item = registry.presenceItem(workplace.id, company, { clientReference: 'gate-2359' });
      const [first] = await registry.register(company, item);
      registry.clock.set('2026-03-10T23:01:00Z'); // 00:01 the next day
      const [retry] = await registry.register(company, item);
      expect(retry).toMatchObject({
        status: 'REGISTERED',
        duplicate: true,
        presence: { id: first.presence.id },
      });
      const [fresh] = await registry.register(company, {
        ...item,
        clientReference: 'gate-0001',
        worker: { niss: registry.newNiss() },
      });
      expect(fresh.errors[0].code).toBe('DATE_IN_PAST');
    });

    it('takes the day in Brussels: today up to 35 days ahead', async () => {
      const results = await registry.register(
        company,
        registry.presenceItem(workplace.id, company, { registrationDate: registry.day(-1) }),
        registry.presenceItem(workplace.id, company, { registrationDate: registry.day(35) }),
        registry.presenceItem(workplace.id, company, { registrationDate: registry.day(36) }),
      );
      expect(results.map((r) => (r.status === 'REJECTED' ? r.errors[0].code : r.status))).toEqual([
        'DATE_IN_PAST',
        'REGISTERED',
        'DATE_TOO_FAR',
      ]);
    });

    it('counts the day in Brussels, not in UTC, around midnight', async () => {
      registry.clock.set('2026-03-10T23:30:00Z'); // 00:30 on 11 March in Brussels
      const results = await registry.register(
        company,
        registry.presenceItem(workplace.id, company, { registrationDate: '2026-03-10' }),
        registry.presenceItem(workplace.id, company, { registrationDate: '2026-03-11' }),
      );
      expect(results[0].errors[0].code).toBe('DATE_IN_PAST');
      expect(results[1].status).toBe('REGISTERED');
    });

    it('refuses a day outside the declared period of the works', async () => {
      const short = await registry.newWorkplace(company, { endDate: registry.day(2) });
      const [result] = await registry.register(
        company,
        registry.presenceItem(short.id, company, { registrationDate: registry.day(3) }),
      );
      expect(result.errors[0]).toMatchObject({
        code: 'DATE_OUTSIDE_WORKPLACE_PERIOD',
        field: 'presences[0].registrationDate',
      });
    });

    it('answers an unknown workplace and a workplace of others alike', async () => {
      const outsider = await registry.newCompany();
      const results = await registry.register(
        outsider,
        registry.presenceItem('UNKNOWN123', outsider),
        registry.presenceItem(workplace.id, outsider),
      );
      expect(results.map((r) => r.errors[0])).toEqual([
        expect.objectContaining({ code: 'WORKPLACE_NOT_FOUND', field: 'presences[0].workplaceId' }),
        expect.objectContaining({ code: 'WORKPLACE_NOT_FOUND', field: 'presences[1].workplaceId' }),
      ]);
    });

    it('checks authorisation before de-duplication: an outsider never gets back a presence of others', async () => {
      const item = registry.presenceItem(workplace.id, company);
      await registry.register(company, item);
      const outsider = await registry.newCompany();
      const [result] = await registry.register(outsider, item);
      expect(result.status).toBe('REJECTED');
      expect(result.presence).toBeUndefined();
    });

    describe('along the contractor chain', () => {
      let contractor: Caller;
      let subcontractor: Caller;

      beforeEach(async () => {
        contractor = await registry.newCompany();
        subcontractor = await registry.newCompany();
        await registry.addContractor(company, workplace.id, contractor, company);
        await registry.addContractor(contractor, workplace.id, subcontractor, contractor);
      });

      it('lets a company register its own workers and those of the contractors below it', async () => {
        const results = await registry.register(
          contractor,
          registry.presenceItem(workplace.id, contractor),
          registry.presenceItem(workplace.id, subcontractor),
        );
        expect(results.map((r) => r.status)).toEqual(['REGISTERED', 'REGISTERED']);
        const declarant = await registry.register(
          company,
          registry.presenceItem(workplace.id, subcontractor),
        );
        expect(declarant[0].status).toBe('REGISTERED');
      });

      it('refuses a subcontractor registering for a company above it or outside the chain, alike', async () => {
        const stranger = registry.newEnterprise();
        const results = await registry.register(
          subcontractor,
          registry.presenceItem(workplace.id, contractor),
          registry.presenceItem(workplace.id, stranger),
        );
        expect(results.map((r) => [r.errors[0].code, r.errors[0].field])).toEqual([
          ['EMPLOYER_NOT_BELOW_SENDER', 'presences[0].employer'],
          ['EMPLOYER_NOT_BELOW_SENDER', 'presences[1].employer'],
        ]);
        // The declarant, who sees the whole chain, is told the employer is not in it.
        const [declarant] = await registry.register(company, registry.presenceItem(workplace.id, stranger));
        expect(declarant.errors[0].code).toBe('EMPLOYER_NOT_IN_CHAIN');
      });

      it('keeps a contractor from making itself the parent of another branch of the chain', async () => {
        const sibling = await registry.newCompany();
        await registry.addContractor(company, workplace.id, sibling, company);
        const [theirs] = await registry.register(sibling, registry.presenceItem(workplace.id, sibling));
        const hijack = await contractor.post(`/api/v1/workplaces/${workplace.id}/contractors`, {
          enterprise: sibling.enterprise,
          parent: contractor.enterprise,
        });
        expect(hijack.status).toBe(403);
        expect(hijack.body.error.code).toBe('CONTRACTOR_ALREADY_IN_CHAIN');
        expect((await contractor.get(`/api/v1/presences/${theirs.presence.id}`)).status).toBe(404);
      });

      it('lets the sender or the employer cancel, not a company higher up that only sees it', async () => {
        const [sent] = await registry.register(
          subcontractor,
          registry.presenceItem(workplace.id, subcontractor),
        );
        const byContractor = await contractor.post('/api/v1/presences/cancel', {
          cancellations: [{ id: sent.presence.id, reason: 'not ours to cancel' }],
        });
        expect(byContractor.body.results[0].errors[0].code).toBe('CANCEL_NOT_ALLOWED');
        const [forSub] = await registry.register(
          contractor,
          registry.presenceItem(workplace.id, subcontractor),
        );
        const byEmployer = await subcontractor.post('/api/v1/presences/cancel', {
          cancellations: [{ id: forSub.presence.id, reason: 'our worker stayed home' }],
        });
        expect(byEmployer.body.results[0].status).toBe('CANCELLED');
      });
    });

    describe('through a service provider', () => {
      it('registers for a company that mandated it, and no longer once the mandate is revoked', async () => {
        const provider = await registry.newProvider();
        const [before] = await registry.register(provider, registry.presenceItem(workplace.id, company));
        expect(before.errors[0].code).toBe('WORKPLACE_NOT_FOUND');

        const granted = await company.post('/api/v1/mandates', { provider: provider.enterprise });
        expect(granted.status).toBe(201);
        const [during] = await registry.register(provider, registry.presenceItem(workplace.id, company));
        expect(during).toMatchObject({
          status: 'REGISTERED',
          presence: { sender: { role: 'provider', enterprise: provider.enterprise } },
        });
        expect((await provider.get(`/api/v1/presences/${during.presence.id}`)).status).toBe(200);

        expect((await company.delete(`/api/v1/mandates/${granted.body.mandate.id}`)).status).toBe(200);
        const [after] = await registry.register(provider, registry.presenceItem(workplace.id, company));
        expect(after.errors[0].code).toBe('WORKPLACE_NOT_FOUND');
        expect((await provider.get(`/api/v1/presences/${during.presence.id}`)).status).toBe(404);
      });

      it('declares the channel it sends through', async () => {
        const reply = await company.post('/api/v1/presences', {
          presences: [registry.presenceItem(workplace.id, company)],
          channel: 'GATEWAY',
        });
        expect(reply.body.results[0].presence.channel).toBe('GATEWAY');
        const paper = await company.post('/api/v1/presences', {
          presences: [registry.presenceItem(workplace.id, company)],
          channel: 'PAPER',
        });
        expect(paper.status).toBe(400);
        expect(paper.body.error).toMatchObject({ code: 'FIELD_VALUE' });
      });
    });

    it('refuses a role that does not register: 403', async () => {
      const inspector = await registry.newCaller('inspector');
      const reply = await inspector.post('/api/v1/presences', {
        presences: [registry.presenceItem(workplace.id, company)],
      });
      expect(reply.status).toBe(403);
      expect(reply.body.error.code).toBe('ROLE_FORBIDDEN');
    });
  });

  describe.skipIf(!database.available)(`cancelling presences (${database.name})`, () => {
    let registry: TestRegistry;
    let company: Caller;
    let workplace: { id: string };

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      company = await registry.newCompany();
      workplace = await registry.newWorkplace(company);
    });
    afterEach(async () => {
      await registry.close();
    });

    it('cancels a presence with a reason, and refuses to cancel it twice', async () => {
      const [registered] = await registry.register(company, registry.presenceItem(workplace.id, company));
      const cancel = {
        cancellations: [{ id: registered.presence.id, reason: 'Worker fell ill before starting' }],
      };
      const first = await company.post('/api/v1/presences/cancel', cancel);
      expect(first.status).toBe(200);
      expect(first.body.results[0]).toMatchObject({
        index: 0,
        status: 'CANCELLED',
        presence: {
          status: 'CANCELLED',
          cancellationReason: 'Worker fell ill before starting',
          cancelledAt: registry.clock.now().toISOString(),
        },
      });
      const second = await company.post('/api/v1/presences/cancel', cancel);
      expect(second.body.results[0]).toMatchObject({
        status: 'REJECTED',
        errors: [{ code: 'ALREADY_CANCELLED', field: 'cancellations[0].id' }],
      });
    });

    it('cancels a presence by its registration id', async () => {
      const [registered] = await registry.register(company, registry.presenceItem(workplace.id, company));
      const cancelled = await company.post('/api/v1/presences/cancel', {
        cancellations: [{ id: registered.presence.registrationId, reason: 'PLANNING' }],
      });
      expect(cancelled.body.results[0]).toMatchObject({
        status: 'CANCELLED',
        presence: { id: registered.presence.id, registrationId: registered.presence.registrationId },
      });
    });

    it('lets the same presence be registered again after a cancellation, keeping the clientReference on the first', async () => {
      const item = registry.presenceItem(workplace.id, company, { clientReference: 'r-77' });
      const [first] = await registry.register(company, item);
      await company.post('/api/v1/presences/cancel', {
        cancellations: [{ id: first.presence.id, reason: 'mistake' }],
      });

      const [retry] = await registry.register(company, item);
      expect(retry).toMatchObject({
        duplicate: true,
        presence: { id: first.presence.id, status: 'CANCELLED' },
      });

      const { clientReference: _dropped, ...again } = item;
      const [fresh] = await registry.register(company, again);
      expect(fresh).toMatchObject({ duplicate: false, presence: { status: 'REGISTERED' } });
      expect(fresh.presence.receiptNumber).not.toBe(first.presence.receiptNumber);
    });

    it('hides a presence from a company that may not cancel it', async () => {
      const [registered] = await registry.register(company, registry.presenceItem(workplace.id, company));
      const outsider = await registry.newCompany();
      const reply = await outsider.post('/api/v1/presences/cancel', {
        cancellations: [{ id: registered.presence.id, reason: 'x' }],
      });
      expect(reply.body.results[0].errors[0].code).toBe('PRESENCE_NOT_FOUND');
    });

    it('keeps the presences of past days as they are', async () => {
      const [registered] = await registry.register(company, registry.presenceItem(workplace.id, company));
      registry.clock.advance(24 * 3_600_000);
      const reply = await company.post('/api/v1/presences/cancel', {
        cancellations: [{ id: registered.presence.id, reason: 'late' }],
      });
      expect(reply.body.results[0].errors[0].code).toBe('CANCEL_DATE_IN_PAST');
    });

    it('needs a reason', async () => {
      const [registered] = await registry.register(company, registry.presenceItem(workplace.id, company));
      const reply = await company.post('/api/v1/presences/cancel', {
        cancellations: [{ id: registered.presence.id, reason: '   ' }],
      });
      expect(reply.body.results[0].errors[0]).toMatchObject({
        code: 'TEXT_BLANK',
        field: 'cancellations[0].reason',
      });
    });
  });
}
