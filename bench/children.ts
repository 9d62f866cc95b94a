import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** A child process started by the bench, with the tail of what it printed (to explain a failure). */
export interface TrackedChild {
  readonly name: string;
  readonly process: ChildProcess;
  /** The last lines it wrote on stdout and stderr. */
  readonly tail: string[];
  /** Lines that look like warnings or errors in its log (pino level 40 and above). */
  readonly problems: string[];
  /** Settles when it has exited, with its exit code (or the signal that ended it). */
  readonly exited: Promise<number | NodeJS.Signals | null>;
}

const TAIL_LINES = 40;

/**
 * Every child process the bench starts, so that none outlives it: `stopAll` on the way out, `killAll` from an
 * exit or signal handler, where nothing asynchronous can run.
 */
export class Children {
  private readonly running = new Set<TrackedChild>();

  /** Starts a child process and tracks it until it exits. */
  start(name: string, command: string, args: readonly string[], options: SpawnOptions): TrackedChild {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const problems: string[] = [];
    const exited = new Promise<number | NodeJS.Signals | null>((resolve) => {
      child.once('exit', (code, signal) => {
        resolve(code ?? signal);
      });
      child.once('error', (error) => {
        tail.push(`spawn error: ${error.message}`);
        resolve(null);
      });
    });
    const tracked: TrackedChild = { name, process: child, tail, problems, exited };
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) keepLine(tracked, line);
      });
    }
    this.running.add(tracked);
    void exited.then(() => this.running.delete(tracked));
    return tracked;
  }

  /** Asks a child to stop (SIGTERM), and kills it if it has not exited within `graceMs`. */
  async stop(child: TrackedChild, graceMs = 10_000): Promise<number | NodeJS.Signals | null> {
    if (!this.running.has(child)) return child.exited;
    child.process.kill('SIGTERM');
    const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
    try {
      return await child.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops every child still running. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((child) => this.stop(child)));
  }

  /** Kills every child still running at once (for exit and signal handlers). */
  killAll(): void {
    for (const child of this.running) child.process.kill('SIGKILL');
    this.running.clear();
  }
}

function keepLine(child: TrackedChild, line: string): void {
  if (line.trim() === '') return;
  child.tail.push(line);
  if (child.tail.length > TAIL_LINES) child.tail.shift();
  const level = /^\{"level":(\d+)/.exec(line)?.[1];
  if (level !== undefined && Number(level) >= 40 && child.problems.length < TAIL_LINES) {
    child.problems.push(line);
  }
}
