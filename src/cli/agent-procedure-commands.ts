import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { DEFAULT_JOURNAL, loadAgentSettings } from '../agent/agent-settings.js';
import type { Journal, ProcedureRecord } from '../agent/journal.js';
import { HttpProcedureClient } from '../agent/procedure-client.js';
import { enterReference, fileProcedures, listingPdf } from '../agent/site-procedure.js';
import { openSqliteJournal } from '../agent/sqlite-journal.js';
import type { Language } from '../agent/status-text.js';
import { languageOf } from '../agent/status-text.js';
import { brusselsDate, parseCalendarDate, type CalendarDate } from '../domain/calendar-date.js';
import { DEFAULT_CONTACT_CENTER } from '../domain/procedure/contact-center.js';
import { PdfkitWriter } from '../pdf/pdfkit-writer.js';
import { systemClock } from '../system/system-clock.js';

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

const journalOption = () =>
  new Option('--journal <path>', "the agent's journal (a SQLite file)")
    .env('AGENT_JOURNAL')
    .default(DEFAULT_JOURNAL);
const dayOption = () => new Option('--day <YYYY-MM-DD>', 'the day (today by default)');

function dayOf(raw: string | undefined): CalendarDate | undefined {
  if (raw === undefined) return brusselsDate(systemClock.now());
  const parsed = parseCalendarDate(raw);
  if (parsed.ok) return parsed.value;
  say(`error: ${parsed.error.code}: ${parsed.error.message}`);
  process.exitCode = 2;
  return undefined;
}

async function withJournal<T>(path: string, work: (journal: Journal) => Promise<T>): Promise<T> {
  const journal = openSqliteJournal(path);
  try {
    return await work(journal);
  } finally {
    await journal.close();
  }
}

const deps = (journal: Journal) => ({ journal, clock: systemClock, contactCenter: DEFAULT_CONTACT_CENTER });

/** A procedure in words, in the operator's language: the decision and its next steps. */
export function describeProcedure(record: ProcedureRecord, lang: Language): string[] {
  const title = { fr: 'Procédure d’urgence', nl: 'Noodprocedure', en: 'Emergency procedure' }[lang];
  const lines = [
    `${title} ${record.day}: ${record.decision.outcome}${record.decision.exempt ? ' (exempt)' : ''}` +
      (record.referenceNumber === undefined ? '' : ` — ${record.referenceNumber}`) +
      (record.closedAt === undefined ? '' : ` — filed ${record.closedAt}`),
  ];
  for (const step of record.decision.nextSteps) lines.push(`  • ${step.text[lang]}`);
  for (const question of record.decision.questions ?? []) lines.push(`  ? ${question.text[lang]}`);
  return lines;
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
      const day = dayOf(options.day);
      if (day === undefined) return;
      await withJournal(options.journal, async (journal) => {
        const entered = await enterReference(deps(journal), day, number);
        if (!entered.ok) {
          say(`error: ${entered.error.code}: ${entered.error.message}`);
          process.exitCode = 2;
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
    .addOption(journalOption())
    .action(async (options: { day?: string; out: string; journal: string }) => {
      const day = dayOf(options.day);
      if (day === undefined) return;
      await withJournal(options.journal, async (journal) => {
        const settings = await loadAgentSettings(journal, {});
        if (!settings.ok) {
          for (const e of settings.error) say(`error: ${e.code}: ${e.message}`);
          process.exitCode = 2;
          return;
        }
        const pdf = await listingPdf({ ...deps(journal), pdf: new PdfkitWriter() }, settings.value, day);
        writeFileSync(options.out, pdf);
        say(
          `Paper attendance listing of ${day} written to ${options.out}: print it, fill it in, keep it on site.`,
        );
      });
    });

  agent
    .command('file')
    .description('File the open procedures with the registry now (the incident, its evidence, the listing)')
    .addOption(journalOption())
    .action(async (options: { journal: string }) => {
      await withJournal(options.journal, async (journal) => {
        const settings = await loadAgentSettings(journal, {});
        if (!settings.ok) {
          for (const e of settings.error) say(`error: ${e.code}: ${e.message}`);
          process.exitCode = 2;
          return;
        }
        const client = new HttpProcedureClient(settings.value.registryUrl, settings.value.key);
        const reports = await fileProcedures(deps(journal), settings.value, client);
        if (reports.length === 0) say('No open procedure.');
        for (const r of reports)
          say(
            `${r.day}: ${r.closed ? 'filed' : 'not filed yet'}${r.incidentId === undefined ? '' : `, incident ${r.incidentId}`}` +
              `${r.linesFiled > 0 ? `, ${r.linesFiled} line(s) of the listing` : ''}${r.problem === undefined ? '' : ` — ${r.problem}`}`,
          );
        if (reports.some((r) => !r.closed)) process.exitCode = 1;
      });
    });
}
