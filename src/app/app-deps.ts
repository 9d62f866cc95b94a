import type { ContactCenter } from '../domain/procedure/contact-center.js';
import type { PdfWriter } from '../pdf/pdf-writer.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { RandomSource } from './random-source.js';

/**
 * What every use case may use: the store, the clock, randomness, the contact center the procedure sends
 * companies to, and the PDF writer. Built once, in the composition root.
 */
export interface AppDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly contactCenter: ContactCenter;
  readonly pdf: PdfWriter;
}
