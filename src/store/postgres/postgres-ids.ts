/**
 * True for an id as the registry makes them (a UUID). Anything else names nothing stored — and a string with a
 * NUL in it is refused by PostgreSQL outright — so lookups answer "not found" without asking the database.
 */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
