import { Pool } from 'undici';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Closed-loop load: `connections` clients each send the next request when the last one answers. */
export async function runLoad(
  origin: string,
  path: string,
  options: { headers?: Record<string, string>; connections: number; seconds: number; warmupSeconds: number },
): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: options.connections, pipelining: 1 });
  const once = async (): Promise<number> => {
    const started = performance.now();
    const res = await pool.request({ method: 'GET', path, headers: options.headers ?? {} });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
    return performance.now() - started;
  };
  const loop = async (until: number, latencies: number[] | undefined, errors: { n: number }) => {
    while (performance.now() < until) {
      try {
        const ms = await once();
        latencies?.push(ms);
      } catch {
        errors.n++;
      }
    }
  };
  const warm = performance.now() + options.warmupSeconds * 1000;
  await Promise.all(Array.from({ length: options.connections }, () => loop(warm, undefined, { n: 0 })));
  const latencies: number[] = [];
  const errors = { n: 0 };
  const start = performance.now();
  const end = start + options.seconds * 1000;
  await Promise.all(Array.from({ length: options.connections }, () => loop(end, latencies, errors)));
  const seconds = (performance.now() - start) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: latencies.length,
    errors: errors.n,
    seconds: round(seconds),
    requestsPerSecond: Math.round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
  };
}
