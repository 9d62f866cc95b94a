import { performance } from 'node:perf_hooks';
import { parseCalendarDate } from '../src/domain/calendar-date.js';
import { parseEnterpriseNumber } from '../src/domain/enterprise-number.js';
import { parseWorkplaceId } from '../src/domain/workplace-id.js';
import { DEFAULT_PAGE_SIZE } from '../src/app/read-presences.js';
import type { Store } from '../src/store/store.js';
import { parseJson } from './registry-api.js';
import { timeSequentialGets, type SequentialResult, type SequentialRun } from './sequential.js';
import { summarise } from './stats.js';

/** One workplace-day to look up. */
export interface WorkplaceDay {
  readonly workplaceId: string;
  readonly day: string;
}

/** How many searches to time, after how many untimed ones, and how many presences each should find. */
export interface SearchRun extends SequentialRun {
  readonly expectedRows: number;
}

/**
 * Times `GET /api/v1/presences?workplaceId=…&from=D&to=D` with a company key over one connection, one request
 * at a time, checking that each reply holds the presences of that workplace-day and no others.
 */
export function timeHttpSearches(
  url: string,
  key: string,
  next: () => WorkplaceDay,
  run: SearchRun,
): Promise<SequentialResult> {
  return timeSequentialGets(
    url,
    { authorization: `Bearer ${key}` },
    () => {
      const { workplaceId, day } = next();
      return {
        path: `/api/v1/presences?workplaceId=${workplaceId}&from=${day}&to=${day}`,
        check: (status, body) => searchProblem(status, body, run.expectedRows, workplaceId, day),
      };
    },
    run,
  );
}

function searchProblem(
  status: number,
  body: string,
  expected: number,
  workplaceId: string,
  day: string,
): string | undefined {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 300)}`;
  const reply = parseJson(body) as
    { presences?: { workplaceId?: string; registrationDate?: string }[] } | undefined;
  const presences = reply?.presences;
  if (presences?.length !== expected) return `${presences?.length ?? 'no'} presences, not ${expected}`;
  const stray = presences.find((p) => p.workplaceId !== workplaceId || p.registrationDate !== day);
  return stray === undefined ? undefined : `a presence of another workplace-day: ${JSON.stringify(stray)}`;
}

/**
 * Times the same search one level down: the registry's own store (`presences.search`, scoped to the company as
 * the HTTP search is), without HTTP, authentication or JSON. The caller opens and closes the store.
 */
export async function timeStoreSearches(
  store: Store,
  company: string,
  target: WorkplaceDay,
  run: SearchRun,
): Promise<SequentialResult> {
  const day = parseCalendarDate(target.day);
  const workplaceId = parseWorkplaceId(target.workplaceId);
  const enterprise = parseEnterpriseNumber(company);
  if (!day.ok || !workplaceId.ok || !enterprise.ok) throw new Error('the search target does not parse');
  const latencies: number[] = [];
  let problems = 0;
  for (let i = 0; i < run.warmup + run.count; i += 1) {
    const started = performance.now();
    const page = await store.presences.search({
      from: day.value,
      to: day.value,
      workplaceId: workplaceId.value,
      limit: DEFAULT_PAGE_SIZE,
      scope: { kind: 'CHAIN', actingFor: [enterprise.value] },
    });
    const elapsed = performance.now() - started;
    if (i >= run.warmup) latencies.push(elapsed);
    if (page.presences.length !== run.expectedRows) problems += 1;
    // SQLite answers synchronously: let the event loop run, so that a signal (Ctrl-C) is handled at once.
    await new Promise(setImmediate);
  }
  return {
    latency: summarise(latencies),
    problems,
    examples: problems === 0 ? [] : [`${problems} store searches did not find ${run.expectedRows} rows`],
  };
}

/** Random workplace-days, the same sequence on every run (a small linear congruential generator). */
export function randomWorkplaceDays(
  workplaceIds: readonly string[],
  days: readonly string[],
): () => WorkplaceDay {
  let state = 20_260_101;
  const next = (n: number): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % n;
  };
  return () => ({ workplaceId: workplaceIds[next(workplaceIds.length)]!, day: days[next(days.length)]! });
}
