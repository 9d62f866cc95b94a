import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './app/app-deps.js';
import { recordHeartbeat, startRun, stopRun, type RegistryInstance } from './app/availability.js';
import { maintainStore } from './app/retention.js';
import type { ServerConfig } from './config.js';
import { createApp } from './http/app.js';
import { openStore } from './store/open-store.js';
import { createCryptoRandom } from './system/crypto-random.js';
import { systemClock } from './system/system-clock.js';
import { VERSION } from './version.js';

const MAINTENANCE_INTERVAL_MS = 6 * 3_600_000;

/** A running registry server. */
export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly instance: RegistryInstance;
  /** Stops accepting requests, finishes those under way, records the clean stop and closes the database. */
  stop(): Promise<void>;
}

/**
 * The composition root of the server: builds the adapters from the configuration, hands them to the app,
 * listens, and keeps the availability journal (start, heartbeats, clean stop).
 */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const { store } = await openStore(config.database, {
    readDatabase: config.readDatabase,
    poolSize: config.poolSize,
    serving: true,
  });
  const random = createCryptoRandom();
  const deps: AppDeps = { store, clock: systemClock, random };
  await maintainStore(deps);
  const instance: RegistryInstance = {
    id: random.uuid(),
    startedAt: systemClock.now(),
    heartbeatMs: config.heartbeatMs,
    version: VERSION,
  };
  const app = await createApp({
    ...deps,
    instance,
    logger: {
      level: config.logLevel,
      // A NISS may be in a search's query string: requests are logged without it.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?')[0] }),
      },
    },
  });
  let url: string;
  try {
    url = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await store.close();
    throw error;
  }
  await startRun(deps, instance);
  const heartbeat = setInterval(() => {
    recordHeartbeat(deps, instance).catch((error: unknown) => {
      app.log.error({ err: error }, 'heartbeat not recorded');
    });
  }, config.heartbeatMs);
  heartbeat.unref();
  // Partitions for the months ahead (PostgreSQL): checked every few hours, created a quarter in advance.
  const maintenance = setInterval(() => {
    maintainStore(deps).catch((error: unknown) => {
      app.log.error({ err: error }, 'maintenance failed');
    });
  }, MAINTENANCE_INTERVAL_MS);
  maintenance.unref();

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(heartbeat);
      clearInterval(maintenance);
      await app.close();
      await stopRun(deps, instance);
      await store.close();
    })();
    return stopping;
  };
  return { app, url, instance, stop };
}
