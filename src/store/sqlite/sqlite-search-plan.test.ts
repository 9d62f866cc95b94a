import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { CalendarDate } from '../../domain/calendar-date.js';
import type { EnterpriseNumber } from '../../domain/enterprise-number.js';
import type { Niss } from '../../domain/niss.js';
import type { WorkplaceId } from '../../domain/workplace-id.js';
import type { PresenceQuery } from '../presence-repository.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { searchStatement } from './sqlite-presence-repository.js';

/** The query plans of the searches that must stay fast whatever the size of the registry. */
describe('the SQLite search plans', () => {
  const db = new Database(':memory:');
  for (const migration of SQLITE_MIGRATIONS) db.exec(migration.sql);
  const base = { from: '2026-03-10' as CalendarDate, to: '2026-03-10' as CalendarDate, limit: 100 };
  const company = { kind: 'CHAIN', actingFor: ['0403019261' as EnterpriseNumber] } as const;
  const plan = (query: PresenceQuery): string => {
    const { sql, params } = searchStatement(query);
    return db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((row) => row.detail)
      .join('\n');
  };

  it('reads a workplace-day from its index, in page order, without sorting', () => {
    for (const scope of [{ kind: 'ALL' } as const, company]) {
      const detail = plan({ ...base, workplaceId: 'W1' as WorkplaceId, scope });
      expect(detail).toMatch(
        /SEARCH p USING INDEX presences_workplace_day \(workplace_id=\? AND registration_date>\? AND registration_date<\?\)/,
      );
      expect(detail).not.toContain('TEMP B-TREE');
    }
  });

  it('reads a worker over a period from its index', () => {
    const detail = plan({
      ...base,
      to: '2026-06-30' as CalendarDate,
      worker: { niss: '85073003328' as Niss },
      scope: { kind: 'ALL' },
    });
    expect(detail).toContain('SEARCH p USING INDEX presences_worker');
  });

  it('reads what a company may see on all its workplaces through the workplaces it takes part in', () => {
    const detail = plan({ ...base, scope: company });
    expect(detail).toContain('SEARCH p USING INDEX presences_workplace_day');
    expect(detail).toContain('USING COVERING INDEX workplace_access_viewer');
  });

  it('finds the registered presence of a worker, employer, workplace and day by the unique index', () => {
    const detail = db
      .prepare<[], { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT * FROM presences WHERE workplace_id = 'W1' AND registration_date = '2026-03-10'
         AND worker_kind = 'NISS' AND worker_id = '85073003328' AND employer = '0403019261' AND status = 'REGISTERED'`,
      )
      .all()
      .map((row) => row.detail)
      .join('\n');
    expect(detail).toContain('presences_registered');
  });
});
