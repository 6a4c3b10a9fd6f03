/**
 * The interface between the executor and whatever writes the slots: the offline filler here, an LLM
 * through the AI layer, or generation's richer composer later. The executor asks for every slot of
 * the post at once (so a filler can avoid saying the same thing twice), checks what comes back, and
 * asks again with feedback when a rule failed. A filler only ever returns slot values: the locked
 * text is assembled by the executor and cannot be touched.
 */
import type { Platform } from '../../../core/platforms.js';
import type { SkillDocument, SkillFormat, SlotSpec } from '../format/types.js';
import type { SkillFacts } from './facts.js';
import type { ResolvedValue } from './values.js';

/** One slot to fill, with its limits resolved for the platform. */
export interface SlotRequest {
  name: string;
  spec: SlotSpec;
  /** Most characters (per item for lists and hashtags), as the platform counts them. */
  maxLength: number;
  minLength: number;
  /** For lists and hashtags: fewest and most items. */
  items?: { min: number; max: number };
  /** The locked text of the line the slot sits on, with `{{…}}` where the slot goes (context for a writer). */
  line: string;
  /** Problems with this slot's previous answer, when the executor asks again. */
  feedback: string[];
}

export interface FillContext {
  skill: SkillDocument;
  platform: Platform;
  format: SkillFormat;
  /** What the person asked for, if anything ("a LinkedIn post about the new I-beams"). */
  request: string | undefined;
  variables: Record<string, ResolvedValue | undefined>;
  facts: SkillFacts;
  /** 1 for the first try; the executor retries with feedback. */
  attempt: number;
  /** Problems with the whole post on the previous attempt (too long, too many hashtags…). */
  feedback: string[];
  /** True when the parts are published separately (an X thread, a carousel's slides). */
  separateParts: boolean;
  /** Longest the post (each part, when separate) may be, and how much the locked text already takes. */
  budget: { maxLength: number; lockedLength: number };
  signal?: AbortSignal | undefined;
}

export interface SlotFill {
  /** The slot's text (hook, text, stat, cta, question, quote, title). */
  text?: string;
  /** The items (list, hashtags). */
  items?: string[];
  /** Knowledge ids the text came from (products, entries, entities). */
  sources?: string[];
}

export interface FillResult {
  fills: Record<string, SlotFill>;
  /** `offline`, or the `provider:model` that wrote it. */
  model: string;
}

export interface SlotFiller {
  /** `offline`, `llm`, or a composer's own name. */
  readonly name: string;
  fill(slots: SlotRequest[], context: FillContext): Promise<FillResult>;
}
