import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { insertTestTenant } from '../../../../test/support/tenants.js';
import {
  createSearchIndex,
  embedChunks,
  type IndexChunk,
  localSearchEmbedder,
  type SearchIndex,
} from './index.js';

let t: TestDatabase;
let index: SearchIndex;
const local = localSearchEmbedder();
const TENANT = 'tenant-paraphrase';

const page = (id: string, title: string, text: string): IndexChunk => ({
  id,
  sourceType: 'page',
  sourceId: id,
  url: `https://dentist.example/${id}`,
  title,
  headingPath: [],
  position: 0,
  text,
  tokenCount: text.split(' ').length,
});

/** A dental clinic and a bike shop's words, none of them the customer's. */
const site: IndexChunk[] = [
  page(
    'fees',
    'Fees',
    'A porcelain crown costs $1,050. Adult cleaning from $119, tooth-colored filling from $165.',
  ),
  page(
    'sedation',
    'Comfort',
    'We do not offer IV sedation. Nervous patients can ask for nitrous oxide during treatment.',
  ),
  page(
    'bikes',
    'Second-hand bikes',
    'Every second-hand bike comes with 3 months’ warranty on frame and gears.',
  ),
  page('refunds', 'Refunds', 'Cancel at least 24 hours before your lesson for a full refund of the fee.'),
  page(
    'hours',
    'Opening hours',
    'The clinic is open Monday to Friday from 7:30 to 16:30; closed at weekends.',
  ),
  page('payment', 'Paying', 'We accept HSA and FSA cards, and all major credit cards.'),
  page(
    'team',
    'Our team',
    'Dr. Priya Raman opened the practice in 2011. Today our team of 14 includes three dentists.',
  ),
];

beforeAll(async () => {
  t = await createTestDatabase();
  await insertTestTenant(t.db, TENANT);
  index = createSearchIndex({ dialect: t.db.dialect, cacheTtlMs: 0 });
  const vectors = await embedChunks(local, site);
  await t.db.tenant(TENANT, (tx) => index.indexChunks(tx, TENANT, site, vectors));
});
afterAll(async () => {
  await t?.cleanup();
});

const top = async (q: string) => (await index.search(t.db, TENANT, q, { embedder: local, topK: 3 })).hits;

describe('paraphrase and misspelling recall', () => {
  it('finds the page through a WordNet synonym the page uses ("cap" on a tooth → crown)', async () => {
    const r = await index.search(t.db, TENANT, 'price of a cap on a tooth', { embedder: local, topK: 3 });
    expect(r.hits[0]?.id).toBe('fees');
    expect(r.expansions.some((e) => e.word === 'crown' && e.for === 'cap')).toBe(true);
    expect(r.hits[0]?.features.coverage).toBeGreaterThan(0);
  });

  it('fixes a misspelling with the business’s own vocabulary, then its synonyms (garantee → guarantee → warranty)', async () => {
    const r = await index.search(t.db, TENANT, 'garantee on secondhand bikes', { embedder: local, topK: 3 });
    expect(r.hits[0]?.id).toBe('bikes');
    expect(r.expansions.some((e) => e.word === 'warranty' && e.for === 'garantee')).toBe(true);
  });

  it('fixes a plain typo against the index’s words (recieve, refnd)', async () => {
    expect((await top('can I get a refnd if I cancel'))[0]?.id).toBe('refunds');
  });

  it('matches an acronym the page uses to the words the customer spells out (FSA)', async () => {
    const r = await index.search(t.db, TENANT, 'can I use my flexible spending account', {
      embedder: local,
      topK: 3,
    });
    expect(r.hits[0]?.id).toBe('payment');
    expect(r.expansions.some((e) => e.word === 'fsa')).toBe(true);
  });

  it('does not expand when asked not to', async () => {
    const r = await index.search(t.db, TENANT, 'garantee on secondhand bikes', {
      embedder: local,
      expand: false,
      topK: 3,
    });
    expect(r.expansions).toEqual([]);
  });
});

describe('scores that mean relevance', () => {
  it('scores a right answer above 0.5 and an unrelated question below it', async () => {
    const right = await top('when is the clinic open');
    expect(right[0]?.id).toBe('hours');
    expect(right[0]?.score).toBeGreaterThan(0.5);
    const unrelated = await top('do you sell gift vouchers for birthdays');
    for (const h of unrelated) expect(h.score).toBeLessThan(0.5);
  });

  it('keeps scores in 0..1, sorted, with the features they come from', async () => {
    const hits = await top('who opened the practice');
    expect(hits[0]?.id).toBe('team');
    for (const h of hits) {
      expect(h.score).toBeGreaterThanOrEqual(0);
      expect(h.score).toBeLessThanOrEqual(1);
      expect(h.normalizedScore).toBe(h.score);
      expect(h.features.coverage).toBeGreaterThanOrEqual(0);
    }
    const scores = hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});
