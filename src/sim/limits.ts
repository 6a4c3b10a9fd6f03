/**
 * Rate-limit bookkeeping. X counts calls in fixed windows that open with the first call (its
 * `x-rate-limit-reset` is the window's end); Meta reports usage of a rolling window as a percentage;
 * LinkedIn counts per UTC day. All share these two counters, keyed by whatever the platform limits on.
 */

export interface WindowState {
  limit: number;
  /** Calls left after this one (never below 0). */
  remaining: number;
  /** When the window closes, ms since the epoch. */
  resetMs: number;
  /** False when this call is over the limit (and was not counted). */
  allowed: boolean;
}

/** Fixed windows that open with the first call of a key. */
export class FixedWindows {
  private windows = new Map<string, { startMs: number; count: number }>();

  hit(key: string, limit: number, windowMs: number, nowMs: number): WindowState {
    let w = this.windows.get(key);
    if (!w || nowMs >= w.startMs + windowMs) {
      w = { startMs: nowMs, count: 0 };
      this.windows.set(key, w);
    }
    const resetMs = w.startMs + windowMs;
    if (w.count >= limit) return { limit, remaining: 0, resetMs, allowed: false };
    w.count += 1;
    return { limit, remaining: limit - w.count, resetMs, allowed: true };
  }

  /** Windows aligned on a calendar boundary (LinkedIn's UTC day): the window of `nowMs` is [start, end). */
  hitAligned(key: string, limit: number, startMs: number, endMs: number): WindowState {
    const id = `${key}@${startMs}`;
    let w = this.windows.get(id);
    if (!w) {
      w = { startMs, count: 0 };
      this.windows.set(id, w);
    }
    if (w.count >= limit) return { limit, remaining: 0, resetMs: endMs, allowed: false };
    w.count += 1;
    return { limit, remaining: limit - w.count, resetMs: endMs, allowed: true };
  }

  clear(): void {
    this.windows.clear();
  }
}

/** Calls in a rolling window, for usage percentages (Meta's `call_count`). */
export class RollingWindows {
  private calls = new Map<string, number[]>();

  private trimmed(key: string, windowMs: number, nowMs: number): number[] {
    const list = this.calls.get(key) ?? [];
    let drop = 0;
    while (drop < list.length && (list[drop] as number) <= nowMs - windowMs) drop++;
    const kept = drop > 0 ? list.slice(drop) : list;
    this.calls.set(key, kept);
    return kept;
  }

  /** Calls in the window ending now. */
  count(key: string, windowMs: number, nowMs: number): number {
    return this.trimmed(key, windowMs, nowMs).length;
  }

  record(key: string, windowMs: number, nowMs: number): number {
    const list = this.trimmed(key, windowMs, nowMs);
    list.push(nowMs);
    return list.length;
  }

  /** When the oldest call leaves the window (the earliest moment usage drops), or now when empty. */
  oldestExitMs(key: string, windowMs: number, nowMs: number): number {
    const list = this.trimmed(key, windowMs, nowMs);
    return list.length > 0 ? (list[0] as number) + windowMs : nowMs;
  }

  clear(): void {
    this.calls.clear();
  }
}
