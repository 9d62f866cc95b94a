import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';

/** Trims free text and refuses it when nothing but white space is left. */
export function parseText(raw: string, what: string): Result<string, DomainError> {
  const value = raw.normalize('NFC').trim();
  if (value === '') return err(domainError('TEXT_BLANK', `${what} must not be blank.`));
  return ok(value);
}
