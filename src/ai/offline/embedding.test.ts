import { createHash } from 'node:crypto';
import { cosineSimilarity, embed, embedMany } from 'ai';
import { describe, expect, it } from 'vitest';
import {
  embedLocally,
  LOCAL_EMBEDDING_DIMENSION,
  LOCAL_EMBEDDING_MODEL_ID,
  LocalEmbeddingModel,
  lexicalEmbedding,
} from './embedding.js';

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('local lexical embedding', () => {
  it('has a versioned id that names its dimension', () => {
    expect(LOCAL_EMBEDDING_MODEL_ID).toBe('local:hash-v1-768');
    expect(LOCAL_EMBEDDING_DIMENSION).toBe(768);
    const model = new LocalEmbeddingModel();
    expect(model.id).toBe(LOCAL_EMBEDDING_MODEL_ID);
    expect(model.dimension).toBe(768);
  });

  it('is deterministic and unit length', () => {
    const a = lexicalEmbedding('Hot-rolled steel I-beams in lengths up to 12 metres');
    const b = lexicalEmbedding('Hot-rolled steel I-beams in lengths up to 12 metres');
    expect(a).toEqual(b);
    expect(a).toHaveLength(768);
    expect(norm(a)).toBeCloseTo(1, 10);
  });

  it('keeps producing the vectors of version hash-v1 (a change needs a new version id)', () => {
    // Stored indexes depend on these exact vectors; if this digest changes, bump LOCAL_EMBEDDING_VERSION.
    const v = lexicalEmbedding('Reciprocal rank fusion combines full-text and vector search results.');
    const digest = createHash('sha256')
      .update(v.map((x) => x.toFixed(6)).join(','))
      .digest('hex');
    expect(digest.slice(0, 16)).toMatchInlineSnapshot(`"7c1ee95a6000efb5"`);
  });

  it('gives the zero vector for text without content words, never NaN', () => {
    for (const text of ['', '   ', 'the and of', '!!!']) {
      const v = lexicalEmbedding(text);
      expect(v.every((x) => x === 0)).toBe(true);
    }
  });

  it('places texts about the same thing closer than unrelated texts', () => {
    const [query, near, far] = embedLocally([
      'price of galvanised steel beams',
      'Our galvanized steel beam prices start at 40 euros per metre.',
      'The bakery opens at seven and sells sourdough bread.',
    ]) as [number[], number[], number[]];
    expect(cosineSimilarity(query, near)).toBeGreaterThan(0.2);
    expect(cosineSimilarity(query, near)).toBeGreaterThan(cosineSimilarity(query, far) + 0.15);
  });

  it('matches inflected forms and accents', () => {
    const a = lexicalEmbedding('café roasting courses');
    const b = lexicalEmbedding('Cafe roasted course');
    expect(cosineSimilarity(a, b)).toBeGreaterThan(0.5);
  });

  it('works as an AI SDK embedding model with embed and embedMany', async () => {
    const model = new LocalEmbeddingModel();
    const one = await embed({ model, value: 'steel beams' });
    expect(one.embedding).toEqual(lexicalEmbedding('steel beams'));
    expect(one.usage.tokens).toBe(2);
    const many = await embedMany({ model, values: ['steel beams', 'sourdough bread'] });
    expect(many.embeddings).toEqual([lexicalEmbedding('steel beams'), lexicalEmbedding('sourdough bread')]);
  });
});
