import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { RandomSource } from '../app/random-source.js';

const POOL_SIZE = 4096;

/**
 * Randomness from the operating system's cryptographic generator, drawn a pool at a time: one system call
 * serves hundreds of receipt numbers.
 */
export function createCryptoRandom(): RandomSource {
  const pool = new Uint8Array(POOL_SIZE);
  let offset = POOL_SIZE;
  return {
    bytes(count) {
      if (count > POOL_SIZE) return randomFillSync(new Uint8Array(count));
      if (offset + count > POOL_SIZE) {
        randomFillSync(pool);
        offset = 0;
      }
      const out = pool.slice(offset, offset + count);
      offset += count;
      return out;
    },
    uuid: () => uuidv7(),
  };
}
