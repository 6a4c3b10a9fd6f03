import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { insertTestTenant } from '../../../../test/support/tenants.js';
import { LOCAL_EMBEDDING_SPEC, lexicalEmbedding } from '../../../ai/offline/embedding.js';
import { isAppError } from '../../../core/errors.js';
import {
  createSearchIndex,
  embedChunks,
  type IndexChunk,
  localSearchEmbedder,
  type SearchEmbedder,
  type SearchIndex,
} from './index.js';

let t: TestDatabase;
let index: SearchIndex;
let clock = Date.parse('2026-11-25T10:00:00Z');
const local = localSearchEmbedder();

async function addTenant(id: string): Promise<void> {
  await insertTestTenant(t.db, id);
}

/** A small steel trader's website, one chunk per passage. */
const steelSite: IndexChunk[] = [
  {
    id: 'p-ibeam-0',
    sourceType: 'page',
    sourceId: 'page-ibeams',
    url: 'https://steel.example/products/i-beams',
    title: 'I-beams',
    headingPath: ['Products', 'I-beams'],
    category: 'products',
    position: 0,
    text: 'Hot-rolled IPE I-beams in S235 and S355 steel, lengths from 6 to 12 metres. Galvanised I-beams cost 48 euros per metre, black steel 39 euros per metre.',
    tokenCount: 40,
  },
  {
    id: 'p-hbeam-0',
    sourceType: 'page',
    sourceId: 'page-hbeams',
    url: 'https://steel.example/products/h-beams',
    title: 'H-beams',
    headingPath: ['Products', 'H-beams'],
    category: 'products',
    position: 0,
    text: 'Wide-flange HEA and HEB H-beams for heavy loads in construction. Cut to length in our workshop.',
    tokenCount: 25,
  },
  {
    id: 'p-delivery-0',
    sourceType: 'page',
    sourceId: 'page-delivery',
    url: 'https://steel.example/service/delivery',
    title: 'Delivery',
    headingPath: ['Service', 'Delivery'],
    category: 'service',
    position: 0,
    text: 'We deliver with our own crane trucks to building sites in Hamburg, Bremen and Kiel within two working days.',
    tokenCount: 25,
  },
  {
    id: 'p-about-0',
    sourceType: 'page',
    sourceId: 'page-about',
    url: 'https://steel.example/about',
    title: 'About us',
    headingPath: ['About us'],
    category: 'company',
    position: 0,
    text: 'A family business since 1962 with 45 employees and a warehouse of 8,000 square metres near the port.',
    tokenCount: 25,
  },
  {
    id: 'b-2024-0',
    sourceType: 'page',
    sourceId: 'page-blog-2024',
    url: 'https://steel.example/blog/2024/new-saw',
    title: 'Our new band saw',
    headingPath: ['Blog'],
    category: 'news',
    publishedAt: '2024-03-10',
    position: 0,
    text: 'The new band saw cuts beams up to one metre wide, so custom lengths are ready the same day.',
    tokenCount: 25,
  },
  {
    id: 'b-2026-0',
    sourceType: 'page',
    sourceId: 'page-blog-2026',
    url: 'https://steel.example/blog/2026/solar',
    title: 'Solar roof on the warehouse',
    headingPath: ['Blog'],
    category: 'news',
    publishedAt: '2026-06-01T08:00:00Z',
    position: 0,
    text: 'Our warehouse roof now carries 900 solar panels, covering most of the power our saws use.',
    tokenCount: 25,
  },
  {
    id: 'e-opening',
    sourceType: 'entry',
    sourceId: 'entry-opening-hours',
    url: 'https://steel.example/contact',
    title: 'Opening hours',
    headingPath: [],
    category: 'company',
    position: 0,
    text: 'The warehouse is open Monday to Friday from 7:00 to 17:00 and Saturday from 8:00 to 12:00.',
    tokenCount: 25,
  },
];

async function indexAll(tenantId: string, chunks: IndexChunk[], embedder: SearchEmbedder | null = local) {
  const vectors = embedder ? await embedChunks(embedder, chunks) : undefined;
  return t.db.tenant(tenantId, (tx) => index.indexChunks(tx, tenantId, chunks, vectors));
}

const ids = (r: { hits: Array<{ id: string }> }) => r.hits.map((h) => h.id);

beforeAll(async () => {
  t = await createTestDatabase();
  await addTenant('tenant-a');
  await addTenant('tenant-b');
  await addTenant('tenant-c');
});
afterAll(async () => {
  await t?.cleanup();
});
beforeEach(() => {
  index = createSearchIndex({ dialect: t.db.dialect, cacheTtlMs: 3_600_000, now: () => new Date(clock) });
});

describe('knowledge search', () => {
  it('finds the passage that answers the question, with highlights', async () => {
    await indexAll('tenant-a', steelSite);
    const prices = await index.search(t.db, 'tenant-a', 'How much do galvanised I-beams cost?', {
      embedder: local,
    });
    expect(prices.hits[0]?.id).toBe('p-ibeam-0');
    expect(prices.hits[0]?.url).toBe('https://steel.example/products/i-beams');
    expect(prices.hits[0]?.headingPath).toEqual(['Products', 'I-beams']);
    expect(prices.vectorModel).toBe('local:hash-v1-768');
    expect(prices.hits[0]?.lexical?.rank).toBe(1);
    expect(prices.hits[0]?.vector?.rank).toBeGreaterThanOrEqual(1);
    expect(prices.hits[0]?.highlight.html).toContain('<mark>cost</mark>');
    expect(prices.hits[0]?.highlight.html).toContain('<mark>Galvanised</mark>');

    const delivery = await index.search(t.db, 'tenant-a', 'do you deliver to Kiel?', { embedder: local });
    expect(delivery.hits[0]?.id).toBe('p-delivery-0');

    const hours = await index.search(t.db, 'tenant-a', 'when is the warehouse open on saturday', {
      embedder: local,
      topK: 3,
    });
    expect(hours.hits[0]?.id).toBe('e-opening');
    expect(hours.hits.length).toBeLessThanOrEqual(3);
    for (const h of hours.hits) {
      expect(h.normalizedScore).toBeGreaterThan(0);
      expect(h.normalizedScore).toBeLessThanOrEqual(1);
    }
    // Ranked by fused score.
    const scores = hours.hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('answers from the vector list when no query word matches the full text (spelling variant)', async () => {
    const r = await index.search(t.db, 'tenant-a', 'galvanized', { embedder: local, topK: 3 });
    expect(r.hits[0]?.id).toBe('p-ibeam-0');
    expect(r.hits[0]?.lexical).toBeUndefined();
    expect(r.hits[0]?.vector?.rank).toBe(1);
  });

  it('finds chunks by full text alone when no embedder is given', async () => {
    const r = await index.search(t.db, 'tenant-a', 'crane trucks');
    expect(r.vectorSkipped).toBe('no_embedder');
    expect(ids(r)).toEqual(['p-delivery-0']);
  });

  it('applies category, source, URL prefix and date filters to both lists', async () => {
    const q = 'beams steel warehouse saw';
    const byCategory = await index.search(t.db, 'tenant-a', q, {
      embedder: local,
      topK: 10,
      filters: { category: 'news' },
    });
    expect(ids(byCategory).sort()).toEqual(['b-2024-0', 'b-2026-0']);

    const bySourceType = await index.search(t.db, 'tenant-a', 'warehouse', {
      embedder: local,
      topK: 10,
      filters: { sourceType: 'entry' },
    });
    expect(ids(bySourceType)).toEqual(['e-opening']);

    const bySource = await index.search(t.db, 'tenant-a', q, {
      embedder: local,
      topK: 10,
      filters: { sourceId: ['page-hbeams', 'page-about'] },
    });
    expect(ids(bySource).sort()).toEqual(['p-about-0', 'p-hbeam-0']);

    const byUrl = await index.search(t.db, 'tenant-a', q, {
      embedder: local,
      topK: 10,
      filters: { urlPrefix: 'https://steel.example/products/' },
    });
    expect(ids(byUrl).sort()).toEqual(['p-hbeam-0', 'p-ibeam-0']);

    const byDate = await index.search(t.db, 'tenant-a', q, {
      embedder: local,
      topK: 10,
      filters: { publishedFrom: '2025-01-01', publishedTo: '2026-06-01' },
    });
    expect(ids(byDate)).toEqual(['b-2026-0']);

    const none = await index.search(t.db, 'tenant-a', q, {
      embedder: local,
      filters: { category: 'nothing' },
    });
    expect(none.hits).toEqual([]);
  });

  it('drops results under the score threshold', async () => {
    const all = await index.search(t.db, 'tenant-a', 'beams', { embedder: local, topK: 10 });
    expect(all.hits.length).toBeGreaterThan(1);
    const cut = (all.hits[0]?.normalizedScore ?? 0) - 1e-9;
    const strict = await index.search(t.db, 'tenant-a', 'beams', {
      embedder: local,
      topK: 10,
      scoreThreshold: cut,
    });
    expect(strict.hits.length).toBeGreaterThanOrEqual(1);
    expect(strict.hits.length).toBeLessThan(all.hits.length);
    for (const h of strict.hits) expect(h.normalizedScore).toBeGreaterThanOrEqual(cut);
  });

  it('serves a repeated query from the cache until the index changes or the TTL passes', async () => {
    const first = await index.search(t.db, 'tenant-a', 'solar panels', { embedder: local });
    expect(first.cached).toBe(false);
    const again = await index.search(t.db, 'tenant-a', '  Solar   panels ', { embedder: local });
    expect(again.cached).toBe(true);
    expect(ids(again)).toEqual(ids(first));

    // A change made through another index instance (another process) is seen via the index version.
    const other = createSearchIndex({ dialect: t.db.dialect, cacheTtlMs: 3_600_000 });
    const extra: IndexChunk = {
      id: 'p-solar-0',
      sourceType: 'page',
      sourceId: 'page-solar',
      url: 'https://steel.example/solar-mounts',
      title: 'Solar panel mounting rails',
      position: 0,
      text: 'Aluminium rails for mounting solar panels on flat roofs.',
      tokenCount: 12,
    };
    await t.db.tenant('tenant-a', async (tx) =>
      other.indexChunks(tx, 'tenant-a', [extra], await embedChunks(local, [extra])),
    );
    const afterChange = await index.search(t.db, 'tenant-a', 'solar panels', { embedder: local });
    expect(afterChange.cached).toBe(false);
    expect(ids(afterChange)).toContain('p-solar-0');

    expect((await index.search(t.db, 'tenant-a', 'solar panels', { embedder: local })).cached).toBe(true);
    clock += 3_600_001;
    expect((await index.search(t.db, 'tenant-a', 'solar panels', { embedder: local })).cached).toBe(false);

    await t.db.tenant('tenant-a', (tx) => index.removeBySource(tx, 'tenant-a', 'page', 'page-solar'));
    const afterRemove = await index.search(t.db, 'tenant-a', 'solar panels', { embedder: local });
    expect(afterRemove.cached).toBe(false);
    expect(ids(afterRemove)).not.toContain('p-solar-0');
  });

  it("never returns another tenant's chunks, even from the cache", async () => {
    const secret: IndexChunk = {
      id: 'secret-0',
      sourceType: 'page',
      sourceId: 'page-secret',
      url: 'https://a.example/secret',
      title: 'Confidential tender',
      position: 0,
      text: 'Our confidential tender for the Elbphilharmonie bridge quotes 1.2 million euros.',
      tokenCount: 15,
    };
    await indexAll('tenant-a', [secret]);
    const q = 'Elbphilharmonie bridge tender';
    const a = await index.search(t.db, 'tenant-a', q, { embedder: local });
    expect(ids(a)[0]).toBe('secret-0');
    // Same query, same options: tenant B must not get tenant A's cached result.
    const b = await index.search(t.db, 'tenant-b', q, { embedder: local });
    expect(b.cached).toBe(false);
    expect(b.hits).toEqual([]);

    await indexAll('tenant-b', [{ ...secret, text: 'Tender documents for a footbridge in Kiel.' }]);
    const b2 = await index.search(t.db, 'tenant-b', q, { embedder: local });
    expect(b2.hits.map((h) => h.text)).toEqual(['Tender documents for a footbridge in Kiel.']);
    // Same chunk id in two tenants: independent rows; removing B's leaves A's.
    expect(
      await t.db.tenant('tenant-b', (tx) => index.removeBySource(tx, 'tenant-b', 'page', 'page-secret')),
    ).toBe(1);
    expect(ids(await index.search(t.db, 'tenant-a', q, { embedder: local, noCache: true }))).toContain(
      'secret-0',
    );
    expect((await index.search(t.db, 'tenant-b', q, { embedder: local })).hits).toEqual([]);
  });

  it('replaces a chunk indexed again under the same id', async () => {
    const v1: IndexChunk = {
      id: 'faq-0',
      sourceType: 'entry',
      sourceId: 'faq',
      title: 'FAQ',
      position: 0,
      text: 'Minimum order is two tonnes.',
      tokenCount: 6,
    };
    await indexAll('tenant-c', [v1]);
    const r = await indexAll('tenant-c', [{ ...v1, text: 'Minimum order is one tonne.' }]);
    expect(r).toEqual({ indexed: 1, replaced: 1 });
    const hits = (await index.search(t.db, 'tenant-c', 'minimum order', { embedder: local, topK: 10 })).hits;
    expect(hits.map((h) => h.text)).toEqual(['Minimum order is one tonne.']);
    expect((await index.state(t.db, 'tenant-c')).chunkCount).toBe(1);
  });

  it('rejects bad chunks without writing any of the batch', async () => {
    const good: IndexChunk = {
      id: 'ok-0',
      sourceType: 'page',
      sourceId: 'x',
      title: 'Fine',
      position: 0,
      text: 'Zinc coating thickness of 85 microns.',
      tokenCount: 8,
    };
    const bad = { ...good, id: 'bad-0', text: '   ' };
    const error = await indexAll('tenant-c', [good, bad], null).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('knowledge.invalid_chunk');
    expect((await index.search(t.db, 'tenant-c', 'zinc coating')).hits).toEqual([]);
    await expect(index.search(t.db, 'tenant-c', '   ')).rejects.toMatchObject({
      code: 'knowledge.empty_query',
    });
    await expect(index.search(t.db, 'tenant-c', 'zinc', { topK: 0 })).rejects.toMatchObject({
      code: 'knowledge.invalid_top_k',
    });
  });

  it('re-embeds in batches when chunks lack vectors or the embedding model changes', async () => {
    await addTenant('tenant-d');
    await indexAll('tenant-d', steelSite, null);
    const before = await index.needsReembedding(t.db, 'tenant-d', local);
    expect(before).toEqual({ needed: true, stale: steelSite.length, indexModel: null });
    const lexicalOnly = await index.search(t.db, 'tenant-d', 'galvanised I-beams', { embedder: local });
    expect(lexicalOnly.vectorSkipped).toBe('no_vectors');
    expect(lexicalOnly.hits[0]?.id).toBe('p-ibeam-0');

    const first = await index.reembedBatch(t.db, 'tenant-d', local, 3);
    expect(first).toEqual({ embedded: 3, remaining: steelSite.length - 3 });
    const done = await index.reembed(t.db, 'tenant-d', local, { batchSize: 3 });
    expect(done.remaining).toBe(0);
    expect(await index.needsReembedding(t.db, 'tenant-d', local)).toEqual({
      needed: false,
      stale: 0,
      indexModel: 'local:hash-v1-768',
    });
    const hybrid = await index.search(t.db, 'tenant-d', 'galvanised I-beams', { embedder: local });
    expect(hybrid.vectorModel).toBe('local:hash-v1-768');
    expect(hybrid.hits[0]?.vector).toBeDefined();

    // A different model (another vector space and size): everything is stale again.
    const other: SearchEmbedder = {
      modelId: 'test:hash-256',
      dimension: 256,
      embedMany: async (values) =>
        values.map((v) => lexicalEmbedding(v, { ...LOCAL_EMBEDDING_SPEC, dimension: 256 })),
    };
    expect((await index.needsReembedding(t.db, 'tenant-d', other)).stale).toBe(steelSite.length);
    await index.reembed(t.db, 'tenant-d', other, { batchSize: 4 });
    const state = await index.state(t.db, 'tenant-d');
    expect(state.modelId).toBe('test:hash-256');
    expect(state.dimension).toBe(256);
    const withOther = await index.search(t.db, 'tenant-d', 'crane trucks to building sites', {
      embedder: other,
      weights: { lexical: 0, vector: 1 },
    });
    expect(withOther.hits[0]?.id).toBe('p-delivery-0');
    expect(withOther.hits[0]?.vector?.similarity).toBeGreaterThan(0.2);
    if (t.db.dialect === 'sqlite') {
      const tables = await sql<{ name: string }>`
        SELECT name FROM sqlite_master WHERE name LIKE 'knowledge_vec_%' AND name NOT LIKE '%\\_chunks%' ESCAPE '\\'
          AND name NOT LIKE '%\\_rowids' ESCAPE '\\' AND name NOT LIKE '%\\_info' ESCAPE '\\'
          AND name NOT LIKE '%\\_vector%' ESCAPE '\\'`.execute(t.db.kysely);
      // tenant-a, tenant-b, tenant-c keep the local model's table; tenant-d only the new model's.
      expect(tables.rows.length).toBe(4);
    }
  });

  it('rebuilds a tenant index from its stored chunks', async () => {
    const r = await index.reindexTenant(t.db, 'tenant-d');
    expect(r.chunks).toBe(steelSite.length);
    const hits = await index.search(t.db, 'tenant-d', 'opening hours saturday', { topK: 1 });
    expect(ids(hits)).toEqual(['e-opening']);
  });
});
