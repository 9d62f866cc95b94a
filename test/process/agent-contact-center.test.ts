import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSiteAgent } from '../../src/agent/agent-root.js';
import type { AgentStatus } from '../../src/agent/agent-status.js';
import { agentConfig } from '../../src/cli/agent-cli.js';
import { brusselsDate } from '../../src/domain/calendar-date.js';
import { decide } from '../../src/domain/procedure/decide.js';
import { belgianPublicHolidays } from '../../src/domain/procedure/public-holidays.js';
import type { Situation } from '../../src/domain/procedure/situation.js';
import { call } from '../support/http-client.js';
import { enterpriseNumber, niss } from '../support/identifiers.js';
import { freePort } from '../support/postgres-cluster.js';
import {
  createKeyWithCli,
  runCli,
  startAgentProcess,
  startServerProcess,
  untilSaid,
  type CliProcess,
} from '../support/processes.js';

const PHONE = '02 000 00 00';

/**
 * An instant of a day the contact center of {@link ALWAYS_OPEN} is open: now, or this time tomorrow when today is
 * a public holiday (it is closed on those, whatever its hours; the day after one never is).
 */
function onAnOrdinaryDay(now: Date): Date {
  const today = brusselsDate(now);
  const holiday = belgianPublicHolidays(Number(today.slice(0, 4))).includes(today);
  return holiday ? new Date(now.getTime() + 86_400_000) : now;
}

/** Its hours: every day, all day (but for public holidays). */
const ALWAYS_OPEN = { CONTACT_CENTER_PHONE: PHONE, CONTACT_CENTER_HOURS: 'Mon-Sun 00:00-24:00' };

/**
 * The contact center is set once, in the environment, for the registry and the site agent alike
 * (`CONTACT_CENTER_PHONE`, `_HOURS`, `_CLOSED`): given the same situation, both programs give the company the
 * same decision — to call the contact center, or to use its contact form because it is closed.
 */
describe(
  'the contact center set in the environment, for the registry and the site agent alike',
  { timeout: 180_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitepresence-agent-contact-center-'));
    const database = join(dir, 'registry.db');
    const enterprise = enterpriseNumber(4);
    const processes: CliProcess[] = [];
    let key: string;
    beforeAll(() => {
      key = createKeyWithCli(database, { role: 'company', enterprise, name: 'contact center' });
    });
    afterEach(() => {
      vi.unstubAllEnvs();
    });
    afterAll(async () => {
      for (const child of processes) await child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    });

    /** A registry process started with `env`. */
    const registryWith = async (env: Record<string, string>): Promise<CliProcess> => {
      const registry = await startServerProcess(database, env);
      processes.push(registry);
      return registry;
    };
    /** What the registry decides for a situation, asked through its API. */
    const registryDecides = async (registry: CliProcess, situation: Partial<Situation>) => {
      const reply = await call(`${registry.url}/api/v1/procedure/decide`, key, 'POST', situation);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      return reply.body.decision;
    };
    /**
     * What the site agent decides for a situation, its config read from `env` as its command line reads it (on a
     * journal of its own: the contact center is the config's, not the journal's).
     */
    const agentDecides = (env: Record<string, string>, situation: Situation) => {
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
      const agent = openSiteAgent(agentConfig(':memory:'));
      if (!agent.ok) throw new Error(agent.error.message);
      try {
        return JSON.parse(JSON.stringify(decide(situation, agent.value.procedure.contactCenter)));
      } finally {
        void agent.value.close();
      }
    };
    /** The situation after another channel was tried, and failed: the hours decide what comes next. */
    const anotherChannelFailed = (situation: Situation, at: Date): Situation => ({
      ...situation,
      at: at.toISOString(),
      channelsTried: [{ channel: 'MOBILE', at: at.toISOString(), result: 'FAILED' }],
    });

    it('closed today: the agent opens the procedure offline as the registry decides it, and both send the company to the contact form', async () => {
      const today = brusselsDate(new Date());
      const env = { CONTACT_CENTER_PHONE: PHONE, CONTACT_CENTER_CLOSED: today };
      // The agent, the registry out of its reach, looking at the procedure every 200 ms and opening it at once.
      const journal = join(dir, 'agent.db');
      const agentEnv = { ...env, AGENT_KEY: key, SITEPRESENCE_LANG: 'en' };
      const init = runCli(
        [
          'agent',
          'init',
          '--registry',
          `http://127.0.0.1:${await freePort()}`,
          '--workplace',
          'DEMO0001',
          '--employer',
          enterprise,
          '--journal',
          journal,
        ],
        agentEnv,
      );
      expect(init.status, init.stderr).toBe(0);
      expect(runCli(['agent', 'checkin', niss(21), '--journal', journal], agentEnv).status).toBe(0);
      const agent = await startAgentProcess(journal, {
        ...agentEnv,
        AGENT_PROCEDURE_AFTER_MINUTES: '0',
        AGENT_PROCEDURE_WATCH_MS: '200',
      });
      processes.push(agent);
      await untilSaid(agent, `Emergency procedure ${today}:`);
      await agent.kill('SIGTERM');
      const status = runCli(['agent', 'status', '--json', '--journal', journal], agentEnv);
      expect(status.status, status.stderr).toBe(0);
      const [procedure] = (JSON.parse(status.stdout) as AgentStatus).procedures;
      if (procedure === undefined) throw new Error(`no procedure in ${status.stdout}`);

      // The registry, started with the same environment, decides the agent's situation as the agent did.
      const registry = await registryWith(env);
      expect(await registryDecides(registry, procedure.situation)).toEqual(procedure.decision);

      // Once another channel failed too, the contact center is closed today for both: its contact form.
      const next = anotherChannelFailed(procedure.situation, new Date());
      const fromRegistry = await registryDecides(registry, next);
      expect(fromRegistry.outcome).toBe('USE_CONTACT_FORM');
      expect(agentDecides(env, next)).toEqual(fromRegistry);
    });

    it('open every day, all day: both send the company to call the contact center, on the number set', async () => {
      const registry = await registryWith(ALWAYS_OPEN);
      const situation: Situation = {
        origin: 'UNKNOWN',
        at: new Date().toISOString(),
        permanentlyWithoutInfrastructure: false,
        usesCoContractorMeans: false,
        channelsTried: [],
      };
      const next = anotherChannelFailed(situation, onAnOrdinaryDay(new Date()));
      const fromRegistry = await registryDecides(registry, next);
      expect(fromRegistry.outcome).toBe('CALL_CONTACT_CENTER');
      expect(JSON.stringify(fromRegistry.nextSteps)).toContain(PHONE);
      expect(agentDecides(ALWAYS_OPEN, next)).toEqual(fromRegistry);
    });

    it('hours that cannot be read stop the registry and the agent alike, naming the setting', () => {
      const env = { CONTACT_CENTER_HOURS: 'always' };
      const serve = runCli(['serve', '--database', database, '--port', '0'], env);
      expect(serve.status).toBe(2);
      expect(serve.stderr).toContain('CONTACT_CENTER_HOURS');
      const run = runCli(['agent', 'run', '--journal', join(dir, 'agent.db')], env);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('error: CONTACT_CENTER_HOURS');
    });
  },
);
