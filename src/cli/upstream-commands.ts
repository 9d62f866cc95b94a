import type { Command, Option } from 'commander';
import {
  MOST_UNCONFIRMED_LISTED,
  unconfirmedUpstream,
  upstreamReportOf,
  type UpstreamReport,
} from '../app/upstream-status.js';
import { addDays, brusselsDate, parseCalendarDate, type CalendarDate } from '../domain/calendar-date.js';
import { UPSTREAM_STATUSES } from '../domain/upstream.js';
import type { WithDeps } from './user-commands.js';

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** `sitepresence upstream …`: forwarding to the official registry, when this registry is a relay. */
export function addUpstreamCommands(
  program: Command,
  withDeps: WithDeps,
  databaseOption: () => Option,
): void {
  const upstream = program
    .command('upstream')
    .description(
      'Forwarding to the official registry (UPSTREAM_URL): what is pending, sent, confirmed, failed',
    );

  upstream
    .command('status')
    .description(
      'Say how forwarding stands: the presences of the last days by where they stand upstream, and since when ' +
        'the upstream answers or not',
    )
    .option('--json', 'print the status as JSON')
    .addOption(databaseOption())
    .action(async (options: { json?: boolean; database: string }) => {
      const report = await withDeps(options.database, (deps) => upstreamReportOf(deps));
      if (options.json === true) print(JSON.stringify(report, null, 2));
      else for (const line of describe(report)) print(line);
    });

  upstream
    .command('unconfirmed')
    .description(
      'List the forwarded presences the official registry has not acknowledged (pending, or refused there): once ' +
        'their day is over, each needs the emergency procedure (a paper attendance listing under a contact-center ' +
        `reference). At most ${MOST_UNCONFIRMED_LISTED} (exit code 1 when there is any)`,
    )
    .option('--from <date>', 'first day (YYYY-MM-DD); yesterday by default')
    .option('--to <date>', 'last day (YYYY-MM-DD); the first day by default')
    .option('--json', 'print them as JSON lines')
    .addOption(databaseOption())
    .action(async (options: { from?: string; to?: string; json?: boolean; database: string }) => {
      const yesterday = addDays(brusselsDate(new Date()), -1);
      const from = parseDay(options.from, yesterday, '--from');
      const to = from === undefined ? undefined : parseDay(options.to, from, '--to');
      if (from === undefined || to === undefined) return;
      const presences = await withDeps(options.database, (deps) => unconfirmedUpstream(deps, { from, to }));
      for (const presence of presences) {
        if (options.json === true) {
          print(JSON.stringify(presence));
          continue;
        }
        const { upstream } = presence;
        const why =
          upstream?.status === 'REFUSED'
            ? `REFUSED ${upstream.errors.map((e) => `${e.code}: ${e.description}`).join('; ')}`
            : (upstream?.status ?? '');
        print(
          [
            presence.registrationDate,
            presence.workplaceId,
            presence.employer,
            'niss' in presence.worker ? presence.worker.niss : presence.worker.limosaId,
            presence.receiptNumber,
            why,
          ].join('\t'),
        );
      }
      if (options.json !== true) {
        process.stderr.write(
          `${presences.length} presence(s) of ${from}${to === from ? '' : ` to ${to}`} not acknowledged by the official registry.\n`,
        );
      }
      if (presences.length > 0) process.exitCode = 1;
    });
}

/** A day given on the command line, or the default; a mistyped one ends the command (exit code 2). */
function parseDay(raw: string | undefined, otherwise: CalendarDate, flag: string): CalendarDate | undefined {
  if (raw === undefined) return otherwise;
  const parsed = parseCalendarDate(raw);
  if (parsed.ok) return parsed.value;
  process.stderr.write(`error: ${flag}: ${parsed.error.message}\n`);
  process.exitCode = 2;
  return undefined;
}
/** The status in a few lines a person reads. */
function describe(report: UpstreamReport): string[] {
  const lines = [
    report.relaying
      ? 'Forwarding to the official registry: on (UPSTREAM_URL).'
      : 'Forwarding to the official registry: off here (no UPSTREAM_URL); what the database holds:',
    `Presences of the days from ${report.since} on:`,
    ...UPSTREAM_STATUSES.map((status) => `  ${status.padEnd(10)} ${report.counts.byStatus[status]}`),
    `  cancellations to forward: ${report.counts.cancellationsPending}`,
    `  scheduled (sent the day before their day): ${report.counts.scheduled}`,
  ];
  if (report.counts.oldestPendingSince !== undefined) {
    lines.push(`  oldest pending since ${report.counts.oldestPendingSince}`);
  }
  const answering = report.answering;
  if (answering === undefined) lines.push('The upstream was never called.');
  else if (answering.answering) {
    lines.push(`The upstream answers, since ${answering.since} (last call ${answering.lastCallAt}).`);
  } else {
    lines.push(
      `The upstream does NOT answer, since ${answering.since} (last call ${answering.lastCallAt}` +
        `${answering.lastError === undefined ? '' : `: ${answering.lastError}`}).`,
    );
  }
  return lines;
}
