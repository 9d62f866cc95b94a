/**
 * Short codes meant to be read over the phone and written by hand (receipt numbers, assigned workplace ids):
 * Crockford's base-32 alphabet (no I, L, O, U), with a Luhn mod 32 check character that catches every single
 * mistyped character and most swaps of two neighbours.
 */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Encodes random bytes as `length` Crockford characters (5 bits each, taken from the bytes in order). */
export function randomCode(bytes: Uint8Array, length: number): string {
  if (bytes.length * 8 < length * 5)
    throw new RangeError(`${length} characters need ${Math.ceil((length * 5) / 8)} bytes`);
  let out = '';
  let buffer = 0;
  let bits = 0;
  let i = 0;
  while (out.length < length) {
    if (bits < 5) {
      buffer = ((buffer << 8) | (bytes[i] ?? 0)) & 0xffff;
      i += 1;
      bits += 8;
    }
    bits -= 5;
    out += CROCKFORD_ALPHABET.charAt((buffer >> bits) & 31);
  }
  return out;
}

/** The Luhn mod 32 check character of a string of Crockford characters. */
export function checkCharacter(code: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = code.length - 1; i >= 0; i -= 1) {
    const value = CROCKFORD_ALPHABET.indexOf(code.charAt(i));
    const addend = factor * value;
    sum += Math.floor(addend / 32) + (addend % 32);
    factor = factor === 2 ? 1 : 2;
  }
  return CROCKFORD_ALPHABET.charAt((32 - (sum % 32)) % 32);
}

/** True when the last character is the check character of the others. */
export function hasValidCheckCharacter(codeWithCheck: string): boolean {
  return checkCharacter(codeWithCheck.slice(0, -1)) === codeWithCheck.slice(-1);
}

/**
 * Reads a code as typed: case, separators and the look-alikes Crockford allows (I and L for 1, O for 0) are
 * forgiven. Returns undefined when a character is not in the alphabet.
 */
export function normalizeCode(raw: string): string | undefined {
  const cleaned = raw
    .replace(/[\s.\-/]/gu, '')
    .toUpperCase()
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  return /^[0-9A-HJKMNP-TV-Z]+$/.test(cleaned) ? cleaned : undefined;
}
