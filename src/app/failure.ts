import type { DomainError } from '../domain/errors.js';
import { err } from '../domain/result.js';

/**
 * Why a whole request was refused: one or more broken rules, the first being the main one. (Batch calls
 * report rules broken by one item in that item's result instead.)
 */
export type Failure = readonly [DomainError, ...DomainError[]];

/** A refusal for one broken rule. */
export function fail(error: DomainError): { readonly ok: false; readonly error: Failure } {
  return err([error]);
}

/** A refusal for several broken rules (at least one). */
export function failAll(errors: readonly DomainError[]): { readonly ok: false; readonly error: Failure } {
  const [first, ...rest] = errors;
  if (first === undefined) throw new Error('failAll needs at least one error');
  return err([first, ...rest]);
}
