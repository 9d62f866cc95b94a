import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import { parseEnterpriseNumber, type EnterpriseNumber } from '../domain/enterprise-number.js';
import type { DomainError } from '../domain/errors.js';
import {
  DEFAULT_JOURNAL,
  loadAgentSettings,
  parseAgentSettings,
  saveAgentSettings,
  type AgentSettings,
} from '../agent/agent-settings.js';
import { captureAtGate, type CaptureDeps } from '../agent/capture.js';
import { DEFAULT_FORWARDER_OPTIONS, Forwarder } from '../agent/forwarder.js';
import type { Capture, CaptureSource, Journal } from '../agent/journal.js';
import { startKioskServer } from '../agent/kiosk-server.js';
import { HttpProber, HttpRegistryClient } from '../agent/registry-client.js';
import { openSqliteJournal } from '../agent/sqlite-journal.js';
import { describeSummary, languageOf } from '../agent/status-text.js';
import { createCryptoRandom } from '../system/crypto-random.js';
import { systemClock } from '../system/system-clock.js';

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

const journalOption = () =>
  new Option('--journal <path>', "the agent's journal (a SQLite file)")
    .env('AGENT_JOURNAL')
    .default(DEFAULT_JOURNAL);

/** Opens the journal, runs `work`, and closes it whatever happens. */
async function withJournal<T>(path: string, work: (journal: Journal) => Promise<T>): Promise<T> {
  const journal = openSqliteJournal(path);
  try {
    return await work(journal);
  } finally {
    await journal.close();
  }
}

/** The settings, or a readable refusal and exit code 2. */
async function settingsOf(journal: Journal): Promise<AgentSettings | undefined> {
  const loaded = await loadAgentSettings(journal, {
    registryUrl: process.env['AGENT_REGISTRY_URL'],
    key: process.env['AGENT_KEY'],
    workplaceId: process.env['AGENT_WORKPLACE'],
    employer: process.env['AGENT_EMPLOYER'],
    probeUrl: process.env['AGENT_PROBE_URL'],
  });
  if (loaded.ok) return loaded.value;
  refuse(loaded.error);
  return undefined;
}

function refuse(errors: readonly DomainError[]): void {
  for (const e of errors)
    say(`error: ${e.code}${e.field === undefined ? '' : ` (${e.field})`}: ${e.message}`);
  process.exitCode = 2;
}

function employerOption(raw: string | undefined): EnterpriseNumber | undefined | 'invalid' {
  if (raw === undefined) return undefined;
  const parsed = parseEnterpriseNumber(raw);
  if (parsed.ok) return parsed.value;
  refuse([{ ...parsed.error, field: 'employer' }]);
  return 'invalid';
}

/** One line per capture: what was journaled, for the person at the gate or the reader's log. */
function acknowledge(capture: Capture, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(capture)}\n`);
    return;
  }
  const who = capture.state === 'UNRESOLVED' ? `unknown badge ${capture.raw}` : capture.raw;
  process.stdout.write(`#${capture.sequence} ${capture.capturedAt} ${who} ${capture.state.toLowerCase()}\n`);
}

/** Captures each line read from a stream (a badge reader typing like a keyboard), acknowledging each once on disk. */
async function captureLines(
  deps: CaptureDeps,
  settings: AgentSettings,
  input: NodeJS.ReadableStream,
  options: { json: boolean; source: CaptureSource; employer?: EnterpriseNumber },
  onCapture: () => void,
): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const captured = await captureAtGate(deps, settings, {
      raw: line,
      source: options.source,
      ...(options.employer === undefined ? {} : { employer: options.employer }),
    });
    if (captured.ok) {
      acknowledge(captured.value, options.json);
      onCapture();
    } else {
      process.stdout.write(
        options.json
          ? `${JSON.stringify({ error: captured.error, raw: line })}\n`
          : `refused ${JSON.stringify(line)}: ${captured.error.message}\n`,
      );
    }
  }
}

/** `sitepresence agent …`: the site agent. */
export function addAgentCommands(program: Command): void {
  const agent = program
    .command('agent')
    .description(
      'The site agent: capture presences at the gate, keep them in a journal, send them to the registry',
    );

  agent
    .command('init')
    .description(
      'Tell the agent where the registry is, its key, the workplace and the employer (stored in the journal)',
    )
    .requiredOption('--registry <url>', "the registry's address, e.g. https://registry.example.be")
    .addOption(
      new Option('--key <key>', 'an API key of the company (or its provider)')
        .env('AGENT_KEY')
        .makeOptionMandatory(),
    )
    .requiredOption('--workplace <id>', 'the works declaration number of the workplace')
    .requiredOption(
      '--employer <number>',
      'the enterprise number of the workers captured (unless said otherwise)',
    )
    .option(
      '--probe <url>',
      'a second address to probe when the registry cannot be reached (tells line from registry)',
    )
    .addOption(journalOption())
    .action(
      async (options: {
        registry: string;
        key: string;
        workplace: string;
        employer: string;
        probe?: string;
        journal: string;
      }) => {
        const parsed = parseAgentSettings({
          registryUrl: options.registry,
          key: options.key,
          workplaceId: options.workplace,
          employer: options.employer,
          probeUrl: options.probe,
        });
        if (!parsed.ok) {
          refuse(parsed.error);
          return;
        }
        await withJournal(options.journal, (journal) => saveAgentSettings(journal, parsed.value));
        say(
          `The agent sends the presences of workplace ${parsed.value.workplaceId} to ${parsed.value.registryUrl}.`,
        );
        say(`Journal: ${options.journal}. Start it with: sitepresence agent run`);
      },
    );

  agent
    .command('checkin')
    .description('Capture presences now: NISS, BIS or Limosa-1 numbers (L1 …), or badge ids')
    .argument('<number...>', 'what was presented at the gate')
    .option('--employer <number>', "the workers' employer, if not the agent's")
    .option('--json', 'print each capture as JSON')
    .addOption(journalOption())
    .action(async (numbers: string[], options: { employer?: string; json?: boolean; journal: string }) => {
      const employer = employerOption(options.employer);
      if (employer === 'invalid') return;
      await withJournal(options.journal, async (journal) => {
        const settings = await settingsOf(journal);
        if (settings === undefined) return;
        const deps = { journal, clock: systemClock, random: createCryptoRandom() };
        for (const raw of numbers) {
          const captured = await captureAtGate(deps, settings, {
            raw,
            source: 'CHECKIN',
            ...(employer === undefined ? {} : { employer }),
          });
          if (captured.ok) acknowledge(captured.value, options.json === true);
          else refuse([{ ...captured.error, field: raw }]);
        }
      });
    });

  agent
    .command('read')
    .description('Capture each line read on standard input (a badge reader that types like a keyboard)')
    .option('--employer <number>', "the workers' employer, if not the agent's")
    .option('--json', 'print each capture as JSON')
    .addOption(journalOption())
    .action(async (options: { employer?: string; json?: boolean; journal: string }) => {
      const employer = employerOption(options.employer);
      if (employer === 'invalid') return;
      await withJournal(options.journal, async (journal) => {
        const settings = await settingsOf(journal);
        if (settings === undefined) return;
        const deps = { journal, clock: systemClock, random: createCryptoRandom() };
        await captureLines(
          deps,
          settings,
          process.stdin,
          { json: options.json === true, source: 'READER', ...(employer === undefined ? {} : { employer }) },
          () => undefined,
        );
      });
    });

  agent
    .command('run')
    .description(
      'Send the journal to the registry, for as long as it runs (and listen for kiosks and readers)',
    )
    .option('--listen <port>', 'serve POST /captures and GET /status for kiosks and readers on this port')
    .option('--host <host>', 'the address to listen on (the site network)', '127.0.0.1')
    .option('--stdin', 'also capture each line read on standard input (a badge reader)')
    .option('--json', 'print each capture read on standard input as JSON')
    .addOption(journalOption())
    .action(
      async (options: {
        listen?: string;
        host: string;
        stdin?: boolean;
        json?: boolean;
        journal: string;
      }) => {
        const journal = openSqliteJournal(options.journal);
        const settings = await settingsOf(journal);
        if (settings === undefined) {
          await journal.close();
          return;
        }
        const random = createCryptoRandom();
        const forwarder = new Forwarder(
          {
            journal,
            registry: new HttpRegistryClient(settings.registryUrl, settings.key),
            prober: new HttpProber(settings.probeUrl),
            clock: systemClock,
            random: () => (random.bytes(1)[0] ?? 0) / 256,
          },
          DEFAULT_FORWARDER_OPTIONS,
        );
        const stop = new AbortController();
        const deps = { journal, clock: systemClock, random };
        const kiosk =
          options.listen === undefined
            ? undefined
            : await startKioskServer(
                deps,
                settings,
                { port: Number(options.listen), host: options.host },
                () => {
                  forwarder.wake();
                },
              );
        say(
          `sitepresence agent: sending workplace ${settings.workplaceId}'s presences to ${settings.registryUrl}`,
        );
        if (kiosk !== undefined) say(`  kiosks and readers: POST ${kiosk.url}/captures`);
        const running = forwarder.run(stop.signal);
        if (options.stdin === true) {
          void captureLines(
            deps,
            settings,
            process.stdin,
            { json: options.json === true, source: 'READER' },
            () => {
              forwarder.wake();
            },
          );
        }
        for (const signal of ['SIGINT', 'SIGTERM'] as const) {
          process.once(signal, () => {
            stop.abort();
          });
        }
        await running;
        await kiosk?.app.close();
        await journal.close();
        process.exit(0);
      },
    );

  agent
    .command('status')
    .description('The journal at a glance: pending, sent, rejected, held, the last error and where it lies')
    .option('--json', 'print JSON')
    .addOption(journalOption())
    .action(async (options: { json?: boolean; journal: string }) => {
      await withJournal(options.journal, async (journal) => {
        const summary = await journal.summary();
        if (options.json === true) {
          process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
          return;
        }
        for (const line of describeSummary(summary, languageOf(process.env)))
          process.stdout.write(`${line}\n`);
        const rejected = await journal.captures({ state: 'REJECTED' }, 20);
        for (const capture of rejected)
          process.stdout.write(
            `  #${capture.sequence} ${capture.raw}: ${(capture.rejection ?? []).map((e) => `${e.code} ${e.message}`).join('; ')}\n`,
          );
      });
    });
}
