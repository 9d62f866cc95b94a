import { parseEnterpriseNumber } from '../domain/enterprise-number.js';
import { atField, domainError } from '../domain/errors.js';
import { authorize } from '../domain/permissions.js';
import type { Principal } from '../domain/principal.js';
import { ok, type Result } from '../domain/result.js';
import type { Mandate } from '../store/mandate-repository.js';
import type { AppDeps } from './app-deps.js';
import { fail, type Failure } from './failure.js';

/**
 * A company mandates a service provider (by the provider's enterprise number) to register presences on its
 * behalf. Granting twice returns the mandate already in force.
 */
export async function grantMandate(
  deps: AppDeps,
  principal: Principal,
  input: { readonly provider: string },
): Promise<Result<{ mandate: Mandate; created: boolean }, Failure>> {
  const allowed = authorize(principal, 'mandates.grant');
  if (!allowed.ok) return fail(allowed.error);
  if (principal.role !== 'company')
    return fail(domainError('ROLE_FORBIDDEN', 'Only a company grants mandates.'));
  const provider = parseEnterpriseNumber(input.provider);
  if (!provider.ok) return fail(atField(provider.error, 'provider'));
  if (provider.value === principal.enterprise) {
    return fail(
      domainError('MANDATE_SELF', 'A company needs no mandate to register for itself.', 'provider'),
    );
  }
  return ok(
    await deps.store.mandates.grant({
      id: deps.random.uuid(),
      company: principal.enterprise,
      provider: provider.value,
      createdAt: deps.clock.now().toISOString(),
    }),
  );
}

/** The mandates a company gave, or a provider received. */
export async function listMandates(deps: AppDeps, principal: Principal): Promise<Result<Mandate[], Failure>> {
  const allowed = authorize(principal, 'mandates.read');
  if (!allowed.ok) return fail(allowed.error);
  if (principal.role === 'company')
    return ok(await deps.store.mandates.list({ company: principal.enterprise }));
  if (principal.role === 'provider')
    return ok(await deps.store.mandates.list({ provider: principal.enterprise }));
  return fail(domainError('ROLE_FORBIDDEN', 'Mandates are listed by the company or provider they bind.'));
}

/** The company revokes a mandate it gave: the provider can no longer act or read for it, at once. */
export async function revokeMandate(
  deps: AppDeps,
  principal: Principal,
  id: string,
): Promise<Result<Mandate, Failure>> {
  const allowed = authorize(principal, 'mandates.grant');
  if (!allowed.ok) return fail(allowed.error);
  const mandate = await deps.store.mandates.get(id);
  if (mandate === undefined || principal.role !== 'company' || mandate.company !== principal.enterprise) {
    return fail(domainError('MANDATE_NOT_FOUND', 'No mandate with this id given by you.', 'id'));
  }
  const revoked = await deps.store.mandates.revoke(id, deps.clock.now().toISOString());
  return revoked === undefined
    ? fail(domainError('MANDATE_NOT_FOUND', 'No mandate with this id given by you.', 'id'))
    : ok(revoked);
}
