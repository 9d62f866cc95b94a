import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * Runs `work`, under the CPU profiler when `BENCH_CPU_PROF=<folder>` is set: the site agent's phases run in the
 * bench's own process (the registries in theirs, profiled with `node --cpu-prof`), so each writes
 * `agent-<name>.cpuprofile` there, to summarise with `npx tsx bench/profile-summary.ts`.
 */
export async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  const folder = process.env.BENCH_CPU_PROF;
  if (folder === undefined || folder === '') return work();
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    try {
      return await work();
    } finally {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(folder, `agent-${name}.cpuprofile`), JSON.stringify(profile));
    }
  } finally {
    session.disconnect();
  }
}
