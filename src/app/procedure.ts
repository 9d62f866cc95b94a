import { decide } from '../domain/procedure/decide.js';
import type { Decision } from '../domain/procedure/decision.js';
import { parseSituation, type Situation, type SituationInput } from '../domain/procedure/situation.js';

import { authorize } from '../domain/permissions.js';
import type { Principal } from '../domain/principal.js';
import { ok, type Result } from '../domain/result.js';
import type { AppDeps } from './app-deps.js';
import { fail, failAll, type Failure } from './failure.js';
import { withJournalCheck } from './registry-journal.js';
import { findVisibleWorkplace } from './workplaces.js';

/** A situation to decide on, optionally about a workplace (whose flag of permanent unavailability then counts). */
export interface DecideInput extends SituationInput {
  readonly workplaceId?: string | undefined;
}

/**
 * The procedure's decision for a described situation, storing nothing: what the wizard and the site agent show.
 * A workplace named must be one the caller may see; its `permanentlyWithoutInfrastructure` flag applies. When
 * the registry is said to be unavailable, its journal is checked for the times claimed.
 */
export async function decideSituation(
  deps: Pick<AppDeps, 'store' | 'clock' | 'contactCenter'>,
  principal: Principal,
  input: DecideInput,
): Promise<Result<{ readonly situation: Situation; readonly decision: Decision }, Failure>> {
  const allowed = authorize(principal, 'procedure.decide');
  if (!allowed.ok) return fail(allowed.error);
  const parsed = parseSituation(input, deps.clock.now());
  if (!parsed.ok) return failAll(parsed.error);
  let situation = parsed.value;
  if (input.workplaceId !== undefined) {
    const found = await findVisibleWorkplace(deps, principal, input.workplaceId, 'workplaceId');
    if (!found.ok) return found;
    if (found.value.found.workplace.permanentlyWithoutInfrastructure)
      situation = { ...situation, permanentlyWithoutInfrastructure: true };
  }
  situation = await withJournalCheck(deps, situation);
  return ok({ situation, decision: decide(situation, deps.contactCenter) });
}
