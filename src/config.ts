/** Where the embedded database lives when nothing else is said. */
export const DEFAULT_DATABASE = './data/sitepresence.db';
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
/** How often a running server records in the availability journal that it is alive. */
export const DEFAULT_HEARTBEAT_MS = 5_000;

/** The server's settings, read once at start and frozen. */
export interface ServerConfig {
  /** A SQLite file path, or a `postgres://` URL. */
  readonly database: string;
  readonly port: number;
  readonly host: string;
  readonly heartbeatMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Raw settings as given on the command line or in the environment (flags win). */
export interface RawServerSettings {
  readonly database?: string | undefined;
  readonly port?: string | undefined;
  readonly host?: string | undefined;
  readonly heartbeatMs?: string | undefined;
  readonly logLevel?: string | undefined;
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
  const logLevel = raw.logLevel ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`The log level (LOG_LEVEL) is one of ${LOG_LEVELS.join(', ')}, not "${logLevel}".`);
  }
  const database = raw.database === undefined || raw.database.trim() === '' ? DEFAULT_DATABASE : raw.database;
  return Object.freeze({
    database,
    port,
    host: raw.host === undefined || raw.host === '' ? DEFAULT_HOST : raw.host,
    heartbeatMs,
    logLevel: logLevel as ServerConfig['logLevel'],
  });
}

function integer(raw: string | undefined, fallback: number, what: string, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`The ${what} is a whole number from ${min} to ${max}, not "${raw}".`);
  }
  return value;
}
