import type { ErrorCode } from '../../src/domain/errors.js';
import type { CaptureStore, StoredCapture } from './capture-store.js';

/** What a sending round ended with. */
export type SyncOutcome = 'IDLE' | 'SENT' | 'OFFLINE' | 'SIGNED_OUT' | 'FAILED';

/** Codes that refuse a capture for good (its data, its day): shown, never sent again. */
const RETRY_CODES: ReadonlySet<ErrorCode> = new Set([
  'INTERNAL',
  'STORE_UNAVAILABLE',
  'CLIENT_REFERENCE_CONFLICT',
]);

interface ItemResult {
  readonly index: number;
  readonly status: 'REGISTERED' | 'REJECTED' | 'CANCELLED';
  readonly duplicate?: boolean;
  readonly presence?: { readonly receiptNumber: string };
  readonly errors?: readonly { readonly code: ErrorCode; readonly message: string }[];
}

/**
 * Sends the user's unsent captures (200 at a time) with their own clientReference — sending one twice after a
 * lost reply registers it once — and records each receipt number or refusal on the phone.
 */
export class Sync {
  private running: Promise<SyncOutcome> | undefined;

  constructor(
    private readonly store: CaptureStore,
    private readonly userId: string,
    private csrfToken: string,
  ) {}

  /** One round at a time: a round asked for while one runs waits for it. */
  run(): Promise<SyncOutcome> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(): Promise<SyncOutcome> {
    if (!navigator.onLine) return 'OFFLINE';
    const unsent = (await this.store.list(this.userId)).filter((c) => c.state === 'UNSENT').reverse();
    if (unsent.length === 0) return 'IDLE';
    const batch = unsent.slice(0, 200);
    let response: Response;
    try {
      response = await this.post(batch);
      if (response.status === 403 && (await isCsrfRefusal(response.clone()))) {
        const fresh = await fetch('/mobile/token', { credentials: 'same-origin' });
        if (fresh.status === 401) return 'SIGNED_OUT';
        this.csrfToken = ((await fresh.json()) as { csrfToken: string }).csrfToken;
        response = await this.post(batch);
      }
    } catch {
      return 'OFFLINE';
    }
    if (response.status === 401) return 'SIGNED_OUT';
    if (!response.ok) return 'FAILED';
    const { results } = (await response.json()) as { results: ItemResult[] };
    const updates: StoredCapture[] = [];
    for (const result of results) {
      const capture = batch[result.index];
      if (capture === undefined) continue;
      if (result.status === 'REGISTERED' && result.presence !== undefined)
        updates.push({
          ...capture,
          state: 'SENT',
          receiptNumber: result.presence.receiptNumber,
          duplicate: result.duplicate === true,
        });
      else if (result.errors !== undefined && !result.errors.some((e) => RETRY_CODES.has(e.code)))
        updates.push({ ...capture, state: 'REFUSED', errors: result.errors });
    }
    await this.store.settle(updates);
    // More to send, and this batch moved on: the next one now. (Nothing settled — the registry's own trouble —
    // waits for the next round instead of asking again at once.)
    return unsent.length > batch.length && updates.length > 0 ? this.round() : 'SENT';
  }

  private post(batch: readonly StoredCapture[]): Promise<Response> {
    return fetch('/mobile/presences', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': this.csrfToken },
      body: JSON.stringify({
        presences: batch.map((c) => ({
          clientReference: c.clientReference,
          workplaceId: c.workplaceId,
          registrationDate: c.registrationDate,
          worker: c.worker,
          employer: c.employer,
          capturedAt: c.capturedAt,
        })),
      }),
    });
  }
}

async function isCsrfRefusal(response: Response): Promise<boolean> {
  try {
    const body = (await response.json()) as { error?: { code?: string } };
    return body.error?.code === 'CSRF_TOKEN_INVALID';
  } catch {
    return false;
  }
}
