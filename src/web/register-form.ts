import { REGISTRATION_WINDOW_DAYS, type PresenceRequestInput } from '../domain/presence.js';
import { addDays, daysBetween, parseCalendarDate, type CalendarDate } from '../domain/calendar-date.js';
import { domainError, type DomainError } from '../domain/errors.js';
import { formatWorker, parseWorker, workerInputOf, workerKey } from '../domain/worker.js';

/** The most days one registration form covers: the whole registration window. */
export const MAX_FORM_DAYS = REGISTRATION_WINDOW_DAYS;

/** The most registrations one form sends (workers × days), as the API takes in one batch. */
export const MAX_FORM_ITEMS = 200;

/** The register form as posted (`workers` repeats: one per worker ticked on the roster). */
export interface RegisterFormBody {
  readonly workers?: unknown;
  readonly numbers?: unknown;
  readonly from?: unknown;
  readonly to?: unknown;
  readonly employer?: unknown;
}

/** Where an item of the batch came from on the form: a worker ticked, or a line typed. */
export interface ItemSource {
  readonly field: 'workers' | 'numbers';
  /** The line of the numbers field, counted from 1. */
  readonly line?: number;
  readonly worker: string;
  readonly date: CalendarDate;
}

/** The form read: the batch to register with where each item came from, or the form's own errors by field. */
export type ReadForm =
  | { readonly ok: true; readonly items: PresenceRequestInput[]; readonly sources: ItemSource[] }
  | { readonly ok: false; readonly errors: readonly (DomainError & { readonly field: string })[] };

function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Reads the register form of a workplace: every worker ticked and every number typed (one per line, blank lines
 * skipped, each worker once), for every day from `from` to `to` (`to` defaults to `from`, at most
 * {@link MAX_FORM_DAYS} days). The numbers' own errors come back on their lines; the day rules (the registration
 * window, the works' period) are the registry's, checked when the batch is registered.
 */
export function readRegisterForm(workplaceId: string, body: RegisterFormBody): ReadForm {
  const errors: (DomainError & { field: string })[] = [];
  const add = (error: DomainError, field: string): void => {
    errors.push({ ...error, field });
  };
  const workers: { worker: string; field: 'workers' | 'numbers'; line?: number }[] = [];
  const seen = new Set<string>();
  const take = (raw: string, field: 'workers' | 'numbers', line?: number): void => {
    const parsed = parseWorker(workerInputOf(raw));
    if (!parsed.ok) {
      add(parsed.error, field === 'numbers' ? `numbers:${line ?? 0}` : 'workers');
      return;
    }
    const key = workerKey(parsed.value);
    const id = `${key.kind}:${key.id}`;
    if (seen.has(id)) return;
    seen.add(id);
    workers.push({ worker: formatWorker(parsed.value), field, ...(line === undefined ? {} : { line }) });
  };
  for (const raw of texts(body.workers)) take(raw, 'workers');
  texts(body.numbers)
    .join('\n')
    .split(/\r?\n/u)
    .forEach((raw, i) => {
      if (raw.trim() !== '') take(raw, 'numbers', i + 1);
    });
  if (workers.length === 0 && errors.length === 0)
    add(domainError('WORKER_IDENTIFIER_MISSING', 'Choose a worker or type a number.'), 'workers');

  const from = parseCalendarDate(texts(body.from)[0]?.trim() ?? '');
  if (!from.ok) add(from.error, 'from');
  const rawTo = texts(body.to)[0]?.trim() ?? '';
  const to = rawTo === '' && from.ok ? from : parseCalendarDate(rawTo);
  if (!to.ok) add(to.error, 'to');
  let days: CalendarDate[] = [];
  if (from.ok && to.ok) {
    const span = daysBetween(from.value, to.value);
    if (span < 0) add(domainError('DATE_RANGE_INVALID', 'The last day comes before the first.'), 'to');
    else if (span >= MAX_FORM_DAYS)
      add(domainError('DATE_RANGE_TOO_LONG', `At most ${MAX_FORM_DAYS} days at once.`), 'to');
    else days = Array.from({ length: span + 1 }, (_, i) => addDays(from.value, i));
  }
  const employer = texts(body.employer)[0]?.trim() ?? '';
  if (workers.length * days.length > MAX_FORM_ITEMS)
    add(
      domainError(
        'TOO_MANY_ITEMS',
        `At most ${MAX_FORM_ITEMS} registrations at once (workers × days): register in several times.`,
      ),
      'workers',
    );
  if (errors.length > 0) return { ok: false, errors };

  const items: PresenceRequestInput[] = [];
  const sources: ItemSource[] = [];
  for (const date of days)
    for (const w of workers) {
      items.push({ workplaceId, registrationDate: date, worker: workerInputOf(w.worker), employer });
      sources.push({
        field: w.field,
        ...(w.line === undefined ? {} : { line: w.line }),
        worker: w.worker,
        date,
      });
    }
  return { ok: true, items, sources };
}
