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

interface Offer {
  name: string;
  source: string;
  score: number;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What the business lists, closest to the request first. */
function offers(input: AbsentInput): Offer[] {
  const present = new Set([...input.topic.stems].filter((s) => !input.topic.missing.includes(s)));
  const rank = (id: string) => {
    const i = input.nearest.indexOf(id);
    return i < 0 ? 0 : 1 - i / (input.nearest.length + 1);
  };
  return input.facts.products
    .map((p) => ({
      name: p.name,
      source: p.id,
      score:
        2 * contentStems(`${p.name} ${p.description ?? ''}`).filter((s) => present.has(s)).length +
        rank(p.id),
    }))
    .sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));
}

/** The business's own sentence closest to the request, when one shares a word with it or the search found it. */
function closestSentence(input: AbsentInput): { text: string; source: string } | null {
  const present = new Set([...input.topic.stems].filter((s) => !input.topic.missing.includes(s)));
  let best: { text: string; source: string; score: number } | null = null;
  for (const e of input.facts.entries) {
    const near = input.nearest.indexOf(e.id);
    for (const s of splitSentences(e.answer)) {
      const text = withoutAnswerWord(s.text.trim());
      if (!usableSentence(text, false) || text.endsWith('?') || text.length > 200) continue;
      const shared = contentStems(text).filter((x) => present.has(x)).length;
      const score = 2 * shared + (near >= 0 ? 1 - near / 10 : 0);
      if (score > 0 && (!best || score > best.score)) best = { text, source: e.id, score };
    }
  }
  return best;
}

const OPENERS: Array<(phrase: string, we: string) => string> = [
  (phrase, we) => `${cap(we)} don't list ${phrase}.`,
  (phrase) => `${cap(phrase)} isn't something we list.`,
  (phrase, we) => `Looking for ${phrase}? That's not something ${we} list.`,
];

/** The honest post, or null when there is nothing the business lists to point to. */
export function absentPost(input: AbsentInput): AbsentPost | null {
  const { topic, platform, style, variant } = input;
  const we = style.person === 'i' ? 'I' : 'we';
  const names = offers(input).slice(0, platform === 'x' ? 2 : 3);
  const sentence = closestSentence(input);
  if (names.length === 0 && !sentence) return null;
  const segments: ComposedSegment[] = [];
  const opener = (OPENERS[variant % OPENERS.length] as (p: string, w: string) => string)(topic.phrase, we);
  const lines = [opener];
  const what = style.person === 'i' ? "Here's what I do:" : "Here's what we do:";
  const list =
    names.length > 0
      ? `${what} ${new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(names.map((n) => n.name))}.`
      : null;
  for (const n of names) segments.push({ text: n.name, source: n.source });
  // Variants differ: the list first, or the closest sentence first.
  const body = variant % 2 === 0 ? [list, sentence?.text] : [sentence?.text, list];
  for (const line of body) if (line) lines.push(line);
  if (sentence) segments.push({ text: sentence.text, source: sentence.source });
  const linkOk = platform !== 'instagram' && !style.modifiers.noLinks;
  const cta =
    linkOk && input.url ? { text: `More at ${input.url.text}`, source: input.url.source } : input.contact;
  if (cta) {
    const text = cta === input.contact ? `Questions? ${cta.text}` : cta.text;
    lines.push(text);
    segments.push({ text, source: cta.source });
  }
  // Fit the platform: drop the sentence, then the list, never the opener or the call to action.
  const limit = platform === 'x' ? textLimits.x.maxLength : textLimits[platform].maxLength;
  let text = lines.join('\n\n');
  while (textLength(platform, text) > limit && lines.length > 2) {
    lines.splice(lines.length - 2, 1);
    text = lines.join('\n\n');
  }
  return { text, segments, structure: `absent.${variant % OPENERS.length}.${variant % 2}` };
}
