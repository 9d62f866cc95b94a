import { todayInBrussels } from './today.js';
import { parseCalendarDate } from '../domain/calendar-date.js';
import { atField } from '../domain/errors.js';
import { checkPurgeDate } from '../domain/retention.js';
import { ok, type Result } from '../domain/result.js';
import type { MaintenanceReport } from '../store/maintenance-report.js';
import type { PurgeReport } from '../store/purge-report.js';
import type { AppDeps } from './app-deps.js';
import { fail, type Failure } from './failure.js';

/**
 * Removes what concerns the days before a day, once past the seven years it must be kept: presences, incidents
 * with their events (the evidence), reference numbers, paper listings with their lines, and the availability
 * journal's old runs. A dry run (`apply` false) only says what would go.
 */
export async function purgePresences(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  input: { readonly before: string; readonly apply: boolean },
): Promise<Result<PurgeReport, Failure>> {
  const before = parseCalendarDate(input.before);
  if (!before.ok) return fail(atField(before.error, 'before'));
  const allowed = checkPurgeDate(before.value, todayInBrussels(deps.clock.now()));
  if (!allowed.ok) return fail(allowed.error);
  return ok(await deps.store.purge(before.value, input.apply));
}

/** Prepares the storage for the coming days (partitions ahead, on PostgreSQL). */
export function maintainStore(deps: Pick<AppDeps, 'store' | 'clock'>): Promise<MaintenanceReport> {
  return deps.store.maintain(todayInBrussels(deps.clock.now()));
}
