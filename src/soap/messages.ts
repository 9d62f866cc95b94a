/**
 * The vocabulary of the PresenceRegistration v1 web service, as plain data: what a SOAP request asks and what
 * its response says, in the protocol's own terms (not the domain's). Values stay strings as the XML has
 * them, checked only against the schema's limits (`soap/presence-registration-v1.xsd` and the types it
 * imports, `soap/presence-registration-types-v1.xsd`): a NISS with wrong check digits is still a
 * `PresenceRegistrationSubmit`, refused per item by the use cases. Namespaces are the XML's business
 * (`src/soap/contract.ts`): nothing here depends on them.
 */

/** The operations of the service, named as in the WSDL. */
export const SOAP_OPERATIONS = [
  'registerPresences',
  'cancelPresences',
  'searchPresences',
  'getPresenceRegistration',
] as const;

/** An operation of the service. */
export type SoapOperation = (typeof SOAP_OPERATIONS)[number];

/** Where a registration stands after the latest check (`Status`). */
export const PRESENCE_STATUSES = [
  'SUCCESSFULLY REGISTERED',
  'VALIDATED',
  'FAILED',
  'SUCCESSFULLY CANCELLED',
] as const;

/** A status of a registration. */
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

/**
 * The remarks of a check (`Remark`), spelled exactly as the official service spells them: mistakes and the
 * two double spaces of `COMPANY IS NOT KNOWN  AS BUILDER OR  SUBCONTRACTOR…` are part of the contract.
 */
export const VALIDATION_REMARKS = [
  'RELATED DIMONA NOT OK',
  'GIVEN INSS IS NOT THE FOUNDER OF THE COMPANY',
  'EMPLOYER IS NOT KNOWN AS COMPANY FOUNDER',
  "THE COMPANY DOESN'T EXISTS",
  'INDEPENDANT IS NOT KNOWN AS COMPANY FOUNDER',
  'LIMOSA ID IS NOT KNOWN',
  'LIMOSA ID IS NOT ACTIVE AT DATE',
  'NISS-BIS IS NOT KNOWN IN LIMOSA',
  'NISS-BIS IS NOT ACTIVE AT THIS DATE IN LIMOSA',
  'DUC IS NOT EXISTING',
  'DUC IS NOT ACTIVE AT THIS DATE',
  'COMPANY IS NOT KNOWN  AS BUILDER OR  SUBCONTRACTOR IN THIS DUC',
  'SITE IS NOT SUBJECT TO PRESENCE REGISTRATION',
  'SAME DECLARATION HAS ALREADY BEEN REGISTERED',
  'NISS IS NOT KNOW IN THE NATIONAL REGISTER',
  'EMPLOYER NOT ACTIVE',
  'THE COMPANY ID ASSOCIATED AT A NOT ACTIVE CONTRACT',
] as const;

/** A remark of a check. */
export type ValidationRemark = (typeof VALIDATION_REMARKS)[number];

/** The orders a search can ask for (`SortCriteria`). */
export const SORT_CRITERIA = [
  'ID',
  'REGISTRATION DATE',
  'CREATION DATE',
  'STATUS',
  'PLACE OF WORK',
  'COMPANY ID',
  'CHANNEL',
  'SENDER ID',
] as const;

/** What a search is sorted by. */
export type SortCriterion = (typeof SORT_CRITERIA)[number];

/** The directions of a sort (`SortDirection`). */
export const SORT_DIRECTIONS = ['ASCENDING', 'DESCENDING'] as const;

/** The direction of a sort. */
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** The sectors (`Sector`): 1 construction, 2 security and guarding, 3 meat. */
export const SECTORS = [1, 2, 3] as const;

/** A sector. */
export type Sector = (typeof SECTORS)[number];

/** The most items a `registerPresences` or `cancelPresences` request may hold. */
export const MAX_ITEMS_PER_REQUEST = 200;

/** The most registrations one search page holds (`FetchSize` at most). */
export const MAX_FETCH_SIZE = 500;

/** The size of a search page when the request asks none. */
export const DEFAULT_FETCH_SIZE = 50;

/** The most registration periods one search may ask for (`RegistrationPeriodList`). */
export const MAX_REGISTRATION_PERIODS = 31;

/** The most errors one refused item lists (`ErrorList`). */
export const MAX_ERRORS_PER_ITEM = 10;

/** The most remarks one check lists (`RemarkList`). */
export const MAX_REMARKS_PER_VALIDATION = 10;

/** A registration as sent (`PresenceRegistrationSubmitted`): dates `YYYY-MM-DD`, numbers as their digits. */
export interface PresenceRegistrationSubmit {
  readonly registrationDate?: string;
  readonly inss?: string;
  readonly companyId?: string;
  readonly limosaId?: string;
  readonly workPlaceId: string;
  readonly clientReference?: string;
}

/** A cancellation as sent (`CancelPresenceRequest`). */
export interface CancelPresenceRequest {
  readonly presenceRegistrationId: string;
  readonly cancellationReason: string;
}

/** Registration days from `start` to `end`, both `YYYY-MM-DD` (`RegistrationPeriod`). */
export interface RegistrationPeriod {
  readonly start: string;
  readonly end: string;
}

/** What a search looks for (`SearchPresenceRegistrationCriteria`); creation bounds are xs:dateTime texts. */
export interface SearchCriteria {
  readonly inss?: string;
  readonly companyId?: string;
  readonly workPlaceId?: string;
  readonly statuses?: readonly PresenceStatus[];
  readonly remarks?: readonly ValidationRemark[];
  readonly registrationPeriods: readonly RegistrationPeriod[];
  readonly creationStart?: string;
  readonly creationEnd?: string;
  readonly sector?: Sector;
}

/** Which page of a search (`PaginationProperties`): from row `firstRow` (0-based), `fetchSize` rows. */
export interface Pagination {
  readonly firstRow: number;
  readonly fetchSize: number;
}

/** The order of a search (`SortingProperties`). */
export interface Sorting {
  readonly direction: SortDirection;
  readonly criterion: SortCriterion;
}

/** One reason an item was refused (`Error{ErrorCode, ErrorDescription}`). */
export interface ItemError {
  readonly code: string;
  readonly description: string;
}

/** At least one reason: a refused item always says why (the response keeps the first ten). */
export type ItemErrors = readonly [ItemError, ...ItemError[]];

/** One check of a registration (`LastValidation`, or an entry of `ValidationHistory`); dates are xs:dateTime. */
export interface Validation {
  readonly status: PresenceStatus;
  readonly validationDate?: string;
  readonly remarks?: readonly ValidationRemark[];
}

/** Who sent a registration (`Sender`). */
export interface Sender {
  readonly senderId?: string;
  readonly senderCompanyId?: string;
  readonly senderUserType?: string;
}

/**
 * A registration as returned (`PresenceRegistration`); `creationDate` is an xs:dateTime. It holds what the
 * official type holds and nothing more: a client generated from the official contract refuses an element it
 * does not know, so a cancellation shows only in its status.
 */
export interface PresenceRegistrationOut {
  readonly submitted: PresenceRegistrationSubmit;
  readonly sector?: Sector;
  /** The worker's current number, when the registration named one. */
  readonly inss?: string;
  readonly presenceRegistrationId: string;
  readonly creationDate: string;
  readonly channel: string;
  readonly lastValidation: Validation;
  /** Every check, oldest first. */
  readonly validationHistory?: readonly Validation[];
  readonly sender?: Sender;
}

/** What a request asks, once its XML is read. */
export type SoapRequest =
  | { readonly operation: 'registerPresences'; readonly items: readonly PresenceRegistrationSubmit[] }
  | { readonly operation: 'cancelPresences'; readonly items: readonly CancelPresenceRequest[] }
  | {
      readonly operation: 'searchPresences';
      readonly criteria: SearchCriteria;
      readonly pagination: Pagination;
      /** Absent when the request asks for no order: the service's own order applies. */
      readonly sorting?: Sorting;
    }
  | { readonly operation: 'getPresenceRegistration'; readonly id: string };

/** The answer for one registration sent: registered, or refused with the item as sent and why. */
export type RegisterOutcome =
  | { readonly kind: 'registered'; readonly registration: PresenceRegistrationOut }
  | { readonly kind: 'refused'; readonly submitted: PresenceRegistrationSubmit; readonly errors: ItemErrors };

/** The answer for one cancellation sent: the registration now cancelled, or refused with the request and why. */
export type CancelOutcome =
  | { readonly kind: 'cancelled'; readonly registration: PresenceRegistrationOut }
  | { readonly kind: 'refused'; readonly request: CancelPresenceRequest; readonly errors: ItemErrors };

/** What a response says: one outcome per item for the batches, in the order of the request. */
export type SoapResponse =
  | { readonly operation: 'registerPresences'; readonly items: readonly RegisterOutcome[] }
  | { readonly operation: 'cancelPresences'; readonly items: readonly CancelOutcome[] }
  | {
      readonly operation: 'searchPresences';
      /** The search as read, echoed first (`SearchPresencesRequest`): its criteria… */
      readonly criteria: SearchCriteria;
      /** …its page, the defaults filled in when it asked none… */
      readonly pagination: Pagination;
      /** …and its order, when it asked one. */
      readonly sorting?: Sorting;
      /** How many registrations match in all, beyond this page (`PresenceRegistrationResultCount`). */
      readonly resultCount: number;
      readonly registrations: readonly PresenceRegistrationOut[];
    }
  | {
      readonly operation: 'getPresenceRegistration';
      readonly id: string;
      /** `null` when no registration has the id. */
      readonly registration: PresenceRegistrationOut | null;
    };

/**
 * A refusal of a whole request, as a SOAP fault: `client` when the request is at fault (a `BusinessError`,
 * faultcode `soap:Client`: do not retry it as is), `server` when the service is (a `SystemError`, faultcode
 * `soap:Server`: retry later). `incidentId` is a number to quote to support, for server faults.
 */
export interface SoapFault {
  readonly side: 'client' | 'server';
  readonly code: string;
  readonly message: string;
  readonly incidentId?: string;
}
