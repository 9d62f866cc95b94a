import type { Failure } from '../app/failure.js';
import { domainError, type DomainError, type ErrorCode } from '../domain/errors.js';
import type { Result } from '../domain/result.js';

/**
 * The one exception of the HTTP layer: a refusal with its broken rules. Routes throw it (through `unwrap`);
 * the error handler turns it into `{ error: { code, message, details? } }` with the status of its code.
 */
export class Problem extends Error {
  constructor(readonly errors: Failure) {
    super(errors[0].message);
    this.name = 'Problem';
  }

  /** A problem of one rule. */
  static of(code: ErrorCode, message: string, field?: string): Problem {
    return new Problem([domainError(code, message, field)]);
  }

  /** The main error, the one whose code gives the HTTP status. */
  get main(): DomainError {
    return this.errors[0];
  }
}

/** The value of a use case's result, or a `Problem` thrown for the edge to answer. */
export function unwrap<T>(result: Result<T, Failure>): T {
  if (!result.ok) throw new Problem(result.error);
  return result.value;
}
