import { describe, expect, it } from 'vitest';
import {
  countTokens,
  decodeTokens,
  encodeTokens,
  splitSentenceSpans,
  splitWords,
  TOKENIZER,
  truncateToTokens,
  withinTokenLimit,
} from './tokens.js';

describe('token counting (cl100k_base)', () => {
  it('gives the counts OpenAI’s tokenizer gives', () => {
    expect(TOKENIZER).toBe('cl100k_base');
    // Reference counts from tiktoken's cl100k_base.
    expect(countTokens('hello world')).toBe(2);
    expect(countTokens('tiktoken is great!')).toBe(6);
    expect(countTokens('')).toBe(0);
  });

  it('counts special-token strings found in page text as text instead of failing', () => {
    const text = 'Our chatbot prints <|endoftext|> when it is done.';
    expect(countTokens(text)).toBeGreaterThan(8);
    expect(decodeTokens(encodeTokens(text))).toBe(text);
  });

  it('stops early when text is over a limit', () => {
    expect(withinTokenLimit('one two three', 10)).toBe(3);
    expect(withinTokenLimit('one two three four five', 3)).toBe(false);
  });
});

describe('sentence and word spans', () => {
  const text = 'Steel beams ship on Monday. Do you deliver? Yes!  “Quoted.” Last one without a stop';

  it('gives spans that put back together give the text', () => {
    for (const spans of [splitSentenceSpans(text), splitWords(text)]) {
      expect(spans.map((s) => s.text).join('')).toBe(text);
      for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    }
  });

  it('ends sentences at . ! ? and closing quotes', () => {
    expect(splitSentenceSpans(text).map((s) => s.text.trim())).toEqual([
      'Steel beams ship on Monday.',
      'Do you deliver?',
      'Yes!',
      '“Quoted.”',
      'Last one without a stop',
    ]);
  });
});

describe('truncateToTokens', () => {
  const text = 'The quick brown fox jumps over the lazy dog near the riverbank today.';

  it('keeps whole words from the start or the end within the budget', () => {
    const head = truncateToTokens(text, 5);
    const tail = truncateToTokens(text, 5, { from: 'end' });
    expect(countTokens(head)).toBeLessThanOrEqual(5);
    expect(countTokens(tail)).toBeLessThanOrEqual(5);
    expect(text.startsWith(head)).toBe(true);
    expect(text.endsWith(tail)).toBe(true);
    expect(head).toBe('The quick brown fox jumps');
    expect(tail).toBe('the riverbank today.');
  });

  it('returns short text unchanged and nothing for a zero budget', () => {
    expect(truncateToTokens('short', 10)).toBe('short');
    expect(truncateToTokens(text, 0)).toBe('');
  });
});
