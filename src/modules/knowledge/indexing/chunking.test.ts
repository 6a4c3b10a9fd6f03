import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../core/errors.js';
import { countTokens } from '../../../core/text/tokens.js';
import { extractPage } from '../extract/extract-page.js';
import { type Chunk, chunkMarkdown } from './chunking.js';

const base = { url: 'https://northbridge.example/products', title: 'Products' };

function prose(sentences: number, topic: string): string {
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) {
    parts.push(
      `${topic} note ${i}: our ${topic.toLowerCase()} are rolled in Leeds, checked by hand and delivered within ${i + 2} days.`,
    );
  }
  return parts.join(' ');
}

/** Invariants every chunking must keep, whatever the input. */
function expectWellFormed(markdown: string, chunks: Chunk[], maxTokens: number): void {
  const covered = new Uint8Array(markdown.length);
  chunks.forEach((chunk, i) => {
    expect(chunk.index).toBe(i);
    expect(chunk.text).toBe(markdown.slice(chunk.start, chunk.end));
    expect(chunk.tokenCount).toBe(countTokens(chunk.text));
    expect(chunk.tokenCount).toBeLessThanOrEqual(maxTokens);
    expect(chunk.text.trim()).not.toBe('');
    for (let c = chunk.start; c < chunk.end; c++) covered[c] = 1;
    if (i > 0) expect(chunk.start).toBeGreaterThan((chunks[i - 1] as Chunk).start);
  });
  const uncovered = [...markdown].findIndex((ch, i) => /\S/.test(ch) && !covered[i]);
  expect(uncovered).toBe(-1);
}

describe('chunkMarkdown', () => {
  it('keeps every chunk within the token limit and covers all text', () => {
    const md = `# Products\n\n${prose(80, 'Beams')}\n\n## I-beams\n\n${prose(40, 'Beams')}\n\n# Services\n\n${prose(30, 'Cuts')}`;
    const chunks = chunkMarkdown(md, base);
    expect(chunks.length).toBeGreaterThan(4);
    expectWellFormed(md, chunks, 512);
    expect(Math.max(...chunks.map((c) => c.tokenCount))).toBeGreaterThan(400); // chunks are filled, not scraps
  });

  it('repeats about 100 tokens of text, starting on a word, when a section continues in the next chunk', () => {
    const md = `## I-beams\n\n${prose(120, 'Beams')}`;
    const chunks = chunkMarkdown(md, base);
    expect(chunks.length).toBeGreaterThan(2);
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1] as Chunk;
      const chunk = chunks[i] as Chunk;
      expect(chunk.overlapChars).toBeGreaterThan(0);
      const repeated = chunk.text.slice(0, chunk.overlapChars);
      expect(previous.text.endsWith(repeated.trimEnd())).toBe(true);
      const tokens = countTokens(repeated.trim());
      expect(tokens).toBeGreaterThanOrEqual(60);
      expect(tokens).toBeLessThanOrEqual(100);
      expect(/\s/.test(md[chunk.start - 1] as string)).toBe(true); // starts on a word
      expect(chunk.headingPath).toEqual(['I-beams']);
    }
  });

  it('honours custom limits and no overlap', () => {
    const md = prose(60, 'Channels');
    const chunks = chunkMarkdown(md, { ...base, maxTokens: 128, overlapTokens: 0 });
    expectWellFormed(md, chunks, 128);
    for (const c of chunks) expect(c.overlapChars).toBe(0);
    // Without overlap the chunks partition the text.
    for (let i = 1; i < chunks.length; i++)
      expect((chunks[i] as Chunk).start).toBeGreaterThanOrEqual((chunks[i - 1] as Chunk).end);
  });

  it('never puts two top-level sections in one chunk, even small ones', () => {
    const md =
      '# Products\n\nWe sell steel.\n\n# Delivery\n\nNext day within 80 miles.\n\n# Contact\n\nCall 0113 496 0000.';
    const chunks = chunkMarkdown(md, base);
    expect(chunks.map((c) => c.headingPath)).toEqual([['Products'], ['Delivery'], ['Contact']]);
    expect(chunks.map((c) => c.text)).toEqual([
      '# Products\n\nWe sell steel.',
      '# Delivery\n\nNext day within 80 miles.',
      '# Contact\n\nCall 0113 496 0000.',
    ]);
  });

  it('keeps small subsections together under their common heading and gives full heading paths', () => {
    const md = [
      '# Products',
      '## I-beams',
      'HEB 200, 6 m: £389.',
      '## Channels',
      'UPN 120, 6 m: from £142.50.',
      '# Services',
      '## Cutting',
      prose(70, 'Cuts'),
      '### Tolerances',
      'Every cut is within ±2 mm.',
    ].join('\n\n');
    const chunks = chunkMarkdown(md, base);
    expectWellFormed(md, chunks, 512);
    expect(chunks[0]?.headingPath).toEqual(['Products']);
    expect(chunks[0]?.text).toContain('£389');
    expect(chunks[0]?.text).toContain('£142.50');
    const cutting = chunks.filter((c) => c.text.includes('Cuts note'));
    expect(cutting.length).toBeGreaterThan(1);
    expect(cutting[0]?.headingPath).toEqual(['Services', 'Cutting']);
    const tolerances = chunks.find((c) => c.text.includes('±2 mm')) as Chunk;
    expect(tolerances.headingPath.slice(0, 2)).toEqual(['Services', 'Cutting']);
  });

  it('splits a long table between rows, never inside one, and never starts an overlap mid-row', () => {
    const rows = Array.from(
      { length: 120 },
      (_, i) =>
        `| HEB ${100 + i * 20} | ${6 + (i % 3) * 3} m | £${(300 + i * 17.5).toFixed(2)} | In stock at the Leeds yard |`,
    );
    const md = `## Price list\n\n| Profile | Length | Price | Availability |\n| --- | --- | --- | --- |\n${rows.join('\n')}`;
    const chunks = chunkMarkdown(md, base);
    expect(chunks.length).toBeGreaterThan(2);
    expectWellFormed(md, chunks, 512);
    for (const chunk of chunks) {
      for (const line of chunk.text.split('\n').filter((l) => l.includes('|'))) {
        expect(line.startsWith('|') && line.endsWith('|')).toBe(true);
      }
    }
  });

  it('cuts a sentence with no punctuation between words, never inside one', () => {
    const words = Array.from({ length: 900 }, (_, i) => `beam${i}`).join(' ');
    const chunks = chunkMarkdown(words, { ...base, maxTokens: 200, overlapTokens: 20 });
    expectWellFormed(words, chunks, 200);
    for (const c of chunks) {
      expect(c.start === 0 || /\s/.test(words[c.start - 1] as string)).toBe(true);
      expect(c.end === words.length || /\s/.test(words[c.end] as string)).toBe(true);
    }
  });

  it('cuts a single word longer than a chunk (a giant URL) into pieces that fit', () => {
    const giant = `https://cdn.example/${'a1b2c3d4'.repeat(600)}`;
    const md = `See ${giant} for the drawing.`;
    const chunks = chunkMarkdown(md, { ...base, maxTokens: 256, overlapTokens: 0 });
    expectWellFormed(md, chunks, 256);
    expect(chunks.length).toBeGreaterThan(2);
  });

  it('reads ATX and setext headings but not # lines inside code blocks', () => {
    const md = `Steel Guide\n===========\n\n${prose(1, 'Beams')}\n\nDelivery\n--------\n\n\`\`\`sh\n# not a heading\nls\n\`\`\`\n\nDone.`;
    const chunks = chunkMarkdown(md, { ...base, maxTokens: 40, overlapTokens: 0 });
    expect(chunks).toHaveLength(2);
    expect(chunks[0]?.headingPath).toEqual(['Steel Guide']);
    expect(chunks[chunks.length - 1]?.headingPath).toEqual(['Steel Guide', 'Delivery']);
    expect(chunks.every((c) => !c.headingPath.includes('not a heading'))).toBe(true);
  });

  it('copies url and title to every chunk and returns nothing for blank input', () => {
    const chunks = chunkMarkdown('Hello.', base);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({
      url: base.url,
      title: base.title,
      headingPath: [],
      start: 0,
      end: 6,
      overlapChars: 0,
    });
    expect(chunkMarkdown('  \n\n ', base)).toEqual([]);
  });

  it('rejects limits that cannot work with a typed error', () => {
    for (const options of [
      { maxTokens: 10 },
      { maxTokens: 512, overlapTokens: 300 },
      { maxTokens: 512, overlapTokens: -1 },
      { maxTokens: 100.5 },
    ]) {
      let error: unknown;
      try {
        chunkMarkdown('text', { ...base, ...options });
      } catch (e) {
        error = e;
      }
      expect(isAppError(error) && error.code === 'knowledge.chunking_invalid_options').toBe(true);
    }
  });

  it('chunks an extracted page: the product prices stay with their products', () => {
    const html = readFileSync(
      new URL('../../../../fixtures/html/product-grid.html', import.meta.url),
      'utf8',
    );
    const page = extractPage(html, 'https://northbridge.example/products/structural-steel');
    const chunks = chunkMarkdown(page.markdown, {
      url: page.url,
      title: page.title,
      maxTokens: 64,
      overlapTokens: 10,
    });
    expectWellFormed(page.markdown, chunks, 64);
    const heb = chunks.find((c) => c.text.includes('HEB 200 I-beam, 6 m](')) as Chunk;
    expect(heb.text).toContain('£389.00');
    expect(heb.headingPath[0]).toBe('Structural steel');
  });
});
