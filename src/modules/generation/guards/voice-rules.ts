/**
 * Banned words and the voice's pinned rules (what a person stated about the brand's voice: never say
 * "cheap", write "colour" not "color", always sign off with "– The Team", no emoji, speak as "we").
 *
 * Fixers, each keeping the sentence grammatical or not touching it:
 * - a banned word is removed only when it is a modifier the sentence stands without ("our amazing
 *   bread" → "our bread"): a word must follow it in the same clause, and no pronoun may stand before it
 *   (where it would be the verb: "we guarantee"); "a"/"an" before it is re-agreed; otherwise the guard
 *   fails with `banned_word`;
 * - a preferred spelling replaces the spelling the brand avoids;
 * - a banned emoji (or every emoji, under `no_emoji`) is removed;
 * - a missing sign-off is appended when it carries no figure.
 * A missing required phrase and the wrong person ("I" for a "we" brand) fail as `off_voice`.
 */
import { emojiOf, phrasePattern, removeRanges } from './text-parts.js';
import type { DefectLabel, GuardCheck, GuardEnv, GuardFix, GuardVoiceRule, TextGuard } from './types.js';

interface Violation {
  rule: string;
  defect: DefectLabel;
  message: string;
}

const FIRST_SINGULAR =
  /(?<![\p{L}'’])(?:i|i'm|i’m|i've|i’ve|i'll|i’ll|i'd|i’d|me|my|mine|myself)(?![\p{L}'’])/iu;
const FIRST_PLURAL =
  /(?<![\p{L}'’])(?:we|we're|we’re|we've|we’ve|we'll|we’ll|us|our|ours|ourselves)(?![\p{L}'’])/iu;

const normEnd = (s: string) =>
  s
    .replace(/[–—-]\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

function bannedPhrases(env: GuardEnv): string[] {
  const rules = env.context.voice?.pinnedRules ?? [];
  return [
    ...(env.context.voice?.bannedWords ?? []),
    ...rules.flatMap((r) => (r.kind === 'banned_phrase' ? [r.phrase] : [])),
  ].filter((p) => p.trim() !== '');
}

const sameEmoji = (a: string, b: string) => a.replace(/\uFE0F/g, '') === b.replace(/\uFE0F/g, '');

function violations(text: string, env: GuardEnv): Violation[] {
  const out: Violation[] = [];
  for (const phrase of bannedPhrases(env)) {
    if (phrasePattern(phrase, 'iu').test(text))
      out.push({
        rule: 'banned_phrase',
        defect: 'banned_word',
        message: `uses "${phrase}", which the brand never says`,
      });
  }
  const emoji = emojiOf(text);
  for (const r of env.context.voice?.pinnedRules ?? []) {
    switch (r.kind) {
      case 'preferred_spelling':
        for (const a of r.avoid)
          if (phrasePattern(a, 'iu').test(text))
            out.push({
              rule: r.kind,
              defect: 'off_voice',
              message: `writes "${a}"; the brand writes "${r.preferred}"`,
            });
        break;
      case 'required_phrase':
        if (!phrasePattern(r.phrase, 'iu').test(text))
          out.push({
            rule: r.kind,
            defect: 'off_voice',
            message: `leaves out "${r.phrase}", which every post must include`,
          });
        break;
      case 'sign_off':
        if (!normEnd(text).endsWith(normEnd(r.text)))
          out.push({
            rule: r.kind,
            defect: 'off_voice',
            message: `does not end with the sign-off "${r.text}"`,
          });
        break;
      case 'banned_emoji':
        if (emoji.some((e) => sameEmoji(e.text, r.emoji)))
          out.push({
            rule: r.kind,
            defect: 'off_voice',
            message: `uses ${r.emoji}, which the brand never uses`,
          });
        break;
      case 'no_emoji':
        if (emoji.length > 0)
          out.push({
            rule: r.kind,
            defect: 'off_voice',
            message: `uses ${emoji.length} emoji; the brand uses none`,
          });
        break;
      case 'person':
        if (r.person === 'we' && FIRST_SINGULAR.test(text))
          out.push({
            rule: r.kind,
            defect: 'off_voice',
            message: `says "I" where the brand always says "we"`,
          });
        if (r.person === 'i' && FIRST_PLURAL.test(text))
          out.push({
            rule: r.kind,
            defect: 'off_voice',
            message: `says "we" where the brand always says "I"`,
          });
        break;
      default:
        break;
    }
  }
  return out;
}

function check(text: string, env: GuardEnv): GuardCheck {
  if (!env.context.voice)
    return {
      status: 'pass',
      message: 'not checked: no voice rules were given',
      evidence: { checked: false },
    };
  const found = violations(text, env);
  if (found.length === 0)
    return {
      status: 'pass',
      message: 'no banned word; every pinned voice rule kept',
      evidence: { checked: true },
    };
  const defects = [...new Set(found.map((v) => v.defect))];
  return {
    status: 'fail',
    message: found.map((v) => v.message).join('; '),
    evidence: { checked: true, violations: found, defects },
    defect: defects[0] as DefectLabel,
  };
}

const PRONOUN =
  /^(?:i|we|you|they|he|she|it|who|that|to|will|can|must|should|would|could|may|might|do|does|did)$/i;

/** Removes `phrase` where the sentence stands without it; null when any occurrence cannot go. */
function removeModifier(text: string, phrase: string): string | null {
  let out = text;
  for (let guard = 0; guard < 20; guard++) {
    const m = phrasePattern(phrase, 'iu').exec(out);
    if (!m) return out;
    const start = m.index;
    const end = start + m[0].length;
    const after = /^[ \t]+([\p{L}][\p{L}'’-]*)/u.exec(out.slice(end));
    if (!after) return null; // the word ends its clause: "it is amazing."
    const before = /([\p{L}'’]+)[ \t]*$/u.exec(out.slice(0, start));
    const prev = before?.[1] ?? '';
    if (PRONOUN.test(prev)) return null; // likely the verb: "we guarantee …"
    let head = out.slice(0, start);
    let tail = out.slice(end).replace(/^[ \t]+/, '');
    const next = after[1] as string;
    if (/^an?$/i.test(prev)) {
      const article = /^[aeiou]/i.test(next) ? 'an' : 'a';
      head = head.replace(
        /\b(an?)([ \t]*)$/i,
        (_all, a: string, sp: string) =>
          (a[0] === 'A' ? article[0]?.toUpperCase() + article.slice(1) : article) + sp,
      );
    }
    // At the start of a sentence the next word takes the capital.
    if (/(^|[.!?]\s+|\n\s*)$/.test(head) && /^\p{Lu}/u.test(m[0]))
      tail = (tail[0]?.toUpperCase() ?? '') + tail.slice(1);
    out = head + tail;
  }
  return null;
}

function fix(text: string, env: GuardEnv): GuardFix | null {
  let out = text;
  const notes: string[] = [];
  for (const phrase of bannedPhrases(env)) {
    if (!phrasePattern(phrase, 'iu').test(out)) continue;
    const next = removeModifier(out, phrase);
    if (next === null) return null;
    out = next;
    notes.push(`removed "${phrase}"`);
  }
  for (const r of env.context.voice?.pinnedRules ?? []) {
    if (r.kind === 'preferred_spelling') {
      for (const a of r.avoid) {
        const p = phrasePattern(a, 'giu');
        if (!p.test(out)) continue;
        out = out.replace(p, (w) =>
          /^\p{Lu}/u.test(w) ? (r.preferred[0]?.toUpperCase() ?? '') + r.preferred.slice(1) : r.preferred,
        );
        notes.push(`"${a}" → "${r.preferred}"`);
      }
    }
    if (r.kind === 'banned_emoji' || r.kind === 'no_emoji') {
      const drop = emojiOf(out).filter(
        (e) =>
          r.kind === 'no_emoji' ||
          sameEmoji(e.text, (r as Extract<GuardVoiceRule, { kind: 'banned_emoji' }>).emoji),
      );
      if (drop.length > 0) {
        out = removeRanges(out, drop);
        notes.push(`removed ${drop.length} emoji`);
      }
    }
  }
  for (const r of env.context.voice?.pinnedRules ?? []) {
    if (r.kind === 'sign_off' && !normEnd(out).endsWith(normEnd(r.text)) && !/\d/.test(r.text)) {
      out = `${out.trimEnd()}\n${r.text}`;
      notes.push('added the sign-off');
    }
  }
  return notes.length > 0 ? { text: out, note: notes.join('; ') } : null;
}

export const voiceRulesGuard: TextGuard = { name: 'voice_rules', defect: 'off_voice', check, fix };
