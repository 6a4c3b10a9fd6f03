import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { CircuitBreakers } from './circuit-breaker.js';

describe('circuit breaker', () => {
  it('opens after the threshold of consecutive failures; a success in between resets the count', () => {
    const clock = new ManualClock('2026-01-01T00:00:00.000Z');
    const b = new CircuitBreakers({ failureThreshold: 3, cooldownMs: 10_000, clock });
    b.recordFailure('openai');
    b.recordFailure('openai');
    b.recordSuccess('openai');
    b.recordFailure('openai');
    b.recordFailure('openai');
    expect(b.tryAcquire('openai')).toBe(true);
    b.recordFailure('openai');
    expect(b.state('openai')).toBe('open');
    expect(b.tryAcquire('openai')).toBe(false);
    expect(b.snapshot('openai')).toEqual({
      state: 'open',
      consecutiveFailures: 3,
      retryAt: '2026-01-01T00:00:10.000Z',
    });
    expect(b.state('anthropic')).toBe('closed');
  });

  it('lets exactly one probe through after the cool-down; its result closes or re-opens the circuit', () => {
    const clock = new ManualClock();
    const b = new CircuitBreakers({ failureThreshold: 1, cooldownMs: 5_000, clock });
    b.recordFailure('google');
    clock.advance(4_999);
    expect(b.tryAcquire('google')).toBe(false);
    clock.advance(1);
    expect(b.state('google')).toBe('half_open');
    expect(b.tryAcquire('google')).toBe(true);
    expect(b.tryAcquire('google')).toBe(false); // the probe is in flight
    b.recordFailure('google');
    expect(b.state('google')).toBe('open');
    clock.advance(5_000);
    expect(b.tryAcquire('google')).toBe(true);
    b.recordSuccess('google');
    expect(b.state('google')).toBe('closed');
    expect(b.tryAcquire('google')).toBe(true);
  });

  it('frees the probe slot when a probe ends without a verdict', () => {
    const clock = new ManualClock();
    const b = new CircuitBreakers({ failureThreshold: 1, cooldownMs: 1_000, clock });
    b.recordFailure('x');
    clock.advance(1_000);
    expect(b.tryAcquire('x')).toBe(true);
    b.release('x');
    expect(b.tryAcquire('x')).toBe(true);
  });
});
