/** Valid Belgian identifiers for tests, made with the check-digit rules of DESIGN §4. */

/** The n-th valid enterprise number (KBO/BCE), 10 digits starting with 0. */
export function enterpriseNumber(n: number): string {
  const first8 = 4_000_000 + n * 7;
  const check = 97 - (first8 % 97);
  return `${String(first8).padStart(8, '0')}${String(check).padStart(2, '0')}`;
}

/** The n-th valid national number (NISS) of someone born in the 1980s. */
export function niss(n: number): string {
  const day = 1 + (Math.floor(n / 997) % 28);
  const month = 1 + (Math.floor(n / (997 * 28)) % 12);
  const year = 80 + (Math.floor(n / (997 * 28 * 12)) % 20);
  const sequence = 1 + (n % 997);
  const base = `${pad(year)}${pad(month)}${pad(day)}${String(sequence).padStart(3, '0')}`;
  return `${base}${pad(97 - (Number(base) % 97))}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
