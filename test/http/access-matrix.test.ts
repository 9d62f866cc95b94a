import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPANIES,
  contactsShown,
  expectNothingHidden,
  inOrder,
  namesShown,
  nissShown,
  ON_W,
  onW,
  openAccessWorld,
  PRINCIPALS,
  SEES_CONTACTS,
  SEES_NAMES,
  SEES_PRESENCES,
  seesRecordsOf,
  textOf,
  type AccessWorld,
  type Company,
  type Who,
} from '../support/access-world.js';
import { DATABASES } from '../support/databases.js';
import { PDFTOTEXT } from '../support/pdf-text.js';
import type { Reply } from '../support/registry.js';

/**
 * Who may see and do what, through every route of the API: one world (see `access-world.ts`) and one row per
 * (principal, resource, action), each its own test, so that a wrong cell is named in the failure.
 *
 * The registry's conventions, from DESIGN §5 and the README:
 * - a role that may never do an action is refused with 403 ROLE_FORBIDDEN, whatever the record;
 * - a record (presence, workplace, incident, reference, listing, mandate) that the caller may not see is
 *   answered exactly as one that does not exist: 404 with the resource's NOT_FOUND code (a search, an empty
 *   page);
 * - a record the caller may see but not change is refused with 403 and the rule's own code;
 * - in a batch (presences, cancellations, lines of a listing) each item is answered on its own, in a 200.
 * Every reply is also read for what it shows: a NISS, a worker's name, a contact person's name or an incident's
 * description that the caller may not see fails the row, whatever the row expected.
 */

type Send = (world: AccessWorld, who: Who) => Promise<Reply>;
type Check = (reply: Reply, world: AccessWorld, who: Who) => void | Promise<void>;

type Outcome =
  | { readonly kind: 'allowed'; readonly status: number; readonly label: string; readonly check?: Check }
  | { readonly kind: 'refused'; readonly status: number; readonly code: string }
  | { readonly kind: 'item'; readonly status: 'REGISTERED' | 'CANCELLED' }
  | { readonly kind: 'itemRefused'; readonly code: string };

interface Row {
  readonly who: Who;
  readonly action: string;
  readonly resource: string;
  readonly send: Send;
  readonly outcome: Outcome;
}

const allowed = (status: number, label: string, check?: Check): Outcome =>
  check === undefined ? { kind: 'allowed', status, label } : { kind: 'allowed', status, label, check };
const refused = (status: number, code: string): Outcome => ({ kind: 'refused', status, code });
const FORBIDDEN = refused(403, 'ROLE_FORBIDDEN');
const item = (status: 'REGISTERED' | 'CANCELLED'): Outcome => ({ kind: 'item', status });
const itemRefused = (code: string): Outcome => ({ kind: 'itemRefused', code });

function label(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'allowed':
      return `${outcome.status} ${outcome.label}`;
    case 'refused':
      return `${outcome.status} ${outcome.code}`;
    case 'item':
      return `item ${outcome.status}`;
    case 'itemRefused':
      return `item REJECTED ${outcome.code}`;
  }
}

const rows: Row[] = [];

/** The rows of one action on one resource, an outcome for every principal. */
function cells(
  action: string,
  resource: string,
  send: Send,
  outcomes: Readonly<Record<Who, Outcome>> | ((who: Who) => Outcome),
): void {
  for (const who of PRINCIPALS)
    rows.push({
      who,
      action,
      resource,
      send,
      outcome: typeof outcomes === 'function' ? outcomes(who) : outcomes[who],
    });
}

const names = (items: readonly string[]) => (items.length === 0 ? 'none' : items.join(','));
const query = (params: Record<string, string>) => new URLSearchParams(params).toString();
/** The world's companies whose enterprise numbers these are (others, made by rows that write, left out). */
const ofWorld = (world: AccessWorld, enterprises: readonly string[]): Company[] => {
  const companies = new Set<Company>();
  for (const e of enterprises) {
    const c = world.companyOf(e);
    if (c !== undefined) companies.add(c);
  }
  return inOrder([...companies]);
};
const employersOf = (world: AccessWorld, records: readonly { employer: string }[]) =>
  ofWorld(
    world,
    records.map((r) => r.employer),
  );

/** 200 with exactly these employers' presences, and no other NISS of the world. */
const seesPresences = (...companies: Company[]): Outcome =>
  allowed(200, `presences of ${names(companies)}`, (reply, world) => {
    expect(employersOf(world, reply.body.presences)).toEqual(inOrder(companies));
    expect(nissShown(world, textOf(reply.raw))).toEqual(inOrder(companies));
  });

/** The companies that a principal sees among those of a workplace. */
const seenOn = (who: Who, on: readonly Company[]): Company[] =>
  SEES_PRESENCES[who].filter((c) => on.includes(c));

// ---------------------------------------------------------------------------------------------------------------
// Presences: register, read one, search, cancel.

const companyOrProvider = (who: Who): boolean =>
  who === 'A' || who === 'B' || who === 'C' || who === 'D' || who === 'X' || who === 'P' || who === 'Q';
const onlySenders = (outcome: (who: Who) => Outcome) => (who: Who) =>
  companyOrProvider(who) ? outcome(who) : FORBIDDEN;

/** Registers, as `who`, a presence tomorrow for a new worker of the employer. */
const register =
  (employer: Company): Send =>
  (world, who) =>
    world.callers[who].post('/api/v1/presences', {
      presences: [
        world.registry.presenceItem(world.workplaceOf(employer), world.callers[employer].enterprise, {
          registrationDate: world.registry.day(1),
        }),
      ],
    });

cells(
  'POST /presences',
  "a worker of C's on W",
  register('C'),
  onlySenders((who) =>
    ['A', 'B', 'C', 'P'].includes(who)
      ? item('REGISTERED')
      : who === 'D'
        ? itemRefused('EMPLOYER_NOT_BELOW_SENDER')
        : itemRefused('WORKPLACE_NOT_FOUND'),
  ),
);
cells(
  'POST /presences',
  "a worker of A's on W",
  register('A'),
  onlySenders((who) =>
    who === 'A'
      ? item('REGISTERED')
      : ['B', 'C', 'D', 'P'].includes(who)
        ? itemRefused('EMPLOYER_NOT_BELOW_SENDER')
        : itemRefused('WORKPLACE_NOT_FOUND'),
  ),
);
cells(
  'POST /presences',
  "a worker of X's on X's workplace",
  register('X'),
  onlySenders((who) => (who === 'X' ? item('REGISTERED') : itemRefused('WORKPLACE_NOT_FOUND'))),
);

for (const c of COMPANIES) {
  cells(
    'GET /presences/:id',
    `${c}'s presence`,
    (world, who) => world.callers[who].get(`/api/v1/presences/${world.presence[c].id}`),
    (who) =>
      who === 'agent' || who === 'admin'
        ? FORBIDDEN
        : SEES_PRESENCES[who].includes(c)
          ? allowed(200, `${c}'s presence`, (reply, world) => {
              expect(reply.body).toMatchObject({
                id: world.presence[c].id,
                employer: world.callers[c].enterprise,
                worker: { niss: world.niss[c] },
              });
            })
          : refused(404, 'PRESENCE_NOT_FOUND'),
  );
}

const search =
  (params: (world: AccessWorld) => Record<string, string>): Send =>
  (world, who) =>
    world.callers[who].get(
      `/api/v1/presences?${query({ from: world.today, to: world.today, ...params(world) })}`,
    );
const readers = (outcome: (who: Who) => Outcome) => (who: Who) =>
  who === 'agent' || who === 'admin' ? FORBIDDEN : outcome(who);

cells(
  'GET /presences',
  "today's on W",
  search((world) => ({ workplaceId: world.workplace })),
  readers((who) => seesPresences(...seenOn(who, ON_W))),
);
cells(
  'GET /presences',
  "today's on X's workplace",
  search((world) => ({ workplaceId: world.xWorkplace })),
  readers((who) => seesPresences(...seenOn(who, ['X']))),
);
cells(
  'GET /presences',
  "today's, no filter",
  search(() => ({})),
  readers((who) =>
    who === 'inspector' ? refused(400, 'SEARCH_FILTER_REQUIRED') : seesPresences(...SEES_PRESENCES[who]),
  ),
);
cells(
  'GET /presences',
  "today's of C's worker (by NISS)",
  search((world) => ({ worker: world.niss.C })),
  readers((who) => seesPresences(...seenOn(who, ['C']))),
);
cells(
  'GET /presences',
  "today's of employer C",
  search((world) => ({ employer: world.callers.C.enterprise })),
  readers((who) => seesPresences(...seenOn(who, ['C']))),
);

/** Registers (as `sender`, tomorrow) a presence for the employer, then cancels it as `who`. */
const cancel =
  (sender: Who, employer: Company): Send =>
  async (world, who) => {
    const [registered] = await world.registry.register(
      world.callers[sender],
      world.registry.presenceItem(world.workplace, world.callers[employer].enterprise, {
        registrationDate: world.registry.day(1),
      }),
    );
    return world.callers[who].post('/api/v1/presences/cancel', {
      cancellations: [{ id: registered.presence.id, reason: 'Not coming after all' }],
    });
  };
const cancelOutcome = (employer: Company, mayCancel: readonly Who[]) =>
  onlySenders((who) =>
    mayCancel.includes(who)
      ? item('CANCELLED')
      : SEES_PRESENCES[who].includes(employer)
        ? itemRefused('CANCEL_NOT_ALLOWED')
        : itemRefused('PRESENCE_NOT_FOUND'),
  );
cells('POST /presences/cancel', 'a presence of C sent by C', cancel('C', 'C'), cancelOutcome('C', ['C']));
cells(
  'POST /presences/cancel',
  'a presence of C sent by A',
  cancel('A', 'C'),
  cancelOutcome('C', ['A', 'C']),
);
cells(
  'POST /presences/cancel',
  'a presence of B sent by its provider P',
  cancel('P', 'B'),
  cancelOutcome('B', ['B', 'P']),
);

// ---------------------------------------------------------------------------------------------------------------
// Workplaces and their contractor chains.

/** The company a principal would naturally declare for: itself, the company that mandated it, or A. */
const OWN: Readonly<Record<Who, Company>> = {
  A: 'A',
  B: 'B',
  C: 'C',
  D: 'D',
  X: 'X',
  P: 'B',
  Q: 'A',
  agent: 'A',
  inspector: 'A',
  admin: 'A',
};
const declare =
  (declarant: (who: Who) => Company): Send =>
  (world, who) =>
    world.callers[who].post('/api/v1/workplaces', {
      name: 'Chantier de test',
      address: { street: 'Rue Haute 1', postalCode: '1000', city: 'Bruxelles' },
      declarant: world.callers[declarant(who)].enterprise,
      startDate: world.today,
      endDate: world.registry.day(30),
    });
const DECLARED = allowed(201, 'declared');

cells(
  'POST /workplaces',
  'for itself (a provider: for the company that mandated it)',
  declare((who) => OWN[who]),
  (who) =>
    who === 'admin' || (companyOrProvider(who) && who !== 'Q')
      ? DECLARED
      : who === 'Q'
        ? refused(403, 'DECLARANT_NOT_SELF')
        : FORBIDDEN,
);
cells(
  'POST /workplaces',
  'for another company (X; for X: A)',
  declare((who) => (who === 'X' ? 'A' : 'X')),
  (who) =>
    who === 'admin' ? DECLARED : companyOrProvider(who) ? refused(403, 'DECLARANT_NOT_SELF') : FORBIDDEN,
);

const WORKPLACES_SEEN: Readonly<Record<Who, readonly ('W' | 'WX')[]>> = {
  A: ['W'],
  B: ['W'],
  C: ['W'],
  D: ['W'],
  X: ['WX'],
  P: ['W'],
  Q: [],
  agent: ['W', 'WX'],
  inspector: ['W', 'WX'],
  admin: ['W', 'WX'],
};
cells(
  'GET /workplaces',
  'the list',
  (world, who) => world.callers[who].get('/api/v1/workplaces'),
  (who) =>
    allowed(200, `lists ${names(WORKPLACES_SEEN[who])}`, (reply, world) => {
      const ids = (reply.body.workplaces as { id: string }[]).map((w) => w.id);
      const world2 = { W: world.workplace, WX: world.xWorkplace };
      expect((['W', 'WX'] as const).filter((w) => ids.includes(world2[w]))).toEqual(WORKPLACES_SEEN[who]);
    }),
);

/** The links of W a principal sees: all for the declarant and the roles that see every workplace. */
const LINKS_SEEN: Readonly<Record<Who, readonly string[]>> = {
  A: ['B<A', 'D<A', 'C<B'],
  B: ['B<A', 'C<B'],
  C: ['B<A', 'C<B'],
  D: ['D<A'],
  X: [],
  P: ['B<A', 'C<B'],
  Q: [],
  agent: ['B<A', 'D<A', 'C<B'],
  inspector: ['B<A', 'D<A', 'C<B'],
  admin: ['B<A', 'D<A', 'C<B'],
};
const linksOf = (world: AccessWorld, contractors: { enterprise: string; parent: string }[]): string[] =>
  contractors
    .map((l) => `${world.companyOf(l.enterprise) ?? '?'}<${world.companyOf(l.parent) ?? '?'}`)
    .filter((l) => world.links.includes(l))
    .sort();
const seesChain = (who: Who) =>
  allowed(200, `links ${LINKS_SEEN[who].join(' ')}`, (reply, world) => {
    expect(linksOf(world, reply.body.contractors)).toEqual([...LINKS_SEEN[who]].sort());
    expect(reply.body.contractors.map((l: { parent: string }) => l.parent)).not.toContain(
      world.callers.X.enterprise,
    );
  });

cells(
  'GET /workplaces/:id',
  'W',
  (world, who) => world.callers[who].get(`/api/v1/workplaces/${world.workplace}`),
  (who) => (onW(who) ? seesChain(who) : refused(404, 'WORKPLACE_NOT_FOUND')),
);
cells(
  'GET /workplaces/:id/contractors',
  'W',
  (world, who) => world.callers[who].get(`/api/v1/workplaces/${world.workplace}/contractors`),
  (who) => (onW(who) ? seesChain(who) : refused(404, 'WORKPLACE_NOT_FOUND')),
);
cells(
  'GET /workplaces/:id',
  "X's workplace",
  (world, who) => world.callers[who].get(`/api/v1/workplaces/${world.xWorkplace}`),
  (who) =>
    companyOrProvider(who) && who !== 'X'
      ? refused(404, 'WORKPLACE_NOT_FOUND')
      : allowed(200, "X's workplace", (reply, world) => {
          expect(reply.body.workplace.declarant).toBe(world.callers.X.enterprise);
        }),
);

/** Adds a company new to the registry under `parent` on W. */
const addContractor =
  (parent: (who: Who) => Company): Send =>
  (world, who) =>
    world.callers[who].post(`/api/v1/workplaces/${world.workplace}/contractors`, {
      enterprise: world.registry.newEnterprise(),
      parent: world.callers[parent(who)].enterprise,
    });
const ADDED = allowed(201, 'added');
cells(
  'POST /workplaces/:id/contractors',
  'W: a new company below itself (a provider: below B; the others: below A)',
  addContractor((who) => OWN[who]),
  (who) =>
    who === 'X' || who === 'Q'
      ? refused(404, 'WORKPLACE_NOT_FOUND')
      : who === 'agent' || who === 'inspector'
        ? FORBIDDEN
        : ADDED,
);
cells(
  'POST /workplaces/:id/contractors',
  'W: a new company below A',
  addContractor(() => 'A'),
  (who) =>
    who === 'A' || who === 'admin'
      ? ADDED
      : who === 'X' || who === 'Q'
        ? refused(404, 'WORKPLACE_NOT_FOUND')
        : who === 'agent' || who === 'inspector'
          ? FORBIDDEN
          : refused(403, 'CONTRACTOR_PARENT_NOT_SELF'),
);

// ---------------------------------------------------------------------------------------------------------------
// Mandates and API keys.

const onlyCompanies = (outcome: (who: Who) => Outcome) => (who: Who) =>
  companyOrProvider(who) && who !== 'P' && who !== 'Q' ? outcome(who) : FORBIDDEN;

cells(
  'POST /mandates',
  'a new provider',
  (world, who) => world.callers[who].post('/api/v1/mandates', { provider: world.registry.newEnterprise() }),
  onlyCompanies(() => allowed(201, 'granted')),
);
const MANDATES_SEEN: Readonly<Record<Who, readonly ('P' | 'Q')[]>> = {
  A: ['Q'],
  B: ['P'],
  C: [],
  D: [],
  X: [],
  P: ['P'],
  Q: ['Q'],
  agent: [],
  inspector: [],
  admin: [],
};
cells(
  'GET /mandates',
  'the list',
  (world, who) => world.callers[who].get('/api/v1/mandates'),
  (who) =>
    companyOrProvider(who)
      ? allowed(200, `lists ${MANDATES_SEEN[who].join(',') || 'none'}`, (reply, world) => {
          const ids = (reply.body.mandates as { id: string }[]).map((m) => m.id);
          expect((['P', 'Q'] as const).filter((m) => ids.includes(world.mandate[m]))).toEqual(
            MANDATES_SEEN[who],
          );
        })
      : who === 'inspector'
        ? refused(400, 'SEARCH_FILTER_REQUIRED')
        : FORBIDDEN,
);
cells(
  'GET /mandates',
  "B's, by name",
  (world, who) => world.callers[who].get(`/api/v1/mandates?enterprise=${world.callers.B.enterprise}`),
  (who) =>
    companyOrProvider(who) || who === 'inspector'
      ? allowed(200, `lists ${who === 'B' || who === 'inspector' ? 'P' : 'none'}`, (reply, world) => {
          const ids = (reply.body.mandates as { id: string }[]).map((m) => m.id);
          // The inspector reads whom B mandated (other rows add more), B its own; anyone else naming B gets what no
          // mandates would give.
          if (who === 'B' || who === 'inspector') expect(ids).toContain(world.mandate.P);
          else expect(ids).toEqual([]);
        })
      : FORBIDDEN,
);
cells(
  'DELETE /mandates/:id',
  'a mandate B gave',
  async (world, who) => {
    const granted = await world.callers.B.post('/api/v1/mandates', {
      provider: world.registry.newEnterprise(),
    });
    return world.callers[who].delete(`/api/v1/mandates/${granted.body.mandate.id}`);
  },
  onlyCompanies((who) =>
    who === 'B'
      ? allowed(200, 'revoked', (reply) => {
          expect(reply.body.mandate.revokedAt).toBeDefined();
        })
      : refused(404, 'MANDATE_NOT_FOUND'),
  ),
);

const onlyAdmin = (outcome: Outcome) => (who: Who) => (who === 'admin' ? outcome : FORBIDDEN);
cells(
  'POST /keys',
  'a company key',
  (world, who) =>
    world.callers[who].post('/api/v1/keys', {
      role: 'company',
      enterprise: world.registry.newEnterprise(),
      name: 'Made in the matrix',
    }),
  onlyAdmin(allowed(201, 'made')),
);
cells(
  'GET /keys',
  'the list',
  (world, who) => world.callers[who].get('/api/v1/keys'),
  onlyAdmin(
    allowed(200, 'every key, no secret', (reply, world) => {
      expect(reply.body.apiKeys.length).toBeGreaterThanOrEqual(PRINCIPALS.length);
      for (const who of PRINCIPALS) expect(reply.raw.body).not.toContain(world.callers[who].key);
      expect(reply.raw.body).not.toContain('"hash"');
    }),
  ),
);
cells(
  'DELETE /keys/:id',
  'a key of its own kind',
  async (world, who) => {
    const made = await world.callers.admin.post('/api/v1/keys', { role: 'agent', name: 'To revoke' });
    return world.callers[who].delete(`/api/v1/keys/${made.body.apiKey.id}`);
  },
  onlyAdmin(allowed(200, 'revoked')),
);

cells(
  'POST /keys/:id/rotate',
  'a key of its own kind',
  async (world, who) => {
    const made = await world.callers.admin.post('/api/v1/keys', { role: 'agent', name: 'To rotate' });
    return world.callers[who].post(`/api/v1/keys/${made.body.apiKey.id}/rotate`, {});
  },
  onlyAdmin(allowed(201, 'rotated')),
);

// ---------------------------------------------------------------------------------------------------------------
// The reference registers the checks of presences read: administrators load them, inspectors see how they stand.

cells(
  'PUT /registers/:register',
  'an employment declaration',
  (world, who) =>
    world.callers[who].put('/api/v1/registers/employment', [
      {
        employer: world.registry.newEnterprise(),
        worker: world.registry.newNiss(),
        from: world.registry.today(),
      },
    ]),
  onlyAdmin(
    allowed(200, 'loaded', (reply) => {
      expect(reply.body).toMatchObject({ register: 'employment', loaded: 1, refused: [] });
    }),
  ),
);
cells(
  'GET /registers',
  'how the registers stand',
  (world, who) => world.callers[who].get('/api/v1/registers'),
  (who) =>
    who === 'admin' || who === 'inspector'
      ? allowed(200, 'their lines and last loads', (reply) => {
          expect(reply.body.registers.map((r: { register: string }) => r.register)).toEqual([
            'employment',
            'limosa',
          ]);
        })
      : FORBIDDEN,
);

// A relay's forwarding to the official registry: administrators and inspectors follow it (counts, no presence).

cells(
  'GET /upstream',
  'how forwarding stands',
  (world, who) => world.callers[who].get('/api/v1/upstream'),
  (who) =>
    who === 'admin' || who === 'inspector'
      ? allowed(200, 'its counts, and no forwarding on this registry', (reply) => {
          expect(reply.body).toMatchObject({ relaying: false, counts: { byStatus: { PENDING: 0 } } });
        })
      : FORBIDDEN,
);

// ---------------------------------------------------------------------------------------------------------------
// The emergency procedure: decisions, incidents, the contact form, the contact center's references.

const DECIDED = allowed(200, 'decided', (reply) => {
  expect(reply.body.decision.outcome).toBeDefined();
});
cells(
  'POST /procedure/decide',
  'a situation about no workplace',
  (world, who) => world.callers[who].post('/api/v1/procedure/decide', { origin: 'REGISTRY_UNAVAILABLE' }),
  () => DECIDED,
);
cells(
  'POST /procedure/decide',
  'a situation on W',
  (world, who) =>
    world.callers[who].post('/api/v1/procedure/decide', {
      origin: 'OWN_COMPANY',
      workplaceId: world.workplace,
    }),
  (who) => (onW(who) ? DECIDED : refused(404, 'WORKPLACE_NOT_FOUND')),
);

/** The rows that write, for C on W two days ago, so that today's reads stay as they are. */
const aboutC = (world: AccessWorld) => ({
  workplaceId: world.workplace,
  date: world.earlier.day,
});
const writesForC = (allowedOutcome: Outcome) =>
  onlySenders((who) =>
    ['A', 'B', 'C', 'P'].includes(who)
      ? allowedOutcome
      : who === 'D'
        ? refused(403, 'EMPLOYER_NOT_BELOW_SENDER')
        : refused(404, 'WORKPLACE_NOT_FOUND'),
  );

cells(
  'POST /incidents',
  'for C on W',
  (world, who) =>
    world.callers[who].post('/api/v1/incidents', {
      ...aboutC(world),
      employer: world.callers.C.enterprise,
      origin: 'OWN_COMPANY',
    }),
  writesForC(allowed(201, 'reported')),
);

const seesIncidents = (...companies: Company[]): Outcome =>
  allowed(200, `incidents of ${names(companies)}`, (reply, world) => {
    expect(employersOf(world, reply.body.incidents)).toEqual(inOrder(companies));
  });
cells(
  'GET /incidents',
  "today's on W",
  (world, who) =>
    world.callers[who].get(`/api/v1/incidents?${query({ workplaceId: world.workplace, date: world.today })}`),
  (who) =>
    who === 'admin'
      ? FORBIDDEN
      : who === 'X' || who === 'Q'
        ? refused(404, 'WORKPLACE_NOT_FOUND')
        : seesIncidents(...ON_W.filter((c) => seesRecordsOf(who, c))),
);
cells(
  'GET /incidents',
  "today's on X's workplace",
  (world, who) =>
    world.callers[who].get(
      `/api/v1/incidents?${query({ workplaceId: world.xWorkplace, date: world.today })}`,
    ),
  (who) =>
    who === 'admin'
      ? FORBIDDEN
      : who === 'X' || who === 'agent' || who === 'inspector'
        ? seesIncidents('X')
        : refused(404, 'WORKPLACE_NOT_FOUND'),
);
for (const c of COMPANIES) {
  cells(
    'GET /incidents/:id',
    `${c}'s incident`,
    (world, who) => world.callers[who].get(`/api/v1/incidents/${world.incident[c]}`),
    (who) =>
      who === 'admin'
        ? FORBIDDEN
        : seesRecordsOf(who, c)
          ? allowed(200, `${c}'s incident`, (reply, world) => {
              expect(reply.body.incident).toMatchObject({
                id: world.incident[c],
                employer: world.callers[c].enterprise,
              });
            })
          : refused(404, 'INCIDENT_NOT_FOUND'),
  );
}
cells(
  'POST /incidents/:id/events',
  "C's incident",
  (world, who) =>
    world.callers[who].post(`/api/v1/incidents/${world.incident.C}/events`, {
      type: 'CHANNEL_TRIED',
      channel: 'MOBILE',
      result: 'FAILED',
    }),
  onlySenders((who) =>
    SEES_PRESENCES[who].includes('C') ? allowed(200, 'recorded') : refused(404, 'INCIDENT_NOT_FOUND'),
  ),
);

cells(
  'POST /contact-form',
  'for C on W',
  (world, who) =>
    world.callers[who].post('/api/v1/contact-form', {
      ...aboutC(world),
      enterprise: world.callers.C.enterprise,
      description: 'Nothing works',
      contact: { name: 'Someone' },
    }),
  writesForC(allowed(201, 'reference given')),
);
cells(
  'POST /contact-center/references',
  'for C on W',
  (world, who) =>
    world.callers[who].post('/api/v1/contact-center/references', {
      ...aboutC(world),
      enterprise: world.callers.C.enterprise,
      note: 'Called',
    }),
  (who) => (who === 'agent' ? allowed(201, 'issued') : FORBIDDEN),
);
cells(
  'GET /contact-center/references',
  "the contact center's inbox",
  (world, who) => world.callers[who].get('/api/v1/contact-center/references'),
  (who) =>
    who === 'agent' || who === 'inspector'
      ? allowed(200, 'every reference', (reply, world) => {
          const numbers = (reply.body.references as { number: string }[]).map((r) => r.number);
          for (const c of COMPANIES) expect(numbers).toContain(world.reference[c]);
        })
      : FORBIDDEN,
);
for (const c of COMPANIES) {
  cells(
    'GET /contact-center/references/:number',
    `${c}'s reference`,
    (world, who) => world.callers[who].get(`/api/v1/contact-center/references/${world.reference[c]}`),
    (who) =>
      who === 'admin'
        ? FORBIDDEN
        : seesRecordsOf(who, c)
          ? allowed(
              200,
              `${c}'s reference, ${SEES_CONTACTS[who].includes(c) ? 'with' : 'without'} its contact`,
              (reply, world) => {
                expect(reply.body.reference.number).toBe(world.reference[c]);
                expect(contactsShown(world, reply.raw.body)).toEqual(
                  SEES_CONTACTS[who].includes(c) ? [c] : [],
                );
              },
            )
          : refused(404, 'REFERENCE_NOT_FOUND'),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Rosters (`/workers`).

const rosterOf =
  (world: AccessWorld) =>
  (c: Company): unknown[] => [
    { worker: { niss: world.niss[c] }, lastName: world.lastName[c], firstName: `Given${c}` },
  ];
const namesOf = (c: Company) =>
  allowed(200, `${c}'s names`, (reply, world) => {
    expect(namesShown(world, reply.raw.body)).toEqual([c]);
    expect(nissShown(world, reply.raw.body)).toEqual([c]);
  });

cells(
  'GET /workers',
  'no company named (its own)',
  (world, who) => world.callers[who].get('/api/v1/workers'),
  (who) =>
    who === 'agent' || who === 'admin'
      ? FORBIDDEN
      : who === 'P' || who === 'Q' || who === 'inspector'
        ? refused(400, 'FIELD_REQUIRED')
        : namesOf(OWN[who]),
);
for (const c of ['A', 'B'] as const) {
  cells(
    'GET /workers',
    `?enterprise= ${c}'s`,
    (world, who) => world.callers[who].get(`/api/v1/workers?enterprise=${world.callers[c].enterprise}`),
    (who) => (who === 'inspector' || SEES_NAMES[who].includes(c) ? namesOf(c) : FORBIDDEN),
  );
}
cells(
  'PUT /workers',
  'its own roster, as it is',
  (world, who) => world.callers[who].put('/api/v1/workers', { workers: rosterOf(world)(OWN[who]) }),
  (who) =>
    ['A', 'B', 'C', 'D', 'X'].includes(who)
      ? namesOf(OWN[who])
      : who === 'P' || who === 'Q'
        ? refused(400, 'FIELD_REQUIRED')
        : FORBIDDEN,
);
cells(
  'PUT /workers',
  "?enterprise= B's roster, as it is",
  (world, who) =>
    world.callers[who].put(`/api/v1/workers?enterprise=${world.callers.B.enterprise}`, {
      workers: rosterOf(world)('B'),
    }),
  (who) => (who === 'B' || who === 'P' ? namesOf('B') : FORBIDDEN),
);

// ---------------------------------------------------------------------------------------------------------------
// Paper listings.

cells(
  'POST /paper-listings',
  "for C on W two days ago, under C's reference",
  (world, who) =>
    world.callers[who].post('/api/v1/paper-listings', {
      ...aboutC(world),
      referenceNumber: world.earlier.reference,
      employer: world.callers.C.enterprise,
    }),
  writesForC(
    allowed(200, 'the listing made before', (reply, world) => {
      expect(reply.body.paperListing.id).toBe(world.earlier.listing);
    }),
  ),
);
const listingReaders = (c: Company, shown: (who: Who) => Outcome) => (who: Who) =>
  who === 'agent' || who === 'admin'
    ? FORBIDDEN
    : SEES_PRESENCES[who].includes(c)
      ? shown(who)
      : refused(404, 'PAPER_LISTING_NOT_FOUND');
for (const c of COMPANIES) {
  cells(
    'GET /paper-listings/:id',
    `${c}'s listing`,
    (world, who) => world.callers[who].get(`/api/v1/paper-listings/${world.listing[c]}`),
    listingReaders(c, (who) =>
      allowed(
        200,
        `${c}'s listing, ${SEES_NAMES[who].includes(c) ? 'with' : 'without'} names`,
        (reply, world) => {
          expect(reply.body.paperListing.id).toBe(world.listing[c]);
          expect(reply.body.entries).toHaveLength(1);
          expect(nissShown(world, reply.raw.body)).toEqual([c]);
          expect(namesShown(world, reply.raw.body)).toEqual(SEES_NAMES[who].includes(c) ? [c] : []);
        },
      ),
    ),
  );
  cells(
    'GET /paper-listings/:id.pdf',
    `${c}'s listing`,
    (world, who) => world.callers[who].get(`/api/v1/paper-listings/${world.listing[c]}.pdf`),
    listingReaders(c, (who) =>
      allowed(
        200,
        `${c}'s listing, ${SEES_NAMES[who].includes(c) ? 'with' : 'without'} names`,
        (reply, world) => {
          expect(reply.raw.headers['content-type']).toBe('application/pdf');
          if (!PDFTOTEXT) return;
          const text = textOf(reply.raw);
          expect(text).toContain(world.reference[c]);
          expect(nissShown(world, text)).toEqual([c]);
          expect(namesShown(world, text)).toEqual(SEES_NAMES[who].includes(c) ? [c] : []);
        },
      ),
    ),
  );
}
cells(
  'POST /paper-listings/:id/entries',
  "C's listing of two days ago: a new line",
  (world, who) =>
    world.callers[who].post(`/api/v1/paper-listings/${world.earlier.listing}/entries`, {
      entries: [{ worker: { niss: world.registry.newNiss() }, lastName: 'Nieuw', firstName: 'Jan' }],
    }),
  onlySenders((who) =>
    SEES_PRESENCES[who].includes('C')
      ? allowed(200, 'line captured', (reply) => {
          expect(reply.body.results[0]).toMatchObject({
            status: 'REGISTERED',
            presence: { channel: 'PAPER' },
          });
        })
      : refused(404, 'PAPER_LISTING_NOT_FOUND'),
  ),
);

// ---------------------------------------------------------------------------------------------------------------
// The inspection dossier.

const dossierReaders = (outcome: (who: Who) => Outcome) => (who: Who) =>
  who === 'agent' || who === 'admin' ? FORBIDDEN : outcome(who);
const seesDossier = (who: Who, on: readonly Company[]) => {
  const companies = seenOn(who, on);
  return companies.length === 0
    ? refused(404, 'WORKPLACE_NOT_FOUND')
    : allowed(200, `the day of ${names(companies)}`, (reply, world) => {
        const body = reply.body;
        expect(employersOf(world, [...body.presences])).toEqual(companies);
        expect(employersOf(world, body.incidents)).toEqual(companies);
        expect(
          ofWorld(
            world,
            body.references.map((r: { enterprise: string }) => r.enterprise),
          ),
        ).toEqual(companies);
        expect(
          employersOf(
            world,
            body.paperListings.map((l: { paperListing: { employer: string } }) => l.paperListing),
          ),
        ).toEqual(companies);
        expect(nissShown(world, reply.raw.body)).toEqual(companies);
        expect(namesShown(world, reply.raw.body)).toEqual(
          SEES_NAMES[who].filter((c) => companies.includes(c)),
        );
        expect(contactsShown(world, reply.raw.body)).toEqual(
          SEES_CONTACTS[who].filter((c) => companies.includes(c)),
        );
      });
};
const dossier =
  (workplace: (world: AccessWorld) => string, format = ''): Send =>
  (world, who) =>
    world.callers[who].get(`/api/v1/inspections/workplaces/${workplace(world)}/days/${world.today}${format}`);

cells(
  'GET /inspections/workplaces/:id/days/:date',
  "W's day",
  dossier((world) => world.workplace),
  dossierReaders((who) => seesDossier(who, ON_W)),
);
cells(
  'GET /inspections/workplaces/:id/days/:date',
  "X's workplace's day",
  dossier((world) => world.xWorkplace),
  dossierReaders((who) => seesDossier(who, ['X'])),
);
for (const format of ['csv', 'pdf'] as const) {
  cells(
    `GET /inspections/workplaces/:id/days/:date?format=${format}`,
    "W's day",
    dossier((world) => world.workplace, `?format=${format}`),
    dossierReaders((who) => {
      const companies = seenOn(who, ON_W);
      return companies.length === 0
        ? refused(404, 'WORKPLACE_NOT_FOUND')
        : allowed(200, `the day of ${names(companies)}`, (reply, world) => {
            expect(reply.raw.headers['content-type']).toMatch(
              format === 'csv' ? /^text\/csv/ : /^application\/pdf/,
            );
            if (format === 'pdf' && !PDFTOTEXT) return;
            const text = textOf(reply.raw);
            expect(nissShown(world, text)).toEqual(companies);
            expect(namesShown(world, text)).toEqual(SEES_NAMES[who].filter((c) => companies.includes(c)));
          });
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The registry's status: open to all.

const OPEN = allowed(200, 'open to all');
cells(
  'GET /status',
  'now',
  (world, who) => world.callers[who].get('/api/v1/status'),
  () => OPEN,
);
cells(
  'GET /status/history',
  'today',
  (world, who) => world.callers[who].get(`/api/v1/status/history?${query({ from: world.today })}`),
  () => OPEN,
);

// ---------------------------------------------------------------------------------------------------------------

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the access matrix (${database.name})`, () => {
    let world: AccessWorld;

    beforeAll(async () => {
      world = await openAccessWorld(database);
    });
    afterAll(async () => {
      await (world as AccessWorld | undefined)?.registry.close();
    });

    it.for(
      rows.map(
        (row) => [`${row.who} · ${row.action} · ${row.resource} → ${label(row.outcome)}`, row] as const,
      ),
    )('%s', async ([, row]) => {
      const reply = await row.send(world, row.who);
      const { outcome, who } = row;
      const shown = JSON.stringify(reply.body).slice(0, 600);
      switch (outcome.kind) {
        case 'allowed':
          expect(reply.status, shown).toBe(outcome.status);
          await outcome.check?.(reply, world, who);
          break;
        case 'refused':
          expect(reply.status, shown).toBe(outcome.status);
          expect(reply.body.error.code, shown).toBe(outcome.code);
          break;
        case 'item':
          expect(reply.status, shown).toBe(200);
          expect(reply.body.results, shown).toHaveLength(1);
          expect(reply.body.results[0].status, shown).toBe(outcome.status);
          break;
        case 'itemRefused':
          expect(reply.status, shown).toBe(200);
          expect(reply.body.results[0], shown).toMatchObject({
            status: 'REJECTED',
            errors: [expect.objectContaining({ code: outcome.code })],
          });
          break;
      }
      // Whatever the row, nothing the caller may not see.
      expectNothingHidden(world, who, textOf(reply.raw));
    });

    it('covers every route of the API', () => {
      const covered = new Set(rows.map((row) => row.action.split('?')[0]!));
      const routes = Object.entries(world.registry.app.swagger().paths ?? {}).flatMap(([path, item]) =>
        Object.keys(item as object).map(
          (method) =>
            `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '').replace(/\{(\w+)\}/g, ':$1')}`,
        ),
      );
      // The audit trail is being built elsewhere, with its own tests.
      const expected = routes.filter((r) => !r.startsWith('GET /audit'));
      expect(expected.length).toBeGreaterThan(30);
      expect(expected.filter((r) => !covered.has(r))).toEqual([]);
    });
  });
}
