import { AppError } from '../core/errors.js';
import type { CommandOverride } from './operations.js';

interface CrawlView {
  id: string;
  status: string;
  url: string;
  progress: { found: number; done: number; changed: number; failed: number; skipped: number };
  error: { code: string; message: string } | null;
  issues?: Array<{ kind: string; reason: string }>;
}

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);
const POLL_MS = 500;
/** How long a crawl may stay queued before the CLI says that nothing seems to be taking jobs. */
const QUEUED_HINT_MS = 15_000;

/** Reasons as a person says them, for the final line. */
const REASONS: Record<string, string> = {
  robots_disallowed: 'by robots.txt',
  robots_unreachable: 'robots.txt unavailable',
  duplicate: 'duplicates',
  noindex: 'noindex',
  excluded: 'excluded by pattern',
  out_of_scope: 'off site',
  redirect_out_of_scope: 'redirected off site',
  unsupported_content_type: 'not HTML',
  quota_exceeded: 'over the page quota',
  timeout: 'timed out',
  blocked_address: 'blocked address',
};

function bar(done: number, total: number, width = 28): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** While it runs: how far it got. */
function progressLine(c: CrawlView): string {
  const p = c.progress;
  const seen = p.done + p.failed + p.skipped;
  return `${bar(seen, Math.max(p.found, seen))} ${seen}/${p.found} URLs · ${p.done} stored · ${p.skipped} skipped · ${p.failed} failed`;
}

function byReason(c: CrawlView, kind: string): string {
  const counts = new Map<string, number>();
  for (const issue of c.issues ?? []) {
    if (issue.kind !== kind) continue;
    const label = REASONS[issue.reason] ?? issue.reason.replace(/_/g, ' ');
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, n]) => `${n} ${label}`).join(', ');
}

/** When it ended: what happened, e.g. "9 pages stored (2 new or changed), 1 skipped (1 by robots.txt), 0 failed". */
export function crawlOutcome(c: CrawlView): string {
  const p = c.progress;
  const skipped = byReason(c, 'skipped');
  const failed = byReason(c, 'failed');
  return (
    `${p.done} ${p.done === 1 ? 'page' : 'pages'} stored (${p.changed} new or changed), ` +
    `${p.skipped} skipped${skipped ? ` (${skipped})` : ''}, ${p.failed} failed${failed ? ` (${failed})` : ''}`
  );
}

/**
 * `dify-agent kb crawl <url>`: starts the crawl and, unless `--detach`, follows it with a progress bar on
 * stderr until it ends, then says what happened. Exits non-zero when the crawl failed or was cancelled.
 */
export const crawlCommand: CommandOverride = {
  summary: 'Crawl a website into the knowledge base and wait for it to finish (--detach: return at once)',
  help:
    'robots.txt is respected, sitemaps are read, pages are deduplicated, and a re-crawl only re-indexes ' +
    'pages that changed. The crawl runs as a job of the server this command talks to, with that server’s settings ' +
    '(FETCH_ALLOW_HOSTS, CRAWL_*). With no server running for the data directory, it runs in this process ' +
    'on a SQLite database, and by the installation’s workers (`dify-agent worker`) on PostgreSQL or Redis. ' +
    'Progress goes to stderr; the crawl as JSON with --json.',
  flags: [['--detach', 'return the queued crawl at once instead of waiting for it to finish']],
  async run(op, input, client, { json, flags, print, notice, operationAt }) {
    const started = (await client.call(op, input)) as CrawlView;
    if (flags.detach) return started;
    // By its route, which has not changed while operation names were tidied (crawl_status, crawls.get).
    const status = operationAt('GET', '/knowledge/crawls/{id}');
    const tty = process.stderr.isTTY && !json;
    let last = '';
    const queuedSince = Date.now();
    let hinted = false;
    const crawl = await client.whileJobsRun(async () => {
      for (;;) {
        const current = (await client.call(status, { id: started.id })) as CrawlView;
        const text = progressLine(current);
        if (text !== last) {
          if (tty) process.stderr.write(`\r${text}\u001b[K`);
          else if (!json) process.stderr.write(`${text}\n`);
          last = text;
        }
        if (FINISHED.has(current.status)) return current;
        if (current.status === 'queued' && !hinted && Date.now() - queuedSince > QUEUED_HINT_MS) {
          hinted = true;
          notice(
            `${tty ? '\n' : ''}the crawl is still queued: no worker has taken it yet. Is a worker running ` +
              '(`dify-agent start` or `dify-agent worker`)? Ctrl-C stops waiting; the crawl stays queued.',
          );
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    });
    if (tty) process.stderr.write('\r\u001b[K');
    print(
      json ? JSON.stringify(crawl, null, 2) : `crawl ${crawl.id} ${crawl.status}: ${crawlOutcome(crawl)}`,
    );
    if (crawl.status !== 'succeeded') {
      throw new AppError(
        crawl.error?.code ?? 'knowledge.crawl_failed',
        crawl.status === 'cancelled' ? 409 : 502,
        crawl.error?.message ?? `the crawl ${crawl.status}`,
      );
    }
    return undefined;
  },
};
