/**
 * BEIR SciFact, read in place from ../shared/datasets/scifact (never copied into the repository), and
 * the IR metrics the retrieval benchmarks report.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const scifactDir = process.env.SCIFACT_DIR ?? path.resolve(here, '../../../shared/datasets/scifact');

export interface ScifactDoc {
  id: string;
  title: string;
  text: string;
}

export interface Scifact {
  corpus: ScifactDoc[];
  queries: Map<string, string>;
  /** query id → relevant doc ids (all judgements in SciFact are binary). */
  qrels(split: 'train' | 'test'): Map<string, Set<string>>;
}

export function scifactAvailable(): boolean {
  return existsSync(path.join(scifactDir, 'corpus.jsonl'));
}

export function loadScifact(): Scifact {
  const lines = (file: string) => readFileSync(path.join(scifactDir, file), 'utf8').trim().split('\n');
  const corpus = lines('corpus.jsonl').map((l) => {
    const d = JSON.parse(l) as { _id: string; title: string; text: string };
    return { id: d._id, title: d.title, text: d.text };
  });
  const queries = new Map<string, string>(
    lines('queries.jsonl').map((l) => {
      const q = JSON.parse(l) as { _id: string; text: string };
      return [q._id, q.text];
    }),
  );
  return {
    corpus,
    queries,
    qrels(split) {
      const m = new Map<string, Set<string>>();
      for (const line of lines(`qrels/${split}.tsv`).slice(1)) {
        const [q, d, score] = line.split('\t');
        if (!q || !d || Number(score) <= 0) continue;
        if (!m.has(q)) m.set(q, new Set());
        m.get(q)?.add(d);
      }
      return m;
    },
  };
}

/** nDCG@k with binary gains. */
export function ndcgAt(ranked: readonly string[], relevant: ReadonlySet<string>, k = 10): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++)
    if (relevant.has(ranked[i] as string)) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal > 0 ? dcg / ideal : 0;
}

export function recallAt(ranked: readonly string[], relevant: ReadonlySet<string>, k = 100): number {
  let hits = 0;
  for (const d of ranked.slice(0, k)) if (relevant.has(d)) hits++;
  return relevant.size > 0 ? hits / relevant.size : 0;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

export const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/** Any BEIR-layout collection (corpus.jsonl, queries.jsonl, qrels/<name>.tsv) with graded judgements. */
export interface BeirCollection {
  corpus: ScifactDoc[];
  queries: Map<string, string>;
  /** query id → doc id → gain (> 0 only). */
  qrels: Map<string, Map<string, number>>;
}

export function loadBeirCollection(dir: string, qrelsFile = 'test.tsv'): BeirCollection {
  const lines = (file: string) => readFileSync(path.join(dir, file), 'utf8').trim().split('\n');
  const corpus = lines('corpus.jsonl').map((l) => {
    const d = JSON.parse(l) as { _id: string; title: string; text: string };
    return { id: d._id, title: d.title ?? '', text: d.text ?? '' };
  });
  const queries = new Map<string, string>(
    lines('queries.jsonl').map((l) => {
      const q = JSON.parse(l) as { _id: string; text: string };
      return [q._id, q.text];
    }),
  );
  const qrels = new Map<string, Map<string, number>>();
  for (const line of lines(`qrels/${qrelsFile}`).slice(1)) {
    const [q, d, score] = line.split('\t');
    const gain = Number(score);
    if (!q || !d || !(gain > 0)) continue;
    if (!qrels.has(q)) qrels.set(q, new Map());
    qrels.get(q)?.set(d, gain);
  }
  return { corpus, queries, qrels };
}

/** nDCG@k with graded gains (linear gain, log2 discount, as trec_eval). */
export function gradedNdcgAt(ranked: readonly string[], gains: ReadonlyMap<string, number>, k = 10): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++)
    dcg += (gains.get(ranked[i] as string) ?? 0) / Math.log2(i + 2);
  const ideal = [...gains.values()].sort((a, b) => b - a);
  let idcg = 0;
  for (let i = 0; i < Math.min(k, ideal.length); i++) idcg += (ideal[i] as number) / Math.log2(i + 2);
  return idcg > 0 ? dcg / idcg : 0;
}
