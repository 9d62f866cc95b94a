import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { TestRegistry, type Caller } from '../support/registry.js';

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`workplaces and their contractor chain (${database.name})`, () => {
    let registry: TestRegistry;
    let declarant: Caller;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      declarant = await registry.newCompany();
    });
    afterEach(async () => {
      await registry.close();
    });

    const body = (overrides: Record<string, unknown> = {}) => ({
      name: 'Nieuwbouw Zuid',
      address: { street: 'Kerkstraat 1', postalCode: '9000', city: 'Gent' },
      declarant: declarant.enterprise,
      startDate: registry.today(),
      endDate: registry.day(100),
      ...overrides,
    });

    it('declares a workplace under its works declaration number, written canonical', async () => {
      const reply = await declarant.post(
        '/api/v1/workplaces',
        body({ workplaceId: '1y10-2m7n zf7pz', permanentlyWithoutInfrastructure: true }),
      );
      expect(reply.status).toBe(201);
      expect(reply.body.workplace).toMatchObject({
        id: '1Y102M7NZF7PZ',
        declarant: declarant.enterprise,
        permanentlyWithoutInfrastructure: true,
        address: { postalCode: '9000', city: 'Gent' },
      });
    });

    it('assigns a 13-character id to works without a declaration number', async () => {
      const reply = await declarant.post('/api/v1/workplaces', body());
      expect(reply.status).toBe(201);
      expect(reply.body.workplace.id).toMatch(/^[0-9A-Z]{13}$/);
      expect(reply.body.workplace.permanentlyWithoutInfrastructure).toBe(false);
    });

    it('refuses a declaration number already declared', async () => {
      await declarant.post('/api/v1/workplaces', body({ workplaceId: 'ABC123456' }));
      const again = await declarant.post('/api/v1/workplaces', body({ workplaceId: 'ABC123456' }));
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('WORKPLACE_EXISTS');
    });

    it('lets a company declare only for itself', async () => {
      const reply = await declarant.post('/api/v1/workplaces', body({ declarant: registry.newEnterprise() }));
      expect(reply.status).toBe(403);
      expect(reply.body.error).toMatchObject({
        code: 'DECLARANT_NOT_SELF',
        details: [{ field: 'declarant' }],
      });
    });

    it('names every field that breaks a rule', async () => {
      const reply = await declarant.post(
        '/api/v1/workplaces',
        body({
          name: ' ',
          address: { street: 'x', postalCode: '123', city: 'Gent' },
          startDate: registry.day(5),
          endDate: registry.day(1),
        }),
      );
      expect(reply.status).toBe(400);
      expect(
        reply.body.error.details.map((d: { code: string; field: string }) => `${d.code} ${d.field}`),
      ).toEqual([
        'TEXT_BLANK name',
        'POSTAL_CODE_FORMAT address.postalCode',
        'WORKPLACE_PERIOD_INVALID endDate',
      ]);
    });

    describe('the chain', () => {
      let workplace: { id: string };
      let contractor: Caller;
      let subcontractor: Caller;

      beforeEach(async () => {
        workplace = await registry.newWorkplace(declarant);
        contractor = await registry.newCompany();
        subcontractor = await registry.newCompany();
      });

      const add = (by: Caller, enterprise: string, parent: string) =>
        by.post(`/api/v1/workplaces/${workplace.id}/contractors`, { enterprise, parent });

      it('lets the declarant add a contractor, and that contractor add its own subcontractor', async () => {
        const first = await add(declarant, contractor.enterprise, declarant.enterprise);
        expect(first.status).toBe(201);
        const second = await add(contractor, subcontractor.enterprise, contractor.enterprise);
        expect(second.status).toBe(201);
        expect(second.body.contractors).toEqual([
          { enterprise: contractor.enterprise, parent: declarant.enterprise },
          { enterprise: subcontractor.enterprise, parent: contractor.enterprise },
        ]);
      });

      it('lets a contractor add subcontractors only directly below itself', async () => {
        await add(declarant, contractor.enterprise, declarant.enterprise);
        const reply = await add(contractor, subcontractor.enterprise, declarant.enterprise);
        expect(reply.status).toBe(403);
        expect(reply.body.error.code).toBe('CONTRACTOR_PARENT_NOT_SELF');
      });

      it('lets the declarant add anywhere, and re-adding a link changes nothing', async () => {
        await add(declarant, contractor.enterprise, declarant.enterprise);
        expect((await add(declarant, subcontractor.enterprise, contractor.enterprise)).status).toBe(201);
        const again = await add(declarant, subcontractor.enterprise, contractor.enterprise);
        expect(again.status).toBe(200);
        expect(again.body.contractors).toHaveLength(2);
      });

      it('refuses cycles, the declarant as a contractor, and parents outside the chain', async () => {
        await add(declarant, contractor.enterprise, declarant.enterprise);
        await add(contractor, subcontractor.enterprise, contractor.enterprise);
        const cases = [
          [await add(declarant, contractor.enterprise, subcontractor.enterprise), 409, 'CONTRACTOR_CYCLE'],
          [await add(declarant, declarant.enterprise, contractor.enterprise), 409, 'CONTRACTOR_IS_DECLARANT'],
          [
            await add(declarant, contractor.enterprise, registry.newEnterprise()),
            400,
            'CONTRACTOR_PARENT_NOT_IN_CHAIN',
          ],
          [await add(declarant, '0123456789', declarant.enterprise), 400, 'ENTERPRISE_NUMBER_CHECK_DIGITS'],
        ] as const;
        for (const [reply, status, code] of cases) {
          expect(reply.status).toBe(status);
          expect(reply.body.error.code).toBe(code);
        }
      });

      it('shows each company the part of the chain it stands in', async () => {
        const sibling = await registry.newCompany();
        await add(declarant, contractor.enterprise, declarant.enterprise);
        await add(contractor, subcontractor.enterprise, contractor.enterprise);
        await add(declarant, sibling.enterprise, declarant.enterprise);
        const seenBy = async (caller: Caller) =>
          (
            (await caller.get(`/api/v1/workplaces/${workplace.id}/contractors`)).body.contractors as {
              enterprise: string;
            }[]
          ).map((l) => l.enterprise);
        expect(await seenBy(declarant)).toEqual([
          contractor.enterprise,
          subcontractor.enterprise,
          sibling.enterprise,
        ]);
        expect(await seenBy(subcontractor)).toEqual([contractor.enterprise, subcontractor.enterprise]);
        expect(await seenBy(sibling)).toEqual([sibling.enterprise]);
      });

      it('hides a workplace from companies outside its chain', async () => {
        const outsider = await registry.newCompany();
        expect((await outsider.get(`/api/v1/workplaces/${workplace.id}`)).status).toBe(404);
        expect(
          (
            await outsider.post(`/api/v1/workplaces/${workplace.id}/contractors`, {
              enterprise: outsider.enterprise,
              parent: declarant.enterprise,
            })
          ).status,
        ).toBe(404);
        expect((await outsider.get('/api/v1/workplaces')).body.workplaces).toEqual([]);
        await add(declarant, contractor.enterprise, declarant.enterprise);
        expect(
          (await contractor.get('/api/v1/workplaces')).body.workplaces.map((w: { id: string }) => w.id),
        ).toEqual([workplace.id]);
      });

      it('lets an inspector and the contact center look a workplace up', async () => {
        for (const role of ['inspector', 'agent'] as const) {
          const caller = await registry.newCaller(role);
          expect((await caller.get(`/api/v1/workplaces/${workplace.id}`)).status).toBe(200);
        }
      });
    });
  });
}
