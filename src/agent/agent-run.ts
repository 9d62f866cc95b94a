import { domainError, type DomainError } from '../domain/errors.js';
import { err, ok, type Result } from '../domain/result.js';
import type { AgentConfig, AgentRunConfig } from './agent-config.js';
import { journalExists, noJournal, openSiteAgent, type SiteAgent } from './agent-root.js';
import type { AgentSettings } from './agent-settings.js';
import { kioskListenProblem } from './kiosk/kiosk-hosts.js';
import { watchProcedure } from './procedure-watcher.js';
import { lockJournal } from './run-lock.js';
import {
  describeFiling,
  describeProcedure,
  describeStart,
  followLine,
  PROCEDURE_FAILED,
  type LineState,
} from './status-text.js';

/** The agent as `agent run` runs it, until {@link RunningAgent.stop}. */
export interface RunningAgent {
  readonly agent: SiteAgent;
  readonly settings: AgentSettings;
  /** Wakes the forwarder: a capture was just journaled (by a reader on standard input, say). */
  wake(): void;
  /** Stops sending, watching and listening, waits for what is under way, and closes the journal. */
  stop(): Promise<void>;
}

/**
 * Runs the site agent on its journal: the forwarder sends what is captured, the kiosk endpoint listens when the
 * run config asks, and beside them two watches — one tells the operator once when the registry stops answering
 * and once when it answers again, the other opens the emergency procedure when today's captures wait too long
 * and files it once the registry answers. Everything the operator is told goes to `report`, a line at a time, in
 * the config's language.
 *
 * Refuses, with nothing started and nothing left open, when there is no journal, when another agent already
 * runs on it (one at a time: two would send the same batches and file the same procedure twice), when the
 * settings are missing or wrong, or when the kiosk endpoint would listen beyond this computer without a token.
 */
export async function startSiteAgent(
  config: AgentConfig,
  run: AgentRunConfig,
  report: (line: string) => void,
): Promise<Result<RunningAgent, DomainError[]>> {
  if (!journalExists(config.journal)) return err([noJournal(config.journal)]);
  const lock = config.journal === ':memory:' ? { release: () => undefined } : lockJournal(config.journal);
  if ('heldBy' in lock)
    return err([
      domainError(
        'FIELD_VALUE',
        `Another agent (process ${lock.heldBy}) already runs on ${config.journal}: one at a time.`,
        'journal',
      ),
    ]);
  const opened = openSiteAgent(config);
  if (!opened.ok) {
    lock.release();
    return err([opened.error]);
  }
  const agent = opened.value;
  const refuse = async (errors: DomainError[]): Promise<Result<RunningAgent, DomainError[]>> => {
    await agent.close();
    lock.release();
    return err(errors);
  };
  const settings = await agent.settings();
  if (!settings.ok) return refuse(settings.error);
  const problem =
    run.kiosk === undefined ? undefined : kioskListenProblem(run.kiosk.host, settings.value.kioskToken);
  if (problem !== undefined) return refuse([problem]);
  return ok(await start(agent, settings.value, run, report, lock));
}

async function start(
  agent: SiteAgent,
  settings: AgentSettings,
  run: AgentRunConfig,
  report: (line: string) => void,
  lock: { readonly release: () => void },
): Promise<RunningAgent> {
  const lang = agent.config.language;
  const forwarder = agent.forwarder(settings, run.forwarding);
  const wake = (): void => {
    forwarder.wake();
  };
  const kioskUrl =
    run.kiosk === undefined ? undefined : await agent.listenForKiosks(settings, run.kiosk, wake);
  const startedAt = agent.clock.now().toISOString();
  for (const line of describeStart(
    {
      workplaceId: settings.workplaceId,
      registryUrl: settings.registryUrl,
      pending: (await agent.journal.summary()).counts.PENDING,
      ...(kioskUrl === undefined ? {} : { kioskUrl }),
      kioskToken: settings.kioskToken !== undefined,
    },
    lang,
  ))
    report(line);
  const stopping = new AbortController();
  const sending = forwarder.run(stopping.signal);

  // Whether the registry answers, told once when it stops and once when it is back, never once per retry.
  let line: LineState = { kind: 'UNKNOWN', since: startedAt };
  const lineWatch = setInterval(() => {
    agent.journal.summary().then(
      (summary) => {
        const followed = followLine(line, summary, lang);
        line = followed.state;
        for (const text of followed.lines) report(text);
      },
      () => undefined, // the journal closing as the agent stops
    );
  }, run.lineWatchMs);

  // Beside the forwarder: open the emergency procedure when today's captures wait too long, and file it with
  // the registry once the line is back.
  const procedureClient = agent.procedureClient(settings);
  let watching = false;
  const procedureWatch = setInterval(() => {
    // One watch at a time: a filing slower than the interval must not file the same procedure twice.
    if (watching) return;
    watching = true;
    watchProcedure(agent.procedure, settings, procedureClient, run.procedureDelayMs)
      .then(
        (outcome) => {
          for (const record of outcome.opened)
            for (const text of describeProcedure(record, lang)) report(text);
          for (const filed of outcome.filed) report(describeFiling(filed, lang));
        },
        (error: unknown) => {
          report(`${PROCEDURE_FAILED[lang]}: ${String(error)}`);
        },
      )
      .finally(() => {
        watching = false;
      });
  }, run.procedureWatchMs);

  return {
    agent,
    settings,
    wake,
    async stop() {
      stopping.abort();
      await sending;
      clearInterval(lineWatch);
      clearInterval(procedureWatch);
      await agent.close();
      lock.release();
    },
  };
}
