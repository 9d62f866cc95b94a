import { agentChecks, agentJson, agentVerdicts, printAgentSection } from './agent-report.js';
import { searchVerdicts, soapVerdict, verdictTable, type Verdict } from './verdicts.js';
import type { AgentFigures } from './agent-phases.js';
import type { BareFigures, RegistryLoads, SearchFigures } from './phases.js';
import type { BenchOptions } from './options.js';
import type { RawInsertResult } from './raw-insert.js';
import type { RelayFigures } from './relay-phase.js';
import { printRelaySection, relayChecks, relayJson, relayVerdict } from './relay-report.js';
import {
  batchRow,
  int,
  loadJson,
  loadRow,
  machineLine,
  ms,
  round,
  sequentialJson,
  sequentialRow,
  table,
  type MachineShares,
} from './report-format.js';

/** Everything one run measured. */
export interface BenchFigures
  extends BareFigures, Pick<RegistryLoads, 'single' | 'batch' | 'soap'>, SearchFigures {
  readonly options: BenchOptions;
  readonly startedAt: Date;
  readonly machine: MachineShares;
  readonly raw: RawInsertResult;
  /** What the registry's database held after the load phases, against what the server acknowledged. */
  readonly stored: {
    readonly presences: number;
    readonly clientReferences: number;
    readonly acknowledged: number;
    readonly sent: number;
  };
  /** The site agent's part, (g) to (i), unless `--only registry`. */
  readonly agent?: AgentFigures;
  /** A relay forwarding to its upstream, (u) and (r). */
  readonly relay?: RelayFigures;
}

/**
 * The targets: single registrations b/a ≥ 0.30 (aim 0.40) with p99 ≤ 10 ms, 200-item batches c/f ≥ 0.80, search
 * p99 ≤ 2 ms, a relay's forwarding r/u ≥ 0.80. The search is judged over HTTP and in the store: over HTTP the machine's own jitter is in it (the
 * bare server's GET p99, printed above, is its floor).
 */
export function verdicts(f: BenchFigures): Verdict[] {
  return [...registryVerdicts(f), ...(f.agent === undefined ? [] : agentVerdicts(f.agent))];
}

/** The registry's own targets on SQLite, (a) to (f), and the relay's (r) when measured. */
export function registryVerdicts(f: BenchFigures): Verdict[] {
  const ba = f.single.perSecond / f.bare.perSecond;
  const batchRegistrations = f.batch.perSecond * f.options.batchSize;
  const cf = batchRegistrations / f.raw.perSecond;
  const singleP99 = f.single.latency.p99;
  return [
    {
      key: 'b/a',
      label: 'b/a  single POST vs bare Fastify (aim 0.40)',
      value: ba,
      figure: `${int(f.single.perSecond)} req/s`,
      baseline: `${int(f.bare.perSecond)} req/s`,
      target: '>= 0.30',
      pass: ba >= 0.3,
    },
    {
      key: 'singleP99Ms',
      label: `b    single POST p99, ${f.single.connections} connections (ms)`,
      value: singleP99,
      baseline: `bare ${ms(f.bare.latency.p99)} ms`,
      target: '<= 10',
      pass: singleP99 <= 10,
    },
    {
      key: 'c/f',
      label: `c/f  ${f.options.batchSize}-item POST vs raw inserts`,
      value: cf,
      figure: `${int(batchRegistrations)} reg/s`,
      baseline: `${int(f.raw.perSecond)} reg/s`,
      target: '>= 0.80',
      pass: cf >= 0.8,
    },
    soapVerdict(f),
    ...searchVerdicts(f),
    ...(f.relay === undefined ? [] : [relayVerdict(f.relay)]),
  ];
}

/** Prints the figures as tables, the checks, and one JSON line last. */
export function printReport(f: BenchFigures, out: (line: string) => void): void {
  const o = f.options;
  out('');
  out(
    `sitepresence bench: ${f.startedAt.toISOString()}, node ${process.version}, ${o.durationS} s per load phase` +
      ` after ${o.warmupS} s warm-up${o.quick ? ' (--quick)' : ''}`,
  );
  out(machineLine(f.machine));
  out('');
  const rows: string[][] = [
    ['measure', 'conns', 'throughput', 'p50 ms', 'p99 ms', 'non-2xx'],
    loadRow('(a) bare Fastify POST, same body every time', f.bare, 'req/s'),
    loadRow('(b) POST /api/v1/presences, 1 new item', f.single, 'req/s'),
    batchRow(`(c) POST /api/v1/presences, ${o.batchSize} new items`, f.batch, o.batchSize),
    batchRow(`(s) SOAP registerPresences, ${o.batchSize} new items`, f.soap, o.batchSize),
    [
      `(f) raw better-sqlite3, ${o.batchSize} per transaction`,
      '-',
      `${int(f.raw.perSecond)} reg/s`,
      `${ms(f.raw.transaction.p50)} tx`,
      `${ms(f.raw.transaction.p99)} tx`,
      '-',
    ],
    sequentialRow("(a') bare Fastify GET, search-sized reply", '1', f.bareGet),
    sequentialRow('(e) search one workplace-day, HTTP', '1', f.search.oneDay),
    sequentialRow('    search random workplace-days, HTTP', '1', f.search.randomDays),
    sequentialRow('    search one workplace-day, store only', '-', f.search.store),
  ];
  table(rows, out);
  out('');
  const mib = (f.seed.fileBytes / 2 ** 20).toFixed(0);
  out(
    `(e) ${int(f.seed.rows)} presences stored: ${int(o.seed.workplaces)} workplaces x ${o.seed.days} days` +
      ` x ${o.seed.workersPerDay} workers, ${mib} MiB, seeded in ${f.seed.seconds.toFixed(1)} s` +
      ` (${f.seed.indexSeconds.toFixed(1)} s of it building the indexes)`,
  );
  out(
    `    ${int(o.search.count)} sequential searches after ${o.search.warmup} warm-up, each finding ${o.seed.workersPerDay} presences`,
  );
  out('');
  if (f.relay !== undefined) {
    printRelaySection(f.relay, out);
    out('');
  }
  if (f.agent !== undefined) {
    printAgentSection(f.agent, out, {
      connections: f.batch.connections,
      registrationsPerSecond: f.batch.perSecond * o.batchSize,
    });
    out('');
  }
  const results = verdicts(f);
  verdictTable(results, out);
  out('');
  for (const line of checks(f)) out(line);
  out('');
  out(JSON.stringify(toJson(f, results)));
}

function checks(f: BenchFigures): string[] {
  const lines: string[] = [];
  const loads = [
    ['a', f.bare],
    ['b', f.single],
    ['c', f.batch],
    ['s', f.soap],
  ] as const;
  const checked = f.single.checked + f.batch.checked + f.soap.checked;
  const problems = f.single.problems + f.batch.problems + f.soap.problems;
  const failures = loads.reduce((sum, [, r]) => sum + r.non2xx + r.errors + r.timeouts, 0);
  lines.push(
    `checks: ${int(checked)} sampled registration replies, ${problems} not REGISTERED-and-new;` +
      ` ${failures} non-2xx, errors or timeouts in (a)-(c) and (s)`,
  );
  const s = f.stored;
  const consistent =
    s.presences === s.clientReferences && s.presences >= s.acknowledged && s.presences <= s.sent;
  lines.push(
    `stored: ${int(s.presences)} presences and ${int(s.clientReferences)} client references after (b), (c) and (s);` +
      ` ${int(s.acknowledged)} acknowledged, ${int(s.sent)} sent (warm-ups included)` +
      ` ${consistent ? '— consistent' : '— INCONSISTENT'}`,
  );
  const sequential = [f.bareGet, f.search.oneDay, f.search.randomDays, f.search.store];
  lines.push(`search replies not as expected: ${sequential.reduce((sum, r) => sum + r.problems, 0)}`);
  for (const [name, r] of loads) for (const example of r.examples) lines.push(`  (${name}) ${example}`);
  for (const r of sequential) for (const example of r.examples) lines.push(`  (e) ${example}`);
  if (f.relay !== undefined) lines.push(...relayChecks(f.relay));
  if (f.agent !== undefined) lines.push(...agentChecks(f.agent));
  return lines;
}

function toJson(f: BenchFigures, results: readonly Verdict[]): unknown {
  const o = f.options;
  return {
    bench: 'sitepresence',
    date: f.startedAt.toISOString(),
    node: process.version,
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
    f: {
      regPerS: round(f.raw.perSecond),
      batchSize: o.batchSize,
      txP50Ms: round(f.raw.transaction.p50),
      txP99Ms: round(f.raw.transaction.p99),
    },
    e: {
      presences: f.seed.rows,
      seedSeconds: round(f.seed.seconds),
      seedIndexSeconds: round(f.seed.indexSeconds),
      requests: o.search.count,
      http: sequentialJson(f.search.oneDay),
      httpRandomDays: sequentialJson(f.search.randomDays),
      store: sequentialJson(f.search.store),
    },
    stored: f.stored,
    ...(f.relay === undefined ? {} : { relay: relayJson(f.relay) }),
    ...(f.agent === undefined ? {} : { agent: agentJson(f.agent) }),
    ratios: Object.fromEntries(
      results.map((v) => [v.key, { value: round(v.value), target: v.target, pass: v.pass }]),
    ),
  };
}
