import type { Command, Option } from 'commander';
import { upstreamReportOf, type UpstreamReport } from '../app/upstream-status.js';
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
