import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPANIES,
  descriptionsShown,
  expectNothingHidden,
  inOrder,
  namesShown,
  nissShown,
  ON_W,
  onW,
  openAccessWorld,
  PRINCIPALS,
  SEES_PRESENCES,
  textOf,
  type AccessWorld,
  type Company,
  type Who,
} from '../support/access-world.js';
import { DATABASES } from '../support/databases.js';
import { PDFTOTEXT } from '../support/pdf-text.js';
import { WebClient, type WebPage } from '../support/web-client.js';

/**
 * Which pages each role may open, signed in as a person of each principal of the access world (see
 * `access-world.ts`): the same rules as the API's, through the pages. A page for other roles is the 403 page
 * (ROLE_FORBIDDEN), a record one may not see the 404 page, as one that does not exist; nobody signed in is sent
 * to sign in. Every page is also read for the NISS, names, contact persons and incidents it shows.
 */

type Check = (page: WebPage, world: AccessWorld, who: Who) => void;
type Outcome =
  | { readonly kind: 'shown'; readonly label: string; readonly check?: Check }
  | { readonly kind: 'refused'; readonly status: 403 | 404 }
  | { readonly kind: 'redirect'; readonly to: string };

interface Row {
  readonly who: Who;
  readonly page: string;
  readonly url: (world: AccessWorld) => string;
  readonly outcome: Outcome;
}

const shown = (label: string, check?: Check): Outcome =>
  check === undefined ? { kind: 'shown', label } : { kind: 'shown', label, check };
const FORBIDDEN: Outcome = { kind: 'refused', status: 403 };
const NOT_FOUND: Outcome = { kind: 'refused', status: 404 };
const redirect = (to: string): Outcome => ({ kind: 'redirect', to });

const rows: Row[] = [];
function pages(page: string, url: (world: AccessWorld) => string, outcome: (who: Who) => Outcome): void {
  for (const who of PRINCIPALS) rows.push({ who, page, url, outcome: outcome(who) });
}

const COMPANY_OR_PROVIDER: readonly Who[] = ['A', 'B', 'C', 'D', 'X', 'P', 'Q'];
const forSenders = (outcome: (who: Who) => Outcome) => (who: Who) =>
  COMPANY_OR_PROVIDER.includes(who) ? outcome(who) : FORBIDDEN;
const only = (role: Who, outcome: Outcome) => (who: Who) => (who === role ? outcome : FORBIDDEN);
/** Exactly these companies' workers' NISS. */
const showsNiss = (companies: readonly Company[]) =>
  shown(`NISS of ${companies.join(',') || 'none'}`, (page, world) => {
    expect(nissShown(world, textOf(page.raw))).toEqual(inOrder(companies));
  });

const HOME: Readonly<Record<Who, string>> = {
  A: '/workplaces',
  B: '/workplaces',
  C: '/workplaces',
  D: '/workplaces',
  X: '/workplaces',
  P: '/workplaces',
  Q: '/workplaces',
  agent: '/contact-center',
  inspector: '/inspection',
  admin: '/workplaces',
};
pages(
  'the home page',
  () => '/',
  (who) => redirect(HOME[who]),
);

const channel = (outcome: (who: Who) => Outcome) => (who: Who) =>
  who === 'agent' || who === 'inspector' ? FORBIDDEN : outcome(who);
pages(
  'the list of workplaces',
  () => '/workplaces',
  channel((who) =>
    shown(who === 'Q' ? 'none' : who === 'X' ? "X's" : who === 'admin' ? 'all' : 'W', (page, world) => {
      expect(page.html.includes(world.workplace)).toBe(onW(who));
      expect(page.html.includes(world.xWorkplace)).toBe(who === 'X' || who === 'admin');
    }),
  ),
);
pages(
  "W's day (presences, registering)",
  (world) => `/workplaces/${world.workplace}`,
  channel((who) => (onW(who) ? showsNiss(SEES_PRESENCES[who].filter((c) => ON_W.includes(c))) : NOT_FOUND)),
);
pages(
  "X's workplace's day",
  (world) => `/workplaces/${world.xWorkplace}`,
  channel((who) => (who === 'X' ? showsNiss(['X']) : who === 'admin' ? showsNiss([]) : NOT_FOUND)),
);
pages(
  "W's contractor chain",
  (world) => `/workplaces/${world.workplace}/chain`,
  channel((who) => (onW(who) ? shown('its part of the chain') : NOT_FOUND)),
);
pages(
  "the presences' search (today)",
  () => '/presences',
  forSenders((who) => showsNiss(SEES_PRESENCES[who])),
);
pages(
  'the roster',
  () => '/roster',
  forSenders((who) =>
    shown(COMPANIES.includes(who as Company) ? 'its own' : 'a choice of company', (page, world) => {
      expect(namesShown(world, page.html)).toEqual(COMPANIES.includes(who as Company) ? [who] : []);
    }),
  ),
);
pages(
  "B's roster (?enterprise=)",
  (world) => `/roster?enterprise=${world.callers.B.enterprise}`,
  // A company keeps its own roster whatever it names; a provider those of the companies that mandated it.
  forSenders((who) =>
    who === 'Q'
      ? FORBIDDEN
      : shown(who === 'P' ? "B's" : 'its own', (page, world) => {
          expect(namesShown(world, page.html)).toEqual(who === 'P' ? ['B'] : [who as Company]);
        }),
  ),
);
pages(
  'the emergency procedure',
  () => '/emergency',
  forSenders(() => shown('the wizard')),
);
for (const c of COMPANIES) {
  pages(
    `${c}'s incident`,
    (world) => `/emergency/incidents/${world.incident[c]}`,
    forSenders((who) =>
      SEES_PRESENCES[who].includes(c)
        ? shown(`${c}'s incident`, (page, world) => {
            expect(page.html).toContain(world.workplaceOf(c));
          })
        : NOT_FOUND,
    ),
  );
  pages(
    `${c}'s paper listing (PDF)`,
    (world) => `/emergency/listings/${world.listing[c]}.pdf`,
    forSenders((who) =>
      SEES_PRESENCES[who].includes(c)
        ? shown(`${c}'s listing`, (page, world) => {
            expect(page.raw.headers['content-type']).toBe('application/pdf');
            if (PDFTOTEXT) expect(nissShown(world, textOf(page.raw))).toEqual([c]);
          })
        : NOT_FOUND,
    ),
  );
}
pages(
  'the mobile channel',
  () => '/mobile',
  forSenders(() => shown('the phone page')),
);
pages(
  "the contact center's console",
  () => '/contact-center',
  only(
    'agent',
    shown("today's references and incidents", (page) => {
      expect(descriptionsShown(page.html)).toEqual([...COMPANIES]);
    }),
  ),
);
pages('the inspection console', () => '/inspection', only('inspector', shown('the form')));
pages(
  "W's day for inspection",
  (world) => `/inspection/workplaces/${world.workplace}/days/${world.today}`,
  only('inspector', showsNiss(ON_W)),
);

for (const database of DATABASES) {
  describe.skipIf(!database.available)(`which pages each role may open (${database.name})`, () => {
    let world: AccessWorld;
    const browsers = new Map<Who, WebClient>();

    beforeAll(async () => {
      world = await openAccessWorld(database);
      for (const who of PRINCIPALS) {
        const role = COMPANIES.includes(who as Company)
          ? 'company'
          : who === 'P' || who === 'Q'
            ? 'provider'
            : (who as 'agent' | 'inspector' | 'admin');
        const user = await world.registry.newUser(role, {
          username: `user-${who.toLowerCase()}`,
          ...(role === 'company' || role === 'provider' ? { enterprise: world.callers[who] } : {}),
        });
        browsers.set(who, await WebClient.signedIn(world.registry.app, user, 'en'));
      }
    });
    afterAll(async () => {
      await (world as AccessWorld | undefined)?.registry.close();
    });

    it.for(rows.map((row) => [`${row.who} · ${row.page} → ${label(row.outcome)}`, row] as const))(
      '%s',
      async ([, row]) => {
        const { who, outcome } = row;
        const page = await browsers.get(who)!.get(row.url(world));
        switch (outcome.kind) {
          case 'shown':
            expect(page.status, page.html.slice(0, 300)).toBe(200);
            outcome.check?.(page, world, who);
            break;
          case 'refused':
            expect(page.status).toBe(outcome.status);
            break;
          case 'redirect':
            expect(page.status).toBe(303);
            expect(page.location).toBe(outcome.to);
            break;
        }
        expectNothingHidden(world, who, textOf(page.raw));
      },
    );

    it.for([...new Set(rows.map((row) => row.page))])(
      'sends someone not signed in to sign in from %s',
      async (name) => {
        const row = rows.find((r) => r.page === name)!;
        const page = await new WebClient(world.registry.app).get(row.url(world));
        expect(page.status).toBe(303);
        expect(page.location).toMatch(/^\/sign-in/);
      },
    );
  });
}

function label(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'shown':
      return `200 ${outcome.label}`;
    case 'refused':
      return String(outcome.status);
    case 'redirect':
      return `303 ${outcome.to}`;
  }
}
