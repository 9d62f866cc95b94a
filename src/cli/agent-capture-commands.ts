import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { AgentSettings } from '../agent/agent-settings.js';
import { readCapture } from '../agent/badge.js';
import { captureAtGate, type CaptureDeps } from '../agent/capture.js';
import { importCaptures, parseCaptureCsv } from '../agent/capture-import.js';
import type { Capture, CaptureSource } from '../agent/capture-journal.js';
import { formatImportError } from '../shared/csv-table.js';
import { brusselsDate, type CalendarDate } from '../domain/calendar-date.js';
import type { EnterpriseNumber } from '../domain/enterprise-number.js';
import { formatWorker, type Worker } from '../domain/worker.js';
import {
  employerOption,
  journalOption,
  plural,
  readCsvFile,
  refuse,
  say,
  settingsOf,
  withAgent,
} from './agent-cli.js';

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
export async function captureLines(
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

/** Adds `agent checkin` and `agent read`: captures typed by a person, and read by a badge reader. */
export function addCaptureCommands(agent: Command): void {
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
      await withAgent(options.journal, async (agent) => {
        const settings = await settingsOf(agent);
        if (settings === undefined) return;
        for (const raw of numbers) {
          const captured = await captureAtGate(agent.capture, settings, {
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
      await withAgent(options.journal, async (agent) => {
        const settings = await settingsOf(agent);
        if (settings === undefined) return;
        await captureLines(
          agent.capture,
          settings,
          process.stdin,
          { json: options.json === true, source: 'READER', ...(employer === undefined ? {} : { employer }) },
          () => undefined,
        );
      });
    });
}

/** Adds `agent import`: the captures of a planning, ERP or track-and-trace export, journaled once each. */
export function addImportCommand(agent: Command): void {
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
      await withAgent(options.journal, async (agent) => {
        const settings = await settingsOf(agent);
        if (settings === undefined) return;
        const text = await readCsvFile(file);
        if (text === undefined) return;
        const parsed = parseCaptureCsv(text, agent.clock.now());
        if (parsed.unreadable) {
          for (const error of parsed.errors) say(formatImportError(error));
          say(`Nothing was imported from ${file}.`);
          process.exitCode = 2;
          return;
        }
        const summary = await importCaptures(
          agent.capture,
          settings,
          parsed.lines,
          employer === undefined ? {} : { employer },
        );
        const refused = [...parsed.errors, ...summary.refused].sort((a, b) => a.line - b.line);
        for (const error of refused) say(formatImportError(error));
        const refusedLines = new Set(summary.refused.map((error) => error.line));
        const pastDays = linesOfPastDays(
          parsed.lines.filter((line) => !refusedLines.has(line.line)),
          brusselsDate(agent.clock.now()),
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
