/**
 * Extraction quality on the Zyte/Scrapinghub article-extraction-benchmark (181 real article
 * pages with ground-truth article bodies), scored with that benchmark's own metric, reimplemented
 * from its evaluate.py:
 *
 * - tokens: Python's `\w+` with re.UNICODE over the text (no lower-casing) — `[\p{L}\p{N}_]+` here,
 *   checked token-for-token against Python on the whole ground truth;
 * - shingles: 4-grams of tokens (a text shorter than 4 tokens is one shingle);
 * - per page: tp = Σ min(count_true, count_pred), fp = Σ max(0, pred − true), fn = Σ max(0, true − pred)
 *   over shingles, normalised so tp + fp + fn = 1;
 * - precision = mean over pages with tp + fp > 0 of tp / (tp + fp) (1 when fp = fn = 0), recall
 *   likewise with fn; F1 = 2PR / (P + R) of the means; accuracy = share of pages whose token lists
 *   are identical (the README's fourth column);
 * - 95% intervals: 1.96 × standard deviation over 1000 bootstrap resamples of pages (as evaluate.py).
 *
 * As a check of the metric, the benchmark's own Readability.js output (output/readability_js.json)
 * is scored with it: it must give the published 0.947.
 *
 * Runs: `npm run bench -- extraction [--limit N] [--jsdom <dir with node_modules/jsdom>]`.
 * Data is read in place from ../shared/datasets (or $DATASETS_DIR); without it the suite skips.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHtmlDocument } from '../../src/modules/knowledge/extract/dom.js';
import { extractPage } from '../../src/modules/knowledge/extract/extract-page.js';
import { markdownToText } from '../../src/modules/knowledge/extract/plain-text.js';
import type { BenchArgs } from '../run.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const datasetsDir = process.env.DATASETS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'datasets');
const benchmarkDir = path.join(datasetsDir, 'article-extraction-benchmark');
const testPagesDir = path.join(datasetsDir, 'readability-test-pages', 'pages');

/** The benchmark README's table (latest run): F1 / precision / recall / accuracy. */
const PUBLISHED = {
  rs_trafilatura: { f1: 0.97, precision: 0.951, recall: 0.99, accuracy: 0.287 },
  go_trafilatura: { f1: 0.96 },
  trafilatura_2_0_0: { f1: 0.958, precision: 0.938, recall: 0.978, accuracy: 0.293 },
  newspaper4k: { f1: 0.949 },
  news_please: { f1: 0.948 },
  readability_js_0_6_0: { f1: 0.947, precision: 0.914, recall: 0.982, accuracy: 0.166 },
  go_readability: { f1: 0.934 },
  go_domdistiller: { f1: 0.927 },
  readability_lxml: { f1: 0.922 },
  goose3: { f1: 0.896 },
  justext: { f1: 0.804 },
  html_text_all_page_text: { f1: 0.665, precision: 0.5, recall: 0.994, accuracy: 0 },
};

// ------------------------------------------------------------------------------------------
// the benchmark's metric

type Counts = [tp: number, fp: number, fn: number];
const TOKEN = /[\p{L}\p{N}_]+/gu;

function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

function shingles(tokens: string[], n = 4): Map<string, number> {
  const counts = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i++) {
    const gram = tokens.slice(i, i + n);
    if (gram.length === 0) continue;
    const key = gram.join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function shingleMatch(truth: string, prediction: string): Counts {
  const t = shingles(tokenize(truth));
  const p = shingles(tokenize(prediction));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...t.keys(), ...p.keys()])) {
    const a = t.get(key) ?? 0;
    const b = p.get(key) ?? 0;
    tp += Math.min(a, b);
    fp += Math.max(0, b - a);
    fn += Math.max(0, a - b);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? [tp / sum, fp / sum, fn / sum] : [tp, fp, fn];
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function precisionScore([tp, fp, fn]: Counts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

function recallScore([tp, fp, fn]: Counts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

export function scoreCounts(counts: Counts[]): { f1: number; precision: number; recall: number } {
  const precision = mean(counts.filter(([tp, fp]) => tp + fp > 0).map(precisionScore));
  const recall = mean(counts.filter(([tp, , fn]) => tp + fn > 0).map(recallScore));
  return { f1: (2 * precision * recall) / (precision + recall), precision, recall };
}

/** Deterministic bootstrap (seeded LCG) so that reruns report the same intervals. */
function bootstrapIntervals(
  counts: Counts[],
  rounds = 1000,
): { f1: number; precision: number; recall: number } {
  let seed = 12345;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const samples = { f1: [] as number[], precision: [] as number[], recall: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    const sample = counts.map(() => counts[Math.floor(random() * counts.length)] as Counts);
    const s = scoreCounts(sample);
    samples.f1.push(s.f1);
    samples.precision.push(s.precision);
    samples.recall.push(s.recall);
  }
  const ci = (values: number[]): number => {
    const m = mean(values);
    return 1.96 * Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
  };
  return { f1: ci(samples.f1), precision: ci(samples.precision), recall: ci(samples.recall) };
}

function sameTokens(a: string, b: string): boolean {
  const x = tokenize(a);
  const y = tokenize(b);
  return x.length === y.length && x.every((t, i) => t === y[i]);
}

interface RunResult {
  f1: number;
  precision: number;
  recall: number;
  accuracy: number;
  ci95: { f1: number; precision: number; recall: number };
  pages: number;
  msPerPage?: number;
}

function evaluate(
  truth: Record<string, string>,
  predictions: Record<string, string>,
  msTotal?: number,
): RunResult {
  const keys = Object.keys(truth);
  const counts = keys.map((k) => shingleMatch(truth[k] as string, predictions[k] ?? ''));
  const scores = scoreCounts(counts);
  const round = (x: number): number => Math.round(x * 10000) / 10000;
  const ci = bootstrapIntervals(counts);
  return {
    f1: round(scores.f1),
    precision: round(scores.precision),
    recall: round(scores.recall),
    accuracy: round(
      keys.filter((k) => sameTokens(truth[k] as string, predictions[k] ?? '')).length / keys.length,
    ),
    ci95: { f1: round(ci.f1), precision: round(ci.precision), recall: round(ci.recall) },
    pages: keys.length,
    ...(msTotal === undefined ? {} : { msPerPage: Math.round((msTotal / keys.length) * 10) / 10 }),
  };
}

// ------------------------------------------------------------------------------------------
// extractors under test

type Extractor = (html: string, url: string) => string;

function readabilityText(makeDocument: (html: string, url: string) => Document): Extractor {
  return (html, url) => {
    const doc = makeDocument(html, url);
    return new Readability(doc).parse()?.textContent ?? '';
  };
}

function runExtractor(
  name: string,
  extractor: Extractor,
  pages: { key: string; html: string; url: string }[],
  failures: Record<string, number>,
): { predictions: Record<string, string>; ms: number } {
  const predictions: Record<string, string> = {};
  const started = performance.now();
  for (const page of pages) {
    try {
      predictions[page.key] = extractor(page.html, page.url);
    } catch {
      predictions[page.key] = '';
      failures[name] = (failures[name] ?? 0) + 1;
    }
  }
  return { predictions, ms: performance.now() - started };
}

/** Readability's own golden files: our article text vs expected.html, and title agreement. */
function sanityCheck(): Record<string, unknown> {
  if (!existsSync(testPagesDir)) return { skipped: `${testPagesDir} is absent` };
  const truth: Record<string, string> = {};
  const ours: Record<string, string> = {};
  let titles = 0;
  let pages = 0;
  const failed: string[] = [];
  for (const name of readdirSync(testPagesDir).sort()) {
    const dir = path.join(testPagesDir, name);
    if (!existsSync(path.join(dir, 'source.html')) || !existsSync(path.join(dir, 'expected.html'))) continue;
    const meta = JSON.parse(readFileSync(path.join(dir, 'expected-metadata.json'), 'utf8')) as {
      title?: string;
      readerable?: boolean;
    };
    if (meta.readerable === false) continue;
    pages++;
    const expected = parseHtmlDocument(readFileSync(path.join(dir, 'expected.html'), 'utf8'));
    truth[name] = expected.body.textContent ?? '';
    try {
      const page = extractPage(
        readFileSync(path.join(dir, 'source.html'), 'utf8'),
        'http://fakehost/test/page.html',
        {
          method: 'article',
        },
      );
      ours[name] = markdownToText(page.markdown);
      if (meta.title && page.title.replace(/\s+/g, ' ').trim() === meta.title.replace(/\s+/g, ' ').trim())
        titles++;
    } catch (error) {
      failed.push(`${name}: ${(error as Error).message}`);
    }
  }
  const scored = evaluate(truth, ours);
  return {
    pages,
    f1VsReadabilityExpected: scored.f1,
    precision: scored.precision,
    recall: scored.recall,
    titleMatchesExpected: `${titles}/${pages}`,
    failed,
  };
}

export default async function extraction(args: BenchArgs): Promise<Record<string, unknown>> {
  const truthPath = path.join(benchmarkDir, 'ground-truth.json');
  if (!existsSync(truthPath)) {
    const reason = `dataset not found at ${benchmarkDir} (set DATASETS_DIR); extraction benchmark skipped`;
    console.error(reason);
    return { skipped: true, reason };
  }
  const groundTruth = JSON.parse(readFileSync(truthPath, 'utf8')) as Record<
    string,
    { articleBody?: string; url: string }
  >;
  const limit = args.limit ? Number(args.limit) : Number.POSITIVE_INFINITY;
  const keys = Object.keys(groundTruth).slice(0, limit);
  const truth = Object.fromEntries(keys.map((k) => [k, groundTruth[k]?.articleBody ?? '']));
  const pages = keys.map((key) => ({
    key,
    url: groundTruth[key]?.url ?? 'https://example.com/',
    html: gunzipSync(readFileSync(path.join(benchmarkDir, 'html', `${key}.html.gz`))).toString('utf8'),
  }));

  // 1. The metric, checked on the benchmark's own Readability.js predictions.
  const reference = JSON.parse(
    readFileSync(path.join(benchmarkDir, 'output', 'readability_js.json'), 'utf8'),
  ) as {
    output: Record<string, { articleBody?: string }>;
  };
  const referencePredictions = Object.fromEntries(
    keys.map((k) => [k, reference.output[k]?.articleBody ?? '']),
  );
  const metricCheck = evaluate(truth, referencePredictions);

  const failures: Record<string, number> = {};
  const runs: Record<string, RunResult> = {};
  const methods: Record<string, number> = {};

  // 2. Readability.js textContent on linkedom: the same algorithm on our DOM.
  console.error(`readability on linkedom, ${pages.length} pages…`);
  const linkedom = runExtractor('readability_linkedom', readabilityText(parseHtmlDocument), pages, failures);
  runs.readability_textContent_linkedom = evaluate(truth, linkedom.predictions, linkedom.ms);

  // 3. Optional: the same on jsdom, loaded from a directory outside the project.
  if (typeof args.jsdom === 'string') {
    const require = createRequire(path.join(path.resolve(args.jsdom), 'index.js'));
    const { JSDOM, VirtualConsole } = require('jsdom') as {
      JSDOM: new (html: string, o: object) => { window: { document: Document } };
      VirtualConsole: new () => object;
      version?: string;
    };
    console.error('readability on jsdom…');
    const jsdom = runExtractor(
      'readability_jsdom',
      readabilityText(
        (html, url) => new JSDOM(html, { url, virtualConsole: new VirtualConsole() }).window.document,
      ),
      pages,
      failures,
    );
    runs.readability_textContent_jsdom = evaluate(truth, jsdom.predictions, jsdom.ms);
  }

  // 4. The product: extractPage (auto method) → Markdown → plain text.
  console.error('extractPage (auto)…');
  const auto = runExtractor(
    'extractPage_auto',
    (html, url) => {
      const page = extractPage(html, url);
      methods[page.method] = (methods[page.method] ?? 0) + 1;
      return markdownToText(page.markdown);
    },
    pages,
    failures,
  );
  runs.extractPage_auto_markdownText = evaluate(truth, auto.predictions, auto.ms);

  console.error('extractPage (article forced)…');
  const forced = runExtractor(
    'extractPage_article',
    (html, url) => markdownToText(extractPage(html, url, { method: 'article' }).markdown),
    pages,
    failures,
  );
  runs.extractPage_article_markdownText = evaluate(truth, forced.predictions, forced.ms);

  // The fallback path on pages it is not meant for: how much chrome the full-body cleaning leaves.
  console.error('extractPage (full body forced)…');
  const fullBody = runExtractor(
    'extractPage_fullBody',
    (html, url) => markdownToText(extractPage(html, url, { method: 'full-body' }).markdown),
    pages,
    failures,
  );
  runs.extractPage_fullBody_markdownText = evaluate(truth, fullBody.predictions, fullBody.ms);

  console.error('readability test pages…');
  return {
    dataset: 'scrapinghub/article-extraction-benchmark @ 4a3bc979 (181 pages)',
    metricCheck: {
      note: "the benchmark's own Readability.js 0.6.0 output scored with this implementation (published F1 0.947)",
      ...metricCheck,
    },
    runs,
    autoMethodChoices: methods,
    failures,
    published: PUBLISHED,
    readabilityTestPages: sanityCheck(),
  };
}
