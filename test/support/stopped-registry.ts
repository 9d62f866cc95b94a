import { join } from 'node:path';
import { expect } from 'vitest';
import { addDays, brusselsDate } from '../../src/domain/calendar-date.js';
import { call } from './http-client.js';
import { freePort } from './postgres-cluster.js';
import { createKeyWithCli, startServerProcess } from './processes.js';

/** A registry that was run once and stopped: where it answered, and what a site agent needs of it. */
export interface StoppedRegistry {
  /** Its SQLite file, kept: `startServerProcess(database, {}, { port })` starts it again where it was. */
  readonly database: string;
  readonly port: number;
  readonly url: string;
  /** A company key of `enterprise`. */
  readonly key: string;
  /** A workplace `enterprise` declared, from today for 30 days. */
  readonly workplaceId: string;
}

/**
 * Runs a registry process in `dir`, makes a company key and declares a workplace, then stops it (SIGTERM): what
 * the site agent's process tests start from, to show how the agent lives through the registry's absence.
 */
export async function stoppedRegistry(
  dir: string,
  enterprise: string,
  workplace: {
    readonly name: string;
    readonly street: string;
    readonly postalCode: string;
    readonly city: string;
  },
): Promise<StoppedRegistry> {
  const database = join(dir, 'registry.db');
  const key = createKeyWithCli(database, { role: 'company', enterprise, name: workplace.name });
  const port = await freePort();
  const registry = await startServerProcess(database, {}, { port });
  try {
    const today = brusselsDate(new Date());
    const declared = await call(`${registry.url}/api/v1/workplaces`, key, 'POST', {
      name: workplace.name,
      address: { street: workplace.street, postalCode: workplace.postalCode, city: workplace.city },
      declarant: enterprise,
      startDate: today,
      endDate: addDays(today, 30),
    });
    expect(declared.status).toBe(201);
    return { database, port, url: registry.url, key, workplaceId: declared.body.workplace.id as string };
  } finally {
    await registry.kill('SIGTERM');
  }
}
