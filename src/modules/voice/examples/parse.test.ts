import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { parseVoiceExamples, websiteExamples } from './parse.js';

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('parseVoiceExamples', () => {
  it('reads JSONL with platform and engagement under common names', () => {
    const ex = parseVoiceExamples(
      '{"id":"a","content":"Hello there","platform":"Twitter","likes":"12"}\n\n{"text":"Second post","network":"LI"}',
    );
    expect(ex).toEqual([
      { id: 'a', text: 'Hello there', source: 'post', platform: 'x', engagement: 12 },
      { id: 'ex2', text: 'Second post', source: 'post', platform: 'linkedin' },
    ]);
  });

  it('reads a JSON array and an array of strings', () => {
    expect(
      parseVoiceExamples('[{"text":"One"},{"text":"Two","engagement":3}]').map((e) => e.engagement),
    ).toEqual([undefined, 3]);
    expect(parseVoiceExamples(['One', { text: 'Two', platform: 'ig' }], { platform: 'facebook' })).toEqual([
      { id: 'ex1', text: 'One', source: 'post', platform: 'facebook' },
      { id: 'ex2', text: 'Two', source: 'post', platform: 'instagram' },
    ]);
  });

  it('reads CSV with quoted commas and line breaks', () => {
    const ex = parseVoiceExamples('text,platform,likes\n"Hello, world",x,4\n"Two\nlines",facebook,\n');
    expect(ex.map((e) => [e.text, e.platform, e.engagement])).toEqual([
      ['Hello, world', 'x', 4],
      ['Two\nlines', 'facebook', undefined],
    ]);
  });

  it('splits pasted text on --- lines, or on blank lines when there are none', () => {
    expect(parseVoiceExamples('First post\n\nstill first\n---\nSecond').map((e) => e.text)).toEqual([
      'First post\n\nstill first',
      'Second',
    ]);
    expect(parseVoiceExamples('One\n\nTwo\n\n\nThree').map((e) => e.text)).toEqual(['One', 'Two', 'Three']);
  });

  it('says which line is wrong', () => {
    const e = errorOf(() => parseVoiceExamples('{"text":"ok"}\n{"text": nope}'));
    expect(e.code).toBe('voice.invalid_examples');
    expect(e.message).toContain('line 2');
    expect(errorOf(() => parseVoiceExamples('{"title":"no text"}')).message).toContain('"text" field');
    expect(errorOf(() => parseVoiceExamples('text,platform\n"unclosed,x')).message).toContain('not closed');
    expect(
      errorOf(() =>
        parseVoiceExamples([
          { id: 1, text: 'a' },
          { id: 1, text: 'b' },
        ]),
      ).message,
    ).toContain('unique');
  });

  it('tags website copy as source website', () => {
    expect(websiteExamples(['About us', '  ', 'Our services'])).toEqual([
      { id: 'web1', text: 'About us', source: 'website' },
      { id: 'web2', text: 'Our services', source: 'website' },
    ]);
  });
});
