import { FieldErrors } from './field-errors.js';
import { domainError, type DomainError } from './errors.js';
import { err, ok, type Result } from './result.js';
import { parseText } from './text.js';
import { parseWorker, type Worker, type WorkerInput } from './worker.js';

/** One worker of a company's roster: the number and the name, which the paper listing is pre-filled with. */
export interface RosterEntry {
  readonly worker: Worker;
  readonly lastName: string;
  readonly firstName: string;
}

/** A roster entry as it arrives. */
export interface RosterEntryInput {
  readonly worker: WorkerInput;
  readonly lastName: string;
  readonly firstName: string;
}

/** The most characters of a last or first name. */
export const MAX_NAME_LENGTH = 100;

/** Parses a person's name (last or first): free text, not blank, at most 100 characters. */
export function parseName(raw: string, what: string): Result<string, DomainError> {
  const name = parseText(raw, what);
  if (!name.ok) return name;
  return name.value.length <= MAX_NAME_LENGTH
    ? name
    : err(domainError('FIELD_LENGTH', `${what} has at most ${MAX_NAME_LENGTH} characters.`));
}

/** Parses a worker and names, reporting every broken rule by field (relative to the entry). */
export function parseRosterEntry(input: RosterEntryInput): Result<RosterEntry, DomainError[]> {
  const fields = new FieldErrors();
  const worker = fields.take(parseWorker(input.worker), 'worker');
  const lastName = fields.take(parseName(input.lastName, 'The last name'), 'lastName');
  const firstName = fields.take(parseName(input.firstName, 'The first name'), 'firstName');
  if (worker === undefined || lastName === undefined || firstName === undefined) return err(fields.list);
  return ok({ worker, lastName, firstName });
}
