import { addDays } from '../src/domain/calendar-date.js';
import { cpuShares, cpuTimes } from './machine.js';
import type { LoadResult, LoadSpec } from './load.js';
import { runLoad } from './load.js';
import { PresenceFactory } from './presence-factory.js';
import { COMPANY, type PhaseCpu } from './phases.js';
import type { PostgresBenchContext } from './postgres-phases.js';
import { withClient } from './postgres-server.js';
import { CpuWatch } from './process-cpu.js';
import { declareWorkplace, jsonHeaders, registrationProblem } from './registry-api.js';
import { createCompanyKey, startRegistry, type BenchServer } from './servers.js';

/** What (d) measured: the single registrations of (b) served by one instance, then by two on the same database. */
export interface InstancesFigures {
  readonly one: LoadResult;
  readonly two: LoadResult;
  /** Each of the two instances' share of `two`, in replies. */
  readonly twoSplit: readonly [number, number];
  readonly cpu: { readonly one?: PhaseCpu; readonly two?: PhaseCpu };
  /** What the database holds after both, against the registrations acknowledged. */
  readonly stored: { readonly presences: number; readonly acknowledged: number };
}

/**
 * (d) on PostgreSQL: one `sitepresence serve` at the connections of (b), then two on the same database with the
 * connections split between them (as a load balancer would), in the same run and on the same database. Two
 * instances must not be slower than one: nothing that every write takes may be one cluster-wide lock.
 */
export async function measureInstancesPostgres(ctx: PostgresBenchContext): Promise<InstancesFigures> {
  const { options } = ctx;
  // As in (b): the bench's pool size, and no read replica.
  const env = { DATABASE_POOL_SIZE: String(options.postgresPoolSize), DATABASE_READ_URL: undefined };
  const database = await ctx.postgres.createDatabase('instances');
  try {
    const key = await createCompanyKey(ctx.root, database, COMPANY);
    const first = await startRegistry(ctx.children, ctx.root, database, env);
    let second: BenchServer | undefined;
    try {
      const workplaceIds: string[] = [];
      for (let i = 0; i < options.loadWorkplaces; i += 1) {
        workplaceIds.push(
          await declareWorkplace(first.url, key, {
            name: `Bench werf ${i + 1}`,
            declarant: COMPANY,
            startDate: ctx.today,
            endDate: addDays(ctx.today, 60),
          }),
        );
      }
      const factory = new PresenceFactory({
        workplaceIds,
        days: ctx.days,
        employer: COMPANY,
        referencePrefix: `instances-${Date.now()}`,
      });
      const spec = (server: BenchServer, connections: number, durationS: number): LoadSpec => ({
        url: `${server.url}/api/v1/presences`,
        headers: jsonHeaders(key),
        body: () => JSON.stringify({ presences: [factory.one()] }),
        connections,
        durationS,
        check: (status, body) => registrationProblem(status, body, 1),
        checkEvery: 50,
      });
      const total = options.connections.single;
      ctx.say(`(d) POST /api/v1/presences, 1 item, ${total} connections, one instance…`);
      await runLoad(spec(first, total, options.warmupS));
      const oneWatch = new CpuWatch(first.child.process.pid, ctx.postgres.postmasterPid);
      oneWatch.start();
      let machine = cpuTimes();
      let started = performance.now();
      const one = await runLoad(spec(first, total, options.durationS));
      const oneCpu = oneWatch.stop();
      const oneSeconds = (performance.now() - started) / 1000;
      const oneBusy = cpuShares(machine, cpuTimes()).busy;
      ctx.say(`    ${Math.round(one.perSecond)} req/s`);

      second = await startRegistry(ctx.children, ctx.root, database, env);
      const servers = [first, second] as const;
      const half = Math.ceil(total / 2);
      const connectionsOf = [half, total - half] as const;
      ctx.say(`(d) the same, two instances on the same database, ${half} + ${total - half} connections…`);
      await Promise.all(servers.map((s, i) => runLoad(spec(s, connectionsOf[i] ?? 0, options.warmupS))));
      const secondCpu = new CpuWatch(second.child.process.pid, undefined);
      const twoWatch = new CpuWatch(first.child.process.pid, ctx.postgres.postmasterPid);
      twoWatch.start();
      secondCpu.start();
      machine = cpuTimes();
      started = performance.now();
      const [a, b] = await Promise.all(
        servers.map((s, i) => runLoad(spec(s, connectionsOf[i] ?? 0, options.durationS))),
      );
      const twoSplitCpu = twoWatch.stop();
      const secondSplit = secondCpu.stop();
      const twoSeconds = (performance.now() - started) / 1000;
      const twoBusy = cpuShares(machine, cpuTimes()).busy;
      if (a === undefined || b === undefined) throw new Error('a load of (d) did not report');
      const two = combine(a, b);
      ctx.say(`    ${Math.round(two.perSecond)} req/s (${a.ok} + ${b.ok})`);
      for (const server of servers) {
        if (server.child.problems.length > 0)
          ctx.say(`an instance logged:\n${server.child.problems.join('\n')}`);
      }
      const presences = await withClient(database, async (client) => {
        const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM presences');
        return rows[0]?.n ?? 0;
      });
      const serverTwo = twoSplitCpu.server + secondSplit.server;
      return {
        one,
        two,
        twoSplit: [a.ok, b.ok],
        cpu: {
          ...(Number.isNaN(oneCpu.server)
            ? {}
            : { one: { split: oneCpu, seconds: oneSeconds, machineBusy: oneBusy } }),
          ...(Number.isNaN(serverTwo)
            ? {}
            : {
                two: {
                  split: { ...twoSplitCpu, server: serverTwo },
                  seconds: twoSeconds,
                  machineBusy: twoBusy,
                },
              }),
        },
        stored: { presences, acknowledged: one.ok + two.ok },
      };
    } finally {
      if (second !== undefined) await ctx.children.stop(second.child);
      await ctx.children.stop(first.child);
    }
  } finally {
    await ctx.postgres.dropDatabase(database).catch((error: unknown) => {
      ctx.say(`could not drop the database of (d): ${(error as Error).message}`);
    });
  }
}

/** Two loads run side by side, as one: replies added up, latencies of the slower side. */
function combine(a: LoadResult, b: LoadResult): LoadResult {
  const seconds = Math.max(a.seconds, b.seconds);
  const slower = a.latency.p99 >= b.latency.p99 ? a : b;
  return {
    seconds,
    connections: a.connections + b.connections,
    ok: a.ok + b.ok,
    perSecond: a.perSecond + b.perSecond,
    latency: slower.latency,
    non2xx: a.non2xx + b.non2xx,
    errors: a.errors + b.errors,
    timeouts: a.timeouts + b.timeouts,
    checked: a.checked + b.checked,
    problems: a.problems + b.problems,
    examples: [...a.examples, ...b.examples],
  };
}
