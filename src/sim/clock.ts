import type { Clock } from '../core/clock.js';

/**
 * The simulator's "now": the machine's time plus an offset tests move forward (token expiry, engagement
 * growth, processing delays, rate-limit windows), or a frozen instant when a test needs exact numbers.
 */
export class SimClock implements Clock {
  private offsetMs = 0;
  private frozenMs: number | undefined;

  nowMs(): number {
    return this.frozenMs ?? Date.now() + this.offsetMs;
  }
  now(): Date {
    return new Date(this.nowMs());
  }
  iso(): string {
    return new Date(this.nowMs()).toISOString();
  }
  /** Moves time forward (or back, with a negative number). */
  advance(ms: number): void {
    if (this.frozenMs !== undefined) this.frozenMs += ms;
    else this.offsetMs += ms;
  }
  /** Jumps to an instant; with `frozen` the clock stays there until moved again. */
  set(to: number, frozen = false): void {
    if (frozen) {
      this.frozenMs = to;
      return;
    }
    this.frozenMs = undefined;
    this.offsetMs = to - Date.now();
  }
  /** Back to the machine's time. */
  reset(): void {
    this.offsetMs = 0;
    this.frozenMs = undefined;
  }
  get frozen(): boolean {
    return this.frozenMs !== undefined;
  }
}
