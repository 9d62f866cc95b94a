import { describe, expect, it } from 'vitest';
import { BackgroundWork } from './background-work.js';

describe('background work', () => {
  it('runs at once, then again after the wait each run asks for, one run at a time', async () => {
    const runs: number[] = [];
    let inRun = 0;
    let most = 0;
    const work = new BackgroundWork(async () => {
      inRun += 1;
      most = Math.max(most, inRun);
      runs.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 5));
      inRun -= 1;
      return 20;
    });
    work.start();
    await new Promise((resolve) => setTimeout(resolve, 120));
    await work.stop();
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(most).toBe(1);
    for (let i = 1; i < runs.length; i += 1) expect(runs[i]! - runs[i - 1]!).toBeGreaterThanOrEqual(15);
  });

  it('waits, when stopped, for the run under way, and runs no more', async () => {
    let finished = false;
    let started = 0;
    const work = new BackgroundWork(async () => {
      started += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      finished = true;
      return 0;
    });
    work.start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(work.stopping).toBe(false);
    await work.stop();
    expect(work.stopping).toBe(true);
    expect(finished).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(started).toBe(1);
  });
});
