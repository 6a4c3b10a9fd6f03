import { describe, expect, it } from 'vitest';
import { extractPage } from '../extract/index.js';
import { answerFits } from './category-check.js';
import { extractOffline } from './offline-engine.js';
import { sameEntry } from './same-entry.js';
import { toPageInput } from './test-support/fixture-sites.js';

function qa(
  body: string,
  url = 'https://pottery.example/shop/p/kelp-bowl.html',
  title = 'Kelp Bowl — Tidemark',
) {
  const page = extractPage(
    `<!doctype html><html lang="en-NZ"><head><title>${title}</title></head><body><main>${body}</main></body></html>`,
    url,
  );
  return extractOffline(toPageInput(page)).entries.map((e) => ({ q: e.question, a: e.answer }));
}

describe('entries checked against their answers', () => {
  it('a pricing answer needs an amount or a word about price', () => {
    expect(answerFits('pricing', 'A set of four 27 cm dinner plates in our grey-blue storm glaze.')).toBe(
      false,
    );
    expect(answerFits('pricing', 'Storm Glaze Dinner Plates: $160.00')).toBe(true);
    expect(answerFits('pricing', 'Consultations are free.')).toBe(true);
  });

  it('an ordering answer needs a word about ordering or paying', () => {
    expect(answerFits('ordering_payment', 'Decaffeinated with the Swiss Water Process, no chemicals.')).toBe(
      false,
    );
    expect(answerFits('ordering_payment', 'Order a pour-over of anything on the shelf.')).toBe(true);
    expect(answerFits('ordering_payment', 'We take cards and Apple Pay.')).toBe(true);
  });

  it('"we will email you" is not a way to contact the business; an address is', () => {
    const entries = qa(`<h1>Kelp Bowl</h1><p class="price">$120.00</p>
<p>The last firing sold out in a week. Sign up below and we will email you when the next batch comes out of the kiln.</p>
<p>Questions about an order? Email studio@tidemark.example and Ellie will reply within a day.</p>`);
    const contact = entries.filter((e) => /^How can I contact/.test(e.q)).map((e) => e.a);
    expect(contact).toEqual([
      'Questions about an order? Email studio@tidemark.example and Ellie will reply within a day.',
    ]);
  });

  it('no unit is read across a line break into the next paragraph', () => {
    const entries =
      qa(`<h1>Driftwood Vase</h1><div class="product-price"><span class="sale-price">$68.00</span> <span class="original-price">$85.00</span></div>
<p>A tall bottle vase, 30 cm, in a pale ash glaze.</p>`);
    const price = entries.find((e) => e.q === 'How much is Driftwood Vase?');
    expect(price?.a).toBe('Driftwood Vase: $68.00; on sale, was $85.00');
  });
});

describe('the same entry on two pages', () => {
  it('is one entry when one answer says part of the other under the same question', () => {
    const q = 'How can I contact Tidemark Pottery?';
    expect(
      sameEntry(
        { question: q, answer: 'Phone 03 555 0147' },
        { question: q, answer: 'Phone 03 555 0147, e-mail studio@tidemark.example' },
      ),
    ).toBe(true);
    expect(
      sameEntry({ question: q, answer: 'Phone 03 555 0147' }, { question: q, answer: 'Phone 03 555 0199' }),
    ).toBe(false);
    // One number in two formats (a footer's text and a `tel:` link's value).
    expect(
      sameEntry(
        { question: q, answer: 'Phone +41 41 637 05 12, e-mail info@shop.example' },
        { question: q, answer: 'Phone +41416370512, e-mail info@shop.example' },
      ),
    ).toBe(true);
    expect(
      sameEntry(
        { question: 'How much is Driftwood Vase?', answer: 'Driftwood Vase: $68.00' },
        { question: 'How much is Salt Cellar?', answer: 'Salt Cellar: $68.00, Driftwood Vase' },
      ),
    ).toBe(false);
  });
});
