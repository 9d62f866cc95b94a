// `npm run bench [-- --quick] [-- --big] [-- --database sqlite|postgres|both] [-- --only registry|agent|relay]`:
// measures the registry on SQLite and on PostgreSQL, a relay forwarding to its upstream, and the site agent, against
// baselines taken in the same run, prints each part's figures and every target in one table last. A miss is
// reported, never a failure: only an error fails the run.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDays, brusselsDate } from '../src/domain/calendar-date.js';
import { measureAgent } from './agent-phases.js';
import { agentVerdicts, printAgentReport } from './agent-report.js';
import { Children } from './children.js';
import { cpuShares, cpuTimes, idleCheck } from './machine.js';
import { parseBenchOptions } from './options.js';
import {
  measureBare,
  measureRawInserts,
  measureRegistry,
  measureSearch,
  type BenchContext,
} from './phases.js';
import {
  measureBarePostgres,
  measureRegistryPostgres,
  measureSearchPostgres,
  type PostgresBenchContext,
} from './postgres-phases.js';
import { measureInstancesPostgres } from './postgres-instances.js';
import { postgresVerdicts, printPostgresReport } from './postgres-report.js';
import { openBenchPostgres, type BenchPostgres } from './postgres-server.js';
import { isAlive } from './process-alive.js';
import { measureRelay } from './relay-phase.js';
import { printRelayReport } from './relay-report.js';
import { printReport, registryVerdicts } from './report.js';
import { printTargets, type Verdict } from './verdicts.js';
import { buildRegistry } from './servers.js';
import { ThrowawayCluster } from './throwaway-cluster.js';

/** Scratch folders are named after the bench's process id, so that one left by a killed run can be found. */
const WORK_PREFIX = 'sitepresence-bench-';

/**
 * Removes the scratch folders of runs whose process is gone: a run killed outright (as tsx does to a process
 * that does not answer a signal within 60 ms, e.g. in the middle of seeding) cannot clean up after itself.
 */
function removeAbandonedWorkFolders(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(new RegExp(`^${WORK_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!Number.isInteger(pid) || isAlive(pid)) continue;
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function say(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const startedAt = new Date();
  removeAbandonedWorkFolders();
  const work = mkdtempSync(join(tmpdir(), `${WORK_PREFIX}${process.pid}-`));
  const children = new Children();
  let cluster: ThrowawayCluster | undefined;
  let postgres: BenchPostgres | undefined;
  const cleanUp = (): void => {
    children.killAll();
    cluster?.stop();
    rmSync(work, { recursive: true, force: true });
  };
  process.once('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping`);
      cleanUp();
      process.exit(128 + constants.signals[signal]);
    });
  }
  try {
    const root = fileURLToPath(new URL('..', import.meta.url));
    say('building (npm run build)…');
    await buildRegistry(root);
    const today = brusselsDate(startedAt);
    const days = Array.from({ length: 35 }, (_, i) => addDays(today, i + 1));
    const ctx: BenchContext = { options, root, work, children, today, days, say };
    const targets: { readonly part: string; readonly verdicts: readonly Verdict[] }[] = [];

    say('measuring what else runs on the machine…');
    const idleBefore = await idleCheck();
    const cpuAtStart = cpuTimes();
    const machineNow = async () => ({
      idleBefore,
      during: cpuShares(cpuAtStart, cpuTimes()),
      idleAfter: await idleCheck(),
    });
    if (options.database !== 'postgres' && options.only === 'relay') {
      const relay = await measureRelay(ctx);
      printRelayReport({ options, startedAt, machine: await machineNow(), relay }, print);
    } else if (options.database !== 'postgres' && options.only === 'agent') {
      const agent = await measureAgent(ctx);
      const f = { options, startedAt, machine: await machineNow(), agent };
      printAgentReport(f, print);
      targets.push({ part: 'site agent', verdicts: agentVerdicts(agent) });
    } else if (options.database !== 'postgres') {
      const bare = await measureBare(ctx);
      const { single, batch, soap, stored } = await measureRegistry(ctx);
      const raw = await measureRawInserts(ctx);
      const search = await measureSearch(ctx);
      const relay = await measureRelay(ctx);
      const agent = options.only === 'registry' ? undefined : await measureAgent(ctx);
      const f = {
        options,
        startedAt,
        machine: await machineNow(),
        ...bare,
        single,
        batch,
        soap,
        stored,
        raw,
        ...search,
        relay,
        ...(agent === undefined ? {} : { agent }),
      };
      printReport(f, print);
      targets.push({ part: 'SQLite', verdicts: registryVerdicts(f) });
      if (agent !== undefined) targets.push({ part: 'site agent', verdicts: agentVerdicts(agent) });
    }
    if (options.database !== 'sqlite' && (options.only === undefined || options.only === 'registry')) {
      const given = (process.env['BENCH_DATABASE_URL'] ?? '') !== '';
      say(given ? 'PostgreSQL: BENCH_DATABASE_URL' : 'PostgreSQL: starting a throwaway cluster…');
      if (!given) cluster = new ThrowawayCluster(root);
      try {
        postgres = await openBenchPostgres(cluster);
      } catch (error) {
        // Both databases by default: without PostgreSQL here, SQLite's figures stand alone (and say so).
        if (options.database === 'postgres') throw error;
        say(`PostgreSQL skipped: ${error instanceof Error ? error.message : String(error)}`);
        print('');
        print(`PostgreSQL: not measured (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    if (postgres !== undefined) {
      say(`    ${postgres.version}`);
      const pgCtx: PostgresBenchContext = { ...ctx, postgres };
      const bare = await measureBarePostgres(pgCtx);
      const registry = await measureRegistryPostgres(pgCtx);
      const instances = await measureInstancesPostgres(pgCtx);
      const search = await measureSearchPostgres(pgCtx);
      const { source, version, settings } = postgres;
      const f = {
        options,
        startedAt,
        machine: await machineNow(),
        postgres: { source, version, settings },
        ...bare,
        ...registry,
        ...search,
        instances,
      };
      printPostgresReport(f, print);
      targets.push({ part: 'PostgreSQL', verdicts: postgresVerdicts(f) });
    }
    if (targets.length > 1) printTargets(targets, print);
  } finally {
    await children.stopAll();
    await cluster?.stopAndWait();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
