import { Option, type Command } from 'commander';
import { initSiteAgent } from '../agent/agent-root.js';
import { parseAgentSettings } from '../agent/agent-settings.js';
import { readAgentStatus } from '../agent/agent-status.js';
import { describeStatus } from '../agent/status-text.js';
import { brusselsDate } from '../domain/calendar-date.js';
import { addCaptureCommands, addImportCommand } from './agent-capture-commands.js';
import { journalOption, refuse, say, withAgent } from './agent-cli.js';
import { addAgentProcedureCommands } from './agent-procedure-commands.js';
import { addRosterCommands } from './agent-roster-commands.js';
import { addRunCommand } from './agent-run-command.js';

/**
 * Warns when a secret was typed on the command line (`--key …`): every user of the computer sees it in `ps`,
 * and the shell keeps it in its history; its environment variable is not shown.
 */
function warnOfSecretOnCommandLine(command: Command, option: string, variable: string): void {
  if (command.getOptionValueSource(option) === 'cli')
    say(
      `warning: --${option} on the command line shows in \`ps\` and the shell history; set ${variable} instead.`,
    );
}

/** Adds `agent init`: where the registry is, the key, the workplace, the employer, the kiosk token. */
function addInitCommand(agent: Command): void {
  agent
    .command('init')
    .description(
      'Create the journal, or change its settings: where the registry is, its key, the workplace, the employer ' +
        'and the kiosk token (stored in the journal; only `agent init` creates a journal)',
    )
    .addOption(
      new Option('--registry <url>', "the registry's address, e.g. https://registry.example.be")
        .env('AGENT_REGISTRY_URL')
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--key <key>', 'an API key of the company (or its provider); prefer AGENT_KEY')
        .env('AGENT_KEY')
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--workplace <id>', 'the works declaration number of the workplace')
        .env('AGENT_WORKPLACE')
        .makeOptionMandatory(),
    )
    .addOption(
      new Option(
        '--employer <number>',
        'the enterprise number of the workers captured (unless said otherwise)',
      )
        .env('AGENT_EMPLOYER')
        .makeOptionMandatory(),
    )
    .addOption(
      new Option(
        '--probe <url>',
        'a second address to probe when the registry cannot be reached (tells line from registry)',
      ).env('AGENT_PROBE_URL'),
    )
    .addOption(
      new Option(
        '--kiosk-token <token>',
        'the secret kiosks and readers send to `agent run --listen` (16 characters or more); prefer AGENT_KIOSK_TOKEN',
      ).env('AGENT_KIOSK_TOKEN'),
    )
    .addOption(journalOption())
    .addHelpText(
      'after',
      `
Secrets: the environment is preferred to the command line, where every user of the computer sees them in \`ps\`
and the shell keeps them in its history. Set AGENT_KEY (and AGENT_KIOSK_TOKEN) instead of --key (and
--kiosk-token); a warning says so when they are typed.

The kiosk token: kiosks and readers send it to \`agent run --listen\` as "Authorization: Bearer <token>" (to
POST /captures and GET /status). Choose one (\`openssl rand -hex 32\` makes one) and give it to the kiosks;
\`agent init\` keeps it in the journal, AGENT_KIOSK_TOKEN overrides it when the agent runs. Without a token the
endpoint listens on this computer only (127.0.0.1): \`agent run --listen\` on any other address refuses to start.

Every setting can also be given to any command by its variable (AGENT_REGISTRY_URL, AGENT_KEY, AGENT_WORKPLACE,
AGENT_EMPLOYER, AGENT_PROBE_URL, AGENT_KIOSK_TOKEN), over what the journal keeps.`,
    )
    .action(
      async (
        options: {
          registry: string;
          key: string;
          workplace: string;
          employer: string;
          probe?: string;
          kioskToken?: string;
          journal: string;
        },
        command: Command,
      ) => {
        warnOfSecretOnCommandLine(command, 'key', 'AGENT_KEY');
        warnOfSecretOnCommandLine(command, 'kiosk-token', 'AGENT_KIOSK_TOKEN');
        const parsed = parseAgentSettings({
          registryUrl: options.registry,
          key: options.key,
          workplaceId: options.workplace,
          employer: options.employer,
          probeUrl: options.probe,
          kioskToken: options.kioskToken,
        });
        if (!parsed.ok) {
          refuse(parsed.error);
          return;
        }
        await initSiteAgent(options.journal, parsed.value);
        say(
          `The agent sends the presences of workplace ${parsed.value.workplaceId} to ${parsed.value.registryUrl}.`,
        );
        if (parsed.value.kioskToken !== undefined)
          say('Kiosks and readers send the kiosk token: Authorization: Bearer <token>.');
        say(`Journal: ${options.journal}. Start it with: sitepresence agent run`);
      },
    );
}

/** Adds `agent status`: the journal, the procedures, the refusals and the unknown badges. */
function addStatusCommand(agent: Command): void {
  agent
    .command('status')
    .description(
      'The journal at a glance: pending, sent, rejected, held, the last error and where it lies, the ' +
        "procedures, the registry's refusals and the unknown badges (to add to the roster)",
    )
    .option('--json', 'print JSON')
    .addOption(journalOption())
    .action(async (options: { json?: boolean; journal: string }) => {
      await withAgent(options.journal, async (agent) => {
        const status = await readAgentStatus(agent, brusselsDate(agent.clock.now()));
        if (options.json === true) {
          process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
          return;
        }
        for (const line of describeStatus(status, agent.config.language)) process.stdout.write(`${line}\n`);
      });
    });
}

/** `sitepresence agent …`: the site agent. */
export function addAgentCommands(program: Command): void {
  const agent = program
    .command('agent')
    .description(
      'The site agent: capture presences at the gate, keep them in a journal, send them to the registry',
    );
  addInitCommand(agent);
  addCaptureCommands(agent);
  addRunCommand(agent);
  addRosterCommands(agent);
  addImportCommand(agent);
  addAgentProcedureCommands(agent);
  addStatusCommand(agent);
}
