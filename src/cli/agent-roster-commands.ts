import type { Command } from 'commander';
import { resolveUnknownBadges } from '../agent/badge-resolution.js';
import { formatImportError } from '../shared/csv-table.js';
import { parseRosterCsv } from '../agent/roster-import.js';
import { formatEnterpriseNumber } from '../domain/enterprise-number.js';
import { formatWorker } from '../domain/worker.js';
import { journalOption, plural, readCsvFile, say, withAgent } from './agent-cli.js';

/** Adds `agent roster import` and `agent roster list`: the workers the agent knows, and their badges. */
export function addRosterCommands(agent: Command): void {
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
      await withAgent(options.journal, async (agent) => {
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
        await agent.roster.replaceRoster(parsed.value);
        // Badges read before the roster knew them are the workers it now gives: sent like any other capture.
        const resolved = await resolveUnknownBadges(agent);
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
      const entries = await withAgent(options.journal, (agent) => agent.roster.roster());
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
