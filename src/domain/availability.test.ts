import { describe, expect, it } from 'vitest';
import {
  outages,
  runEnd,
  runState,
  staleAfterMs,
  type AvailabilityRun,
  type Outage,
} from './availability.js';

const HEARTBEAT_MS = 10_000;

/** An instant of 27 November 2026, written `HH:MM` or `HH:MM:SS` (UTC). */
const t = (time: string): string => `2026-11-27T${time.length === 5 ? `${time}:00` : time}.000Z`;
const at = (time: string): Date => new Date(t(time));

const now = at('12:00');
const wholeDay = { from: new Date('2026-11-27T00:00:00.000Z'), to: new Date('2026-11-28T00:00:00.000Z') };

/** A run that stopped cleanly. */
const stopped = (instanceId: string, from: string, to: string): AvailabilityRun => ({
  instanceId,
  startedAt: t(from),
  lastSeenAt: t(to),
  stoppedAt: t(to),
  heartbeatMs: HEARTBEAT_MS,
});

/** A run that ended without stopping: its last heartbeat is long past. */
const crashed = (instanceId: string, from: string, lastSeen: string): AvailabilityRun => ({
  instanceId,
  startedAt: t(from),
  lastSeenAt: t(lastSeen),
  heartbeatMs: HEARTBEAT_MS,
});

/** A run still going: its last heartbeat is 5 seconds before `now`. */
const running = (instanceId: string, from: string): AvailabilityRun => ({
  instanceId,
  startedAt: t(from),
  lastSeenAt: t('11:59:55'),
  heartbeatMs: HEARTBEAT_MS,
});

const outage = (from: string, to: string, cause: Outage['cause']): Outage => ({
  from: t(from),
  to: t(to),
  cause,
});

describe('staleAfterMs', () => {
  it('takes a run as ended three heartbeats after its last one', () => {
    expect(staleAfterMs(HEARTBEAT_MS)).toBe(30_000);
  });
});

describe('runState', () => {
  it('is STOPPED for a run with a clean stop, however old', () => {
    expect(runState(stopped('a', '08:00', '10:00'), now)).toBe('STOPPED');
  });

  it('is RUNNING while the last heartbeat is recent', () => {
    expect(runState(running('a', '08:00'), now)).toBe('RUNNING');
  });

  it('is still RUNNING exactly three heartbeats after the last one', () => {
    expect(runState(crashed('a', '08:00', '11:59:30'), now)).toBe('RUNNING');
  });

  it('is CRASHED once the last heartbeat is more than three heartbeats old', () => {
    expect(runState(crashed('a', '08:00', '11:59:29'), now)).toBe('CRASHED');
  });
});

describe('runEnd', () => {
  it('ends a stopped run at its clean stop', () => {
    expect(runEnd(stopped('a', '08:00', '10:00'), now)).toBe(Date.parse(t('10:00')));
  });

  it('ends a crashed run at its last heartbeat', () => {
    expect(runEnd(crashed('a', '08:00', '09:30'), now)).toBe(Date.parse(t('09:30')));
  });

  it('ends a running run now', () => {
    expect(runEnd(running('a', '08:00'), now)).toBe(now.getTime());
  });
});

describe('outages', () => {
  const within = (runs: AvailabilityRun[], period = wholeDay): Outage[] => outages(runs, period, now);

  it('finds a STOPPED outage between a clean stop and the next start', () => {
    expect(within([stopped('a', '08:00', '10:00'), running('a', '10:05')])).toEqual([
      outage('10:00', '10:05', 'STOPPED'),
    ]);
  });

  it('finds a CRASHED outage from the last heartbeat of a crashed run to the next start', () => {
    expect(within([crashed('a', '08:00', '09:30'), running('a', '09:45')])).toEqual([
      outage('09:30', '09:45', 'CRASHED'),
    ]);
  });

  it('leaves no gap where the runs of two instances overlap', () => {
    expect(within([stopped('a', '08:00', '11:00'), running('b', '10:00')])).toEqual([]);
  });

  it('leaves no gap during a rolling restart of two instances', () => {
    const runs = [stopped('a', '08:00', '10:00'), stopped('b', '09:00', '11:00'), running('a', '10:30')];
    expect(within(runs)).toEqual([]);
  });

  it('leaves no gap when a run starts the instant the previous one stops', () => {
    expect(within([stopped('a', '08:00', '10:00'), running('a', '10:00')])).toEqual([]);
  });

  it('does not let a short run inside a long one hide the gap after the long one', () => {
    const runs = [stopped('a', '08:00', '11:00'), stopped('b', '09:00', '09:30'), running('a', '11:15')];
    expect(within(runs)).toEqual([outage('11:00', '11:15', 'STOPPED')]);
  });

  it('takes the cause from the run that was the last to end', () => {
    const crashedLast = [
      stopped('a', '08:00', '10:00'),
      crashed('b', '09:00', '10:30'),
      running('a', '11:00'),
    ];
    expect(within(crashedLast)).toEqual([outage('10:30', '11:00', 'CRASHED')]);
    const stoppedLast = [
      stopped('a', '08:00', '11:00'),
      crashed('b', '09:00', '10:30'),
      running('a', '11:30'),
    ];
    expect(within(stoppedLast)).toEqual([outage('11:00', '11:30', 'STOPPED')]);
  });

  it('finds every gap of the period, in order', () => {
    const runs = [
      stopped('a', '06:00', '07:00'),
      crashed('a', '07:10', '08:00'),
      stopped('a', '08:20', '09:00'),
      running('a', '09:30'),
    ];
    expect(within(runs)).toEqual([
      outage('07:00', '07:10', 'STOPPED'),
      outage('08:00', '08:20', 'CRASHED'),
      outage('09:00', '09:30', 'STOPPED'),
    ]);
  });

  it('reads the runs in any order', () => {
    const runs = [running('a', '09:30'), crashed('a', '07:10', '08:00'), stopped('a', '06:00', '07:00')];
    expect(within(runs)).toEqual([outage('07:00', '07:10', 'STOPPED'), outage('08:00', '09:30', 'CRASHED')]);
  });

  it('clips an outage to the start of the period', () => {
    const period = { from: at('10:02'), to: wholeDay.to };
    expect(within([stopped('a', '08:00', '10:00'), running('a', '10:05')], period)).toEqual([
      outage('10:02', '10:05', 'STOPPED'),
    ]);
  });

  it('clips an outage to the end of the period', () => {
    const period = { from: wholeDay.from, to: at('10:03') };
    expect(within([stopped('a', '08:00', '10:00'), running('a', '10:05')], period)).toEqual([
      outage('10:00', '10:03', 'STOPPED'),
    ]);
  });

  it('finds nothing in a period that falls inside a run', () => {
    const period = { from: at('08:30'), to: at('09:30') };
    expect(within([stopped('a', '08:00', '10:00'), running('a', '10:05')], period)).toEqual([]);
  });

  it('does not count the time before the first run ever recorded as an outage', () => {
    expect(within([running('a', '08:00')])).toEqual([]);
    const period = { from: at('06:00'), to: at('07:00') };
    expect(within([running('a', '08:00')], period)).toEqual([]);
  });

  it('finds nothing when no run was ever recorded', () => {
    expect(within([])).toEqual([]);
  });

  it('takes a running instance to cover up to now, and does not look past now', () => {
    expect(within([running('a', '08:00')])).toEqual([]);
  });

  it('counts the time since the last clean stop up to now as an outage when nothing is running', () => {
    expect(within([stopped('a', '08:00', '10:00')])).toEqual([outage('10:00', '12:00', 'STOPPED')]);
  });

  it('counts the time since the last heartbeat of a crashed run up to now as a CRASHED outage', () => {
    expect(within([crashed('a', '08:00', '11:00')])).toEqual([outage('11:00', '12:00', 'CRASHED')]);
  });

  it('ends a trailing outage at the end of the period when that comes before now', () => {
    const period = { from: wholeDay.from, to: at('11:00') };
    expect(within([stopped('a', '08:00', '10:00')], period)).toEqual([outage('10:00', '11:00', 'STOPPED')]);
  });

  it('does not yet count a run as crashed while its last heartbeat is recent', () => {
    const quiet = {
      instanceId: 'a',
      startedAt: t('08:00'),
      lastSeenAt: t('11:59:40'),
      heartbeatMs: HEARTBEAT_MS,
    };
    expect(within([quiet])).toEqual([]);
  });
});
