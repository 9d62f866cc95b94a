import { brusselsDate } from '../domain/calendar-date.js';
import { mayRegisterFor } from '../domain/contractor-chain.js';
import { atField, domainError, type DomainError } from '../domain/errors.js';
import { authorize } from '../domain/permissions.js';
import { checkCancellationDate, parseCancellationReason, type Presence } from '../domain/presence.js';
import { senderOf, type Principal } from '../domain/principal.js';
import { ok, type Result } from '../domain/result.js';
import { actingFor } from './acting-for.js';
import type { AppDeps } from './app-deps.js';
import { fail, type Failure } from './failure.js';
import { rejected, type ItemResult } from './item-result.js';

/** One cancellation as it arrives. */
export interface CancellationInput {
  readonly id: string;
  readonly reason: string;
}

/**
 * Cancels presences, each on its own, giving a reason. Whoever may register a presence may cancel it, on its
 * day or before; past days stay as the record of who was there. Cancelling twice is refused with
 * `ALREADY_CANCELLED`.
 */
export async function cancelPresences(
  deps: AppDeps,
  principal: Principal,
  cancellations: readonly CancellationInput[],
): Promise<Result<ItemResult[], Failure>> {
  const allowed = authorize(principal, 'presences.cancel');
  if (!allowed.ok) return fail(allowed.error);
  const by = senderOf(principal);
  if (by === undefined)
    return fail(domainError('ROLE_FORBIDDEN', 'Only companies and providers cancel presences.'));
  const now = deps.clock.now();
  const today = brusselsDate(now);
  const acting = await actingFor(deps, principal);

  const results = cancellations.map(async (input, index): Promise<ItemResult> => {
    const path = `cancellations[${index}]`;
    const reason = parseCancellationReason(input.reason);
    if (!reason.ok) return rejected(index, [atField(reason.error, `${path}.reason`)]);
    const presence = await deps.store.presences.get(input.id);
    const found = presence === undefined ? undefined : await deps.store.workplaces.get(presence.workplaceId);
    if (
      presence === undefined ||
      found === undefined ||
      !mayRegisterFor(found.chain, acting, presence.employer).ok
    ) {
      return rejected(index, [notFound(`${path}.id`)]);
    }
    if (presence.status === 'CANCELLED') return rejected(index, [alreadyCancelled(presence, `${path}.id`)]);
    const onTime = checkCancellationDate(presence, today);
    if (!onTime.ok) return rejected(index, [atField(onTime.error, `${path}.id`)]);
    const outcome = await deps.store.presences.cancel(presence.id, {
      at: now.toISOString(),
      reason: reason.value,
      by,
    });
    switch (outcome.kind) {
      case 'CANCELLED':
        return { index, status: 'CANCELLED', presence: outcome.presence };
      case 'ALREADY_CANCELLED':
        return rejected(index, [alreadyCancelled(outcome.presence, `${path}.id`)]);
      case 'NOT_FOUND':
        return rejected(index, [notFound(`${path}.id`)]);
    }
  });
  return ok(await Promise.all(results));
}

function notFound(field: string): DomainError {
  return domainError('PRESENCE_NOT_FOUND', 'No presence with this id that you may see.', field);
}

function alreadyCancelled(presence: Presence, field: string): DomainError {
  const when = presence.status === 'CANCELLED' ? ` at ${presence.cancelledAt}` : '';
  return domainError('ALREADY_CANCELLED', `This presence was already cancelled${when}.`, field);
}
