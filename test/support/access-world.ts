import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { formatNiss, type Niss } from '../../src/domain/niss.js';
import type { TestDatabase } from './databases.js';
import { PDFTOTEXT, pdfText } from './pdf-text.js';
import { TestRegistry, type Caller, type Reply } from './registry.js';

/**
 * The companies of the access tests. On workplace W, declared by A: B and D work for A, C works for B. X is
 * unrelated and has its own workplace.
 */
export const COMPANIES = ['A', 'B', 'C', 'D', 'X'] as const;
export type Company = (typeof COMPANIES)[number];

/**
 * Everyone who calls: the companies; provider P, mandated by B; provider Q, whose mandate from A was revoked; the
 * contact center's agent, an inspector and an administrator.
 */
export const PRINCIPALS = ['A', 'B', 'C', 'D', 'X', 'P', 'Q', 'agent', 'inspector', 'admin'] as const;
export type Who = (typeof PRINCIPALS)[number];

/** The companies on W. */
export const ON_W: readonly Company[] = ['A', 'B', 'C', 'D'];

/** Whether the principal takes part in W (all but X and the provider whose mandate was revoked). */
export function onW(who: Who): boolean {
  return who !== 'X' && who !== 'Q';
}

/** Companies in the order of `COMPANIES`. */
export function inOrder(companies: readonly Company[]): Company[] {
  return [...companies].sort((a, b) => COMPANIES.indexOf(a) - COMPANIES.indexOf(b));
}

/**
 * Whose workers' presences and NISS each principal may see: a company its own and those of the subcontractors
 * below it, a provider what the company that mandated it sees (nothing once revoked), an inspector everything,
 * the contact center and administrators nothing.
 */
export const SEES_PRESENCES: Readonly<Record<Who, readonly Company[]>> = {
  A: ['A', 'B', 'C', 'D'],
  B: ['B', 'C'],
  C: ['C'],
  D: ['D'],
  X: ['X'],
  P: ['B', 'C'],
  Q: [],
  agent: [],
  inspector: ['A', 'B', 'C', 'D', 'X'],
  admin: [],
};

/**
 * Whose workers' names (rosters, lines of paper listings) each principal may read: the employer itself (or its
 * provider) and inspectors only, never a company above it.
 */
export const SEES_NAMES: Readonly<Record<Who, readonly Company[]>> = {
  A: ['A'],
  B: ['B'],
  C: ['C'],
  D: ['D'],
  X: ['X'],
  P: ['B'],
  Q: [],
  agent: [],
  inspector: ['A', 'B', 'C', 'D', 'X'],
  admin: [],
};

/**
 * Whose contact person (the name, phone and e-mail address given to the contact center) each principal may read:
 * the company the reference was given to (or its provider), the contact center and inspectors.
 */
export const SEES_CONTACTS: Readonly<Record<Who, readonly Company[]>> = {
  ...SEES_NAMES,
  agent: ['A', 'B', 'C', 'D', 'X'],
};

/** Who may see the procedure's records (incidents, references, listings) about an employer's workers. */
export function seesRecordsOf(who: Who, employer: Company): boolean {
  return who === 'agent' || SEES_PRESENCES[who].includes(employer);
}

/** Records of one kind, one per employer. */
export type PerCompany<T> = Readonly<Record<Company, T>>;

/**
 * One registry with every kind of record for every employer, as the access tests read it. Everything is dated
 * today (Tuesday 10 March 2026, 08:00 in Brussels: the contact center is open), except the records for writes
 * (`earlier`), two days before, so that writing never changes what today's reads find.
 */
export interface AccessWorld {
  readonly registry: TestRegistry;
  readonly callers: Readonly<Record<Who, Caller>>;
  /** W, declared by A; X's own workplace. */
  readonly workplace: string;
  readonly xWorkplace: string;
  workplaceOf(company: Company): string;
  readonly today: string;
  /** The one worker registered today for each employer, on the roster with a name and on its listing. */
  readonly niss: PerCompany<string>;
  readonly lastName: PerCompany<string>;
  /** The person who called the contact center for each company. */
  readonly contactName: PerCompany<string>;
  readonly presence: PerCompany<{ readonly id: string; readonly receiptNumber: string }>;
  readonly clientReference: PerCompany<string>;
  readonly incident: PerCompany<string>;
  readonly reference: PerCompany<string>;
  readonly listing: PerCompany<string>;
  /** B's mandate to P (in force) and A's to Q (revoked). */
  readonly mandate: { readonly P: string; readonly Q: string };
  /** Two days ago on W: C's reference and listing, for the rows that write. */
  readonly earlier: { readonly day: string; readonly reference: string; readonly listing: string };
  /** The links of W's chain, as `child<parent`. */
  readonly links: readonly string[];
  /** The company whose enterprise number this is, if it is one of the world's. */
  companyOf(enterprise: string): Company | undefined;
}

/** Builds the world on a fresh registry (closed by the caller: `world.registry.close()`). */
export async function openAccessWorld(database: TestDatabase): Promise<AccessWorld> {
  const registry = await TestRegistry.open(database);
  const company = {} as Record<Company, Caller>;
  for (const c of COMPANIES) company[c] = await registry.newCompany();
  const P = await registry.newProvider();
  const Q = await registry.newProvider();
  const callers: Record<Who, Caller> = {
    ...company,
    P,
    Q,
    agent: await registry.newCaller('agent'),
    inspector: await registry.newCaller('inspector'),
    admin: await registry.newCaller('admin'),
  };
  const { A, B, C, D, X } = company;
  const earlierDay = registry.day(-2);
  const period = { startDate: registry.day(-30), endDate: registry.day(60) };
  const workplace = (await registry.newWorkplace(A, period)).id;
  const xWorkplace = (await registry.newWorkplace(X, period)).id;
  await registry.addContractor(A, workplace, B, A);
  await registry.addContractor(A, workplace, D, A);
  await registry.addContractor(B, workplace, C, B);
  const workplaceOf = (c: Company) => (c === 'X' ? xWorkplace : workplace);

  const mandateP = await expectStatus(B.post('/api/v1/mandates', { provider: P.enterprise }), 201);
  const mandateQ = await expectStatus(A.post('/api/v1/mandates', { provider: Q.enterprise }), 201);
  await expectStatus(A.delete(`/api/v1/mandates/${mandateQ.body.mandate.id}`), 200);

  // B's records are sent by its provider, the others' by the company itself.
  const senderOf = (c: Company): Caller => (c === 'B' ? P : company[c]);
  const forWhom = (c: Company) => (c === 'B' ? `?enterprise=${B.enterprise}` : '');
  const niss = {} as Record<Company, string>;
  const lastName = {} as Record<Company, string>;
  const contactName = {} as Record<Company, string>;
  const presence = {} as Record<Company, { id: string; receiptNumber: string }>;
  const clientReference = {} as Record<Company, string>;
  const incident = {} as Record<Company, string>;
  const reference = {} as Record<Company, string>;
  const listing = {} as Record<Company, string>;
  for (const c of COMPANIES) {
    const sender = senderOf(c);
    const enterprise = company[c].enterprise;
    niss[c] = registry.newNiss();
    lastName[c] = `Surname${c}${c}q`;
    contactName[c] = `Caller${c}${c}z`;
    clientReference[c] = `world-${c}`;
    const [registered] = await registry.register(
      sender,
      registry.presenceItem(workplaceOf(c), enterprise, {
        worker: { niss: niss[c] },
        clientReference: clientReference[c],
      }),
    );
    if (registered?.status !== 'REGISTERED') throw new Error(`${c}: ${JSON.stringify(registered)}`);
    presence[c] = { id: registered.presence.id, receiptNumber: registered.presence.receiptNumber };
    await expectStatus(
      sender.put(`/api/v1/workers${forWhom(c)}`, {
        workers: [{ worker: { niss: niss[c] }, lastName: lastName[c], firstName: `Given${c}` }],
      }),
      200,
    );
    const opened = await expectStatus(
      sender.post('/api/v1/incidents', {
        workplaceId: workplaceOf(c),
        date: registry.today(),
        employer: enterprise,
        origin: 'OWN_COMPANY',
        description: incidentDescription(c),
      }),
      201,
    );
    incident[c] = opened.body.incident.id;
    // Each company writes the contact form (the reference comes back at once); an agent's are made by the rows.
    const issued = await expectStatus(
      sender.post('/api/v1/contact-form', {
        enterprise,
        workplaceId: workplaceOf(c),
        date: registry.today(),
        description: 'No channel works',
        contact: { name: contactName[c], phone: '+32 2 511 51 51' },
      }),
      201,
    );
    reference[c] = issued.body.referenceNumber;
    const made = await expectStatus(
      sender.post('/api/v1/paper-listings', {
        referenceNumber: reference[c],
        workplaceId: workplaceOf(c),
        date: registry.today(),
        employer: enterprise,
      }),
      201,
    );
    listing[c] = made.body.paperListing.id;
    // The line of the worker already registered today: it binds to that presence and makes no other.
    const captured = await expectStatus(
      sender.post(`/api/v1/paper-listings/${listing[c]}/entries`, {
        entries: [{ worker: { niss: niss[c] }, lastName: lastName[c], firstName: `Given${c}` }],
      }),
      200,
    );
    if (captured.body.results[0]?.presence?.id !== presence[c].id)
      throw new Error(`${c}: the listing's line made another presence`);
  }

  const earlierReference = await expectStatus(
    callers.agent.post('/api/v1/contact-center/references', {
      enterprise: C.enterprise,
      workplaceId: workplace,
      date: earlierDay,
      note: 'Called about an earlier day',
    }),
    201,
  );
  const earlierListing = await expectStatus(
    C.post('/api/v1/paper-listings', {
      referenceNumber: earlierReference.body.referenceNumber,
      workplaceId: workplace,
      date: earlierDay,
      employer: C.enterprise,
    }),
    201,
  );

  const byEnterprise = new Map(COMPANIES.map((c) => [company[c].enterprise, c]));
  return {
    registry,
    callers,
    workplace,
    xWorkplace,
    workplaceOf,
    today: registry.today(),
    niss,
    lastName,
    contactName,
    presence,
    clientReference,
    incident,
    reference,
    listing,
    mandate: { P: mandateP.body.mandate.id, Q: mandateQ.body.mandate.id },
    earlier: {
      day: earlierDay,
      reference: earlierReference.body.referenceNumber,
      listing: earlierListing.body.paperListing.id,
    },
    links: ['B<A', 'D<A', 'C<B'],
    companyOf: (enterprise) => byEnterprise.get(enterprise),
  };
}

/** Which of the world's employers have a worker whose NISS (as digits or as printed) shows in the text. */
export function nissShown(world: AccessWorld, text: string): Company[] {
  return COMPANIES.filter((c) => {
    const niss = world.niss[c];
    return text.includes(niss) || text.includes(formatNiss(niss as Niss));
  });
}

/** What each company wrote when it reported its incident: it shows only where the incident may be seen. */
export function incidentDescription(company: Company): string {
  return `Tablet out of order at ${company}${company}${company}w`;
}

/** Which of the world's companies' incident descriptions show in the text. */
export function descriptionsShown(text: string): Company[] {
  return COMPANIES.filter((c) => text.includes(incidentDescription(c)));
}

/** Which of the world's employers have a worker whose name shows in the text. */
export function namesShown(world: AccessWorld, text: string): Company[] {
  return COMPANIES.filter((c) => text.includes(world.lastName[c]));
}

/** Which of the world's companies have a contact person whose name shows in the text. */
export function contactsShown(world: AccessWorld, text: string): Company[] {
  return COMPANIES.filter((c) => text.includes(world.contactName[c]));
}

/** The text of a reply or page, as a person reads it (a PDF through pdftotext; nothing when it is missing). */
export function textOf(raw: LightMyRequestResponse): string {
  const type = String(raw.headers['content-type'] ?? '');
  if (type.startsWith('application/pdf')) return PDFTOTEXT ? pdfText(raw.rawPayload) : '';
  return raw.body;
}

/** Fails when the text shows a NISS, a name, a contact person or an incident that the principal may not see. */
export function expectNothingHidden(world: AccessWorld, who: Who, text: string): void {
  const hidden = (shown: Company[], seen: (c: Company) => boolean) => shown.filter((c) => !seen(c));
  expect(
    hidden(nissShown(world, text), (c) => SEES_PRESENCES[who].includes(c)),
    'NISS shown',
  ).toEqual([]);
  expect(
    hidden(namesShown(world, text), (c) => SEES_NAMES[who].includes(c)),
    'names shown',
  ).toEqual([]);
  expect(
    hidden(contactsShown(world, text), (c) => SEES_CONTACTS[who].includes(c)),
    'contacts shown',
  ).toEqual([]);
  expect(
    hidden(descriptionsShown(text), (c) => seesRecordsOf(who, c)),
    'incidents shown',
  ).toEqual([]);
}

async function expectStatus(sent: Promise<Reply>, status: number): Promise<Reply> {
  const reply = await sent;
  if (reply.status !== status)
    throw new Error(`expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply;
}
