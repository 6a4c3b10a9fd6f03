import { describe, expect, it } from 'vitest';
import { extractPage } from '../extract/index.js';
import { extractOffline } from './offline-engine.js';
import { questionForStatement } from './questions.js';
import { toPageInput } from './test-support/fixture-sites.js';

function qa(
  body: string,
  url = 'https://candles.example/product/campfire-cedar.html',
  title = 'Campfire Cedar – Ember & Wick',
) {
  const page = extractPage(
    `<!doctype html><html lang="en-US"><head><title>${title}</title></head><body><main>${body}</main></body></html>`,
    url,
  );
  return extractOffline(toPageInput(page)).entries.map((e) => ({
    q: e.question,
    a: e.answer,
    c: e.category,
  }));
}

describe('questions name their subject', () => {
  it('asks about the product a page is about, not about its "Description" heading', () => {
    const entries = qa(`<h1>Campfire Cedar</h1><p class="price">$26.00</p><h2>Description</h2>
<p>Cedar logs, toasted marshmallow and a whisper of leather.</p><p>The 8 oz tin burns for about 40 hours.</p>
<p>Trim the wick to a quarter inch before every burn.</p>`);
    const questions = entries.map((e) => e.q);
    expect(questions).toContain('How much is Campfire Cedar?');
    expect(questions).toContain('How long does Campfire Cedar burn?');
    expect(questions).toContain('How do I look after Campfire Cedar?');
    expect(questions.some((q) => /description/i.test(q))).toBe(false);
    expect(new Set(questions).size).toBe(questions.length);
  });

  it('names the business from the page, checks doubtful categories against the answer, asks testimonials by author', () => {
    const entries = qa(
      `<h1>Kind words</h1><blockquote><p>Liam got my gran dancing.</p></blockquote><p>— Anele, Durbanville</p>
<h2>Summer</h2><p>Summer in an 8 oz tin.</p>`,
      'https://candles.example/testimonials.html',
      'Kind words – Ember & Wick',
    );
    expect(entries.find((e) => /gran/.test(e.a))?.q).toBe('What did Anele say about Ember & Wick?');
    const summer = entries.find((e) => /Summer in/.test(e.a));
    expect(summer?.c).not.toBe('careers');
    expect(summer?.q).not.toMatch(/hiring/);
  });

  it('never asks one catch-all question for different answers on a page', () => {
    const entries = qa(
      `<h1>About us</h1><p>Our wax is a coconut-soy blend from a farm in Ohio.</p><p>Every candle is poured by hand in batches of 24.</p>
<p>We recycle every jar customers bring back.</p>`,
      'https://candles.example/about.html',
      'About – Ember & Wick',
    );
    const questions = entries.map((e) => e.q);
    expect(new Set(questions).size).toBe(questions.length);
    expect(questions.every((q) => /Ember & Wick|candle/i.test(q))).toBe(true);
  });

  it('asks about what a heading names, not about a heading that is a question, a place or a call to act', () => {
    const entries = qa(
      `<h1>Harbour Kayaks</h1><h2>Why paddle with us</h2><p>We run five kayaks to a guide, never more.</p>
<h2>On the water</h2><p>Watch the seals from the jetty, which has twelve benches.</p>
<h2>Learn to paddle on the quiet side of the bay</h2><p>Small groups, calm water and patient guides.</p>
<h2>This season's favourites</h2><p>The sunset tour sells out first every summer.</p>`,
      'https://kayaks.example/',
      'Harbour Kayaks',
    );
    const questions = entries.map((e) => e.q);
    expect(questions.length).toBeGreaterThanOrEqual(4);
    for (const q of questions) {
      expect(q).not.toMatch(/\bthe (?:why|on|learn|this)\b/i);
      expect(q).not.toMatch(/about the (?:why|how|on|in|learn|meet|this|these)\b/i);
    }
    expect(questions).toContain('Why paddle with us?');
    expect(questions).toContain('How do I learn to paddle on the quiet side of the bay?');
  });

  it('puts no second determiner before a topic that has one', () => {
    const ask = (subject: string) =>
      questionForStatement('Bold enough for baking and barbecue.', {
        business: 'Maple Farm',
        heading: null,
        category: 'products',
        subject,
      });
    expect(ask("this season's favourites")).toBe("What should I know about this season's favourites?");
    expect(ask('dark syrups')).toBe('What should I know about the dark syrups?');
  });

  it("asks about a course's term by the course: a table's row named only by its period", () => {
    const entries = qa(
      `<h1>Pony Club</h1><h2>Saturday Pony Club</h2><p>A weekly group lesson. Fees are per term.</p>
<table><thead><tr><th>Term</th><th>Dates</th><th>Fee</th><th>Places</th></tr></thead><tbody>
<tr><td>Term 1</td><td>6 Feb – 3 Apr</td><td>$405</td><td>Full</td></tr>
<tr><td>Term 2</td><td>1 May – 26 Jun</td><td>$405</td><td>2 places left</td></tr></tbody></table>`,
      'https://ride.example/camps.html',
      'Pony Club – Wattle Gully',
    );
    const questions = entries.map((e) => e.q);
    expect(questions).toContain('How much is Saturday Pony Club, Term 2?');
    expect(questions.some((q) => /\bthe term\b|the \d/i.test(q))).toBe(false);
  });
});
