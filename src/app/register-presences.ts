import { todayInBrussels } from './today.js';
import { type CalendarDate } from '../domain/calendar-date.js';
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
import { newPresenceNumbers, PRESENCE_NUMBERS_RANDOM_BYTES } from '../domain/presence-numbers.js';
import { ok, type Result } from '../domain/result.js';
import { isWithinPeriod } from '../domain/workplace.js';
import type { WorkplaceId } from '../domain/workplace-id.js';
import type { PresenceDraft, RegisterOutcome } from '../store/presence-repository.js';
import type { WorkplaceWithChain } from '../store/workplace-repository.js';
import { actingFor } from './acting-for.js';
import type { AppDeps } from './app-deps.js';
import { fail, type Failure } from './failure.js';
import { rejected, type ItemResult } from './item-result.js';
import { mayActForEmployer, workplaceNotFound } from './workplaces.js';

/** A batch of presences to register, and the channel it came through. */
export interface RegisterPresencesCommand {
  readonly presences: readonly PresenceRequestInput[];
  readonly channel: Exclude<Channel, 'PAPER'>;
  /**
   * How many days ahead of today the request may register, when its protocol allows fewer than the registry's
   * `MAX_DAYS_AHEAD` (the social security's web service: `WEB_SERVICE_DAYS_AHEAD`).
   */
  readonly daysAhead?: number;
}

/**
 * Registers each presence on its own, never twice. An item is registered when its identifiers are valid, its
 * day is in the registration window (today up to `MAX_DAYS_AHEAD` days ahead) and within the works' period, and the sender may register for its
 * employer (the employer itself or a company above it in the chain, or a provider they mandated). Authorisation
 * comes before de-duplication — a sender never gets back a presence it could not have registered — and
 * de-duplication before the day rules: a retry after midnight gets back what it registered the day before.
 */
export async function registerPresences(
  deps: Pick<AppDeps, 'store' | 'clock' | 'random' | 'relaying'>,
  principal: Principal,
  command: RegisterPresencesCommand,
): Promise<Result<ItemResult[], Failure>> {
  const allowed = authorize(principal, 'presences.register');
  if (!allowed.ok) return fail(allowed.error);
  const sender = senderOf(allowed.value);
  const now = deps.clock.now();
  const createdAt = now.toISOString();
  const today = todayInBrussels(now);
  const acting = await actingFor(deps, principal);
  const workplaces = new Map<WorkplaceId, WorkplaceWithChain | undefined>();

  const results: (ItemResult | undefined)[] = [];
  const accepted: { index: number; draft: PresenceDraft; dayErrors: DomainError[] }[] = [];
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
    const found = workplaces.get(request.workplaceId);
    const refusal = mayActForEmployer(found, acting, request.employer);
    if (refusal !== undefined || found === undefined) {
      results[index] = rejected(index, [atField(refusal ?? workplaceNotFound(), path)]);
      continue;
    }
    // The day rules decide whether a new presence may be made, not whether an existing one is returned: a
    // retry after midnight gets the receipt of what it registered before.
    const dayErrors = checkDay(request, found, today, command.daysAhead).map((e) => atField(e, path));
    accepted.push({
      index,
      dayErrors,
      draft: {
        ...request,
        id: deps.random.uuid(),
        channel: command.channel,
        sender,
        createdAt,
        mayCreate: dayErrors.length === 0,
        relay: deps.relaying,
        newNumbers: () => newPresenceNumbers(deps.random.bytes(PRESENCE_NUMBERS_RANDOM_BYTES)),
      },
    });
  }

  const outcomes =
    accepted.length === 0 ? [] : await deps.store.presences.register(accepted.map((a) => a.draft));
  accepted.forEach(({ index, dayErrors }, i) => {
    const outcome = outcomes[i];
    results[index] =
      outcome === undefined
        ? rejected(index, [domainError('INTERNAL', 'Not processed.')])
        : itemResult(index, outcome, dayErrors);
  });
  return ok(results.filter((r): r is ItemResult => r !== undefined));
}

function itemResult(index: number, outcome: RegisterOutcome, dayErrors: DomainError[]): ItemResult {
  switch (outcome.kind) {
    case 'CREATED':
    case 'DUPLICATE':
      return {
        index,
        status: 'REGISTERED',
        duplicate: outcome.kind === 'DUPLICATE',
        presence: outcome.presence,
      };
    case 'NOT_REGISTERED':
      return rejected(index, dayErrors);
    case 'CLIENT_REFERENCE_CONFLICT':
      return rejected(index, [
        domainError(
          'CLIENT_REFERENCE_CONFLICT',
          'You already used this clientReference for another presence: give each registration its own.',
          `presences[${index}].clientReference`,
        ),
      ]);
  }
}

/** The day rules of a new registration: a day of the registration window, within the works' period. */
function checkDay(
  request: PresenceRequest,
  found: WorkplaceWithChain,
  today: CalendarDate,
  daysAhead: number | undefined,
): DomainError[] {
  const date = checkRegistrationDate(request.registrationDate, today, daysAhead);
  if (!date.ok) return [atField(date.error, 'registrationDate')];
  if (!isWithinPeriod(found.workplace, request.registrationDate)) {
    return [
      domainError(
        'DATE_OUTSIDE_WORKPLACE_PERIOD',
        `The works run from ${found.workplace.startDate} to ${found.workplace.endDate}.`,
        'registrationDate',
      ),
    ];
  }
  return [];
}
