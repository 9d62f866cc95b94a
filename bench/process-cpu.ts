import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux the bench runs on). */
const TICKS_PER_SECOND = 100;

/** A process's user and system CPU time so far, in seconds, from /proc (Linux); undefined when unreadable. */
export function processCpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  if (fields === undefined) return undefined;
  // Fields after the command name: state is [0], utime [11], stime [12] (stat(5) fields 3, 14 and 15).
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The parent of a process, from /proc (Linux); undefined when unreadable. */
export function parentPid(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields === undefined ? undefined : Number(fields[1]);
}

/** A process and its children (not grandchildren): e.g. a PostgreSQL postmaster and its backends. */
export function processFamily(pid: number): number[] {
  const family = [pid];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const child = Number(name);
    if (child !== pid && parentPid(child) === pid) family.push(child);
  }
  return family;
}

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: the fields start after its closing parenthesis.
    return stat
      .slice(stat.lastIndexOf(')') + 2)
      .trim()
      .split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds used during a stretch of time by the server, by the database server, and by the bench itself. */
export interface CpuSplit {
  readonly server: number;
  /** Undefined when the database server's processes cannot be seen (another machine, not Linux). */
  readonly database: number | undefined;
  /** The bench process: the load generator (autocannon runs in it) and the rest of the bench. */
  readonly bench: number;
}

/**
 * Measures the CPU time that the processes of a load phase use between `start()` and `stop()`: the server under
 * load, every process of the database server (a postmaster and its backends, found again at each reading), and
 * the bench process.
 */
export class CpuWatch {
  private server = 0;
  private database = new Map<number, number>();
  private bench = process.cpuUsage();

  constructor(
    private readonly serverPid: number | undefined,
    private readonly databasePid: number | undefined,
  ) {}

  start(): void {
    this.server = this.serverCpu();
    this.database = this.databaseCpu();
    this.bench = process.cpuUsage();
  }

  stop(): CpuSplit {
    const bench = process.cpuUsage(this.bench);
    const server = this.serverCpu() - this.server;
    let database: number | undefined;
    if (this.databasePid !== undefined) {
      database = 0;
      // A backend that started during the stretch counts from zero; one that ended is lost (pools keep theirs).
      for (const [pid, seconds] of this.databaseCpu()) database += seconds - (this.database.get(pid) ?? 0);
    }
    return { server, database, bench: (bench.user + bench.system) / 1e6 };
  }

  private serverCpu(): number {
    return this.serverPid === undefined ? Number.NaN : (processCpuSeconds(this.serverPid) ?? Number.NaN);
  }

  private databaseCpu(): Map<number, number> {
    const seconds = new Map<number, number>();
    if (this.databasePid === undefined) return seconds;
    for (const pid of processFamily(this.databasePid)) {
      const cpu = processCpuSeconds(pid);
      if (cpu !== undefined) seconds.set(pid, cpu);
    }
    return seconds;
  }
}
