import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, brusselsDate } from '../../src/domain/calendar-date.js';
import { DATABASES, type OpenedDatabase } from '../support/databases.js';
import { call } from '../support/http-client.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import { freePort } from '../support/postgres-cluster.js';
import {
  createKeyWithCli,
  runCli,
  startAgentProcess,
  startServerProcess,
  type CliProcess,
} from '../support/processes.js';

/** How many people pass the gate: 3000 by default, more with CHAOS_CAPTURES=… */
const CAPTURES = Number(process.env['CHAOS_CAPTURES'] ?? 3000);
/** How many kiosk requests are in flight at once. */
const IN_FLIGHT = 24;
/** How long each phase may take before the test gives up and says where it stood. */
const DEADLINE_MS = 120_000;
/** CHAOS_VERBOSE=1 prints the timings and counts of each run. */
const VERBOSE = process.env['CHAOS_VERBOSE'] === '1';

interface JournalRow {
  sequence: number;
  client_reference: string;
  day: string;
  worker_id: string | null;
  state: string;
  receipt_number: string | null;
  presence_id: string | null;
  duplicate: number | null;
}

interface RegistryPresence {
  id: string;
  receiptNumber: string;
  registrationDate: string;
  worker: { niss?: string };
  clientReference?: string;
  channel: string;
}

interface JournalStatus {
  counts: Record<'PENDING' | 'SENT' | 'REJECTED' | 'HELD' | 'UNRESOLVED', number>;
  lastFailure?: { at: string; failureClass?: string };
  lastSuccess?: { at: string };
}

const digits = (text: string | undefined): string => (text ?? '').replace(/\D/g, '');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds; past the deadline, fails saying what was awaited. */
async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = DEADLINE_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await pause(25);
  }
}

for (const db of DATABASES)
  describe.skipIf(!db.available)(
    `a site agent and its registry killed with SIGKILL while captures pour in (${db.name})`,
    () => {
      let opened: OpenedDatabase;
      let dir: string;
      const processes: CliProcess[] = [];
      const stopFeeding = new AbortController();
      beforeAll(async () => {
        opened = await db.open();
        await opened.store.close();
        dir = mkdtempSync(join(tmpdir(), 'sitepresence-chaos-'));
      });
      afterAll(async () => {
        stopFeeding.abort();
        for (const child of processes) await child.kill('SIGKILL');
        await opened.dispose();
        rmSync(dir, { recursive: true, force: true });
      });

      it('ends with exactly one presence per worker captured and a receipt for each capture in the journal', async () => {
        const started = Date.now();
        const timings: Record<string, number> = {};
        const mark = (name: string): void => {
          timings[name] = Date.now() - started;
        };
        const database = opened.location;
        const journalPath = join(dir, 'agent.db');

        // The registry, at an address it keeps across restarts.
        const enterprise = enterpriseNumber(7);
        const key = createKeyWithCli(database, { role: 'company', enterprise, name: 'chaos' });
        const port = await freePort();
        const registryEnv = { HEARTBEAT_MS: '200' };
        let registry = await startServerProcess(database, registryEnv, { port });
        processes.push(registry);
        const registryUrl = registry.url;
        const today = brusselsDate(new Date());
        const declared = await call(`${registryUrl}/api/v1/workplaces`, key, 'POST', {
          name: 'Chantier du chaos',
          address: { street: 'Rue Haute 1', postalCode: '1000', city: 'Bruxelles' },
          declarant: enterprise,
          startDate: today,
          endDate: addDays(today, 60),
        });
        expect(declared.status).toBe(201);
        const workplaceId = declared.body.workplace.id as string;

        // The agent, on a fresh journal.
        const init = runCli([
          'agent',
          'init',
          '--registry',
          registryUrl,
          '--key',
          key,
          '--workplace',
          workplaceId,
          '--employer',
          enterprise,
          '--journal',
          journalPath,
        ]);
        expect(init.status, init.stderr).toBe(0);
        let agent = await startAgentProcess(journalPath);
        processes.push(agent);
        const agents = [agent];
        mark('ready');

        const status = async (): Promise<JournalStatus> => {
          const response = await fetch(`${agent.url}/status`, { signal: AbortSignal.timeout(10_000) });
          return (await response.json()) as JournalStatus;
        };

        // The kiosks: every worker is presented until the agent acknowledges them (a real kiosk retries).
        const acknowledged = new Map<number, { sequence: number; clientReference: string; state: string }>();
        const attempted = new Set<number>();
        const refusals: string[] = [];
        const queue = Array.from({ length: CAPTURES }, (_, n) => n);
        let failedPosts = 0;
        let gate: Promise<void> | undefined;
        let openGate = (): void => undefined;
        const feedingDeadline = Date.now() + DEADLINE_MS;
        const feeder = async (): Promise<void> => {
          while (
            acknowledged.size < CAPTURES &&
            !stopFeeding.signal.aborted &&
            Date.now() < feedingDeadline
          ) {
            if (gate !== undefined) await gate;
            const n = queue.shift();
            if (n === undefined) {
              await pause(5); // the rest is in flight: wait for it to be acknowledged or to come back
              continue;
            }
            attempted.add(n);
            try {
              const response = await fetch(`${agent.url}/captures`, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ raw: niss(n) }),
                signal: AbortSignal.timeout(10_000),
              });
              const body = (await response.json()) as {
                capture: { sequence: number; clientReference: string; state: string };
              };
              if (response.status === 201) {
                acknowledged.set(n, body.capture);
                if (gate === undefined && acknowledged.size >= (2 * CAPTURES) / 3)
                  gate = new Promise((resolve) => (openGate = resolve));
                continue;
              }
              refusals.push(`${niss(n)}: ${response.status} ${JSON.stringify(body)}`);
            } catch {
              failedPosts += 1; // the agent died under this request, or is not back yet
            }
            queue.push(n);
            await pause(20);
          }
        };

        // The chaos, alongside: the registry dies at a third, the agent at two thirds.
        let registryKilledAt = '';
        let registryBackAt = '';
        const chaos = async (): Promise<void> => {
          await until('a third of the captures', () => acknowledged.size >= CAPTURES / 3);
          registryKilledAt = new Date().toISOString();
          mark('registryKilled');
          await registry.kill('SIGKILL');
          expect(registry.child.signalCode).toBe('SIGKILL');
          // The kiosks go on; the agent journals, fails to send, and backs off.
          await until('the agent to find the registry refusing connections', async () => {
            const { lastFailure } = await status();
            return (
              lastFailure !== undefined &&
              lastFailure.at >= registryKilledAt &&
              lastFailure.failureClass === 'CONNECTION_REFUSED'
            );
          });
          mark('agentNoticed');
          registry = await startServerProcess(database, registryEnv, { port });
          processes.push(registry);
          expect(registry.url).toBe(registryUrl);
          registryBackAt = new Date().toISOString();
          mark('registryBack');
          await until('the agent to reach the registry again', async () => {
            const { lastSuccess } = await status();
            return lastSuccess !== undefined && lastSuccess.at >= registryBackAt;
          });
          mark('agentSentAgain');
          // The kiosks held at two thirds go on; a few more captures, and the agent dies while it catches up.
          await until(
            'the kiosks to reach two thirds',
            () => gate !== undefined || acknowledged.size >= CAPTURES,
          );
          const atGate = acknowledged.size;
          openGate();
          await until('a few more captures', () => acknowledged.size >= Math.min(CAPTURES, atGate + 40));
          const backlog = (await status()).counts.PENDING;
          mark('agentKilled');
          await agent.kill('SIGKILL');
          expect(agent.child.signalCode).toBe('SIGKILL');
          agent = await startAgentProcess(journalPath);
          processes.push(agent);
          agents.push(agent);
          mark('agentBack');
          if (VERBOSE) process.stderr.write(`[chaos ${db.name}] agent killed with ${backlog} pending\n`);
        };

        const feeding = Promise.all(Array.from({ length: IN_FLIGHT }, () => feeder()));
        try {
          await Promise.all([chaos(), feeding]);
        } finally {
          stopFeeding.abort();
          openGate();
          await feeding;
        }
        mark('fed');
        expect(refusals).toEqual([]);
        expect(acknowledged.size, `acknowledged in time; ${queue.length} left`).toBe(CAPTURES);

        // The agent catches up with everything journaled.
        let last: JournalStatus | undefined;
        await until('the journal to have nothing pending', async () => {
          last = await status();
          return last.counts.PENDING === 0;
        }).catch((error: unknown) => {
          throw new Error(
            `${(error as Error).message}: ${JSON.stringify(last)}\n` +
              agents.map((a, i) => `agent ${i + 1}'s stderr:\n${a.stderr()}`).join('\n'),
          );
        });
        mark('drained');
        await agent.kill('SIGTERM');
        expect(agent.child.exitCode, agent.stderr()).toBe(0);

        // The journal: every capture acknowledged is there, and every capture is sent with its receipt.
        const journal = new Database(journalPath, { readonly: true });
        let rows: JournalRow[];
        let attempts: { outcome: string; failure_class: string | null; at: string }[];
        try {
          rows = journal.prepare<[], JournalRow>('SELECT * FROM captures ORDER BY sequence').all();
          attempts = journal
            .prepare<[], { outcome: string; failure_class: string | null; at: string }>(
              'SELECT outcome, failure_class, at FROM attempts ORDER BY sequence',
            )
            .all();
        } finally {
          journal.close();
        }
        const byReference = new Map(rows.map((row) => [row.client_reference, row]));
        for (const [n, capture] of acknowledged) {
          const row = byReference.get(capture.clientReference);
          expect(row, `acknowledged capture of ${niss(n)} (#${capture.sequence})`).toBeDefined();
          expect(row?.sequence).toBe(capture.sequence);
          expect(row?.worker_id).toBe(niss(n));
          expect(capture.state).toBe('PENDING');
        }
        const unsent = rows.filter(
          (row) => row.state !== 'SENT' || row.receipt_number === null || row.presence_id === null,
        );
        expect(unsent).toEqual([]);
        expect(rows.every((row) => row.day === today)).toBe(true);

        // Which workers: the acknowledged ones, plus some whose capture was journaled as the agent died.
        const acknowledgedWorkers = new Set([...acknowledged.keys()].map((n) => niss(n)));
        const attemptedWorkers = new Set([...attempted].map((n) => niss(n)));
        const journaledWorkers = new Set(rows.map((row) => row.worker_id ?? ''));
        expect([...acknowledgedWorkers].filter((w) => !journaledWorkers.has(w))).toEqual([]);
        expect([...journaledWorkers].filter((w) => !attemptedWorkers.has(w))).toEqual([]);
        expect(acknowledgedWorkers.size).toBe(CAPTURES);

        // The registry: exactly one presence per worker journaled, the one each receipt in the journal names.
        const presences: RegistryPresence[] = [];
        let cursor: string | undefined;
        do {
          const page = await call(
            `${registryUrl}/api/v1/presences?workplaceId=${workplaceId}&from=${today}&to=${today}&limit=500${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
            key,
            'GET',
          );
          expect(page.status).toBe(200);
          presences.push(...(page.body.presences as RegistryPresence[]));
          cursor = page.body.nextCursor as string | undefined;
        } while (cursor !== undefined);
        const byWorker = new Map<string, RegistryPresence>();
        const twice: string[] = [];
        for (const presence of presences) {
          const worker = digits(presence.worker.niss);
          if (byWorker.has(worker)) twice.push(worker);
          byWorker.set(worker, presence);
        }
        expect(twice).toEqual([]);
        expect([...journaledWorkers].filter((w) => !byWorker.has(w))).toEqual([]);
        expect([...byWorker.keys()].filter((w) => !journaledWorkers.has(w))).toEqual([]);
        expect(presences).toHaveLength(journaledWorkers.size);
        expect(new Set(presences.map((p) => p.receiptNumber)).size).toBe(presences.length);
        const mismatches = rows.flatMap((row) => {
          const presence = byWorker.get(row.worker_id ?? '');
          return presence !== undefined &&
            presence.id === row.presence_id &&
            presence.receiptNumber === row.receipt_number
            ? []
            : [
                `#${row.sequence} ${row.worker_id ?? '?'}: journal ${row.presence_id ?? '-'} ${row.receipt_number ?? '-'}, ` +
                  `registry ${presence?.id ?? '-'} ${presence?.receiptNumber ?? '-'}`,
              ];
        });
        expect(mismatches).toEqual([]);
        const references = new Set(rows.map((row) => row.client_reference));
        for (const presence of presences) {
          expect(presence.channel).toBe('GATEWAY');
          expect(references.has(presence.clientReference ?? '')).toBe(true);
        }
        // A presence is new to at most one capture; the others learnt of it as a duplicate.
        expect(rows.filter((row) => row.duplicate === 0).length).toBeLessThanOrEqual(presences.length);

        // The journal kept the evidence: failed attempts, classified, while the registry was down.
        const failed = attempts.filter((a) => a.outcome === 'FAILED');
        const classes = new Set(failed.map((a) => a.failure_class));
        expect(
          failed.filter(
            (a) =>
              a.at >= registryKilledAt && a.at <= registryBackAt && a.failure_class === 'CONNECTION_REFUSED',
          ).length,
        ).toBeGreaterThan(0);
        expect([...classes].filter((c) => c !== 'CONNECTION_REFUSED' && c !== 'CONNECTION_RESET')).toEqual(
          [],
        );
        expect(attempts.some((a) => a.outcome === 'OK' && a.at >= registryBackAt)).toBe(true);
        mark('checked');

        if (VERBOSE)
          process.stderr.write(
            `[chaos ${db.name}] ${CAPTURES} workers, ${rows.length} captures journaled ` +
              `(${rows.length - acknowledged.size} not acknowledged), ${presences.length} presences, ` +
              `${rows.filter((r) => r.duplicate === 1).length} duplicates, ${failedPosts} failed kiosk requests, ` +
              `attempts ${attempts.length} (${failed.length} failed: ${[...classes].join(', ')}), ` +
              `timings ${JSON.stringify(timings)}\n`,
          );
      }, 240_000);
    },
  );
