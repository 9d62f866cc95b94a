import { SOCIAL_SECURITY_ERRORS_NS } from './contract.js';
import {
  MAX_ERRORS_PER_ITEM,
  MAX_FETCH_SIZE,
  MAX_REMARKS_PER_VALIDATION,
  type CancelOutcome,
  type CancelPresenceRequest,
  type ItemErrors,
  type PresenceRegistrationOut,
  type PresenceRegistrationSubmit,
  type RegisterOutcome,
  type Sender,
  type SoapFault,
  type SoapResponse,
  type Validation,
} from './messages.js';
import { searchRequestChildren, type SearchValueWriting } from './search-request-writer.js';
import { NOT_XML_CHARS } from './xml-characters.js';
import {
  batchOf,
  operationEnvelope,
  presentChildren,
  soapEnvelope,
  type EnvelopeWriting,
  type XmlChildren,
} from './xml-writer.js';

/**
 * The SOAP 1.1 envelope answering a request, its elements in the order of the XSD's sequences
 * (`soap/presence-registration-v1.xsd` and the types it imports), each in the namespace of the official
 * contract: the response element and its direct children in the service's (prefix `pr`), everything below
 * them in the types' (prefix `type`). Every value is escaped by the XML builder.
 *
 * A search's answer echoes the search (`SearchPresencesRequest`) before its `PresenceRegistrationList`, as
 * the official `SearchPresencesResponseType` does. A refused item lists its first ten errors (the schema's
 * limit), a check its first ten remarks; codes and descriptions too long for the schema are cut. Throws a
 * `RangeError` for a response the schema cannot hold (no item, more than 200 items, more than 500
 * registrations in a page, a search echoed without a period or with more periods, statuses or remarks than a
 * search may ask): the caller's mistake, never the client's.
 */
export function buildSoapResponse(response: SoapResponse): string {
  switch (response.operation) {
    case 'registerPresences':
      return operation('RegisterPresencesResponse', {
        PresenceRegistrationResponse: batchOf(response.items, 'response').map(registerOutcome),
      });
    case 'cancelPresences':
      return operation('CancelPresencesResponse', {
        CancelPresenceResponse: batchOf(response.items, 'response').map(cancelOutcome),
      });
    case 'searchPresences': {
      if (response.registrations.length > MAX_FETCH_SIZE) {
        throw new RangeError(`A search page holds at most ${MAX_FETCH_SIZE} registrations.`);
      }
      return operation('SearchPresencesResponse', {
        SearchPresencesResponseType: {
          SearchPresencesRequest: searchRequestChildren(
            response.criteria,
            response.pagination,
            response.sorting,
            ECHOED_SEARCH_VALUES,
          ),
          PresenceRegistrationList: {
            PresenceRegistrationResultCount: String(response.resultCount),
            PresenceRegistration: response.registrations.map(registration),
          },
        },
      });
    }
    case 'getPresenceRegistration':
      return operation('GetPresenceRegistrationResponse', {
        GetPresenceRegistrationResponseType: {
          GetPresenceRegistrationRequest: { PresenceRegistrationId: text(response.id) },
          GetPresenceRegistrationType:
            response.registration === null
              ? ''
              : { PresenceRegistrationType: registration(response.registration) },
        },
      });
  }
}

/**
 * The SOAP 1.1 fault refusing a request: faultcode `soap:Client` with a `BusinessError` detail when the
 * request is at fault, `soap:Server` with a `SystemError` detail when the service is. The detail is the
 * social security's error type (`soap/errors-v1.xsd`): its `Id` attribute the incident number, `Origin`
 * `client` or `server`, `Code`, `Message` in English, and `Retry` (true for the server's faults only). Send
 * it with HTTP status 500, as SOAP 1.1 over HTTP wants.
 */
export function buildSoapFault(fault: SoapFault): string {
  const client = fault.side === 'client';
  const detail = presentChildren([
    ['@_xmlns:err', SOCIAL_SECURITY_ERRORS_NS],
    ['@_Id', fault.incidentId === undefined ? undefined : text(fault.incidentId, MAX_CODE)],
    ['err:Origin', fault.side],
    ['err:Code', text(fault.code, MAX_CODE)],
    ['err:Message', { '#text': text(fault.message, MAX_DESCRIPTION), '@_xml:lang': 'en' }],
    ['err:Retry', client ? 'false' : 'true'],
  ]);
  return soapEnvelope(
    {
      'soap:Fault': {
        faultcode: client ? 'soap:Client' : 'soap:Server',
        faultstring: text(fault.message, MAX_DESCRIPTION),
        detail: { [client ? 'err:BusinessError' : 'err:SystemError']: detail },
      },
    },
    RESPONSE_WRITING,
  );
}

// ------------------------------------------------------------------------------------------------------

/** The longest error code and description the schema allows (simple types ErrorCode, ErrorDescription). */
const MAX_CODE = 64;
const MAX_DESCRIPTION = 1000;

/** A response's values are written as they are, a carriage return included. */
const RESPONSE_WRITING: EnvelopeWriting = { carriageReturnsAsReferences: false };

/** The response element of an operation, in the service's namespace with its direct children. */
function operation(
  name: string,
  children: Readonly<Record<string, XmlChildren | readonly XmlChildren[]>>,
): string {
  return operationEnvelope(name, children, RESPONSE_WRITING);
}

/** A value as XML can carry it: characters XML forbids replaced, cut to `max` characters. */
function text(value: string, max?: number): string {
  const clean = value.replace(NOT_XML_CHARS, '\uFFFD');
  if (max === undefined) return clean;
  const chars = Array.from(clean);
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('')}…`;
}

function registerOutcome(outcome: RegisterOutcome): XmlChildren {
  switch (outcome.kind) {
    case 'registered':
      return { PresenceRegistration: registration(outcome.registration) };
    case 'refused':
      return {
        PresenceRegistrationError: {
          PresenceRegistrationSubmitted: submitted(outcome.submitted),
          ErrorList: errorList(outcome.errors),
        },
      };
  }
}

function cancelOutcome(outcome: CancelOutcome): XmlChildren {
  switch (outcome.kind) {
    case 'cancelled':
      return { PresenceRegistration: registration(outcome.registration) };
    case 'refused':
      return {
        PresenceRegistrationError: {
          CancelPresenceRequest: cancelRequest(outcome.request),
          ErrorList: errorList(outcome.errors),
        },
      };
  }
}

function registration(out: PresenceRegistrationOut): XmlChildren {
  const history = out.validationHistory ?? [];
  return presentChildren([
    ['PresenceRegistrationSubmitted', submitted(out.submitted)],
    ['Sector', out.sector === undefined ? undefined : String(out.sector)],
    ['INSS', optionalText(out.inss)],
    ['PresenceRegistrationId', text(out.presenceRegistrationId)],
    ['CreationDate', text(out.creationDate)],
    ['Channel', text(out.channel)],
    ['LastValidation', validation(out.lastValidation)],
    ['ValidationHistory', history.length === 0 ? undefined : { Validation: history.map(validation) }],
    ['Sender', out.sender === undefined ? undefined : sender(out.sender)],
  ]);
}

function submitted(submit: PresenceRegistrationSubmit): XmlChildren {
  return presentChildren([
    ['RegistrationDate', optionalText(submit.registrationDate)],
    ['INSS', optionalText(submit.inss)],
    ['CompanyID', optionalText(submit.companyId)],
    ['LimosaId', optionalText(submit.limosaId)],
    ['WorkPlaceId', text(submit.workPlaceId)],
    ['ClientPresenceRegistrationReference', optionalText(submit.clientReference)],
  ]);
}

function cancelRequest(request: CancelPresenceRequest): XmlChildren {
  return {
    PresenceRegistrationId: text(request.presenceRegistrationId),
    CancellationReason: text(request.cancellationReason),
  };
}

/** A search's values as the parser read them, echoed as every value of a response is written. */
const ECHOED_SEARCH_VALUES: SearchValueWriting = {
  inss: (value) => text(value),
  companyId: (value) => text(value),
  workPlaceId: (value) => text(value),
  status: (value) => value,
  remark: (value) => value,
  date: (value) => text(value),
  dateTime: (value) => text(value),
  sector: (value) => String(value),
  sortDirection: (value) => value,
  sortCriterion: (value) => value,
};

function validation(check: Validation): XmlChildren {
  const remarks = (check.remarks ?? []).slice(0, MAX_REMARKS_PER_VALIDATION);
  return presentChildren([
    ['Status', check.status],
    ['ValidationDate', optionalText(check.validationDate)],
    ['RemarkList', remarks.length === 0 ? undefined : { Remark: remarks }],
  ]);
}

function sender(who: Sender): XmlChildren {
  return presentChildren([
    ['SenderId', optionalText(who.senderId)],
    ['SenderCompanyId', optionalText(who.senderCompanyId)],
    ['SenderUserType', optionalText(who.senderUserType)],
  ]);
}

function errorList(errors: ItemErrors): XmlChildren {
  return {
    Error: errors.slice(0, MAX_ERRORS_PER_ITEM).map((error) => ({
      ErrorCode: text(error.code, MAX_CODE),
      ErrorDescription: text(error.description, MAX_DESCRIPTION),
    })),
  };
}

function optionalText(value: string | undefined): string | undefined {
  return value === undefined ? undefined : text(value);
}
