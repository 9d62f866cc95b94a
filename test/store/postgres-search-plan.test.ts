import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import type { Niss } from '../../src/domain/niss.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import { searchStatement } from '../../src/store/postgres/postgres-presence-repository.js';
import type { PresenceQuery } from '../../src/store/presence-repository.js';
import { DATABASES, type OpenedDatabase } from '../support/databases.js';

const postgres = DATABASES.find((db) => db.name === 'postgres')!;

/** The plans of the searches that must stay fast whatever the size of the registry (see docs/scaling.md). */
describe.skipIf(!postgres.available)('the PostgreSQL search plans', () => {
  let db: OpenedDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await postgres.open();
    await db.store.maintain('2026-03-10' as CalendarDate);
    client = new pg.Client({ connectionString: db.location });
    await client.connect();
    // On a near-empty table a sequential scan is cheapest; this asks which index the planner has for the query.
    await client.query('SET enable_seqscan = off');
  });
  afterAll(async () => {
    await client.end();
    await db.dispose();
  });

  const plan = async (query: PresenceQuery): Promise<string> => {
    const { sql, params } = searchStatement(query);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  };
  const day = { from: '2026-03-10' as CalendarDate, to: '2026-03-10' as CalendarDate, limit: 100 };
  const company = { kind: 'CHAIN', actingFor: ['0403019261' as EnterpriseNumber] } as const;

  it('reads a workplace-day from the workplace index of that month only, in page order', async () => {
    for (const scope of [{ kind: 'ALL' } as const, company]) {
      const detail = await plan({ ...day, workplaceId: 'W1' as WorkplaceId, scope });
      expect(detail).toMatch(
        /Index Scan using presences_2026_03_workplace_id_registration_date_sequence_idx/,
      );
      expect(detail).not.toMatch(/presences_2026_04|presences_default/);
      expect(detail).not.toMatch(/\bSort\b/);
    }
  });

  it('reads a worker over a month from the worker index', async () => {
    const detail = await plan({
      from: '2026-03-01' as CalendarDate,
      to: '2026-03-31' as CalendarDate,
      limit: 100,
      worker: { niss: '85073003328' as Niss },
      scope: { kind: 'ALL' },
    });
    expect(detail).toMatch(
      /Index Scan using presences_2026_03_worker_kind_worker_id_registration_date_s\w*_idx/,
    );
  });
});
