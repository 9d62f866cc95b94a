import type { ContactCenter } from '../domain/procedure/contact-center.js';
import type { PdfWriter } from '../pdf/pdf-writer.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { RandomSource } from './random-source.js';

/**
 * What the use cases may use: the store, the clock, randomness, the contact center the procedure sends
 * companies to, and the PDF writer. Built once, in the composition root, and passed whole; each use case names
 * the part it uses (`deps: Pick<AppDeps, 'store' | 'clock'>`), so that a reader sees what it needs and a test
 * gives it no more.
 */
export interface AppDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly contactCenter: ContactCenter;
  readonly pdf: PdfWriter;
  /**
   * Whether this registry forwards what it registers to the official registry (an upstream is configured): new
   * presences then go into the relay's outbox.
   */
  readonly relaying: boolean;
  /**
   * For a relay: how long the official registry may fail to answer before the procedure is offered (15 minutes
   * when not said: `DEFAULT_UPSTREAM_PROCEDURE_AFTER_MS`).
   */
  readonly upstreamProcedureAfterMs?: number;
}
