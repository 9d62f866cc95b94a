import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { RandomSource } from './random-source.js';

/** What every use case may use: the store, the clock and randomness. Built once, in the composition root. */
export interface AppDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
}
