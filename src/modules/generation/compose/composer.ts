/**
 * The offline composer, plugged into the skills executor as its slot filler ("generation supplies its
 * own composer through the same interface"). The skill gives the structure and the locked text; the
 * skills' offline filler finds the business's own sentences for each slot; the composer makes each
 * candidate its own and the brand's:
 *
 * - variation: each candidate of a platform leaves out the facts earlier candidates used, and a seeded
 *   share of the rest (never the facts the search found for the request), so the 2-3 candidates say
 *   different things rather than the same thing in other words;
 * - voice: the brand's emoji (which, how often, where), exclamation marks, its own calls to action,
 *   its hashtag habit; a refinement's asks (shorter, no emoji, more playful …) on top;
 * - provenance: every sentence it places is recorded with the knowledge id it came from, so the
 *   candidate's citations are exact rather than guessed afterwards.
 *
 * Deterministic: the same facts, options and seed give the same fills.
 */
import { splitSentences } from '../../../core/text/sentences.js';
import {
  type FillContext,
  type FillResult,
  fillOffline,
  type SkillFacts,
  type SlotFill,
  type SlotFiller,
  type SlotRequest,
} from '../pipeline/deps.js';
import { emojiFits } from './emoji-fit.js';
import { lengthenForLinkedIn } from './longer.js';
import { pick, type Rng } from './rng.js';
import type { ComposeStyle } from './style.js';

/** A piece of the post and the knowledge item it states. */
export interface ComposedSegment {
  text: string;
  source: string;
}

export interface ComposerOptions {
  style: ComposeStyle;
  rng: Rng;
  /** 0 for a platform's first candidate, 1, 2 … for the next. */
  variant: number;
  /** Knowledge ids earlier candidates drew on: this one says something else where it can. */
  exclude: ReadonlySet<string>;
  /** Knowledge ids the search found for the request: always available. */
  keep: ReadonlySet<string>;
}

/** Share of the remaining facts a later candidate leaves out at random, so seeds give other posts. */
const DROP_SHARE = 0.25;

export class ComposerFiller implements SlotFiller {
  readonly name = 'composer';
  /** The sentences of the last fill and where each came from. */
  segments: ComposedSegment[] = [];
  constructor(private readonly options: ComposerOptions) {}

  /** The facts this candidate may draw on. */
  private factsFor(facts: SkillFacts): SkillFacts {
    const { exclude, keep, rng, variant } = this.options;
    const allowed = (id: string) =>
      keep.has(id) || (!exclude.has(id) && (variant === 0 || rng() >= DROP_SHARE));
    const entries = facts.entries.filter((e) => allowed(e.id));
    return {
      ...facts,
      // Too few left to write from: the business's whole knowledge is better than a thin post.
      entries: entries.length >= 3 ? entries : facts.entries,
      // Emoji are placed here, by the brand's own habit, not by the skills' filler.
      voice: facts.voice ? { ...facts.voice, emoji: [], emojiShare: 0 } : null,
    };
  }

  async fill(slots: SlotRequest[], context: FillContext): Promise<FillResult> {
    const { style } = this.options;
    const focus = style.modifiers.focus;
    const request = [context.request, focus].filter(Boolean).join('. ') || undefined;
    const facts = this.factsFor(context.facts);
    let fills = fillOffline(slots, { ...context, facts, request });
    for (const slot of slots) {
      const fill = fills[slot.name];
      if (!fill) continue;
      fills[slot.name] = this.styled(slot, fill);
    }
    if (context.platform === 'linkedin' && !style.modifiers.shorter)
      fills = lengthenForLinkedIn(slots, fills, facts, request, context.budget);
    this.segments = segmentsOf(slots, fills);
    return { fills, model: 'local' };
  }

  private styled(slot: SlotRequest, fill: SlotFill): SlotFill {
    const { style, rng } = this.options;
    const m = style.modifiers;
    const required = slot.spec.required;
    switch (slot.spec.kind) {
      case 'hook': {
        if (!fill.text) return fill;
        let text = fill.text;
        if (rng() < style.exclamationShare && /[^.]\.$/.test(text) && !/\d\.$/.test(text))
          text = `${text.slice(0, -1)}!`;
        // Only an emoji whose tone suits the line: no nervous face on good news, no party on bad.
        const emoji = pick(
          rng,
          style.emoji.slice(0, 3).filter((e) => emojiFits(e, text)),
        );
        if (emoji && rng() < style.emojiShare && text.length + 3 <= slot.maxLength)
          text = style.emojiAtStart ? `${emoji} ${text}` : `${text} ${emoji}`;
        return { ...fill, text };
      }
      case 'text':
      case 'stat': {
        if (!fill.text || !m.shorter) return fill;
        const first = splitSentences(fill.text)[0]?.text.trim();
        return first ? { text: first, sources: (fill.sources ?? []).slice(0, 1) } : fill;
      }
      case 'list': {
        if (!m.shorter || !fill.items) return fill;
        const keep = Math.max(slot.items?.min ?? 1, Math.ceil(fill.items.length / 2));
        return { items: fill.items.slice(0, keep), sources: (fill.sources ?? []).slice(0, keep) };
      }
      case 'quote':
      case 'question':
        return m.shorter && !required ? {} : fill;
      case 'cta': {
        if (!fill.text) return fill;
        if (m.noLinks && /https?:\/\//.test(fill.text) && !required) return {};
        // One clear call to action: the brand's own CTA sentences from its example posts are not
        // prefixed, since they were written for other posts ("…to receive the next report").
        return fill;
      }
      case 'hashtags': {
        const items = fill.items ?? [];
        if (style.maxHashtags === 0) return { items: [], sources: [] };
        const cap = style.maxHashtags ?? items.length;
        return { ...fill, items: items.slice(0, m.shorter ? Math.min(cap, 1) : cap) };
      }
      default:
        return fill;
    }
  }
}

/** Each sentence or list item a fill placed, with its source (fills list sources in sentence order). */
function segmentsOf(slots: readonly SlotRequest[], fills: Record<string, SlotFill>): ComposedSegment[] {
  const out: ComposedSegment[] = [];
  for (const slot of slots) {
    const fill = fills[slot.name];
    const sources = fill?.sources ?? [];
    if (!fill || sources.length === 0) continue;
    if (fill.items)
      fill.items.forEach((item, i) => {
        const source = sources[i] ?? sources[sources.length - 1];
        if (source) out.push({ text: item, source });
      });
    else if (fill.text) {
      const sentences = splitSentences(fill.text).map((s) => s.text.trim());
      sentences.forEach((text, i) => {
        const source = sources[Math.min(i, sources.length - 1)];
        if (source) out.push({ text, source });
      });
    }
  }
  return out;
}
