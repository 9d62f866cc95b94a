import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentSettings } from '../../src/agent/agent-settings.js';
import { captureAtGate } from '../../src/agent/capture.js';
import { Forwarder } from '../../src/agent/forwarder.js';
import { resolveUnknownBadges } from '../../src/agent/badge-resolution.js';
import type { BadgeId } from '../../src/agent/badge.js';
import type { RosterEntry } from '../../src/agent/roster-store.js';
import { HttpProcedureClient } from '../../src/agent/http-client/http-procedure-client.js';
import { HttpRegistryClient } from '../../src/agent/http-client/http-registry-client.js';
import { HttpRegistryStatus } from '../../src/agent/http-client/http-registry-status.js';
import { fileProcedures } from '../../src/agent/procedure-filing.js';
import { listingPdf, listingSheets } from '../../src/agent/procedure-listings.js';
import { enterReference, reviewHeldDays, reviewProcedure } from '../../src/agent/site-procedure.js';
import { openSqliteJournal, type SqliteJournal } from '../../src/agent/sqlite/sqlite-journal.js';
import { formatEnterpriseNumber, type EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import { DEFAULT_CONTACT_CENTER } from '../../src/domain/procedure/contact-center.js';
import { parseWorker } from '../../src/domain/worker.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import { PdfkitWriter } from '../../src/pdf/pdfkit-writer.js';
import { createCryptoRandom } from '../../src/system/crypto-random.js';
import { DATABASES } from '../support/databases.js';
import { freePort } from '../support/postgres-cluster.js';
import { PDFTOTEXT, pdfText } from '../support/pdf-text.js';
import { TestRegistry, type Caller } from '../support/registry.js';

/**
 * The emergency procedure at a site, offline end to end: the registry cannot be reached, the agent decides with
 * the registry's own rules, prints the paper listing from its journal, takes the reference number the company got
 * by phone, and when the line is back files the incident with its evidence and the listing's lines.
 */
for (const database of DATABASES) {
  describe.skipIf(!database.available)(`the site agent's emergency procedure (${database.name})`, () => {
    let registry: TestRegistry;
    let company: Caller;
    let workplaceId: string;
    let url: string;
    let dir: string;
    let journal: SqliteJournal;

    beforeEach(async () => {
      registry = await TestRegistry.open(database);
      company = await registry.newCompany();
      workplaceId = (await registry.newWorkplace(company)).id;
      url = await registry.app.listen({ port: 0, host: '127.0.0.1' });
      dir = mkdtempSync(join(tmpdir(), 'sitepresence-agent-'));
      journal = openSqliteJournal(join(dir, 'agent.db'));
    });
    afterEach(async () => {
      await journal.close();
      await registry.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const settings = (registryUrl: string): AgentSettings => ({
      registryUrl,
      key: company.key,
      workplaceId: workplaceId as WorkplaceId,
      employer: company.enterprise as EnterpriseNumber,
    });
    /** The agent's settings with nothing listening at the registry's address: the line is down. */
    const offlineSettings = async (): Promise<AgentSettings> =>
      settings(`http://127.0.0.1:${await freePort()}`);
    const procedureDeps = () => ({
      journal,
      attemptLog: journal,
      roster: journal,
      procedures: journal,
      clock: registry.clock,
      contactCenter: DEFAULT_CONTACT_CENTER,
    });
    const forwarder = (s: AgentSettings) =>
      new Forwarder(
        {
          journal,
          attemptLog: journal,
          registry: new HttpRegistryClient(s.registryUrl, s.key),
          status: new HttpRegistryStatus(s.registryUrl),
          prober: { probe: () => Promise.resolve('NOT_CONFIGURED' as const) },
          clock: registry.clock,
          random: () => 0.5,
        },
        { batchSize: 200, minBackoffMs: 10, maxBackoffMs: 20, idleMs: 10 },
      );
    /** Roster entries with names (the employer when not the agent's, a badge when they have one), by NISS. */
    const rosterOf = (
      workers: readonly { niss: string; lastName: string; employer?: string; badge?: string }[],
    ): RosterEntry[] =>
      workers.map(({ niss, lastName, employer, badge }) => {
        const worker = parseWorker({ niss });
        if (!worker.ok) throw new Error('fixture');
        return {
          worker: worker.value,
          lastName,
          firstName: 'Jan',
          ...(employer === undefined ? {} : { employer: employer as EnterpriseNumber }),
          ...(badge === undefined ? {} : { badge: badge as BadgeId }),
        };
      });
    const onRoster = (workers: Parameters<typeof rosterOf>[0]) => journal.replaceRoster(rosterOf(workers));
    const capture = (s: AgentSettings, raw: string, employer?: string) =>
      captureAtGate({ journal, roster: journal, clock: registry.clock, random: createCryptoRandom() }, s, {
        raw,
        source: 'READER',
        ...(employer === undefined ? {} : { employer: employer as EnterpriseNumber }),
      });
    /** A reference number the contact center issued to the company for today. */
    const referenceFor = async (enterprise: string): Promise<string> => {
      const agentKey = await registry.newCaller('agent');
      const issued = await agentKey.post('/api/v1/contact-center/references', {
        enterprise,
        workplaceId,
        date: registry.today(),
        note: 'Site line down since 07:00',
      });
      return issued.body.referenceNumber as string;
    };
    const dossier = async (day = registry.today()) => {
      const inspector = await registry.newCaller('inspector');
      return (await inspector.get(`/api/v1/inspections/workplaces/${workplaceId}/days/${day}`)).body;
    };

    it('walks from the registry unreachable to the decision, the listing, the reference and the incident filed', async () => {
      const clock = registry.clock;
      const deps = procedureDeps();
      const offline = await offlineSettings();
      const workers = [registry.newNiss(), registry.newNiss(), registry.newNiss()];
      await onRoster(
        workers.map((niss, i) => ({ niss, lastName: ['Peeters', 'Wiśniewski', 'Dubois'][i] ?? '' })),
      );
      for (const niss of workers) await capture(offline, niss);
      expect(await forwarder(offline).round()).toMatchObject({ kind: 'FAILED' });
      expect(await reviewProcedure(deps)).toBeUndefined(); // not yet: the captures have waited less than 30 minutes

      clock.advance(31 * 60_000);
      await forwarder(offline).round();
      const opened = await reviewProcedure(deps);
      expect(opened?.situation.origin).toBe('UNKNOWN');
      expect(opened?.decision).toMatchObject({ outcome: 'TRY_OTHER_CHANNEL', exempt: false });
      expect(opened?.decision.questions?.length).toBeGreaterThan(0);

      // The listing is printed from the journal, without the registry.
      const pdf = await listingPdf({ ...deps, pdf: new PdfkitWriter() }, offline, registry.today());
      if (PDFTOTEXT) {
        const text = pdfText(pdf);
        for (const niss of workers)
          expect(text).toContain(`${niss.slice(0, 2)}.${niss.slice(2, 4)}.${niss.slice(4, 6)}-`);
        for (const name of ['Peeters', 'Wiśniewski', 'Dubois']) expect(text).toContain(name);
        expect(text).toContain(workplaceId);
      }

      // The company calls the contact center; the agent takes the reference it got (a mistyped one is refused).
      const reference = await referenceFor(company.enterprise);
      const mistyped = `${reference.slice(0, -1)}${reference.endsWith('0') ? '1' : '0'}`;
      expect(await enterReference(deps, registry.today(), mistyped)).toMatchObject({
        ok: false,
        error: { code: 'REFERENCE_NUMBER_CHECK_CHARACTER' },
      });
      const entered = await enterReference(deps, registry.today(), reference.toLowerCase());
      expect(entered).toMatchObject({
        ok: true,
        value: { referenceNumber: reference, decision: { outcome: 'FILL_PAPER_LISTING' } },
      });

      // The line comes back: what can still be registered is, and the procedure is filed with its evidence.
      const online = settings(url);
      expect(await forwarder(online).round()).toMatchObject({ kind: 'SENT', sent: 3 });
      const [filed] = await fileProcedures(deps, online, new HttpProcedureClient(url, company.key));
      expect(filed).toMatchObject({ closed: true, linesFiled: 3 });
      expect(await journal.openProcedures()).toEqual([]);

      const day = await dossier();
      const [incident] = day.incidents;
      expect(incident.evidence[0]).toMatchObject({ kind: 'AGENT_LOG' });
      expect(incident.evidence[0].content).toContain('CONNECTION_REFUSED');
      expect(incident.events.map((e: { type: string }) => e.type)).toEqual([
        'EVIDENCE_ADDED',
        'REFERENCE_OBTAINED',
      ]);
      expect(day.paperListings[0].entries).toHaveLength(3);
      expect(day.verdicts.find((v: { employer: string }) => v.employer === company.enterprise).verdict).toBe(
        'PAPER_LISTING',
      );
      // Filing again changes nothing.
      expect(await fileProcedures(deps, online, new HttpProcedureClient(url, company.key))).toEqual([]);
    });

    it("prints and files one listing per employer: a subcontractor's workers are on their employer's own", async () => {
      const subcontractor = await registry.newCompany();
      await registry.addContractor(company, workplaceId, subcontractor, company);
      const deps = procedureDeps();
      const offline = await offlineSettings();
      const own = registry.newNiss();
      const theirs = [registry.newNiss(), registry.newNiss()];
      const badge = '4242424'; // as the roster keeps it; the reader sends 0004242424
      await onRoster([
        { niss: own, lastName: 'Peeters' },
        { niss: theirs[0] ?? '', lastName: 'Kowalski', employer: subcontractor.enterprise, badge },
        { niss: theirs[1] ?? '', lastName: 'Popescu', employer: subcontractor.enterprise },
      ]);
      await capture(offline, own);
      await capture(offline, '0004242424'); // the roster gives the badge's worker and employer
      await capture(offline, theirs[1] ?? '', subcontractor.enterprise); // the employer said at the gate
      await forwarder(offline).round();
      registry.clock.advance(31 * 60_000);
      await forwarder(offline).round();
      expect(await reviewProcedure(deps)).toBeDefined();

      const sheets = await listingSheets(deps, offline, registry.today());
      expect(sheets.map((s) => [s.employer.enterprise, s.rows.map((r) => r.lastName)])).toEqual([
        [formatEnterpriseNumber(company.enterprise as EnterpriseNumber), ['Peeters']],
        [formatEnterpriseNumber(subcontractor.enterprise as EnterpriseNumber), ['Kowalski', 'Popescu']],
      ]);
      const pdf = await listingPdf({ ...deps, pdf: new PdfkitWriter() }, offline, registry.today());
      if (PDFTOTEXT) {
        const text = pdfText(pdf);
        for (const name of ['Peeters', 'Kowalski', 'Popescu']) expect(text).toContain(name);
        // Each employer's listing on pages of its own, numbered within it.
        for (const enterprise of [company.enterprise, subcontractor.enterprise])
          expect(text).toContain(
            `agent ${workplaceId} ${registry.today()} ${formatEnterpriseNumber(enterprise as EnterpriseNumber)}`,
          );
        expect(text.match(/Page 1 \/ 2/g)).toHaveLength(2);
      }

      const reference = await referenceFor(company.enterprise);
      await enterReference(deps, registry.today(), reference);
      const online = settings(url);
      await forwarder(online).round();
      const [filed] = await fileProcedures(deps, online, new HttpProcedureClient(url, company.key));
      expect(filed).toMatchObject({ closed: true, linesFiled: 3 });
      expect(filed?.listingIds).toHaveLength(2);
      const day = await dossier();
      const listingOf = (enterprise: string) =>
        day.paperListings.find(
          (l: { paperListing: { employer: string } }) => l.paperListing.employer === enterprise,
        );
      expect(listingOf(company.enterprise).entries).toHaveLength(1);
      expect(listingOf(subcontractor.enterprise).entries).toHaveLength(2);
      for (const employer of [company.enterprise, subcontractor.enterprise])
        expect(day.verdicts.find((v: { employer: string }) => v.employer === employer).verdict).toBe(
          'PAPER_LISTING',
        );
    });

    it('opens no procedure for captures imported late while the line works, nor before an attempt failed', async () => {
      const deps = procedureDeps();
      const offline = await offlineSettings();
      // Seen at 07:00, journaled at 09:00 (an import): they have waited since 09:00, not since 07:00.
      registry.clock.advance(2 * 60 * 60_000);
      await captureAtGate(
        { journal, roster: journal, clock: registry.clock, random: createCryptoRandom() },
        offline,
        {
          raw: registry.newNiss(),
          source: 'IMPORT',
          capturedAt: new Date(Date.parse('2026-03-10T07:00:00Z')),
        },
      );
      expect(await reviewProcedure(deps)).toBeUndefined();
      // Forty minutes later, never sent, but nothing failed either (the agent was not running): no outage.
      registry.clock.advance(40 * 60_000);
      expect(await reviewProcedure(deps)).toBeUndefined();
      await forwarder(offline).round();
      expect(await reviewProcedure(deps)).toBeDefined();
    });

    it('opens the procedure when the registry relays to an official registry that has not answered it, once per outage', async () => {
      const deps = procedureDeps();
      const online = settings(url);
      const client = new HttpProcedureClient(url, company.key);
      const since = registry.clock.now().toISOString();
      // The registry answers (nothing waits in the journal), but says the official registry does not since then.
      const opened = await reviewProcedure(deps, undefined, since);
      expect(opened?.situation).toMatchObject({ origin: 'REGISTRY_UNAVAILABLE', claimedFrom: since });
      expect(opened?.decision).toMatchObject({ exempt: true });
      await forwarder(online).round();
      const [filed] = await fileProcedures(deps, online, client);
      expect(filed, JSON.stringify(filed)).toMatchObject({ closed: true });
      // The same outage, still going on: filed already, not opened again.
      registry.clock.advance(10 * 60_000);
      expect((await reviewProcedure(deps, undefined, since))?.closedAt).toBeDefined();
      // A new one later the same day opens it again.
      registry.clock.advance(60 * 60_000);
      const reopened = await reviewProcedure(deps, undefined, registry.clock.now().toISOString());
      expect(reopened?.closedAt).toBeUndefined();
    });

    it('opens the procedure again for a second outage the same day, and files what is new', async () => {
      const deps = procedureDeps();
      const offline = await offlineSettings();
      const online = settings(url);
      const client = new HttpProcedureClient(url, company.key);
      const first = registry.newNiss();
      const second = registry.newNiss();
      await onRoster([
        { niss: first, lastName: 'Peeters' },
        { niss: second, lastName: 'Janssens' },
      ]);
      const reference = await referenceFor(company.enterprise);

      await capture(offline, first);
      await forwarder(offline).round();
      registry.clock.advance(31 * 60_000);
      await forwarder(offline).round();
      await reviewProcedure(deps);
      await enterReference(deps, registry.today(), reference);
      await forwarder(online).round();
      expect((await fileProcedures(deps, online, client))[0]).toMatchObject({ closed: true, linesFiled: 1 });

      // The line drops again in the afternoon.
      registry.clock.advance(4 * 60 * 60_000);
      await capture(offline, second);
      await forwarder(offline).round();
      expect((await reviewProcedure(deps))?.closedAt).toBeDefined(); // not yet reopened: 30 minutes first
      registry.clock.advance(31 * 60_000);
      await forwarder(offline).round();
      const reopened = await reviewProcedure(deps);
      expect(reopened).toMatchObject({ referenceNumber: reference });
      expect(reopened?.closedAt).toBeUndefined();
      await forwarder(online).round();
      expect((await fileProcedures(deps, online, client))[0]).toMatchObject({ closed: true, linesFiled: 2 });

      const day = await dossier();
      expect(day.incidents).toHaveLength(1);
      expect(day.incidents[0].evidence).toHaveLength(2);
      expect(day.paperListings).toHaveLength(1);
      expect(day.paperListings[0].entries).toHaveLength(2);
    });

    it('opens a procedure for a past day whose captures are held, and resolves badges the roster learns later', async () => {
      const deps = procedureDeps();
      const online = settings(url);
      const niss = registry.newNiss();
      // Yesterday, a badge nobody knew, and a worker captured late in the evening while the line was down.
      const yesterday = new Date(registry.clock.now().getTime() - 24 * 60 * 60_000);
      const random = createCryptoRandom();
      await captureAtGate({ journal, roster: journal, clock: registry.clock, random }, online, {
        raw: niss,
        source: 'IMPORT',
        capturedAt: yesterday,
      });
      await captureAtGate({ journal, roster: journal, clock: registry.clock, random }, online, {
        raw: '0007777777',
        source: 'IMPORT',
        capturedAt: yesterday,
      });
      expect((await journal.summary()).counts).toMatchObject({ PENDING: 1, UNRESOLVED: 1 });
      // The registry refuses yesterday: the capture is held, the proof of who was there.
      expect(await forwarder(online).round()).toMatchObject({ kind: 'SENT', held: 1 });
      const [opened] = await reviewHeldDays(deps);
      expect(opened).toMatchObject({ day: registry.day(-1), situation: { origin: 'UNKNOWN' } });
      expect(await reviewHeldDays(deps)).toEqual([]); // once

      const other = registry.newNiss();
      await onRoster([{ niss: other, lastName: 'Dubois', badge: '7777777' }]);
      expect(await resolveUnknownBadges({ journal, roster: journal })).toBe(1);
      const [resolved] = await journal.captures({ state: 'PENDING' }, 10);
      expect(resolved).toMatchObject({ raw: '0007777777', worker: { niss: other } });
      await forwarder(online).round();
      expect((await journal.summary()).counts).toMatchObject({ HELD: 2, UNRESOLVED: 0, PENDING: 0 });
    });
  });
}
