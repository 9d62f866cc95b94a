import type {
  ItemErrors,
  PresenceRegistrationOut,
  PresenceRegistrationSubmit,
} from '../../src/soap/messages.js';

/**
 * Messages of the PresenceRegistration v1 protocol for the codec's tests, as plain data: what a client
 * submits, what the registry returns, the errors of a refused item. Each is valid against the schema and
 * every field is filled in, unless told otherwise.
 */

/** A registration as a client submits it: a Belgian worker by INSS and company, on a given day and site. */
export function submitted(overrides: Partial<PresenceRegistrationSubmit> = {}): PresenceRegistrationSubmit {
  return {
    registrationDate: '2026-12-07',
    inss: '85073003328',
    companyId: '403019261',
    workPlaceId: '1Y102M7NZF7PZ',
    clientReference: 'ERP-2026-000017',
    ...overrides,
  };
}

/** A registration as the registry returns it, everything filled in unless told otherwise. */
export function registration(overrides: Partial<PresenceRegistrationOut> = {}): PresenceRegistrationOut {
  return {
    submitted: submitted(),
    sector: 1,
    inss: '85073003328',
    presenceRegistrationId: '123456789012345',
    creationDate: '2026-12-07T07:59:58.120+01:00',
    channel: 'WEBSERVICE',
    lastValidation: {
      status: 'FAILED',
      validationDate: '2026-12-07T08:30:00Z',
      remarks: ['RELATED DIMONA NOT OK', 'COMPANY IS NOT KNOWN  AS BUILDER OR  SUBCONTRACTOR IN THIS DUC'],
    },
    validationHistory: [
      { status: 'SUCCESSFULLY REGISTERED' },
      { status: 'FAILED', validationDate: '2026-12-07T08:30:00Z', remarks: ['RELATED DIMONA NOT OK'] },
    ],
    sender: { senderId: 'erp-gateway', senderCompanyId: '403019261', senderUserType: 'COMPANY' },
    ...overrides,
  };
}

/** The smallest registration the schema allows: a posted worker by Limosa id, and what the registry adds. */
export function bareRegistration(overrides: Partial<PresenceRegistrationOut> = {}): PresenceRegistrationOut {
  return {
    submitted: { limosaId: '24911936602056031', workPlaceId: '1Y102HV63VT7Z' },
    presenceRegistrationId: '1',
    creationDate: '2026-12-07T08:00:00Z',
    channel: 'WEBSERVICE',
    lastValidation: { status: 'SUCCESSFULLY REGISTERED' },
    ...overrides,
  };
}

/** Why an item was refused: two errors, each with its code and description. */
export const ITEM_ERRORS: ItemErrors = [
  {
    code: 'NISS_CHECK_DIGITS',
    description: 'The check digits (last two) do not match: the number is mistyped.',
  },
  { code: 'DATE_TOO_FAR', description: 'Through the web service, only today or tomorrow.' },
];
