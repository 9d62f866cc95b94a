import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';
import { stripSeparators } from './typed-input.js';

declare const workplaceIdBrand: unique symbol;

/** A workplace id: the works declaration number (30bis), upper-case letters and digits, 6 to 20 of them. */
export type WorkplaceId = string & { readonly [workplaceIdBrand]: true };

/** Parses a workplace id as typed: case and separators are ignored (`1y10-2m7n zf7pz` is `1Y102M7NZF7PZ`). */
export function parseWorkplaceId(raw: string): Result<WorkplaceId, DomainError> {
  const value = stripSeparators(raw);
  if (!/^[A-Za-z0-9]{6,20}$/.test(value)) {
    return err(
      domainError(
        'WORKPLACE_ID_FORMAT',
        'A workplace id (works declaration number) is 6 to 20 letters and digits.',
      ),
    );
  }
  return ok(value.toUpperCase() as WorkplaceId);
}
