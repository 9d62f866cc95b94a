import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';

/**
 * Control characters other than tab and line breaks, C1 ones too (U+0080–U+009F: `U+009B` starts a terminal's
 * escape sequence as `ESC [` does): never part of a name, an address or a reason.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
/**
 * What shows nothing: white space, and the characters a page draws as nothing at all (zero-width spaces and
 * joiners, direction marks, a byte-order mark, the Hangul filler, …). A text of only these is blank.
 */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}]*$/u;
/** Half of a surrogate pair without its other half: not a character at all, and no database keeps it. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Trims free text (in Unicode's composed form) and refuses it when nothing visible is left (white space,
 * zero-width and direction marks), when it holds control characters (a NUL, say), which no database field should
 * keep, or when it is not well-formed Unicode (half of a surrogate pair).
 */
export function parseText(raw: string, what: string): Result<string, DomainError> {
  if (LONE_SURROGATE.test(raw))
    return err(domainError('TEXT_ENCODING', `${what} is not well-formed Unicode text.`));
  const value = raw.normalize('NFC').trim();
  if (INVISIBLE_ONLY.test(value)) return err(domainError('TEXT_BLANK', `${what} must not be blank.`));
  if (CONTROL.test(value))
    return err(domainError('TEXT_CONTROL_CHARACTER', `${what} holds a control character.`));
  return ok(value);
}

/** Free text (as `parseText`) of at most `max` characters: longer text is refused, never cut. */
export function parseBoundedText(raw: string, what: string, max: number): Result<string, DomainError> {
  const text = parseText(raw, what);
  if (!text.ok) return text;
  return text.value.length <= max
    ? text
    : err(domainError('FIELD_LENGTH', `${what} has at most ${max} characters.`));
}

/** One of a fixed list of codes, or `FIELD_VALUE` naming the list. */
export function parseOneOf<T extends string>(
  raw: string,
  values: readonly T[],
  what: string,
): Result<T, DomainError> {
  return (values as readonly string[]).includes(raw)
    ? ok(raw as T)
    : err(domainError('FIELD_VALUE', `${what} is one of ${values.join(', ')}.`));
}
