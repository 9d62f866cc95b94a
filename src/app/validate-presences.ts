import type { Presence } from '../domain/presence.js';
import { attempt, remarksOf, type DeclaredPeriod, type ValidationFacts } from '../domain/validation.js';
import type { Worker } from '../domain/worker.js';
import type { CheckMade } from '../store/validation-repository.js';
import type { AppDeps } from './app-deps.js';

/** How many presences one round of checks takes at most. */
export const CHECKS_PER_ROUND = 200;

/**
 * How long a validator holds the presences it took: should it die, another (or itself, restarted) takes them
 * again after this.
 */
export const CHECK_LEASE_MS = 60_000;

/**
 * Checks the presences whose check is due (new ones, and those whose data changed), at most `limit`, and records
 * each outcome: `VALIDATED`, or `FAILED` with its remarks (`remarksOf`). Returns how many it checked; fewer than
 * the limit means none is left for now.
 */
export async function checkDuePresences(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  limit: number = CHECKS_PER_ROUND,
): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.store.validations.takeDue(
    limit,
    now.toISOString(),
    new Date(now.getTime() + CHECK_LEASE_MS).toISOString(),
  );
  if (due.length === 0) return 0;
  const checks: CheckMade[] = [];
  for (const { presence, due: count } of due) {
    const facts = await factsOf(deps, presence);
    checks.push({ presence, due: count, attempt: attempt(remarksOf(presence, facts), now.toISOString()) });
  }
  await deps.store.validations.record(checks);
  return due.length;
}

/** What the check of one presence reads, as the registry holds it now. */
async function factsOf(deps: Pick<AppDeps, 'store'>, presence: Presence): Promise<ValidationFacts> {
  const { store } = deps;
  const workplace = await store.workplaces.get(presence.workplaceId);
  const { worker } = presence;
  const employment =
    'niss' in worker ? await store.declarations.employment(presence.employer, worker.niss) : undefined;
  const limosa =
    'niss' in worker
      ? await store.declarations.limosaOfWorker(worker.niss)
      : await store.declarations.limosaById(worker.limosaId);
  // The same person under their other number: a NISS's Limosa-1 numbers, a Limosa-1 number's NISS.
  const otherNumbers: Worker[] = (limosa ?? []).map((d) =>
    'niss' in worker ? { limosaId: d.limosaId } : { niss: d.worker },
  );
  return {
    ...(workplace === undefined ? {} : { workplace }),
    ...(employment === undefined ? {} : { employment: employment.map(periodOf) }),
    ...(limosa === undefined ? {} : { limosa: limosa.map(periodOf) }),
    registeredBefore: await registeredBefore(deps, presence, otherNumbers),
  };
}

function periodOf(declaration: DeclaredPeriod): DeclaredPeriod {
  return { from: declaration.from, ...(declaration.to === undefined ? {} : { to: declaration.to }) };
}

/**
 * Whether the same person was registered for the same employer, workplace and day under another of their numbers
 * before this presence (created earlier; the first of two made at the same instant by its id).
 */
async function registeredBefore(
  deps: Pick<AppDeps, 'store'>,
  presence: Presence,
  otherNumbers: readonly Worker[],
): Promise<boolean> {
  for (const worker of otherNumbers) {
    const { presences } = await deps.store.presences.search({
      from: presence.registrationDate,
      to: presence.registrationDate,
      workplaceId: presence.workplaceId,
      worker,
      employer: presence.employer,
      status: 'REGISTERED',
      limit: 10,
      scope: { kind: 'ALL' },
    });
    if (presences.some((other) => isEarlier(other, presence))) return true;
  }
  return false;
}

function isEarlier(a: Presence, b: Presence): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}
