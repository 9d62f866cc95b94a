import { domainError, type DomainError } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';

/** What a kiosk posts to `POST /captures`: what was read or typed, and the workers' employer if not the agent's. */
export interface KioskCapture {
  readonly raw: string;
  readonly employer?: string;
}

/** The longest text of each field, in characters: a badge or a number is a few dozen. */
const MAX_LENGTH = { raw: 200, employer: 32 } as const;

type Field = keyof typeof MAX_LENGTH;

const FIELDS = Object.keys(MAX_LENGTH) as readonly Field[];

/**
 * Reads the body of `POST /captures`, `{ "raw": "85.07.30-033.28", "employer"?: "0403.019.261" }`, as sent: no
 * field is converted, none left out. Refuses a body that is not an object (`FIELD_TYPE`), without `raw`
 * (`FIELD_REQUIRED`), with a field it does not know (`FIELD_UNKNOWN`), a field that is not text (`FIELD_TYPE`)
 * or too long (`FIELD_LENGTH`), naming the field. What the text says is read after, as at any gate.
 */
export function parseKioskCapture(body: unknown): Result<KioskCapture, DomainError> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return err(domainError('FIELD_TYPE', 'The body must be a JSON object.'));
  const given = body as Readonly<Record<string, unknown>>;
  if (given['raw'] === undefined) return err(domainError('FIELD_REQUIRED', 'raw is required.', 'raw'));
  const unknown = Object.keys(given).find((name) => !(FIELDS as readonly string[]).includes(name));
  if (unknown !== undefined)
    return err(domainError('FIELD_UNKNOWN', `${unknown} is not a field of this request.`, unknown));
  const text: Partial<Record<Field, string>> = {};
  for (const field of FIELDS) {
    const value = given[field];
    if (value === undefined) continue;
    if (typeof value !== 'string')
      return err(domainError('FIELD_TYPE', `${field} must be of type string.`, field));
    // Counted in code points, not UTF-16 units, as JSON Schema's maxLength counts.
    if (Array.from(value).length > MAX_LENGTH[field])
      return err(domainError('FIELD_LENGTH', `${field} is ${MAX_LENGTH[field]} characters at most.`, field));
    text[field] = value;
  }
  const raw = text.raw ?? '';
  return ok(text.employer === undefined ? { raw } : { raw, employer: text.employer });
}
