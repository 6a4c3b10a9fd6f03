/**
 * Emoji overuse. House rule (POST-CRAFT.md §5.5): at most one emoji per sentence, never a run of three
 * or more, never the same emoji three times; and at most 6 in a post whatever its length. Screen
 * readers read each one aloud, so more is noise. The fixer keeps the first emoji of each sentence up to
 * the limit and drops the rest; it never touches words.
 */
import { emojiOf, type Part, removeRanges, sentencesOf } from './text-parts.js';
import type { GuardCheck, GuardFix, TextGuard } from './types.js';

const MAX_EMOJI = 6;

function limitFor(text: string): number {
  const sentences = sentencesOf(text).filter((s) => /[\p{L}]{2,}/u.test(s.text)).length;
  return Math.min(MAX_EMOJI, Math.max(1, sentences));
}

function runs(text: string, emoji: readonly Part[]): number {
  let longest = 0;
  let run = 0;
  let prevEnd = -1;
  for (const e of emoji) {
    run = prevEnd >= 0 && /^\s*$/.test(text.slice(prevEnd, e.start)) ? run + 1 : 1;
    longest = Math.max(longest, run);
    prevEnd = e.end;
  }
  return longest;
}

function repeats(emoji: readonly Part[]): number {
  const n = new Map<string, number>();
  for (const e of emoji) n.set(e.text, (n.get(e.text) ?? 0) + 1);
  return Math.max(0, ...n.values());
}

function check(text: string): GuardCheck {
  const emoji = emojiOf(text);
  const limit = limitFor(text);
  const evidence = {
    count: emoji.length,
    limit,
    longestRun: runs(text, emoji),
    mostRepeated: repeats(emoji),
  };
  if (emoji.length > limit)
    return {
      status: 'fail',
      message: `${emoji.length} emoji; at most ${limit} (one per sentence, ${MAX_EMOJI} in all)`,
      evidence,
    };
  if (evidence.longestRun >= 3)
    return { status: 'fail', message: `${evidence.longestRun} emoji in a row`, evidence };
  if (evidence.mostRepeated >= 3)
    return { status: 'fail', message: 'the same emoji three times or more', evidence };
  return { status: 'pass', message: `${emoji.length} emoji (at most ${limit})`, evidence };
}

function fix(text: string): GuardFix | null {
  const emoji = emojiOf(text);
  const limit = limitFor(text);
  const sentences = sentencesOf(text);
  const keep = new Set<Part>();
  const seen = new Set<string>();
  const usedSentences = new Set<number>();
  for (const e of emoji) {
    const i = sentences.findIndex((s) => e.start >= s.start && e.start < s.end);
    if (keep.size >= limit || usedSentences.has(i) || seen.has(e.text)) continue;
    keep.add(e);
    usedSentences.add(i);
    seen.add(e.text);
  }
  const drop = emoji.filter((e) => !keep.has(e));
  if (drop.length === 0) return null;
  return { text: removeRanges(text, drop), note: `dropped ${drop.length} emoji, kept ${keep.size}` };
}

export const emojiGuard: TextGuard = { name: 'emoji', defect: 'emoji_overuse', check, fix };
