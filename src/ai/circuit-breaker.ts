import type { Clock } from '../core/clock.js';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** Milliseconds the circuit stays open before one probe call is let through. */
  cooldownMs: number;
  clock: Clock;
}

export interface CircuitSnapshot {
  state: CircuitState;
  consecutiveFailures: number;
  /** When an open circuit lets the next probe through (ISO-8601). */
  retryAt?: string;
}

interface Circuit {
  failures: number;
  openedAt: number | undefined;
  /** A half-open probe is in flight: other calls keep skipping the provider until it reports back. */
  probing: boolean;
}

/**
 * One circuit breaker per provider. After `failureThreshold` consecutive failures the provider is
 * skipped (calls go straight to the next model in the chain) for `cooldownMs`; then one call is let
 * through as a probe: success closes the circuit, failure opens it for another cool-down.
 *
 * State lives in this process. Each worker process learns a provider's health on its own, which is
 * what we want: a failing provider costs every process at most `failureThreshold` slow calls.
 */
export class CircuitBreakers {
  private readonly circuits = new Map<string, Circuit>();

  constructor(private readonly options: CircuitBreakerOptions) {}

  private circuit(key: string): Circuit {
    let c = this.circuits.get(key);
    if (!c) {
      c = { failures: 0, openedAt: undefined, probing: false };
      this.circuits.set(key, c);
    }
    return c;
  }

  /** The state as seen now; an open circuit whose cool-down has passed reads as half-open. */
  state(key: string): CircuitState {
    const c = this.circuits.get(key);
    if (!c || c.openedAt === undefined) return 'closed';
    return this.options.clock.nowMs() - c.openedAt >= this.options.cooldownMs ? 'half_open' : 'open';
  }

  snapshot(key: string): CircuitSnapshot {
    const c = this.circuits.get(key);
    const state = this.state(key);
    return {
      state,
      consecutiveFailures: c?.failures ?? 0,
      ...(c?.openedAt !== undefined && state === 'open'
        ? { retryAt: new Date(c.openedAt + this.options.cooldownMs).toISOString() }
        : {}),
    };
  }

  /**
   * Asks to call the provider. True when the circuit is closed, or when it is half-open and no
   * other probe is running (this call becomes the probe and must report back).
   */
  tryAcquire(key: string): boolean {
    const state = this.state(key);
    if (state === 'closed') return true;
    if (state === 'open') return false;
    const c = this.circuit(key);
    if (c.probing) return false;
    c.probing = true;
    return true;
  }

  recordSuccess(key: string): void {
    const c = this.circuit(key);
    c.failures = 0;
    c.openedAt = undefined;
    c.probing = false;
  }

  recordFailure(key: string): void {
    const c = this.circuit(key);
    c.failures += 1;
    const wasProbe = c.probing;
    c.probing = false;
    if (wasProbe || c.failures >= this.options.failureThreshold) c.openedAt = this.options.clock.nowMs();
  }

  /**
   * Releases a probe whose outcome says nothing about the provider's health (e.g. the caller
   * cancelled, or the answer failed schema validation), so the next call can probe instead.
   */
  release(key: string): void {
    const c = this.circuits.get(key);
    if (c) c.probing = false;
  }
}
