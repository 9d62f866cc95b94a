import type { LoadResult } from './load.js';
import type { SequentialResult } from './sequential.js';

/** Shares (0 to 1) of the machine's CPU time. */
interface Shares {
  readonly busy: number;
  readonly steal: number;
}

/** CPU shares (busy, stolen by the hypervisor) with the bench idle just before and after, and during the run. */
export interface MachineShares {
  readonly idleBefore: Shares;
  readonly idleAfter: Shares;
  readonly during: Shares;
}

/**
 * The machine's CPU with the bench idle (busy, stolen by the hypervisor) before and after, and the steal during
 * the run; flagged when the machine is shared.
 */
export function machineLine(m: {
  readonly idleBefore: { readonly busy: number; readonly steal: number };
  readonly idleAfter: { readonly busy: number; readonly steal: number };
  readonly during: { readonly steal: number };
}): string {
  const others = Math.max(m.idleBefore.busy, m.idleAfter.busy, m.idleBefore.steal, m.idleAfter.steal);
  return (
    `CPU with the bench idle: ${pct(m.idleBefore.busy)} busy before, ${pct(m.idleAfter.busy)} after;` +
    ` stolen by the hypervisor: ${pct(m.idleBefore.steal)} before, ${pct(m.during.steal)} during the run,` +
    ` ${pct(m.idleAfter.steal)} after` +
    (others > 0.1 || m.during.steal > 0.05 ? ' — a shared machine: the figures below are skewed' : '')
  );
}

/** A table row of a load phase: name, connections, throughput, p50, p99, non-2xx. */
export function loadRow(name: string, r: LoadResult, unit: string): string[] {
  return [
    name,
    String(r.connections),
    `${int(r.perSecond)} ${unit}`,
    ms(r.latency.p50),
    ms(r.latency.p99),
    int(r.non2xx),
  ];
}

/** A table row of a load of batches: registrations a second, and the requests a second they took. */
export function batchRow(name: string, r: LoadResult, batchSize: number): string[] {
  return [
    name,
    String(r.connections),
    `${int(r.perSecond * batchSize)} reg/s (${int(r.perSecond)} req/s)`,
    ms(r.latency.p50),
    ms(r.latency.p99),
    int(r.non2xx),
  ];
}

/** A table row of sequential requests; one at a time, so the throughput is the inverse of the mean latency. */
export function sequentialRow(name: string, connections: string, r: SequentialResult): string[] {
  return [name, connections, `${int(1000 / r.latency.mean)} /s`, ms(r.latency.p50), ms(r.latency.p99), '-'];
}

/** A load phase in the JSON line. */
export function loadJson(r: LoadResult) {
  return {
    reqPerS: round(r.perSecond),
    p50Ms: round(r.latency.p50),
    p99Ms: round(r.latency.p99),
    connections: r.connections,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

/** Sequential requests in the JSON line. */
export function sequentialJson(r: SequentialResult) {
  return { p50Ms: round(r.latency.p50), p99Ms: round(r.latency.p99) };
}

/** Prints rows as a table: the first row is the header, the first column left-aligned, the others right. */
export function table(rows: readonly (readonly string[])[], out: (line: string) => void): void {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  rows.forEach((row, r) => {
    out(
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  '),
    );
    if (r === 0) out(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A whole number with thousands separators; '-' when not finite. */
export function int(value: number): string {
  return Number.isFinite(value) ? grouped.format(value) : '-';
}

/** Milliseconds to two decimals; '-' when not finite. */
export function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '-';
}

/** A share (0 to 1) as a whole percentage. */
export function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Rounded to two decimals, for the JSON line. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
