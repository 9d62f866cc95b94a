import { cpus } from 'node:os';
import type { LoadResult } from './load.js';
import type { BenchOptions } from './options.js';
import type { PhaseCpu, RegistryLoads } from './phases.js';
import type { InstancesFigures } from './postgres-instances.js';
import type { BarePostgresFigures, PostgresSearchFigures } from './postgres-phases.js';
import type { BenchPostgres } from './postgres-server.js';
import { searchVerdicts, soapVerdict, verdictTable, type Verdict } from './verdicts.js';
import {
  batchRow,
  int,
  loadJson,
  loadRow,
  pct,
  round,
  sequentialJson,
  sequentialRow,
  table,
} from './report-format.js';

/** Shares (0 to 1) of the machine's CPU time. */
interface Shares {
  readonly busy: number;
  readonly steal: number;
}

/** Everything one PostgreSQL run measured. */
export interface PostgresBenchFigures extends BarePostgresFigures, RegistryLoads, PostgresSearchFigures {
  readonly options: BenchOptions;
  readonly startedAt: Date;
  readonly machine: { readonly idleBefore: Shares; readonly idleAfter: Shares; readonly during: Shares };
  readonly postgres: Pick<BenchPostgres, 'source' | 'version' | 'settings'>;
  /** (d): one instance against two on the same database. */
  readonly instances: InstancesFigures;
}

/**
 * The targets on PostgreSQL: b/a ≥ 0.60, aiming at 0.90 (the registry against a bare insert per request, same
 * connections and pool), c ≥ 3 × b in registrations per second, two instances on one database at least as fast as
 * one (d2/d1), search p99 ≤ 2 ms over HTTP and in the store.
 */
export function postgresVerdicts(f: PostgresBenchFigures): Verdict[] {
  const ba = f.single.perSecond / f.bare.perSecond;
  const batchRegistrations = f.batch.perSecond * f.options.batchSize;
  const cb = batchRegistrations / f.single.perSecond;
  const twoOverOne = f.instances.two.perSecond / f.instances.one.perSecond;
  return [
    {
      key: 'b/a',
      label: 'b/a  single POST vs bare Fastify + pg insert (aim 0.90)',
      value: ba,
      figure: `${int(f.single.perSecond)} req/s`,
      baseline: `${int(f.bare.perSecond)} req/s`,
      target: '>= 0.60',
      pass: ba >= 0.6,
    },
    {
      key: 'c/b',
      label: 'c/b  batch vs single, registrations/s',
      value: cb,
      figure: `${int(batchRegistrations)} reg/s`,
      baseline: `${int(f.single.perSecond)} reg/s`,
      target: '>= 3',
      pass: cb >= 3,
    },
    {
      key: 'd2/d1',
      label: 'd2/d1 two instances vs one, req/s',
      value: twoOverOne,
      figure: `${int(f.instances.two.perSecond)} req/s`,
      baseline: `${int(f.instances.one.perSecond)} req/s`,
      target: '>= 1.00',
      pass: twoOverOne >= 1,
    },
    soapVerdict(f),
    ...searchVerdicts(f),
  ];
}

export function printPostgresReport(f: PostgresBenchFigures, out: (line: string) => void): void {
  const o = f.options;
  const s = f.postgres.settings;
  out('');
  out(
    `sitepresence bench on PostgreSQL: ${f.startedAt.toISOString()}, node ${process.version},` +
      ` ${o.durationS} s per load phase after ${o.warmupS} s warm-up${o.quick ? ' (--quick)' : ''}`,
  );
  out(
    `${f.postgres.version}, ${f.postgres.source}: shared_buffers ${s.shared_buffers},` +
      ` synchronous_commit ${s.synchronous_commit}, fsync ${s.fsync} (${s.wal_sync_method}),` +
      ` max_connections ${s.max_connections}; a pool of ${o.postgresPoolSize} connections in (a) and in the` +
      ` registry (b, c)`,
  );
  const m = f.machine;
  const others = Math.max(m.idleBefore.busy, m.idleAfter.busy, m.idleBefore.steal, m.idleAfter.steal);
  out(
    `CPU with the bench idle: ${pct(m.idleBefore.busy)} busy before, ${pct(m.idleAfter.busy)} after;` +
      ` stolen by the hypervisor: ${pct(m.idleBefore.steal)} before, ${pct(m.during.steal)} during the run,` +
      ` ${pct(m.idleAfter.steal)} after` +
      (others > 0.1 || m.during.steal > 0.05 ? ' — a shared machine: the figures below are skewed' : ''),
  );
  out('');
  table(
    [
      ['measure', 'conns', 'throughput', 'p50 ms', 'p99 ms', 'non-2xx'],
      loadRow('(a) bare Fastify + pg pool, 1 INSERT per request', f.bare, 'req/s'),
      loadRow('(b) POST /api/v1/presences, 1 new item', f.single, 'req/s'),
      batchRow(`(c) POST /api/v1/presences, ${o.batchSize} new items`, f.batch, o.batchSize),
      batchRow(`(s) SOAP registerPresences, ${o.batchSize} new items`, f.soap, o.batchSize),
      loadRow('(d1) as (b), the same run, one instance', f.instances.one, 'req/s'),
      loadRow(
        `(d2) as (b), two instances (${int(f.instances.twoSplit[0])} + ${int(f.instances.twoSplit[1])} replies)`,
        f.instances.two,
        'req/s',
      ),
      sequentialRow("(a') bare Fastify GET, search-sized reply", '1', f.bareGet),
      sequentialRow('(e) search one workplace-day, HTTP', '1', f.search.oneDay),
      sequentialRow('    search random workplace-days, HTTP', '1', f.search.randomDays),
      sequentialRow('    search one workplace-day, store only', '-', f.search.store),
    ],
    out,
  );
  out('');
  const cpuRows = cpuTable(f);
  if (cpuRows.length > 0) {
    out(
      `CPU time of the measured phases, in ms per request (per registration for c); ${cpus().length} cores:`,
    );
    table(
      [['phase', 'server', 'PostgreSQL', 'bench (autocannon)', 'all three', 'machine busy'], ...cpuRows],
      out,
    );
    out('');
  }
  const seed = f.seed;
  out(
    `(e) ${int(seed.rows)} presences stored: ${int(o.seed.workplaces)} workplaces x ${o.seed.days} days` +
      ` x ${o.seed.workersPerDay} workers, database ${(seed.databaseBytes / 2 ** 20).toFixed(0)} MiB,` +
      ` seeded in ${seed.seconds.toFixed(1)} s (${seed.indexSeconds.toFixed(1)} s of it building the` +
      ` indexes, ${seed.vacuumSeconds.toFixed(1)} s VACUUM ANALYZE)`,
  );
  out(`    rows per partition: ${partitionList(seed.partitions)}`);
  out(
    `    ${int(o.search.count)} sequential searches after ${o.search.warmup} warm-up, each finding ${o.seed.workersPerDay} presences`,
  );
  out('');
  const results = postgresVerdicts(f);
  verdictTable(results, out);
  out('');
  for (const line of checks(f)) out(line);
  out('');
  out('(f) EXPLAIN (ANALYZE, BUFFERS) on the seeded database, each search run once unexplained before:');
  for (const plan of f.plans) {
    out('');
    out(`--- ${plan.title}`);
    out(plan.sql);
    out(`-- parameters: ${JSON.stringify(plan.params)}`);
    for (const line of plan.plan) out(`    ${line}`);
  }
  out('');
  out(JSON.stringify(toJson(f, results)));
}

function cpuTable(f: PostgresBenchFigures): string[][] {
  const row = (name: string, r: LoadResult, cpu: PhaseCpu | undefined, per: number): string[] => {
    if (cpu === undefined) return [];
    const done = r.ok * per;
    const each = (seconds: number | undefined): string =>
      seconds === undefined || !Number.isFinite(seconds) ? '-' : ((seconds * 1000) / done).toFixed(3);
    const { server, database, bench } = cpu.split;
    return [
      name,
      each(server),
      each(database),
      each(bench),
      each(server + (database ?? 0) + bench),
      pct(cpu.machineBusy),
    ];
  };
  return [
    row('(a) bare + pg', f.bare, f.bareCpu, 1),
    row('(b) registry, 1 item', f.single, f.cpu.single, 1),
    row(`(c) registry, ${f.options.batchSize} items`, f.batch, f.cpu.batch, f.options.batchSize),
    row('(d1) one instance', f.instances.one, f.instances.cpu.one, 1),
    row('(d2) two instances', f.instances.two, f.instances.cpu.two, 1),
  ].filter((r) => r.length > 0);
}

function checks(f: PostgresBenchFigures): string[] {
  const lines: string[] = [];
  const loads = [
    ['a', f.bare],
    ['b', f.single],
    ['c', f.batch],
    ['s', f.soap],
    ['d1', f.instances.one],
    ['d2', f.instances.two],
  ] as const;
  const checked = f.single.checked + f.batch.checked + f.soap.checked;
  const problems = f.single.problems + f.batch.problems + f.soap.problems;
  const failures = loads.reduce((sum, [, r]) => sum + r.non2xx + r.errors + r.timeouts, 0);
  lines.push(
    `checks: ${int(checked)} sampled registration replies, ${problems} not REGISTERED-and-new;` +
      ` ${f.bare.problems} of ${int(f.bare.checked)} sampled (a) replies without an id;` +
      ` ${failures} non-2xx, errors or timeouts in (a)-(d) and (s)`,
  );
  const d = f.instances.stored;
  lines.push(
    `stored by (d): ${int(d.presences)} presences; ${int(d.acknowledged)} acknowledged (warm-ups not counted)` +
      ` ${d.presences >= d.acknowledged ? '— consistent' : '— INCONSISTENT'}`,
  );
  const bareRows = Object.values(f.bareStored.partitions).reduce((sum, n) => sum + n, 0);
  lines.push(
    `stored by (a): ${partitionList(f.bareStored.partitions)}; ${int(f.bareStored.acknowledged)} acknowledged` +
      ` ${bareRows >= f.bareStored.acknowledged ? '— consistent' : '— INCONSISTENT'}`,
  );
  const s = f.stored;
  const consistent =
    s.presences === s.clientReferences &&
    s.presences === s.presenceKeys &&
    s.presences >= s.acknowledged &&
    s.presences <= s.sent;
  lines.push(
    `stored by (b), (c) and (s): ${int(s.presences)} presences, ${int(s.clientReferences)} client references,` +
      ` ${int(s.presenceKeys ?? Number.NaN)} presence keys; ${int(s.acknowledged)} acknowledged,` +
      ` ${int(s.sent)} sent (warm-ups included) ${consistent ? '— consistent' : '— INCONSISTENT'}`,
  );
  const sequential = [f.bareGet, f.search.oneDay, f.search.randomDays, f.search.store];
  lines.push(`search replies not as expected: ${sequential.reduce((sum, r) => sum + r.problems, 0)}`);
  for (const [name, r] of loads) for (const example of r.examples) lines.push(`  (${name}) ${example}`);
  for (const r of sequential) for (const example of r.examples) lines.push(`  (e) ${example}`);
  return lines;
}

function partitionList(partitions: Readonly<Record<string, number>>): string {
  const entries = Object.entries(partitions);
  return entries.length === 0 ? 'no rows' : entries.map(([name, n]) => `${name} ${int(n)}`).join(', ');
}

function toJson(f: PostgresBenchFigures, results: readonly Verdict[]): unknown {
  const o = f.options;
  const cpuJson = (r: LoadResult, cpu: PhaseCpu | undefined, per: number) => {
    if (cpu === undefined) return undefined;
    const perItem = (seconds: number | undefined) =>
      seconds === undefined || !Number.isFinite(seconds)
        ? null
        : Math.round((seconds * 1e6) / (r.ok * per)) / 1000;
    return {
      server: perItem(cpu.split.server),
      postgres: perItem(cpu.split.database),
      bench: perItem(cpu.split.bench),
      machineBusy: round(cpu.machineBusy),
    };
  };
  return {
    bench: 'sitepresence',
    database: 'postgres',
    date: f.startedAt.toISOString(),
    node: process.version,
    postgres: {
      version: f.postgres.version,
      source: f.postgres.source,
      ...f.postgres.settings,
      poolSize: o.postgresPoolSize,
    },
    machine: {
      busyBefore: round(f.machine.idleBefore.busy),
      busyAfter: round(f.machine.idleAfter.busy),
      stealDuring: round(f.machine.during.steal),
    },
    mode: o.quick ? 'quick' : 'full',
    phaseSeconds: o.durationS,
    a: loadJson(f.bare),
    aGet: sequentialJson(f.bareGet),
    b: loadJson(f.single),
    c: { ...loadJson(f.batch), batchSize: o.batchSize, regPerS: round(f.batch.perSecond * o.batchSize) },
    s: { ...loadJson(f.soap), batchSize: o.batchSize, regPerS: round(f.soap.perSecond * o.batchSize) },
    d1: loadJson(f.instances.one),
    d2: { ...loadJson(f.instances.two), split: f.instances.twoSplit },
    cpuMs: {
      aPerRequest: cpuJson(f.bare, f.bareCpu, 1),
      bPerRequest: cpuJson(f.single, f.cpu.single, 1),
      cPerRegistration: cpuJson(f.batch, f.cpu.batch, o.batchSize),
      d1PerRequest: cpuJson(f.instances.one, f.instances.cpu.one, 1),
      d2PerRequest: cpuJson(f.instances.two, f.instances.cpu.two, 1),
    },
    e: {
      presences: f.seed.rows,
      databaseMiB: Math.round(f.seed.databaseBytes / 2 ** 20),
      seedSeconds: round(f.seed.seconds),
      seedIndexSeconds: round(f.seed.indexSeconds),
      seedVacuumSeconds: round(f.seed.vacuumSeconds),
      requests: o.search.count,
      http: sequentialJson(f.search.oneDay),
      httpRandomDays: sequentialJson(f.search.randomDays),
      store: sequentialJson(f.search.store),
    },
    f: Object.fromEntries(
      f.plans.map((p) => [p.key, { planningMs: p.planningMs, executionMs: p.executionMs }]),
    ),
    stored: { ...f.stored, bare: f.bareStored },
    ratios: Object.fromEntries(
      results.map((v) => [v.key, { value: round(v.value), target: v.target, pass: v.pass }]),
    ),
  };
}
