import { describe, expect, it } from 'vitest';
import { graphicTextOf } from './graphic-text.js';

describe('graphicTextOf', () => {
  it('takes the first sentence as the headline and a short second one as the subline', () => {
    const text = graphicTextOf({
      platform: 'linkedin',
      text: 'Our new I-beams are in stock 🎉. Order by Friday for next-day delivery. More at https://example.com #steel',
    });
    expect(text.headline).toBe('Our new I-beams are in stock.');
    expect(text.subline).toBe('Order by Friday for next-day delivery.');
  });

  it('cuts a long first sentence at a word boundary, never mid-word', () => {
    const text = graphicTextOf({
      platform: 'x',
      text: `${'Fresh sourdough '.repeat(10)}every morning`,
    });
    expect(text.headline.length).toBeLessThanOrEqual(90);
    expect(text.headline.endsWith('…')).toBe(true);
    const words = text.headline.replace(/…$/, '').split(' ');
    for (const word of words) expect(['Fresh', 'sourdough']).toContain(word);
  });
});
