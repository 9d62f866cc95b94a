import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { AgentSettings } from '../agent/agent-settings.js';
import type { SqliteJournal as Journal } from '../agent/sqlite/sqlite-journal.js';
import { HttpProcedureClient } from '../agent/http/http-procedure-client.js';
import { fileProcedures } from '../agent/procedure-filing.js';
import { listingSheets } from '../agent/procedure-listings.js';
import { enterReference } from '../agent/site-procedure.js';
import {
  describeFiling,
  describeListingWritten,
  describeProcedure,
  languageOf,
} from '../agent/status-text.js';
import { brusselsDate, parseCalendarDate, type CalendarDate } from '../domain/calendar-date.js';
import type { DomainError } from '../domain/errors.js';
import { contactCenterFromEnvironment } from '../config.js';
import { PdfkitWriter } from '../pdf/pdfkit-writer.js';
import { systemClock } from '../system/system-clock.js';

/**
 * What every `sitepresence agent …` command shares, made once in `agent-commands.ts` and handed to the commands
 * defined elsewhere: one journal option, one way to open the journal, one way to load the settings.
 */
export interface AgentCli {
  /** `--journal <path>`, from AGENT_JOURNAL, `./data/agent.db` by default. */
  journalOption(): Option;
  /**
   * Runs `work` on the journal that `agent init` created and closes it whatever happens; when there is none
   * at `path`, refuses (exit code 2) and creates nothing.
   */
  withJournal<T>(path: string, work: (journal: Journal) => Promise<T>): Promise<T | undefined>;
  /** The settings `agent init` stored, each overridden by its AGENT_* variable; or a refusal (exit code 2). */
  settingsOf(journal: Journal): Promise<AgentSettings | undefined>;
  /** Prints each error as `error: CODE (field): message` on standard error and sets exit code 2. */
  refuse(errors: readonly DomainError[]): void;
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

const dayOption = () => new Option('--day <YYYY-MM-DD>', 'the day (today by default)');

const deps = (journal: Journal) => ({
  journal,
  attemptLog: journal,
  roster: journal,
  procedures: journal,
  clock: systemClock,
  contactCenter: contactCenterFromEnvironment(process.env),
});

/** `sitepresence agent reference|listing|file`: the emergency procedure at the site. */
export function addAgentProcedureCommands(agent: Command, cli: AgentCli): void {
  const dayOf = (raw: string | undefined): CalendarDate | undefined => {
    if (raw === undefined) return brusselsDate(systemClock.now());
    const parsed = parseCalendarDate(raw);
    if (parsed.ok) return parsed.value;
    cli.refuse([{ ...parsed.error, field: 'day' }]);
    return undefined;
  };

  agent
    .command('reference')
    .description("Enter the contact center's reference number for the day (a mistyped one is refused)")
    .argument('<number>', 'the reference number, e.g. 4KQ7-M2XD')
    .addOption(dayOption())
    .addOption(cli.journalOption())
    .action(async (number: string, options: { day?: string; journal: string }) => {
      const day = dayOf(options.day);
      if (day === undefined) return;
      await cli.withJournal(options.journal, async (journal) => {
        const entered = await enterReference(deps(journal), day, number);
        if (!entered.ok) {
          cli.refuse([entered.error]);
          return;
        }
        for (const line of describeProcedure(entered.value, languageOf(process.env)))
          process.stdout.write(`${line}\n`);
      });
    });

  agent
    .command('listing')
    .description(
      "Print the day's paper attendance listing (PDF) from the journal and the roster, without the registry",
    )
    .addOption(dayOption())
    .option('--out <file>', 'where to write the PDF', 'paper-listing.pdf')
    .addOption(cli.journalOption())
    .action(async (options: { day?: string; out: string; journal: string }) => {
      const day = dayOf(options.day);
      if (day === undefined) return;
      await cli.withJournal(options.journal, async (journal) => {
        const settings = await cli.settingsOf(journal);
        if (settings === undefined) return;
        const procedureDeps = deps(journal);
        const sheets = await listingSheets(procedureDeps, settings, day);
        writeFileSync(options.out, await new PdfkitWriter().paperListings(sheets));
        say(describeListingWritten(day, options.out, sheets.length, languageOf(process.env)));
      });
    });

  agent
    .command('file')
    .description('File the open procedures with the registry now (the incident, its evidence, the listing)')
    .addOption(cli.journalOption())
    .action(async (options: { journal: string }) => {
      await cli.withJournal(options.journal, async (journal) => {
        const settings = await cli.settingsOf(journal);
        if (settings === undefined) return;
        const client = new HttpProcedureClient(settings.registryUrl, settings.key);
        const reports = await fileProcedures(deps(journal), settings, client);
        const lang = languageOf(process.env);
        if (reports.length === 0)
          say(
            { fr: 'Aucune procédure ouverte.', nl: 'Geen open procedure.', en: 'No open procedure.' }[lang],
          );
        for (const report of reports) say(describeFiling(report, lang));
        if (reports.some((r) => !r.closed)) process.exitCode = 1;
      });
    });
}
