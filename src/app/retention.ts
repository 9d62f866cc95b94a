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
 * Removes the presences registered before a day, once they are past the seven years they must be kept. A dry run
 * (`apply` false) only says what would go.
 */
export async function purgePresences(
  deps: AppDeps,
  input: { readonly before: string; readonly apply: boolean },
): Promise<Result<PurgeReport, Failure>> {
  const before = parseCalendarDate(input.before);
  if (!before.ok) return fail(atField(before.error, 'before'));
  const allowed = checkPurgeDate(before.value, todayInBrussels(deps.clock.now()));
  if (!allowed.ok) return fail(allowed.error);
  return ok(await deps.store.purge(before.value, input.apply));
}

/** Prepares the storage for the coming days (partitions ahead, on PostgreSQL). */
export function maintainStore(deps: AppDeps): Promise<MaintenanceReport> {
  return deps.store.maintain(todayInBrussels(deps.clock.now()));
}
