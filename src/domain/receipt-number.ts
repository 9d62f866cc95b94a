import { checkCharacter, hasValidCheckCharacter, normalizeCode, randomCode } from './check-code.js';
import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';

declare const receiptNumberBrand: unique symbol;

/**
 * The proof that a presence is registered, written `XXXX-XXXX-XXXX`: 11 random Crockford characters
 * (55 bits, so receipts cannot be enumerated) and a check character, short enough to read over the phone.
 */
export type ReceiptNumber = string & { readonly [receiptNumberBrand]: true };

/** How many random bytes `newReceiptNumber` needs. */
export const RECEIPT_RANDOM_BYTES = 7;

/** Builds a receipt number from 7 random bytes (the caller brings the randomness: the domain has none). */
export function newReceiptNumber(random: Uint8Array): ReceiptNumber {
  const body = randomCode(random, 11);
  return format(body + checkCharacter(body));
}

/** Parses a receipt number as typed, refusing one whose check character shows it is mistyped. */
export function parseReceiptNumber(raw: string): Result<ReceiptNumber, DomainError> {
  const code = normalizeCode(raw);
  if (code?.length !== 12) {
    return err(
      domainError(
        'RECEIPT_NUMBER_FORMAT',
        'A receipt number has 12 letters and digits, such as 7K3M-9QXD-2R4V.',
      ),
    );
  }
  if (!hasValidCheckCharacter(code)) {
    return err(
      domainError(
        'RECEIPT_NUMBER_CHECK_CHARACTER',
        'The receipt number is mistyped: its check character does not match.',
      ),
    );
  }
  return ok(format(code));
}

function format(code: string): ReceiptNumber {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}` as ReceiptNumber;
}
