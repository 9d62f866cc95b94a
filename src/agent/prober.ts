import type { ProbeResult } from './failure.js';

/** A second target, to tell "our line is down" from "the registry is down". */
export interface Prober {
  probe(): Promise<ProbeResult>;
}
