import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordHeartbeat, startRun, stopRun } from '../../src/app/availability.js';
import { DATABASES } from '../support/databases.js';
import { TestRegistry } from '../support/registry.js';

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the registry's availability (${database.name})`, () => {
    let registry: TestRegistry;

    beforeEach(async () => {
      registry = await TestRegistry.open(database, '2026-03-10T06:00:00Z');
    });
    afterEach(async () => {
      await registry.close();
    });

    it('says it is available, without a key', async () => {
      const reply = await registry.app.inject({ method: 'GET', url: '/api/v1/status' });
      expect(reply.statusCode).toBe(200);
      expect(reply.json()).toMatchObject({
        status: 'AVAILABLE',
        today: '2026-03-10',
        time: '2026-03-10T06:00:00.000Z',
      });
    });

    it('keeps a journal in which a clean stop and a crash show as outages', async () => {
      const { deps, clock } = registry;
      const run = (id: string) => ({ id, startedAt: clock.now(), heartbeatMs: 5_000, version: 'test' });
      const first = run('first');
      await startRun(deps, first);
      clock.set('2026-03-10T06:30:00Z');
      await stopRun(deps, first); // maintenance from 06:30
      clock.set('2026-03-10T06:45:00Z');
      const second = run('second');
      await startRun(deps, second);
      clock.set('2026-03-10T07:00:00Z');
      await recordHeartbeat(deps, second); // last sign of life, then a crash
      clock.set('2026-03-10T07:20:00Z');
      const third = run('third');
      await startRun(deps, third);
      clock.set('2026-03-10T07:59:58Z');
      await recordHeartbeat(deps, third);
      clock.set('2026-03-10T08:00:00Z');

      const reply = await registry.app.inject({
        method: 'GET',
        url: '/api/v1/status/history?from=2026-03-10T05:00:00Z&to=2026-03-10T09:00:00Z',
      });
      expect(reply.statusCode).toBe(200);
      const history = reply.json();
      expect(history.runs).toEqual([
        {
          instanceId: 'first',
          startedAt: '2026-03-10T06:00:00.000Z',
          endedAt: '2026-03-10T06:30:00.000Z',
          state: 'STOPPED',
        },
        {
          instanceId: 'second',
          startedAt: '2026-03-10T06:45:00.000Z',
          endedAt: '2026-03-10T07:00:00.000Z',
          state: 'CRASHED',
        },
        { instanceId: 'third', startedAt: '2026-03-10T07:20:00.000Z', state: 'RUNNING' },
      ]);
      expect(history.outages).toEqual([
        { from: '2026-03-10T06:30:00.000Z', to: '2026-03-10T06:45:00.000Z', cause: 'STOPPED' },
        { from: '2026-03-10T07:00:00.000Z', to: '2026-03-10T07:20:00.000Z', cause: 'CRASHED' },
      ]);
    });

    it('counts no outage while the answering instance serves, whatever the others did', async () => {
      const { deps, clock, instance } = registry;
      await startRun(deps, instance);
      const other = { id: 'other', startedAt: clock.now(), heartbeatMs: 5_000, version: 'test' };
      await startRun(deps, other);
      clock.set('2026-03-10T06:59:56Z');
      await recordHeartbeat(deps, instance); // this instance's last heartbeat: 4 s ago
      clock.set('2026-03-10T06:59:57Z');
      await stopRun(deps, other); // the other stopped 3 s ago
      clock.set('2026-03-10T07:00:00Z');
      const reply = await registry.app.inject({
        method: 'GET',
        url: '/api/v1/status/history?from=2026-03-10T06:59:58Z&to=2026-03-10T07:00:00Z',
      });
      expect(reply.json().outages).toEqual([]);
    });

    it('says it is unavailable, 503, when its database does not answer', async () => {
      await registry.db.store.close();
      const reply = await registry.app.inject({ method: 'GET', url: '/api/v1/status' });
      expect(reply.statusCode).toBe(503);
      expect(reply.json().error.code).toBe('STORE_UNAVAILABLE');
    });

    it('takes days as Brussels days and refuses a period the wrong way round', async () => {
      const day = await registry.app.inject({
        method: 'GET',
        url: '/api/v1/status/history?from=2026-03-09&to=2026-03-10',
      });
      // From the start of 9 March to the end of 10 March, in Brussels.
      expect(day.json()).toMatchObject({ from: '2026-03-08T23:00:00.000Z', to: '2026-03-10T23:00:00.000Z' });
      const wrong = await registry.app.inject({
        method: 'GET',
        url: '/api/v1/status/history?from=2026-03-10&to=2026-03-09',
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.code).toBe('DATE_RANGE_INVALID');
      const garbage = await registry.app.inject({
        method: 'GET',
        url: '/api/v1/status/history?from=yesterday',
      });
      expect(garbage.json().error).toMatchObject({ code: 'INSTANT_INVALID', details: [{ field: 'from' }] });
    });
  });
}
