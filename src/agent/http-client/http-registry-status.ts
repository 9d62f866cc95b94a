import type { RegistryStatus } from '../registry-status.js';

/**
 * How long the question may take: short, for it is asked about every second while the registry is away, one at
 * a time.
 */
export const STATUS_TIMEOUT_MS = 1_000;

const STATUS_PATH = '/api/v1/status';

/**
 * Asks the registry's `GET /api/v1/status` (no key needed): it answers when it gives a 2xx. A 503 (its database
 * does not answer), a redirect (not followed: a captive portal's), any other status, no answer within the
 * timeout, or no connection: it does not.
 */
export class HttpRegistryStatus implements RegistryStatus {
  private readonly url: string;

  constructor(
    baseUrl: string,
    private readonly timeoutMs = STATUS_TIMEOUT_MS,
  ) {
    this.url = new URL(STATUS_PATH, new URL(baseUrl).origin).toString();
  }

  async answers(signal: AbortSignal): Promise<boolean> {
    try {
      const response = await fetch(this.url, {
        redirect: 'manual',
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      await response.body?.cancel();
      return response.status >= 200 && response.status <= 299;
    } catch {
      return false;
    }
  }
}
