import type { Clock } from '../../src/app/clock.js';

/** A clock that stands still until a test moves it. */
export class TestClock implements Clock {
  private current: Date;

  constructor(start: string | Date) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Sets the time. */
  set(at: string | Date): void {
    this.current = new Date(at);
  }

  /** Moves the time forward. */
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
