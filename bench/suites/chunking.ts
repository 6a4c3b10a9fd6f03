/**
 * Chunking throughput: cl100k_base token counting and chunkMarkdown (512 tokens, 100 overlap) on
 * real page Markdown — the 181 article-extraction-benchmark pages run through extractPage first
 * (not timed). Reports MB/s, chunks/s and the chunk size distribution.
 *
 * Runs: `npm run bench -- chunking [--rounds 5]`. Data is read in place from ../shared/datasets
 * (or $DATASETS_DIR); without it the suite skips.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { countTokens } from '../../src/core/text/tokens.js';
import { extractPage } from '../../src/modules/knowledge/extract/extract-page.js';
import { chunkMarkdown } from '../../src/modules/knowledge/indexing/chunking.js';
import type { BenchArgs } from '../run.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const datasetsDir = process.env.DATASETS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'datasets');
const benchmarkDir = path.join(datasetsDir, 'article-extraction-benchmark');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

export default async function chunking(args: BenchArgs): Promise<Record<string, unknown>> {
  const truthPath = path.join(benchmarkDir, 'ground-truth.json');
  if (!existsSync(truthPath)) {
    const reason = `dataset not found at ${benchmarkDir} (set DATASETS_DIR); chunking benchmark skipped`;
    console.error(reason);
    return { skipped: true, reason };
  }
  const rounds = args.rounds ? Number(args.rounds) : 5;
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as Record<string, { url: string }>;
  console.error('extracting the pages (not timed)…');
  const pages = Object.entries(truth).map(([key, { url }]) => {
    const html = gunzipSync(readFileSync(path.join(benchmarkDir, 'html', `${key}.html.gz`))).toString('utf8');
    const page = extractPage(html, url);
    return { url, title: page.title, markdown: page.markdown };
  });
  const chars = pages.reduce((sum, p) => sum + p.markdown.length, 0);
  const bytes = pages.reduce((sum, p) => sum + Buffer.byteLength(p.markdown), 0);

  // Best of several rounds: the machine is shared, the minimum is the least disturbed run.
  let bestCount = Number.POSITIVE_INFINITY;
  let bestChunk = Number.POSITIVE_INFINITY;
  let tokens = 0;
  let chunks: ReturnType<typeof chunkMarkdown> = [];
  for (let r = 0; r < rounds; r++) {
    console.error(`round ${r + 1}/${rounds}…`);
    let started = performance.now();
    tokens = 0;
    for (const p of pages) tokens += countTokens(p.markdown);
    bestCount = Math.min(bestCount, performance.now() - started);
    started = performance.now();
    chunks = [];
    for (const p of pages) chunks.push(...chunkMarkdown(p.markdown, { url: p.url, title: p.title }));
    bestChunk = Math.min(bestChunk, performance.now() - started);
  }
  const sizes = chunks.map((c) => c.tokenCount).sort((a, b) => a - b);
  const overlaps = chunks.filter((c) => c.overlapChars > 0);
  const mb = bytes / 1e6;
  return {
    corpus: `${pages.length} benchmark pages → Markdown, ${chars} characters, ${tokens} cl100k tokens`,
    rounds,
    countTokens: {
      ms: Math.round(bestCount),
      mbPerSecond: Math.round((mb / (bestCount / 1000)) * 100) / 100,
      tokensPerSecond: Math.round(tokens / (bestCount / 1000)),
    },
    chunkMarkdown: {
      ms: Math.round(bestChunk),
      mbPerSecond: Math.round((mb / (bestChunk / 1000)) * 100) / 100,
      chunksPerSecond: Math.round(chunks.length / (bestChunk / 1000)),
      msPerPage: Math.round((bestChunk / pages.length) * 100) / 100,
    },
    chunks: {
      count: chunks.length,
      tokensP10: percentile(sizes, 0.1),
      tokensP50: percentile(sizes, 0.5),
      tokensP90: percentile(sizes, 0.9),
      tokensMax: sizes[sizes.length - 1],
      withOverlap: overlaps.length,
    },
  };
}
