import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { fileProcedures } from '../agent/procedure-filing.js';
import { listingSheets } from '../agent/procedure-listings.js';
import { enterReference } from '../agent/site-procedure.js';
import { describeFiling, describeListingWritten, describeProcedure } from '../agent/status-text.js';
import { brusselsDate, parseCalendarDate, type CalendarDate } from '../domain/calendar-date.js';
import { systemClock } from '../system/system-clock.js';
import { journalOption, refuse, say, settingsOf, withAgent } from './agent-cli.js';

const dayOption = () => new Option('--day <YYYY-MM-DD>', 'the day (today by default)');

/** The day of `--day`, today in Brussels when not given, or a refusal (exit code 2). */
function dayOf(raw: string | undefined, now: Date): CalendarDate | undefined {
  if (raw === undefined) return brusselsDate(now);
  const parsed = parseCalendarDate(raw);
  if (parsed.ok) return parsed.value;
  refuse([{ ...parsed.error, field: 'day' }]);
  return undefined;
}

/** `sitepresence agent reference|listing|file`: the emergency procedure at the site. */
export function addAgentProcedureCommands(agent: Command): void {
  agent
    .command('reference')
    .description("Enter the contact center's reference number for the day (a mistyped one is refused)")
    .argument('<number>', 'the reference number, e.g. 4KQ7-M2XD')
    .addOption(dayOption())
    .addOption(journalOption())
    .action(async (number: string, options: { day?: string; journal: string }) => {
      const day = dayOf(options.day, systemClock.now());
      if (day === undefined) return;
      await withAgent(options.journal, async (agent) => {
        const entered = await enterReference(agent.procedure, day, number);
        if (!entered.ok) {
          refuse([entered.error]);
          return;
        }
        for (const line of describeProcedure(entered.value, agent.config.language))
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
    .addOption(journalOption())
    .action(async (options: { day?: string; out: string; journal: string }) => {
      const day = dayOf(options.day, systemClock.now());
      if (day === undefined) return;
      await withAgent(options.journal, async (agent) => {
        const settings = await settingsOf(agent);
        if (settings === undefined) return;
        const sheets = await listingSheets(agent.procedure, settings, day);
        writeFileSync(options.out, await agent.pdf.paperListings(sheets));
        say(describeListingWritten(day, options.out, sheets.length, agent.config.language));
      });
    });

  agent
    .command('file')
    .description('File the open procedures with the registry now (the incident, its evidence, the listing)')
    .addOption(journalOption())
    .action(async (options: { journal: string }) => {
      await withAgent(options.journal, async (agent) => {
        const settings = await settingsOf(agent);
        if (settings === undefined) return;
        const reports = await fileProcedures(agent.procedure, settings, agent.procedureClient(settings));
        const lang = agent.config.language;
        if (reports.length === 0)
          say(
            { fr: 'Aucune procédure ouverte.', nl: 'Geen open procedure.', en: 'No open procedure.' }[lang],
          );
        for (const report of reports) say(describeFiling(report, lang));
        if (reports.some((r) => !r.closed)) process.exitCode = 1;
      });
    });
}
