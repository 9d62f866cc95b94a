import type { AgentFigures, CaptureTiming } from './agent-phases.js';
import { BATCHES_IN_FLIGHT } from '../src/agent/forwarder.js';
import { ROUND_STEPS } from './agent-timing.js';
import type { BenchOptions } from './options.js';
import { int, machineLine, ms, round, table, type MachineShares } from './report-format.js';
import { verdictTable, type Verdict } from './verdicts.js';
import type { LatencySummary } from './stats.js';

/**
 * The targets of the site agent: capture p99 ≤ 5 ms (one at a time, and from many kiosks); i/h ≥ 0.80; sending
 * again within 2 s of the registry answering after an outage.
 */
export function agentVerdicts(a: AgentFigures): Verdict[] {
  const one = a.capture.sequential.latency.p99;
  const many = a.capture.burst.latency.p99;
  const ih = a.drain.perSecond / a.ingest.perSecond;
  return [
    {
      key: 'captureP99Ms',
      label: 'g    capture p99, one at a time (ms)',
      value: one,
      target: '<= 5',
      pass: one <= 5,
    },
    {
      key: 'captureBurstP99Ms',
      label: `g    capture p99, ${a.capture.burst.kiosks} kiosks at once (ms)`,
      value: many,
      target: '<= 5',
      pass: many <= 5,
    },
    {
      key: 'i/h',
      label: 'i/h  agent drain vs batch ingest',
      value: ih,
      figure: `${int(a.drain.perSecond)} reg/s`,
      baseline: `${int(a.ingest.perSecond)} reg/s`,
      target: '>= 0.80',
      pass: ih >= 0.8,
    },
    {
      key: 'resumeS',
      label: 'j    agent resumes sending after the registry answers again (s)',
      value: a.resume.seconds,
      target: '<= 2',
      pass: a.resume.seconds <= 2 && a.resume.sent === a.resume.captures,
    },
  ];
}

/** What (c) measured in the same run, to set the drain against it (for information: no target). */
export interface ConcurrentBatch {
  readonly connections: number;
  readonly registrationsPerSecond: number;
}

/** Prints the site agent's figures: (g) capture latency, (h) the registry's batch ingest, (i) the drain. */
export function printAgentSection(a: AgentFigures, out: (line: string) => void, c?: ConcurrentBatch): void {
  const { capture, ingest, drain, resume } = a;
  const b = drain.breakdown;
  out(
    `site agent: journals on ${capture.fileSystem} (synchronous=FULL), captures of ${a.day} (Brussels)` +
      (a.dayAtEnd === a.day ? '' : ` — the run CROSSED MIDNIGHT (the drain ended on ${a.dayAtEnd})`),
  );
  table(
    [
      ['measure', 'conns', 'throughput', 'p50 ms', 'p99 ms', 'max ms'],
      captureRow('(g) capture to the journal, one at a time', capture.sequential),
      captureRow(`(g) capture to the journal, ${capture.burst.kiosks} kiosks at once`, capture.burst),
      latencyRow(
        "(g') one-row SQLite commit (one fsync)",
        '1',
        `${int(1000 / capture.floor.mean)} /s`,
        capture.floor,
      ),
      latencyRow(
        `(h) POST /api/v1/presences, ${ingest.batchSize} items, one at a time`,
        '1',
        `${int(ingest.perSecond)} reg/s (${int(ingest.requests / ingest.seconds)} req/s)`,
        ingest.latency,
      ),
      latencyRow(
        '    of which the run before (i)',
        '1',
        `${int(ingest.before.perSecond)} reg/s`,
        ingest.before.latency,
      ),
      latencyRow(
        '    and the run after (i)',
        '1',
        `${int(ingest.after.perSecond)} reg/s`,
        ingest.after.latency,
      ),
      latencyRow(
        `(i) Forwarder drain, ${ingest.batchSize} a round, ${BATCHES_IN_FLIGHT} out at once (per round)`,
        String(BATCHES_IN_FLIGHT),
        `${int(drain.perSecond)} reg/s (${int(b.rounds / drain.seconds)} rounds/s)`,
        b.round,
      ),
    ],
    out,
  );
  out('');
  out(
    `(g) each capture timed from the call of captureAtGate to its promise resolved (on disk), in a fresh journal;` +
      ` ${int(capture.sequential.warmup)} untimed first; the kiosks each wait for their acknowledgement`,
  );
  out(
    `(h) the registry's own ingest, measured in this run, once before (i) and once after: each time a fresh` +
      ` registry of its own and the same ${int(ingest.items)} registrations as (i) (workers, workplace, day,` +
      ` channel GATEWAY, clientReferences UUID v7 as captures draw theirs), ${ingest.batchSize} a request, one` +
      ` request at a time on one connection as the Forwarder sends them; bodies made beforehand`,
  );
  out(
    `(i) ${int(drain.captures)} captures journaled beforehand in ${drain.journalSeconds.toFixed(1)} s (set-up, untimed),` +
      ` drained in ${drain.seconds.toFixed(1)} s over ${int(b.rounds)} rounds into a fresh registry:`,
  );
  out(`    ${ROUND_STEPS.map((step) => `${step} ${ms(b.steps[step].mean)}`).join(', ')} (mean ms a step)`);
  out(
    `    register (the HTTP client, JSON both ways, the registry, with ${BATCHES_IN_FLIGHT} batches out at once)` +
      ` ${ms(b.steps.register.mean)} vs (h)'s ${ms(ingest.latency.mean)} a request, one at a time; a round` +
      ` (from one batch sent to the next) ${ms(b.round.mean)}: the journal's steps are done while batches are out`,
  );
  out(
    `(j) the registry stopped while ${int(resume.captures)} captures wait; once the Forwarder had failed` +
      ` ${resume.failedRounds} rounds in a row (its backoff's step ${resume.backoffStepS} s: a wait of` +
      ` ${resume.backoffStepS / 2}–${resume.backoffStepS} s), started again on its port and database: the first batch` +
      ` acknowledged ${resume.seconds.toFixed(2)} s after its status answered`,
  );
  if (c !== undefined) {
    out(
      `    for information, (c) at ${c.connections} connections: ${int(c.registrationsPerSecond)} reg/s;` +
        ` i/c = ${(drain.perSecond / c.registrationsPerSecond).toFixed(2)} (no target: (c) keeps` +
        ` ${c.connections} batches in flight, the Forwarder one)`,
    );
  }
}

function captureRow(name: string, r: CaptureTiming): string[] {
  return latencyRow(name, String(r.kiosks), `${int(r.perSecond)} /s`, r.latency);
}

function latencyRow(name: string, conns: string, throughput: string, l: LatencySummary): string[] {
  return [name, conns, throughput, ms(l.p50), ms(l.p99), ms(l.max)];
}

/** What was checked of the agent's phases: every capture journaled, every registration stored once. */
export function agentChecks(a: AgentFigures): string[] {
  const { capture, ingest, drain } = a;
  const lines: string[] = [];
  const captureProblems = capture.sequential.problems + capture.burst.problems;
  lines.push(`agent (g): ${captureProblems} captures not journaled as pending for the worker presented`);
  const runs = [ingest.before, ingest.after];
  const ingestConsistent = runs.every(
    (r) => r.stored.presences === ingest.items && r.stored.clientReferences === ingest.items,
  );
  lines.push(
    `agent (h): ${int(ingest.checked)} sampled replies, ${ingest.problems} not REGISTERED-and-new;` +
      ` ${runs.map((r) => int(r.stored.presences)).join(' and ')} presences and` +
      ` ${runs.map((r) => int(r.stored.clientReferences)).join(' and ')} client references stored for` +
      ` ${int(ingest.items)} sent each time ${ingestConsistent ? '— consistent' : '— INCONSISTENT'}`,
  );
  const j = drain.journal;
  const drainConsistent =
    j.SENT === drain.captures &&
    drain.duplicates === 0 &&
    drain.stored.presences === drain.captures &&
    drain.stored.clientReferences === drain.captures;
  lines.push(
    `agent (i): journal ${int(j.SENT)} sent (${int(drain.duplicates)} duplicates), ${int(j.PENDING)} pending,` +
      ` ${int(j.REJECTED)} rejected, ${int(j.HELD)} held, ${int(j.UNRESOLVED)} unresolved;` +
      ` ${drain.breakdown.failedAttempts} failed attempts; the registry stored ${int(drain.stored.presences)}` +
      ` presences for ${int(drain.captures)} captures ${drainConsistent ? '— consistent' : '— INCONSISTENT'}`,
  );
  lines.push(
    `agent (j): ${int(a.resume.sent)} of ${int(a.resume.captures)} captures sent once the registry was back` +
      (a.resume.sent === a.resume.captures ? ' — consistent' : ' — INCOMPLETE'),
  );
  if (a.dayAtEnd !== a.day) {
    lines.push(
      `agent: the run crossed midnight in Brussels (captures of ${a.day}, drain ended on ${a.dayAtEnd}):` +
        ' captures not sent by then were held, and (i) is not comparable to (h)',
    );
  }
  for (const example of [...capture.sequential.examples, ...capture.burst.examples])
    lines.push(`  (g) ${example}`);
  for (const example of ingest.examples) lines.push(`  (h) ${example}`);
  for (const failure of drain.breakdown.failures) lines.push(`  (i) ${failure}`);
  return lines;
}

/** The site agent's figures in the JSON line. */
export function agentJson(a: AgentFigures) {
  const { capture, ingest, drain } = a;
  const latency = (l: LatencySummary) => ({ p50Ms: round(l.p50), p99Ms: round(l.p99), maxMs: round(l.max) });
  const b = drain.breakdown;
  return {
    day: a.day,
    crossedMidnight: a.dayAtEnd !== a.day,
    fileSystem: capture.fileSystem,
    g: {
      sequential: { ...latency(capture.sequential.latency), perS: round(capture.sequential.perSecond) },
      burst: {
        ...latency(capture.burst.latency),
        perS: round(capture.burst.perSecond),
        kiosks: capture.burst.kiosks,
      },
      floor: latency(capture.floor),
    },
    h: {
      regPerS: round(ingest.perSecond),
      items: ingest.items,
      batchSize: ingest.batchSize,
      ...latency(ingest.latency),
      before: { regPerS: round(ingest.before.perSecond), ...latency(ingest.before.latency) },
      after: { regPerS: round(ingest.after.perSecond), ...latency(ingest.after.latency) },
    },
    i: {
      regPerS: round(drain.perSecond),
      captures: drain.captures,
      seconds: round(drain.seconds),
      journalSeconds: round(drain.journalSeconds),
      rounds: b.rounds,
      round: latency(b.round),
      stepMeanMs: Object.fromEntries(ROUND_STEPS.map((step) => [step, round(b.steps[step].mean)])),
      failedAttempts: b.failedAttempts,
      sent: drain.journal.SENT,
      duplicates: drain.duplicates,
      stored: drain.stored.presences,
    },
    j: {
      seconds: round(a.resume.seconds),
      failedRounds: a.resume.failedRounds,
      backoffStepS: a.resume.backoffStepS,
      sent: a.resume.sent,
      captures: a.resume.captures,
    },
  };
}

/** What `--only agent` measured. */
export interface AgentBenchFigures {
  readonly options: BenchOptions;
  readonly startedAt: Date;
  readonly machine: MachineShares;
  readonly agent: AgentFigures;
}

/** Prints the site agent's part alone (`--only agent`), its targets, its checks, and one JSON line last. */
export function printAgentReport(f: AgentBenchFigures, out: (line: string) => void): void {
  out('');
  out(
    `sitepresence bench, site agent only: ${f.startedAt.toISOString()}, node ${process.version},` +
      ` ${int(f.options.agent.drainCaptures)} captures drained${f.options.quick ? ' (--quick)' : ''}`,
  );
  out(machineLine(f.machine));
  out('');
  printAgentSection(f.agent, out);
  out('');
  const results = agentVerdicts(f.agent);
  verdictTable(results, out);
  out('');
  for (const line of agentChecks(f.agent)) out(line);
  out('');
  out(
    JSON.stringify({
      bench: 'sitepresence',
      part: 'agent',
      date: f.startedAt.toISOString(),
      node: process.version,
      machine: {
        busyBefore: round(f.machine.idleBefore.busy),
        busyAfter: round(f.machine.idleAfter.busy),
        stealDuring: round(f.machine.during.steal),
      },
      mode: f.options.quick ? 'quick' : 'full',
      agent: agentJson(f.agent),
      ratios: Object.fromEntries(
        results.map((v) => [v.key, { value: round(v.value), target: v.target, pass: v.pass }]),
      ),
    }),
  );
}
