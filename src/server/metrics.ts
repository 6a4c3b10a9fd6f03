import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface HttpMetrics {
  registry: Registry;
  requestDuration: Histogram<'method' | 'route' | 'status'>;
  /** Records one request; label sets are few (method × route pattern × status) and kept resolved. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

/** One Prometheus registry per process: default Node metrics, HTTP timings, and what modules add. */
export function createMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'dify_agent_' });
  const requestDuration = new Histogram({
    name: 'dify_agent_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // prom-client hashes the label object on every observe; resolving each label set once is cheaper.
  const children = new Map<string, ReturnType<typeof requestDuration.labels>>();
  return {
    registry,
    requestDuration,
    observeRequest(method, route, status, seconds) {
      const key = `${method} ${route} ${status}`;
      let child = children.get(key);
      if (!child) {
        child = requestDuration.labels(method, route, String(status));
        children.set(key, child);
      }
      child.observe(seconds);
    },
  };
}
