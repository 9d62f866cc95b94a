import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';

/** Control characters other than tab and line breaks: never part of a name, an address or a reason. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u;

/**
 * Trims free text (in Unicode's composed form) and refuses it when nothing but white space is left, or when it
 * holds control characters (a NUL, say), which no database field should keep.
 */
export function parseText(raw: string, what: string): Result<string, DomainError> {
  const value = raw.normalize('NFC').trim();
  if (value === '') return err(domainError('TEXT_BLANK', `${what} must not be blank.`));
  if (CONTROL.test(value))
    return err(domainError('TEXT_CONTROL_CHARACTER', `${what} holds a control character.`));
  return ok(value);
}
