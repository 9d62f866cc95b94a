import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from '../scripts/build-web.mjs';
import { startThrowawayCluster, type ThrowawayCluster } from './support/postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server of this run (its `postgres` database), or '' when none could be started. */
    postgresUrl: string;
    /** The migrated database each test database is copied from. */
    postgresTemplate: string;
  }
}

let cluster: ThrowawayCluster | undefined;

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** The TypeScript compiler of the project. */
const TSC = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

/**
 * Finds the PostgreSQL the suite runs against: `TEST_DATABASE_URL` when set, otherwise a throwaway cluster
 * started here. Without one, the PostgreSQL tests are skipped — loudly — except under `CI=true`, where the run
 * fails: CI must prove both databases.
 */
export async function setup(project: TestProject): Promise<void> {
  // What `npm run build` makes: the process tests run the compiled command (dist/), as people run it, and the
  // browser tests load the pages' scripts from dist/web. (Incremental: a few seconds when little changed.)
  execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  await buildWeb();
  let url = process.env['TEST_DATABASE_URL'] ?? '';
  if (url === '') {
    try {
      cluster = await startThrowawayCluster();
      url = cluster.url;
      process.stderr.write(`\n[postgres] ${cluster.version}: a throwaway cluster at ${url}\n`);
    } catch (error) {
      const why = (error as Error).message.split('\n')[0] ?? '';
      if (process.env['CI'] === 'true')
        throw new Error(`PostgreSQL is needed under CI=true and could not start: ${why}`, { cause: error });
      process.stderr.write(
        `\n${'!'.repeat(78)}\n! PostgreSQL could not be started (${why}).\n` +
          '! The PostgreSQL half of the suite is SKIPPED. Install the Debian package postgresql, or set\n' +
          `! TEST_DATABASE_URL=postgres://… to a server where databases may be created.\n${'!'.repeat(78)}\n\n`,
      );
    }
  } else {
    process.stderr.write(`\n[postgres] TEST_DATABASE_URL: ${url.replace(/\/\/[^@]*@/, '//…@')}\n`);
  }
  if (url !== '') await createTemplate(url);
  project.provide('postgresUrl', url);
  project.provide('postgresTemplate', template);
  serverUrl = url;
}

let serverUrl = '';

export async function teardown(): Promise<void> {
  if (cluster !== undefined) {
    cluster.stop();
    return;
  }
  if (serverUrl === '') return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * The migrated template that each test's database is copied from: one per run, so that two runs on one
 * `TEST_DATABASE_URL` keep out of each other's way.
 */
const template = `sitepresence_test_template_${randomBytes(4).toString('hex')}`;

async function createTemplate(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const { openPostgresStore } = await import('../src/store/postgres/postgres-store.js');
  const { store } = await openPostgresStore({ url: withDatabase(url, template) });
  await store.close();
}

/** The same server URL, naming another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
