/** How many entries a namespace keeps before it starts afresh. */
const MAX_ENTRIES = 10_000;

/**
 * A cache of what is read on every request (API keys, workplaces with their chain), so that a registration costs
 * one write rather than reads and a write. An adapter keeps it exact: it invalidates what its own writes change,
 * and empties it when it learns that someone else wrote (SQLite's data version, PostgreSQL's notifications).
 *
 * A value loaded while an invalidation happened is not kept: `remember` takes the generation seen before the
 * load began, so a slow read cannot put back what a revocation just removed.
 */
export class ReadCache {
  private readonly namespaces = new Map<
    string,
    Map<string, { readonly value: unknown; readonly at: number }>
  >();
  private currentGeneration = 0;

  /** @param ttlMs how long an entry is served at most (forever by default: the adapter invalidates). */
  constructor(private readonly ttlMs = Number.POSITIVE_INFINITY) {}

  /** A number that changes with every invalidation; take it before loading what `remember` will keep. */
  get generation(): number {
    return this.currentGeneration;
  }

  /** The value kept for this key, if any. */
  lookup(namespace: string, key: string): unknown {
    const entry = this.namespaces.get(namespace)?.get(key);
    if (entry === undefined) return undefined;
    return performance.now() - entry.at <= this.ttlMs ? entry.value : undefined;
  }

  /** Keeps a value loaded since `generation`, unless something was invalidated in the meantime. */
  remember(namespace: string, key: string, value: unknown, generation: number): void {
    if (generation !== this.currentGeneration) return;
    let entries = this.namespaces.get(namespace);
    if (entries === undefined) {
      entries = new Map();
      this.namespaces.set(namespace, entries);
    }
    if (entries.size >= MAX_ENTRIES) entries.clear();
    entries.set(key, { value, at: performance.now() });
  }

  /** Forgets one entry, or a whole namespace. */
  invalidate(namespace: string, key?: string): void {
    this.currentGeneration += 1;
    if (key === undefined) this.namespaces.delete(namespace);
    else this.namespaces.get(namespace)?.delete(key);
  }

  /** Forgets everything. */
  clear(): void {
    this.currentGeneration += 1;
    this.namespaces.clear();
  }
}
