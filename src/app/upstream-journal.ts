import { journalCall, type UpstreamCall, type UpstreamSpan } from '../domain/upstream.js';
import type { AppDeps } from './app-deps.js';

/**
 * One instance's journal of the upstream's answers: each call's outcome extends the stretch under way, or closes
 * it and begins another (`journalCall`). Calls made at once are written one after the other, in the order they
 * ended.
 */
export class UpstreamJournal {
  private current: UpstreamSpan | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: Pick<AppDeps, 'store'>,
    private readonly instanceId: string,
  ) {}

  /** Writes a call's outcome; resolves once it is stored (a failure to store it is the caller's to report). */
  record(call: UpstreamCall): Promise<void> {
    const written = this.writing.then(async () => {
      const spans = journalCall(this.current, this.instanceId, call);
      await this.deps.store.upstream.journal(spans);
      this.current = spans.at(-1);
    });
    this.writing = written.catch(() => undefined);
    return written;
  }

  /** The stretch under way in this instance: whether the upstream answered its latest call, and since when. */
  latest(): UpstreamSpan | undefined {
    return this.current;
  }
}
