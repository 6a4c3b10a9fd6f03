import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStopword, stopwordsFor } from '../../core/text/stopwords.js';
import { words } from '../../core/text/words.js';
import { extractKeywords } from './keywords.js';

const STEEL = `Next Day Steel supplies structural steel beams to builders across the UK. Our HEA and HEB beams are
cut to length in our Sheffield yard and delivered within 48 hours. Every beam comes with a mill certificate, and
our engineers can check the load calculations for your project. We also stock universal columns, steel angles and
galvanised bolts. Order structural steel beams online before 2 p.m. and we deliver the next working day. Need a
beam drilled or painted? Our fabrication team drills, paints and primes beams to your drawings.`;

const BAKERY_DE = `Die Bäckerei Müller backt seit 1952 Brot und Brötchen aus regionalem Mehl. Unser Sauerteigbrot
reift vierundzwanzig Stunden, bevor es in den Steinofen kommt. Jeden Samstag gibt es frische Brezeln und
Streuselkuchen. Für Hochzeiten und Geburtstage backen wir Torten nach Ihren Wünschen. Das Sauerteigbrot können
Sie auch online bestellen und in der Filiale abholen.`;

describe('extractKeywords (YAKE)', () => {
  it('finds the topic of a product page', () => {
    const keys = extractKeywords(STEEL);
    const normals = keys.map((k) => k.normal);
    expect(normals).toContain('structural steel beams');
    expect(normals.slice(0, 10).some((n) => n.includes('hea'))).toBe(true);
    // Best first, and the phrase keeps the way the text writes it.
    for (let i = 1; i < keys.length; i++)
      expect(keys[i]?.score).toBeGreaterThanOrEqual(keys[i - 1]?.score as number);
    expect(keys.find((k) => k.normal === 'structural steel beams')).toMatchObject({
      phrase: 'structural steel beams',
      count: 2,
    });
  });

  it('never starts or ends a phrase with a stop word, and keeps numbers out', () => {
    for (const k of extractKeywords(STEEL, { max: 30 })) {
      const ws = k.normal.split(' ');
      expect(isStopword(ws[0] as string), k.phrase).toBe(false);
      expect(isStopword(ws[ws.length - 1] as string), k.phrase).toBe(false);
      expect(k.normal).not.toMatch(/\d/);
      expect(ws.length).toBeLessThanOrEqual(3);
    }
  });

  it('drops near-duplicates and fragments that only occur inside a better phrase', () => {
    const keys = extractKeywords(STEEL, { max: 30 }).map((k) => k.normal);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((k) => k === 'beam' || k === 'beams')).toHaveLength(1);
  });

  it('uses the stop words of the detected language', () => {
    const keys = extractKeywords(BAKERY_DE, { max: 8 });
    const de = stopwordsFor('de');
    for (const k of keys) {
      const ws = k.normal.split(' ');
      expect(de.has(ws[0] as string), k.phrase).toBe(false);
      expect(de.has(ws[ws.length - 1] as string), k.phrase).toBe(false);
    }
    expect(keys.map((k) => k.normal)).toContain('sauerteigbrot');
  });

  it('is deterministic and copes with empty input', () => {
    expect(extractKeywords(STEEL)).toEqual(extractKeywords(STEEL));
    expect(extractKeywords('')).toEqual([]);
    expect(extractKeywords('!!! 123')).toEqual([]);
  });

  const scifact = path.resolve(process.cwd(), '../shared/datasets/scifact/corpus.jsonl');
  it.runIf(existsSync(scifact))('finds the title topic in most SciFact abstracts (shared dataset)', () => {
    const docs = readFileSync(scifact, 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(0, 200)
      .map((l) => JSON.parse(l) as { title: string; text: string });
    let hits = 0;
    for (const d of docs) {
      const title = new Set(words(d.title).filter((w) => !isStopword(w)));
      const top = extractKeywords(d.text, { max: 5 });
      if (top.some((k) => k.normal.split(' ').some((w) => title.has(w)))) hits++;
    }
    // Measured 0.77 over all 5,183 abstracts (docs/benchmarks.md); a regression falls well below.
    expect(hits / docs.length).toBeGreaterThan(0.68);
  });
});
