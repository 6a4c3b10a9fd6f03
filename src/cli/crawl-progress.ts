import { operationRegistry } from '../app/modules.js';
import { AppError } from '../core/errors.js';
import type { CommandOverride } from './operations.js';

interface CrawlView {
  id: string;
  status: string;
  url: string;
  progress: { found: number; done: number; changed: number; failed: number; skipped: number };
  error: { code: string; message: string } | null;
}

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);
const POLL_MS = 500;

function bar(done: number, total: number, width = 28): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function line(c: CrawlView): string {
  const p = c.progress;
  return `${bar(p.done, Math.max(p.found, p.done))} ${p.done}/${p.found} pages · ${p.changed} new or changed · ${p.failed} failed · ${p.skipped} skipped`;
}

/**
 * `dify-agent kb crawl <url>`: starts the crawl and, unless `--detach`, follows it with a progress bar on
 * stderr until it ends. Exits non-zero when the crawl failed or was cancelled.
 */
export const crawlCommand: CommandOverride = {
  flags: [['--detach', 'return the crawl id at once instead of waiting for the crawl to finish']],
  async run(op, input, client, { json, flags, print }) {
    const started = (await client.call(op, input)) as CrawlView;
    if (flags.detach) return started;
    const status = operationRegistry().find('knowledge.crawls.get');
    if (!status) throw new Error('knowledge.crawls.get is not registered');
    const tty = process.stderr.isTTY && !json;
    let last = '';
    const crawl = await client.withWorker(async () => {
      for (;;) {
        const current = (await client.call(status, { id: started.id })) as CrawlView;
        const text = line(current);
        if (text !== last) {
          if (tty) process.stderr.write(`\r${text}\u001b[K`);
          else if (!json) process.stderr.write(`${text}\n`);
          last = text;
        }
        if (FINISHED.has(current.status)) return current;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    });
    if (tty) process.stderr.write('\n');
    print(json ? JSON.stringify(crawl, null, 2) : `crawl ${crawl.id} ${crawl.status}: ${line(crawl)}`);
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
