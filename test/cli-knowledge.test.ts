import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { runCli } from './support/cli.js';
import { testDialect } from './support/db.js';
import { type SiteServer, startSiteServer } from './support/site-server.js';

let t: TestApp;
let a: TestTenant;
let site: SiteServer;

beforeAll(async () => {
  site = await startSiteServer({ root: path.resolve('fixtures/sites/crawl-test') });
  t = await createTestApp();
  a = await t.tenant('Cli Steel');
});
afterAll(async () => {
  await t.cleanup();
  await site.close();
});

const cli = (args: string[]) =>
  runCli(t.t, args, {
    FETCH_ALLOW_HOSTS: '127.0.0.1',
    FETCH_TIMEOUT_MS: '8000',
    CRAWL_HOST_DELAY_MS: '0',
    JOB_POLL_MS: '50',
    DIFY_AGENT_API_KEY: a.keys.editor,
  });

describe(`kb commands (${testDialect})`, () => {
  it('crawls a site and waits for it, then finds a passage with kb search', async () => {
    const crawled = await cli(['kb', 'crawl', `${site.origin}/`, '--exclude', '/slow.html', '--json']);
    expect(crawled.code, crawled.stderr).toBe(0);
    const crawl = JSON.parse(crawled.stdout) as { status: string; progress: { done: number } };
    expect(crawl.status).toBe('succeeded');
    expect(crawl.progress.done).toBeGreaterThan(3);

    const found = await cli(['kb', 'search', 'S355 universal beams cut to length', '--json']);
    expect(found.code, found.stderr).toBe(0);
    const hits = (JSON.parse(found.stdout) as { hits: { url: string }[] }).hits;
    expect(hits[0]?.url).toBe(`${site.origin}/products/i-beams.html`);
  }, 120_000);

  it('returns at once with --detach', async () => {
    const detached = await cli(['kb', 'crawl', `${site.origin}/`, '--detach', '--json']);
    expect(detached.code, detached.stderr).toBe(0);
    expect(JSON.parse(detached.stdout)).toMatchObject({ status: 'queued' });
  }, 60_000);

  it('exits non-zero when the crawl fails', async () => {
    const failed = await cli(['kb', 'crawl', 'http://10.255.255.1/', '--json']);
    expect(failed.code).not.toBe(0);
    expect(JSON.parse(failed.stdout)).toMatchObject({ status: 'failed' });
    expect(failed.stderr).toContain('knowledge.nothing_crawled');
  }, 60_000);
});
