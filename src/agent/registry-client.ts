import type { DomainError } from '../domain/errors.js';
import type { ReceiptNumber } from '../domain/receipt-number.js';
import type { ClassifiedFailure } from './failure.js';

/** One registration as the registry's API takes it. */
export interface RegistryItem {
  readonly workplaceId: string;
  readonly registrationDate: string;
  readonly worker: { readonly niss: string } | { readonly limosaId: string };
  readonly employer: string;
  readonly clientReference: string;
}

/** What the registry said of one item. */
export type ItemReply =
  | {
      readonly status: 'REGISTERED';
      readonly duplicate: boolean;
      readonly presence: { readonly id: string; readonly receiptNumber: ReceiptNumber };
    }
  | { readonly status: 'REJECTED'; readonly errors: readonly DomainError[] };

/**
 * A batch sent: the registry's answer per item, or why it could not be had.
 *
 * `results[i]` answers `items[i]` (the registry's `index`); it is undefined where the registry gave no result for
 * the item, or one the agent cannot read. `errors` are the registry's own words when it refused the batch as a
 * whole (`{ error: { code, message, details? } }`): its details when it gave some, else its main error.
 */
export type RegisterReply =
  | { readonly kind: 'RESULTS'; readonly results: readonly (ItemReply | undefined)[] }
  | {
      readonly kind: 'FAILED';
      readonly failure: ClassifiedFailure;
      readonly errors?: readonly DomainError[];
    };

/** The registry, as the site agent reaches it. */
export interface RegistryClient {
  /** Sends up to 200 registrations as one batch, through the gateway channel. */
  register(items: readonly RegistryItem[]): Promise<RegisterReply>;
}
