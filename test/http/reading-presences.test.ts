import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/databases.js';
import { TestRegistry, type Caller } from '../support/registry.js';

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`reading and searching presences (${database.name})`, () => {
    let registry: TestRegistry;
    let declarant: Caller;
    let contractor: Caller;
    let subcontractor: Caller;
    let sibling: Caller;
    let workplace: { id: string };

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      declarant = await registry.newCompany();
      contractor = await registry.newCompany();
      subcontractor = await registry.newCompany();
      sibling = await registry.newCompany();
      workplace = await registry.newWorkplace(declarant);
      await registry.addContractor(declarant, workplace.id, contractor, declarant);
      await registry.addContractor(contractor, workplace.id, subcontractor, contractor);
      await registry.addContractor(declarant, workplace.id, sibling, declarant);
    });
    afterEach(async () => {
      await registry.close();
    });

    const search = (caller: Caller, query: Record<string, string | number>) =>
      caller.get(
        `/api/v1/presences?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()}`,
      );

    it('shows a company its own presences and those of the contractors below it, nothing else', async () => {
      await registry.register(
        declarant,
        ...[declarant, contractor, subcontractor, sibling].map((c) => registry.presenceItem(workplace.id, c)),
      );
      const day = { from: registry.today(), to: registry.today() };
      const employersSeenBy = async (caller: Caller) =>
        (
          (await search(caller, { ...day, workplaceId: workplace.id })).body.presences as {
            employer: string;
          }[]
        )
          .map((p) => p.employer)
          .sort();
      expect(await employersSeenBy(declarant)).toEqual(
        [declarant, contractor, subcontractor, sibling].map((c) => c.enterprise).sort(),
      );
      expect(await employersSeenBy(contractor)).toEqual(
        [contractor, subcontractor].map((c) => c.enterprise).sort(),
      );
      expect(await employersSeenBy(subcontractor)).toEqual([subcontractor.enterprise]);
      expect(await employersSeenBy(sibling)).toEqual([sibling.enterprise]);
    });

    it('gives an outsider an empty page, not an error that would reveal the workplace', async () => {
      await registry.register(declarant, registry.presenceItem(workplace.id, declarant));
      const outsider = await registry.newCompany();
      const reply = await search(outsider, {
        from: registry.today(),
        to: registry.today(),
        workplaceId: workplace.id,
      });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ presences: [] });
    });

    it('answers 404 for a presence the caller may not see, as for one that does not exist', async () => {
      const [result] = await registry.register(declarant, registry.presenceItem(workplace.id, declarant));
      const outsider = await registry.newCompany();
      for (const reply of [
        await outsider.get(`/api/v1/presences/${result.presence.id}`),
        await subcontractor.get(`/api/v1/presences/${result.presence.id}`),
        await outsider.get('/api/v1/presences/01900000-0000-7000-8000-000000000000'),
      ]) {
        expect(reply.status).toBe(404);
        expect(reply.body.error.code).toBe('PRESENCE_NOT_FOUND');
      }
    });

    it('lets an inspector read everything, and the contact center and administrators nothing', async () => {
      const [result] = await registry.register(declarant, registry.presenceItem(workplace.id, declarant));
      const inspector = await registry.newCaller('inspector');
      expect((await inspector.get(`/api/v1/presences/${result.presence.id}`)).status).toBe(200);
      for (const role of ['agent', 'admin'] as const) {
        const caller = await registry.newCaller(role);
        expect((await caller.get(`/api/v1/presences/${result.presence.id}`)).status).toBe(403);
      }
    });

    it('pages through a search with a cursor, without gaps or repeats', async () => {
      const items = Array.from({ length: 250 }, (_, i) =>
        registry.presenceItem(workplace.id, declarant, { registrationDate: registry.day(i % 3) }),
      );
      await registry.register(declarant, ...items.slice(0, 200));
      await registry.register(declarant, ...items.slice(200));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const reply = await search(declarant, {
          from: registry.today(),
          to: registry.day(2),
          workplaceId: workplace.id,
          limit: 100,
          ...(cursor === undefined ? {} : { cursor }),
        });
        expect(reply.status).toBe(200);
        seen.push(...(reply.body.presences as { id: string }[]).map((p) => p.id));
        cursor = reply.body.nextCursor as string | undefined;
        pages += 1;
      } while (cursor !== undefined);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(250);
    });

    it('filters by worker, employer and status', async () => {
      const worker = registry.newNiss();
      const [a] = await registry.register(
        declarant,
        registry.presenceItem(workplace.id, declarant, { worker: { niss: worker } }),
        registry.presenceItem(workplace.id, contractor),
      );
      await declarant.post('/api/v1/presences/cancel', {
        cancellations: [{ id: a.presence.id, reason: 'not coming' }],
      });
      const day = { from: registry.today(), to: registry.today() };
      const byWorker = await search(declarant, { ...day, worker });
      expect(byWorker.body.presences).toHaveLength(1);
      const byEmployer = await search(declarant, { ...day, employer: contractor.enterprise });
      expect(byEmployer.body.presences.map((p: { employer: string }) => p.employer)).toEqual([
        contractor.enterprise,
      ]);
      const cancelled = await search(declarant, { ...day, status: 'CANCELLED' });
      expect(cancelled.body.presences.map((p: { id: string }) => p.id)).toEqual([a.presence.id]);
    });

    it('asks an inspector to narrow a search of the whole registry', async () => {
      const inspector = await registry.newCaller('inspector');
      const wide = await search(inspector, { from: registry.today(), to: registry.today() });
      expect(wide.status).toBe(400);
      expect(wide.body.error.code).toBe('SEARCH_FILTER_REQUIRED');
      await registry.register(declarant, registry.presenceItem(workplace.id, sibling));
      const narrow = await search(inspector, {
        from: registry.today(),
        to: registry.today(),
        workplaceId: workplace.id,
      });
      expect(narrow.body.presences).toHaveLength(1);
    });

    it('refuses a search without dates, with dates the wrong way round, or too large a page', async () => {
      const cases: [Record<string, string | number>, string, string][] = [
        [{ to: registry.today() }, 'FIELD_REQUIRED', 'from'],
        [{ from: registry.day(2), to: registry.today() }, 'DATE_RANGE_INVALID', 'to'],
        [{ from: '2026-02-30', to: registry.today() }, 'DATE_INVALID', 'from'],
        [{ from: registry.today(), to: registry.today(), limit: 501 }, 'FIELD_VALUE', 'limit'],
        [{ from: registry.today(), to: registry.today(), cursor: 'bm9wZQ' }, 'CURSOR_INVALID', 'cursor'],
        [{ from: registry.today(), to: registry.today(), colour: 'red' }, 'FIELD_UNKNOWN', 'colour'],
      ];
      for (const [query, code, field] of cases) {
        const reply = await search(declarant, query);
        expect(reply.status, JSON.stringify(query)).toBe(400);
        expect(reply.body.error).toMatchObject({ code, details: [expect.objectContaining({ code, field })] });
      }
    });
  });
}
