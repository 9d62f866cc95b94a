import { isDataError, type DomainError, type ErrorCode } from '../domain/errors.js';
import type { SendResult } from './capture-journal.js';
import type { ClassifiedFailure } from './failure.js';

/*
 * What the registry's refusals mean for the captures the forwarder sent: which are refused for their data (never
 * sent again), which only because their day is over (held for the procedure), and when a batch was too large.
 */

/** Error codes that say a capture's day is over: it is held for the procedure, not rejected as bad data. */
const DAY_OVER: ReadonlySet<string> = new Set<ErrorCode>(['DATE_IN_PAST']);

/** Error codes that say the batch was too large: a smaller one may pass. */
const TOO_LARGE: ReadonlySet<string> = new Set<ErrorCode>(['BODY_TOO_LARGE', 'TOO_MANY_ITEMS']);

/**
 * Whether the registry's errors for one item refuse it for its data, so that sending it again would be refused
 * the same way: some, each a data error of the domain's ({@link isDataError}). A code that is not one — the
 * registry's own trouble, the agent's key, the request as a whole, or a code this agent does not know — leaves
 * the capture to be sent again rather than rejected on a guess.
 */
export function refusesData(errors: readonly DomainError[] | undefined): errors is readonly DomainError[] {
  return errors !== undefined && errors.length > 0 && errors.every((e) => isDataError(e.code));
}

/**
 * Whether the registry refused a whole batch for the data of items in it: its errors refuse data
 * ({@link refusesData}) and each names a field of an item (`presences[3].worker.niss`), not of the request.
 */
export function refusesItems(errors: readonly DomainError[] | undefined): errors is readonly DomainError[] {
  return refusesData(errors) && errors.every((e) => e.field?.startsWith('presences[') === true);
}

/** Whether the registry (or a proxy before it, with a 413) refused a batch as too large: a smaller one may pass. */
export function refusesAsTooLarge(
  failure: ClassifiedFailure,
  errors: readonly DomainError[] | undefined,
): boolean {
  return failure.status === 413 || (errors ?? []).some((e) => TOO_LARGE.has(e.code));
}

/** A capture refused for its data: held when its day is over, else rejected. */
export function refusalOf(sequence: number, errors: readonly DomainError[]): SendResult {
  const over = errors.some((e) => DAY_OVER.has(e.code));
  return { sequence, outcome: over ? 'HELD' : 'REJECTED', errors };
}
