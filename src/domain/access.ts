import { selfAndAbove, type ContractorChain } from './contractor-chain.js';
import type { EnterpriseNumber } from './enterprise-number.js';
import type { Presence } from './presence.js';
import { seesEvery } from './permissions.js';
import { actsForEnterprises, type Principal } from './principal.js';

/**
 * Whether a principal may see a presence. A NISS is personal data: a company sees the presences of its own
 * workers and of the contractors below it on the workplace; a provider what the companies that mandated it see
 * (and nothing more once the mandate is revoked); an inspector everything; the contact center and the
 * administrators none.
 */
export function maySeePresence(
  principal: Principal,
  actingFor: ReadonlySet<EnterpriseNumber>,
  chain: ContractorChain,
  presence: Pick<Presence, 'employer'>,
): boolean {
  return seesEvery(principal, 'presences') || seenInChain(principal, actingFor, chain, presence.employer);
}

/**
 * Whether a principal may see an incident about an employer: those who see every incident (the contact center,
 * which handles them, and inspectors), and otherwise as for the employer's presences.
 */
export function maySeeProcedureRecord(
  principal: Principal,
  actingFor: ReadonlySet<EnterpriseNumber>,
  chain: ContractorChain,
  record: { readonly employer: EnterpriseNumber },
): boolean {
  return seesEvery(principal, 'incidents') || seenInChain(principal, actingFor, chain, record.employer);
}

/** A company or a provider sees what concerns an employer it acts for, or one below those in the chain. */
function seenInChain(
  principal: Principal,
  actingFor: ReadonlySet<EnterpriseNumber>,
  chain: ContractorChain,
  employer: EnterpriseNumber,
): boolean {
  if (!actsForEnterprises(principal)) return false;
  for (const above of selfAndAbove(chain, employer)) if (actingFor.has(above)) return true;
  return false;
}

/**
 * Whether a principal may cancel a presence it may see: the sender itself (or a provider acting for the company
 * that sent it), or the employer (or a provider acting for it), who corrects what was registered for its
 * workers. A company higher in the chain sees its subcontractors' presences but does not cancel what it did not
 * send.
 */
export function mayCancelPresence(
  principal: Principal,
  actingFor: ReadonlySet<EnterpriseNumber>,
  presence: Pick<Presence, 'employer' | 'sender'>,
): boolean {
  if (!actsForEnterprises(principal)) return false;
  const { sender } = presence;
  if (sender.role === principal.role && sender.enterprise === principal.enterprise) return true;
  if (sender.role === 'company' && actingFor.has(sender.enterprise)) return true;
  return actingFor.has(presence.employer);
}
