import { parseCalendarDate, type CalendarDate } from './calendar-date.js';
import { checkCharacter, randomCode } from './check-code.js';
import { parseEnterpriseNumber, type EnterpriseNumber } from './enterprise-number.js';
import { domainError, type DomainError } from './errors.js';
import { FieldErrors } from './field-errors.js';
import { err, ok, type Result } from './result.js';
import { parseText } from './text.js';
import { parseWorkplaceId, type WorkplaceId } from './workplace-id.js';

/** The postal address of a workplace in Belgium. */
export interface Address {
  readonly street: string;
  readonly postalCode: string;
  readonly city: string;
}

/** A workplace as declared: where, by whom, for how long. */
export interface Workplace {
  readonly id: WorkplaceId;
  readonly name: string;
  readonly address: Address;
  readonly declarant: EnterpriseNumber;
  readonly startDate: CalendarDate;
  readonly endDate: CalendarDate;
  /**
   * No telephone network, internet or electricity there for good: the emergency procedure never exempts such
   * a workplace; its contractors register in advance or remotely.
   */
  readonly permanentlyWithoutInfrastructure: boolean;
  readonly createdAt: string;
}

/** A workplace as it arrives, before parsing. */
export interface WorkplaceInput {
  readonly workplaceId?: string | undefined;
  readonly name: string;
  readonly address: { readonly street: string; readonly postalCode: string; readonly city: string };
  readonly declarant: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly permanentlyWithoutInfrastructure?: boolean | undefined;
}

/** A parsed workplace declaration; `id` is absent when the registry is to assign one. */
export type WorkplaceDeclaration = Omit<Workplace, 'id' | 'createdAt'> & { readonly id?: WorkplaceId };

/** Parses a workplace declaration, reporting every field that breaks a rule. */
export function parseWorkplace(input: WorkplaceInput): Result<WorkplaceDeclaration, DomainError[]> {
  const fields = new FieldErrors();
  const id =
    input.workplaceId === undefined
      ? undefined
      : fields.take(parseWorkplaceId(input.workplaceId), 'workplaceId');
  const name = fields.take(parseText(input.name, 'The name'), 'name');
  const street = fields.take(parseText(input.address.street, 'The street'), 'address.street');
  const city = fields.take(parseText(input.address.city, 'The city'), 'address.city');
  const postalCode = fields.take(parsePostalCode(input.address.postalCode), 'address.postalCode');
  const declarant = fields.take(parseEnterpriseNumber(input.declarant), 'declarant');
  const startDate = fields.take(parseCalendarDate(input.startDate), 'startDate');
  const endDate = fields.take(parseCalendarDate(input.endDate), 'endDate');
  if (startDate !== undefined && endDate !== undefined && endDate < startDate) {
    fields.add(domainError('WORKPLACE_PERIOD_INVALID', 'The end date is before the start date.', 'endDate'));
  }
  if (
    fields.any() ||
    name === undefined ||
    street === undefined ||
    city === undefined ||
    postalCode === undefined ||
    declarant === undefined ||
    startDate === undefined ||
    endDate === undefined
  ) {
    return err(fields.list);
  }
  return ok({
    ...(id === undefined ? {} : { id }),
    name,
    address: { street, postalCode, city },
    declarant,
    startDate,
    endDate,
    permanentlyWithoutInfrastructure: input.permanentlyWithoutInfrastructure ?? false,
  });
}

function parsePostalCode(raw: string): Result<string, DomainError> {
  const value = raw.trim();
  return /^[1-9][0-9]{3}$/.test(value)
    ? ok(value)
    : err(domainError('POSTAL_CODE_FORMAT', 'A Belgian postal code has 4 digits, 1000 to 9999.'));
}

/** How many random bytes `newWorkplaceId` needs. */
export const WORKPLACE_ID_RANDOM_BYTES = 8;

/** A 13-character workplace id for works without a declaration number: 12 random characters and a check. */
export function newWorkplaceId(random: Uint8Array): WorkplaceId {
  const body = randomCode(random, 12);
  return (body + checkCharacter(body)) as WorkplaceId;
}

/** True when presences may be registered on that day: within the declared period of the works. */
export function isWithinPeriod(
  workplace: Pick<Workplace, 'startDate' | 'endDate'>,
  date: CalendarDate,
): boolean {
  return date >= workplace.startDate && date <= workplace.endDate;
}
