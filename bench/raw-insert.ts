import { randomFillSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { newPresenceNumbers, PRESENCE_NUMBERS_RANDOM_BYTES } from '../src/domain/presence-numbers.js';
import type { PresenceFactory } from './presence-factory.js';
import { createRegistryFile, INSERT_CLIENT_REFERENCE, INSERT_PRESENCE } from './registry-file.js';
import { summarise, type LatencySummary } from './stats.js';

/** How the raw insert loop runs. */
export interface RawInsertOptions {
  readonly batchSize: number;
  readonly warmupS: number;
  readonly durationS: number;
}

/** What the raw insert loop measured. */
export interface RawInsertResult {
  readonly seconds: number;
  readonly registrations: number;
  /** Registrations (a presences row and a client_references row each) committed per second. */
  readonly perSecond: number;
  /** Time of each transaction, commit (fsync) included. */
  readonly transaction: LatencySummary;
}

/**
 * The floor under the server's batch registration: the same rows, inserted with prepared statements into a fresh
 * file with the same schema and pragmas, `batchSize` registrations per durable transaction, nothing else.
 * Ids and receipt numbers are drawn as the server draws them.
 */
export async function runRawInserts(
  path: string,
  factory: PresenceFactory,
  options: RawInsertOptions,
): Promise<RawInsertResult> {
  const db = createRegistryFile(path);
  try {
    const insertPresence = db.prepare(INSERT_PRESENCE);
    const bindReference = db.prepare(INSERT_CLIENT_REFERENCE);
    const insertBatch = db.transaction((size: number) => {
      const createdAt = new Date().toISOString();
      for (const item of factory.batch(size)) {
        const id = uuidv7();
        const numbers = newPresenceNumbers(randomFillSync(new Uint8Array(PRESENCE_NUMBERS_RANDOM_BYTES)));
        const { lastInsertRowid } = insertPresence.run(
          id,
          numbers.receiptNumber,
          Number(numbers.registrationId),
          item.workplaceId,
          item.registrationDate,
          'NISS',
          item.worker.niss,
          item.employer,
          item.clientReference,
          'WEB_SERVICE',
          'company',
          item.employer,
          createdAt,
        );
        bindReference.run('company', item.employer, item.clientReference, lastInsertRowid);
      }
    });
    const loop = async (
      seconds: number,
      times?: number[],
    ): Promise<{ registrations: number; seconds: number }> => {
      const start = performance.now();
      const end = start + seconds * 1000;
      let registrations = 0;
      while (performance.now() < end) {
        const before = performance.now();
        insertBatch.immediate(options.batchSize);
        times?.push(performance.now() - before);
        registrations += options.batchSize;
        // Let the event loop run between transactions, so that a signal (Ctrl-C) is handled at once.
        await new Promise(setImmediate);
      }
      return { registrations, seconds: (performance.now() - start) / 1000 };
    };
    await loop(options.warmupS);
    const times: number[] = [];
    const measured = await loop(options.durationS, times);
    return {
      ...measured,
      perSecond: measured.registrations / measured.seconds,
      transaction: summarise(times),
    };
  } finally {
    db.close();
  }
}
