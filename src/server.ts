import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './app/app-deps.js';
import { recordHeartbeat, startRun, stopRun, type RegistryInstance } from './app/availability.js';
import { maintainStore } from './app/retention.js';
import { Forwarder } from './app/forwarder.js';
import { UpstreamJournal } from './app/upstream-journal.js';
import type { UpstreamService } from './app/upstream-service.js';
import { Validator } from './app/validator.js';
import type { ServerConfig, UpstreamConfig } from './config.js';
import type { MaintenanceReport } from './store/maintenance-report.js';
import { createRegistryApp } from './composition/registry-app.js';
import { redactingLogger } from './http/log-redaction.js';
import { WorkerPdfWriter } from './pdf/worker-pdf-writer.js';
import { openStore } from './composition/open-store.js';
import { createCryptoRandom } from './system/crypto-random.js';
import { readSigner } from './system/read-signer.js';
import { SoapUpstreamService } from './system/soap-upstream-service.js';
import { ScryptPasswordHasher } from './system/scrypt-password-hasher.js';
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
  // The sender's key and certificate are read first: a key others may read, or one that is not the certificate's,
  // stops the start before anything opens.
  const upstream =
    config.upstream === undefined
      ? undefined
      : new SoapUpstreamService({
          url: config.upstream.url,
          signer: readSigner(config.upstream),
          timeoutMs: config.upstream.timeoutMs,
          now: () => systemClock.now(),
        });
  const { store } = await openStore(config.database, {
    readDatabase: config.readDatabase,
    poolSize: config.poolSize,
    serving: true,
  });
  const random = createCryptoRandom();
  // PDFs are laid out in a thread of their own: printing a dossier never holds up registrations.
  const pdf = new WorkerPdfWriter();
  const deps: AppDeps = {
    store,
    clock: systemClock,
    random,
    contactCenter: config.contactCenter,
    pdf,
    relaying: config.upstream !== undefined,
    ...(config.upstream === undefined ? {} : { upstreamProcedureAfterMs: config.upstream.procedureAfterMs }),
  };
  const instance: RegistryInstance = {
    id: random.uuid(),
    startedAt: systemClock.now(),
    heartbeatMs: config.heartbeatMs,
    version: VERSION,
  };
  let app: FastifyInstance | undefined;
  let url: string;
  try {
    const prepared = await maintainStore(deps);
    app = await createRegistryApp({
      ...deps,
      passwords: new ScryptPasswordHasher(),
      ...(config.trustProxy === undefined ? {} : { trustProxy: config.trustProxy }),
      rateLimitPerMinute: config.rateLimitPerMinute,
      soapFaultInjection: config.soapFaultInjection,
      instance,
      // No NISS, API key, password, session token or cookie in any line, at any level.
      logger: redactingLogger(config.logLevel),
    });
    logMaintenance(app, prepared);
    url = await app.listen({ port: config.port, host: config.host });
    await startRun(deps, instance);
  } catch (error) {
    await app?.close();
    await store.close();
    await pdf.close();
    throw error;
  }
  const served = app;
  const heartbeat = setInterval(() => {
    recordHeartbeat(deps, instance).catch((error: unknown) => {
      served.log.error({ err: error }, 'heartbeat not recorded');
    });
  }, config.heartbeatMs);
  heartbeat.unref();
  // Each acknowledged presence is checked against the registers in the background, and again when they change.
  const validator = new Validator(deps, {
    intervalMs: config.validationIntervalMs,
    onError: (error) => {
      served.log.error({ err: error }, 'presence checks failed; trying again');
    },
  });
  validator.start();
  // A relay forwards what it registers to the official registry, from its outbox, off the request path.
  const forwarder =
    config.upstream === undefined || upstream === undefined
      ? undefined
      : startForwarder(deps, config.upstream, upstream, instance, served);
  // Partitions for the months ahead (PostgreSQL): checked every few hours, created a quarter in advance.
  const maintenance = setInterval(() => {
    maintainStore(deps).then(
      (report) => {
        logMaintenance(served, report);
      },
      (error: unknown) => {
        served.log.error({ err: error }, 'maintenance failed');
      },
    );
  }, MAINTENANCE_INTERVAL_MS);
  maintenance.unref();

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(heartbeat);
      clearInterval(maintenance);
      await validator.stop();
      await forwarder?.stop();
      await served.close();
      await stopRun(deps, instance);
      await store.close();
      await pdf.close();
    })();
    return stopping;
  };
  return { app: served, url, instance, stop };
}

function startForwarder(
  deps: AppDeps,
  upstream: UpstreamConfig,
  service: UpstreamService,
  instance: RegistryInstance,
  app: FastifyInstance,
): Forwarder {
  const forwarder = new Forwarder(
    {
      ...deps,
      upstream: service,
      journal: new UpstreamJournal(deps, instance.id),
      callTimeoutMs: upstream.timeoutMs,
    },
    {
      intervalMs: upstream.intervalMs,
      random: Math.random,
      onError: (error) => {
        app.log.error({ err: error }, 'forwarding failed; trying again');
      },
      onRound: (outcome) => {
        if (outcome.failure !== undefined) {
          app.log.warn({ upstream: outcome.failure }, 'the upstream did not take the round; trying again');
        }
      },
    },
  );
  forwarder.start();
  return forwarder;
}

function logMaintenance(app: FastifyInstance, report: MaintenanceReport): void {
  if (report.created.length > 0) app.log.info({ partitions: report.created }, 'partitions created');
  for (const { partition, why } of report.postponed)
    app.log.warn({ partition }, `partition not created: ${why}`);
}
