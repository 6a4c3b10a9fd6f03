/**
 * LinkedIn room: a LinkedIn post reads best at roughly 600-1,300 characters, but the skills' text
 * slots are capped for every platform at once (about 280 characters, written with X and Instagram in
 * mind), so a composer that only fills them writes 200-400 character LinkedIn posts even when the
 * business has far more to say on the subject. Here the skill's text slots get LinkedIn room (its
 * explicit `linkedin` limits and the whole-post limit still apply), and the composer continues the
 * main text slot with more of the business's own on-topic sentences — verbatim, each with its source,
 * none repeated, and none that would make a word the third time the post says it.
 */
import type { Platform } from '../../../core/platforms.js';
import { endSentence, opensLike, splitSentences } from '../../../core/text/sentences.js';
import type { SkillDocument, SkillFacts, SlotFill, SlotRequest } from '../pipeline/deps.js';
import { contentStems, subjectStemOf } from './text.js';

/** Most characters a LinkedIn text slot may take when the skill sets no LinkedIn limit of its own. */
export const LINKEDIN_TEXT_MAX = 900;
/** The composer stops adding sentences once the slot reaches this. */
const LINKEDIN_TEXT_TARGET = 620;
/** A paragraph longer than this ends before the next sentence. */
const PARAGRAPH = 220;

const roomy = new WeakMap<SkillDocument, SkillDocument>();

/** The skill with LinkedIn room in its text slots (the same object for other platforms). */
export function withPlatformRoom(skill: SkillDocument, platform: Platform): SkillDocument {
  if (platform !== 'linkedin') return skill;
  const cached = roomy.get(skill);
  if (cached) return cached;
  let changed = false;
  const slots = skill.slots.map((s) => {
    if (s.kind !== 'text' || s.max.linkedin !== undefined) return s;
    const base = s.max.default ?? 0;
    if (base <= 0 || base >= LINKEDIN_TEXT_MAX) return s;
    changed = true;
    return { ...s, max: { ...s.max, linkedin: LINKEDIN_TEXT_MAX } };
  });
  const out = changed ? { ...skill, slots } : skill;
  roomy.set(skill, out);
  return out;
}

interface Sentence {
  text: string;
  source: string;
}

/** The facts' sentences in knowledge order: entries' answers, then product descriptions. */
function sentencesOf(facts: SkillFacts): Sentence[] {
  const out: Sentence[] = [];
  for (const e of facts.entries) {
    if (e.kind === 'testimonial') continue;
    for (const s of splitSentences(e.answer)) out.push({ text: s.text.trim(), source: e.id });
  }
  for (const p of facts.products)
    if (p.description)
      for (const s of splitSentences(p.description)) out.push({ text: s.text.trim(), source: p.id });
  return out;
}

/** A sentence that can continue a paragraph: a whole statement, not a question, link or label. */
function continues(text: string): boolean {
  return (
    text.length >= 20 &&
    text.length <= 240 &&
    /^[\p{Lu}\p{N}"“]/u.test(text) &&
    /[.!]$/.test(text) &&
    !/https?:\/\/|www\.|@/.test(text) &&
    !/^[\p{L} ]{2,30}:/u.test(text)
  );
}

/**
 * Continues the first filled text slot on LinkedIn with more of the facts' sentences, those of the
 * entries it already quotes first. Returns the fills unchanged on other platforms.
 */
export function lengthenForLinkedIn(
  slots: readonly SlotRequest[],
  fills: Record<string, SlotFill>,
  facts: SkillFacts,
  request: string | undefined,
  budget: { maxLength: number; lockedLength: number },
): Record<string, SlotFill> {
  const slot = slots.find((s) => s.spec.kind === 'text' && fills[s.name]?.text);
  if (!slot) return fills;
  const fill = fills[slot.name] as SlotFill;
  let text = fill.text as string;
  if (text.length >= LINKEDIN_TEXT_TARGET) return fills;

  const parts = Object.values(fills).flatMap((f) => [f.text ?? '', ...(f.items ?? [])]);
  const written = parts.join(' ');
  // The whole post stays inside the skill's own limit (its locked text and the other slots included).
  const others = parts.reduce((n, p) => n + p.length + 2, 0) - text.length;
  const room = budget.maxLength - budget.lockedLength - others - 40;
  const max = Math.min(slot.maxLength, LINKEDIN_TEXT_MAX, room);
  const said = written.toLowerCase();
  // How often the post already says each word; the request's own words may recur.
  const asked = new Set(contentStems(request ?? ''));
  const counts = new Map<string, number>();
  const count = (t: string) => {
    for (const s of contentStems(t))
      if (s.length > 2 && !/^\d/.test(s) && !subjectStemOf(s, asked)) counts.set(s, (counts.get(s) ?? 0) + 1);
  };
  count(written);

  const sources = new Set(fill.sources ?? []);
  // A sentence already placed may carry other end punctuation there ("… take home!" as a hook).
  const placed = (t: string) => said.includes(t.toLowerCase().replace(/[.!?]+$/, ''));
  const all = sentencesOf(facts).filter((s) => continues(s.text) && !placed(s.text));
  const ordered = [...all.filter((s) => sources.has(s.source)), ...all.filter((s) => !sources.has(s.source))];
  const added: Sentence[] = [];
  for (const s of ordered) {
    if (text.length >= LINKEDIN_TEXT_TARGET) break;
    if (added.some((a) => a.text === s.text)) continue;
    // Not two sentences in a row opening alike ("Orders placed on Friday … Orders placed by 2pm …").
    if (opensLike(text.split(/(?<=[.!?])\s+/).at(-1) ?? '', s.text)) continue;
    // Short paragraphs read better on LinkedIn than one block.
    const paragraph = text.length - text.lastIndexOf('\n\n') > PARAGRAPH ? '\n\n' : ' ';
    const next = `${endSentence(text)}${paragraph}${s.text}`;
    if (next.length > max) continue;
    const stems = contentStems(s.text).filter(
      (x) => x.length > 2 && !/^\d/.test(x) && !subjectStemOf(x, asked),
    );
    if (stems.some((x) => (counts.get(x) ?? 0) + stems.filter((y) => y === x).length >= 3)) continue;
    for (const x of stems) counts.set(x, (counts.get(x) ?? 0) + 1);
    text = next;
    added.push(s);
  }
  if (added.length === 0) return fills;
  return {
    ...fills,
    [slot.name]: { text, sources: [...(fill.sources ?? []), ...added.map((a) => a.source)] },
  };
}
