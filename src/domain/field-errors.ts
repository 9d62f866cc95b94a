import { atField, type DomainError } from './errors.js';
import type { Result } from './result.js';

/**
 * Collects the errors of the fields of one input, so that a reply names every field that breaks a rule, not
 * only the first.
 *
 * @example
 *   const errors = new FieldErrors();
 *   const name = errors.take(parseText(input.name, 'The name'), 'name');
 *   if (errors.any() || name === undefined) return err(errors.list);
 */
export class FieldErrors {
  readonly list: DomainError[] = [];

  /** The value of a parse, or undefined after recording its error under `field`. */
  take<T>(result: Result<T, DomainError>, field: string): T | undefined {
    if (result.ok) return result.value;
    this.list.push(atField(result.error, field));
    return undefined;
  }

  /** Records an error. */
  add(error: DomainError): void {
    this.list.push(error);
  }

  /** True once an error is recorded. */
  any(): boolean {
    return this.list.length > 0;
  }
}
