import type { ProbeResult } from './failure.js';

/** A second target, to tell "our line is down" from "the registry is down". */
export interface Prober {
  /** Whether the second target answers as a working site does, or `NOT_CONFIGURED` when there is none. */
  probe(): Promise<ProbeResult>;
}
