import { Command, Option } from 'commander';
import {
  createApiKey,
  DEFAULT_GRACE_SECONDS,
  listApiKeys,
  parseGracePeriod,
  revokeApiKey,
  rotateApiKey,
} from '../app/api-keys.js';
import type { AppDeps } from '../app/app-deps.js';
import {
  ConfigError,
  contactCenterFromEnvironment,
  contactCenterSettings,
  DEFAULT_DATABASE,
  describeDatabase,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  parseServerConfig,
} from '../config.js';
import { ROLES } from '../domain/principal.js';
import { maintainStore, purgePresences } from '../app/retention.js';
import { repairSearchIndex } from '../app/workplaces.js';
import { startServer } from '../server.js';
import { PdfkitWriter } from '../pdf/pdfkit-writer.js';
import { addAgentCommands } from './agent-commands.js';
import { addAuditCommands, recordCommandsInAudit } from './audit-commands.js';
import { addCertificateCommands } from './certificate-commands.js';
import { addRegisterCommands } from './register-commands.js';
import { addUpstreamCommands } from './upstream-commands.js';
import { addUserCommands } from './user-commands.js';
import { existsSync } from 'node:fs';
import { isPostgresUrl, openStore } from '../composition/open-store.js';
import type { AccessRepairReport } from '../store/workplace-repository.js';
import { RestoreRefused, restoreSqliteBackup } from '../store/sqlite/sqlite-restore.js';
import type { Store } from '../store/store.js';
import { createCryptoRandom } from '../system/crypto-random.js';
import { systemClock } from '../system/system-clock.js';
import { VERSION } from '../version.js';

const databaseOption = () =>
  new Option('--database <path-or-url>', 'SQLite file (or postgres:// URL)')
    .env('DATABASE_URL')
    .default(DEFAULT_DATABASE);

/** Opens the store, runs `work` with the use cases' dependencies, and closes it whatever happens. */
async function withDeps<T>(database: string, work: (deps: AppDeps) => Promise<T>): Promise<T> {
  const { store } = await openStore(database);
  try {
    return await work(cliDeps(store));
  } finally {
    await store.close();
  }
}

/** The use cases' dependencies for a command of the CLI: the contact center with its default hours. */
function cliDeps(store: Store): AppDeps {
  return {
    store,
    clock: systemClock,
    random: createCryptoRandom(),
    contactCenter: contactCenterFromEnvironment(process.env),
    pdf: new PdfkitWriter(),
    // What a command registers is forwarded as the server's registrations are, when it forwards.
    relaying: (process.env['UPSTREAM_URL'] ?? '').trim() !== '',
  };
}

/** What a check of the search index found, in a line or a few. */
function describeRepair(report: AccessRepairReport, dryRun: boolean): string {
  if (report.differing.length === 0)
    return `The search index of all ${report.workplaces} workplace(s) is what their contractor chains imply.`;
  const lines = report.differing.map(
    (d) => `  ${d.workplaceId}: ${d.missing} pair(s) missing, ${d.extra} too many`,
  );
  const verdict = dryRun
    ? 'differs from what their contractor chains imply (run sitepresence doctor to rebuild it)'
    : 'differed from what their contractor chains imply, and was rebuilt';
  return [
    `The search index of ${report.differing.length} of ${report.workplaces} workplace(s) ${verdict}:`,
    ...lines,
  ].join('\n');
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

const program = new Command()
  .name('sitepresence')
  .description(
    'Daily presence registration for Belgian work sites (Checkin@Work), with the official emergency procedure.',
  )
  .version(VERSION)
  .showHelpAfterError();

program
  .command('serve')
  .description('Serve the registry API (creates and migrates the database if need be)')
  .addOption(databaseOption())
  .addOption(new Option('--port <port>', 'port to listen on').env('PORT').default(String(DEFAULT_PORT)))
  .addOption(
    new Option('--host <host>', 'address to listen on (0.0.0.0 for every interface)')
      .env('HOST')
      .default(DEFAULT_HOST),
  )
  .addOption(
    new Option(
      '--rate-limit-per-minute <n>',
      'API requests a minute per key (per address without a valid key), counted by each instance; then 429',
    )
      .env('RATE_LIMIT_PER_MINUTE')
      .default(String(DEFAULT_RATE_LIMIT_PER_MINUTE)),
  )
  .action(async (options: { database: string; port: string; host: string; rateLimitPerMinute: string }) => {
    const config = parseServerConfig({
      ...options,
      readDatabase: process.env['DATABASE_READ_URL'],
      poolSize: process.env['DATABASE_POOL_SIZE'],
      heartbeatMs: process.env['HEARTBEAT_MS'],
      validationIntervalMs: process.env['VALIDATION_INTERVAL_MS'],
      logLevel: process.env['LOG_LEVEL'],
      ...contactCenterSettings(process.env),
      trustProxy: process.env['TRUST_PROXY'],
      soapFaultInjection: process.env['SOAP_FAULT_INJECTION'],
      upstreamUrl: process.env['UPSTREAM_URL'],
      upstreamCertificate: process.env['UPSTREAM_CERT'],
      upstreamPrivateKey: process.env['UPSTREAM_KEY'],
      upstreamSender: process.env['UPSTREAM_SENDER'],
      upstreamTimeoutMs: process.env['UPSTREAM_TIMEOUT_MS'],
      upstreamIntervalMs: process.env['UPSTREAM_INTERVAL_MS'],
      upstreamProcedureAfterMs: process.env['UPSTREAM_PROCEDURE_AFTER_MS'],
    });
    const server = await startServer(config);
    say('');
    say(`sitepresence ${VERSION} is serving the registry at ${server.url}`);
    say(`  database:  ${describeDatabase(config.database)}`);
    if (config.readDatabase !== undefined)
      say(`  replica:   ${describeDatabase(config.readDatabase)} (inspectors' searches)`);
    say(`  API:       ${server.url}/api/v1   (OpenAPI: ${server.url}/api/v1/openapi.json)`);
    say(`  status:    ${server.url}/api/v1/status`);
    say(`  pages:     ${server.url}/   (sign in; add a person: sitepresence users create --help)`);
    if (config.upstream !== undefined)
      say(
        `  forwards:  to ${config.upstream.url}${config.upstream.sender === undefined ? '' : ` as ${config.upstream.sender}`} (status: sitepresence upstream status)`,
      );
    if (config.soapFaultInjection)
      say(`  WARNING:   SOAP_FAULT_INJECTION=on: faults can be injected (/test/faults), for tests only!`);
    say('Make a first API key (in another terminal, from this folder):');
    say(
      `  npx sitepresence keys create --role company --enterprise 0403019261 --name "My company"${
        config.database === DEFAULT_DATABASE ? '' : ` --database ${describeDatabase(config.database)}`
      }`,
    );
    say('');
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        say(`${signal}: stopping cleanly…`);
        server.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
      });
    }
  });

program
  .command('migrate')
  .description('Create the database or bring its schema up to date')
  .addOption(databaseOption())
  .action(async (options: { database: string }) => {
    const { store, applied } = await openStore(options.database);
    try {
      const deps = cliDeps(store);
      const report = await maintainStore(deps);
      say(applied.length === 0 ? 'The schema is up to date.' : `Applied: ${applied.join(', ')}`);
      if (report.created.length > 0) say(`Partitions created: ${report.created.join(', ')}`);
      for (const { partition, why } of report.postponed) say(`Partition ${partition} not created: ${why}.`);
      const index = await repairSearchIndex(deps, false);
      if (index.differing.length > 0) say(describeRepair(index, false));
    } finally {
      await store.close();
    }
  });

program
  .command('doctor')
  .description(
    "Check that every workplace's search index (who finds whose presences) is what its contractor chain implies, and rebuild those that differ",
  )
  .option('--dry-run', 'only say what differs, change nothing')
  .option('--json', 'print the report as JSON')
  .addOption(databaseOption())
  .action(async (options: { dryRun?: boolean; json?: boolean; database: string }) => {
    const dryRun = options.dryRun === true;
    const report = await withDeps(options.database, (deps) => repairSearchIndex(deps, dryRun));
    if (options.json === true) process.stdout.write(`${JSON.stringify({ ...report, dryRun })}\n`);
    say(describeRepair(report, dryRun));
    // A dry run that finds a difference fails, so that a scheduled check can raise an alarm.
    if (dryRun && report.differing.length > 0) process.exitCode = 1;
  });

program
  .command('purge')
  .description(
    'Remove the presences, incidents with their evidence, reference numbers and paper listings of the days before a day, once past the 7 years they are kept (dry run by default; recorded in the audit trail)',
  )
  .requiredOption('--before <YYYY-MM-DD>', 'remove what concerns the days before this one')
  .option('--apply', 'really remove (without it, only say what would be removed)')
  .addOption(databaseOption())
  .action(async (options: { before: string; apply?: boolean; database: string }) => {
    const apply = options.apply === true;
    const result = await withDeps(options.database, (deps) =>
      purgePresences(deps, { before: options.before, apply }),
    );
    if (!result.ok) {
      for (const e of result.error) say(`error: ${e.code}: ${e.message}`);
      process.exitCode = 2;
      return;
    }
    const report = result.value;
    const what =
      `${report.presences} presence(s), ${report.incidents} incident(s) with their events, ` +
      `${report.references} reference number(s), ${report.paperListings} paper listing(s) and ` +
      `${report.availabilityRuns} run(s) of the availability journal, of the days before ${report.before}`;
    const partitions = report.partitions.length === 0 ? '' : ` (partitions ${report.partitions.join(', ')})`;
    say(
      apply
        ? `Purged ${what}${partitions}.`
        : `Dry run: would purge ${what}${partitions}. Add --apply to do it.`,
    );
  });

program
  .command('backup')
  .description(
    'Copy the SQLite database to a new file while the server runs, and check the copy (PostgreSQL: says how with pg_dump)',
  )
  .requiredOption('--to <file>', 'the backup file to make (it must not exist yet)')
  .addOption(databaseOption())
  .action(async (options: { to: string; database: string }) => {
    if (existsSync(options.to)) {
      say(`error: ${options.to} exists already: a backup never overwrites a file.`);
      process.exitCode = 2;
      return;
    }
    const { store } = await openStore(options.database);
    try {
      const report = await store.backup(options.to);
      if (report.kind === 'NOT_SUPPORTED') {
        say(report.how);
        process.exitCode = 2;
        return;
      }
      say(
        `Backed up ${describeDatabase(options.database)} to ${report.file} (${report.bytes} bytes), checked whole.`,
      );
    } finally {
      await store.close();
    }
  });

program
  .command('restore')
  .description(
    'Put a backup in place as the SQLite database (stop the server first), and bring its schema up to date',
  )
  .requiredOption('--from <file>', 'the backup file made by sitepresence backup')
  .option('--replace', 'replace the database file when it exists')
  .addOption(databaseOption())
  .action(async (options: { from: string; replace?: boolean; database: string }) => {
    if (isPostgresUrl(options.database)) {
      say('error: PostgreSQL is restored with its own tools (pg_restore): see sitepresence backup.');
      process.exitCode = 2;
      return;
    }
    try {
      restoreSqliteBackup(options.from, options.database, options.replace === true);
    } catch (error) {
      if (!(error instanceof RestoreRefused)) throw error;
      say(`error: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    const { store, applied } = await openStore(options.database);
    await store.close();
    say(
      `Restored ${options.from} as ${options.database}${applied.length === 0 ? '' : `; schema brought up to date: ${applied.join(', ')}`}.`,
    );
  });

const keys = program.command('keys').description('Make, list, rotate and revoke API keys');

keys
  .command('create')
  .description('Make an API key; prints the key alone on standard output (it is shown only this once)')
  .addOption(new Option('--role <role>', 'what the key may do').choices(ROLES).makeOptionMandatory())
  .option('--enterprise <number>', 'enterprise number (KBO/BCE), for company and provider keys')
  .requiredOption('--name <name>', 'who or what uses the key')
  .addOption(databaseOption())
  .action(async (options: { role: string; enterprise?: string; name: string; database: string }) => {
    const result = await withDeps(options.database, (deps) => createApiKey(deps, options));
    if (!result.ok) {
      for (const e of result.error) say(`error: ${e.code}: ${e.message}`);
      process.exitCode = 2;
      return;
    }
    const { key, apiKey } = result.value;
    say(
      `Made key ${apiKey.id} (${apiKey.role}${apiKey.enterprise === undefined ? '' : ` ${apiKey.enterprise}`}, "${apiKey.name}").`,
    );
    say('Keep it now: it is not stored and cannot be shown again.');
    process.stdout.write(`${key}\n`);
  });

keys
  .command('list')
  .description('List the API keys (never the keys themselves)')
  .option('--json', 'print JSON')
  .addOption(databaseOption())
  .action(async (options: { json?: boolean; database: string }) => {
    const list = await withDeps(options.database, (deps) => listApiKeys(deps));
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return;
    }
    if (list.length === 0) say('No API keys yet. Make one with: sitepresence keys create --help');
    const now = systemClock.now().getTime();
    for (const k of list) {
      const state =
        k.revokedAt !== undefined
          ? `revoked ${k.revokedAt}`
          : k.expiresAt === undefined
            ? 'active'
            : `${Date.parse(k.expiresAt) <= now ? 'expired' : 'expires'} ${k.expiresAt}`;
      const lineage = [
        ...(k.replaces === undefined ? [] : [`replaces ${k.replaces}`]),
        ...(k.replacedBy === undefined ? [] : [`replaced by ${k.replacedBy}`]),
      ];
      process.stdout.write(
        `${k.id}\t${k.role}\t${k.enterprise ?? '-'}\t${k.name}\t${k.createdAt}\t${[state, ...lineage].join(', ')}\n`,
      );
    }
  });

keys
  .command('rotate')
  .description(
    'Replace an API key without downtime: prints the new key alone on standard output (shown only this once); the old one keeps working until the end of the grace period',
  )
  .argument('<id>', 'the key id shown by keys list')
  .option(
    '--grace <duration>',
    'how long the old key keeps working: 30m, 24h, 7d (30 days at most), 0 to stop it at once',
    `${DEFAULT_GRACE_SECONDS / 3_600}h`,
  )
  .addOption(databaseOption())
  .action(async (id: string, options: { grace: string; database: string }) => {
    const grace = parseGracePeriod(options.grace);
    const result = grace.ok
      ? await withDeps(options.database, (deps) => rotateApiKey(deps, id, { graceSeconds: grace.value }))
      : grace;
    if (!result.ok) {
      for (const e of result.error) say(`error: ${e.code}: ${e.message}`);
      process.exitCode = 2;
      return;
    }
    const { key, apiKey, replaced } = result.value;
    say(`Made key ${apiKey.id} to replace ${replaced.id} ("${apiKey.name}").`);
    say(
      grace.ok && grace.value === 0
        ? `The old key stopped working at once (${replaced.expiresAt ?? ''}).`
        : `The old key keeps working until ${replaced.expiresAt ?? ''}: put the new one in place before then.`,
    );
    say('Keep the new key now: it is not stored and cannot be shown again.');
    process.stdout.write(`${key}\n`);
  });

keys
  .command('revoke')
  .description('Revoke an API key at once')
  .argument('<id>', 'the key id shown by keys list')
  .addOption(databaseOption())
  .action(async (id: string, options: { database: string }) => {
    const result = await withDeps(options.database, (deps) => revokeApiKey(deps, id));
    if (!result.ok) {
      for (const e of result.error) say(`error: ${e.code}: ${e.message}`);
      process.exitCode = 2;
      return;
    }
    say(`Revoked key ${result.value.id} ("${result.value.name}") at ${result.value.revokedAt ?? ''}.`);
  });

addCertificateCommands(program, withDeps, databaseOption);
addRegisterCommands(program, withDeps, databaseOption);
addUpstreamCommands(program, withDeps, databaseOption);
addUserCommands(program, withDeps, databaseOption);
addAuditCommands(program, databaseOption);
addAgentCommands(program);
recordCommandsInAudit(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    say(`error: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
