/**
 * Pinned rules: what a person states about the voice ("never say 'cheap'", "always sign off with
 * –The Team"). They win over anything learned: the effective profile drops learned items that
 * contradict them, and the scorer reports every broken rule as a violation.
 */
import { newPrefixedId } from '../../core/ids.js';
import { firstPersonPlural, firstPersonSingular } from './text/lexicons.js';
import { emojiRegex } from './text/tokens.js';
import type { BrandVoiceProfile, PinnedRule, PinnedRuleInput, RuleViolation } from './types.js';

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Case-insensitive whole-word (or whole-phrase) match, tolerant of curly apostrophes. */
export function phrasePattern(phrase: string): RegExp {
  const body = escapeRegex(phrase.trim().replace(/[’‘]/g, "'")).replace(/'/g, "['’]").replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu');
}

const normaliseEnd = (s: string): string =>
  s
    .replace(/[–—-]\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

function describe(rule: PinnedRuleInput): string {
  switch (rule.kind) {
    case 'banned_phrase':
      return `never say "${rule.phrase}"`;
    case 'required_phrase':
      return `always include "${rule.phrase}"`;
    case 'sign_off':
      return `always sign off with "${rule.text}"`;
    case 'preferred_spelling':
      return `write "${rule.preferred}", not ${rule.avoid.map((a) => `"${a}"`).join(' or ')}`;
    case 'banned_emoji':
      return `never use ${rule.emoji}`;
    case 'no_emoji':
      return 'never use emoji';
    case 'max_hashtags':
      return `at most ${rule.max} hashtag${rule.max === 1 ? '' : 's'}`;
    case 'person':
      return rule.person === 'we' ? "speak as 'we', never 'I'" : "speak as 'I', never 'we'";
    case 'note':
      return rule.text;
  }
}

/** A rule as a person reads it. */
export function describeRule(rule: PinnedRuleInput): string {
  return describe(rule);
}

/** Gives new rules ids; a rule equal to an existing one is not added twice. */
export function addRules(
  existing: readonly PinnedRule[],
  additions: readonly PinnedRuleInput[],
  now: string,
): PinnedRule[] {
  const out = [...existing];
  const key = (r: PinnedRuleInput) => JSON.stringify({ ...r, id: undefined, createdAt: undefined });
  const seen = new Set(out.map(key));
  for (const rule of additions) {
    const k = key(rule);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ ...rule, id: newPrefixedId('vrule'), createdAt: now } as PinnedRule);
  }
  return out;
}

/**
 * Reads a rule written in plain words, for people typing rules in the CLI or the web app:
 * "never say 'cheap'", "always sign off with –The Team", "write 'colour' not 'color'",
 * "no emoji", "never use 🍕", "at most 2 hashtags", "always say we". Anything else becomes a note.
 */
export function parseRuleText(text: string): PinnedRuleInput {
  const t = text.trim();
  const quoted = (s: string) =>
    s
      .trim()
      .replace(/^["'“‘]|["'”’.]$/g, '')
      .trim();
  let m = /^(?:never|don'?t|do not)\s+(?:say|use|write|mention)\s+(.+)$/i.exec(t);
  if (m) {
    const target = quoted(m[1] as string);
    if (/^emoji(?:s)?$/i.test(target)) return { kind: 'no_emoji' };
    if (new RegExp(`^(?:${emojiRegex.source})+$`, 'u').test(target))
      return { kind: 'banned_emoji', emoji: target };
    return { kind: 'banned_phrase', phrase: target };
  }
  if (/^no emoji(?:s)?\.?$/i.test(t)) return { kind: 'no_emoji' };
  m = /^always sign (?:off|posts?) with\s+(.+)$/i.exec(t);
  if (m) return { kind: 'sign_off', text: quoted(m[1] as string) };
  m = /^always (?:include|mention|say)\s+(.+)$/i.exec(t);
  if (m) {
    const target = quoted(m[1] as string);
    if (/^we$/i.test(target)) return { kind: 'person', person: 'we' };
    if (/^i$/i.test(target)) return { kind: 'person', person: 'i' };
    return { kind: 'required_phrase', phrase: target };
  }
  m = /^(?:write|spell(?: it)?|use)\s+(.+?)\s*,?\s+(?:not|instead of)\s+(.+)$/i.exec(t);
  if (m) {
    const avoid = (m[2] as string)
      .split(/\s*(?:,|\bor\b)\s*/)
      .map(quoted)
      .filter(Boolean);
    return { kind: 'preferred_spelling', preferred: quoted(m[1] as string), avoid };
  }
  m = /^(?:at most|max(?:imum)?|no more than)\s+(\d+)\s+hashtags?\.?$/i.exec(t);
  if (m) return { kind: 'max_hashtags', max: Number(m[1]) };
  if (/^no hashtags?\.?$/i.test(t)) return { kind: 'max_hashtags', max: 0 };
  return { kind: 'note', text: t };
}

/** The rules a text breaks. */
export function checkPinnedRules(text: string, rules: readonly PinnedRule[]): RuleViolation[] {
  const out: RuleViolation[] = [];
  const lowerWords = (text
    .toLowerCase()
    .replace(/’/g, "'")
    .match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu) ?? []) as string[];
  const emoji = text.match(emojiRegex) ?? [];
  for (const rule of rules) {
    const v = (message: string) => out.push({ ruleId: rule.id, kind: rule.kind, message });
    switch (rule.kind) {
      case 'banned_phrase':
        if (phrasePattern(rule.phrase).test(text))
          v(`uses "${rule.phrase}", which the brand never says (pinned rule)`);
        break;
      case 'required_phrase':
        if (!phrasePattern(rule.phrase).test(text))
          v(`leaves out "${rule.phrase}", which every post must include (pinned rule)`);
        break;
      case 'sign_off':
        if (!normaliseEnd(text).endsWith(normaliseEnd(rule.text)))
          v(`does not end with the sign-off "${rule.text}" (pinned rule)`);
        break;
      case 'preferred_spelling':
        for (const a of rule.avoid)
          if (phrasePattern(a).test(text))
            v(`writes "${a}"; the brand writes "${rule.preferred}" (pinned rule)`);
        break;
      case 'banned_emoji':
        if (emoji.some((e) => e.replace(/\uFE0F/g, '') === rule.emoji.replace(/\uFE0F/g, '')))
          v(`uses ${rule.emoji}, which the brand never uses (pinned rule)`);
        break;
      case 'no_emoji':
        if (emoji.length > 0) v(`uses ${emoji.length} emoji; the brand uses none (pinned rule)`);
        break;
      case 'max_hashtags': {
        const n = (text.match(/(?<![\p{L}\p{N}_&#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu) ?? []).length;
        if (n > rule.max) v(`has ${n} hashtags; the brand allows at most ${rule.max} (pinned rule)`);
        break;
      }
      case 'person':
        if (rule.person === 'we' && lowerWords.some((w) => firstPersonSingular.has(w)))
          v(`uses 'I' where the brand always says 'we' (pinned rule)`);
        if (rule.person === 'i' && lowerWords.some((w) => firstPersonPlural.has(w) && w !== "let's"))
          v(`uses 'we' where the brand always says 'I' (pinned rule)`);
        break;
      case 'note':
        break;
    }
  }
  return out;
}

/**
 * The profile as the rules amend it: learned items a rule contradicts are removed or overridden, so
 * generation and people never see a learned habit that a pinned rule forbids.
 */
export function applyPinnedRules(
  profile: BrandVoiceProfile,
  rules: readonly PinnedRule[],
): BrandVoiceProfile {
  if (rules.length === 0) return profile;
  const banned = rules.flatMap((r) =>
    r.kind === 'banned_phrase' ? [r.phrase] : r.kind === 'preferred_spelling' ? r.avoid : [],
  );
  const bannedPatterns = banned.map(phrasePattern);
  const isBanned = (s: string) => bannedPatterns.some((p) => p.test(s));
  const noEmoji = rules.some((r) => r.kind === 'no_emoji');
  const bannedEmoji = new Set(
    rules.flatMap((r) => (r.kind === 'banned_emoji' ? [r.emoji.replace(/\uFE0F/g, '')] : [])),
  );
  const maxTags = rules.reduce<number | undefined>(
    (m, r) => (r.kind === 'max_hashtags' ? Math.min(m ?? Number.POSITIVE_INFINITY, r.max) : m),
    undefined,
  );
  const person = [...rules].reverse().find((r) => r.kind === 'person');
  const v = profile.vocabulary;
  return {
    ...profile,
    person: person?.kind === 'person' ? { ...profile.person, dominant: person.person } : profile.person,
    emoji: noEmoji
      ? { ...profile.emoji, perPost: 0, postsWithEmoji: 0, favourites: [] }
      : {
          ...profile.emoji,
          favourites: profile.emoji.favourites.filter(
            (f) => !bannedEmoji.has(f.value.replace(/\uFE0F/g, '')),
          ),
        },
    hashtags:
      maxTags === undefined
        ? profile.hashtags
        : {
            ...profile.hashtags,
            perPost: Math.min(profile.hashtags.perPost, maxTags),
            recurring: maxTags === 0 ? [] : profile.hashtags.recurring,
          },
    vocabulary: {
      ...v,
      signaturePhrases: v.signaturePhrases.filter((p) => !isBanned(p.value)),
      distinctiveWords: v.distinctiveWords.filter((w) => !isBanned(w.word)),
      neverUsed: [...new Set([...v.neverUsed, ...banned.map((b) => b.toLowerCase())])],
    },
  };
}
