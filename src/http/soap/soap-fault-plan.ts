import { domainError, type DomainError } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';

/**
 * How the SOAP endpoint can be told to misbehave (test-only, `SOAP_FAULT_INJECTION=on`), so that a sitepresence
 * process stands in for the official service in a relay's tests:
 * - `delay`: wait `delayMs`, then answer normally;
 * - `drop-before`: read the request, then cut the connection without processing it;
 * - `drop-after`: process the request (its registrations committed), then cut the connection instead of answering;
 * - `system-error`: answer a `SystemError` fault (soap:Server, HTTP 500) without processing;
 * - `unavailable`: answer 503 with `Retry-After` and a short body that is no SOAP, without processing;
 * - `refuse-certificate`: refuse the signing certificate as unknown (401 fault) without processing.
 */
export const FAULTS = [
  'none',
  'delay',
  'drop-before',
  'drop-after',
  'system-error',
  'unavailable',
  'refuse-certificate',
] as const;

/** One of {@link FAULTS}. */
export type FaultName = (typeof FAULTS)[number];

/** A fault that one SOAP call suffers. */
export type InjectedFault =
  | { readonly fault: 'delay'; readonly delayMs: number }
  | { readonly fault: Exclude<FaultName, 'none' | 'delay'> };

/**
 * What the endpoint does with the next calls: answer them (`none`), or inflict a fault on the next `times` of them
 * (on every one until the plan changes when `times` is absent).
 */
export type FaultPlanSetting = { readonly fault: 'none' } | (InjectedFault & { readonly times?: number });

/** A plan as a test sends it, its fields checked one by one (types and bounds) but not against each other. */
export interface FaultPlanRequest {
  readonly fault: FaultName;
  readonly delayMs?: number | undefined;
  readonly times?: number | undefined;
}

/** No fault: the endpoint answers as it should. */
export const NO_FAULT: FaultPlanSetting = Object.freeze({ fault: 'none' });

/**
 * The plan a request sets: `delayMs` with `delay` and only with it, `times` with a fault and not with `none`.
 * Refuses, naming the field, a plan that says one thing and means another.
 */
export function parseFaultPlan(raw: FaultPlanRequest): Result<FaultPlanSetting, DomainError> {
  if (raw.fault === 'none') {
    if (raw.delayMs !== undefined || raw.times !== undefined) {
      const field = raw.delayMs !== undefined ? 'delayMs' : 'times';
      return err(domainError('FIELD_UNKNOWN', `${field} goes with a fault, not with "none".`, field));
    }
    return ok(NO_FAULT);
  }
  const times = raw.times === undefined ? {} : { times: raw.times };
  if (raw.fault === 'delay') {
    if (raw.delayMs === undefined)
      return err(domainError('FIELD_REQUIRED', 'delayMs is required with the "delay" fault.', 'delayMs'));
    return ok({ fault: 'delay', delayMs: raw.delayMs, ...times });
  }
  if (raw.delayMs !== undefined)
    return err(
      domainError(
        'FIELD_UNKNOWN',
        `delayMs goes with the "delay" fault only, not "${raw.fault}".`,
        'delayMs',
      ),
    );
  return ok({ fault: raw.fault, ...times });
}

/**
 * The SOAP endpoint's fault plan: set by a test, taken by each call, back to `none` once its `times` are spent.
 * Kept in the memory of one process: each instance has its own.
 */
export class FaultPlan {
  private setting: FaultPlanSetting = NO_FAULT;

  /** The plan now, `times` being the calls it has left. */
  get current(): FaultPlanSetting {
    return this.setting;
  }

  set(setting: FaultPlanSetting): void {
    this.setting = setting;
  }

  /** The fault the call at hand suffers, counted against the plan's `times`; undefined when there is none. */
  take(): InjectedFault | undefined {
    const setting = this.setting;
    if (setting.fault === 'none') return undefined;
    if (setting.times !== undefined)
      this.setting = setting.times > 1 ? { ...setting, times: setting.times - 1 } : NO_FAULT;
    return setting;
  }
}
