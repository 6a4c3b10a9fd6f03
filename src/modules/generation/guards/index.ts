/**
 * The text guards every candidate passes through before it is stored, generated or written by a
 * person (content.create): platform limits and norms, voice rules, claims and availability checked
 * against the facts, duplicates, links, PII and secrets, shouting, emoji, language, engagement bait
 * and promotion rules; fixers where a repair keeps every fact; a defect label per failure; the
 * citations of the supported claims. See docs/guards.md.
 */
import type { Platform } from '../../../core/platforms.js';
import { availabilityGuard } from './availability.js';
import { ctaGuard } from './cta.js';
import { duplicatesGuard } from './duplicates.js';
import { emojiGuard } from './emoji.js';
import { emptyGuard } from './empty.js';
import { engagementBaitGuard } from './engagement-bait.js';
import { runGuards } from './engine.js';
import { hashtagsGuard } from './hashtags.js';
import { languageGuard } from './language.js';
import { lengthGuard } from './length.js';
import { linksGuard } from './links.js';
import { mentionsGuard } from './mentions.js';
import { piiGuard } from './pii.js';
import { promotionGuard } from './promotion.js';
import { shoutingGuard } from './shouting.js';
import type { GuardContext, GuardedText, TextGuard } from './types.js';
import { unsupportedClaimsGuard } from './unsupported-claims.js';
import { voiceRulesGuard } from './voice-rules.js';

export {
  type CatalogueProduct,
  type FactEntity,
  type FactEntry,
  guardFacts,
  guardProduct,
  readAvailability,
} from './catalogue.js';
export { checkLinks, type LinkFetcher, type LinkStatus, linksOf } from './check-links.js';
export { REQUEST_SOURCE } from './claims/facts.js';
export { classifyDefects, type DefectSignals, isSoft, OFF_VOICE_BELOW, passed } from './defects.js';
export type {
  DefectLabel,
  GuardContext,
  GuardedText,
  GuardFacts,
  GuardProduct,
  GuardVoiceRule,
  ProductAvailability,
} from './types.js';
export { defectLabels } from './types.js';

/**
 * Every text guard, in the order their fixers run: removals first (banned words, bait, emoji,
 * hashtags), the length cut last so it measures what is left; checks without fixers after them.
 */
export const textGuards: readonly TextGuard[] = [
  emptyGuard,
  voiceRulesGuard,
  engagementBaitGuard,
  unsupportedClaimsGuard,
  shoutingGuard,
  emojiGuard,
  hashtagsGuard,
  mentionsGuard,
  lengthGuard,
  availabilityGuard,
  promotionGuard,
  duplicatesGuard,
  linksGuard,
  piiGuard,
  languageGuard,
  ctaGuard,
];

/** Runs every text guard (with fixers) over `text` as written for `platform`. Synchronous. */
export function runTextGuards(platform: Platform, text: string, context: GuardContext = {}): GuardedText {
  return runGuards(textGuards, platform, text, context);
}
