import { brusselsDate } from '../domain/calendar-date.js';
import type { AgentSettings } from './agent-settings.js';
import type { ProcedureRecord } from './procedure-store.js';
import type { ProcedureClient } from './procedure-client.js';
import { fileProcedures, type FilingReport } from './procedure-filing.js';
import {
  DEFAULT_PROCEDURE_DELAY_MS,
  reviewHeldDays,
  reviewProcedure,
  type SiteProcedureDeps,
} from './site-procedure.js';

/** What a watch found: procedures opened (or opened again) just now, procedures filed. */
export interface WatchOutcome {
  readonly opened: readonly ProcedureRecord[];
  readonly filed: readonly FilingReport[];
}

/**
 * Watches, beside the forwarder, over the emergency procedure: opens today's when the captures could not be sent
 * in time, or when the registry relays to an official one that has not answered it for long enough (or opens it
 * again for a second outage), opens one for each past day whose captures are held, and files the open ones once
 * the registry answers again (the forwarder's last attempt succeeded).
 */
export async function watchProcedure(
  deps: SiteProcedureDeps,
  settings: AgentSettings,
  client: ProcedureClient,
  delayMs: number = DEFAULT_PROCEDURE_DELAY_MS,
): Promise<WatchOutcome> {
  const before = await deps.procedures.procedure(brusselsDate(deps.clock.now()));
  const today = await reviewProcedure(deps, delayMs, await client.officialRegistryDownSince());
  const openedToday =
    today !== undefined &&
    today.closedAt === undefined &&
    (before === undefined || before.closedAt !== undefined)
      ? [today]
      : [];
  const opened = [...(await reviewHeldDays(deps)), ...openedToday];
  const summary = await deps.journal.summary();
  const lineBack =
    summary.lastAttempt?.outcome === 'OK' && (await deps.procedures.openProcedures()).length > 0;
  const filed = lineBack ? await fileProcedures(deps, settings, client) : [];
  return { opened, filed };
}
