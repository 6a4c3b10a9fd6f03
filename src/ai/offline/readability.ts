import { splitSentences } from '../../core/text/sentences.js';
import { countSyllables } from '../../core/text/syllables.js';
import { tokenizeWords } from '../../core/text/words.js';

export interface Readability {
  sentences: number;
  words: number;
  syllables: number;
  /** Words of three or more syllables. */
  polysyllables: number;
  wordsPerSentence: number;
  syllablesPerWord: number;
  /**
   * Flesch Reading Ease: 206.835 − 1.015 × words/sentence − 84.6 × syllables/word. Higher is easier:
   * 90–100 very easy, 60–70 plain English, below 30 very hard. Not clamped, so very short or very
   * long sentences can leave 0–100.
   */
  fleschReadingEase: number;
  /** Flesch–Kincaid Grade Level: 0.39 × words/sentence + 11.8 × syllables/word − 15.59 (US school grade). */
  fleschKincaidGrade: number;
  /** Seconds to read silently at 238 words a minute (Brysbaert 2019, English non-fiction). */
  readingTimeSeconds: number;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Readability statistics of English text. Words are the letter tokens (numbers, hashtags and
 * mentions are left out: they have no syllables to count); sentences come from `splitSentences`.
 * Text without words gives zeros rather than NaN.
 */
export function readability(text: string): Readability {
  const sentences = splitSentences(text).filter((s) => tokenizeWords(s.text).some((t) => t.kind === 'word'));
  const wordTokens = tokenizeWords(text).filter((t) => t.kind === 'word');
  let syllables = 0;
  let polysyllables = 0;
  for (const t of wordTokens) {
    // Hyphenated compounds count per part ("state-of-the-art" is 4 syllables).
    const n = t.normal.split(/[-‐]/).reduce((sum, part) => sum + countSyllables(part), 0);
    syllables += n;
    if (n >= 3) polysyllables++;
  }
  const words = wordTokens.length;
  if (words === 0 || sentences.length === 0) {
    return {
      sentences: sentences.length,
      words,
      syllables,
      polysyllables,
      wordsPerSentence: 0,
      syllablesPerWord: 0,
      fleschReadingEase: 0,
      fleschKincaidGrade: 0,
      readingTimeSeconds: 0,
    };
  }
  const wps = words / sentences.length;
  const spw = syllables / words;
  return {
    sentences: sentences.length,
    words,
    syllables,
    polysyllables,
    wordsPerSentence: round(wps),
    syllablesPerWord: round(spw),
    fleschReadingEase: round(206.835 - 1.015 * wps - 84.6 * spw),
    fleschKincaidGrade: round(0.39 * wps + 11.8 * spw - 15.59),
    readingTimeSeconds: Math.round((words / 238) * 60),
  };
}
