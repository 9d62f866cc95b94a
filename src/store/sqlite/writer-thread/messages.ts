import type { PresenceDraft } from '../../presence-repository.js';
import { randomBytes } from 'node:crypto';
import {
  newPresenceNumbers,
  PRESENCE_NUMBERS_RANDOM_BYTES,
  type PresenceNumbers,
} from '../../../domain/presence-numbers.js';

/**
 * What the serving thread and the SQLite writer thread say to each other. A {@link Call} runs one repository
 * method on the writer thread's connection; its {@link Reply} comes once the group commit that holds it is on
 * disk. The calls of one turn of the event loop travel together, as do the replies of one group commit.
 */
export type ToWriter =
  | { readonly kind: 'CALLS'; readonly calls: readonly Call[] }
  /** Stop starting transactions (once those under way are committed) until `RESUME`: the serving thread writes. */
  | { readonly kind: 'PAUSE' }
  | { readonly kind: 'RESUME' }
  | { readonly kind: 'CLOSE' };

export type FromWriter =
  | { readonly kind: 'READY'; readonly applied: readonly string[] }
  | { readonly kind: 'FAILED_TO_OPEN'; readonly error: CarriedError }
  | { readonly kind: 'REPLIES'; readonly replies: readonly Reply[] }
  | { readonly kind: 'PAUSED' }
  | { readonly kind: 'CLOSED' };

export interface Call {
  readonly id: number;
  readonly repository: ForwardedRepository;
  readonly method: string;
  readonly args: readonly unknown[];
}

export interface Reply {
  readonly id: number;
  /** Cache entries the committed writes changed: forgotten by the serving thread before the reply settles. */
  readonly invalidations: readonly Invalidation[];
  readonly outcome:
    { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: CarriedError };
}

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
  validations: ['takeDue', 'record', 'markDue'],
  upstream: ['take', 'settle', 'journal'],
  declarations: ['load'],
  audit: ['append'],
  apiKeys: ['create', 'revoke', 'rotate'],
  senderCertificates: ['create', 'revoke'],
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
 * A presence draft as it crosses threads: its numbers drawn (by the random source the application chose), not
 * the function that draws them. The second pair is there should the first be taken already (one chance in about
 * 2^43 per presence registered), as PostgreSQL's batch takes two; past those, the writer thread draws from the
 * system's random source.
 */
type CarriedDraft = Omit<PresenceDraft, 'newNumbers'> & {
  readonly numbers: readonly [PresenceNumbers, PresenceNumbers];
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
      drafts.map(({ newNumbers, ...fields }): CarriedDraft => ({
        ...fields,
        numbers: [newNumbers(), newNumbers()],
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
      drafts.map(({ numbers, ...fields }): PresenceDraft => {
        let drawn = 0;
        return {
          ...fields,
          newNumbers: () => {
            drawn += 1;
            return numbers[drawn - 1] ?? newPresenceNumbers(randomBytes(PRESENCE_NUMBERS_RANDOM_BYTES));
          },
        };
      }),
    ];
  }
  if (repository === 'audit' && method === 'append') return [args[0], seal];
  return [...args];
}
