/**
 * Offline engine core: speed of sentence splitting, tokenisation, readability, language guess and
 * YAKE keyphrases, and one quality figure for the keyphrases.
 *
 * Data: ../shared/datasets/scifact/corpus.jsonl (5,183 scientific abstracts; read in place, never
 * copied). Quality: the share of abstracts where at least one of the top 5 keyphrases shares a
 * content word with the paper's title (the title is the author's own statement of the topic), and
 * the same for the top phrase alone.
 *
 *   npm run bench -- ai-offline               all abstracts
 *   npm run bench -- ai-offline --docs 500    the first 500
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractKeywords } from '../../src/ai/offline/keywords.js';
import { detectLanguage } from '../../src/ai/offline/language.js';
import { readability } from '../../src/ai/offline/readability.js';
import { splitSentences } from '../../src/core/text/sentences.js';
import { isStopword } from '../../src/core/text/stopwords.js';
import { tokenizeWords, words } from '../../src/core/text/words.js';
import type { BenchArgs } from '../run.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpusFile =
  process.env.SCIFACT_CORPUS ?? path.resolve(here, '../../../shared/datasets/scifact/corpus.jsonl');

function time(label: string, docs: string[], fn: (text: string) => unknown): Record<string, number | string> {
  // One warm-up pass so the JIT has compiled the code being measured.
  for (const d of docs.slice(0, 50)) fn(d);
  const started = performance.now();
  for (const d of docs) fn(d);
  const ms = performance.now() - started;
  const chars = docs.reduce((n, d) => n + d.length, 0);
  return {
    step: label,
    msPerDoc: Number((ms / docs.length).toFixed(3)),
    mbPerSecond: Number((chars / 1e6 / (ms / 1000)).toFixed(2)),
  };
}

export default async function aiOffline(args: BenchArgs): Promise<Record<string, unknown>> {
  if (!existsSync(corpusFile)) {
    return {
      skipped: `SciFact corpus not found at ${corpusFile}; set SCIFACT_CORPUS or add ../shared/datasets`,
    };
  }
  const limit = args.docs ? Number(args.docs) : Number.POSITIVE_INFINITY;
  const docs = readFileSync(corpusFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, limit)
    .map((l) => JSON.parse(l) as { title: string; text: string });
  const texts = docs.map((d) => d.text);

  const speed = [
    time('splitSentences', texts, splitSentences),
    time('tokenizeWords', texts, tokenizeWords),
    time('readability', texts, readability),
    time('detectLanguage', texts, detectLanguage),
    time('extractKeywords (top 10)', texts, (t) => extractKeywords(t)),
  ];

  let top5 = 0;
  let top1 = 0;
  for (const d of docs) {
    const title = new Set(words(d.title).filter((w) => !isStopword(w)));
    const keys = extractKeywords(d.text, { max: 5 });
    const hit = (k: { normal: string } | undefined) =>
      k?.normal.split(' ').some((w) => title.has(w)) === true;
    if (keys.some(hit)) top5++;
    if (hit(keys[0])) top1++;
  }
  const english = docs.filter((d) => detectLanguage(d.text).language === 'en').length;
  return {
    docs: docs.length,
    meanChars: Math.round(texts.reduce((n, t) => n + t.length, 0) / docs.length),
    speed,
    keyphraseTitleOverlap: {
      top5: Number((top5 / docs.length).toFixed(3)),
      top1: Number((top1 / docs.length).toFixed(3)),
    },
    detectedEnglish: Number((english / docs.length).toFixed(3)),
  };
}
