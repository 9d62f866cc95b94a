import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';

/** A username, as stored: lower case, 3 to 64 characters of letters, digits and `. _ @ + -`. */
export type Username = string & { readonly __brand: 'Username' };

const USERNAME = /^[a-z0-9][a-z0-9._@+-]{2,63}$/u;

/** The shortest password accepted: long enough to resist guessing, short enough to type on a phone. */
export const MIN_PASSWORD_LENGTH = 12;
/** The longest: a slow hash of a megabyte is a way to tie up the server. */
export const MAX_PASSWORD_LENGTH = 200;

/**
 * Parses a username as a person types it: surrounding spaces dropped, upper case folded.
 *
 * @example parseUsername(' Chef.Chantier@Example.be ') // ok: 'chef.chantier@example.be'
 */
export function parseUsername(raw: string): Result<Username, DomainError> {
  const value = raw.trim().toLowerCase();
  if (value === '') return err(domainError('TEXT_BLANK', 'The username must not be blank.'));
  if (value.length < 3 || value.length > 64)
    return err(domainError('FIELD_LENGTH', 'A username has 3 to 64 characters.'));
  return USERNAME.test(value)
    ? ok(value as Username)
    : err(
        domainError(
          'FIELD_FORMAT',
          'A username has letters, digits and . _ @ + - only, and starts with a letter or digit.',
        ),
      );
}

/**
 * Checks a new password: at least {@link MIN_PASSWORD_LENGTH} characters (any characters: spaces and
 * passphrases welcome), at most {@link MAX_PASSWORD_LENGTH}, no control characters.
 */
export function checkNewPassword(raw: string): Result<string, DomainError> {
  // Counted in code points: a character outside the BMP (an emoji) counts once, as a person sees it typed.
  const length = Array.from(raw).length;
  if (length < MIN_PASSWORD_LENGTH)
    return err(domainError('FIELD_LENGTH', `A password has at least ${MIN_PASSWORD_LENGTH} characters.`));
  if (length > MAX_PASSWORD_LENGTH)
    return err(domainError('FIELD_LENGTH', `A password has at most ${MAX_PASSWORD_LENGTH} characters.`));
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u001f\u007f]/u.test(raw))
    return err(domainError('TEXT_CONTROL_CHARACTER', 'A password holds no control characters.'));
  return ok(raw);
}
