import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newReceiptNumber, RECEIPT_RANDOM_BYTES } from '../../src/domain/receipt-number.js';
import { newReferenceNumber, REFERENCE_RANDOM_BYTES } from '../../src/domain/reference-number.js';
import { newWorkplaceId, WORKPLACE_ID_RANDOM_BYTES } from '../../src/domain/workplace.js';
import { nissShown, openAccessWorld, type AccessWorld, type Who } from '../support/access-world.js';
import { DATABASES } from '../support/databases.js';
import type { Caller, Reply } from '../support/registry.js';

/**
 * What someone trying their luck gets: ids, receipt numbers and reference numbers of others answered exactly as
 * ones that do not exist; another sender's clientReference that neither returns nor blocks anything; a revoked
 * key refused everywhere; a provider whose mandate is revoked left with nothing; an inspector who writes nothing.
 */

const uuid = () => randomUUID();
const workplaceId = () => newWorkplaceId(randomBytes(WORKPLACE_ID_RANDOM_BYTES));
const referenceNumber = () => newReferenceNumber(randomBytes(REFERENCE_RANDOM_BYTES));
const receiptNumber = () => newReceiptNumber(randomBytes(RECEIPT_RANDOM_BYTES));

/**
 * What a reply tells: its status, and its error (or its items' errors) with the identifiers tried put out of
 * the way — two answers that tell the same are the same.
 */
function told(reply: Reply, ...tried: string[]): unknown {
  let text = JSON.stringify(reply.body);
  for (const t of tried) text = text.split(t).join('<tried>');
  const body = JSON.parse(text);
  return { status: reply.status, error: body.error, results: body.results };
}

/** A probe: the same request about someone else's record and about one that does not exist. */
interface Probe {
  readonly name: string;
  readonly who: Who;
  readonly theirs: (world: AccessWorld) => string;
  readonly none: () => string;
  readonly send: (caller: Caller, id: string, world: AccessWorld) => Promise<Reply>;
  /** The status both get. */
  readonly status: number;
}

const PROBES: Probe[] = [];
const probe = (p: Probe) => PROBES.push(p);

// Presence ids, read and cancelled; receipt numbers (nothing looks a presence up by its receipt).
for (const [who, whose] of [
  ['X', 'A'],
  ['C', 'A'],
  ['D', 'C'],
  ['Q', 'B'],
] as const) {
  probe({
    name: `${who} reads ${whose}'s presence by id`,
    who,
    theirs: (w) => w.presence[whose].id,
    none: uuid,
    send: (caller, id) => caller.get(`/api/v1/presences/${id}`),
    status: 404,
  });
  probe({
    name: `${who} cancels ${whose}'s presence`,
    who,
    theirs: (w) => w.presence[whose].id,
    none: uuid,
    send: (caller, id) =>
      caller.post('/api/v1/presences/cancel', { cancellations: [{ id, reason: 'Trying my luck' }] }),
    status: 200,
  });
  probe({
    name: `${who} reads ${whose}'s presence by receipt number`,
    who,
    theirs: (w) => w.presence[whose].receiptNumber,
    none: receiptNumber,
    send: (caller, id) => caller.get(`/api/v1/presences/${id}`),
    status: 404,
  });
}
probe({
  name: 'A reads its own presence by receipt number: not an id either',
  who: 'A',
  theirs: (w) => w.presence.A.receiptNumber,
  none: receiptNumber,
  send: (caller, id) => caller.get(`/api/v1/presences/${id}`),
  status: 404,
});

// Incident ids.
for (const [who, whose] of [
  ['X', 'A'],
  ['D', 'C'],
  ['C', 'B'],
  ['Q', 'A'],
] as const) {
  probe({
    name: `${who} reads ${whose}'s incident`,
    who,
    theirs: (w) => w.incident[whose],
    none: uuid,
    send: (caller, id) => caller.get(`/api/v1/incidents/${id}`),
    status: 404,
  });
  probe({
    name: `${who} adds an event to ${whose}'s incident`,
    who,
    theirs: (w) => w.incident[whose],
    none: uuid,
    send: (caller, id) =>
      caller.post(`/api/v1/incidents/${id}/events`, {
        type: 'CHANNEL_TRIED',
        channel: 'ONLINE',
        result: 'FAILED',
      }),
    status: 404,
  });
}
probe({
  name: "D names C's incident on its contact form",
  who: 'D',
  theirs: (w) => w.incident.C,
  none: uuid,
  send: (caller, id, w) =>
    caller.post('/api/v1/contact-form', {
      enterprise: caller.enterprise,
      workplaceId: w.workplace,
      date: w.today,
      description: 'Nothing works',
      contact: { name: 'Someone' },
      incidentId: id,
    }),
  status: 404,
});

// Paper listing ids.
for (const [who, whose] of [
  ['X', 'A'],
  ['D', 'C'],
  ['C', 'B'],
] as const) {
  for (const [what, send] of [
    ['reads', (caller: Caller, id: string) => caller.get(`/api/v1/paper-listings/${id}`)],
    ['prints', (caller: Caller, id: string) => caller.get(`/api/v1/paper-listings/${id}.pdf`)],
    [
      'fills in',
      (caller: Caller, id: string, w: AccessWorld) =>
        caller.post(`/api/v1/paper-listings/${id}/entries`, {
          entries: [{ worker: { niss: w.registry.newNiss() }, lastName: 'Luck', firstName: 'Trying' }],
        }),
    ],
  ] as const)
    probe({
      name: `${who} ${what} ${whose}'s paper listing`,
      who,
      theirs: (w) => w.listing[whose],
      none: uuid,
      send,
      status: 404,
    });
}

// Reference numbers, read and written back on a listing or an incident.
for (const [who, whose] of [
  ['X', 'A'],
  ['D', 'C'],
  ['C', 'B'],
] as const) {
  probe({
    name: `${who} reads ${whose}'s reference number`,
    who,
    theirs: (w) => w.reference[whose],
    none: referenceNumber,
    send: (caller, number) => caller.get(`/api/v1/contact-center/references/${number}`),
    status: 404,
  });
}
// A reference given to a company above may be used; one given to a sibling or to a subcontractor may not.
for (const [who, whose] of [
  ['D', 'C'],
  ['B', 'C'],
  ['C', 'D'],
] as const) {
  probe({
    name: `${who} prints its listing under ${whose}'s reference number`,
    who,
    theirs: (w) => w.reference[whose],
    none: referenceNumber,
    send: (caller, number, w) =>
      caller.post('/api/v1/paper-listings', {
        referenceNumber: number,
        workplaceId: w.workplace,
        date: w.today,
        employer: caller.enterprise,
      }),
    status: 404,
  });
  probe({
    name: `${who} records ${whose}'s reference number on its incident`,
    who,
    theirs: (w) => w.reference[whose],
    none: referenceNumber,
    send: (caller, number, w) =>
      caller.post(`/api/v1/incidents/${w.incident[who]}/events`, {
        type: 'REFERENCE_OBTAINED',
        referenceNumber: number,
      }),
    status: 404,
  });
}

// Workplace ids.
const onWorkplace: [string, number, (caller: Caller, id: string, w: AccessWorld) => Promise<Reply>][] = [
  ['reads', 404, (caller, id) => caller.get(`/api/v1/workplaces/${id}`)],
  ['reads the chain of', 404, (caller, id) => caller.get(`/api/v1/workplaces/${id}/contractors`)],
  [
    'adds itself to the chain of',
    404,
    (caller, id) =>
      caller.post(`/api/v1/workplaces/${id}/contractors`, {
        enterprise: caller.enterprise,
        parent: caller.enterprise,
      }),
  ],
  [
    'searches',
    200,
    (caller, id, w) => caller.get(`/api/v1/presences?from=${w.today}&to=${w.today}&workplaceId=${id}`),
  ],
  [
    'registers on',
    200,
    (caller, id, w) =>
      caller.post('/api/v1/presences', { presences: [w.registry.presenceItem(id, caller.enterprise)] }),
  ],
  [
    'decides about',
    404,
    (caller, id) => caller.post('/api/v1/procedure/decide', { origin: 'OWN_COMPANY', workplaceId: id }),
  ],
  [
    'reports an incident on',
    404,
    (caller, id, w) =>
      caller.post('/api/v1/incidents', {
        workplaceId: id,
        date: w.today,
        employer: caller.enterprise,
        origin: 'OWN_COMPANY',
      }),
  ],
  [
    'lists the incidents of',
    404,
    (caller, id, w) => caller.get(`/api/v1/incidents?workplaceId=${id}&date=${w.today}`),
  ],
  [
    'writes the contact form about',
    404,
    (caller, id, w) =>
      caller.post('/api/v1/contact-form', {
        enterprise: caller.enterprise,
        workplaceId: id,
        date: w.today,
        description: 'Nothing works',
        contact: { name: 'Someone' },
      }),
  ],
  [
    'prints a listing for',
    404,
    (caller, id, w) =>
      caller.post('/api/v1/paper-listings', {
        referenceNumber: w.reference.X,
        workplaceId: id,
        date: w.today,
        employer: caller.enterprise,
      }),
  ],
  [
    'opens the dossier of',
    404,
    (caller, id, w) => caller.get(`/api/v1/inspections/workplaces/${id}/days/${w.today}`),
  ],
];
for (const who of ['X', 'Q'] as const)
  for (const [what, status, send] of onWorkplace)
    probe({ name: `${who} ${what} W`, who, theirs: (w) => w.workplace, none: workplaceId, send, status });

// Mandate ids, enterprise numbers, workers.
probe({
  name: "X revokes B's mandate to P",
  who: 'X',
  theirs: (w) => w.mandate.P,
  none: uuid,
  send: (caller, id) => caller.delete(`/api/v1/mandates/${id}`),
  status: 404,
});
probe({
  name: 'B registers for A, above it, as for a company not on the workplace',
  who: 'B',
  theirs: (w) => w.callers.A.enterprise,
  none: () => '0403019261',
  send: (caller, employer, w) =>
    caller.post('/api/v1/presences', { presences: [w.registry.presenceItem(w.workplace, employer)] }),
  status: 200,
});
probe({
  name: "X searches for C's worker by NISS",
  who: 'X',
  theirs: (w) => w.niss.C,
  none: () => '85073003328',
  send: (caller, niss, w) => caller.get(`/api/v1/presences?from=${w.today}&to=${w.today}&worker=${niss}`),
  status: 200,
});
probe({
  name: "D searches for C's presences by employer",
  who: 'D',
  theirs: (w) => w.callers.C.enterprise,
  none: () => '0403019261',
  send: (caller, employer, w) =>
    caller.get(`/api/v1/presences?from=${w.today}&to=${w.today}&employer=${employer}`),
  status: 200,
});

/** Every secured route of the app, with its path parameters filled in from the world. */
function securedRoutes(world: AccessWorld): { method: string; path: string; url: string }[] {
  const params: Record<string, string> = {
    id: world.presence.A.id,
    number: world.reference.A,
    date: world.today,
  };
  return Object.entries(world.registry.app.swagger().paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, { security?: unknown[] }>)
      .filter(([, operation]) => (operation.security?.length ?? 0) > 0)
      .map(([method, _operation]) => ({
        method: method.toUpperCase(),
        path,
        url: path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? name),
      })),
  );
}

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`attempts at what one may not (${database.name})`, () => {
    let world: AccessWorld;

    beforeAll(async () => {
      world = await openAccessWorld(database);
    });
    afterAll(async () => {
      await (world as AccessWorld | undefined)?.registry.close();
    });

    describe("enumerating identifiers: someone else's answers exactly as one that does not exist", () => {
      it.for(PROBES.map((p) => [p.name, p] as const))('%s', async ([, p]) => {
        const caller = world.callers[p.who];
        const theirs = p.theirs(world);
        const none = p.none();
        const onTheirs = await p.send(caller, theirs, world);
        const onNone = await p.send(caller, none, world);
        expect(onTheirs.status, JSON.stringify(onTheirs.body)).toBe(p.status);
        expect(told(onTheirs, theirs)).toEqual(told(onNone, none));
        if (p.status === 200 && onTheirs.body.presences !== undefined)
          expect(onTheirs.body.presences).toEqual([]);
        if (onTheirs.body.results !== undefined) expect(onTheirs.body.results[0].status).toBe('REJECTED');
        expect(nissShown(world, onTheirs.raw.body).filter((c) => c !== p.who)).toEqual([]);
      });
    });

    describe("another sender's clientReference", () => {
      const item = (employer: Caller, workplace: string, clientReference: string) =>
        world.registry.presenceItem(workplace, employer, {
          clientReference,
          registrationDate: world.registry.day(2),
        });

      it("is a new presence for the sender who replays it, never the other sender's", async () => {
        const theirs = world.presence.B;
        for (const [sender, employer, workplace] of [
          [world.callers.X, world.callers.X, world.xWorkplace],
          [world.callers.A, world.callers.A, world.workplace],
          [world.callers.C, world.callers.C, world.workplace],
          // The company that mandated P keeps its own clientReferences, apart from its provider's.
          [world.callers.B, world.callers.B, world.workplace],
        ] as const) {
          const [result] = await world.registry.register(
            sender,
            item(employer, workplace, world.clientReference.B),
          );
          expect(result).toMatchObject({ status: 'REGISTERED', duplicate: false });
          expect(result.presence.id).not.toBe(theirs.id);
          expect(result.presence.receiptNumber).not.toBe(theirs.receiptNumber);
          expect(result.presence.sender.enterprise).toBe(sender.enterprise);
        }
      });

      it("with the other sender's very item is refused as an unknown workplace, and tells nothing of it", async () => {
        const reply = await world.callers.X.post('/api/v1/presences', {
          presences: [
            {
              workplaceId: world.workplace,
              registrationDate: world.today,
              worker: { niss: world.niss.B },
              employer: world.callers.B.enterprise,
              clientReference: world.clientReference.B,
            },
          ],
        });
        expect(reply.body.results[0]).toMatchObject({
          status: 'REJECTED',
          errors: [{ code: 'WORKPLACE_NOT_FOUND' }],
        });
        expect(reply.raw.body).not.toContain(world.presence.B.id);
        expect(reply.raw.body).not.toContain(world.presence.B.receiptNumber);
      });

      it('taken first by someone else, still works for its sender', async () => {
        const claimed = 'claimed-before-p';
        for (const squatter of ['X', 'A', 'C'] as const) {
          const c = world.callers[squatter];
          await world.registry.register(c, item(c, world.workplaceOf(squatter), claimed));
        }
        const [mine] = await world.registry.register(
          world.callers.P,
          item(world.callers.B, world.workplace, claimed),
        );
        expect(mine).toMatchObject({ status: 'REGISTERED', duplicate: false });
        expect(mine.presence.sender).toEqual({ role: 'provider', enterprise: world.callers.P.enterprise });
        // And P's retry gets its own presence back, not a squatter's.
        const [again] = await world.registry.register(world.callers.P, {
          ...item(world.callers.B, world.workplace, claimed),
          worker: mine.presence.worker,
        });
        expect(again).toMatchObject({
          status: 'REGISTERED',
          duplicate: true,
          presence: { id: mine.presence.id },
        });
      });

      it('reused by its own sender for another presence is a conflict that carries no presence', async () => {
        const [conflict] = await world.registry.register(
          world.callers.P,
          item(world.callers.B, world.workplace, world.clientReference.B),
        );
        expect(conflict).toEqual({
          index: 0,
          status: 'REJECTED',
          errors: [expect.objectContaining({ code: 'CLIENT_REFERENCE_CONFLICT' })],
        });
      });
    });

    describe('a revoked key', () => {
      it.for(['company', 'provider', 'agent', 'inspector', 'admin'] as const)(
        'of a %s gets 401 on every route, as an unknown key does',
        async (role) => {
          const enterprise =
            role === 'company'
              ? world.callers.A.enterprise
              : role === 'provider'
                ? world.callers.P.enterprise
                : undefined;
          const made = await world.callers.admin.post('/api/v1/keys', {
            role,
            enterprise,
            name: `${role} to revoke`,
          });
          expect(made.status).toBe(201);
          const revoked = world.registry.callerWith(made.body.key, enterprise ?? '');
          expect((await revoked.get('/api/v1/workplaces')).status).toBe(200);
          expect((await world.callers.admin.delete(`/api/v1/keys/${made.body.apiKey.id}`)).status).toBe(200);

          const unknown = world.registry.callerWith(`sp_${randomBytes(24).toString('base64url')}`);
          const routes = securedRoutes(world);
          expect(routes.length).toBeGreaterThan(30);
          const wrong: string[] = [];
          for (const { method, path, url } of routes) {
            const send = (caller: Caller) =>
              world.registry.app.inject({
                method: method as 'GET',
                url,
                headers: { authorization: `Bearer ${caller.key}` },
                ...(method === 'GET' || method === 'DELETE' ? {} : { payload: { presences: [] } }),
              });
            const [byRevoked, byUnknown] = [await send(revoked), await send(unknown)];
            if (
              byRevoked.statusCode !== 401 ||
              byRevoked.json().error.code !== 'API_KEY_INVALID' ||
              byRevoked.body !== byUnknown.body
            )
              wrong.push(`${method} ${path}: ${byRevoked.statusCode} ${byRevoked.body.slice(0, 120)}`);
          }
          expect(wrong).toEqual([]);
        },
      );

      it('writes nothing', async () => {
        const made = await world.callers.admin.post('/api/v1/keys', {
          role: 'company',
          enterprise: world.callers.A.enterprise,
          name: 'to revoke',
        });
        await world.callers.admin.delete(`/api/v1/keys/${made.body.apiKey.id}`);
        const revoked = world.registry.callerWith(made.body.key, world.callers.A.enterprise);
        const day = world.registry.day(5);
        const refused = await revoked.post('/api/v1/presences', {
          presences: [
            world.registry.presenceItem(world.workplace, world.callers.A, { registrationDate: day }),
          ],
        });
        expect(refused.status).toBe(401);
        const found = await world.callers.A.get(`/api/v1/presences?from=${day}&to=${day}`);
        expect(found.body.presences).toEqual([]);
      });

      it("still reads the registry's status, which needs no key", async () => {
        const made = await world.callers.admin.post('/api/v1/keys', { role: 'agent', name: 'to revoke' });
        await world.callers.admin.delete(`/api/v1/keys/${made.body.apiKey.id}`);
        const revoked = world.registry.callerWith(made.body.key);
        expect((await revoked.get('/api/v1/status')).status).toBe(200);
        expect((await revoked.get('/api/v1/status/history')).status).toBe(200);
      });
    });

    it('a contractor cannot pull a company already on the workplace below itself; one it brings in shows it nothing from elsewhere', async () => {
      const { registry } = world;
      const [declarant, contractor, sibling, outsider] = [
        await registry.newCompany(),
        await registry.newCompany(),
        await registry.newCompany(),
        await registry.newCompany(),
      ];
      const site = (await registry.newWorkplace(declarant)).id;
      const elsewhere = (await registry.newWorkplace(outsider)).id;
      await registry.addContractor(declarant, site, contractor, declarant);
      await registry.addContractor(declarant, site, sibling, declarant);
      const [siblings] = await registry.register(sibling, registry.presenceItem(site, sibling));
      const [outsiders] = await registry.register(outsider, registry.presenceItem(elsewhere, outsider));

      const pulled = await contractor.post(`/api/v1/workplaces/${site}/contractors`, {
        enterprise: sibling.enterprise,
        parent: contractor.enterprise,
      });
      expect(pulled.status).toBe(403);
      expect(pulled.body.error.code).toBe('CONTRACTOR_ALREADY_IN_CHAIN');
      expect((await contractor.get(`/api/v1/presences/${siblings.presence.id}`)).status).toBe(404);

      await registry.addContractor(contractor, site, outsider, contractor);
      expect((await contractor.get(`/api/v1/presences/${outsiders.presence.id}`)).status).toBe(404);
      const search = await contractor.get(
        `/api/v1/presences?from=${world.today}&to=${world.today}&employer=${outsider.enterprise}`,
      );
      expect(search.body.presences).toEqual([]);
      expect((await contractor.get(`/api/v1/workplaces/${elsewhere}`)).status).toBe(404);
      expect((await contractor.get(`/api/v1/workers?enterprise=${outsider.enterprise}`)).status).toBe(403);
      // Only the declarant links a company already there; then its workers on this workplace are seen above it.
      await registry.addContractor(declarant, site, sibling, contractor);
      expect((await contractor.get(`/api/v1/presences/${siblings.presence.id}`)).status).toBe(200);
    });

    it('a provider whose mandate is revoked can no longer register or read for that company, until mandated again', async () => {
      const { registry } = world;
      const company = await registry.newCompany();
      const provider = await registry.newProvider();
      const site = (await registry.newWorkplace(company)).id;
      const granted = await company.post('/api/v1/mandates', { provider: provider.enterprise });
      await company.put('/api/v1/workers', {
        workers: [{ worker: { niss: registry.newNiss() }, lastName: 'Janssens', firstName: 'Piet' }],
      });
      const today = world.today;
      const register = async () =>
        (await registry.register(provider, registry.presenceItem(site, company)))[0];
      const first = await register();
      expect(first.status).toBe('REGISTERED');
      const incident = await provider.post('/api/v1/incidents', {
        workplaceId: site,
        date: today,
        employer: company.enterprise,
        origin: 'OWN_COMPANY',
      });
      expect(incident.status).toBe(201);
      const reads = {
        presence: () => provider.get(`/api/v1/presences/${first.presence.id}`),
        search: () => provider.get(`/api/v1/presences?from=${today}&to=${today}`),
        workplaces: () => provider.get('/api/v1/workplaces'),
        workplace: () => provider.get(`/api/v1/workplaces/${site}`),
        roster: () => provider.get(`/api/v1/workers?enterprise=${company.enterprise}`),
        incident: () => provider.get(`/api/v1/incidents/${incident.body.incident.id}`),
        incidents: () => provider.get(`/api/v1/incidents?workplaceId=${site}&date=${today}`),
        dossier: () => provider.get(`/api/v1/inspections/workplaces/${site}/days/${today}`),
      };
      for (const [what, read] of Object.entries(reads)) expect((await read()).status, what).toBe(200);
      expect((await reads.search()).body.presences).toHaveLength(1);

      expect((await company.delete(`/api/v1/mandates/${granted.body.mandate.id}`)).status).toBe(200);

      expect(await register()).toMatchObject({
        status: 'REJECTED',
        errors: [{ code: 'WORKPLACE_NOT_FOUND' }],
      });
      const after: Record<string, [number, string?]> = {
        presence: [404, 'PRESENCE_NOT_FOUND'],
        search: [200],
        workplaces: [200],
        workplace: [404, 'WORKPLACE_NOT_FOUND'],
        roster: [403, 'ROLE_FORBIDDEN'],
        incident: [404, 'INCIDENT_NOT_FOUND'],
        incidents: [404, 'WORKPLACE_NOT_FOUND'],
        dossier: [404, 'WORKPLACE_NOT_FOUND'],
      };
      for (const [what, read] of Object.entries(reads)) {
        const reply = await read();
        expect(
          [reply.status, reply.body.error?.code].filter((x) => x !== undefined),
          what,
        ).toEqual(after[what]);
        expect(reply.raw.body, what).not.toContain(first.presence.worker.niss);
      }
      expect((await reads.search()).body.presences).toEqual([]);
      expect((await reads.workplaces()).body.workplaces).toEqual([]);
      const cancel = await provider.post('/api/v1/presences/cancel', {
        cancellations: [{ id: first.presence.id, reason: 'Mine, I sent it' }],
      });
      expect(cancel.body.results[0].errors[0].code).toBe('PRESENCE_NOT_FOUND');
      const roster = await provider.put(`/api/v1/workers?enterprise=${company.enterprise}`, { workers: [] });
      expect(roster.status).toBe(403);
      const declared = await provider.post('/api/v1/workplaces', {
        name: 'Site',
        address: { street: 'Rue 1', postalCode: '4000', city: 'Liège' },
        declarant: company.enterprise,
        startDate: today,
        endDate: registry.day(10),
      });
      expect(declared.body.error.code).toBe('DECLARANT_NOT_SELF');
      expect((await provider.get('/api/v1/mandates')).body.mandates[0].revokedAt).toBeDefined();
      expect((await company.get(`/api/v1/workers`)).body.workers).toHaveLength(1);

      // Mandated again, it acts again.
      expect((await company.post('/api/v1/mandates', { provider: provider.enterprise })).status).toBe(201);
      expect((await register()).status).toBe('REGISTERED');
      expect((await reads.presence()).status).toBe(200);
    });

    describe('the roles that read', () => {
      /** Every write of the API, each with a body it would accept from someone allowed. */
      const writes = (w: AccessWorld, keyId: string): [string, (caller: Caller) => Promise<Reply>][] => [
        [
          'POST /presences',
          (c) =>
            c.post('/api/v1/presences', { presences: [w.registry.presenceItem(w.workplace, w.callers.C)] }),
        ],
        [
          'POST /presences/cancel',
          (c) =>
            c.post('/api/v1/presences/cancel', { cancellations: [{ id: w.presence.C.id, reason: 'Gone' }] }),
        ],
        [
          'POST /workplaces',
          (c) =>
            c.post('/api/v1/workplaces', {
              name: 'Site',
              address: { street: 'Rue 1', postalCode: '4000', city: 'Liège' },
              declarant: w.callers.A.enterprise,
              startDate: w.today,
              endDate: w.registry.day(10),
            }),
        ],
        [
          'POST /workplaces/{id}/contractors',
          (c) =>
            c.post(`/api/v1/workplaces/${w.workplace}/contractors`, {
              enterprise: w.registry.newEnterprise(),
              parent: w.callers.A.enterprise,
            }),
        ],
        ['POST /mandates', (c) => c.post('/api/v1/mandates', { provider: w.registry.newEnterprise() })],
        ['DELETE /mandates/{id}', (c) => c.delete(`/api/v1/mandates/${w.mandate.P}`)],
        ['POST /keys', (c) => c.post('/api/v1/keys', { role: 'agent', name: 'Mine' })],
        ['DELETE /keys/{id}', (c) => c.delete(`/api/v1/keys/${keyId}`)],
        ['POST /keys/{id}/rotate', (c) => c.post(`/api/v1/keys/${keyId}/rotate`, {})],
        [
          'POST /incidents',
          (c) =>
            c.post('/api/v1/incidents', {
              workplaceId: w.workplace,
              date: w.today,
              employer: w.callers.C.enterprise,
              origin: 'OWN_COMPANY',
            }),
        ],
        [
          'POST /incidents/{id}/events',
          (c) =>
            c.post(`/api/v1/incidents/${w.incident.C}/events`, {
              type: 'CHANNEL_TRIED',
              channel: 'ONLINE',
              result: 'FAILED',
            }),
        ],
        [
          'POST /contact-form',
          (c) =>
            c.post('/api/v1/contact-form', {
              enterprise: w.callers.C.enterprise,
              workplaceId: w.workplace,
              date: w.today,
              description: 'Nothing works',
              contact: { name: 'Someone' },
            }),
        ],
        [
          'POST /contact-center/references',
          (c) =>
            c.post('/api/v1/contact-center/references', {
              enterprise: w.callers.C.enterprise,
              workplaceId: w.workplace,
              date: w.today,
              note: 'Called',
            }),
        ],
        [
          'PUT /workers',
          (c) => c.put(`/api/v1/workers?enterprise=${w.callers.C.enterprise}`, { workers: [] }),
        ],
        [
          'POST /paper-listings',
          (c) =>
            c.post('/api/v1/paper-listings', {
              referenceNumber: w.reference.C,
              workplaceId: w.workplace,
              date: w.today,
              employer: w.callers.C.enterprise,
            }),
        ],
        [
          'POST /paper-listings/{id}/entries',
          (c) =>
            c.post(`/api/v1/paper-listings/${w.listing.C}/entries`, {
              entries: [{ worker: { niss: w.registry.newNiss() }, lastName: 'Nieuw', firstName: 'Jan' }],
            }),
        ],
        [
          'PUT /registers/{register}',
          (c) =>
            c.put('/api/v1/registers/employment?mode=replace', [
              { employer: w.callers.C.enterprise, worker: w.registry.newNiss(), from: w.today },
            ]),
        ],
      ];

      /**
       * What the inspector reads of W's day, its chain, C's roster, the mandates and the reference registers: all
       * that a write could change.
       */
      const snapshot = async (w: AccessWorld) => {
        const { inspector, B } = w.callers;
        const day = await inspector.get(`/api/v1/inspections/workplaces/${w.workplace}/days/${w.today}`);
        const { generatedAt: _generatedAt, ...dossier } = day.body;
        return {
          dossier,
          roster: (await inspector.get(`/api/v1/workers?enterprise=${w.callers.C.enterprise}`)).body,
          mandates: (await B.get('/api/v1/mandates')).body,
          keys: (await w.callers.admin.get('/api/v1/keys')).body.apiKeys.length,
          workplaces: (await inspector.get('/api/v1/workplaces')).body.workplaces.length,
          registers: (await inspector.get('/api/v1/registers')).body,
        };
      };

      it.for([
        ['inspector', []],
        ['agent', ['POST /contact-center/references']],
      ] as const)(
        'the %s writes nothing but %j: every other write is refused, and nothing changed',
        async ([who, may]) => {
          const key = await world.callers.admin.post('/api/v1/keys', {
            role: 'agent',
            name: 'Not to be touched',
          });
          const write = writes(world, key.body.apiKey.id);
          const covered = new Set([...write.map(([name]) => name), 'POST /procedure/decide']);
          const routes = securedRoutes(world)
            .filter((r) => r.method !== 'GET')
            .map((r) => `${r.method} ${r.path.replace(/^\/api\/v1/, '')}`);
          expect(routes.filter((r) => !covered.has(r))).toEqual([]);

          const before = await snapshot(world);
          const wrong: string[] = [];
          for (const [name, send] of write) {
            if (!routes.includes(name) || (may as readonly string[]).includes(name)) continue;
            const reply = await send(world.callers[who]);
            if (reply.status !== 403 || reply.body.error.code !== 'ROLE_FORBIDDEN')
              wrong.push(`${name}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 160)}`);
          }
          expect(wrong).toEqual([]);
          expect(await snapshot(world)).toEqual(before);
        },
      );
    });
  });
}
