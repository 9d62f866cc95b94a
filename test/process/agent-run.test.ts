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

const occurrences = (text: string, part: string): number => text.split(part).length - 1;

describe('agent run tells the operator what happens', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitepresence-agent-run-'));
  const processes: CliProcess[] = [];
  afterAll(async () => {
    for (const child of processes) await child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('says where it sends, once that the registry cannot be reached and why, and once that it is back', async () => {
    // A registry with the company's key and its workplace, at an address it keeps across restarts.
    const enterprise = enterpriseNumber(3);
    const { database, port, url, key, workplaceId } = await stoppedRegistry(dir, enterprise, {
      name: 'Chantier',
      street: 'Rue Haute 1',
      postalCode: '1000',
      city: 'Bruxelles',
    });

    // The agent, its key from the environment, a capture waiting, the registry down.
    const journal = join(dir, 'agent.db');
    const env = { AGENT_KEY: key, SITEPRESENCE_LANG: 'en' };
    const init = runCli(
      [
        'agent',
        'init',
        '--registry',
        url,
        '--workplace',
        workplaceId,
        '--employer',
        enterprise,
        '--journal',
        journal,
      ],
      env,
    );
    expect(init.status, init.stderr).toBe(0);
    expect(runCli(['agent', 'checkin', niss(7), '--journal', journal], env).status).toBe(0);
    const agent = await startAgentProcess(journal, env);
    processes.push(agent);
    expect(agent.stderr()).toContain(
      `sitepresence agent: sending workplace ${workplaceId}'s presences to ${url} (1 pending)`,
    );
    expect(agent.stderr()).toContain(`kiosks and readers: POST ${agent.url}/captures`);

    const down = 'The registry cannot be reached (CONNECTION_REFUSED, where: ';
    await untilSaid(agent, down);
    // It retries (after 1, 2, 4 s …) and says nothing more of it.
    await pause(12_000);
    expect(occurrences(agent.stderr(), 'The registry cannot be reached')).toBe(1);

    processes.push(await startServerProcess(database, {}, { port }));
    await untilSaid(agent, 'The registry answers again: 1 sent, 0 still pending.', 120_000);
    expect(occurrences(agent.stderr(), 'The registry answers again')).toBe(1);
    await agent.kill('SIGTERM');
    expect(agent.child.exitCode).toBe(0);
  });
});
