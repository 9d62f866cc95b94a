import { performance } from 'node:perf_hooks';
import { Client } from 'undici';
import { summarise, type LatencySummary } from './stats.js';

/** One GET to time, and what to make of its reply. */
export interface SequentialRequest {
  readonly path: string;
  /** Says what is wrong with a reply, if anything. */
  readonly check: (status: number, body: string) => string | undefined;
}

/** How many requests to time, after how many untimed ones. */
export interface SequentialRun {
  readonly warmup: number;
  readonly count: number;
}

/** Latencies of requests, and the replies that were not what was expected. */
export interface SequentialResult {
  readonly latency: LatencySummary;
  readonly problems: number;
  readonly examples: readonly string[];
}

/**
 * Times GETs over one connection, one request at a time, from the request sent to the whole reply read: the
 * latency a person waits for, with nothing else queued on the server.
 */
export async function timeSequentialGets(
  url: string,
  headers: Readonly<Record<string, string>>,
  next: () => SequentialRequest,
  run: SequentialRun,
): Promise<SequentialResult> {
  const client = new Client(url, { pipelining: 1 });
  const latencies: number[] = [];
  const examples: string[] = [];
  let problems = 0;
  try {
    for (let i = 0; i < run.warmup + run.count; i += 1) {
      const request = next();
      const started = performance.now();
      const response = await client.request({ path: request.path, method: 'GET', headers });
      const body = await response.body.text();
      const elapsed = performance.now() - started;
      if (i >= run.warmup) latencies.push(elapsed);
      const problem = request.check(response.statusCode, body);
      if (problem !== undefined) {
        problems += 1;
        if (examples.length < 5) examples.push(problem);
      }
    }
  } finally {
    await client.close();
  }
  return { latency: summarise(latencies), problems, examples };
}
