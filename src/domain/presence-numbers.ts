import {
  newPresenceRegistrationId,
  REGISTRATION_ID_RANDOM_BYTES,
  type PresenceRegistrationId,
} from './presence-registration-id.js';
import { newReceiptNumber, RECEIPT_RANDOM_BYTES, type ReceiptNumber } from './receipt-number.js';

/**
 * The two numbers a new presence is known by, drawn together: its receipt number (what a person reads out) and
 * its registration id (what software speaking the social security's protocol quotes). Both are unique; should
 * either be taken already, the store draws both again.
 */
export interface PresenceNumbers {
  readonly receiptNumber: ReceiptNumber;
  readonly registrationId: PresenceRegistrationId;
}

/** How many random bytes {@link newPresenceNumbers} needs. */
export const PRESENCE_NUMBERS_RANDOM_BYTES = RECEIPT_RANDOM_BYTES + REGISTRATION_ID_RANDOM_BYTES;

/** Draws a presence's numbers from random bytes (the caller brings the randomness: the domain has none). */
export function newPresenceNumbers(random: Uint8Array): PresenceNumbers {
  if (random.length < PRESENCE_NUMBERS_RANDOM_BYTES)
    throw new RangeError(`a presence's numbers need ${PRESENCE_NUMBERS_RANDOM_BYTES} random bytes`);
  return {
    receiptNumber: newReceiptNumber(random.subarray(0, RECEIPT_RANDOM_BYTES)),
    registrationId: newPresenceRegistrationId(random.subarray(RECEIPT_RANDOM_BYTES)),
  };
}
