/**
 * All caps: a post that shouts ("HUGE SALE TODAY ONLY") reads as spam. A word of four or more letters
 * in capitals is shouted unless it is an acronym: it has no vowel (HTML, NYC) or the facts write it in
 * capitals (a brand such as IKEA). The post fails when three or more words shout, two shout side by side ("HUGE NEWS"), or when capitals
 * make up over half the letters of a text with at least 20 letters. The fixer lower-cases the shouted
 * words (capitalising a sentence's first word) and leaves acronyms alone.
 */
import { hashtagsOf, removeRanges, urlsOf } from './text-parts.js';
import type { GuardCheck, GuardEnv, GuardFacts, GuardFix, TextGuard } from './types.js';

const CAPS_WORD = /(?<![\p{L}\p{N}_#@])\p{Lu}{4,}(?![\p{L}\p{N}_])/gu;
const MIN_SHOUTED = 3;

const known = new WeakMap<GuardFacts, Set<string>>();

function acronyms(env: GuardEnv): Set<string> {
  const facts = env.context.facts;
  if (!facts) return new Set();
  let out = known.get(facts);
  if (!out) {
    out = new Set();
    for (const s of [
      ...facts.entries.map((e) => e.text),
      ...facts.products.map((p) => p.name),
      facts.request ?? '',
    ])
      for (const m of s.matchAll(CAPS_WORD)) out.add(m[0]);
    known.set(facts, out);
  }
  return out;
}

function shouted(text: string, env: GuardEnv) {
  const urls = urlsOf(text);
  const plain = removeRanges(text, [...urls, ...hashtagsOf(text)]);
  const acronymSet = acronyms(env);
  const words = [...text.matchAll(CAPS_WORD)]
    .filter((m) => /[AEIOUYÄÖÜÉÈÀ]/u.test(m[0]) && !acronymSet.has(m[0]))
    .filter((m) => !urls.some((u) => m.index >= u.start && m.index < u.end));
  const letters = plain.match(/\p{L}/gu)?.length ?? 0;
  const upper = plain.match(/\p{Lu}/gu)?.length ?? 0;
  return { words, letters, share: letters > 0 ? upper / letters : 0 };
}

function check(text: string, env: GuardEnv): GuardCheck {
  const s = shouted(text, env);
  const evidence = { shouted: s.words.map((m) => m[0]), upperShare: Math.round(s.share * 100) / 100 };
  const phrase = s.words.some((m, i) => {
    const next = s.words[i + 1];
    return next !== undefined && /^[^\p{L}\p{N}]+$/u.test(text.slice(m.index + m[0].length, next.index));
  });
  if (s.words.length >= MIN_SHOUTED || phrase || (s.letters >= 20 && s.share > 0.5 && s.words.length > 0))
    return {
      status: 'fail',
      message: `shouts in capitals: ${evidence.shouted.slice(0, 5).join(', ')}`,
      evidence,
    };
  return { status: 'pass', message: 'no shouting', evidence };
}

function fix(text: string, env: GuardEnv): GuardFix | null {
  const { words } = shouted(text, env);
  if (words.length === 0) return null;
  // Short capitalised words inside a shouted run go too ("HUGE SALE NOW" → "huge sale now").
  const targets = new Map<number, string>(words.map((m) => [m.index, m[0]]));
  const shortCaps = [...text.matchAll(/(?<![\p{L}\p{N}_#@])\p{Lu}{2,3}(?![\p{L}\p{N}_])/gu)].filter((m) =>
    /[AEIOUY]/.test(m[0]),
  );
  for (let grew = true; grew; ) {
    grew = false;
    for (const m of shortCaps) {
      if (targets.has(m.index)) continue;
      const near = [...targets].some(([at, w]) => {
        const between =
          at < m.index ? text.slice(at + w.length, m.index) : text.slice(m.index + m[0].length, at);
        return /^[ \t]+$/.test(between);
      });
      if (near) {
        targets.set(m.index, m[0]);
        grew = true;
      }
    }
  }
  let out = text;
  for (const [at, w] of [...targets].sort((a, b) => b[0] - a[0])) {
    const before = out.slice(0, at);
    const startOfSentence = /(^|[.!?]\s+|\n\s*)$/.test(before);
    const lower = w.toLowerCase();
    out =
      before +
      (startOfSentence ? (lower[0]?.toUpperCase() ?? '') + lower.slice(1) : lower) +
      out.slice(at + w.length);
  }
  return { text: out, note: `lower-cased ${targets.size} shouted word${targets.size === 1 ? '' : 's'}` };
}

export const shoutingGuard: TextGuard = { name: 'shouting', defect: 'shouting', check, fix };
