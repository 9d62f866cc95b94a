import { classifyError, classifyResponse } from '../failure.js';
import type { ApiReply, ProcedureClient } from '../procedure-client.js';
import type { RedactionOptions } from '../redaction.js';

/**
 * The registry's API over HTTP with the agent's key. A refusal for bad input (4xx with an error body) is a
 * reply, for the caller to read; a failure to reach the registry is classified as the forwarder's are.
 */
export class HttpProcedureClient implements ProcedureClient {
  private readonly redaction: RedactionOptions;

  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
  ) {
    this.redaction = { secrets: [key] };
  }

  async post(path: string, body: unknown): Promise<ApiReply> {
    let response: Response;
    try {
      response = await fetch(new URL(`/api/v1${path}`, this.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
        // A redirect is not the registry's answer (a captive portal's, say): a failure, never followed.
        redirect: 'error',
      });
    } catch (error) {
      return { kind: 'FAILED', failure: classifyError(error, this.redaction) };
    }
    if (
      response.status >= 500 ||
      response.status === 401 ||
      response.status === 403 ||
      response.status === 429
    ) {
      await response.body?.cancel();
      const failure = classifyResponse(
        response.status,
        response.statusText,
        response.headers,
        new Date(),
        this.redaction,
      );
      if (failure !== undefined) return { kind: 'FAILED', failure };
    }
    try {
      return { kind: 'REPLY', status: response.status, body: await response.json() };
    } catch (error) {
      return { kind: 'FAILED', failure: classifyError(error, this.redaction) };
    }
  }

  async officialRegistryDownSince(): Promise<string | undefined> {
    try {
      const response = await fetch(new URL('/api/v1/status', this.baseUrl), {
        signal: AbortSignal.timeout(5_000),
        redirect: 'error',
      });
      if (!response.ok) {
        await response.body?.cancel();
        return undefined;
      }
      const body = (await response.json()) as { upstream?: { since?: unknown; procedureAdvised?: unknown } };
      const { upstream } = body;
      return upstream?.procedureAdvised === true && typeof upstream.since === 'string'
        ? upstream.since
        : undefined;
    } catch {
      return undefined;
    }
  }
}
