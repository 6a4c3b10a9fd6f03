import type { Platform } from '../../../core/platforms.js';
import type { PinnedRule } from '../../voice/index.js';
import type { Citation, GuardResult } from '../schemas.js';

/**
 * The shapes every guard, the engine and its callers (generation's pipeline, content.create, the
 * conversation) agree on. See docs/guards.md.
 */

/** What a failed guard means, for learning and for the web app to act on. */
export type DefectLabel =
  | 'too_long'
  | 'too_many_hashtags'
  | 'too_many_mentions'
  | 'off_voice'
  | 'banned_word'
  | 'unsupported_claim'
  | 'out_of_stock'
  | 'duplicate'
  | 'broken_link'
  | 'pii'
  | 'shouting'
  | 'emoji_overuse'
  | 'wrong_language'
  | 'engagement_bait'
  | 'promotion_rule'
  | 'missing_cta'
  | 'empty';

export const defectLabels: readonly DefectLabel[] = [
  'too_long',
  'too_many_hashtags',
  'too_many_mentions',
  'off_voice',
  'banned_word',
  'unsupported_claim',
  'out_of_stock',
  'duplicate',
  'broken_link',
  'pii',
  'shouting',
  'emoji_overuse',
  'wrong_language',
  'engagement_bait',
  'promotion_rule',
  'missing_cta',
  'empty',
];

export type ProductAvailability = 'in_stock' | 'out_of_stock' | 'preorder' | 'coming_soon' | 'unknown';

/** A catalogue product as the guards need it. Prices may come as the catalogue's number or as text. */
export interface GuardProduct {
  id: string;
  name: string;
  price?: string | number | null;
  /** ISO 4217 code of `price` and `referencePrice` when the catalogue knows it (`EUR`). */
  currency?: string | null;
  /** The price before a reduction ("was 24.00"), when the site states one. */
  referencePrice?: string | number | null;
  availability?: ProductAvailability | null;
  /** When an unavailable product is expected back, as the site says it (ISO date, maybe yearless, or words). */
  backOn?: string | null;
  /** Further text about the product (its description): numbers in it are supported claims too. */
  description?: string | null;
}

/** What a claim may trace to. */
export interface GuardFacts {
  /** Knowledge entries (question + answer text, or the entry's text). `kind: 'testimonial'` marks quotes. */
  entries: { id: string; text: string; kind?: string | null }[];
  products: GuardProduct[];
  /** The person's request text: claims in it are supported (cited as `request`). */
  request?: string;
}

/** A pinned voice rule as the voice module stores it (ids optional, so callers can pass rule inputs). */
export type GuardVoiceRule = PinnedRule extends infer R
  ? R extends PinnedRule
    ? Omit<R, 'id' | 'createdAt'> & { id?: string }
    : never
  : never;

export interface GuardContext {
  /**
   * Absent for person-written content without a knowledge base: the claim guards then report `pass`
   * with a message saying they were not checked (never a silent skip).
   */
  facts?: GuardFacts;
  voice?: { bannedWords: string[]; pinnedRules: readonly GuardVoiceRule[] };
  /** The tenant's recent posts, for the near-duplicate guard. */
  recentPosts?: { id: string; text: string }[];
  /** Expected BCP-47 language, e.g. `en`. */
  language?: string;
  /** True when the post should ask the reader to do something (a soft check: `missing_cta`). */
  expectCta?: boolean;
  /** A URL the post must carry (e.g. the product page); its absence fails `links`. */
  link?: string;
  /**
   * `false`: report only, never change the text — a person's own words (content.create, content.edit)
   * are theirs to change; a failure a fixer could repair says so in `evidence.fixable`. Default `true`.
   */
  fix?: boolean;
}

/** The text after fixers, every guard's result, the defect labels of the failures and the citations. */
export interface GuardedText {
  text: string;
  guards: GuardResult[];
  defects: DefectLabel[];
  citations: Citation[];
}

/** One guard's verdict on one text. */
export interface GuardCheck {
  status: 'pass' | 'fail';
  message: string;
  evidence?: Record<string, unknown>;
  /** Overrides the guard's own label (e.g. the voice-rules guard: banned_word or off_voice). */
  defect?: DefectLabel;
  /** Sentence → entry links for the claims this guard found supported. */
  citations?: Citation[];
}

/** What a fixer changed: the new text and a note a person can read. */
export interface GuardFix {
  text: string;
  note: string;
}

/** Everything a guard may look at besides the text. */
export interface GuardEnv {
  platform: Platform;
  context: GuardContext;
}

export interface TextGuard {
  /** The name in GuardResult.guard. */
  name: string;
  /** The label of a failure. */
  defect: DefectLabel;
  /** A soft guard's failure is a defect to show, not a reason to hold the post back (see `passed`). */
  soft?: boolean;
  check(text: string, env: GuardEnv): GuardCheck;
  /** Returns a repaired text, or null when no repair keeps every fact and the grammar intact. */
  fix?(text: string, env: GuardEnv, failure: GuardCheck): GuardFix | null;
}
