import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

describe('HTTP metrics', () => {
  it('renders the request-duration histogram in Prometheus text format with cumulative buckets', async () => {
    const metrics = createMetrics();
    metrics.observeRequest('GET', '/api/v1/tenant', 200, 0.0004);
    metrics.observeRequest('GET', '/api/v1/tenant', 200, 0.003);
    metrics.observeRequest('GET', '/api/v1/tenant', 200, 30);
    metrics.observeRequest('POST', '/api/v1/keys', 400, 0.02);
    const text = await metrics.registry.metrics();
    const lines = text.split('\n').filter((l) => l.startsWith('dify_agent_http_request_duration_seconds'));
    const value = (suffix: string, labels: string) =>
      lines
        .find((l) => l.startsWith(`dify_agent_http_request_duration_seconds_${suffix}{${labels}}`))
        ?.split(' ')[1];
    const tenant = 'method="GET",route="/api/v1/tenant",status="200"';
    expect(text).toContain('# TYPE dify_agent_http_request_duration_seconds histogram');
    expect(value('bucket', `${tenant},le="0.001"`)).toBe('1');
    expect(value('bucket', `${tenant},le="0.005"`)).toBe('2');
    expect(value('bucket', `${tenant},le="10"`)).toBe('2');
    expect(value('bucket', `${tenant},le="+Inf"`)).toBe('3');
    expect(value('count', tenant)).toBe('3');
    expect(Number(value('sum', tenant))).toBeCloseTo(30.0034, 6);
    expect(value('bucket', 'method="POST",route="/api/v1/keys",status="400",le="0.025"')).toBe('1');
    expect(value('bucket', 'method="POST",route="/api/v1/keys",status="400",le="0.01"')).toBe('0');
  });
});
