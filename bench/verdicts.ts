import type { SequentialResult } from './sequential.js';
import { int, ms, table } from './report-format.js';

/** A figure, what it is set against, and its target. */
export interface Verdict {
  /** Its key in the JSON line. */
  readonly key: string;
  readonly label: string;
  /** The ratio (or the figure itself when it has no baseline). */
  readonly value: number;
  /** The figure measured, with its unit, when `value` is a ratio of it. */
  readonly figure?: string;
  /** What it is set against, measured in the same run. */
  readonly baseline?: string;
  readonly target: string;
  readonly pass: boolean;
}

/** The search's targets, on either database: p99 ≤ 2 ms over HTTP (the bare GET's p99 beside) and in the store. */
export function searchVerdicts(f: {
  readonly seed: { readonly rows: number };
  readonly bareGet: SequentialResult;
  readonly search: { readonly oneDay: SequentialResult; readonly store: SequentialResult };
}): Verdict[] {
  const presences = `${int(f.seed.rows)} presences`;
  const p99 = f.search.oneDay.latency.p99;
  const storeP99 = f.search.store.latency.p99;
  return [
    {
      key: 'searchP99Ms',
      label: `e    search p99, HTTP, ${presences} (ms)`,
      value: p99,
      baseline: `bare GET ${ms(f.bareGet.latency.p99)} ms`,
      target: '<= 2',
      pass: p99 <= 2,
    },
    {
      key: 'searchStoreP99Ms',
      label: `e    search p99, store, ${presences} (ms)`,
      value: storeP99,
      target: '<= 2',
      pass: storeP99 <= 2,
    },
  ];
}

/** The web service's target: its 200-item calls at 0.7 of the JSON batches' registrations a second. */
export const SOAP_TARGET = 0.7;

/**
 * The web service's target, on either database: its 200-item `registerPresences` calls at least 0.7 × the
 * registrations a second of the JSON API's 200-item batches, measured in the same run on the same registry.
 */
export function soapVerdict(f: {
  readonly batch: { readonly perSecond: number };
  readonly soap: { readonly perSecond: number };
  readonly options: { readonly batchSize: number };
}): Verdict {
  const soap = f.soap.perSecond * f.options.batchSize;
  const json = f.batch.perSecond * f.options.batchSize;
  const value = soap / json;
  return {
    key: 's/c',
    label: `s/c  SOAP ${f.options.batchSize}-item calls vs JSON batches`,
    value,
    figure: `${int(soap)} reg/s`,
    baseline: `${int(json)} reg/s`,
    target: `>= ${SOAP_TARGET.toFixed(2)}`,
    pass: value >= SOAP_TARGET,
  };
}

/** The verdicts as a table: figure, baseline, ratio (or value), target, verdict. */
export function verdictTable(results: readonly Verdict[], out: (line: string) => void): void {
  table([VERDICT_HEADER, ...results.map(verdictRow)], out);
}

const VERDICT_HEADER = ['target', 'figure', 'baseline', 'value', 'wanted', 'verdict'];

function verdictRow(v: Verdict): string[] {
  return [v.label, v.figure ?? '', v.baseline ?? '', v.value.toFixed(2), v.target, v.pass ? 'PASS' : 'MISS'];
}

/** Every part's targets in one table, last: what a run of the whole bench comes to. */
export function printTargets(
  parts: readonly { readonly part: string; readonly verdicts: readonly Verdict[] }[],
  out: (line: string) => void,
): void {
  out('');
  out('every target of this run, each figure against its baseline measured in the same run:');
  table(
    [
      ['part', ...VERDICT_HEADER],
      ...parts.flatMap(({ part, verdicts: results }) => results.map((v) => [part, ...verdictRow(v)])),
    ],
    out,
  );
}
