/**
 * Removes what people type between the characters of an identifier: dots, dashes, slashes and any white space
 * (including non-breaking and zero-width spaces pasted from documents).
 */
export function stripSeparators(raw: string): string {
  return raw.replace(/[\s.\-/\u00a0\u200b\u2009\u202f]/gu, '');
}

/** True when the string holds only ASCII digits. */
export function isDigits(value: string): boolean {
  return /^[0-9]+$/.test(value);
}
