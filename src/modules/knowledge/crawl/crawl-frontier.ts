/**
 * The crawl frontier: what has become of every canonical URL seen (queued, being fetched, kept,
 * dropped, or an alias of a redirect target), the queue of URLs still to fetch (shallowest first),
 * the running counts, and the reporting of skipped and failed URLs to the caller.
 */
import { canonicalizeUrl } from './canonical-url.js';
import type { CrawlScope } from './scope.js';
import type { CrawlDeps, CrawlIssue, CrawlReason } from './types.js';

const SKIP_REASONS = new Set<CrawlReason>([
  'robots_disallowed',
  'excluded',
  'out_of_scope',
  'redirect_out_of_scope',
  'duplicate',
  'noindex',
  'unsupported_content_type',
]);

export interface Task {
  url: string;
  depth: number;
  foundOn?: string;
  /** Fetched for its links only (an entry point that the include/exclude patterns leave out). */
  linksOnly?: boolean;
  sitemapLastmod?: string;
}

export type UrlState = 'queued' | 'fetching' | 'kept' | 'dropped' | 'alias';

export interface CrawlCounts {
  found: number;
  kept: number;
  new: number;
  changed: number;
  unchanged: number;
  failed: number;
  skipped: number;
  requests: number;
}

export interface CrawlFrontier {
  /** What became of each canonical URL seen so far. */
  readonly states: Map<string, UrlState>;
  readonly counts: CrawlCounts;
  /** Skipped and failed URLs by reason. */
  readonly reasons: Record<string, number>;
  /** On-site URLs left out for being deeper than maxDepth. */
  readonly beyond: Set<string>;
  /** Off-site links seen. */
  readonly external: Set<string>;
  /** URLs queued and not yet taken. */
  queuedCount(): number;
  /** Reports a URL that is not kept, counted as skipped or failed by its reason. */
  issue(entry: Omit<CrawlIssue, 'kind'>): Promise<void>;
  /** Marks a task's URL dropped (unless it was kept) and reports it. */
  drop(task: Task, reason: CrawlReason, message: string, extra?: Partial<CrawlIssue>): Promise<void>;
  /** Adds a URL to the frontier if it is on site, new, shallow enough and allowed by the patterns. */
  enqueue(raw: string, depth: number, from?: Partial<Task> & { entry?: boolean }): Promise<void>;
  /** The next queued task, shallowest first, marked as being fetched. */
  takeTask(): Task | undefined;
}

export function createCrawlFrontier(settings: {
  startKey: string;
  scope: CrawlScope;
  maxDepth: number;
  deps: Pick<CrawlDeps, 'onSkip'>;
}): CrawlFrontier {
  const { startKey, scope, maxDepth, deps } = settings;
  const states = new Map<string, UrlState>();
  const levels: Task[][] = [];
  const beyond = new Set<string>();
  const external = new Set<string>();
  const reasons: Record<string, number> = {};
  const counts = { found: 0, kept: 0, new: 0, changed: 0, unchanged: 0, failed: 0, skipped: 0, requests: 0 };

  const queuedCount = () =>
    levels.reduce((n, l) => n + l.filter((t) => states.get(t.url) === 'queued').length, 0);

  async function issue(entry: Omit<CrawlIssue, 'kind'>): Promise<void> {
    const kind = SKIP_REASONS.has(entry.reason) ? 'skipped' : 'failed';
    counts[kind]++;
    reasons[entry.reason] = (reasons[entry.reason] ?? 0) + 1;
    await deps.onSkip?.({ kind, ...entry });
  }

  async function drop(task: Task, reason: CrawlReason, message: string, extra: Partial<CrawlIssue> = {}) {
    if (states.get(task.url) !== 'kept') states.set(task.url, 'dropped');
    await issue({
      url: task.url,
      reason,
      message,
      source: 'page',
      depth: task.depth,
      ...(task.foundOn ? { foundOn: task.foundOn } : {}),
      ...extra,
    });
  }

  /** Adds a URL to the frontier if it is on site, new, shallow enough and allowed by the patterns. */
  async function enqueue(raw: string, depth: number, from: Partial<Task> & { entry?: boolean } = {}) {
    const key = canonicalizeUrl(raw);
    if (!key) return;
    const url = new URL(key);
    if (!scope.onSite(url)) {
      if (from.entry) {
        await issue({
          url: key,
          reason: 'out_of_scope',
          message: `${key} is not on the site of ${startKey}`,
          source: 'page',
          depth,
          ...(from.foundOn ? { foundOn: from.foundOn } : {}),
        });
      } else external.add(key);
      return;
    }
    if (states.has(key)) return;
    if (depth > maxDepth) {
      beyond.add(key);
      return;
    }
    const verdict = scope.patternVerdict(url);
    const task: Task = {
      url: key,
      depth,
      ...(from.foundOn ? { foundOn: from.foundOn } : {}),
      ...(from.sitemapLastmod ? { sitemapLastmod: from.sitemapLastmod } : {}),
    };
    if (verdict) {
      if (key !== startKey) {
        states.set(key, 'dropped');
        await drop(task, 'excluded', `${key} is ${verdict}`);
        return;
      }
      task.linksOnly = true;
    }
    states.set(key, 'queued');
    counts.found++;
    const level = levels[depth] ?? [];
    levels[depth] = level;
    level.push(task);
  }

  function takeTask(): Task | undefined {
    for (const level of levels) {
      while (level && level.length > 0) {
        const task = level.shift() as Task;
        if (states.get(task.url) === 'queued') {
          states.set(task.url, 'fetching');
          return task;
        }
      }
    }
    return undefined;
  }

  return { states, counts, reasons, beyond, external, queuedCount, issue, drop, enqueue, takeTask };
}
