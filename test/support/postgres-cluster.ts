import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL server started for a test or bench run, thrown away afterwards. */
export interface ThrowawayCluster {
  readonly url: string;
  readonly version: string;
  /** Stops the server the way a crash would (`pg_ctl stop -m immediate`: no checkpoint), keeping its data. */
  crash(): void;
  /** Starts the server again on the same data and port, after `crash`; it recovers from its write-ahead log. */
  restart(): void;
  stop(): void;
}

/** Where the PostgreSQL server programs are: on the PATH, or Debian's /usr/lib/postgresql/<version>/bin. */
function findBinaries(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath !== '') return join(onPath, '..');
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/**
 * Starts a throwaway PostgreSQL cluster (`initdb` + `pg_ctl`) in a temp folder on a free port, trusting local
 * connections. Run as root (as CI does), the server runs as the `postgres` user, which PostgreSQL insists on.
 * Throws, saying why, when no server can be started here.
 */
export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const bin = findBinaries();
  if (bin === undefined) throw new Error('initdb not found (Debian package postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'sitepresence-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (program: string, args: string[]): string => {
    const command = asRoot ? 'runuser' : join(bin, program);
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, program), ...args] : args;
    return execFileSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  try {
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c max_connections=300',
      '-c shared_buffers=256MB',
    ].join(' ');
    const start = (): void => {
      run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
    };
    start();
    const version = run('postgres', ['--version']).trim();
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      version,
      crash() {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      },
      restart: start,
      stop() {
        try {
          run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr;
    throw new Error(`${(error as Error).message}${stderr === undefined ? '' : `\n${stderr}`}`, {
      cause: error,
    });
  }
}
