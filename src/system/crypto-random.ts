import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { RandomSource } from '../app/random-source.js';

/** Randomness from the operating system's cryptographic generator. */
export const cryptoRandom: RandomSource = {
  bytes: (count) => randomFillSync(new Uint8Array(count)),
  uuid: () => uuidv7(),
};
