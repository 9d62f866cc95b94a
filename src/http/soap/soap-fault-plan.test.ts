import { describe, expect, it } from 'vitest';
import { FaultPlan, NO_FAULT, parseFaultPlan } from './soap-fault-plan.js';

describe('the fault plan of the SOAP endpoint', () => {
  it('inflicts nothing until a fault is set', () => {
    const plan = new FaultPlan();
    expect(plan.take()).toBeUndefined();
    expect(plan.current).toEqual(NO_FAULT);
  });

  it('inflicts its fault on as many calls as its times, then none', () => {
    const plan = new FaultPlan();
    plan.set({ fault: 'drop-after', times: 2 });
    expect(plan.take()).toMatchObject({ fault: 'drop-after' });
    expect(plan.current).toEqual({ fault: 'drop-after', times: 1 });
    expect(plan.take()).toMatchObject({ fault: 'drop-after' });
    expect(plan.current).toEqual(NO_FAULT);
    expect(plan.take()).toBeUndefined();
  });

  it('inflicts a fault without times on every call until changed', () => {
    const plan = new FaultPlan();
    plan.set({ fault: 'delay', delayMs: 10 });
    for (let i = 0; i < 5; i += 1) expect(plan.take()).toEqual({ fault: 'delay', delayMs: 10 });
    plan.set(NO_FAULT);
    expect(plan.take()).toBeUndefined();
  });

  it('takes delayMs with delay only, and times with a fault only', () => {
    expect(parseFaultPlan({ fault: 'delay', delayMs: 5, times: 1 })).toEqual({
      ok: true,
      value: { fault: 'delay', delayMs: 5, times: 1 },
    });
    expect(parseFaultPlan({ fault: 'unavailable' })).toEqual({ ok: true, value: { fault: 'unavailable' } });
    expect(parseFaultPlan({ fault: 'delay' })).toMatchObject({ ok: false, error: { field: 'delayMs' } });
    expect(parseFaultPlan({ fault: 'drop-before', delayMs: 5 })).toMatchObject({
      ok: false,
      error: { field: 'delayMs' },
    });
    expect(parseFaultPlan({ fault: 'none', times: 2 })).toMatchObject({
      ok: false,
      error: { field: 'times' },
    });
  });
});
