/**
 * The honest post for a subject the business's knowledge never mentions ("Promote our boiler service"
 * for a plumber whose site has no boilers): it says the subject is not listed, then what the business
 * does list that is closest (products and services sharing a word with the request, else the search's
 * nearest hits, else the catalogue), then one call to action. Nothing is claimed about the absent
 * subject beyond the request's own words; every other name and sentence is the knowledge base's.
 * Generation returns `generation.nothing_to_write` (422) instead when there is nothing at all to point
 * to (no products, services or usable sentences).
 */
import { type Platform, textLength, textLimits } from '../../../core/platforms.js';
import { splitSentences } from '../../../core/text/sentences.js';
import type { SkillFacts } from '../pipeline/deps.js';
import type { ComposedSegment } from './composer.js';
import { type Topic, usableSentence, withoutAnswerWord } from './select.js';
import type { ComposeStyle } from './style.js';
import { contentStems } from './text.js';

export interface AbsentInput {
  topic: Topic;
  facts: SkillFacts;
  /** Knowledge ids of the search's hits for the request, best first. */
  nearest: readonly string[];
  platform: Platform;
  style: ComposeStyle;
  variant: number;
  contact: { text: string; source: string } | null;
  url: { text: string; source: string } | null;
}

export interface AbsentPost {
  text: string;
  segments: ComposedSegment[];
  structure: string;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Knowledge that says what the business does. */
const OFFERING = new Set(['services', 'products']);

/**
 * The business's own sentences about what it does, closest to the request first: sharing a word with
 * it, then the search's nearest hits, then the order of the knowledge base.
 */
function closest(input: AbsentInput, count: number): Closest[] {
  const present = new Set([...input.topic.stems].filter((s) => !input.topic.missing.includes(s)));
  const found: Array<Closest & { score: number; order: number }> = [];
  const consider = (text: string, source: string, offering: boolean, order: number) => {
    const t = withoutAnswerWord(text.trim());
    if (!usableSentence(t, false) || t.endsWith('?') || t.length > 200) return;
    const shared = contentStems(t).filter((x) => present.has(x)).length;
    const near = input.nearest.indexOf(source);
    if (!offering && shared === 0) return;
    const score =
      2 * shared + (near >= 0 ? 1 - near / (input.nearest.length + 1) : 0) + (/^we\b/i.test(t) ? 0.5 : 0);
    found.push({ text: t, source, score, order });
  };
  let order = 0;
  for (const e of input.facts.entries)
    for (const s of splitSentences(e.answer)) consider(s.text, e.id, OFFERING.has(e.category), order++);
  for (const p of input.facts.products) {
    if (p.description) for (const s of splitSentences(p.description)) consider(s.text, p.id, true, order++);
    // A product named with the request's words ("vegan sponges" for "vegan doughnuts") is the closest
    // thing the business has, even without a description to quote.
    const shared = contentStems(p.name).filter((x) => present.has(x)).length;
    if (shared > 0 && !found.some((f) => f.source === p.id))
      found.push({ text: '', source: p.id, score: 2 * shared + 0.25, order: order++, product: p });
  }
  // What shares the request's words is what the reader asked about; the rest only when nothing does.
  const related = found.filter((f) => f.score >= 2);
  const pool = related.length > 0 ? related : found;
  pool.sort((a, b) => b.score - a.score || a.order - b.order);
  const out: Closest[] = [];
  for (const f of pool) {
    if (out.length >= count) break;
    if (out.some((o) => o.source === f.source)) continue;
    out.push(
      f.product ? { text: '', source: f.source, product: f.product } : { text: f.text, source: f.source },
    );
  }
  return out;
}

interface Closest {
  text: string;
  source: string;
  /** A catalogue item named like the request, written as "We do have …". */
  product?: SkillFacts['products'][number];
}

/** "We do have gluten-free and vegan sponges (£8)." in the business's person. */
function productLine(product: NonNullable<Closest['product']>, we: string): string {
  const first = product.name.split(/\s+/)[0] ?? '';
  // A name's first word that is a plain word reads lower-case mid-sentence; "SHS" or "McKinley" stay.
  const name = /^\p{Lu}[\p{Ll}-]*$/u.test(first)
    ? product.name.charAt(0).toLowerCase() + product.name.slice(1)
    : product.name;
  const price = product.priceText ? ` (${product.priceText})` : '';
  return `${cap(we)} do have ${name}${price}.`;
}

/** One sentence each, so an X post keeps room and the reader gets the answer in the first line. */
const OPENERS: Array<(phrase: string, we: string) => string> = [
  (phrase, we) => `${cap(we)} don't list ${phrase}, but here's what ${we} do.`,
  (phrase, we) => `${cap(phrase)} isn't something ${we} list; here's what ${we} do.`,
  (phrase, we) => `${cap(phrase)} is not on ${we === 'we' ? 'our' : 'my'} list, but this is what ${we} do:`,
];

/**
 * "We" or "I" for the opener: the person of the business's sentences quoted after it, so the post
 * does not say "That's not something I list" and then "We clear kitchen … lines"; the voice profile's
 * person when they use neither.
 */
function personOf(sentences: readonly string[], person: ComposeStyle['person']): 'we' | 'I' {
  const text = sentences.join(' ');
  const plural = (text.match(/\b(we|we're|we've|we'll|our|ours|us)\b/gi) ?? []).length;
  const singular = (text.match(/\b(I|I'm|I've|I'll|my|mine|me)\b/g) ?? []).length;
  if (plural > singular) return 'we';
  if (singular > plural) return 'I';
  return person === 'i' ? 'I' : 'we';
}

/** The honest post, or null when there is nothing the business lists to point to. */
export function absentPost(input: AbsentInput): AbsentPost | null {
  const { topic, platform, style, variant } = input;
  const facts = closest(input, platform === 'x' ? 1 : 2);
  if (facts.length === 0) return null;
  const we = personOf(
    facts.map((f) => f.text),
    style.person,
  );
  for (const f of facts) if (f.product) f.text = productLine(f.product, we);
  const segments: ComposedSegment[] = [];
  const opener = (OPENERS[variant % OPENERS.length] as (p: string, w: string) => string)(topic.phrase, we);
  const lines = [opener];
  // Variants lead with a different one of the closest sentences.
  const ordered = variant % 2 === 1 && facts.length > 1 ? [...facts].reverse() : facts;
  lines.push(ordered.map((f) => f.text).join(' '));
  for (const f of ordered) segments.push({ text: f.text, source: f.source });
  const linkOk = platform !== 'instagram' && !style.modifiers.noLinks;
  const cta =
    linkOk && input.url ? { text: `More at ${input.url.text}`, source: input.url.source } : input.contact;
  if (cta) {
    const text = cta === input.contact ? `Questions? ${cta.text}` : cta.text;
    lines.push(text);
    segments.push({ text, source: cta.source });
  }
  // Fit the platform: drop the business's sentences before the opener or the call to action.
  const limit = platform === 'x' ? textLimits.x.maxLength : textLimits[platform].maxLength;
  let text = lines.join('\n\n');
  while (textLength(platform, text) > limit && lines.length > 2) {
    lines.splice(lines.length - 2, 1);
    text = lines.join('\n\n');
  }
  return { text, segments, structure: `absent.${variant % OPENERS.length}.${variant % 2}` };
}
