import autocannon from 'autocannon';
import { summarise, type LatencySummary } from './stats.js';

/** A load to put on one endpoint: many connections, each sending a fresh body as soon as it has its reply. */
export interface LoadSpec {
  /** The full URL, path included. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Makes the body of the next request (called once per request). */
  readonly body: () => string;
  readonly connections: number;
  readonly durationS: number;
  /** Looks at a 2xx reply and says what is wrong with it, if anything. */
  readonly check?: (status: number, body: string) => string | undefined;
  /** Check one 2xx reply in this many (parsing every reply would load the load generator). */
  readonly checkEvery?: number;
}

/** What a load measured. Latencies are per request, from the request written to the reply read. */
export interface LoadResult {
  readonly seconds: number;
  readonly connections: number;
  /** Replies with a 2xx status. */
  readonly ok: number;
  /** 2xx replies per second. */
  readonly perSecond: number;
  readonly latency: LatencySummary;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly checked: number;
  readonly problems: number;
  /** The first few non-2xx replies and failed checks, to show. */
  readonly examples: readonly string[];
}

const EXAMPLES = 5;

/** POSTs `spec.body()` to `spec.url` from `spec.connections` connections (pipelining 1) for a fixed time. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  const examples: string[] = [];
  const every = spec.checkEvery ?? 1;
  let replies = 0;
  let checked = 0;
  let problems = 0;
  const onResponse = (status: number, body: string): void => {
    if (status < 200 || status > 299) {
      if (examples.length < EXAMPLES) examples.push(`HTTP ${status}: ${body.slice(0, 300)}`);
      return;
    }
    replies += 1;
    if (spec.check === undefined || replies % every !== 0) return;
    checked += 1;
    const problem = spec.check(status, body);
    if (problem === undefined) return;
    problems += 1;
    if (examples.length < EXAMPLES) examples.push(problem);
  };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        pipelining: 1,
        duration: spec.durationS,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            headers: { ...spec.headers },
            setupRequest: (request) => ({ ...request, body: spec.body() }),
            // Reading every reply's body costs the load generator more than a small server spends on it: only
            // phases that check their replies pay for it.
            ...(spec.check === undefined ? {} : { onResponse }),
          },
        ],
        // autocannon's own histogram keeps whole milliseconds: keep every latency, to the microsecond.
        setupClient: (client) => {
          client.on('response', (_status, _bytes, responseTimeMs) => {
            latencies.push(responseTimeMs);
          });
        },
      },
      (error: unknown, result) => {
        if (error !== null && error !== undefined) {
          reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error }));
          return;
        }
        resolve({
          seconds: result.duration,
          connections: spec.connections,
          ok: result['2xx'],
          perSecond: result['2xx'] / result.duration,
          latency: summarise(latencies),
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          checked,
          problems,
          examples,
        });
      },
    );
  });
}
