import { parseEnterpriseNumber } from '../domain/enterprise-number.js';
import { atField, domainError } from '../domain/errors.js';
import { authorize, seesEvery } from '../domain/permissions.js';
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
  deps: Pick<AppDeps, 'store' | 'clock' | 'random'>,
  principal: Principal,
  input: { readonly provider: string },
): Promise<Result<{ mandate: Mandate; created: boolean }, Failure>> {
  const allowed = authorize(principal, 'mandates.grant');
  if (!allowed.ok) return fail(allowed.error);
  const company = allowed.value;
  const provider = parseEnterpriseNumber(input.provider);
  if (!provider.ok) return fail(atField(provider.error, 'provider'));
  if (provider.value === company.enterprise) {
    return fail(
      domainError('MANDATE_SELF', 'A company needs no mandate to register for itself.', 'provider'),
    );
  }
  return ok(
    await deps.store.mandates.grant({
      id: deps.random.uuid(),
      company: company.enterprise,
      provider: provider.value,
      createdAt: deps.clock.now().toISOString(),
    }),
  );
}

/**
 * The mandates a company gave, or a provider received; for an inspector, those an enterprise gave or received
 * (`enterprise` required: whether a provider could register for a company is part of an inspection). A company
 * or provider naming another enterprise than its own gets an empty list, as for one without mandates.
 */
export async function listMandates(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  input: { readonly enterprise?: string | undefined } = {},
): Promise<Result<Mandate[], Failure>> {
  const allowed = authorize(principal, 'mandates.read');
  if (!allowed.ok) return fail(allowed.error);
  let named;
  if (input.enterprise !== undefined) {
    const parsed = parseEnterpriseNumber(input.enterprise);
    if (!parsed.ok) return fail(atField(parsed.error, 'enterprise'));
    named = parsed.value;
  }
  const reader = allowed.value;
  if (seesEvery(reader, 'mandates')) {
    if (named === undefined)
      return fail(
        domainError('SEARCH_FILTER_REQUIRED', 'Name the enterprise whose mandates to list.', 'enterprise'),
      );
    const [given, received] = await Promise.all([
      deps.store.mandates.list({ company: named }),
      deps.store.mandates.list({ provider: named }),
    ]);
    return ok([...given, ...received].sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
  }
  if (named !== undefined && named !== reader.enterprise) return ok([]);
  // A company's mandates are those it gave, a provider's those it received.
  switch (reader.role) {
    case 'company':
      return ok(await deps.store.mandates.list({ company: reader.enterprise }));
    case 'provider':
      return ok(await deps.store.mandates.list({ provider: reader.enterprise }));
  }
}

/** The company revokes a mandate it gave: the provider can no longer act or read for it, at once. */
export async function revokeMandate(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  principal: Principal,
  id: string,
): Promise<Result<Mandate, Failure>> {
  const allowed = authorize(principal, 'mandates.grant');
  if (!allowed.ok) return fail(allowed.error);
  const mandate = await deps.store.mandates.get(id);
  if (mandate === undefined || mandate.company !== allowed.value.enterprise) {
    return fail(domainError('MANDATE_NOT_FOUND', 'No mandate with this id given by you.', 'id'));
  }
  const revoked = await deps.store.mandates.revoke(id, deps.clock.now().toISOString());
  return revoked === undefined
    ? fail(domainError('MANDATE_NOT_FOUND', 'No mandate with this id given by you.', 'id'))
    : ok(revoked);
}
