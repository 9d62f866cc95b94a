import { domainError, type DomainError } from '../domain/errors.js';
import { FieldErrors } from '../domain/field-errors.js';
import type { ContactCenter } from '../domain/procedure/contact-center.js';
import { err, ok, type Result } from '../domain/result.js';
import type { RawAgentSettings } from './agent-settings.js';
import { DEFAULT_FORWARDER_OPTIONS, STATUS_CHECK_MS, type ForwarderOptions } from './forwarder.js';
import { isHostValue } from './kiosk/kiosk-hosts.js';
import { DEFAULT_PROCEDURE_DELAY_MS } from './site-procedure.js';
import type { Language } from './status-text.js';

/**
 * What the site agent is told once, when a command starts: read by the command line from its flags and the
 * environment, and handed to the composition root (`openSiteAgent`), which builds the adapters from it.
 */
export interface AgentConfig {
  /** The journal: the SQLite file `agent init` made (`:memory:`, a journal for one process, always stands). */
  readonly journal: string;
  /** Settings given beside those the journal keeps (the `AGENT_*` variables): each overrides the kept one. */
  readonly given: RawAgentSettings;
  /**
   * The contact center the emergency procedure sends the company to, its number and opening hours: read from
   * the environment as the registry reads it, so that both decide alike.
   */
  readonly contactCenter: ContactCenter;
  /** The operator's language. */
  readonly language: Language;
}

/** Where the kiosk endpoint of `agent run --listen` listens, and the other names kiosks call it by. */
export interface KioskListenConfig {
  readonly port: number;
  readonly host: string;
  readonly allowHosts: readonly string[];
}

/** How `agent run` works. */
export interface AgentRunConfig {
  /** The emergency procedure opens when today's captures could not be sent for this long. */
  readonly procedureDelayMs: number;
  /** How often to look whether the procedure must be opened, or filed once the registry answers again. */
  readonly procedureWatchMs: number;
  /** How often to look whether the registry stopped answering or answers again (told once each way). */
  readonly lineWatchMs: number;
  /** How the forwarder waits after a failure to send, and asks meanwhile whether the registry answers again. */
  readonly forwarding: ForwarderPacing;
  /** The kiosk endpoint, when it listens. */
  readonly kiosk?: KioskListenConfig;
}

/** The forwarder's waits after failures (see {@link ForwarderOptions}), as `agent run` sets them. */
export type ForwarderPacing = Required<
  Pick<ForwarderOptions, 'minBackoffMs' | 'maxBackoffMs' | 'statusCheckMs'>
>;

/** {@link AgentRunConfig.forwarding} when nothing else is said: 1 s doubling to 60 s, the status every second. */
export const DEFAULT_FORWARDER_PACING: ForwarderPacing = {
  minBackoffMs: DEFAULT_FORWARDER_OPTIONS.minBackoffMs,
  maxBackoffMs: DEFAULT_FORWARDER_OPTIONS.maxBackoffMs,
  statusCheckMs: STATUS_CHECK_MS,
};

/** {@link AgentRunConfig.procedureWatchMs} when nothing else is said. */
export const DEFAULT_PROCEDURE_WATCH_MS = 30_000;
/** {@link AgentRunConfig.lineWatchMs}. */
export const LINE_WATCH_MS = 5_000;
/** The bounds of {@link AgentRunConfig.procedureWatchMs}: a tenth of a second to ten minutes. */
const PROCEDURE_WATCH_BOUNDS = { min: 100, max: 600_000 } as const;
/** The bounds of the backoff's waits: a tenth of a second to an hour. */
const BACKOFF_BOUNDS = { min: 100, max: 3_600_000 } as const;
/** The bounds of {@link ForwarderPacing.statusCheckMs}: a tenth of a second to a minute. */
const STATUS_CHECK_BOUNDS = { min: 100, max: 60_000 } as const;

/** `agent run`'s options as given (flags, environment), before checking. */
export interface RawAgentRunOptions {
  /** Minutes, `30` by default. */
  readonly procedureAfter?: string | undefined;
  /** Milliseconds, `30000` by default. */
  readonly procedureWatchMs?: string | undefined;
  /** Milliseconds: the first wait after a failure, `1000` by default. */
  readonly backoffMs?: string | undefined;
  /** Milliseconds: the longest wait, `60000` by default. */
  readonly maxBackoffMs?: string | undefined;
  /** Milliseconds: how often to ask the registry's status while waiting, `1000` by default. */
  readonly statusCheckMs?: string | undefined;
  /** A port to listen on for kiosks, `0` for any free one; none: no kiosk endpoint. */
  readonly listen?: string | undefined;
  readonly host: string;
  readonly allowHosts: readonly string[];
}

/** Checks `agent run`'s options, naming each one that is wrong (by its flag). */
export function parseAgentRunConfig(raw: RawAgentRunOptions): Result<AgentRunConfig, DomainError[]> {
  const fields = new FieldErrors();
  const delayMs =
    raw.procedureAfter === undefined
      ? DEFAULT_PROCEDURE_DELAY_MS
      : fields.take(minutes(raw.procedureAfter), 'procedure-after');
  const given = (value: string | undefined, fallback: number, bounds: Bounds, flag: string) =>
    value === undefined || value === '' ? fallback : fields.take(interval(value, bounds), flag);
  const watchMs = given(
    raw.procedureWatchMs,
    DEFAULT_PROCEDURE_WATCH_MS,
    PROCEDURE_WATCH_BOUNDS,
    'procedure-watch-ms',
  );
  const minBackoffMs = given(
    raw.backoffMs,
    DEFAULT_FORWARDER_PACING.minBackoffMs,
    BACKOFF_BOUNDS,
    'backoff-ms',
  );
  const maxBackoffMs = given(
    raw.maxBackoffMs,
    DEFAULT_FORWARDER_PACING.maxBackoffMs,
    BACKOFF_BOUNDS,
    'max-backoff-ms',
  );
  const statusCheckMs = given(
    raw.statusCheckMs,
    DEFAULT_FORWARDER_PACING.statusCheckMs,
    STATUS_CHECK_BOUNDS,
    'status-check-ms',
  );
  if (minBackoffMs !== undefined && maxBackoffMs !== undefined && maxBackoffMs < minBackoffMs)
    fields.add(
      domainError('FIELD_VALUE', 'The longest wait is at least the first (--backoff-ms).', 'max-backoff-ms'),
    );
  const port = raw.listen === undefined ? undefined : fields.take(listenPort(raw.listen), 'listen');
  for (const name of raw.allowHosts)
    if (!isHostValue(name))
      fields.add(
        domainError(
          'FIELD_FORMAT',
          `"${name.slice(0, 60)}" is not a host name or address (name, name:port, 192.168.1.20, [fe80::1]).`,
          'allow-host',
        ),
      );
  if (
    fields.any() ||
    delayMs === undefined ||
    watchMs === undefined ||
    minBackoffMs === undefined ||
    maxBackoffMs === undefined ||
    statusCheckMs === undefined
  )
    return err(fields.list);
  return ok({
    procedureDelayMs: delayMs,
    procedureWatchMs: watchMs,
    lineWatchMs: LINE_WATCH_MS,
    forwarding: { minBackoffMs, maxBackoffMs, statusCheckMs },
    ...(port === undefined ? {} : { kiosk: { port, host: raw.host, allowHosts: raw.allowHosts } }),
  });
}

/** A number of minutes, 0 or more, in milliseconds. */
function minutes(raw: string): Result<number, DomainError> {
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0
    ? ok(value * 60_000)
    : err(domainError('FIELD_VALUE', 'A number of minutes, 0 or more.'));
}

interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** An interval in whole milliseconds, within `bounds`. */
function interval(raw: string, { min, max }: Bounds): Result<number, DomainError> {
  const value = /^\d{1,7}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  return value >= min && value <= max
    ? ok(value)
    : err(domainError('FIELD_VALUE', `A number of milliseconds, ${min} to ${max}.`));
}

/** A port to listen on: 1 to 65535, or 0 for any free one. */
function listenPort(raw: string): Result<number, DomainError> {
  const port = /^\d{1,5}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  return Number.isInteger(port) && port >= 0 && port <= 65_535
    ? ok(port)
    : err(domainError('FIELD_VALUE', 'A port number, 1 to 65535 (0: any free port).'));
}
