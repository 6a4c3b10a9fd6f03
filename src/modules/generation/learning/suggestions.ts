/**
 * Voice rules that a tenant's edits argue for. Only proposals: a person accepts one (learning.suggestions.accept)
 * before it becomes a pinned rule of the voice profile. Pure: the same habits give the same proposals.
 */
import { isStopword } from '../../../core/text/stopwords.js';
import type { EditHabits } from './state.js';

/** How many separate edits must show a habit before it is proposed. */
export const SUGGESTION_THRESHOLD = 3;

/** The voice module's pinned-rule input shapes learning may propose. */
export type SuggestedRule =
  | { kind: 'banned_phrase'; phrase: string }
  | { kind: 'no_emoji' }
  | { kind: 'max_hashtags'; max: number }
  | { kind: 'note'; text: string };

export interface Suggestion {
  /** Stable identity: the same habit is proposed once, and never again once a person decided on it. */
  key: string;
  rule: SuggestedRule;
  reason: string;
  evidence: Record<string, number>;
}

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** A word worth banning: not a function word, not a number, not a one- or two-letter token. */
function bannable(word: string): boolean {
  return word.length >= 3 && !/^\p{N}+$/u.test(word) && !isStopword(word, 'en');
}

export function suggestRules(edits: EditHabits): Suggestion[] {
  const out: Suggestion[] = [];
  const words = Object.entries(edits.removedWords)
    .filter(([w, n]) => n >= SUGGESTION_THRESHOLD && bannable(w) && (edits.addedWords[w] ?? 0) === 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [word, n] of words) {
    out.push({
      key: `banned_phrase:${word}`,
      rule: { kind: 'banned_phrase', phrase: word },
      reason: `you removed "${word}" in ${n} edits and never wrote it in`,
      evidence: { edits: n, ofEdits: edits.count },
    });
  }
  if (edits.emojiRemovedEdits >= SUGGESTION_THRESHOLD && edits.emojiAddedEdits === 0) {
    out.push({
      key: 'no_emoji',
      rule: { kind: 'no_emoji' },
      reason: `you took emoji out in ${edits.emojiRemovedEdits} edits and never added one`,
      evidence: { edits: edits.emojiRemovedEdits, ofEdits: edits.count },
    });
  }
  if (edits.hashtagsRemovedEdits >= SUGGESTION_THRESHOLD) {
    const max = edits.hashtagsKeptMax;
    out.push({
      key: `max_hashtags:${max}`,
      rule: { kind: 'max_hashtags', max },
      reason: `you cut hashtags in ${edits.hashtagsRemovedEdits} edits, keeping at most ${max}`,
      evidence: { edits: edits.hashtagsRemovedEdits, kept: max, ofEdits: edits.count },
    });
  }
  if (edits.shortenedEdits >= SUGGESTION_THRESHOLD && edits.shortenedEdits * 3 >= edits.count * 2) {
    const cut = Math.round((1 - median(edits.lengthRatios)) * 100);
    out.push({
      key: 'note:shorter',
      rule: { kind: 'note', text: `Write shorter: edits cut posts by about ${cut}%.` },
      reason: `you shortened ${edits.shortenedEdits} of ${edits.count} edited posts (median cut ${cut}%)`,
      evidence: { edits: edits.shortenedEdits, ofEdits: edits.count, medianCutPercent: cut },
    });
  }
  if (edits.exclamationsRemovedEdits >= SUGGESTION_THRESHOLD) {
    out.push({
      key: 'note:exclamations',
      rule: { kind: 'note', text: 'Use fewer exclamation marks.' },
      reason: `you removed exclamation marks in ${edits.exclamationsRemovedEdits} edits`,
      evidence: { edits: edits.exclamationsRemovedEdits, ofEdits: edits.count },
    });
  }
  return out;
}
