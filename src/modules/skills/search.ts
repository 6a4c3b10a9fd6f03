/**
 * Library search: BM25 over each skill's name, description, intents and examples, and cosine
 * similarity of the AI layer's embeddings, fused by Reciprocal Rank Fusion (k = 60), the same method
 * the knowledge base uses. Skill vectors are stored per embedding model and re-embedded when a
 * skill's text changes; when embeddings are unavailable the lexical ranking stands alone.
 */
import { createHash } from 'node:crypto';
import type { AppServices } from '../../operations/services.js';
import type { SkillDocument } from './format/types.js';
import * as repo from './repository.js';
import { stemsOf } from './text/terms.js';

export const RRF_K = 60;

export interface SearchDoc {
  key: string;
  version: number;
  text: string;
}

export interface RankedDoc {
  key: string;
  /** Fused score scaled to 0-1 (1 = first in every list). */
  score: number;
  lexicalRank?: number;
  vectorRank?: number;
}

/** The text a skill is searched and matched by. */
export function searchText(skill: SkillDocument): string {
  return [
    skill.name,
    skill.description,
    skill.intents.map((i) => i.replace(/_/g, ' ')).join(', '),
    skill.formats.join(', '),
    ...skill.examples.map((e) => e.text),
  ].join('\n');
}

/** BM25 (k1 1.2, b 0.75) of each document for the query; documents without a query term score 0. */
export function bm25(query: string, docs: readonly SearchDoc[]): Map<string, number> {
  const q = [...new Set(stemsOf(query))];
  const tokenized = docs.map((d) => stemsOf(d.text));
  const avg = tokenized.reduce((s, t) => s + t.length, 0) / Math.max(1, tokenized.length);
  const df = new Map<string, number>();
  for (const terms of tokenized) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const scores = new Map<string, number>();
  docs.forEach((doc, i) => {
    const terms = tokenized[i] as string[];
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    let score = 0;
    for (const term of q) {
      const f = tf.get(term) ?? 0;
      if (f === 0) continue;
      const n = df.get(term) ?? 0;
      const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
      score += (idf * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * terms.length) / Math.max(1, avg)));
    }
    scores.set(doc.key, score);
  });
  return scores;
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Fuses two rankings by RRF; an empty list simply does not vote. */
export function fuse(lexical: readonly string[], vector: readonly string[]): RankedDoc[] {
  const out = new Map<string, RankedDoc>();
  const vote = (keys: readonly string[], field: 'lexicalRank' | 'vectorRank') =>
    keys.forEach((key, i) => {
      const doc = out.get(key) ?? { key, score: 0 };
      doc.score += 1 / (RRF_K + i + 1);
      doc[field] = i + 1;
      out.set(key, doc);
    });
  vote(lexical, 'lexicalRank');
  vote(vector, 'vectorRank');
  const lists = (lexical.length > 0 ? 1 : 0) + (vector.length > 0 ? 1 : 0);
  const best = lists / (RRF_K + 1);
  return [...out.values()]
    .map((d) => ({ ...d, score: best > 0 ? d.score / best : 0 }))
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * The stored vectors of the docs for the configured embedding model, embedding (and storing) the
 * ones that are missing or stale. Undefined when the embedding model cannot be reached.
 */
async function docVectors(
  app: AppServices,
  tenantId: string,
  docs: readonly SearchDoc[],
  signal?: AbortSignal,
): Promise<Map<string, number[]> | undefined> {
  const model = app.ai.embeddingModelInfo().id;
  const stored = await app.db.read(tenantId, (db) => repo.listVectors(db, tenantId, model));
  const byKey = new Map(stored.map((r) => [r.skill_id, r]));
  const out = new Map<string, number[]>();
  const missing: SearchDoc[] = [];
  for (const doc of docs) {
    const row = byKey.get(doc.key);
    if (row && row.content_hash === hash(doc.text)) out.set(doc.key, JSON.parse(row.vector) as number[]);
    else missing.push(doc);
  }
  if (missing.length > 0) {
    const { embeddings } = await app.ai.embedMany({
      tenantId,
      values: missing.map((d) => d.text),
      purpose: 'document',
      ...(signal ? { signal } : {}),
    });
    const now = app.clock.iso();
    await app.db.tenant(tenantId, async (tx) => {
      for (const [i, doc] of missing.entries()) {
        const vector = embeddings[i] as number[];
        out.set(doc.key, vector);
        await repo.saveVector(tx, {
          tenant_id: tenantId,
          skill_id: doc.key,
          model,
          version: doc.version,
          content_hash: hash(doc.text),
          vector: JSON.stringify(vector),
          created_at: now,
        });
      }
    });
  }
  return out;
}

/** Ranks docs for a query: lexical and vector rankings fused. */
export async function hybridRank(
  app: AppServices,
  tenantId: string,
  query: string,
  docs: readonly SearchDoc[],
  signal?: AbortSignal,
): Promise<RankedDoc[]> {
  const lexicalScores = bm25(query, docs);
  const lexical = [...lexicalScores.entries()]
    .filter(([, s]) => s > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k]) => k);
  let vector: string[] = [];
  try {
    const vectors = await docVectors(app, tenantId, docs, signal);
    if (vectors) {
      const { embedding } = await app.ai.embed({
        tenantId,
        value: query,
        purpose: 'query',
        ...(signal ? { signal } : {}),
      });
      vector = [...vectors.entries()]
        .map(([key, v]) => ({ key, s: cosine(embedding, v) }))
        .filter((x) => x.s > 0)
        .sort((a, b) => b.s - a.s || (a.key < b.key ? -1 : 1))
        .map((x) => x.key);
    }
  } catch (error) {
    // A provider outage or a missing key must not take the library down: rank by words alone.
    app.logger.warn({ err: error, tenantId }, 'skill search without embeddings');
  }
  return fuse(lexical, vector);
}
