import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobHandlers } from '../src/app/modules.js';
import { type RunningWorker, startWorker } from '../src/jobs/queue.js';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { type CliServer, runCli, serveForCli } from './support/cli.js';
import { testDialect } from './support/db.js';
import { type SiteServer, startSiteServer } from './support/site-server.js';

/**
 * `dify-agent kb …` as a person runs it: against the server running for the data directory, whose
 * workers run the crawl with the server's settings (FETCH_ALLOW_HOSTS lets it reach the local site; the
 * CLI's own environment does not), and, with no server, in the CLI's own process.
 */
let t: TestApp;
let a: TestTenant;
let site: SiteServer;
let server: CliServer | undefined;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  site = await startSiteServer({ root: path.resolve('fixtures/sites/crawl-test') });
  t = await createTestApp({
    env: {
      FETCH_ALLOW_HOSTS: '127.0.0.1',
      FETCH_TIMEOUT_MS: '15000',
      CRAWL_HOST_DELAY_MS: '0',
      JOB_POLL_MS: '50',
    },
  });
  a = await t.tenant('Cli Steel');
  server = await serveForCli(t);
  worker = startWorker(t.app.queue, jobHandlers(t.app), { concurrency: 2 });
});
afterAll(async () => {
  await worker?.stop();
  await server?.close();
  await t.cleanup();
  await site.close();
});

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(t.t, args, { DIFY_AGENT_API_KEY: a.keys.editor, ...env });

describe(`kb commands (${testDialect})`, () => {
  it('crawls through the running server with its settings, waits, and says what happened', async () => {
    const crawled = await cli(['kb', 'crawl', `${site.origin}/`, '--exclude', '/slow.html']);
    expect(crawled.code, crawled.stderr).toBe(0);
    const last = crawled.stdout.trim().split('\n').at(-1) as string;
    expect(last).toMatch(
      /^crawl \S+ succeeded: \d+ pages stored \(\d+ new or changed\), \d+ skipped \(.*1 by robots\.txt.*\), \d+ failed/,
    );
    expect(crawled.stderr).not.toContain('runs in this process');

    const found = await cli(['kb', 'search', 'S355 universal beams cut to length', '--json']);
    expect(found.code, found.stderr).toBe(0);
    const hits = (JSON.parse(found.stdout) as { hits: { url: string }[] }).hits;
    expect(hits[0]?.url).toBe(`${site.origin}/products/i-beams.html`);

    // For a person: ranked rows with the page's path, a snippet without markup and a short score.
    const shown = await cli(['kb', 'search', 'S355 universal beams cut to length', '--top-k', '3'], {
      COLUMNS: '120',
    });
    expect(shown.code, shown.stderr).toBe(0);
    const lines = shown.stdout.split('\n');
    expect(lines[0]).toMatch(/^#\s+Title\s+Path\s+Snippet\s+Score$/);
    expect(shown.stdout).toContain('/products/i-beams.html');
    expect(shown.stdout).not.toMatch(/<\/?mark>|\*\*/);
    expect(shown.stdout).toMatch(/\b[01]\.\d\d\n?$/m);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(120);
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

  // On PostgreSQL the queue belongs to the installation's workers: the CLI never works it itself.
  it.skipIf(testDialect === 'postgres')(
    'with no server running for the data directory, runs the crawl in its own process and says so',
    async () => {
      await worker?.stop();
      worker = undefined;
      await server?.close();
      server = undefined;
      const own = await cli(['kb', 'crawl', `${site.origin}/`, '--exclude', '/slow.html'], {
        FETCH_ALLOW_HOSTS: '127.0.0.1',
        CRAWL_HOST_DELAY_MS: '0',
        JOB_POLL_MS: '50',
      });
      expect(own.code, own.stderr).toBe(0);
      expect(own.stderr).toContain('the job runs in this process');
      expect(own.stdout).toMatch(/succeeded: \d+ pages stored/);
    },
    120_000,
  );
});
