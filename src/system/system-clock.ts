import type { Clock } from '../app/clock.js';

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };
