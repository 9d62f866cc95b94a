import {
  addContractor as addToChain,
  chainAccess,
  isParty,
  mayRegisterFor,
  visibleLinks,
  type ContractorLink,
} from '../domain/contractor-chain.js';
import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import { atField, domainError, type DomainError } from '../domain/errors.js';
import { authorize, seesEvery } from '../domain/permissions.js';
import type { Principal } from '../domain/principal.js';
import { ok, type Result } from '../domain/result.js';
import {
  newWorkplaceId,
  parseWorkplace,
  WORKPLACE_ID_RANDOM_BYTES,
  type Workplace,
  type WorkplaceInput,
} from '../domain/workplace.js';
import { parseWorkplaceId, type WorkplaceId } from '../domain/workplace-id.js';
import type { AccessRepairReport, WorkplaceWithChain } from '../store/workplace-repository.js';
import { actingFor } from './acting-for.js';
import type { AppDeps } from './app-deps.js';
import { fail, failAll, type Failure } from './failure.js';

/** A workplace with the part of its contractor chain the caller may see. */
export interface WorkplaceView {
  readonly workplace: Workplace;
  readonly contractors: ContractorLink[];
}

/**
 * Declares a workplace. A company declares for itself, a provider for a company that mandated it, an
 * administrator for anyone. Without a works declaration number, the registry assigns a 13-character id.
 */
export async function declareWorkplace(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random'>,
  principal: Principal,
  input: WorkplaceInput,
): Promise<Result<Workplace, Failure>> {
  const allowed = authorize(principal, 'workplaces.declare');
  if (!allowed.ok) return fail(allowed.error);
  const parsed = parseWorkplace(input);
  if (!parsed.ok) return failAll(parsed.error);
  const declaration = parsed.value;
  const caller = allowed.value;
  if (!seesEvery(caller, 'workplaces')) {
    const acting = await actingFor(deps, caller);
    if (!acting.has(declaration.declarant))
      return fail(domainError('DECLARANT_NOT_SELF', DECLARES_FOR[caller.role], 'declarant'));
  }
  const createdAt = deps.clock.now().toISOString();
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const id = declaration.id ?? newWorkplaceId(deps.random.bytes(WORKPLACE_ID_RANDOM_BYTES));
    const workplace: Workplace = { ...declaration, id, createdAt };
    if (await deps.store.workplaces.create(workplace)) return ok(workplace);
    if (declaration.id !== undefined) break;
  }
  return fail(
    domainError('WORKPLACE_EXISTS', 'A workplace with this id is already declared.', 'workplaceId'),
  );
}

/** Whom a company or a provider declares workplaces for. */
const DECLARES_FOR = {
  company: 'A company declares workplaces only with itself as declarant.',
  provider: 'A provider declares workplaces only for the companies that mandated it.',
} as const;

/** The workplaces the caller takes part in (every workplace for inspectors, agents and administrators). */
export async function listWorkplaces(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
): Promise<Result<Workplace[], Failure>> {
  const allowed = authorize(principal, 'workplaces.read');
  if (!allowed.ok) return fail(allowed.error);
  if (seesEvery(principal, 'workplaces')) return ok(await deps.store.workplaces.list('ALL'));
  const acting = await actingFor(deps, principal);
  return ok(acting.size === 0 ? [] : await deps.store.workplaces.list([...acting]));
}

/** One workplace and the links of its chain the caller may see; not found for an outsider (no probing). */
export async function getWorkplace(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  rawId: string,
): Promise<Result<WorkplaceView, Failure>> {
  const allowed = authorize(principal, 'workplaces.read');
  if (!allowed.ok) return fail(allowed.error);
  const found = await findVisibleWorkplace(deps, principal, rawId, 'id');
  if (!found.ok) return found;
  const { workplace, chain } = found.value.found;
  return ok({ workplace, contractors: visibleLinks(chain, found.value.acting) });
}

/** Adds a contractor under a parent in a workplace's chain (see `addContractor` in the domain for who may). */
export async function addContractor(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  principal: Principal,
  rawId: string,
  input: { readonly enterprise: string; readonly parent: string },
): Promise<Result<{ view: WorkplaceView; added: boolean }, Failure>> {
  const allowed = authorize(principal, 'contractors.add');
  if (!allowed.ok) return fail(allowed.error);
  const errors: DomainError[] = [];
  const enterprise = parseEnterpriseNumber(input.enterprise);
  if (!enterprise.ok) errors.push(atField(enterprise.error, 'enterprise'));
  const parent = parseEnterpriseNumber(input.parent);
  if (!parent.ok) errors.push(atField(parent.error, 'parent'));
  if (!enterprise.ok || !parent.ok) return failAll(errors);
  const found = await findVisibleWorkplace(deps, principal, rawId, 'id');
  if (!found.ok) return found;
  const { acting } = found.value;
  const link = { enterprise: enterprise.value, parent: parent.value };
  const changed = await deps.store.workplaces.changeChain(
    found.value.found.workplace.id,
    deps.clock.now().toISOString(),
    (chain) => {
      const result = addToChain(chain, link, acting === 'ALL' ? 'ANYONE' : acting);
      return result.ok ? ok({ ...result.value, link }) : result;
    },
    chainAccess,
  );
  if (changed === undefined) return fail(workplaceNotFound('id'));
  if (!changed.ok) return fail(changed.error);
  const { chain, added } = changed.value;
  return ok({
    view: { workplace: found.value.found.workplace, contractors: visibleLinks(chain, acting) },
    added,
  });
}

/**
 * Finds a workplace the caller may see: a party to its chain, or a role that sees every workplace. Returns
 * what the caller acts for (`'ALL'` for those roles).
 */
export async function findVisibleWorkplace(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  rawId: string,
  field: string,
): Promise<Result<{ found: WorkplaceWithChain; acting: ReadonlySet<EnterpriseNumber> | 'ALL' }, Failure>> {
  const id = parseWorkplaceId(rawId);
  if (!id.ok) return fail(atField(id.error, field));
  const found = await deps.store.workplaces.get(id.value);
  if (found === undefined) return fail(workplaceNotFound(field));
  if (seesEvery(principal, 'workplaces')) return ok({ found, acting: 'ALL' });
  const acting = await actingFor(deps, principal);
  return isParty(found.chain, acting) ? ok({ found, acting }) : fail(workplaceNotFound(field));
}

/**
 * The sender rule of every use case that acts for an employer on a workplace — registering a presence, opening
 * an incident, making a paper listing, sending the contact form: the caller takes part in the workplace's chain
 * (else the workplace is not found, as one that does not exist would be), and the employer is one it acts for or
 * one below them. Undefined when it may.
 */
export function mayActForEmployer(
  found: WorkplaceWithChain | undefined,
  acting: ReadonlySet<EnterpriseNumber>,
  employer: EnterpriseNumber,
  employerField = 'employer',
): DomainError | undefined {
  if (found === undefined || !isParty(found.chain, acting)) return workplaceNotFound('workplaceId');
  const may = mayRegisterFor(found.chain, acting, employer);
  return may.ok ? undefined : { ...may.error, field: employerField };
}

/** Loads a workplace and who the caller acts for, and applies {@link mayActForEmployer}. */
export async function workplaceOfEmployer(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  workplaceId: WorkplaceId,
  employer: EnterpriseNumber,
  employerField = 'employer',
): Promise<Result<{ found: WorkplaceWithChain; acting: ReadonlySet<EnterpriseNumber> }, Failure>> {
  const found = await deps.store.workplaces.get(workplaceId);
  const acting = await actingFor(deps, principal);
  const refused = mayActForEmployer(found, acting, employer, employerField);
  if (refused !== undefined || found === undefined) return fail(refused ?? workplaceNotFound('workplaceId'));
  return ok({ found, acting });
}

/** The refusal for a workplace that does not exist or that the caller has no part in: the two look alike. */
export function workplaceNotFound(field?: string): DomainError {
  return domainError(
    'WORKPLACE_NOT_FOUND',
    'No workplace with this id in which you (or the companies that mandated you) take part.',
    field,
  );
}

/**
 * Checks the search index of every workplace (who may find whose presences) against what its contractor chain
 * implies, and rebuilds each one that differs unless `dryRun` (`sitepresence doctor`, and after `migrate`).
 */
export function repairSearchIndex(
  deps: Pick<AppDeps, 'store'>,
  dryRun: boolean,
): Promise<AccessRepairReport> {
  return deps.store.workplaces.repairAccess(chainAccess, !dryRun);
}
