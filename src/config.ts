import { parseCalendarDate, type CalendarDate } from './domain/calendar-date.js';
import { DEFAULT_UPSTREAM_PROCEDURE_AFTER_MS } from './domain/upstream.js';
import {
  DEFAULT_CONTACT_CENTER,
  parseOpeningHours,
  type ContactCenter,
} from './domain/procedure/contact-center.js';

/** Where the embedded database lives when nothing else is said. */
export const DEFAULT_DATABASE = './data/sitepresence.db';
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
/** How often a running server records in the availability journal that it is alive. */
export const DEFAULT_HEARTBEAT_MS = 5_000;
/** How often a server looks for presences to check, once none is left. */
export const DEFAULT_VALIDATION_INTERVAL_MS = 1_000;
/**
 * Requests a minute one API key may make (one address, without a valid key) when nothing else is said: twenty a
 * second on average, room for a site agent draining a backlog in batches of 200 with its other calls beside.
 */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1_200;
/** The most that `RATE_LIMIT_PER_MINUTE` takes: far more than one instance serves. */
export const MAX_RATE_LIMIT_PER_MINUTE = 10_000_000;

/** The server's settings, read once at start and frozen. */
export interface ServerConfig {
  /** A SQLite file path, or a `postgres://` URL. */
  readonly database: string;
  /** PostgreSQL only: a read replica for inspectors' searches of the whole registry. */
  readonly readDatabase?: string;
  /** PostgreSQL only: connections this instance keeps open. */
  readonly poolSize?: number;
  readonly port: number;
  readonly host: string;
  readonly heartbeatMs: number;
  /** How often the server looks for presences whose check is due, once none is left (`VALIDATION_INTERVAL_MS`). */
  readonly validationIntervalMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The contact center the emergency procedure sends companies to: its number and opening hours. */
  readonly contactCenter: ContactCenter;
  /**
   * The proxies in front whose `X-Forwarded-For`/`-Proto` are believed (a TLS proxy: cookies are then marked
   * `Secure`, and sign-in attempts counted per client address): `true` for any, or their addresses or CIDRs.
   * None by default.
   */
  readonly trustProxy?: boolean | string;
  /**
   * Requests a minute per API key (per client address for requests without a valid key), past which the API
   * answers 429 with `Retry-After`. Counted by each instance on its own.
   */
  readonly rateLimitPerMinute: number;
  /**
   * Test-only (`SOAP_FAULT_INJECTION=on`): the SOAP endpoint misbehaves on demand (delays, cut connections,
   * faults), set by callers on this host through `/test/faults`, so that this process stands in for the official
   * service in a relay's tests. Never in production; off by default.
   */
  readonly soapFaultInjection: boolean;
  /** The official registry this one forwards to (a relay), when one is set; none: no forwarding. */
  readonly upstream?: UpstreamConfig;
}

/**
 * Where and as whom a relay forwards: the upstream's PresenceRegistration v1 endpoint, the sender's certificate
 * and private key (PEM files, readable by their owner only), and how long a call may take.
 */
export interface UpstreamConfig {
  readonly url: string;
  readonly certificateFile: string;
  readonly privateKeyFile: string;
  /** The sender's enterprise number, as the upstream knows it (shown in the status). */
  readonly sender?: string;
  /** How long one call may take before it counts as unanswered (`UPSTREAM_TIMEOUT_MS`, 30 s by default). */
  readonly timeoutMs: number;
  /** How often the outbox is looked at once nothing is due (`UPSTREAM_INTERVAL_MS`, 1 s by default). */
  readonly intervalMs: number;
  /**
   * How long the upstream may fail to answer, during the working day, before the emergency procedure is offered
   * (`UPSTREAM_PROCEDURE_AFTER_MS`, 15 minutes by default).
   */
  readonly procedureAfterMs: number;
}

/** How long a call to the upstream may take, when nothing else is said. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;
/** How often a relay looks at its outbox once nothing is due, when nothing else is said. */
export const DEFAULT_UPSTREAM_INTERVAL_MS = 1_000;

/** Raw settings as given on the command line or in the environment (flags win). */
export interface RawServerSettings {
  readonly database?: string | undefined;
  readonly readDatabase?: string | undefined;
  readonly poolSize?: string | undefined;
  readonly port?: string | undefined;
  readonly host?: string | undefined;
  readonly heartbeatMs?: string | undefined;
  /** `1000` by default. */
  readonly validationIntervalMs?: string | undefined;
  readonly logLevel?: string | undefined;
  /** `02 511 51 51` by default. */
  readonly contactCenterPhone?: string | undefined;
  /** `Mon-Fri 07:00-20:00` by default. */
  readonly contactCenterHours?: string | undefined;
  /** Days the contact center is closed (public holidays), comma-separated `YYYY-MM-DD`. */
  readonly contactCenterClosed?: string | undefined;
  /** `true`, or comma-separated addresses or CIDRs of the proxies in front. */
  readonly trustProxy?: string | undefined;
  /** `1200` by default. */
  readonly rateLimitPerMinute?: string | undefined;
  /** `on` or `off` (the default); test-only. */
  readonly soapFaultInjection?: string | undefined;
  /**
   * `UPSTREAM_URL`, `UPSTREAM_CERT`, `UPSTREAM_KEY`, `UPSTREAM_SENDER`, `UPSTREAM_TIMEOUT_MS`, `UPSTREAM_INTERVAL_MS`,
   * `UPSTREAM_PROCEDURE_AFTER_MS`.
   */
  readonly upstreamUrl?: string | undefined;
  readonly upstreamCertificate?: string | undefined;
  readonly upstreamPrivateKey?: string | undefined;
  readonly upstreamSender?: string | undefined;
  readonly upstreamTimeoutMs?: string | undefined;
  readonly upstreamIntervalMs?: string | undefined;
  readonly upstreamProcedureAfterMs?: string | undefined;
}

/** A setting that cannot be used, said so that the person starting the server can fix it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads and checks the server's settings; throws a `ConfigError` naming the bad setting. */
export function parseServerConfig(raw: RawServerSettings): ServerConfig {
  const port = integer(raw.port, DEFAULT_PORT, 'port (--port or PORT)', 0, 65_535);
  const heartbeatMs = integer(
    raw.heartbeatMs,
    DEFAULT_HEARTBEAT_MS,
    'heartbeat (HEARTBEAT_MS)',
    100,
    600_000,
  );
  const validationIntervalMs = integer(
    raw.validationIntervalMs,
    DEFAULT_VALIDATION_INTERVAL_MS,
    'validation interval (VALIDATION_INTERVAL_MS)',
    10,
    600_000,
  );
  const rateLimitPerMinute = integer(
    raw.rateLimitPerMinute,
    DEFAULT_RATE_LIMIT_PER_MINUTE,
    'rate limit (RATE_LIMIT_PER_MINUTE)',
    1,
    MAX_RATE_LIMIT_PER_MINUTE,
  );
  const logLevel = raw.logLevel ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`The log level (LOG_LEVEL) is one of ${LOG_LEVELS.join(', ')}, not "${logLevel}".`);
  }
  const database = raw.database === undefined || raw.database.trim() === '' ? DEFAULT_DATABASE : raw.database;
  const postgres = /^postgres(ql)?:\/\//i.test(database);
  const readDatabase =
    raw.readDatabase === undefined || raw.readDatabase === '' ? undefined : raw.readDatabase;
  if (readDatabase !== undefined && !postgres) {
    throw new ConfigError(
      'A read replica (DATABASE_READ_URL) goes with a PostgreSQL database (DATABASE_URL=postgres://…).',
    );
  }
  const poolSize =
    raw.poolSize === undefined || raw.poolSize === ''
      ? undefined
      : integer(raw.poolSize, 0, 'pool size (DATABASE_POOL_SIZE)', 1, 500);
  return Object.freeze({
    database,
    ...(readDatabase === undefined ? {} : { readDatabase }),
    ...(poolSize === undefined ? {} : { poolSize }),
    port,
    host: raw.host === undefined || raw.host === '' ? DEFAULT_HOST : raw.host,
    heartbeatMs,
    validationIntervalMs,
    logLevel: logLevel as ServerConfig['logLevel'],
    contactCenter: parseContactCenter(raw),
    ...parseTrustProxy(raw.trustProxy),
    rateLimitPerMinute,
    soapFaultInjection: parseSoapFaultInjection(raw.soapFaultInjection),
    ...parseUpstream(raw),
  });
}

function parseUpstream(raw: RawServerSettings): { upstream?: UpstreamConfig } {
  const given = (value: string | undefined): string | undefined =>
    value === undefined || value.trim() === '' ? undefined : value.trim();
  const url = given(raw.upstreamUrl);
  const certificateFile = given(raw.upstreamCertificate);
  const privateKeyFile = given(raw.upstreamPrivateKey);
  if (url === undefined) {
    if (certificateFile !== undefined || privateKeyFile !== undefined) {
      throw new ConfigError(
        'UPSTREAM_CERT and UPSTREAM_KEY go with UPSTREAM_URL, the registry to forward to.',
      );
    }
    return {};
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`UPSTREAM_URL is the upstream's web service address (https://…), not "${url}".`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigError(`UPSTREAM_URL is an https:// (or http://) address, not "${url}".`);
  }
  if (certificateFile === undefined || privateKeyFile === undefined) {
    throw new ConfigError(
      "Forwarding (UPSTREAM_URL) signs every call: give the sender's certificate (UPSTREAM_CERT) and its private key (UPSTREAM_KEY), PEM files.",
    );
  }
  const sender = given(raw.upstreamSender);
  return {
    upstream: Object.freeze({
      url: parsed.toString(),
      certificateFile,
      privateKeyFile,
      ...(sender === undefined ? {} : { sender }),
      timeoutMs: integer(
        raw.upstreamTimeoutMs,
        DEFAULT_UPSTREAM_TIMEOUT_MS,
        'upstream timeout (UPSTREAM_TIMEOUT_MS)',
        100,
        600_000,
      ),
      intervalMs: integer(
        raw.upstreamIntervalMs,
        DEFAULT_UPSTREAM_INTERVAL_MS,
        'upstream interval (UPSTREAM_INTERVAL_MS)',
        10,
        600_000,
      ),
      procedureAfterMs: integer(
        raw.upstreamProcedureAfterMs,
        DEFAULT_UPSTREAM_PROCEDURE_AFTER_MS,
        'time before the procedure is offered (UPSTREAM_PROCEDURE_AFTER_MS)',
        0,
        86_400_000,
      ),
    }),
  };
}

function parseSoapFaultInjection(raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === 'off') return false;
  if (raw === 'on') return true;
  throw new ConfigError(`SOAP_FAULT_INJECTION is on or off (and on in tests only), not "${raw}".`);
}

function parseTrustProxy(raw: string | undefined): { trustProxy?: boolean | string } {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return {};
  if (value === 'true') return { trustProxy: true };
  if (/^[0-9a-fA-F.:/,\s]+$/.test(value) && /[.:]/.test(value)) return { trustProxy: value };
  throw new ConfigError(
    `TRUST_PROXY is true, or the proxies' addresses or CIDRs (comma-separated), not "${value}".`,
  );
}

/** The contact center's settings as the environment gives them: `CONTACT_CENTER_PHONE`, `_HOURS`, `_CLOSED`. */
export function contactCenterSettings(
  env: Readonly<Record<string, string | undefined>>,
): Pick<RawServerSettings, 'contactCenterPhone' | 'contactCenterHours' | 'contactCenterClosed'> {
  return {
    contactCenterPhone: env['CONTACT_CENTER_PHONE'],
    contactCenterHours: env['CONTACT_CENTER_HOURS'],
    contactCenterClosed: env['CONTACT_CENTER_CLOSED'],
  };
}

/**
 * The contact center as the environment sets it: the one reading that the server, the command line and the site
 * agent share, so that they never tell a company different things. Throws a `ConfigError` naming a bad setting.
 */
export function contactCenterFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): ContactCenter {
  return parseContactCenter(contactCenterSettings(env));
}

function parseContactCenter(raw: RawServerSettings): ContactCenter {
  const phone =
    raw.contactCenterPhone === undefined || raw.contactCenterPhone.trim() === ''
      ? DEFAULT_CONTACT_CENTER.phone
      : raw.contactCenterPhone.trim();
  let hours = DEFAULT_CONTACT_CENTER.hours;
  if (raw.contactCenterHours !== undefined && raw.contactCenterHours !== '') {
    const parsed = parseOpeningHours(raw.contactCenterHours);
    if (!parsed.ok) throw new ConfigError(`CONTACT_CENTER_HOURS: ${parsed.error.message}`);
    hours = parsed.value;
  }
  const closedOn: CalendarDate[] = [];
  for (const day of (raw.contactCenterClosed ?? '').split(',').map((d) => d.trim())) {
    if (day === '') continue;
    const parsed = parseCalendarDate(day);
    if (!parsed.ok) throw new ConfigError(`CONTACT_CENTER_CLOSED: ${parsed.error.message}`);
    closedOn.push(parsed.value);
  }
  return Object.freeze({ phone, hours: Object.freeze({ ...hours, closedOn }) });
}

function integer(raw: string | undefined, fallback: number, what: string, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`The ${what} is a whole number from ${min} to ${max}, not "${raw}".`);
  }
  return value;
}

/** A database setting fit to print: a PostgreSQL URL without its password. */
export function describeDatabase(database: string): string {
  if (!/^postgres(ql)?:\/\//i.test(database)) return database;
  try {
    const url = new URL(database);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}
