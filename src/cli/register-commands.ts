import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Argument, Option, type Command } from 'commander';
import { DECLARATION_FORMATS, type DeclarationFormat, type RefusedLine } from '../app/declaration-file.js';
import { loadDeclarations, registerStates, type LoadReport } from '../app/declaration-registers.js';
import { REGISTERS } from '../domain/declarations.js';
import type { RegisterState } from '../store/declaration-repository.js';
import type { WithDeps } from './user-commands.js';

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Exit codes of `registers load`: every line loaded, some lines refused and the others loaded, nothing loaded. */
const LOADED = 0;
const LOADED_IN_PART = 1;
const REFUSED = 2;

/** `sitepresence registers …`: the reference registers the checks of presences read. */
export function addRegisterCommands(
  program: Command,
  withDeps: WithDeps,
  databaseOption: () => Option,
): void {
  const registers = program
    .command('registers')
    .description(
      'Load the reference registers that every registered presence is checked against: employment declarations ' +
        '(as Dimona) and Limosa-1 declarations',
    );

  registers
    .command('load')
    .description(
      'Load a CSV or JSON file of declarations into a register and report each refused line (exit code 0: all ' +
        'loaded; 1: loaded, some lines refused; 2: nothing loaded). The presences of the workers whose ' +
        'declarations changed are checked again.',
    )
    .addArgument(new Argument('<register>', 'which register').choices(REGISTERS))
    .argument(
      '<file>',
      'the file, - for standard input. CSV: a header row, then a declaration a line, separated by ; or , ' +
        '(employment: employer, worker, from, to; limosa: limosaId, worker, from, to; headings also in French ' +
        'and Dutch: employeur/werkgever/KBO/BCE, niss/insz/travailleur/werknemer, du/van, au/tot, L1; to blank: ' +
        'open-ended). JSON: an array of { "employer", "worker", "from", "to" } (or "limosaId"), or ' +
        '{ "declarations": [...] }',
    )
    .option(
      '--replace',
      'the register becomes exactly the file (without it, the lines are added or replace those with the same ' +
        "key, and the register's others are kept); nothing is loaded if a line is refused",
    )
    .addOption(
      new Option(
        '--format <format>',
        "the file's format (by default from its extension, .csv or .json; otherwise JSON when it starts " +
          'with "[" or "{")',
      ).choices(DECLARATION_FORMATS),
    )
    .option('--json', 'print the report as JSON')
    .addOption(databaseOption())
    .action(
      async (
        register: string,
        file: string,
        options: { replace?: boolean; format?: DeclarationFormat; json?: boolean; database: string },
      ) => {
        let content: string;
        try {
          content = readFileSync(file === '-' ? 0 : file, 'utf8');
        } catch (error) {
          say(`error: ${file} cannot be read: ${(error as Error).message}`);
          process.exitCode = REFUSED;
          return;
        }
        const loaded = await withDeps(options.database, (deps) =>
          loadDeclarations(deps, {
            register,
            format: options.format ?? formatOf(file, content),
            content,
            mode: options.replace === true ? 'replace' : 'merge',
          }),
        );
        const report = loaded.ok ? loaded.value : loaded.error.report;
        if (report !== undefined) {
          if (options.json === true) print(JSON.stringify(report, null, 2));
          else for (const line of describeReport(report)) print(line);
        }
        if (!loaded.ok) {
          for (const e of loaded.error.errors)
            say(`error: ${e.code}${e.field === undefined ? '' : ` (${e.field})`}: ${e.message}`);
          process.exitCode = REFUSED;
          return;
        }
        process.exitCode = loaded.value.refusedLines > 0 ? LOADED_IN_PART : LOADED;
      },
    );

  registers
    .command('status')
    .description(
      "Show each register's lines and last load (a register never loaded is one the checks know nothing of)",
    )
    .option('--json', 'print JSON')
    .addOption(databaseOption())
    .action(async (options: { json?: boolean; database: string }) => {
      const states = await withDeps(options.database, (deps) => registerStates(deps));
      if (options.json === true) {
        print(JSON.stringify(states, null, 2));
        return;
      }
      for (const state of states) print(describeState(state));
    });
}

/** The format of a file: from its extension, or else from its first character. */
function formatOf(file: string, content: string): DeclarationFormat {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  return /^\uFEFF?\s*[[{]/u.test(content) ? 'json' : 'csv';
}

/** A report as the command prints it: what was loaded, then each refused line. */
function describeReport(report: LoadReport): string[] {
  const summary =
    report.loaded === 0
      ? `${report.register}: ${report.linesRead} line(s) read, nothing loaded (${report.mode}).`
      : `${report.register}: ${report.linesRead} line(s) read, ${report.loaded} loaded (${report.mode}): ` +
        `${report.added} added, ${report.changed} changed, ${report.unchanged} unchanged, ` +
        `${report.removed} removed; ${report.presencesToCheck} presence(s) to check again.`;
  const lines = [summary];
  if (report.ignoredColumns.length > 0) lines.push(`Columns not read: ${report.ignoredColumns.join(', ')}.`);
  if (report.refusedLines === 0) return lines;
  lines.push(`${report.refusedLines} line(s) refused:`);
  for (const refused of report.refused) lines.push(`  ${describeRefused(refused, report.format)}`);
  const unlisted = report.refusedLines - new Set(report.refused.map((r) => r.line)).size;
  if (unlisted > 0) lines.push(`  … and ${unlisted} more line(s) refused.`);
  return lines;
}

/** `line 4, column INSZ: NISS_CHECK_DIGITS …` (CSV) or `declaration 3, field worker: …` (JSON). */
function describeRefused(refused: RefusedLine, format: DeclarationFormat): string {
  const [where, what] = format === 'csv' ? ['line', 'column'] : ['declaration', 'field'];
  const column = refused.column === undefined ? '' : `, ${what} ${refused.column}`;
  return `${where} ${refused.line}${column}: ${refused.code} ${refused.message}`;
}

function describeState(state: RegisterState): string {
  const last = state.lastLoad;
  return last === undefined
    ? `${state.register}\tnever loaded: the checks know nothing of it`
    : `${state.register}\t${state.lines} line(s)\tlast loaded ${last.at} (${last.mode}, ${last.lines} line(s))`;
}
