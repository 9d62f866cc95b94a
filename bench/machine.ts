import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** The machine's CPU time so far, in clock ticks, all CPUs together. */
export interface CpuTimes {
  readonly busy: number;
  readonly idle: number;
  /** Time the hypervisor gave to other virtual machines while this one wanted to run (0 where unknown). */
  readonly steal: number;
}

/** Reads the machine's CPU time: from /proc/stat on Linux (steal included), from os.cpus() elsewhere. */
export function cpuTimes(): CpuTimes {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
  } catch {
    let busy = 0;
    let idle = 0;
    for (const { times } of cpus()) {
      busy += times.user + times.nice + times.sys + times.irq;
      idle += times.idle;
    }
    return { busy, idle, steal: 0 };
  }
}

/** Shares (0 to 1) of the CPU time between two readings: busy, and stolen by the hypervisor. */
export function cpuShares(from: CpuTimes, to: CpuTimes): { busy: number; steal: number } {
  const busy = to.busy - from.busy;
  const steal = to.steal - from.steal;
  const total = busy + steal + (to.idle - from.idle);
  return total <= 0 ? { busy: 0, steal: 0 } : { busy: busy / total, steal: steal / total };
}

/**
 * The shares of CPU time busy and stolen over the next `ms` milliseconds. Taken while the bench itself is idle,
 * they tell how much other work on this machine (busy) or on its host (steal) competes with the figures.
 */
export async function idleCheck(ms = 1_000): Promise<{ busy: number; steal: number }> {
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return cpuShares(before, cpuTimes());
}
