import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import { atField, domainError, type DomainError } from '../domain/errors.js';
import { authorize, seesEvery, type Action } from '../domain/permissions.js';
import { ownEnterprise, type Principal } from '../domain/principal.js';
import { ok, type Result } from '../domain/result.js';
import { parseRosterEntry, type RosterEntry, type RosterEntryInput } from '../domain/roster.js';
import { parseWorker, workerKey, type Worker, type WorkerInput } from '../domain/worker.js';
import { actingFor } from './acting-for.js';
import type { AppDeps } from './app-deps.js';
import { fail, failAll, type Failure } from './failure.js';

/** The most workers one roster holds. */
export const MAX_ROSTER_SIZE = 5000;

/**
 * Replaces a company's roster of workers (numbers and names, which paper listings are pre-filled with). A
 * company keeps its own; a provider the roster of a company that mandated it (`enterprise`). Names are personal
 * data: the whole roster is refused when one line is wrong, naming each.
 */
export async function replaceRoster(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  principal: Principal,
  input: { readonly enterprise?: string | undefined; readonly workers: readonly RosterEntryInput[] },
): Promise<Result<RosterEntry[], Failure>> {
  const whose = await rosterOwner(deps, principal, input.enterprise, 'roster.write');
  if (!whose.ok) return whose;
  if (input.workers.length > MAX_ROSTER_SIZE)
    return fail(
      domainError('TOO_MANY_ITEMS', `A roster holds at most ${MAX_ROSTER_SIZE} workers.`, 'workers'),
    );
  const errors: DomainError[] = [];
  const entries: RosterEntry[] = [];
  const seen = new Map<string, number>();
  for (const [index, raw] of input.workers.entries()) {
    const parsed = parseRosterEntry(raw);
    if (!parsed.ok) {
      errors.push(...parsed.error.map((e) => atField(e, `workers[${index}]`)));
      continue;
    }
    const key = workerKey(parsed.value.worker);
    const first = seen.get(`${key.kind}:${key.id}`);
    if (first !== undefined) {
      errors.push(
        domainError(
          'ROSTER_DUPLICATE_WORKER',
          `This worker is already on the roster, at workers[${first}].`,
          `workers[${index}].worker`,
        ),
      );
      continue;
    }
    seen.set(`${key.kind}:${key.id}`, index);
    entries.push(parsed.value);
  }
  if (errors.length > 0) return failAll(errors);
  await deps.store.rosters.replace(whose.value, entries, deps.clock.now().toISOString());
  return ok(await deps.store.rosters.list(whose.value));
}

/**
 * Adds one worker to a company's roster (whose, as for {@link replaceRoster}), leaving the others as they are —
 * so that two people adding workers at once both keep theirs. Refuses a worker already on the roster (renaming
 * is not adding) and a roster already holding {@link MAX_ROSTER_SIZE} workers. Fields are named as in the
 * entry (`worker.niss`, `lastName`, `firstName`).
 */
export async function addRosterWorker(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  principal: Principal,
  input: { readonly enterprise?: string | undefined } & RosterEntryInput,
): Promise<Result<RosterEntry, Failure>> {
  const whose = await rosterOwner(deps, principal, input.enterprise, 'roster.write');
  if (!whose.ok) return whose;
  const entry = parseRosterEntry(input);
  if (!entry.ok) return failAll(entry.error);
  const added = await deps.store.rosters.add(
    whose.value,
    entry.value,
    deps.clock.now().toISOString(),
    MAX_ROSTER_SIZE,
  );
  switch (added) {
    case 'added':
      return ok(entry.value);
    case 'on-roster':
      return fail(domainError('ROSTER_DUPLICATE_WORKER', 'This worker is already on the roster.', 'worker'));
    case 'full':
      return fail(domainError('TOO_MANY_ITEMS', `A roster holds at most ${MAX_ROSTER_SIZE} workers.`));
  }
}

/** Removes one worker from a company's roster (whose, as for {@link replaceRoster}), leaving the others. */
export async function removeRosterWorker(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  input: { readonly enterprise?: string | undefined; readonly worker: WorkerInput },
): Promise<Result<Worker, Failure>> {
  const whose = await rosterOwner(deps, principal, input.enterprise, 'roster.write');
  if (!whose.ok) return whose;
  const worker = parseWorker(input.worker);
  if (!worker.ok) return fail(atField(worker.error, 'worker'));
  if (!(await deps.store.rosters.remove(whose.value, worker.value)))
    return fail(domainError('NOT_FOUND', 'This worker is not on the roster.', 'worker'));
  return ok(worker.value);
}

/** A company's roster: for the company, a provider it mandated, or an inspector (`enterprise` named). */
export async function getRoster(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  input: { readonly enterprise?: string | undefined },
): Promise<Result<RosterEntry[], Failure>> {
  const whose = await rosterOwner(deps, principal, input.enterprise, 'roster.read');
  if (!whose.ok) return whose;
  return ok(await deps.store.rosters.list(whose.value));
}

async function rosterOwner(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  raw: string | undefined,
  action: Action,
): Promise<Result<EnterpriseNumber, Failure>> {
  const allowed = authorize(principal, action);
  if (!allowed.ok) return fail(allowed.error);
  if (raw === undefined) {
    // A company's roster is its own unless it names another.
    const own = ownEnterprise(principal);
    if (own !== undefined) return ok(own);
    return fail(domainError('FIELD_REQUIRED', 'Name the company whose roster this is.', 'enterprise'));
  }
  const enterprise = parseEnterpriseNumber(raw);
  if (!enterprise.ok) return fail(atField(enterprise.error, 'enterprise'));
  if (seesEvery(principal, 'rosters')) return ok(enterprise.value);
  if ((await actingFor(deps, principal)).has(enterprise.value)) return ok(enterprise.value);
  return fail(
    domainError(
      'ROLE_FORBIDDEN',
      'You keep the roster of your own company, or of the companies that mandated you.',
      'enterprise',
    ),
  );
}
