/**
 * Citations of a candidate: which knowledge item supports which sentence. The composer knows where
 * every sentence it placed came from (its segments), and the skill's variables know theirs (a
 * product's name, price and page); a sentence holding either cites it.
 */
import { splitSentences } from '../../../core/text/sentences.js';
import type { Citation } from '../schemas.js';
import type { ComposedSegment } from './composer.js';

export interface SourcedValue {
  /** Values that, found in a sentence, mean the sentence states this item (name, price, URL …). */
  values: string[];
  source: string;
}

/** The sentences of a post: lines first (a post's lines are its units), then sentences within them. */
export function postSentences(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => splitSentences(line).map((s) => s.text.trim()))
    .filter((s) => s.length > 0);
}

export function citationsFor(
  text: string,
  segments: readonly ComposedSegment[],
  values: readonly SourcedValue[],
): Citation[] {
  const out: Citation[] = [];
  const seen = new Set<string>();
  const add = (sentence: string, entryId: string) => {
    const key = `${sentence}\u0000${entryId}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ sentence, entryId });
  };
  const sentences = postSentences(text);
  for (const sentence of sentences) {
    for (const seg of segments) {
      const segSentences = postSentences(seg.text);
      if (segSentences.some((s) => s === sentence || sentence.includes(s) || s.includes(sentence)))
        add(sentence, seg.source);
    }
    for (const v of values)
      if (v.values.some((value) => value.length >= 3 && sentence.includes(value))) add(sentence, v.source);
  }
  return out;
}
