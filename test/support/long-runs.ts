/**
 * Whether the long runs are asked for (`npm run test:long`, or `SITEPRESENCE_LONG_TESTS=1`): more kills, more
 * random inputs, more rounds. By default every such test runs a short version that still proves the promise.
 */
export const LONG_RUNS = process.env['SITEPRESENCE_LONG_TESTS'] === '1';

/** The short count by default, the long one when the long runs are asked for. */
export function runs(short: number, long: number): number {
  return LONG_RUNS ? long : short;
}
