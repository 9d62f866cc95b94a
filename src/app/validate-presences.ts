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
  const later: Presence[] = [];
  for (const { presence, due: count } of due) {
    const { facts, registeredAfter } = await factsOf(deps, presence);
    checks.push({ presence, due: count, attempt: attempt(remarksOf(presence, facts), now.toISOString()) });
    later.push(...registeredAfter);
  }
  await deps.store.validations.record(checks);
  // A registration of the same person made after one checked here may have been checked before this one was
  // there to be seen (both made at the same moment): it is checked again.
  await deps.store.validations.markDue(later);
  return due.length;
}

/**
 * What the check of one presence reads, as the registry holds it now; and the registrations of the same person,
 * employer, workplace and day under another of their numbers made after it.
 */
async function factsOf(
  deps: Pick<AppDeps, 'store'>,
  presence: Presence,
): Promise<{ readonly facts: ValidationFacts; readonly registeredAfter: readonly Presence[] }> {
  const { store } = deps;
  const workplace = await store.workplaces.getCurrent(presence.workplaceId);
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
  const same = await sameDeclarations(deps, presence, otherNumbers);
  return {
    facts: {
      ...(workplace === undefined ? {} : { workplace }),
      ...(employment === undefined ? {} : { employment: employment.map(periodOf) }),
      ...(limosa === undefined ? {} : { limosa: limosa.map(periodOf) }),
      registeredBefore: same.some((other) => isEarlier(other, presence)),
    },
    registeredAfter: same.filter((other) => isEarlier(presence, other)),
  };
}

function periodOf(declaration: DeclaredPeriod): DeclaredPeriod {
  return { from: declaration.from, ...(declaration.to === undefined ? {} : { to: declaration.to }) };
}

/** The registrations of the same person for the same employer, workplace and day under another of their numbers. */
async function sameDeclarations(
  deps: Pick<AppDeps, 'store'>,
  presence: Presence,
  otherNumbers: readonly Worker[],
): Promise<Presence[]> {
  const found: Presence[] = [];
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
    found.push(...presences);
  }
  return found;
}

/** Whether `a` was registered before `b` (created earlier; of two made at the same instant, by id). */
function isEarlier(a: Presence, b: Presence): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}
