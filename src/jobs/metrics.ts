import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { JobQueue } from './queue.js';
import { jobStates } from './queue.js';

/**
 * Registers the queue's Prometheus metrics on `registry` (the server adds it to /metrics):
 * counters of jobs enqueued, completed, failed (attempts) and dead by job name, attempt durations, and
 * the queue depth by state (read from the queue on each scrape). Counters count what this process did;
 * Prometheus sums them across processes. Returns a function that stops counting.
 */
export function registerJobMetrics(registry: Registry, queue: JobQueue): () => void {
  const labelNames = ['name'] as const;
  const enqueued = new Counter({
    name: 'dify_agent_jobs_enqueued_total',
    help: 'Jobs enqueued (committed), by job name.',
    labelNames,
    registers: [registry],
  });
  const completed = new Counter({
    name: 'dify_agent_jobs_completed_total',
    help: 'Jobs completed successfully, by job name.',
    labelNames,
    registers: [registry],
  });
  const failed = new Counter({
    name: 'dify_agent_jobs_failed_total',
    help: 'Job attempts that failed (retried or dead), by job name.',
    labelNames,
    registers: [registry],
  });
  const dead = new Counter({
    name: 'dify_agent_jobs_dead_total',
    help: 'Jobs moved to the dead-letter state, by job name.',
    labelNames,
    registers: [registry],
  });
  const leaseLost = new Counter({
    name: 'dify_agent_jobs_lease_lost_total',
    help: 'Attempts whose outcome was discarded because another worker took the job over.',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'dify_agent_job_duration_seconds',
    help: 'Duration of job attempts, by job name and outcome.',
    labelNames: ['name', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [registry],
  });
  new Gauge({
    name: 'dify_agent_jobs',
    help: 'Jobs in the queue by state (queue depth).',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      try {
        const counts = await queue.counts();
        for (const state of jobStates) this.set({ state }, counts[state]);
      } catch {
        // An unreachable queue shows up in /ready; the scrape itself should still succeed.
      }
    },
  });

  return queue.onEvent((event) => {
    switch (event.type) {
      case 'enqueued':
        enqueued.inc({ name: event.name });
        return;
      case 'completed':
        completed.inc({ name: event.name });
        duration.observe({ name: event.name, outcome: 'succeeded' }, event.durationMs / 1000);
        return;
      case 'failed':
        failed.inc({ name: event.name });
        if (event.dead) dead.inc({ name: event.name });
        duration.observe({ name: event.name, outcome: 'failed' }, event.durationMs / 1000);
        return;
      case 'stalled':
        if (event.dead) dead.inc({ name: event.name });
        return;
      case 'lease_lost':
        leaseLost.inc({ name: event.name });
        return;
      default:
        return;
    }
  });
}
