import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stoppedRegistry } from '../support/stopped-registry.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import {
  runCli,
  startAgentProcess,
  startServerProcess,
  untilSaid,
  type CliProcess,
} from '../support/processes.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('agent run after an outage of the registry', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitepresence-agent-resume-'));
  const processes: CliProcess[] = [];
  afterAll(async () => {
    for (const child of processes) await child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends its pending captures within seconds of the registry answering again, long before its backoff ends', async () => {
    // A registry with the company's key and its workplace, at an address and on a database kept across restarts.
    const enterprise = enterpriseNumber(4);
    const { database, port, url, key, workplaceId } = await stoppedRegistry(dir, enterprise, {
      name: 'Werf',
      street: 'Grote Markt 1',
      postalCode: '2000',
      city: 'Antwerpen',
    });

    // The agent, its backoff a minute from the first failure on: waits of 30 to 60 s, jitter included.
    const journal = join(dir, 'agent.db');
    const env = { AGENT_KEY: key, AGENT_BACKOFF_MS: '60000', AGENT_MAX_BACKOFF_MS: '60000' };
    const init = runCli(
      ['agent', 'init', '--registry', url, '--workplace', workplaceId, '--employer', enterprise],
      { ...env, AGENT_JOURNAL: journal },
    );
    expect(init.status, init.stderr).toBe(0);
    for (const n of [11, 12, 13])
      expect(runCli(['agent', 'checkin', niss(n), '--journal', journal], env).status).toBe(0);
    const agent = await startAgentProcess(journal, env);
    processes.push(agent);
    await untilSaid(agent, 'The registry cannot be reached (CONNECTION_REFUSED');
    await pause(2_000);
    const sent = () =>
      JSON.parse(runCli(['agent', 'status', '--json', '--journal', journal]).stdout).counts.SENT;
    expect(sent()).toBe(0);

    processes.push(await startServerProcess(database, {}, { port }));
    const back = Date.now();
    while (sent() < 3 && Date.now() - back < 30_000) await pause(200);
    const seconds = (Date.now() - back) / 1000;
    expect(sent()).toBe(3);
    // Within 10 s of the registry's return, where the backoff alone would have waited 30 s at least.
    expect(seconds).toBeLessThan(10);
    await untilSaid(agent, 'The registry answers again: 3 sent, 0 still pending.');
    await agent.kill('SIGTERM');
    expect(agent.child.exitCode).toBe(0);
  });
});
