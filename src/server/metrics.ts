import { collectDefaultMetrics, Registry } from 'prom-client';

export interface HttpMetrics {
  registry: Registry;
  /** Records one request; label sets are few (method × route pattern × status). */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

/** How often the event-loop delay is sampled (prom-client's `eventLoopMonitoringPrecision`). */
const EVENT_LOOP_SAMPLE_MS = 100;

const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  /** The status as a number, to match without formatting it. */
  status: number;
  labels: { method: string; route: string; status: string };
  /** Cumulative-at-read counts per bucket (the last slot is +Inf). */
  counts: Float64Array;
  sum: number;
}

/**
 * The request-duration histogram, kept as plain counters and rendered by prom-client on scrape.
 * prom-client's own Histogram validates and hashes the labels on every observation, which costs more
 * than a cheap API request does.
 */
function requestDurationHistogram(registry: Registry) {
  const name = 'dify_agent_http_request_duration_seconds';
  const help = 'HTTP request duration by route and status';
  // Found by route, then by a scan of that route's few method/status pairs, rather than by one joined
  // string: the parts are strings and a number the process already holds, while a joined key is a new
  // string to build and hash on every request.
  const byRoute = new Map<string, Series[]>();
  registry.registerMetric({
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => {
      const values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> =
        [];
      for (const s of [...byRoute.values()].flat()) {
        let cumulative = 0;
        DURATION_BUCKETS.forEach((le, i) => {
          cumulative += s.counts[i] as number;
          values.push({ metricName: `${name}_bucket`, labels: { ...s.labels, le }, value: cumulative });
        });
        cumulative += s.counts[DURATION_BUCKETS.length] as number;
        values.push({ metricName: `${name}_bucket`, labels: { ...s.labels, le: '+Inf' }, value: cumulative });
        values.push({ metricName: `${name}_sum`, labels: s.labels, value: s.sum });
        values.push({ metricName: `${name}_count`, labels: s.labels, value: cumulative });
      }
      return { name, help, type: 'histogram', aggregator: 'sum', values };
    },
    reset: () => byRoute.clear(),
  } as unknown as Parameters<Registry['registerMetric']>[0]);

  const seriesFor = (method: string, route: string, status: number): Series => {
    let list = byRoute.get(route);
    if (!list) {
      list = [];
      byRoute.set(route, list);
    }
    for (const s of list) if (s.status === status && s.labels.method === method) return s;
    const s: Series = {
      status,
      labels: { method, route, status: String(status) },
      counts: new Float64Array(DURATION_BUCKETS.length + 1),
      sum: 0,
    };
    list.push(s);
    return s;
  };

  return (method: string, route: string, status: number, seconds: number) => {
    const s = seriesFor(method, route, status);
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > (DURATION_BUCKETS[i] as number)) i++;
    (s.counts as Float64Array)[i] = (s.counts[i] as number) + 1;
    s.sum += seconds;
  };
}

/** One Prometheus registry per process: default Node metrics, HTTP timings, and what modules add. */
export function createMetrics(): HttpMetrics {
  const registry = new Registry();
  // The event-loop delay histogram samples on a timer. At prom-client's default (every 10 ms) that timer
  // wakes an idle server ~200 times a second, which a laptop pays in battery and a small shared host in
  // the other processes' caches; every 100 ms still gives 150 samples per 15-s scrape.
  collectDefaultMetrics({
    register: registry,
    prefix: 'dify_agent_',
    eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS,
  });
  return { registry, observeRequest: requestDurationHistogram(registry) };
}
