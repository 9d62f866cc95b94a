import type { ProbeResult } from '../failure.js';
import type { Prober } from '../prober.js';

/** How long the probe may take. */
export const PROBE_TIMEOUT_MS = 5_000;

/**
 * Probes a second target over HTTP: 'REACHABLE' when it gives the answer of a working site, a status below 500
 * (a 2xx, a redirect — not followed —, a 4xx: a HEAD refused is an answer); 'UNREACHABLE' when it gives none in
 * time, or a 5xx (a proxy's 502 or 504 when its own line is down). A captive portal answers the probe like a
 * working site: see `locateOutage` for what is concluded from it.
 */
export class HttpProber implements Prober {
  constructor(private readonly url: string | undefined) {}

  async probe(): Promise<ProbeResult> {
    if (this.url === undefined) return 'NOT_CONFIGURED';
    try {
      const response = await fetch(this.url, {
        method: 'HEAD',
        redirect: 'manual',
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return response.status >= 200 && response.status <= 499 ? 'REACHABLE' : 'UNREACHABLE';
    } catch {
      return 'UNREACHABLE';
    }
  }
}
