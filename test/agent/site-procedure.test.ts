import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentSettings } from '../../src/agent/agent-settings.js';
import { captureAtGate } from '../../src/agent/capture.js';
import { Forwarder } from '../../src/agent/forwarder.js';
import type { Journal } from '../../src/agent/journal.js';
import { HttpProcedureClient } from '../../src/agent/procedure-client.js';
import { HttpRegistryClient } from '../../src/agent/registry-client.js';
import {
  enterReference,
  fileProcedures,
  listingPdf,
  reviewProcedure,
} from '../../src/agent/site-procedure.js';
import { openSqliteJournal } from '../../src/agent/sqlite-journal.js';
import type { EnterpriseNumber } from '../../src/domain/enterprise-number.js';
import { DEFAULT_CONTACT_CENTER } from '../../src/domain/procedure/contact-center.js';
import { parseWorker } from '../../src/domain/worker.js';
import type { WorkplaceId } from '../../src/domain/workplace-id.js';
import { PdfkitWriter } from '../../src/pdf/pdfkit-writer.js';
import { createCryptoRandom } from '../../src/system/crypto-random.js';
import { DATABASES } from '../support/databases.js';
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
    let journal: Journal;

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

    it('walks from the registry unreachable to the decision, the listing, the reference and the incident filed', async () => {
      const clock = registry.clock;
      const settings = (registryUrl: string): AgentSettings => ({
        registryUrl,
        key: company.key,
        workplaceId: workplaceId as WorkplaceId,
        employer: company.enterprise as EnterpriseNumber,
      });
      const offline = settings(`http://127.0.0.1:${await closedPort()}`); // nothing listens there: the line is down
      const deps = { journal, clock, contactCenter: DEFAULT_CONTACT_CENTER };
      const random = createCryptoRandom();
      const workers = [registry.newNiss(), registry.newNiss(), registry.newNiss()];
      await journal.replaceRoster(
        workers.map((niss, i) => {
          const worker = parseWorker({ niss });
          if (!worker.ok) throw new Error('fixture');
          return {
            worker: worker.value,
            lastName: ['Peeters', 'Wiśniewski', 'Dubois'][i] ?? '',
            firstName: 'Jan',
          };
        }),
      );
      for (const niss of workers)
        await captureAtGate({ journal, clock, random }, offline, { raw: niss, source: 'READER' });

      const forwarder = (s: AgentSettings) =>
        new Forwarder(
          {
            journal,
            registry: new HttpRegistryClient(s.registryUrl, s.key),
            prober: { probe: () => Promise.resolve('NOT_CONFIGURED' as const) },
            clock,
            random: () => 0.5,
          },
          { batchSize: 200, minBackoffMs: 10, maxBackoffMs: 20, idleMs: 10 },
        );
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
      const agentKey = await registry.newCaller('agent');
      const issued = await agentKey.post('/api/v1/contact-center/references', {
        enterprise: company.enterprise,
        workplaceId,
        date: registry.today(),
        note: 'Site line down since 07:00',
      });
      const reference = issued.body.referenceNumber as string;
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

      const inspector = await registry.newCaller('inspector');
      const dossier = (
        await inspector.get(`/api/v1/inspections/workplaces/${workplaceId}/days/${registry.today()}`)
      ).body;
      const [incident] = dossier.incidents;
      expect(incident.evidence[0]).toMatchObject({ kind: 'AGENT_LOG' });
      expect(incident.evidence[0].content).toContain('CONNECTION_REFUSED');
      expect(incident.events.map((e: { type: string }) => e.type)).toEqual([
        'EVIDENCE_ADDED',
        'REFERENCE_OBTAINED',
      ]);
      expect(dossier.paperListings[0].entries).toHaveLength(3);
      expect(
        dossier.verdicts.find((v: { employer: string }) => v.employer === company.enterprise).verdict,
      ).toBe('PAPER_LISTING');
      // Filing again changes nothing.
      expect(await fileProcedures(deps, online, new HttpProcedureClient(url, company.key))).toEqual([]);
    });
  });
}

/** A port nothing listens on: one the system just gave and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
