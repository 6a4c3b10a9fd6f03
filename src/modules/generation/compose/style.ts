/**
 * The brand's writing habits as the composer applies them: person, emoji (which, how often, where),
 * exclamation marks, hashtags, its own calls to action, sentence length and banned phrases, read from
 * the learned voice profile with the pinned rules applied; then a person's refinement ("no emoji",
 * "more playful", "shorter") laid over them.
 */
import type { Platform } from '../../../core/platforms.js';
import type { BrandVoiceProfile, PinnedRule } from '../pipeline/deps.js';
import type { RefineModifiers } from './feedback.js';

export interface ComposeStyle {
  person: 'we' | 'i' | 'impersonal';
  /** Emoji the brand uses, most used first; empty when it avoids them or a rule forbids them. */
  emoji: string[];
  /** Share of the brand's posts with an emoji (0-1). */
  emojiShare: number;
  emojiAtStart: boolean;
  /** Share of posts with an exclamation mark (0-1). */
  exclamationShare: number;
  /** The brand's own calls to action that state no fact (no number, link or handle). */
  ctaSentences: string[];
  /** Typical words per sentence (median of the brand's posts). */
  wordsPerSentence: number;
  /** Typical length in characters per platform (median of the brand's posts there, or overall). */
  typicalLength: Partial<Record<Platform | 'all', number>>;
  bannedPhrases: string[];
  /** 0 = no hashtags, else the most a post carries. */
  maxHashtags: number | undefined;
  modifiers: RefineModifiers;
}

export const plainStyle: ComposeStyle = {
  person: 'we',
  emoji: [],
  emojiShare: 0,
  emojiAtStart: false,
  exclamationShare: 0,
  ctaSentences: [],
  wordsPerSentence: 16,
  typicalLength: {},
  bannedPhrases: [],
  maxHashtags: undefined,
  modifiers: {},
};

/** A call to action a composer may reuse: short, a whole sentence, and saying nothing checkable. */
function reusableCta(text: string): boolean {
  return (
    text.length >= 8 &&
    text.length <= 90 &&
    !/\d|https?:|www\.|@|#|£|\$|€/.test(text) &&
    // A capitalised word after the first names something (a product, a place) a claim check must see.
    !/\s[A-Z][a-z]/.test(text.slice(1))
  );
}

export function styleFrom(
  profile: BrandVoiceProfile | null,
  rules: readonly PinnedRule[],
  modifiers: RefineModifiers = {},
): ComposeStyle {
  if (!profile) return applyModifiers({ ...plainStyle }, modifiers);
  const noEmoji = rules.some((r) => r.kind === 'no_emoji');
  const banned = new Set(rules.flatMap((r) => (r.kind === 'banned_emoji' ? [r.emoji] : [])));
  const maxHashtags = rules.flatMap((r) => (r.kind === 'max_hashtags' ? [r.max] : []));
  const person = rules.find((r) => r.kind === 'person');
  const typicalLength: ComposeStyle['typicalLength'] = {};
  for (const [key, spread] of Object.entries(profile.length.chars))
    if (spread.posts >= 3) typicalLength[key as Platform | 'all'] = Math.round(spread.p50);
  const style: ComposeStyle = {
    person: person?.kind === 'person' ? person.person : profile.person.dominant,
    emoji: noEmoji ? [] : profile.emoji.favourites.map((e) => e.value).filter((e) => !banned.has(e)),
    emojiShare: noEmoji ? 0 : profile.emoji.postsWithEmoji,
    emojiAtStart: profile.emoji.position.start > profile.emoji.position.end,
    exclamationShare: profile.punctuation.exclamation.postsWith,
    ctaSentences: (profile.cta.sentences ?? []).map((s) => s.value.trim()).filter(reusableCta),
    wordsPerSentence: Math.max(6, Math.round(profile.sentences.wordsPerSentence.p50)),
    typicalLength,
    bannedPhrases: rules.flatMap((r) => (r.kind === 'banned_phrase' ? [r.phrase] : [])),
    maxHashtags: maxHashtags.length > 0 ? Math.min(...maxHashtags) : undefined,
    modifiers,
  };
  return applyModifiers(style, modifiers);
}

const PLAYFUL_EMOJI = ['🙂', '✨', '👋'];

function applyModifiers(style: ComposeStyle, m: RefineModifiers): ComposeStyle {
  const out = { ...style, modifiers: m };
  if (m.noEmoji || m.formal) {
    out.emoji = [];
    out.emojiShare = 0;
  }
  if (m.formal) out.exclamationShare = 0;
  if (m.playful) {
    if (!m.noEmoji && out.emoji.length === 0) out.emoji = PLAYFUL_EMOJI;
    if (!m.noEmoji) out.emojiShare = 1;
    out.exclamationShare = Math.max(out.exclamationShare, 0.8);
  }
  if (m.noHashtags) out.maxHashtags = 0;
  return out;
}
