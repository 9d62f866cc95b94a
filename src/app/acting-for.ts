import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import { actingEnterprises, mandatedProvider, type Principal } from '../domain/principal.js';
import type { AppDeps } from './app-deps.js';

/** The enterprises a principal acts for: for a provider, the companies whose mandate is in force now. */
export async function actingFor(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
): Promise<ReadonlySet<EnterpriseNumber>> {
  const provider = mandatedProvider(principal);
  const mandators = provider === undefined ? [] : await deps.store.mandates.mandators(provider);
  return actingEnterprises(principal, mandators);
}
