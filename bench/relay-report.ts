import type { BenchOptions } from './options.js';
import type { RelayFigures } from './relay-phase.js';
import { int, machineLine, ms, round, table, type MachineShares } from './report-format.js';
import { verdictTable, type Verdict } from './verdicts.js';

/** The relay's target: forwarding at least 0.80 × the upstream's own ingest of the same 200-item calls. */
export const RELAY_TARGET = 0.8;

/**
 * The relay's target: registrations a second from the relay's acknowledgement to the upstream's receipt (r), at
 * least 0.80 × the upstream's own ingest of signed 200-item calls sent one at a time (u), in the same run.
 */
export function relayVerdict(r: RelayFigures): Verdict {
  const value = r.forwarding.perSecond / r.ingest.perSecond;
  return {
    key: 'r/u',
    label: `r/u  relay forwarding vs upstream's own ${r.batchSize}-item SOAP ingest`,
    value,
    figure: `${int(r.forwarding.perSecond)} reg/s`,
    baseline: `${int(r.ingest.perSecond)} reg/s`,
    target: `>= ${RELAY_TARGET.toFixed(2)}`,
    pass: value >= RELAY_TARGET,
  };
}

/** Prints the relay's figures: (u) the upstream's own ingest, before and after (r), and (r) the forwarding. */
export function printRelaySection(r: RelayFigures, out: (line: string) => void): void {
  const { ingest: u, forwarding: f } = r;
  out(
    `relay: a relay and its upstream, both SQLite, ${r.workplaces} workplaces declared on both,` +
      ` presences of ${r.day}, ${r.batchSize} a call, each side timed after ${r.warmupCalls} untimed calls`,
  );
  table(
    [
      ['measure', 'registrations', 'seconds', 'throughput', 'p50 ms', 'p99 ms'],
      [
        `(u) upstream's own SOAP ingest, ${r.batchSize} items a call, one at a time`,
        int(u.registrations),
        u.seconds.toFixed(2),
        `${int(u.perSecond)} reg/s`,
        ms(u.latency.p50),
        ms(u.latency.p99),
      ],
      ['    before (r)', int(u.before.registrations), u.before.seconds.toFixed(2), rate(u.before), '', ''],
      ['    after (r)', int(u.after.registrations), u.after.seconds.toFixed(2), rate(u.after), '', ''],
      [
        `(r) relay: first acknowledgement to all forwarded upstream`,
        int(f.registrations),
        f.seconds.toFixed(2),
        `${int(f.perSecond)} reg/s`,
        '',
        '',
      ],
      [
        `    registering on the relay, POST ${r.batchSize} items, one at a time`,
        int(f.registrations),
        f.registeringSeconds.toFixed(2),
        `${int(f.registrations / f.registeringSeconds)} reg/s`,
        ms(f.registerLatency.p50),
        ms(f.registerLatency.p99),
      ],
    ],
    out,
  );
  out(
    `    (u) calls signed by the bench before each run: ${ms(u.signMs)} ms a call (the relay signs each call in its` +
      ' round); latencies are per call, sent to answer read',
  );
  if (f.checkedDuring > 0) {
    out(
      `    (r) outlasted the 30 s after which the relay asks for each forwarded presence's check: it asked for` +
        ` ${int(f.checkedDuring)} meanwhile, one call each, in the rounds that forward — (r) is not forwarding alone`,
    );
  }
}

/** What to check in the relay's figures: replies, the relay's states once forwarded, and what each registry holds. */
export function relayChecks(r: RelayFigures): string[] {
  const { ingest: u, forwarding: f, stored: s } = r;
  const states = Object.entries(f.byStatus)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${status} ${int(n)}`)
    .join(', ');
  const consistent = s.upstream === s.upstreamExpected && s.relay === s.relayExpected;
  const lines = [
    `relay checks: ${u.problems} of (u)'s ${int(u.registrations / r.batchSize)} answers and ${f.problems} of (r)'s` +
      ` ${int(f.registrations / r.batchSize)} replies or states not as expected; relay's presences upstream, warm-up included: ${states}` +
      (f.checkedDuring > 0 ? ` (${int(f.checkedDuring)} checks asked for during (r), each a call)` : ''),
    `relay stored: ${int(s.upstream)} presences upstream (${int(s.upstreamExpected)} from (u) and (r)),` +
      ` ${int(s.relay)} on the relay (${int(s.relayExpected)} from (r)), warm-ups included` +
      ` ${consistent ? '— consistent' : '— INCONSISTENT'}`,
  ];
  if (f.relayProblems.length > 0) lines.push(`relay logged ${f.relayProblems.length} warnings or errors:`);
  for (const example of u.examples) lines.push(`  (u) ${example}`);
  for (const example of f.examples) lines.push(`  (r) ${example}`);
  for (const problem of f.relayProblems) lines.push(`  (r) ${problem.slice(0, 300)}`);
  return lines;
}

/** The relay's figures in the JSON line. */
export function relayJson(r: RelayFigures) {
  const { ingest: u, forwarding: f } = r;
  return {
    batchSize: r.batchSize,
    workplaces: r.workplaces,
    u: {
      registrations: u.registrations,
      regPerS: round(u.perSecond),
      beforeRegPerS: round(u.before.perSecond),
      afterRegPerS: round(u.after.perSecond),
      p50Ms: round(u.latency.p50),
      p99Ms: round(u.latency.p99),
      signMs: round(u.signMs),
      problems: u.problems,
    },
    r: {
      registrations: f.registrations,
      seconds: round(f.seconds),
      regPerS: round(f.perSecond),
      registeringSeconds: round(f.registeringSeconds),
      byStatus: f.byStatus,
      checkedDuring: f.checkedDuring,
      problems: f.problems,
      relayProblems: f.relayProblems.length,
    },
    stored: r.stored,
  };
}

/** What `--only relay` measured. */
export interface RelayBenchFigures {
  readonly options: BenchOptions;
  readonly startedAt: Date;
  readonly machine: MachineShares;
  readonly relay: RelayFigures;
}

/** Prints the relay's part alone (`--only relay`), its target, its checks, and one JSON line last. */
export function printRelayReport(f: RelayBenchFigures, out: (line: string) => void): void {
  out('');
  out(
    `sitepresence bench, relay only: ${f.startedAt.toISOString()}, node ${process.version},` +
      ` ${int(f.options.relayRegistrations)} registrations forwarded${f.options.quick ? ' (--quick)' : ''}`,
  );
  out(machineLine(f.machine));
  out('');
  printRelaySection(f.relay, out);
  out('');
  const results = [relayVerdict(f.relay)];
  verdictTable(results, out);
  out('');
  for (const line of relayChecks(f.relay)) out(line);
  out('');
  out(
    JSON.stringify({
      bench: 'sitepresence',
      part: 'relay',
      date: f.startedAt.toISOString(),
      node: process.version,
      machine: {
        busyBefore: round(f.machine.idleBefore.busy),
        busyAfter: round(f.machine.idleAfter.busy),
        stealDuring: round(f.machine.during.steal),
      },
      mode: f.options.quick ? 'quick' : 'full',
      relay: relayJson(f.relay),
      ratios: Object.fromEntries(
        results.map((v) => [v.key, { value: round(v.value), target: v.target, pass: v.pass }]),
      ),
    }),
  );
}

function rate(run: { readonly perSecond: number }): string {
  return `${int(run.perSecond)} reg/s`;
}
