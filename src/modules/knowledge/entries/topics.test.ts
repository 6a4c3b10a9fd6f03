import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize.js';
import { distinctQuestion, keyphrase } from './topics.js';

describe('what an entry is about', () => {
  it('a key phrase is a topic, never only a date, a time or a currency', () => {
    expect(keyphrase('Mar 12, 6 pm – 8 pm recurring')).toBeNull();
    expect(keyphrase('95 kr.')).toBeNull();
    expect(keyphrase('Tickets are 20 euros, paid at the door of the climbing hall.')).not.toMatch(/^euros$/i);
    expect(keyphrase('Free gear hire on club nights')).toMatch(/gear hire|club nights/i);
  });

  it('a question another entry asks already is qualified by the heading, else by the key phrase', () => {
    const taken = new Set(['how can i contact snowberry clayworks?']);
    const ask = (answer: string, headingPath: string[]) =>
      distinctQuestion(
        { question: 'How can I contact Snowberry Clayworks?', answer, headingPath },
        taken,
        normalizeText,
      );
    expect(ask('To book, call or email us with the weekend you want.', ['Weekend Raku Workshop'])).toBe(
      'How can I contact Snowberry Clayworks (Weekend Raku Workshop)?',
    );
    // "Contact" names no topic: the answer's key phrase does.
    expect(ask('Email us to go on the waitlist for the spring course.', ['Contact'])).toMatch(
      /^How can I contact Snowberry Clayworks \((?!Contact).+\)\?$/,
    );
    // A question nobody asks yet stays as it is.
    expect(
      distinctQuestion(
        {
          question: 'How does delivery work at Snowberry Clayworks?',
          answer: 'We ship in Canada.',
          headingPath: [],
        },
        taken,
        normalizeText,
      ),
    ).toBe('How does delivery work at Snowberry Clayworks?');
  });
});
