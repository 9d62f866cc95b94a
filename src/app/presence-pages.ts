import type { Presence } from '../domain/presence.js';
import type { PresenceQuery, SearchPosition } from '../store/presence-repository.js';
import type { AppDeps } from './app-deps.js';

/**
 * Every presence a query finds, page after page, up to `max`: for the documents that need a whole day (a
 * listing, a dossier). `truncated` says when there were more.
 */
export async function allPresences(
  deps: Pick<AppDeps, 'store'>,
  query: Omit<PresenceQuery, 'limit' | 'after'>,
  max: number,
): Promise<{ readonly presences: Presence[]; readonly truncated: boolean }> {
  const presences: Presence[] = [];
  let after: SearchPosition | undefined;
  for (;;) {
    const page = await deps.store.presences.search({
      ...query,
      limit: 500,
      ...(after === undefined ? {} : { after }),
    });
    presences.push(...page.presences);
    if (page.next === undefined) return { presences, truncated: false };
    if (presences.length >= max) return { presences: presences.slice(0, max), truncated: true };
    after = page.next;
  }
}
