import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Children, TrackedChild } from './children.js';

const run = promisify(execFile);

/** A server started by the bench: where it answers, and its process. */
export interface BenchServer {
  readonly url: string;
  readonly child: TrackedChild;
}

/** Compiles the registry (`npm run build` → dist/), as the `sitepresence` command runs it. */
export async function buildRegistry(root: string): Promise<void> {
  try {
    await run('npm', ['run', 'build', '--silent'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    // tsc reports on stdout: show it, not just "Command failed".
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed:\n${stdout}${stderr}`, { cause: error });
  }
}

/** A TCP port nobody listens on right now, on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port was assigned'));
      });
    });
  });
}

/** Runs a command of the registry (`sitepresence …`) on a database, and gives what it printed on stdout. */
async function sitepresence(root: string, database: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['bin/sitepresence.js', ...args, '--database', database], {
    cwd: root,
  });
  return stdout.trim();
}

/** Makes a company API key with the registry's own command; it prints the key alone on stdout. */
export async function createCompanyKey(root: string, database: string, enterprise: string): Promise<string> {
  const key = await sitepresence(root, database, [
    'keys',
    'create',
    '--role',
    'company',
    '--enterprise',
    enterprise,
    '--name',
    'bench',
  ]);
  if (!key.startsWith('sp_')) throw new Error(`keys create printed no key: ${JSON.stringify(key)}`);
  return key;
}

/** Makes an administrator's API key with the registry's own command (to read a relay's `GET /api/v1/upstream`). */
export async function createAdminKey(root: string, database: string): Promise<string> {
  const key = await sitepresence(root, database, [
    'keys',
    'create',
    '--role',
    'admin',
    '--name',
    'bench-admin',
  ]);
  if (!key.startsWith('sp_')) throw new Error(`keys create printed no key: ${JSON.stringify(key)}`);
  return key;
}

/**
 * Registers a sender's certificate for a company with the registry's own command (`certs add`), for the web
 * service's phase; it prints the certificate's id alone on stdout.
 */
export function registerCertificate(
  root: string,
  database: string,
  enterprise: string,
  certificateFile: string,
): Promise<string> {
  return sitepresence(root, database, [
    'certs',
    'add',
    '--file',
    certificateFile,
    '--role',
    'company',
    '--enterprise',
    enterprise,
    '--name',
    'bench',
  ]);
}

/**
 * Starts the real registry (`sitepresence serve`) on a database and waits until its status answers. `env` adds
 * to (or, with undefined, removes from) the environment it inherits. The bench hammers one key: the rate limit is
 * set far above what one instance serves, so that it counts every request (its cost is measured) but refuses none.
 */
export async function startRegistry(
  children: Children,
  root: string,
  database: string,
  env: Readonly<Record<string, string | undefined>> = {},
  /** A port of its own (to start it again where it was), or a free one. */
  given?: number,
): Promise<BenchServer> {
  const port = given ?? (await freePort());
  const child = children.start(
    'registry',
    process.execPath,
    [
      ...profileArgs(),
      'bin/sitepresence.js',
      'serve',
      '--database',
      database,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
    ],
    { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '10000000', ...env } },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${url}/api/v1/status`, child);
  return { url, child };
}

/**
 * `BENCH_CPU_PROF=<folder>`: each registry the bench starts writes a CPU profile (`node --cpu-prof`) there when
 * it stops, to open in Chrome's DevTools or to summarise with `npx tsx bench/profile-summary.ts`.
 */
function profileArgs(): string[] {
  const folder = process.env.BENCH_CPU_PROF;
  return folder === undefined || folder === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${folder}`];
}

/** Starts the bare Fastify server (bench/bare-server.ts) in its own process and waits until it answers. */
export function startBareServer(children: Children, root: string): Promise<BenchServer> {
  return startBenchScript(children, root, 'bare-fastify', 'bare-server.ts', []);
}

/**
 * Starts the bare Fastify server with a `pg` pool of `poolSize` connections to `database`
 * (bench/bare-postgres-server.ts) in its own process, and waits until it answers.
 */
export function startBarePostgresServer(
  children: Children,
  root: string,
  database: string,
  poolSize: number,
): Promise<BenchServer> {
  return startBenchScript(children, root, 'bare-fastify-pg', 'bare-postgres-server.ts', [
    database,
    String(poolSize),
  ]);
}

/** Runs a server of bench/ (its first argument a free port) and waits until `GET /` answers. */
async function startBenchScript(
  children: Children,
  root: string,
  name: string,
  script: string,
  args: readonly string[],
): Promise<BenchServer> {
  const port = await freePort();
  const child = children.start(
    name,
    process.execPath,
    ['--import', 'tsx', join(root, 'bench', script), String(port), ...args],
    { cwd: root, env: process.env },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${url}/`, child);
  return { url, child };
}

async function waitUntilAnswering(url: string, child: TrackedChild, timeoutMs = 30_000): Promise<void> {
  const state = { exited: false };
  void child.exited.then(() => (state.exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (state.exited) throw new Error(`${child.name} exited before answering:\n${child.tail.join('\n')}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms:\n${child.tail.join('\n')}`);
}
