import type { CalendarDate } from './calendar-date.js';
import type { EnterpriseNumber } from './enterprise-number.js';
import type { ReferenceNumber } from './reference-number.js';
import type { WorkplaceId } from './workplace-id.js';

/**
 * A reference number the contact center gave a company: by an agent after a phone call (`PHONE`), or at once for
 * a contact form (`CONTACT_FORM`, at any hour). It records that the problem was reported; written on the paper
 * listing, it makes the listing the proof that the workers are registered.
 */
export interface ContactReference {
  readonly number: ReferenceNumber;
  readonly source: 'PHONE' | 'CONTACT_FORM';
  readonly enterprise: EnterpriseNumber;
  readonly workplaceId: WorkplaceId;
  readonly date: CalendarDate;
  /** The agent's note, or the description given in the contact form. */
  readonly note: string;
  readonly contact?: { readonly name: string; readonly phone?: string; readonly email?: string };
  readonly incidentId?: string;
  readonly issuedAt: string;
  /** The key that issued it (an agent's) or that sent the form (a company's or provider's). */
  readonly issuedBy: string;
}

/**
 * A reference as a company above the one it was given to reads it: without the contact person, whose name,
 * phone and e-mail address are personal data for the company that gave them and the contact center.
 */
export function withoutContact(reference: ContactReference): ContactReference {
  const { contact: _contact, ...rest } = reference;
  return rest;
}
