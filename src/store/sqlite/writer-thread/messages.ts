import type { PresenceDraft } from '../../presence-repository.js';
import type { ReceiptNumber } from '../../../domain/receipt-number.js';

/**
 * What the serving thread and the SQLite writer thread say to each other. A `CALL` runs one repository method on
 * the writer thread's connection; its `REPLY` comes once the group commit that holds it is on disk.
 */
export type ToWriter =
  | {
      readonly kind: 'CALL';
      readonly id: number;
      readonly repository: ForwardedRepository;
      readonly method: string;
      readonly args: readonly unknown[];
    }
  /** Stop starting transactions (once those under way are committed) until `RESUME`: the serving thread writes. */
  | { readonly kind: 'PAUSE' }
  | { readonly kind: 'RESUME' }
  | { readonly kind: 'CLOSE' };

export type FromWriter =
  | { readonly kind: 'READY'; readonly applied: readonly string[] }
  | { readonly kind: 'FAILED_TO_OPEN'; readonly error: CarriedError }
  | {
      readonly kind: 'REPLY';
      readonly id: number;
      /** Cache entries the committed writes changed: forgotten by the serving thread before the reply settles. */
      readonly invalidations: readonly Invalidation[];
      readonly outcome:
        { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: CarriedError };
    }
  | { readonly kind: 'PAUSED' }
  | { readonly kind: 'CLOSED' };

/** A read-cache entry (or a whole namespace, without key) that a write changed. */
export type Invalidation = readonly [namespace: string, key: string | undefined];

/** An error as it crosses threads: a structured clone keeps neither its class nor its `code`. */
export interface CarriedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
}

export function carry(error: unknown): CarriedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack === undefined ? {} : { stack: error.stack }),
  };
}

export function uncarry(carried: CarriedError): Error {
  const error = new Error(carried.message) as Error & { code?: string };
  error.name = carried.name;
  if (carried.code !== undefined) error.code = carried.code;
  if (carried.stack !== undefined) error.stack = carried.stack;
  return error;
}

/**
 * The writes that run on the writer thread: every write whose arguments are data, or are made data by a codec
 * below. The others (a contractor chain's change takes the rule that decides it, a contact reference the drawing
 * of its number) are rare: the serving thread makes them itself, with the writer thread paused.
 */
export const FORWARDED_WRITES = {
  presences: ['register', 'cancel'],
  audit: ['append'],
  apiKeys: ['create', 'revoke', 'rotate'],
  availability: ['start', 'heartbeat', 'stop'],
  incidents: ['create', 'append'],
  mandates: ['grant', 'revoke'],
  paperListings: ['create', 'addEntries'],
  rosters: ['replace', 'upsert', 'add', 'remove'],
  users: ['create', 'setPassword', 'disable'],
  sessions: ['create', 'touch', 'delete', 'deleteForUser', 'deleteExpired'],
  workplaces: ['create'],
} as const;

export type ForwardedRepository = keyof typeof FORWARDED_WRITES;

/**
 * How many receipt numbers a draft takes along, drawn in advance on the serving thread (whose random source the
 * application chose). A second draw happens when the first collides (one chance in about 2^55 per presence
 * registered); running out of candidates fails that write, as exhausting the redraws does in the store.
 */
const RECEIPT_CANDIDATES = 3;

/** A presence draft as it crosses threads: its receipt numbers drawn, not the function that draws them. */
type CarriedDraft = Omit<PresenceDraft, 'newReceiptNumber'> & {
  readonly receiptCandidates: readonly ReceiptNumber[];
};

/** Turns arguments into data, on the serving thread. */
export function encodeArgs(
  repository: ForwardedRepository,
  method: string,
  args: readonly unknown[],
): unknown[] {
  if (repository === 'presences' && method === 'register') {
    const drafts = args[0] as readonly PresenceDraft[];
    return [
      drafts.map(({ newReceiptNumber, ...fields }): CarriedDraft => ({
        ...fields,
        receiptCandidates: Array.from({ length: RECEIPT_CANDIDATES }, () => newReceiptNumber()),
      })),
    ];
  }
  // The seal is the audit chain's hash, which the writer thread imports itself (a function cannot cross).
  if (repository === 'audit' && method === 'append') return [args[0]];
  return [...args];
}

/** Turns data back into arguments, on the writer thread; `seal` is what seals the audit chain there. */
export function decodeArgs(
  repository: ForwardedRepository,
  method: string,
  args: readonly unknown[],
  seal: unknown,
): unknown[] {
  if (repository === 'presences' && method === 'register') {
    const drafts = args[0] as readonly CarriedDraft[];
    return [
      drafts.map(({ receiptCandidates, ...fields }): PresenceDraft => {
        let next = 0;
        return {
          ...fields,
          newReceiptNumber: () => {
            const candidate = receiptCandidates[next];
            next += 1;
            if (candidate === undefined)
              throw new Error('Every receipt number drawn for this presence was taken.');
            return candidate;
          },
        };
      }),
    ];
  }
  if (repository === 'audit' && method === 'append') return [args[0], seal];
  return [...args];
}
