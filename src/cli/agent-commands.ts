import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import {
  formatEnterpriseNumber,
  parseEnterpriseNumber,
  type EnterpriseNumber,
} from '../domain/enterprise-number.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { formatWorker } from '../domain/worker.js';
import {
  agentSettingsFromEnvironment,
  DEFAULT_JOURNAL,
  loadAgentSettings,
  parseAgentSettings,
  saveAgentSettings,
  type AgentSettings,
} from '../agent/agent-settings.js';
import { resolveUnknownBadges } from '../agent/badge-resolution.js';
import { captureAtGate, type CaptureDeps } from '../agent/capture.js';
import { importCaptures, parseCaptureCsv } from '../agent/capture-import.js';
import { DEFAULT_FORWARDER_OPTIONS, Forwarder } from '../agent/forwarder.js';
import type { Capture, CaptureSource } from '../agent/capture-journal.js';
import { isHostValue, kioskListenProblem } from '../agent/kiosk/kiosk-hosts.js';
import { startKioskServer } from '../agent/kiosk/kiosk-server.js';
import { HttpProber } from '../agent/http/http-prober.js';
import { HttpRegistryClient } from '../agent/http/http-registry-client.js';
import { formatImportError } from '../agent/csv-table.js';
import { parseRosterCsv } from '../agent/roster-import.js';
import { openSqliteJournal, type SqliteJournal as Journal } from '../agent/sqlite/sqlite-journal.js';
import {
  describeFiling,
  describeProcedure,
  describeStart,
  describeStatus,
  followLine,
  languageOf,
  PROCEDURE_FAILED,
  type LineState,
} from '../agent/status-text.js';
import { createCryptoRandom } from '../system/crypto-random.js';
import { systemClock } from '../system/system-clock.js';
import type { Worker } from '../domain/worker.js';
import { readCapture } from '../agent/badge.js';
import { brusselsDate, type CalendarDate } from '../domain/calendar-date.js';
import { contactCenterFromEnvironment } from '../config.js';
import { HttpProcedureClient } from '../agent/http/http-procedure-client.js';
import { watchProcedure } from '../agent/procedure-watcher.js';
import { lockJournal } from '../agent/run-lock.js';
import { readAgentStatus } from '../agent/agent-status.js';
import { addAgentProcedureCommands, type AgentCli } from './agent-procedure-commands.js';

/** How often `agent run` looks whether the emergency procedure must be opened or filed. */
const PROCEDURE_WATCH_MS = 30_000;
/** How often `agent run` looks whether the registry stopped answering or answers again (one summary). */
const LINE_WATCH_MS = 5_000;

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

const journalOption = () =>
  new Option('--journal <path>', "the agent's journal (a SQLite file)")
    .env('AGENT_JOURNAL')
    .default(DEFAULT_JOURNAL);

/**
 * Whether `agent init` made a journal at `path` (`:memory:` always stands: a journal for one process, as tests
 * and benchmarks use). Only `agent init` creates one, so that a mistyped path is not a new, empty journal.
 */
function journalIsThere(path: string): boolean {
  if (path === ':memory:') return true;
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The refusal of a command given a journal that `agent init` did not make. */
function noJournal(path: string): DomainError {
  return domainError(
    'NOT_FOUND',
    `No journal at ${path}; create it with \`sitepresence agent init …\` (or give --journal / AGENT_JOURNAL).`,
    'journal',
  );
}

/** Opens the journal `agent init` made, runs `work`, and closes it whatever happens; refuses when there is none. */
async function withJournal<T>(path: string, work: (journal: Journal) => Promise<T>): Promise<T | undefined> {
  if (!journalIsThere(path)) {
    refuse([noJournal(path)]);
    return undefined;
  }
  const journal = openSqliteJournal(path);
  try {
    return await work(journal);
  } finally {
    await journal.close();
  }
}

/** The settings stored by `agent init`, each overridden by its AGENT_* variable, or a refusal and exit code 2. */
async function settingsOf(journal: Journal): Promise<AgentSettings | undefined> {
  const loaded = await loadAgentSettings(journal, agentSettingsFromEnvironment(process.env));
  if (loaded.ok) return loaded.value;
  refuse(loaded.error);
  return undefined;
}

function refuse(errors: readonly DomainError[]): void {
  for (const e of errors)
    say(`error: ${e.code}${e.field === undefined ? '' : ` (${e.field})`}: ${e.message}`);
  process.exitCode = 2;
}

/** What every agent command shares, handed to those defined in other files. */
const cli: AgentCli = { journalOption, withJournal, settingsOf, refuse };

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

function employerOption(raw: string | undefined): EnterpriseNumber | undefined | 'invalid' {
  if (raw === undefined) return undefined;
  const parsed = parseEnterpriseNumber(raw);
  if (parsed.ok) return parsed.value;
  refuse([{ ...parsed.error, field: 'employer' }]);
  return 'invalid';
}

/** The worker a text names by number, if it does (a badge names none by itself). */
function readWorkerOrNot(raw: string): Worker | undefined {
  const read = readCapture(raw);
  return read.kind === 'worker' ? read.worker : undefined;
}

/** One line per capture: what was journaled, for the person at the gate or the reader's log. */
function acknowledge(capture: Capture, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(capture)}\n`);
    return;
  }
  const worker = capture.worker === undefined ? undefined : formatWorker(capture.worker);
  const byNumber = readWorkerOrNot(capture.raw) !== undefined;
  const who =
    worker === undefined
      ? `unknown badge ${capture.raw}`
      : byNumber
        ? worker
        : `${worker} (badge ${capture.raw})`;
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

/**
 * The text of a CSV file, or a readable refusal and exit code 2. The file is UTF-8 (with or without a BOM), as
 * a spreadsheet saves "CSV UTF-8"; the older "CSV" of Excel (Windows-1252) is refused rather than misread.
 */
async function readCsvFile(path: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    say(`error: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
    return undefined;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    refuse([
      domainError(
        'TEXT_ENCODING',
        `${path} is not UTF-8 text: save it from the spreadsheet as "CSV UTF-8" and import it again.`,
      ),
    ]);
    return undefined;
  }
}

/** Adds `agent roster import` and `agent roster list`: the workers the agent knows, and their badges. */
function addRosterCommands(agent: Command): void {
  const roster = agent
    .command('roster')
    .description('The workers the agent knows: numbers, names, and the badges a reader resolves to them');

  roster
    .command('import')
    .description(
      'Replace the roster with a CSV file (comma or semicolon separated, UTF-8, a header row): niss or limosa, ' +
        'lastName, firstName, and optional badge and employer columns (English, French or Dutch headings)',
    )
    .argument('<file>', 'the CSV file')
    .addOption(journalOption())
    .action(async (file: string, options: { journal: string }) => {
      await withJournal(options.journal, async (journal) => {
        const text = await readCsvFile(file);
        if (text === undefined) return;
        const parsed = parseRosterCsv(text);
        if (!parsed.ok) {
          for (const error of parsed.error) say(formatImportError(error));
          say(
            `Nothing was imported: ${plural(parsed.error.length, 'error')} in ${file}; the roster is unchanged.`,
          );
          process.exitCode = 2;
          return;
        }
        await journal.replaceRoster(parsed.value);
        // Badges read before the roster knew them are the workers it now gives: sent like any other capture.
        const resolved = await resolveUnknownBadges({ journal, roster: journal });
        const badges = parsed.value.filter((entry) => entry.badge !== undefined).length;
        process.stdout.write(
          `The roster now has ${plural(parsed.value.length, 'worker')}, ${badges} with a badge.\n`,
        );
        if (resolved > 0)
          process.stdout.write(
            `${plural(resolved, 'capture')} of badges unknown until now resolved: they are sent with the others.\n`,
          );
      });
    });

  roster
    .command('list')
    .description('The roster, by last name')
    .option('--json', 'print JSON')
    .addOption(journalOption())
    .action(async (options: { json?: boolean; journal: string }) => {
      const entries = await withJournal(options.journal, (journal) => journal.roster());
      if (entries === undefined) return;
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        return;
      }
      if (entries.length === 0) say('The roster is empty: sitepresence agent roster import <file.csv>');
      for (const entry of entries) {
        const badge = entry.badge === undefined ? '' : `  badge ${entry.badge}`;
        const employer =
          entry.employer === undefined ? '' : `  employer ${formatEnterpriseNumber(entry.employer)}`;
        process.stdout.write(
          `${formatWorker(entry.worker)}  ${entry.lastName} ${entry.firstName}${badge}${employer}\n`,
        );
      }
    });
}

/** Adds `agent import`: the captures of a planning, ERP or track-and-trace export, journaled once each. */
function addImportCommand(agent: Command): void {
  agent
    .command('import')
    .description(
      'Capture who was present from a CSV file (comma or semicolon separated, UTF-8, a header row): worker ' +
        '(a NISS, L1 … or a badge; or niss, limosa, badge columns), and optional employer, capturedAt ' +
        '(2026-11-27T06:30:00Z; 2026-11-27 07:30 or 27/11/2026 07:30, Brussels time; a day alone: 07:00 that ' +
        'day; blank: now; or date and time columns) and reference columns. Importing a file again journals ' +
        'nothing twice; a wrong line is refused, the others imported (exit code 1).',
    )
    .argument('<file>', 'the CSV file')
    .option(
      '--employer <number>',
      "the employer of the lines that give none (before the roster's and the agent's)",
    )
    .option('--json', 'print the summary as JSON')
    .addOption(journalOption())
    .action(async (file: string, options: { employer?: string; json?: boolean; journal: string }) => {
      const employer = employerOption(options.employer);
      if (employer === 'invalid') return;
      await withJournal(options.journal, async (journal) => {
        const settings = await settingsOf(journal);
        if (settings === undefined) return;
        const text = await readCsvFile(file);
        if (text === undefined) return;
        const parsed = parseCaptureCsv(text, systemClock.now());
        if (parsed.unreadable) {
          for (const error of parsed.errors) say(formatImportError(error));
          say(`Nothing was imported from ${file}.`);
          process.exitCode = 2;
          return;
        }
        const deps = { journal, roster: journal, clock: systemClock, random: createCryptoRandom() };
        const summary = await importCaptures(
          deps,
          settings,
          parsed.lines,
          employer === undefined ? {} : { employer },
        );
        const refused = [...parsed.errors, ...summary.refused].sort((a, b) => a.line - b.line);
        for (const error of refused) say(formatImportError(error));
        const refusedLines = new Set(summary.refused.map((error) => error.line));
        const pastDays = linesOfPastDays(
          parsed.lines.filter((line) => !refusedLines.has(line.line)),
          brusselsDate(systemClock.now()),
        );
        if (pastDays.size > 0) {
          const count = [...pastDays.values()].reduce((sum, n) => sum + n, 0);
          say(
            `warning: ${plural(count, 'line')} of past days (${[...pastDays].map(([day, n]) => `${day}: ${n}`).join(', ')}): ` +
              'the registry no longer takes them; they are kept (held) as proof for the emergency procedure.',
          );
        }
        if (options.json === true) {
          process.stdout.write(`${JSON.stringify({ ...summary, refused }, null, 2)}\n`);
        } else {
          process.stdout.write(
            [
              `Imported: ${summary.imported}`,
              `Unknown badges (journaled, unresolved): ${summary.unknownBadges}`,
              `Already journaled: ${summary.alreadyJournaled}`,
              `Refused: ${refused.length}`,
            ].join('\n') + '\n',
          );
        }
        if (refused.length > 0) process.exitCode = 1;
      });
    });
}

/** How many lines of an import are of each day before `today`, oldest day first. */
function linesOfPastDays(
  lines: readonly { readonly capturedAt: Date }[],
  today: CalendarDate,
): Map<CalendarDate, number> {
  const days = new Map<CalendarDate, number>();
  for (const line of lines) {
    const day = brusselsDate(line.capturedAt);
    if (day < today) days.set(day, (days.get(day) ?? 0) + 1);
  }
  return new Map([...days].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A port to listen on: 1 to 65535, or 0 for any free one. */
function portOption(raw: string | undefined): number | undefined | 'invalid' {
  if (raw === undefined) return undefined;
  const port = /^\d{1,5}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (Number.isInteger(port) && port >= 0 && port <= 65_535) return port;
  refuse([
    { code: 'FIELD_VALUE', message: 'A port number, 1 to 65535 (0: any free port).', field: 'listen' },
  ]);
  return 'invalid';
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
        const journal = openSqliteJournal(options.journal);
        try {
          await saveAgentSettings(journal, parsed.value);
        } finally {
          await journal.close();
        }
        say(
          `The agent sends the presences of workplace ${parsed.value.workplaceId} to ${parsed.value.registryUrl}.`,
        );
        if (parsed.value.kioskToken !== undefined)
          say('Kiosks and readers send the kiosk token: Authorization: Bearer <token>.');
        say(`Journal: ${options.journal}. Start it with: sitepresence agent run`);
      },
    );
}

/** Adds `agent checkin` and `agent read`: captures typed by a person, and read by a badge reader. */
function addCaptureCommands(agent: Command): void {
  agent
    .command('checkin')
    .description(
      'Capture presences now: NISS, BIS or Limosa-1 numbers (L1 …), or badge ids (a mistyped national number ' +
        'is refused, unless the roster knows it as a badge)',
    )
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
        const deps = { journal, roster: journal, clock: systemClock, random: createCryptoRandom() };
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
        const deps = { journal, roster: journal, clock: systemClock, random: createCryptoRandom() };
        await captureLines(
          deps,
          settings,
          process.stdin,
          { json: options.json === true, source: 'READER', ...(employer === undefined ? {} : { employer }) },
          () => undefined,
        );
      });
    });
}

/** Adds `agent run`: the forwarder, the kiosk endpoint, and the procedure's watch, told in the operator's words. */
function addRunCommand(agent: Command): void {
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
    .addOption(journalOption())
    .action(
      async (options: {
        listen?: string;
        host: string;
        allowHost: string[];
        stdin?: boolean;
        json?: boolean;
        procedureAfter: string;
        journal: string;
      }) => {
        const delayMinutes = Number(options.procedureAfter);
        if (!Number.isFinite(delayMinutes) || delayMinutes < 0) {
          refuse([
            { code: 'FIELD_VALUE', message: 'A number of minutes, 0 or more.', field: 'procedure-after' },
          ]);
          return;
        }
        const port = portOption(options.listen);
        if (port === 'invalid') return;
        const unreadable = options.allowHost.filter((name) => !isHostValue(name));
        if (unreadable.length > 0) {
          refuse(
            unreadable.map((name) => ({
              code: 'FIELD_FORMAT',
              message: `"${name.slice(0, 60)}" is not a host name or address (name, name:port, 192.168.1.20, [fe80::1]).`,
              field: 'allow-host',
            })),
          );
          return;
        }
        if (!journalIsThere(options.journal)) {
          refuse([noJournal(options.journal)]);
          return;
        }
        const lock =
          options.journal === ':memory:' ? { release: () => undefined } : lockJournal(options.journal);
        if ('heldBy' in lock) {
          refuse([
            {
              code: 'FIELD_VALUE',
              message: `Another agent (process ${lock.heldBy}) already runs on ${options.journal}: one at a time.`,
              field: 'journal',
            },
          ]);
          return;
        }
        const journal = openSqliteJournal(options.journal);
        const settings = await settingsOf(journal);
        const problem =
          settings === undefined || port === undefined
            ? undefined
            : kioskListenProblem(options.host, settings.kioskToken);
        if (settings === undefined || problem !== undefined) {
          if (problem !== undefined) refuse([problem]);
          await journal.close();
          lock.release();
          return;
        }
        await runAgent(journal, settings, {
          ...options,
          delayMs: delayMinutes * 60_000,
          ...(port === undefined ? {} : { port }),
        });
        lock.release();
        process.exit(0);
      },
    );
}

/** Runs the agent until SIGINT or SIGTERM, then closes the journal. */
async function runAgent(
  journal: Journal,
  settings: AgentSettings,
  options: {
    readonly port?: number;
    readonly host: string;
    readonly allowHost: readonly string[];
    readonly stdin?: boolean;
    readonly json?: boolean;
    readonly delayMs: number;
  },
): Promise<void> {
  const lang = languageOf(process.env);
  const random = createCryptoRandom();
  const registry = new HttpRegistryClient(settings.registryUrl, settings.key);
  const forwarder = new Forwarder(
    {
      journal,
      attemptLog: journal,
      registry,
      prober: new HttpProber(settings.probeUrl),
      clock: systemClock,
      random: () => (random.bytes(1)[0] ?? 0) / 256,
    },
    DEFAULT_FORWARDER_OPTIONS,
  );
  const stop = new AbortController();
  const deps = { journal, roster: journal, clock: systemClock, random };
  const kiosk =
    options.port === undefined
      ? undefined
      : await startKioskServer(
          deps,
          settings,
          {
            port: options.port,
            host: options.host,
            allowHosts: options.allowHost,
            ...(settings.kioskToken === undefined ? {} : { token: settings.kioskToken }),
          },
          () => {
            forwarder.wake();
          },
        );
  const startedAt = systemClock.now().toISOString();
  for (const line of describeStart(
    {
      workplaceId: settings.workplaceId,
      registryUrl: settings.registryUrl,
      pending: (await journal.summary()).counts.PENDING,
      ...(kiosk === undefined ? {} : { kioskUrl: kiosk.url }),
      kioskToken: settings.kioskToken !== undefined,
    },
    lang,
  ))
    say(line);
  const running = forwarder.run(stop.signal);

  // Whether the registry answers, told once when it stops and once when it is back, never once per retry.
  let line: LineState = { kind: 'UNKNOWN', since: startedAt };
  const lineWatch = setInterval(() => {
    journal.summary().then(
      (summary) => {
        const followed = followLine(line, summary, lang);
        line = followed.state;
        for (const text of followed.lines) say(text);
      },
      () => undefined, // the journal closing as the agent stops
    );
  }, LINE_WATCH_MS);

  // Beside the forwarder: open the emergency procedure when today's captures wait too long, and file it with
  // the registry once the line is back.
  const procedureDeps = {
    journal,
    attemptLog: journal,
    roster: journal,
    procedures: journal,
    clock: systemClock,
    contactCenter: contactCenterFromEnvironment(process.env),
  };
  const procedureClient = new HttpProcedureClient(settings.registryUrl, settings.key);
  let watching = false;
  const procedureWatch = setInterval(() => {
    // One watch at a time: a filing slower than the interval must not file the same procedure twice.
    if (watching) return;
    watching = true;
    watchProcedure(procedureDeps, settings, procedureClient, options.delayMs)
      .then(
        (outcome) => {
          for (const record of outcome.opened) for (const text of describeProcedure(record, lang)) say(text);
          for (const filed of outcome.filed) say(describeFiling(filed, lang));
        },
        (error: unknown) => {
          say(`${PROCEDURE_FAILED[lang]}: ${String(error)}`);
        },
      )
      .finally(() => {
        watching = false;
      });
  }, PROCEDURE_WATCH_MS);

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
  clearInterval(lineWatch);
  clearInterval(procedureWatch);
  await kiosk?.app.close();
  await registry.close();
  await journal.close();
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
      await withJournal(options.journal, async (journal) => {
        const status = await readAgentStatus(
          { journal, procedures: journal },
          brusselsDate(systemClock.now()),
        );
        if (options.json === true) {
          process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
          return;
        }
        for (const line of describeStatus(status, languageOf(process.env))) process.stdout.write(`${line}\n`);
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
  addAgentProcedureCommands(agent, cli);
  addStatusCommand(agent);
}
