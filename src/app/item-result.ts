import type { DomainError } from '../domain/errors.js';
import type { Presence } from '../domain/presence.js';

/** The result of one item of a batch: each item is registered (or cancelled) or rejected on its own. */
export type ItemResult =
  | {
      readonly index: number;
      readonly status: 'REGISTERED';
      readonly duplicate: boolean;
      readonly presence: Presence;
    }
  | { readonly index: number; readonly status: 'CANCELLED'; readonly presence: Presence }
  | { readonly index: number; readonly status: 'REJECTED'; readonly errors: DomainError[] };

/** A rejected item. */
export function rejected(index: number, errors: DomainError[]): ItemResult {
  return { index, status: 'REJECTED', errors };
}
