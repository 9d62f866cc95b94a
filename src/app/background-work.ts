/**
 * Work a server does off the request path, over and over (the checks of presences, the relay's forwarding): one
 * run at a time, each followed by the wait it asks for. Its timer never keeps the process alive; stopping it waits
 * for the run under way, so that what that run took is settled before the store closes.
 */
export class BackgroundWork {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  /** @param run does the work, reports its own failures, and resolves to how long to wait before the next run. */
  constructor(private readonly run: () => Promise<number>) {}

  start(): void {
    this.schedule(0);
  }

  /** True once stopped: a run that loops ends at its next turn. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Runs no more; resolves once the run under way is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.run()
        .then((wait) => {
          this.schedule(wait);
        })
        .finally(() => {
          this.running = undefined;
        });
    }, ms);
    this.timer.unref();
  }
}
