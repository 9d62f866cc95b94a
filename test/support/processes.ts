import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The compiled command, as people run it (the test setup compiles it first). */
const CLI = ['dist/src/cli/main.js'];

/** The output of a finished CLI command. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The tests read what the commands say in English, whatever the machine's language (a test may set another). */
const ENGLISH = { SITEPRESENCE_LANG: 'en' };

/** Runs `sitepresence …` (compiled), as a separate process, and waits for it to end. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, [...CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...ENGLISH, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Makes an API key with `sitepresence keys create` on a database and returns it; throws with what the command
 * said when it could not.
 */
export function createKeyWithCli(
  database: string,
  options: { readonly role: string; readonly enterprise?: string; readonly name: string },
): string {
  const made = runCli([
    'keys',
    'create',
    '--role',
    options.role,
    ...(options.enterprise === undefined ? [] : ['--enterprise', options.enterprise]),
    '--name',
    options.name,
    '--database',
    database,
  ]);
  if (made.status !== 0) throw new Error(`no key made (exit ${String(made.status)}): ${made.stderr}`);
  return made.stdout.trim();
}

/** A long-running command (a server, an agent) in its own process. */
export interface CliProcess {
  /** The address it printed once ready. */
  readonly url: string;
  readonly child: ChildProcess;
  /** What it wrote on standard error so far. */
  stderr(): string;
  /** What it wrote on standard output so far (a server's log). */
  stdout(): string;
  /** Sends a signal and waits for the process to end. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A registry server running in its own process. */
export type ServerProcess = CliProcess;

/** A site agent (`sitepresence agent run --listen 0`); its url is the kiosk endpoint's base address. */
export type AgentProcess = CliProcess;

/** Where a server process listens: a free port chosen by the system (0, the default), or one kept across restarts. */
export interface ServerProcessOptions {
  readonly port?: number;
}

/**
 * Starts `sitepresence serve` on a free port (or `options.port`) and waits until it listens. The process tests
 * hammer one key, as the benchmarks do: the rate limit is set far out of their way unless `env` says otherwise.
 */
export function startServerProcess(
  database: string,
  env: Record<string, string> = {},
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const port = String(options.port ?? 0);
  return startCliProcess(
    ['serve', '--database', database, '--port', port],
    { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '10000000', ...env },
    /serving the registry at (http:\/\/\S+)/,
    'server',
  );
}

/**
 * Starts `sitepresence agent run` on a journal that `agent init` set up, listening for kiosks on a free port of
 * 127.0.0.1, and waits until that endpoint listens.
 */
export function startAgentProcess(journal: string, env: Record<string, string> = {}): Promise<AgentProcess> {
  return startCliProcess(
    ['agent', 'run', '--listen', '0', '--journal', journal],
    env,
    /kiosks and readers: POST (http:\/\/\S+)\/captures/,
    'agent',
  );
}

/** Waits until a process has written `text` on standard error; past the deadline, fails showing what it wrote. */
export async function untilSaid(process: CliProcess, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!process.stderr().includes(text)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}" in:\n${process.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs a long-running command (compiled) and waits until it prints, on standard error, where it listens. */
async function startCliProcess(
  args: readonly string[],
  env: Record<string, string>,
  ready: RegExp,
  what: string,
): Promise<CliProcess> {
  const child = spawn(process.execPath, [...CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...ENGLISH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    err += chunk;
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not start:\n${err}`));
    }, 30_000);
    const check = (): void => {
      const match = ready.exec(err);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stderr.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${String(code)}:\n${err}`));
    });
  });
  return {
    url,
    child,
    stderr: () => err,
    stdout: () => out,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
