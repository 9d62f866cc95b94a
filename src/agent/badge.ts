import { domainError, type DomainError } from '../domain/errors.js';
import { parseLimosaId } from '../domain/limosa-id.js';
import { parseNiss } from '../domain/niss.js';
import { err, ok, type Result } from '../domain/result.js';
import { isDigits, stripSeparators } from '../domain/typed-input.js';
import type { Worker } from '../domain/worker.js';

declare const badgeIdBrand: unique symbol;

/**
 * The number of an access card, canonical whatever reader read it: decimal digits without leading zeros
 * (`'77736732'`, never `'0x04A22B1C'` nor `'077736732'`).
 */
export type BadgeId = string & { readonly [badgeIdBrand]: true };

/** How a reader writes card numbers: in hexadecimal, in decimal, or `auto` to tell from the text. */
export type BadgeFormat = 'auto' | 'hex' | 'decimal';

/** The most hexadecimal digits of a card number (a 16-byte UID), leading zeros included, separators not. */
export const MAX_BADGE_HEX_DIGITS = 32;

/** The most decimal digits of a card number, leading zeros included. */
export const MAX_BADGE_DECIMAL_DIGITS = 40;

/** What a reader on a Belgian AZERTY keyboard types for each digit key of the top row, unshifted. */
const BELGIAN_WEDGE: ReadonlyMap<string, string> = new Map([
  ['&', '1'],
  ['é', '2'],
  ['"', '3'],
  ["'", '4'],
  ['(', '5'],
  ['§', '6'],
  ['è', '7'],
  ['!', '8'],
  ['ç', '9'],
  ['à', '0'],
]);

/** Where the French AZERTY top row differs from the Belgian one. */
const FRENCH_WEDGE: ReadonlyMap<string, string> = new Map([
  ['-', '6'],
  ['_', '8'],
]);

/**
 * Undoes what a badge reader that "types like a keyboard" produces when it sends QWERTY digit keys to a
 * computer set to AZERTY: `&é"'(§è!çà` become `1234567890`, other characters stay as they are, and the
 * surrounding white space (the CR, LF or tab a reader sends after each card) is trimmed.
 *
 * The French layout differs on 6 (`-`) and 8 (`_`). These are decoded only when the whole text is made of
 * wedge characters and holds no digit: a reader on AZERTY never sends a digit, so when there is one a person
 * typed the text and a dash is a separator (`85.07.30-033.28`, `850730-033-28` and `04-12-23-15` stay as they
 * are).
 *
 * @example decodeKeyboardWedge('&é"\'(§è!çà\r\n') // '1234567890'
 */
export function decodeKeyboardWedge(raw: string): string {
  const chars = Array.from(raw.normalize('NFC').trim());
  const french = chars.every((char) => BELGIAN_WEDGE.has(char) || FRENCH_WEDGE.has(char));
  return chars
    .map((char) => BELGIAN_WEDGE.get(char) ?? (french ? FRENCH_WEDGE.get(char) : undefined) ?? char)
    .join('');
}

/** Hexadecimal digits, optionally after `0x`, in groups separated by one colon, one dash or white space. */
const HEX_BADGE = /^(?:0x)?([0-9a-f]+(?:(?:[:-]|\s+)[0-9a-f]+)*)$/iu;

/** What makes `auto` read a card number as hexadecimal: a `0x` prefix, a letter A–F or a colon. */
const HEX_MARK = /^0x|[a-f:]/iu;

/**
 * Parses a card number into its canonical {@link BadgeId}, so that the same card read as hex on one reader
 * and as decimal on another gives the same id.
 *
 * - `hex`: digits 0–9 and A–F (either case), at most {@link MAX_BADGE_HEX_DIGITS}, optionally after `0x` and
 *   grouped by colons, dashes or spaces as UIDs are printed (`04:A2:2B:1C`).
 * - `decimal`: digits only, at most {@link MAX_BADGE_DECIMAL_DIGITS}.
 * - `auto`: hex when the text has a `0x` prefix, a letter A–F or a colon; decimal otherwise.
 *
 * Surrounding white space is ignored; leading zeros are allowed and dropped (they count toward the length).
 * Errors: `TEXT_BLANK` when nothing is left, `FIELD_FORMAT` for any other character, `FIELD_LENGTH` when too
 * long.
 *
 * @example canonicalBadge('0x04A22B1C', 'auto') // ok: '77736732', as canonicalBadge('77736732', 'decimal')
 */
export function canonicalBadge(raw: string, format: BadgeFormat): Result<BadgeId, DomainError> {
  const text = raw.trim();
  if (text === '') return err(domainError('TEXT_BLANK', 'The badge number is blank.'));
  const hex = format === 'hex' || (format === 'auto' && HEX_MARK.test(text));
  return hex ? parseHexBadge(text) : parseDecimalBadge(text);
}

function parseHexBadge(text: string): Result<BadgeId, DomainError> {
  const groups = HEX_BADGE.exec(text)?.[1];
  if (groups === undefined) {
    return err(
      domainError(
        'FIELD_FORMAT',
        'A hexadecimal badge number has the digits 0–9 and A–F only, optionally after 0x and grouped by colons, dashes or spaces.',
      ),
    );
  }
  const digits = groups.replace(/[:\-\s]/gu, '');
  if (digits.length > MAX_BADGE_HEX_DIGITS) {
    return err(
      domainError(
        'FIELD_LENGTH',
        `A hexadecimal badge number has at most ${MAX_BADGE_HEX_DIGITS} digits, not ${digits.length}.`,
      ),
    );
  }
  return ok(BigInt(`0x${digits}`).toString(10) as BadgeId);
}

function parseDecimalBadge(text: string): Result<BadgeId, DomainError> {
  if (!isDigits(text)) {
    return err(domainError('FIELD_FORMAT', 'A decimal badge number has the digits 0–9 only.'));
  }
  if (text.length > MAX_BADGE_DECIMAL_DIGITS) {
    return err(
      domainError(
        'FIELD_LENGTH',
        `A decimal badge number has at most ${MAX_BADGE_DECIMAL_DIGITS} digits, not ${text.length}.`,
      ),
    );
  }
  return ok(BigInt(text).toString(10) as BadgeId);
}

/**
 * Every card a text can stand for, so that a roster lookup finds the card whatever the reader's format: an
 * all-digit text is read both as decimal and as hex (`'1234'` gives `['1234', '4660']`, duplicates removed,
 * decimal first); any other text as {@link canonicalBadge} reads it in `auto` (`'04:A2:2B:1C'` gives
 * `['77736732']`). Empty when the text is no card number at all.
 */
export function badgeCandidates(raw: string): BadgeId[] {
  const text = raw.trim();
  const formats: readonly BadgeFormat[] = isDigits(text) ? ['decimal', 'hex'] : ['auto'];
  const ids = formats.flatMap((format) => {
    const id = canonicalBadge(text, format);
    return id.ok ? [id.value] : [];
  });
  return [...new Set(ids)];
}

/**
 * What was presented at the gate, read once. `raw` is always the text after {@link decodeKeyboardWedge}, kept
 * to be shown as it was read (an unknown badge shows its raw value).
 *
 * - `worker`: a national or BIS number, or a Limosa-1 number written with its prefix.
 * - `badge`: a card number, with every id it may stand for (never empty).
 * - `invalid`: nothing was read, or text that is none of these.
 */
export type CaptureInput =
  | { readonly kind: 'worker'; readonly raw: string; readonly worker: Worker }
  | {
      readonly kind: 'badge';
      readonly raw: string;
      readonly candidates: readonly BadgeId[];
      /**
       * The NISS error of a bare 11-digit number that is no valid national number: a card number, or a national
       * number mistyped. Who reads it decides (a person typing is told; a reader's card is kept).
       */
      readonly mistypedNiss?: DomainError;
    }
  | { readonly kind: 'invalid'; readonly raw: string; readonly error: DomainError };

/** `L1 12345678`, `L1-…`, `L112345678`, `limosa:…`, in any case: the prefix, then the number. */
const LIMOSA_PREFIX = /^(?:l1|limosa)(?:\s*[-:]\s*|\s+)?(.*)$/isu;

/**
 * Reads what a badge reader sent or a person typed at the gate, in this order:
 *
 * 1. undo the keyboard wedge ({@link decodeKeyboardWedge}); it leaves the separators of a typed number alone,
 *    so the steps below see `85.07.30-033.28` as typed;
 * 2. a valid national or BIS number (separators allowed) is a worker;
 * 3. a Limosa-1 number with its prefix (`L1 12345678`, `limosa:12345678`) is a worker; with the prefix but a
 *    wrong number it is invalid with the Limosa-1 error — without the prefix, 8 to 20 digits are a badge;
 * 4. a card number ({@link badgeCandidates}) is a badge;
 * 5. anything else is invalid: `TEXT_BLANK` when nothing was read, the NISS error when the text has the 11
 *    digits of a national number between separators (`85.07.30-033.27`), `FIELD_LENGTH` for a number too long
 *    to be a card, `FIELD_FORMAT` otherwise.
 *
 * A bare 11-digit number whose check digits or birth date fail is a badge, not an error: card numbers can have
 * 11 digits. It carries its NISS error (`mistypedNiss`), for a person who typed it: `captureAtGate` refuses
 * it from a person unless the roster knows it as a badge. The converse cannot be told apart: a card number that
 * happens to be a valid NISS is read as a worker (unless the roster knows it as a badge, too).
 *
 * @example readCapture('!(àè"àà""é!\r\n') // { kind: 'worker', raw: '85073003328', worker: { niss: '85073003328' } }
 */
export function readCapture(raw: string): CaptureInput {
  const text = decodeKeyboardWedge(raw);
  if (text === '') {
    return { kind: 'invalid', raw: text, error: domainError('TEXT_BLANK', 'Nothing was read.') };
  }
  const niss = parseNiss(text);
  if (niss.ok) return { kind: 'worker', raw: text, worker: { niss: niss.value.value } };

  const limosaNumber = LIMOSA_PREFIX.exec(text)?.[1];
  if (limosaNumber !== undefined) {
    const limosaId = parseLimosaId(limosaNumber);
    return limosaId.ok
      ? { kind: 'worker', raw: text, worker: { limosaId: limosaId.value } }
      : { kind: 'invalid', raw: text, error: limosaId.error };
  }

  const digits = stripSeparators(text);
  const nissLike = isDigits(digits) && digits.length === 11;
  const candidates = badgeCandidates(text);
  if (candidates.length > 0)
    return nissLike
      ? { kind: 'badge', raw: text, candidates, mistypedNiss: niss.error }
      : { kind: 'badge', raw: text, candidates };

  if (nissLike) return { kind: 'invalid', raw: text, error: niss.error };
  const badge = canonicalBadge(text, 'auto');
  if (!badge.ok && badge.error.code === 'FIELD_LENGTH')
    return { kind: 'invalid', raw: text, error: badge.error };
  return {
    kind: 'invalid',
    raw: text,
    error: domainError(
      'FIELD_FORMAT',
      'What was read is neither a national or BIS number, a Limosa-1 number (L1 …) nor a badge number.',
    ),
  };
}
