/**
 * Load against an HTTP server for the API benchmarks: wrk when it is installed (a C client that leaves
 * the CPU to the server), else a Node client; with the server's CPU time per request where Linux tells it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { median } from './api-fixture.js';
import { runLoad } from './load.js';

export function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk prints its version and exits 1
    return (error as { status?: number }).status === 1;
  }
}

/** User + system CPU milliseconds of a process so far (Linux), or undefined elsewhere. */
function cpuMs(pid: number | undefined): number | undefined {
  if (!pid || !existsSync(`/proc/${pid}/stat`)) return undefined;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface Target {
  name: string;
  url: string;
  pid: number | undefined;
}

export interface Measured {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  serverCpuMicrosPerRequest?: number;
}

function parseWrkLatency(text: string, label: string): number {
  const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(text);
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

/** Requests per second, latency and errors of one load run, from wrk or the Node client. */
async function runClient(
  url: string,
  options: { seconds: number; connections: number; headers: Record<string, string>; wrk: boolean },
): Promise<Omit<Measured, 'serverCpuMicrosPerRequest'> & { requests: number }> {
  if (options.wrk) {
    const headerArgs = Object.entries(options.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
    const out = execFileSync('wrk', [
      '-t1',
      `-c${options.connections}`,
      `-d${options.seconds}s`,
      '--latency',
      ...headerArgs,
      url,
    ]).toString();
    return {
      requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
      requestsPerSecond: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)),
      p50Ms: parseWrkLatency(out, '50%'),
      p99Ms: parseWrkLatency(out, '99%'),
      errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    };
  }
  const u = new URL(url);
  const r = await runLoad(u.origin, u.pathname, {
    connections: options.connections,
    seconds: options.seconds,
    warmupSeconds: 0,
    headers: options.headers,
  });
  return {
    requests: r.requests,
    requestsPerSecond: r.requestsPerSecond,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    errors: r.errors,
  };
}

/** One load run against a server, with the server's CPU time per request where Linux tells it. */
export async function measure(
  target: Target,
  options: { seconds: number; connections: number; headers: Record<string, string>; wrk: boolean },
): Promise<Measured> {
  const before = cpuMs(target.pid);
  const { requests, ...measured } = await runClient(target.url, options);
  const after = cpuMs(target.pid);
  return {
    ...measured,
    ...(before !== undefined && after !== undefined && requests > 0
      ? { serverCpuMicrosPerRequest: Math.round(((after - before) * 1000) / requests) }
      : {}),
  };
}

/** The median of each figure over the rounds: one noisy round (a neighbour's burst) does not decide. */
export function summarize(rounds: Measured[]): Measured {
  const pick = (f: (m: Measured) => number | undefined) =>
    median(rounds.map(f).filter((v): v is number => v !== undefined));
  const cpu = pick((m) => m.serverCpuMicrosPerRequest);
  return {
    requestsPerSecond: Math.round(pick((m) => m.requestsPerSecond)),
    p50Ms: pick((m) => m.p50Ms),
    p99Ms: pick((m) => m.p99Ms),
    errors: rounds.reduce((n, m) => n + m.errors, 0),
    ...(Number.isNaN(cpu) ? {} : { serverCpuMicrosPerRequest: Math.round(cpu) }),
  };
}
