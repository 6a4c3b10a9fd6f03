import { describe, expect, it } from 'vitest';
import { QueryCache } from './query-cache.js';

describe('query cache', () => {
  it('expires entries after the TTL', () => {
    let now = 1000;
    const cache = new QueryCache<string>(500, 10, () => now);
    const key = QueryCache.key('t1', 1, ['q']);
    cache.set('t1', key, 'result');
    expect(cache.get('t1', key)).toBe('result');
    now += 500;
    expect(cache.get('t1', key)).toBeUndefined();
  });

  it('keys by tenant and index version, and refuses an entry to another tenant', () => {
    const cache = new QueryCache<string>(60_000);
    const a = QueryCache.key('tenant-a', 3, ['beams']);
    cache.set('tenant-a', a, 'A');
    expect(QueryCache.key('tenant-b', 3, ['beams'])).not.toBe(a);
    expect(QueryCache.key('tenant-a', 4, ['beams'])).not.toBe(a);
    expect(cache.get('tenant-b', a)).toBeUndefined();
  });

  it('drops the least recently used entries beyond its size, and one tenant on demand', () => {
    const cache = new QueryCache<number>(60_000, 2);
    cache.set('t', 'k1', 1);
    cache.set('t', 'k2', 2);
    cache.get('t', 'k1');
    cache.set('u', 'k3', 3);
    expect(cache.get('t', 'k2')).toBeUndefined();
    expect(cache.get('t', 'k1')).toBe(1);
    cache.dropTenant('t');
    expect(cache.get('t', 'k1')).toBeUndefined();
    expect(cache.get('u', 'k3')).toBe(3);
  });

  it('stores nothing when the TTL is 0', () => {
    const cache = new QueryCache<number>(0);
    cache.set('t', 'k', 1);
    expect(cache.size).toBe(0);
  });
});
