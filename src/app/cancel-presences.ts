import { todayInBrussels } from './today.js';
import { mayCancelPresence, maySeePresence } from '../domain/access.js';
import { type CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import { atField, domainError, type DomainError } from '../domain/errors.js';
import { authorize } from '../domain/permissions.js';
import { checkCancellationDate, parseCancellationReason, type Presence } from '../domain/presence.js';
import { senderOf, type Principal, type Sender } from '../domain/principal.js';
import { ok, type Result } from '../domain/result.js';
import { actingFor } from './acting-for.js';
import { findPresence } from './find-presence.js';
import type { AppDeps } from './app-deps.js';
import { fail, type Failure } from './failure.js';
import { rejected, type ItemResult } from './item-result.js';

/** One cancellation as it arrives. */
export interface CancellationInput {
  readonly id: string;
  readonly reason: string;
}

/**
 * Cancels presences, each on its own, giving a reason. The sender of a presence or its employer may cancel it,
 * on its day or before; past days stay as the record of who was there. Cancelling twice is refused with
 * `ALREADY_CANCELLED`; a presence the caller may not see is not found.
 */
export async function cancelPresences(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  principal: Principal,
  cancellations: readonly CancellationInput[],
): Promise<Result<ItemResult[], Failure>> {
  const allowed = authorize(principal, 'presences.cancel');
  if (!allowed.ok) return fail(allowed.error);
  const by = senderOf(allowed.value);
  const now = deps.clock.now();
  const context: CancelContext = {
    deps,
    principal,
    by,
    at: now.toISOString(),
    today: todayInBrussels(now),
    acting: await actingFor(deps, principal),
  };
  const settled = await Promise.allSettled(
    cancellations.map((input, index) => cancelOne(context, input, index)),
  );
  // A failure of one item (the database, say) is reported on that item; the others stand as they were done.
  return ok(
    settled.map((outcome, index) =>
      outcome.status === 'fulfilled'
        ? outcome.value
        : rejected(index, [
            domainError('INTERNAL', 'This item could not be processed; sending it again is safe.'),
          ]),
    ),
  );
}

interface CancelContext {
  readonly deps: Pick<AppDeps, 'store'>;
  readonly principal: Principal;
  readonly by: Sender;
  readonly at: string;
  readonly today: CalendarDate;
  readonly acting: ReadonlySet<EnterpriseNumber>;
}

async function cancelOne(
  context: CancelContext,
  input: CancellationInput,
  index: number,
): Promise<ItemResult> {
  const { deps, principal, acting } = context;
  const field = `cancellations[${index}].id`;
  const reason = parseCancellationReason(input.reason);
  if (!reason.ok) return rejected(index, [atField(reason.error, `cancellations[${index}].reason`)]);
  const presence = await findPresence(deps, input.id);
  const found = presence === undefined ? undefined : await deps.store.workplaces.get(presence.workplaceId);
  if (
    presence === undefined ||
    found === undefined ||
    !maySeePresence(principal, acting, found.chain, presence)
  ) {
    return rejected(index, [
      domainError('PRESENCE_NOT_FOUND', 'No presence with this id that you may see.', field),
    ]);
  }
  if (presence.status === 'CANCELLED') return rejected(index, [alreadyCancelled(presence, field)]);
  if (!mayCancelPresence(principal, acting, presence)) {
    return rejected(index, [
      domainError(
        'CANCEL_NOT_ALLOWED',
        'Only the sender of a presence or its employer may cancel it.',
        field,
      ),
    ]);
  }
  const onTime = checkCancellationDate(presence, context.today);
  if (!onTime.ok) return rejected(index, [atField(onTime.error, field)]);
  const outcome = await deps.store.presences.cancel(presence.id, {
    at: context.at,
    reason: reason.value,
    by: context.by,
  });
  switch (outcome.kind) {
    case 'CANCELLED':
      return { index, status: 'CANCELLED', presence: outcome.presence };
    case 'ALREADY_CANCELLED':
      return rejected(index, [alreadyCancelled(outcome.presence, field)]);
    case 'NOT_FOUND':
      return rejected(index, [
        domainError('PRESENCE_NOT_FOUND', 'No presence with this id that you may see.', field),
      ]);
  }
}

function alreadyCancelled(presence: Presence, field: string): DomainError {
  const when = presence.status === 'CANCELLED' ? ` at ${presence.cancelledAt}` : '';
  return domainError('ALREADY_CANCELLED', `This presence was already cancelled${when}.`, field);
}
