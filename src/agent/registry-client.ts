import type { DomainError } from '../domain/errors.js';
import type { ReceiptNumber } from '../domain/receipt-number.js';
import {
  badReply,
  classifyError,
  classifyResponse,
  type ClassifiedFailure,
  type ProbeResult,
  type RedactionOptions,
} from './failure.js';

/** One registration as the registry's API takes it. */
export interface RegistryItem {
  readonly workplaceId: string;
  readonly registrationDate: string;
  readonly worker: { readonly niss: string } | { readonly limosaId: string };
  readonly employer: string;
  readonly clientReference: string;
}

/** What the registry said of one item. */
export type ItemReply =
  | {
      readonly status: 'REGISTERED';
      readonly duplicate: boolean;
      readonly presence: { readonly id: string; readonly receiptNumber: ReceiptNumber };
    }
  | { readonly status: 'REJECTED'; readonly errors: readonly DomainError[] };

/** A batch sent: the registry's answer per item, or why it could not be had. */
export type RegisterReply =
  | { readonly kind: 'RESULTS'; readonly results: readonly ItemReply[] }
  | { readonly kind: 'FAILED'; readonly failure: ClassifiedFailure };

/** The registry, as the site agent reaches it. */
export interface RegistryClient {
  /** Sends up to 200 registrations as one batch, through the gateway channel. */
  register(items: readonly RegistryItem[]): Promise<RegisterReply>;
}

/** A second target, to tell "our line is down" from "the registry is down". */
export interface Prober {
  probe(): Promise<ProbeResult>;
}

/** How long one request may take before it counts as timed out. */
export const REQUEST_TIMEOUT_MS = 20_000;

/** The registry's HTTP API, with the agent's key. */
export class HttpRegistryClient implements RegistryClient {
  /** The key never shows in a failure's detail, which is kept as evidence and printed. */
  private readonly redaction: RedactionOptions;

  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
    private readonly clock: { now(): Date } = { now: () => new Date() },
  ) {
    this.redaction = { secrets: [key] };
  }

  async register(items: readonly RegistryItem[]): Promise<RegisterReply> {
    let response: Response;
    try {
      response = await fetch(new URL('/api/v1/presences', this.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ presences: items, channel: 'GATEWAY' }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      return { kind: 'FAILED', failure: classifyError(error, this.redaction) };
    }
    const refused = classifyResponse(
      response.status,
      response.statusText,
      response.headers,
      this.clock.now(),
      this.redaction,
    );
    if (refused !== undefined) {
      await response.body?.cancel();
      return { kind: 'FAILED', failure: refused };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // The connection was cut while the reply came: a network failure, not a bad reply.
      return { kind: 'FAILED', failure: classifyError(error, this.redaction) };
    }
    try {
      const body = JSON.parse(text) as { results?: unknown };
      if (!Array.isArray(body.results) || body.results.length !== items.length) throw new Error('no results');
      const results = (body.results as { index: number }[]).sort((a, b) => a.index - b.index);
      return { kind: 'RESULTS', results: results as unknown as ItemReply[] };
    } catch {
      return { kind: 'FAILED', failure: badReply('The registry answered 2xx without the results expected.') };
    }
  }
}

/** Probes a second target over HTTP: any answer at all means the line works. */
export class HttpProber implements Prober {
  constructor(private readonly url: string | undefined) {}

  async probe(): Promise<ProbeResult> {
    if (this.url === undefined) return 'NOT_CONFIGURED';
    try {
      const response = await fetch(this.url, { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      return 'REACHABLE';
    } catch {
      return 'UNREACHABLE';
    }
  }
}
