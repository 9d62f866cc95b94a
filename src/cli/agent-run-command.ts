import { Option, type Command } from 'commander';
import {
  DEFAULT_FORWARDER_PACING,
  DEFAULT_PROCEDURE_WATCH_MS,
  parseAgentRunConfig,
} from '../agent/agent-config.js';
import { startSiteAgent } from '../agent/agent-run.js';
import { captureLines } from './agent-capture-commands.js';
import { agentConfig, journalOption, refuse, say } from './agent-cli.js';

/** Adds `agent run`: the forwarder, the kiosk endpoint, and the procedure's watch, told in the operator's words. */
export function addRunCommand(agent: Command): void {
  agent
    .command('run')
    .description(
      'Send the journal to the registry, for as long as it runs (and listen for kiosks and readers)',
    )
    .option(
      '--listen <port>',
      'serve POST /captures and GET /status for kiosks and readers on this port (1–65535; 0: any free port)',
    )
    .option(
      '--host <host>',
      'the address to listen on (the site network); any but 127.0.0.1 needs a kiosk token (see agent init --help)',
      '127.0.0.1',
    )
    .option(
      '--allow-host <name>',
      'another name kiosks call the agent by, as in their address (repeatable; name or name:port): requests ' +
        'naming the agent otherwise than 127.0.0.1, localhost, [::1], --host or these are refused',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--stdin', 'also capture each line read on standard input (a badge reader)')
    .option('--json', 'print each capture read on standard input as JSON')
    .addOption(
      new Option(
        '--procedure-after <minutes>',
        "open the emergency procedure when today's captures could not be sent for this long",
      )
        .env('AGENT_PROCEDURE_AFTER_MINUTES')
        .default('30'),
    )
    .addOption(
      new Option(
        '--procedure-watch-ms <ms>',
        'how often to look whether the emergency procedure must be opened, or filed (milliseconds)',
      )
        .env('AGENT_PROCEDURE_WATCH_MS')
        .default(String(DEFAULT_PROCEDURE_WATCH_MS)),
    )
    .addOption(
      new Option(
        '--backoff-ms <ms>',
        'the first wait after a failure to send, doubled by each failure in a row (milliseconds)',
      )
        .env('AGENT_BACKOFF_MS')
        .default(String(DEFAULT_FORWARDER_PACING.minBackoffMs)),
    )
    .addOption(
      new Option(
        '--max-backoff-ms <ms>',
        'the longest wait after failures, and the wait after one a person must act on: the key refused, TLS ' +
          '(milliseconds)',
      )
        .env('AGENT_MAX_BACKOFF_MS')
        .default(String(DEFAULT_FORWARDER_PACING.maxBackoffMs)),
    )
    .addOption(
      new Option(
        '--status-check-ms <ms>',
        'while waiting after the registry gave no answer, how often to ask its status (no key): its answer ' +
          'ends the wait (milliseconds)',
      )
        .env('AGENT_STATUS_CHECK_MS')
        .default(String(DEFAULT_FORWARDER_PACING.statusCheckMs)),
    )
    .addOption(journalOption())
    .action(
      async (options: {
        listen?: string;
        host: string;
        allowHost: string[];
        stdin?: boolean;
        json?: boolean;
        procedureAfter: string;
        procedureWatchMs: string;
        backoffMs: string;
        maxBackoffMs: string;
        statusCheckMs: string;
        journal: string;
      }) => {
        const run = parseAgentRunConfig({ ...options, allowHosts: options.allowHost });
        if (!run.ok) {
          refuse(run.error);
          return;
        }
        const started = await startSiteAgent(agentConfig(options.journal), run.value, say);
        if (!started.ok) {
          refuse(started.error);
          return;
        }
        const running = started.value;
        const stopped = new Promise<void>((resolve) => {
          for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, resolve);
        });
        if (options.stdin === true) {
          void captureLines(
            running.agent.capture,
            running.settings,
            process.stdin,
            { json: options.json === true, source: 'READER' },
            () => {
              running.wake();
            },
          );
        }
        await stopped;
        await running.stop();
        process.exit(0);
      },
    );
}
