import { userInfo } from 'node:os';
import type { Command, Option } from 'commander';
import { AuditTrail, MOST_AUDIT_RECORDS, verifyAudit } from '../app/audit.js';
import type { AuditHead } from '../domain/audit.js';
import { openStore } from '../composition/open-store.js';
import { systemClock } from '../system/system-clock.js';

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The commands that write to the registry or read personal data: each run is in the audit trail. */
const AUDITED_COMMANDS = new Set([
  'migrate',
  'doctor',
  'purge',
  'backup',
  'restore',
  'keys create',
  'keys rotate',
  'keys revoke',
  'certs add',
  // A certificate's subject may name a person.
  'certs list',
  'certs revoke',
  'registers load',
  'users create',
  'users list',
  'users password',
  'users disable',
  'audit verify',
  'audit list',
]);

/** Options worth recording with a command (never a secret: keys and passwords are not options). */
const RECORDED_OPTIONS = [
  'role',
  'enterprise',
  'name',
  'file',
  'before',
  'apply',
  'dryRun',
  'grace',
  'to',
  'from',
  'replace',
  'format',
];

/**
 * Records every audited command once it has run: who ran it (the system account), what, with which options, and
 * its exit code. A command that cannot be recorded says so, and fails.
 */
export function recordCommandsInAudit(program: Command): void {
  program.hook('postAction', async (_program, command) => {
    const path: string[] = [];
    for (let c: Command | null = command; c !== null && c !== program; c = c.parent) path.unshift(c.name());
    const name = path.join(' ');
    if (!AUDITED_COMMANDS.has(name)) return;
    const options = command.opts<Record<string, unknown>>();
    const database = options['database'];
    if (typeof database !== 'string') return;
    const details: Record<string, string | boolean> = {};
    for (const option of RECORDED_OPTIONS) {
      const value = options[option];
      if (typeof value === 'string') details[option] = value.slice(0, 100);
      else if (typeof value === 'boolean') details[option] = value;
    }
    if (command.args.length > 0) details['arguments'] = command.args.join(' ').slice(0, 200);
    const outcome = typeof process.exitCode === 'number' ? process.exitCode : 0;
    try {
      const { store } = await openStore(database);
      try {
        await new AuditTrail(store).record({
          at: systemClock.now().toISOString(),
          actor: { kind: 'command', id: systemAccount(), name: `sitepresence ${name}` },
          action: `command ${name}`,
          target: path[0] ?? name,
          personalData: name !== 'migrate' && name !== 'doctor',
          outcome,
          source: 'command line',
          details,
        });
      } finally {
        await store.close();
      }
    } catch (error) {
      say(`error: the audit trail could not record this command: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  });
}

function systemAccount(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${String(process.getuid?.() ?? '?')}`;
  }
}

/** `sitepresence audit …`: check the chain, read the trail. */
export function addAuditCommands(program: Command, databaseOption: () => Option): void {
  const audit = program
    .command('audit')
    .description('The audit trail: every write and every read of personal data, chained by hashes');

  audit
    .command('verify')
    .description(
      'Check the whole chain: no record changed, none missing; prints its head (note it: with --head, a later check also finds records removed from the end)',
    )
    .option('--head <seq:hash>', 'a head printed by an earlier check, which must still be in the chain')
    .option('--json', 'print the result as JSON')
    .addOption(databaseOption())
    .action(async (options: { head?: string; json?: boolean; database: string }) => {
      let expected: AuditHead | undefined;
      if (options.head !== undefined) {
        const match = /^(\d+):([0-9a-f]{64})$/.exec(options.head);
        if (match === null) {
          say('error: --head is the number and hash an earlier check printed: <seq>:<64 hex digits>.');
          process.exitCode = 2;
          return;
        }
        expected = { seq: Number(match[1]), hash: match[2] ?? '' };
      }
      const { store } = await openStore(options.database);
      let result;
      try {
        result = await verifyAudit(store, expected);
      } finally {
        await store.close();
      }
      if (options.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
      if (result.intact) {
        if (options.json !== true)
          say(
            `The audit trail is intact: ${result.records} record(s). Head: ${result.head.seq}:${result.head.hash}`,
          );
        return;
      }
      if (options.json !== true) say(`error: the audit trail is broken: ${breakText(result.break)}`);
      process.exitCode = 1;
    });

  audit
    .command('list')
    .description('Print records of the trail as JSON lines, in chain order')
    .option('--after <seq>', 'records after this number', '0')
    .option('--limit <n>', `at most this many (up to ${MOST_AUDIT_RECORDS})`, '100')
    .addOption(databaseOption())
    .action(async (options: { after: string; limit: string; database: string }) => {
      const after = Number(options.after);
      const limit = Number(options.limit);
      if (!Number.isSafeInteger(after) || after < 0 || !Number.isSafeInteger(limit) || limit < 1) {
        say('error: --after and --limit are whole numbers (--limit at least 1).');
        process.exitCode = 2;
        return;
      }
      const { store } = await openStore(options.database);
      try {
        const page = await store.audit.list({ after, limit: Math.min(limit, MOST_AUDIT_RECORDS) });
        for (const record of page) process.stdout.write(`${JSON.stringify(record)}\n`);
      } finally {
        await store.close();
      }
    });
}

function breakText(
  found: Exclude<Awaited<ReturnType<typeof verifyAudit>>, { intact: true }>['break'],
): string {
  switch (found.kind) {
    case 'MISSING':
      return `record ${found.seq} is missing (the next one found is ${found.found}).`;
    case 'NOT_CHAINED':
      return `record ${found.seq} does not follow the record before it (it was removed or replaced).`;
    case 'ALTERED':
      return `record ${found.seq} was changed after it was written.`;
    case 'HEAD_NOT_FOUND':
      return `the head ${found.seq} noted earlier is no longer in the chain: records were removed from the end.`;
  }
}
