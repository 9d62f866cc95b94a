/** ASCII digits, a minus sign before them at most. */
const DECIMAL_INTEGER = /^-?[0-9]+$/;

/**
 * An integer as written in a query string or a form: ASCII digits, with a minus sign before them at most.
 * Nothing else is one — not `1.5`, `1e2`, `0x10`, `+7`, ` 7` or an empty text, all of which JavaScript's
 * `Number` reads, as it reads `1e400` as Infinity. Digits past the largest number JavaScript holds (four hundred
 * nines) read as ±`Number.MAX_VALUE`: a number past every bound, never Infinity, so that a range check names
 * the bound it breaks.
 *
 * @example
 *   readDecimalInteger('25') // 25
 *   readDecimalInteger('1e2') // undefined
 */
export function readDecimalInteger(text: string): number | undefined {
  if (!DECIMAL_INTEGER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : Math.sign(value) * Number.MAX_VALUE;
}
