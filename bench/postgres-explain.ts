import { searchStatement } from '../src/store/postgres/postgres-presence-repository.js';
import type { PresenceQuery } from '../src/store/presence-repository.js';
import { withClient } from './postgres-server.js';

/** A search as the server runs it, and the plan PostgreSQL followed for it. */
export interface ExplainedSearch {
  /** Its key in the JSON line. */
  readonly key: string;
  readonly title: string;
  /** The statement of `searchStatement`, on one line, and its parameters. */
  readonly sql: string;
  readonly params: readonly unknown[];
  /** The lines of `EXPLAIN (ANALYZE, BUFFERS)`. */
  readonly plan: readonly string[];
  readonly planningMs: number;
  readonly executionMs: number;
}

/**
 * Runs a search exactly as PostgresPresenceRepository.search does (the statement of `searchStatement`, its
 * parameters bound), once to warm the cache as the searches before it did, then under
 * `EXPLAIN (ANALYZE, BUFFERS)`.
 */
export async function explainSearch(
  url: string,
  key: string,
  title: string,
  query: PresenceQuery,
): Promise<ExplainedSearch> {
  const { sql, params } = searchStatement(query);
  return withClient(url, async (client) => {
    await client.query(sql, params);
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${sql}`,
      params,
    );
    const plan = rows.map((row) => row['QUERY PLAN']);
    const timing = (label: string): number =>
      Number(
        new RegExp(`^${label} Time: ([\\d.]+) ms`).exec(plan.find((l) => l.startsWith(label)) ?? '')?.[1],
      );
    return {
      key,
      title,
      sql: sql.replace(/\s+/g, ' ').trim(),
      params,
      plan,
      planningMs: timing('Planning'),
      executionMs: timing('Execution'),
    };
  });
}
