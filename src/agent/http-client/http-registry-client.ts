import type { Dispatcher, Pool as UndiciPool } from 'undici';
import type { DomainError } from '../../domain/errors.js';
import type { ReceiptNumber } from '../../domain/receipt-number.js';
import { badReply, classifyError, classifyResponse } from '../failure.js';
import type { RedactionOptions } from '../redaction.js';
import type { ItemReply, RegisterReply, RegistryClient, RegistryItem } from '../registry-client.js';

/** How long one request may take before it counts as timed out. */
export const REQUEST_TIMEOUT_MS = 20_000;

// Node's own fetch (the prober's, the procedure client's) installs its dispatcher when first touched, and the
// undici package installs its own in that place when none is there yet: touched first, so that loading the
// package here leaves Node's fetch its own.
new Headers();
const { Pool } = await import('undici');

/**
 * Two connections, one request at a time on each, kept alive from one batch to the next: the forwarder has the
 * next batch out while the registry answers the one before (see `ForwarderOptions.batchesInFlight`).
 */
const CONNECTIONS: UndiciPool.Options = { connections: 2, pipelining: 1 };

const PRESENCES_PATH = '/api/v1/presences';

/**
 * The registry's HTTP API, with the agent's key, over connections of undici's own to the registry (kept alive
 * from one batch to the next, and lighter than `fetch` for 200 registrations a request). A redirect is not
 * followed: it is a bad reply (a captive portal's, most likely).
 */
export class HttpRegistryClient implements RegistryClient {
  /** The key never shows in a failure's detail, which is kept as evidence and printed. */
  private readonly redaction: RedactionOptions;
  private readonly headers: Readonly<Record<string, string>>;
  private connection: UndiciPool | undefined;

  constructor(
    private readonly baseUrl: string,
    key: string,
    private readonly clock: { now(): Date } = { now: () => new Date() },
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {
    this.redaction = { secrets: [key] };
    this.headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  }

  async register(items: readonly RegistryItem[]): Promise<RegisterReply> {
    let response: Dispatcher.ResponseData;
    try {
      this.connection ??= new Pool(new URL(this.baseUrl).origin, CONNECTIONS);
      response = await this.connection.request({
        path: PRESENCES_PATH,
        method: 'POST',
        headers: this.headers,
        body: JSON.stringify({ presences: items, channel: 'GATEWAY' }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return { kind: 'FAILED', failure: classifyError(error, this.redaction) };
    }
    const { statusCode, statusText, headers, body } = response;
    const refused = classifyResponse(
      statusCode,
      statusText,
      { get: (name) => headerValue(headers[name.toLowerCase()]) },
      this.clock.now(),
      this.redaction,
    );
    if (refused !== undefined) {
      if (refused.class !== 'REQUEST_REFUSED') {
        await body.dump().catch(() => undefined);
        return { kind: 'FAILED', failure: refused };
      }
      // The registry says why in its body; something else on the way may not: the refusal stands either way.
      const errors = await body.text().then(registryErrors, () => undefined);
      return { kind: 'FAILED', failure: refused, ...(errors === undefined ? {} : { errors }) };
    }
    let text: string;
    try {
      text = await body.text();
    } catch (error) {
      // The connection was cut while the reply came: a network failure, not a bad reply.
      return { kind: 'FAILED', failure: classifyError(error, this.redaction) };
    }
    return resultsOf(text, items.length);
  }

  /** Closes the connections kept for the next batches. */
  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return typeof value === 'string' ? value : value.join(', ');
}

/**
 * The results of a 2xx, each at its item's index. A body that is not JSON, has no `results`, or not one result
 * the agent can read, is a BAD_REPLY; a result missing or unreadable leaves its item without one.
 */
function resultsOf(text: string, count: number): RegisterReply {
  let listed: unknown;
  try {
    listed = field(JSON.parse(text), 'results');
  } catch {
    return { kind: 'FAILED', failure: badReply('The registry answered 2xx with a body that is not JSON.') };
  }
  if (!Array.isArray(listed))
    return { kind: 'FAILED', failure: badReply('The registry answered 2xx without results.') };
  const results = new Array<ItemReply | undefined>(count).fill(undefined);
  let read = 0;
  for (const result of listed as unknown[]) {
    const index = field(result, 'index');
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) continue;
    if (results[index] !== undefined) continue; // the first answer for an item stands
    const reply = itemReply(result);
    if (reply === undefined) continue;
    results[index] = reply;
    read += 1;
  }
  if (read === 0 && count > 0)
    return {
      kind: 'FAILED',
      failure: badReply(`The registry answered 2xx without a readable result for ${count} registrations.`),
    };
  return { kind: 'RESULTS', results };
}

/** One result as the API promises it, or undefined. */
function itemReply(result: unknown): ItemReply | undefined {
  switch (field(result, 'status')) {
    case 'REGISTERED': {
      const duplicate = field(result, 'duplicate');
      const presence = field(result, 'presence');
      const id = field(presence, 'id');
      const receiptNumber = field(presence, 'receiptNumber');
      if (typeof duplicate !== 'boolean' || typeof id !== 'string' || typeof receiptNumber !== 'string')
        return undefined;
      return {
        status: 'REGISTERED',
        duplicate,
        presence: { id, receiptNumber: receiptNumber as ReceiptNumber },
      };
    }
    case 'REJECTED': {
      const errors = domainErrors(field(result, 'errors'));
      return errors === undefined ? undefined : { status: 'REJECTED', errors };
    }
    default:
      return undefined;
  }
}

/**
 * The registry's errors in a refusal's body (`{ error: { code, message, details? } }`): its details when it
 * gave some, else its main error; undefined when the body is not the registry's (a proxy's HTML page).
 */
function registryErrors(text: string): readonly DomainError[] | undefined {
  let error: unknown;
  try {
    error = field(JSON.parse(text), 'error');
  } catch {
    return undefined;
  }
  const details = domainErrors(field(error, 'details'));
  if (details !== undefined && details.length > 0) return details;
  const main = domainError(error);
  return main === undefined ? undefined : [main];
}

function domainErrors(value: unknown): readonly DomainError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const errors: DomainError[] = [];
  for (const item of value as unknown[]) {
    const error = domainError(item);
    if (error === undefined) return undefined;
    errors.push(error);
  }
  return errors;
}

/** `{ code, message, field? }`; the code as the registry gave it, which may be one this agent does not know. */
function domainError(value: unknown): DomainError | undefined {
  const code = field(value, 'code');
  const message = field(value, 'message');
  const at = field(value, 'field');
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return {
    code: code as DomainError['code'],
    message,
    ...(typeof at === 'string' ? { field: at } : {}),
  };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
