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
  DEFAULT_JOURNAL,
  loadAgentSettings,
  parseAgentSettings,
  saveAgentSettings,
  type AgentSettings,
} from '../agent/agent-settings.js';
import { captureAtGate, type CaptureDeps } from '../agent/capture.js';
import { importCaptures, parseCaptureCsv } from '../agent/capture-import.js';
import { DEFAULT_FORWARDER_OPTIONS, Forwarder } from '../agent/forwarder.js';
import type { Capture, CaptureSource, Journal } from '../agent/journal.js';
import { startKioskServer } from '../agent/kiosk-server.js';
import { HttpProber, HttpRegistryClient } from '../agent/registry-client.js';
import { formatImportError, parseRosterCsv } from '../agent/roster-import.js';
import { openSqliteJournal } from '../agent/sqlite-journal.js';
import { describeSummary, languageOf } from '../agent/status-text.js';
import { createCryptoRandom } from '../system/crypto-random.js';
import { systemClock } from '../system/system-clock.js';
import type { Worker } from '../domain/worker.js';
import { readCapture } from '../agent/badge.js';
import { brusselsDate } from '../domain/calendar-date.js';
import { DEFAULT_CONTACT_CENTER } from '../domain/procedure/contact-center.js';
import { HttpProcedureClient } from '../agent/procedure-client.js';
import { watchProcedure } from '../agent/procedure-watcher.js';
import { lockJournal } from '../agent/run-lock.js';
import { addAgentProcedureCommands, describeProcedure } from './agent-procedure-commands.js';

/** How often `agent run` looks whether the emergency procedure must be opened or filed. */
const PROCEDURE_WATCH_MS = 30_000;

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
      await withJournal(options.journal, (journal) => journal.replaceRoster(parsed.value));
      const badges = parsed.value.filter((entry) => entry.badge !== undefined).length;
      process.stdout.write(
        `The roster now has ${plural(parsed.value.length, 'worker')}, ${badges} with a badge.\n`,
      );
    });

  roster
    .command('list')
    .description('The roster, by last name')
    .option('--json', 'print JSON')
    .addOption(journalOption())
    .action(async (options: { json?: boolean; journal: string }) => {
      const entries = await withJournal(options.journal, (journal) => journal.roster());
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
      const text = await readCsvFile(file);
      if (text === undefined) return;
      await withJournal(options.journal, async (journal) => {
        const settings = await settingsOf(journal);
        if (settings === undefined) return;
        const parsed = parseCaptureCsv(text, systemClock.now());
        if (parsed.unreadable) {
          for (const error of parsed.errors) say(formatImportError(error));
          say(`Nothing was imported from ${file}.`);
          process.exitCode = 2;
          return;
        }
        const deps = { journal, clock: systemClock, random: createCryptoRandom() };
        const summary = await importCaptures(
          deps,
          settings,
          parsed.lines,
          employer === undefined ? {} : { employer },
        );
        const refused = [...parsed.errors, ...summary.refused].sort((a, b) => a.line - b.line);
        for (const error of refused) say(formatImportError(error));
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

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
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
        if (settings === undefined) {
          await journal.close();
          lock.release();
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
        // Beside the forwarder: open the emergency procedure when today's captures wait too long, and file it with
        // the registry once the line is back.
        const procedureDeps = { journal, clock: systemClock, contactCenter: DEFAULT_CONTACT_CENTER };
        const procedureClient = new HttpProcedureClient(settings.registryUrl, settings.key);
        const lang = languageOf(process.env);
        let watching = false;
        const watch = setInterval(() => {
          // One watch at a time: a filing slower than the interval must not file the same procedure twice.
          if (watching) return;
          watching = true;
          watchProcedure(procedureDeps, settings, procedureClient, delayMinutes * 60_000)
            .then(
              (outcome) => {
                if (outcome.opened !== undefined)
                  for (const line of describeProcedure(outcome.opened, lang)) say(line);
                for (const filed of outcome.filed)
                  say(
                    `${filed.day}: ${filed.closed ? 'procedure filed with the registry' : 'procedure not filed yet'}` +
                      (filed.problem === undefined ? '' : ` — ${filed.problem}`),
                  );
              },
              (error: unknown) => {
                say(`procedure: ${String(error)}`);
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
        clearInterval(watch);
        await kiosk?.app.close();
        await journal.close();
        lock.release();
        process.exit(0);
      },
    );

  addRosterCommands(agent);
  addImportCommand(agent);
  addAgentProcedureCommands(agent);

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
        const lang = languageOf(process.env);
        for (const line of describeSummary(summary, lang)) process.stdout.write(`${line}\n`);
        const today = await journal.procedure(brusselsDate(systemClock.now()));
        const open = await journal.openProcedures();
        for (const record of [
          ...open,
          ...(today !== undefined && today.closedAt !== undefined ? [today] : []),
        ])
          for (const line of describeProcedure(record, lang)) process.stdout.write(`${line}\n`);
        const rejected = await journal.captures({ state: 'REJECTED' }, 20);
        for (const capture of rejected)
          process.stdout.write(
            `  #${capture.sequence} ${capture.raw}: ${(capture.rejection ?? []).map((e) => `${e.code} ${e.message}`).join('; ')}\n`,
          );
      });
    });
}
