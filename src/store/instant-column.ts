/**
 * An instant read from a column, written the one way the API writes it: ISO-8601, UTC, milliseconds. Instants
 * come back as ISO strings from SQLite and as `Date`s from PostgreSQL.
 */
export function instant(value: string | Date): string {
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}
