import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import type { AppDeps } from '../app/app-deps.js';
import { createUser, disableUser, listUsers, setPassword, type UserDeps } from '../app/users.js';
import { ROLES } from '../domain/principal.js';
import { MIN_PASSWORD_LENGTH } from '../domain/user.js';
import { ScryptPasswordHasher } from '../system/scrypt-password-hasher.js';

/** Opens the store for a command, as main's `withDeps` does. */
export type WithDeps = <T>(database: string, work: (deps: AppDeps) => Promise<T>) => Promise<T>;

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * The password of a command: from standard input (`--password-stdin`: its first line), from the variable
 * SITEPRESENCE_PASSWORD, or typed twice at a prompt that does not show it. Never from a flag: flags show in `ps`.
 */
async function readPassword(fromStdin: boolean): Promise<string | undefined> {
  if (fromStdin) {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    return '';
  }
  const variable = process.env['SITEPRESENCE_PASSWORD'];
  if (variable !== undefined) return variable;
  if (!process.stdin.isTTY) {
    say('error: no password: use --password-stdin, SITEPRESENCE_PASSWORD, or run it in a terminal.');
    return undefined;
  }
  const first = await hiddenPrompt(`Password (${MIN_PASSWORD_LENGTH} characters or more): `);
  const second = await hiddenPrompt('The same password again: ');
  if (first !== second) {
    say('error: the two passwords differ.');
    return undefined;
  }
  return first;
}

/** Asks for a line on the terminal without echoing what is typed. */
function hiddenPrompt(question: string): Promise<string> {
  process.stderr.write(question);
  const muted = new Writable({
    write: (_chunk, _encoding, done) => {
      done();
    },
  });
  const lines = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    lines.question('', (answer) => {
      lines.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

function refuse(errors: readonly { code: string; message: string; field?: string }[]): void {
  for (const e of errors)
    say(`error: ${e.code}${e.field === undefined ? '' : ` (${e.field})`}: ${e.message}`);
  process.exitCode = 2;
}

/** `sitepresence users …`: the people who sign in to the web. */
export function addUserCommands(program: Command, withDeps: WithDeps, databaseOption: () => Option): void {
  const users = program
    .command('users')
    .description(
      'The people who sign in to the web pages: each acts for one company, provider, agent or inspector',
    );
  const userDeps = (deps: AppDeps): UserDeps => ({ ...deps, passwords: new ScryptPasswordHasher() });

  users
    .command('create')
    .description(
      'Add a person who signs in; the password comes from standard input (--password-stdin), from ' +
        'SITEPRESENCE_PASSWORD, or from a prompt that does not show it',
    )
    .requiredOption('--username <name>', 'how the person signs in (letters, digits and . _ @ + -)')
    .option('--name <display name>', 'the name shown on the pages (the username by default)')
    .addOption(new Option('--role <role>', 'whom the person acts for').choices(ROLES).makeOptionMandatory())
    .option('--enterprise <number>', 'enterprise number (KBO/BCE), for a company or a provider')
    .addOption(
      new Option('--language <lang>', 'the language of the pages for this person').choices([
        'fr',
        'nl',
        'en',
      ]),
    )
    .option('--password-stdin', 'read the password from the first line of standard input')
    .addOption(databaseOption())
    .action(
      async (options: {
        username: string;
        name?: string;
        role: string;
        enterprise?: string;
        language?: 'fr' | 'nl' | 'en';
        passwordStdin?: boolean;
        database: string;
      }) => {
        const password = await readPassword(options.passwordStdin === true);
        if (password === undefined) {
          process.exitCode = 2;
          return;
        }
        const made = await withDeps(options.database, (deps) =>
          createUser(userDeps(deps), {
            username: options.username,
            displayName: options.name,
            password,
            role: options.role,
            enterprise: options.enterprise,
            language: options.language,
          }),
        );
        if (!made.ok) {
          refuse(made.error);
          return;
        }
        const u = made.value;
        say(
          `Made user ${u.username} (${u.role}${u.enterprise === undefined ? '' : ` ${u.enterprise}`}, "${u.displayName}"): ` +
            'they sign in at the server’s address, /sign-in.',
        );
      },
    );

  users
    .command('list')
    .description('List the people who sign in (never their passwords)')
    .option('--json', 'print JSON')
    .addOption(databaseOption())
    .action(async (options: { json?: boolean; database: string }) => {
      const list = await withDeps(options.database, (deps) => listUsers(deps));
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      if (list.length === 0) say('No users yet. Add one with: sitepresence users create --help');
      for (const u of list)
        process.stdout.write(
          `${u.username}\t${u.role}\t${u.enterprise ?? '-'}\t${u.displayName}\t${u.disabledAt === undefined ? 'active' : `disabled ${u.disabledAt}`}\n`,
        );
    });

  users
    .command('password')
    .description("Set a person's new password (their sessions end); read as for users create")
    .argument('<username>', 'the username')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .addOption(databaseOption())
    .action(async (username: string, options: { passwordStdin?: boolean; database: string }) => {
      const password = await readPassword(options.passwordStdin === true);
      if (password === undefined) {
        process.exitCode = 2;
        return;
      }
      const done = await withDeps(options.database, (deps) =>
        setPassword(userDeps(deps), username, password),
      );
      if (!done.ok) refuse(done.error);
      else say(`New password set for ${done.value.username}; their sessions ended.`);
    });

  users
    .command('disable')
    .description('Stop a person from signing in (their sessions end at once)')
    .argument('<username>', 'the username')
    .addOption(databaseOption())
    .action(async (username: string, options: { database: string }) => {
      const done = await withDeps(options.database, (deps) => disableUser(deps, username));
      if (!done.ok) refuse(done.error);
      else say(`Disabled ${done.value.username}.`);
    });
}
