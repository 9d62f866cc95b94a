import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster (`startThrowawayCluster` of test/support/postgres-cluster.ts), kept by a process
 * of its own (bench/throwaway-cluster-process.ts). Its programs (initdb, pg_ctl) block whoever runs them for
 * seconds, and the bench must stay free to answer signals (tsx kills a process that does not within 30 ms); and
 * that process stops the cluster even if the bench is killed outright (its standard input then closes).
 */
export class ThrowawayCluster {
  /** Where the cluster answers and its version, once started. */
  readonly started: Promise<{ readonly url: string; readonly version: string }>;
  private readonly keeper: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(root: string) {
    this.keeper = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'bench', 'throwaway-cluster-process.ts')],
      { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.exited = new Promise((resolve) => {
      this.keeper.once('exit', () => {
        resolve();
      });
    });
    let stderr = '';
    this.keeper.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    this.started = new Promise((resolve, reject) => {
      let stdout = '';
      this.keeper.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const line = stdout.split('\n', 2);
        if (line.length < 2) return;
        const said = JSON.parse(line[0]!) as { url: string; version: string } | { error: string };
        if ('error' in said) reject(new Error(`PostgreSQL could not be started: ${said.error}`));
        else resolve(said);
      });
      void this.exited.then(() => {
        reject(new Error(`the PostgreSQL keeper ended before the cluster started:\n${stderr}`));
      });
    });
    // Rejections are for whoever awaits `started`; stopping does not need it.
    this.started.catch(() => undefined);
  }

  /** Asks for the cluster to be stopped and its files removed (once it has started, if it is starting). */
  stop(): void {
    if (this.keeper.exitCode === null && this.keeper.signalCode === null) this.keeper.kill('SIGTERM');
  }

  /** Stops the cluster and waits until it is stopped. */
  async stopAndWait(): Promise<void> {
    this.stop();
    await this.exited;
  }
}
