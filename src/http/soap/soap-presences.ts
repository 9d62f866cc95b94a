import type { DomainError } from '../../domain/errors.js';
import type { Presence, PresenceRequestInput } from '../../domain/presence.js';
import { ownEnterprise, type Principal } from '../../domain/principal.js';
import type { ValidationAttempt } from '../../domain/validation.js';
import type {
  ItemError,
  ItemErrors,
  PresenceRegistrationOut,
  PresenceRegistrationSubmit,
  PresenceStatus,
  Validation as SoapValidation,
} from '../../soap/messages.js';
import { remarkText } from '../../soap/official-remarks.js';

/**
 * What the registry's presences are in the web-service protocol's terms, and back: one place that knows both
 * vocabularies, so that the operations call the same use cases as `/api/v1` and only translate.
 */

/**
 * A registration sent over SOAP as the use case takes it; an absent `RegistrationDate` is today. A worker given by
 * `LimosaId` alone, without `CompanyID` (which the protocol allows), is registered for the sending company as
 * employer: a posted worker's employer sends for itself. A provider names the company it sends for.
 */
export function presenceInput(
  item: PresenceRegistrationSubmit,
  today: string,
  sender: Principal,
): PresenceRequestInput {
  const employer =
    item.companyId ??
    (item.limosaId !== undefined && item.inss === undefined ? ownEnterprise(sender) : undefined);
  return {
    workplaceId: item.workPlaceId,
    registrationDate: item.registrationDate ?? today,
    worker: {
      ...(item.inss === undefined ? {} : { niss: item.inss }),
      ...(item.limosaId === undefined ? {} : { limosaId: item.limosaId }),
    },
    // A CompanyID is a number, whose leading 0 software may drop: the enterprise number's parser restores it.
    employer: employer ?? '',
    ...(item.clientReference === undefined ? {} : { clientReference: item.clientReference }),
  };
}

/** The registration as it was sent, rebuilt from the presence (for the response's submitted part). */
function submittedOf(presence: Presence): PresenceRegistrationSubmit {
  return {
    registrationDate: presence.registrationDate,
    ...('niss' in presence.worker ? { inss: presence.worker.niss } : { limosaId: presence.worker.limosaId }),
    companyId: presence.employer,
    workPlaceId: presence.workplaceId,
    ...(presence.clientReference === undefined ? {} : { clientReference: presence.clientReference }),
  };
}

/**
 * A presence's status in the protocol: `SUCCESSFULLY CANCELLED` once cancelled; else `SUCCESSFULLY REGISTERED`
 * until its first check (accepted, not yet checked), then `VALIDATED` or `FAILED`.
 */
export function statusOf(presence: Presence): PresenceStatus {
  if (presence.status === 'CANCELLED') return 'SUCCESSFULLY CANCELLED';
  return presence.validation.status === 'PENDING' ? 'SUCCESSFULLY REGISTERED' : presence.validation.status;
}

function checkOf(attempt: ValidationAttempt): SoapValidation {
  return { status: attempt.status, validationDate: attempt.at, remarks: attempt.remarks.map(remarkText) };
}

/**
 * A presence as the protocol returns it: its latest check (`LastValidation`, the status of {@link statusOf}
 * with the latest check's date and remarks) and every check (`ValidationHistory`).
 */
export function registrationOf(presence: Presence): PresenceRegistrationOut {
  const status = statusOf(presence);
  const { validation } = presence;
  const latest = validation.status === 'PENDING' ? undefined : checkOf(validation);
  return {
    submitted: submittedOf(presence),
    // Every workplace of this registry is a construction site (sector 1).
    sector: 1,
    ...('niss' in presence.worker ? { inss: presence.worker.niss } : {}),
    presenceRegistrationId: presence.registrationId,
    creationDate: presence.createdAt,
    channel: presence.channel,
    lastValidation: latest === undefined ? { status } : { ...latest, status },
    ...(validation.history.length === 0 ? {} : { validationHistory: validation.history.map(checkOf) }),
    sender: {
      senderId: presence.sender.enterprise,
      senderCompanyId: presence.sender.enterprise,
      senderUserType: presence.sender.role === 'provider' ? 'SERVICE_PROVIDER' : 'COMPANY',
    },
  };
}

/** The elements of the protocol that the use cases' field paths name. */
const ELEMENTS: readonly (readonly [RegExp, string])[] = [
  [/^(?:presences\[\d+\]\.)?worker\.niss$/, 'INSS'],
  [/^(?:presences\[\d+\]\.)?worker\.limosaId$/, 'LimosaId'],
  [/^(?:presences\[\d+\]\.)?worker$/, 'INSS'],
  [/^(?:presences\[\d+\]\.)?employer$/, 'CompanyID'],
  [/^(?:presences\[\d+\]\.)?workplaceId$/, 'WorkPlaceId'],
  [/^(?:presences\[\d+\]\.)?registrationDate$/, 'RegistrationDate'],
  [/^(?:presences\[\d+\]\.)?clientReference$/, 'ClientPresenceRegistrationReference'],
  [/^cancellations\[\d+\]\.id$/, 'PresenceRegistrationId'],
  [/^cancellations\[\d+\]\.reason$/, 'CancellationReason'],
];

/** The element a use case's field path stands for, or undefined for a path the protocol has no element for. */
function elementOf(field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  return ELEMENTS.find(([path]) => path.test(field))?.[1];
}

/** An item's refusal in the protocol's terms: our stable code, and the message naming the element. */
export function itemErrors(errors: readonly DomainError[]): ItemErrors {
  const mapped = errors.map((error): ItemError => {
    const element = elementOf(error.field);
    return {
      code: error.code,
      description: element === undefined ? error.message : `${element}: ${error.message}`,
    };
  });
  const [first, ...rest] = mapped;
  return first === undefined ? [{ code: 'INTERNAL', description: 'Not processed.' }] : [first, ...rest];
}
