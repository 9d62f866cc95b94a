/** Longest delay taken from a Retry-After header. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * A Retry-After header in milliseconds from `now`: delay-seconds or an HTTP date (a date past gives 0), capped
 * at {@link MAX_RETRY_AFTER_MS}; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // Every HTTP-date form names its month; this keeps Date.parse's leniency ("1", "-5") out.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  // asctime dates carry no zone, and Date.parse would read them as local time: HTTP dates are all GMT.
  const at = Date.parse(/\b(GMT|UTC)\b/i.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(at - now.getTime(), 0), MAX_RETRY_AFTER_MS);
}
