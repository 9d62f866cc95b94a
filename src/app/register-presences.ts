import { brusselsDate, type CalendarDate } from '../domain/calendar-date.js';
import { isParty, mayRegisterFor } from '../domain/contractor-chain.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import { atField, domainError, type DomainError } from '../domain/errors.js';
import { authorize } from '../domain/permissions.js';
import {
  checkRegistrationDate,
  parsePresenceRequest,
  type Channel,
  type PresenceRequest,
  type PresenceRequestInput,
} from '../domain/presence.js';
import { senderOf, type Principal } from '../domain/principal.js';
import { newReceiptNumber, RECEIPT_RANDOM_BYTES } from '../domain/receipt-number.js';
import { ok, type Result } from '../domain/result.js';
import { isWithinPeriod } from '../domain/workplace.js';
import type { WorkplaceId } from '../domain/workplace-id.js';
import type { PresenceDraft } from '../store/presence-repository.js';
import type { WorkplaceWithChain } from '../store/workplace-repository.js';
import { actingFor } from './acting-for.js';
import type { AppDeps } from './app-deps.js';
import { fail, type Failure } from './failure.js';
import { rejected, type ItemResult } from './item-result.js';
import { workplaceNotFound } from './workplaces.js';

/** A batch of presences to register, and the channel it came through. */
export interface RegisterPresencesCommand {
  readonly presences: readonly PresenceRequestInput[];
  readonly channel: Exclude<Channel, 'PAPER'>;
}

/**
 * Registers each presence on its own, never twice. An item is registered when its identifiers are valid, its
 * day is today or up to 35 days ahead and within the works' period, and the sender may register for its
 * employer (the employer itself or a company above it in the chain, or a provider they mandated). Authorisation
 * comes before de-duplication: a sender never gets back a presence it could not have registered.
 */
export async function registerPresences(
  deps: AppDeps,
  principal: Principal,
  command: RegisterPresencesCommand,
): Promise<Result<ItemResult[], Failure>> {
  const allowed = authorize(principal, 'presences.register');
  if (!allowed.ok) return fail(allowed.error);
  const sender = senderOf(principal);
  if (sender === undefined)
    return fail(domainError('ROLE_FORBIDDEN', 'Only companies and providers register presences.'));
  const now = deps.clock.now();
  const today = brusselsDate(now);
  const acting = await actingFor(deps, principal);
  const workplaces = new Map<WorkplaceId, WorkplaceWithChain | undefined>();

  const results: (ItemResult | undefined)[] = [];
  const accepted: { index: number; draft: PresenceDraft }[] = [];
  for (const [index, input] of command.presences.entries()) {
    const path = `presences[${index}]`;
    const parsed = parsePresenceRequest(input);
    if (!parsed.ok) {
      results[index] = rejected(
        index,
        parsed.error.map((e) => atField(e, path)),
      );
      continue;
    }
    const request = parsed.value;
    if (!workplaces.has(request.workplaceId)) {
      workplaces.set(request.workplaceId, await deps.store.workplaces.get(request.workplaceId));
    }
    const errors = checkItem(request, workplaces.get(request.workplaceId), acting, today).map((e) =>
      atField(e, path),
    );
    if (errors.length > 0) {
      results[index] = rejected(index, errors);
      continue;
    }
    accepted.push({
      index,
      draft: {
        ...request,
        id: deps.random.uuid(),
        channel: command.channel,
        sender,
        createdAt: now.toISOString(),
        newReceiptNumber: () => newReceiptNumber(deps.random.bytes(RECEIPT_RANDOM_BYTES)),
      },
    });
  }

  const outcomes =
    accepted.length === 0 ? [] : await deps.store.presences.register(accepted.map((a) => a.draft));
  outcomes.forEach((outcome, i) => {
    const index = accepted[i]?.index ?? -1;
    results[index] =
      outcome.kind === 'CLIENT_REFERENCE_CONFLICT'
        ? rejected(index, [
            domainError(
              'CLIENT_REFERENCE_CONFLICT',
              `This clientReference is already bound to another presence (receipt ${outcome.presence.receiptNumber}).`,
              `presences[${index}].clientReference`,
            ),
          ])
        : {
            index,
            status: 'REGISTERED',
            duplicate: outcome.kind === 'DUPLICATE',
            presence: outcome.presence,
          };
  });
  return ok(results.filter((r): r is ItemResult => r !== undefined));
}

function checkItem(
  request: PresenceRequest,
  found: WorkplaceWithChain | undefined,
  acting: ReadonlySet<EnterpriseNumber>,
  today: CalendarDate,
): DomainError[] {
  if (found === undefined || !isParty(found.chain, acting)) return [workplaceNotFound('workplaceId')];
  const errors: DomainError[] = [];
  const date = checkRegistrationDate(request.registrationDate, today);
  if (!date.ok) errors.push(atField(date.error, 'registrationDate'));
  else if (!isWithinPeriod(found.workplace, request.registrationDate)) {
    errors.push(
      domainError(
        'DATE_OUTSIDE_WORKPLACE_PERIOD',
        `The works run from ${found.workplace.startDate} to ${found.workplace.endDate}.`,
        'registrationDate',
      ),
    );
  }
  const employer = mayRegisterFor(found.chain, acting, request.employer);
  if (!employer.ok) errors.push(employer.error);
  return errors;
}
