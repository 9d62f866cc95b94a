import { atField, domainError, type DomainError } from './errors.js';
import { parseLimosaId, type LimosaId } from './limosa-id.js';
import { formatNiss, parseNiss, type Niss } from './niss.js';
import { err, ok, type Result } from './result.js';

/** A person at work: by national or BIS number, or, for a worker posted from abroad, by Limosa-1 number. */
export type Worker = { readonly niss: Niss } | { readonly limosaId: LimosaId };

/** The worker as it arrives: exactly one of the two numbers must be given. */
export interface WorkerInput {
  readonly niss?: string | undefined;
  readonly limosaId?: string | undefined;
}

/** Parses a worker, naming the field (`niss` or `limosaId`) of any error. */
export function parseWorker(input: WorkerInput): Result<Worker, DomainError> {
  const hasNiss = input.niss !== undefined;
  const hasLimosa = input.limosaId !== undefined;
  if (hasNiss && hasLimosa) {
    return err(domainError('WORKER_IDENTIFIER_AMBIGUOUS', 'Give either niss or limosaId, not both.'));
  }
  if (input.niss !== undefined) {
    const niss = parseNiss(input.niss);
    return niss.ok ? ok({ niss: niss.value.value }) : err(atField(niss.error, 'niss'));
  }
  if (input.limosaId !== undefined) {
    const limosa = parseLimosaId(input.limosaId);
    return limosa.ok ? ok({ limosaId: limosa.value }) : err(atField(limosa.error, 'limosaId'));
  }
  return err(
    domainError('WORKER_IDENTIFIER_MISSING', "Give the worker's niss (national or BIS number) or limosaId."),
  );
}

/** `L1 12345678`, `L1-…`, `L112345678`, `limosa:…`, in any case: the prefix, then the number. */
const LIMOSA_PREFIX = /^(?:l1|limosa)(?:\s*[-:]\s*|\s+)?(.*)$/isu;

/**
 * The worker a person wrote in one field: a Limosa-1 number with its prefix (`L1 12345678`), or else a national
 * or BIS number (separators allowed: `85.07.30-033.28`), as the input of {@link parseWorker}.
 *
 * @example workerInputOf(' L1 12345678 ') // { limosaId: '12345678' }
 */
export function workerInputOf(raw: string): WorkerInput {
  const text = raw.trim();
  const limosa = LIMOSA_PREFIX.exec(text)?.[1];
  return limosa === undefined ? { niss: text } : { limosaId: limosa.trim() };
}

/** The kind and digits of a worker's number, as stored. */
export function workerKey(worker: Worker): { readonly kind: 'NISS' | 'LIMOSA'; readonly id: string } {
  return 'niss' in worker ? { kind: 'NISS', id: worker.niss } : { kind: 'LIMOSA', id: worker.limosaId };
}

/** Rebuilds a worker from its stored kind and digits. */
export function workerFromKey(kind: 'NISS' | 'LIMOSA', id: string): Worker {
  return kind === 'NISS' ? { niss: id as Niss } : { limosaId: id as LimosaId };
}

/** A worker's number as printed: a NISS `85.07.30-033.28`, a Limosa-1 number `L1 12345678`. */
export function formatWorker(worker: Worker): string {
  return 'niss' in worker ? formatNiss(worker.niss) : `L1 ${worker.limosaId}`;
}
