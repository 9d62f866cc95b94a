import { statSync } from 'node:fs';
import { domainError, type DomainError } from '../domain/errors.js';
import { err, ok, type Result } from '../domain/result.js';
import type { PdfWriter } from '../pdf/pdf-writer.js';
import { PdfkitWriter } from '../pdf/pdfkit-writer.js';
import { createCryptoRandom } from '../system/crypto-random.js';
import { systemClock } from '../system/system-clock.js';
import {
  DEFAULT_FORWARDER_PACING,
  type AgentConfig,
  type ForwarderPacing,
  type KioskListenConfig,
} from './agent-config.js';
import { loadAgentSettings, saveAgentSettings, type AgentSettings } from './agent-settings.js';
import type { AttemptLog } from './attempt-log.js';
import type { CaptureJournal } from './capture-journal.js';
import type { CaptureDeps } from './capture.js';
import { DEFAULT_FORWARDER_OPTIONS, Forwarder } from './forwarder.js';
import { HttpProber } from './http-client/http-prober.js';
import { HttpProcedureClient } from './http-client/http-procedure-client.js';
import { HttpRegistryClient } from './http-client/http-registry-client.js';
import { HttpRegistryStatus } from './http-client/http-registry-status.js';
import { startKioskServer } from './kiosk/kiosk-server.js';
import type { ProcedureClient } from './procedure-client.js';
import type { ProcedureStore } from './procedure-store.js';
import type { RosterStore } from './roster-store.js';
import type { SiteProcedureDeps } from './site-procedure.js';
import { openSqliteJournal } from './sqlite/sqlite-journal.js';

/**
 * The site agent over one journal, its adapters built once from its {@link AgentConfig}: the journal's ports (one
 * SQLite file serves them all), the machine's clock and randomness, the registry over HTTP, the kiosk endpoint
 * and the PDF writer. Every command of the agent works through one; {@link SiteAgent.close} closes all it opened.
 */
export interface SiteAgent {
  readonly config: AgentConfig;
  readonly journal: CaptureJournal;
  readonly attemptLog: AttemptLog;
  readonly roster: RosterStore;
  readonly procedures: ProcedureStore;
  readonly clock: { now(): Date };
  /** What capturing at the gate needs. */
  readonly capture: CaptureDeps;
  /** What the emergency procedure needs, the contact center of the config with it. */
  readonly procedure: SiteProcedureDeps;
  /** The writer of the paper listings. */
  readonly pdf: PdfWriter;
  /** The settings `agent init` stored, each overridden by the one the config gives; or what is wrong with them. */
  settings(): Promise<Result<AgentSettings, DomainError[]>>;
  /**
   * The forwarder to the registry the settings name, with the agent's key and probe, waiting after failures as
   * `pacing` says.
   */
  forwarder(settings: AgentSettings, pacing?: ForwarderPacing): Forwarder;
  /** The registry's API for filing the procedures, with the agent's key. */
  procedureClient(settings: AgentSettings): ProcedureClient;
  /**
   * Starts the kiosk endpoint, with the kiosk token of the settings; resolves with its address once it listens.
   * `onCapture` is called after each capture it journals.
   */
  listenForKiosks(settings: AgentSettings, listen: KioskListenConfig, onCapture: () => void): Promise<string>;
  /** Closes the kiosk endpoint and the registry's connections, then the journal once its writes are done. */
  close(): Promise<void>;
}

/**
 * Whether `agent init` made a journal at `path` (`:memory:` always stands: a journal for one process, as tests
 * and benchmarks use). Only `agent init` creates one, so that a mistyped path is not a new, empty journal.
 */
export function journalExists(path: string): boolean {
  if (path === ':memory:') return true;
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The refusal of a command given a journal that `agent init` did not make. */
export function noJournal(path: string): DomainError {
  return domainError(
    'NOT_FOUND',
    `No journal at ${path}; create it with \`sitepresence agent init …\` (or give --journal / AGENT_JOURNAL).`,
    'journal',
  );
}

/**
 * Creates the journal at `path` if there is none (the only way one is made), and stores the settings in it,
 * each over the one stored before.
 */
export async function initSiteAgent(path: string, settings: AgentSettings): Promise<void> {
  const journal = openSqliteJournal(path);
  try {
    await saveAgentSettings(journal, settings);
  } finally {
    await journal.close();
  }
}

/**
 * The composition root of the site agent: opens the journal `agent init` made at `config.journal` and builds
 * the agent's adapters around it. Refuses, creating nothing, when there is no journal there ({@link noJournal}).
 */
export function openSiteAgent(config: AgentConfig): Result<SiteAgent, DomainError> {
  if (!journalExists(config.journal)) return err(noJournal(config.journal));
  const journal = openSqliteJournal(config.journal);
  const clock = systemClock;
  const random = createCryptoRandom();
  const ports = { journal, attemptLog: journal, roster: journal, procedures: journal };
  /** What to close before the journal: the kiosk endpoint, the registry's connections. */
  const opened: (() => Promise<void>)[] = [];
  return ok({
    config,
    ...ports,
    clock,
    capture: { journal, roster: journal, clock, random },
    procedure: { ...ports, clock, contactCenter: config.contactCenter },
    pdf: new PdfkitWriter(),
    settings: () => loadAgentSettings(journal, config.given),
    forwarder(settings, pacing = DEFAULT_FORWARDER_PACING) {
      const registry = new HttpRegistryClient(settings.registryUrl, settings.key);
      opened.push(() => registry.close());
      return new Forwarder(
        {
          journal,
          attemptLog: journal,
          registry,
          status: new HttpRegistryStatus(settings.registryUrl),
          prober: new HttpProber(settings.probeUrl),
          clock,
          random: () => (random.bytes(1)[0] ?? 0) / 256,
        },
        { ...DEFAULT_FORWARDER_OPTIONS, ...pacing },
      );
    },
    procedureClient: (settings) => new HttpProcedureClient(settings.registryUrl, settings.key),
    async listenForKiosks(settings, listen, onCapture) {
      const kiosk = await startKioskServer(
        { journal, roster: journal, clock, random },
        settings,
        {
          port: listen.port,
          host: listen.host,
          allowHosts: listen.allowHosts,
          ...(settings.kioskToken === undefined ? {} : { token: settings.kioskToken }),
        },
        onCapture,
      );
      opened.push(() => kiosk.app.close());
      return kiosk.url;
    },
    async close() {
      // The kiosk endpoint first: it stops taking captures before the journal closes.
      for (const close of opened.splice(0).reverse()) await close();
      await journal.close();
    },
  });
}
