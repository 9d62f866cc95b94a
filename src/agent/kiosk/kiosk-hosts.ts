import { isIP } from 'node:net';
import { domainError, type DomainError } from '../../domain/errors.js';

/**
 * The Host header values the endpoint answers to: `names` with the port it listens on (the port may be left
 * out when it is 80), and `withPort`, exact `name:port` values (an address forwarded to the agent's port).
 * Names are lowercase; IPv6 addresses are in brackets (`[::1]`).
 */
export interface HostAllowList {
  readonly names: ReadonlySet<string>;
  readonly withPort: ReadonlySet<string>;
}

/**
 * True for an address that only this computer reaches: `localhost`, 127.0.0.0/8, `::1` (and `::ffff:127.…`).
 * The wildcard addresses (`0.0.0.0`, `::`) are not: they listen on every network of the computer.
 */
export function isLoopbackHost(host: string): boolean {
  const name = unbracket(host.trim().toLowerCase());
  if (name === 'localhost') return true;
  switch (isIP(name)) {
    case 4:
      return name.startsWith('127.');
    case 6:
      return name === '::1' || name === '0:0:0:0:0:0:0:1' || /^::ffff:127\./u.test(name);
    default:
      return false;
  }
}

/**
 * Why the endpoint must not listen as asked, if it must not: on anything but a loopback address, kiosks must
 * send a token, so one must be set.
 */
export function kioskListenProblem(host: string, token: string | undefined): DomainError | undefined {
  if (token !== undefined || isLoopbackHost(host)) return undefined;
  return domainError(
    'FIELD_REQUIRED',
    `The kiosk endpoint would listen beyond this computer (${host}) without a token: set one with ` +
      '`AGENT_KIOSK_TOKEN=… sitepresence agent init …` (or AGENT_KIOSK_TOKEN when it runs), or listen on 127.0.0.1.',
    'kiosk-token',
  );
}

/**
 * The names the endpoint answers to when it listens on `listenHost`: `localhost`, `127.0.0.1`, `[::1]`, the
 * address it listens on — every address of the computer (`ownAddresses`) when that is a wildcard (`0.0.0.0`,
 * `::`) — and the names given (`allowHosts`, each a name or `name:port`).
 */
export function hostAllowList(
  listenHost: string,
  allowHosts: readonly string[],
  ownAddresses: readonly string[],
): HostAllowList {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  const withPort = new Set<string>();
  const listen = splitHost(listenHost);
  if (listen !== undefined && !isWildcard(listen.name)) names.add(listen.name);
  else for (const address of ownAddresses) names.add(splitHost(address)?.name ?? address);
  for (const entry of allowHosts) {
    const host = splitHost(entry);
    if (host === undefined) continue;
    if (host.port === undefined) names.add(host.name);
    else withPort.add(`${host.name}:${host.port}`);
  }
  return { names, withPort };
}

/**
 * Whether a request's Host header is one the endpoint answers to ({@link HostAllowList}); `localPort` is the
 * port the request came in on (unknown in-process, where any port is taken).
 */
export function hostAllowed(
  header: string | undefined,
  localPort: number | undefined,
  hosts: HostAllowList,
): boolean {
  const host = header === undefined ? undefined : splitHost(header);
  if (host === undefined) return false;
  if (host.port !== undefined && hosts.withPort.has(`${host.name}:${host.port}`)) return true;
  if (!hosts.names.has(host.name)) return false;
  return localPort === undefined || (host.port ?? 80) === localPort;
}

/** Whether a value names a host as `--allow-host` takes it: a name or an address, with a port or not. */
export function isHostValue(value: string): boolean {
  return splitHost(value) !== undefined;
}

/** A name (or IPv4 address, or bracketed IPv6 address) and a port, as a Host header or `--allow-host` gives. */
function splitHost(value: string): { readonly name: string; readonly port?: number } | undefined {
  const text = value.trim().toLowerCase();
  if (isIP(text) === 6) return { name: `[${text}]` };
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?$/u.exec(text);
  if (match?.[1] === undefined) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65_535)) return undefined;
  return port === undefined ? { name: match[1] } : { name: match[1], port };
}

function unbracket(name: string): string {
  return name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
}

function isWildcard(name: string): boolean {
  return ['0.0.0.0', '[::]', '[0:0:0:0:0:0:0:0]'].includes(name);
}
