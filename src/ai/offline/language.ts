import { type Language, languages, stopwordsFor } from '../../core/text/stopwords.js';
import { words } from '../../core/text/words.js';

export interface LanguageGuess {
  /** ISO 639-1 code, or `und` when the text is too short or matches no known language. */
  language: Language | 'und';
  /** Share of the text's words that are function words of the guessed language, 0–1. */
  confidence: number;
}

/** Below this many words a guess is noise. */
const MIN_WORDS = 4;
const MIN_HITS = 2;

/**
 * Guesses the language of a text from its function words: each known language scores the share of
 * the text's words that are its stop words, and the best one wins if it matched at least two words
 * and clearly beats the runner-up. Good for a paragraph or a post; for a few words it says `und`.
 */
export function detectLanguage(text: string): LanguageGuess {
  const ws = words(text);
  if (ws.length < MIN_WORDS) return { language: 'und', confidence: 0 };
  const scores = languages.map((lang) => {
    const stop = stopwordsFor(lang);
    let hits = 0;
    for (const w of ws) {
      // French and Italian elide articles into the next word ("l'eau", "dell'anno"): count the article.
      const apostrophe = w.indexOf("'");
      if (stop.has(w) || (apostrophe > 0 && stop.has(w.slice(0, apostrophe + 1)))) hits++;
    }
    return { lang, hits };
  });
  scores.sort((a, b) => b.hits - a.hits);
  const best = scores[0] as { lang: Language; hits: number };
  const second = scores[1] as { lang: Language; hits: number };
  if (best.hits < MIN_HITS || best.hits <= second.hits * 1.2) return { language: 'und', confidence: 0 };
  return { language: best.lang, confidence: Math.round((best.hits / ws.length) * 1000) / 1000 };
}
