import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';

const texts = (t: string) => splitSentences(t).map((s) => s.text);

describe('splitSentences', () => {
  it('keeps titles, initials and Latin abbreviations inside the sentence', () => {
    expect(texts('Ask Dr. Lee about the I-beams. He knows.')).toEqual([
      'Ask Dr. Lee about the I-beams.',
      'He knows.',
    ]);
    expect(texts('J. R. R. Tolkien wrote it. Mrs. Smith read it, e.g. on Sundays. Then she slept.')).toEqual([
      'J. R. R. Tolkien wrote it.',
      'Mrs. Smith read it, e.g. on Sundays.',
      'Then she slept.',
    ]);
    expect(texts('Compare Steel vs. Aluminium. Steel wins.')).toEqual([
      'Compare Steel vs. Aluminium.',
      'Steel wins.',
    ]);
  });

  it('ends a sentence at an abbreviation only when a capitalised word follows', () => {
    expect(texts('The U.S. economy grew. I live in the U.S. It is big.')).toEqual([
      'The U.S. economy grew.',
      'I live in the U.S.',
      'It is big.',
    ]);
    expect(texts('We sell beams, columns, etc. Call us. Acme Inc. is our supplier.')).toEqual([
      'We sell beams, columns, etc.',
      'Call us.',
      'Acme Inc. is our supplier.',
    ]);
    expect(
      texts('We open 9 a.m. to 5 p.m. daily. See No. 5 for prices. The answer is no. We close Sundays.'),
    ).toEqual([
      'We open 9 a.m. to 5 p.m. daily.',
      'See No. 5 for prices.',
      'The answer is no.',
      'We close Sundays.',
    ]);
  });

  it('never breaks inside decimals, URLs or e-mail addresses', () => {
    expect(
      texts(
        'HEA 200 costs €48.50 per metre. See https://example.com/beams?size=200&x=1.5. Or mail sales@next-day.co.uk today.',
      ),
    ).toEqual([
      'HEA 200 costs €48.50 per metre.',
      'See https://example.com/beams?size=200&x=1.5.',
      'Or mail sales@next-day.co.uk today.',
    ]);
  });

  it('keeps closing quotes and emoji with the sentence they end', () => {
    expect(texts('He said "Stop." Then he left.')).toEqual(['He said "Stop."', 'Then he left.']);
    expect(texts('Great news! 🎉 We launched. Really?! 👍🏽 Yes.')).toEqual([
      'Great news! 🎉',
      'We launched.',
      'Really?! 👍🏽',
      'Yes.',
    ]);
    expect(texts('Family day 👨‍👩‍👧 is back! 🇬🇧🇬🇧 See you.')).toEqual([
      'Family day 👨‍👩‍👧 is back! 🇬🇧🇬🇧',
      'See you.',
    ]);
  });

  it('treats an ellipsis as an end only before a new sentence', () => {
    expect(texts('We waited… and waited. Then… Nothing. Done...')).toEqual([
      'We waited… and waited.',
      'Then…',
      'Nothing.',
      'Done...',
    ]);
  });

  it('splits at line breaks, except in text that is only wrapped', () => {
    expect(texts('New beams in stock\nOrder today\n\nFree delivery')).toEqual([
      'New beams in stock',
      'Order today',
      'Free delivery',
    ]);
    expect(texts('Our beams are cut to length\nand delivered in 48 hours.')).toEqual([
      'Our beams are cut to length\nand delivered in 48 hours.',
    ]);
    expect(texts('1. Measure the span\n2. Order the beam\n3. We deliver')).toEqual([
      '1. Measure the span',
      '2. Order the beam',
      '3. We deliver',
    ]);
  });

  it('splits Chinese and Japanese text at their full stops', () => {
    expect(texts('你好。我很好！谢谢')).toEqual(['你好。', '我很好！', '谢谢']);
  });

  it('gives offsets that point at each sentence in the original text', () => {
    const text = '  First one.  Second 🎉 one!\n\nThird, with "quotes."  ';
    const sentences = splitSentences(text);
    expect(sentences).toHaveLength(3);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
    // Emoji are never cut in half: every sentence is well-formed UTF-16.
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const s of sentences) expect(s.text).not.toMatch(loneSurrogate);
  });

  it('returns nothing for empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\n ')).toEqual([]);
  });
});
