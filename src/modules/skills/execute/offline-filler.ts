/**
 * The offline slot filler: writes each slot from the tenant's own knowledge, never inventing a fact.
 * Prose slots (hook, text, stat, list items, quotes) are whole sentences taken verbatim from knowledge
 * entries and product descriptions, chosen by how well they fit the request, the slot's variables and
 * the skill's intent. Calls to action are assembled from the business's real URL, phone or e-mail
 * with a fixed verb; questions come from a small bank of genuine questions; hashtags are the brand's
 * own recurring tags, then tags made from the product's name. Deterministic: the same facts give the
 * same post. Generation's composer ([G1]) replaces it with a richer one behind the same interface.
 */

import { type Platform, textLength } from '../../../core/platforms.js';
import { endSentence, opensLike, splitSentences } from '../../../core/text/sentences.js';
import { compileBody, placeholdersOf } from '../format/body.js';
import { countHashtags } from '../format/text-features.js';
import { type SkillDocument, type SkillIntent, variableFields } from '../format/types.js';
import { effectiveMaxHashtags } from '../format/validate.js';
import { stemSet, stemsOf } from '../text/terms.js';
import type { EntityFact, SkillFacts } from './facts.js';
import type { FillContext, FillResult, SlotFill, SlotFiller, SlotRequest } from './slot-filler.js';
import type { ResolvedValue } from './values.js';

interface Candidate {
  text: string;
  source: string;
  category: string;
  kind: string;
  /** Stems of the sentence and of the question it answers. */
  stems: Set<string>;
  /** Stems of the sentence alone. */
  own: Set<string>;
  url: string | null;
  /** The entry or product the sentence belongs to (several sentences may share it). */
  origin: string;
}

/** Knowledge categories that suit each intent, best first. */
const INTENT_CATEGORIES: Record<SkillIntent, readonly string[]> = {
  product_launch: ['products', 'services', 'pricing'],
  product_spotlight: ['products', 'services', 'pricing', 'reviews_testimonials'],
  promotion: ['promotions_offers', 'pricing', 'products'],
  how_to: [
    'services',
    'products',
    'ordering_payment',
    'shipping_delivery',
    'customer_support',
    'returns_warranty',
  ],
  faq: [
    'ordering_payment',
    'shipping_delivery',
    'returns_warranty',
    'services',
    'products',
    'policies_legal',
  ],
  customer_story: ['customers_case_studies', 'reviews_testimonials', 'services'],
  testimonial: ['reviews_testimonials', 'customers_case_studies'],
  event: ['news_events', 'promotions_offers'],
  behind_the_scenes: ['company_overview', 'mission_values', 'products', 'services'],
  team: ['team_people', 'company_overview'],
  hiring: ['careers', 'team_people', 'mission_values'],
  announcement: ['news_events', 'locations_hours', 'ordering_payment', 'shipping_delivery'],
  thought_leadership: ['mission_values', 'company_overview', 'services'],
  seasonal: ['news_events', 'promotions_offers', 'products'],
  milestone: ['company_overview', 'certifications_awards', 'reviews_testimonials'],
  comparison: ['products', 'services', 'pricing'],
  stats: ['company_overview', 'services', 'reviews_testimonials', 'shipping_delivery'],
  poll: ['products', 'services'],
};

/** Entry kinds that read as prose. Table rows, raw structured data, hours and contact lines only feed stats. */
const PROSE_KINDS = new Set(['statement', 'faq', 'list_item', 'definition', 'llm', 'manual']);

/**
 * Categories that belong to one kind of post: a sentence from them in another kind of post is
 * usually off topic (a workshop date in a product launch, a job ad in a tip).
 */
const TOPICAL = new Set([
  'news_events',
  'careers',
  'team_people',
  'reviews_testimonials',
  'policies_legal',
  'promotions_offers',
  'customers_case_studies',
]);

/** Stems that carry meaning for matching: not bare numbers or one- and two-letter units. */
function meaningful(stems: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const s of stems) if (s.length > 2 && !/^\d+$/.test(s)) out.add(s);
  return out;
}

const QUESTIONS: Partial<Record<SkillIntent, readonly string[]>> = {
  thought_leadership: ['Where do you land on this?', 'What has your experience been?'],
  how_to: ['What would you add?', 'Which step do people most often skip?'],
  comparison: ['Which would you choose, and why?', 'What matters most to you when you choose?'],
  faq: ['What else would you like us to answer?'],
  behind_the_scenes: ['What would you like to see next?'],
  customer_story: ['Have a similar job in mind?'],
  event: ['Will we see you there?'],
  seasonal: ['What is on your list this season?'],
  team: ['Who should we introduce next?'],
  stats: ['Does this match what you see?'],
  product_spotlight: ['Have you tried it yet?'],
  poll: ['Which would you pick?', 'What would you choose?'],
};

const INTENT_VERBS: Partial<Record<SkillIntent, { url: string; phone: string; email: string }>> = {
  product_launch: { url: 'See it at', phone: 'To order, call', email: 'To order, email' },
  product_spotlight: { url: 'Find it at', phone: 'To order, call', email: 'To order, email' },
  promotion: { url: 'Details at', phone: 'To claim it, call', email: 'To claim it, email' },
  seasonal: { url: 'Details at', phone: 'Call', email: 'Email' },
  event: { url: 'Book your place at', phone: 'To book, call', email: 'To book, email' },
  hiring: { url: 'Apply at', phone: 'To apply, call', email: 'To apply, email' },
};
const DEFAULT_VERBS = { url: 'More at', phone: 'Questions? Call', email: 'Questions? Email' };

function sentenceLike(text: string): boolean {
  return text.length >= 12 && /^[\p{Lu}\p{N}"“‘'(]/u.test(text) && /[\p{L}\p{N}]/u.test(text);
}

/**
 * Each entry's and product's candidate sentences, split and stemmed once per fact object: a
 * composer writing a dozen drafts from the same facts does not redo the work for every draft.
 */
const sentenceCache = new WeakMap<object, Candidate[]>();

function sentencesOfFact(
  fact: object,
  text: string,
  base: Omit<Candidate, 'stems' | 'own' | 'text'>,
  question: string,
): Candidate[] {
  const cached = sentenceCache.get(fact);
  if (cached) return cached;
  const questionStems = stemsOf(question);
  const out: Candidate[] = [];
  for (const s of splitSentences(text)) {
    const t = s.text.trim();
    if (!sentenceLike(t)) continue;
    const own = stemSet(t);
    out.push({ ...base, text: t, own, stems: new Set([...own, ...questionStems]) });
  }
  sentenceCache.set(fact, out);
  return out;
}

/** Every sentence the business has written about itself, as candidates. */
export function candidatesOf(facts: SkillFacts): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (list: Candidate[]) => {
    for (const c of list) {
      const key = c.text.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(c);
    }
  };
  for (const e of facts.entries) {
    if (e.kind === 'testimonial') continue; // quotes are used whole, by quote slots only
    add(
      sentencesOfFact(
        e,
        e.answer,
        { source: e.id, category: e.category, kind: e.kind, url: e.url, origin: e.id },
        e.question,
      ),
    );
  }
  for (const p of facts.products) {
    if (!p.description) continue;
    add(
      sentencesOfFact(
        p,
        p.description,
        {
          source: p.id,
          category: p.kind === 'service' ? 'services' : 'products',
          kind: 'statement',
          url: p.url,
          origin: p.id,
        },
        p.name,
      ),
    );
  }
  return out;
}

interface Quote {
  text: string;
  source: string;
  stems: Set<string>;
}

/** Customer quotes, verbatim, with the attribution the page gives written after a dash. */
export function quotesOf(facts: SkillFacts): Quote[] {
  return facts.entries
    .filter((e) => e.kind === 'testimonial')
    .map((e) => {
      const m = /^(.*?)\s+[–—-]\s+([^–—]+)$/u.exec(e.answer.trim());
      const words = (m?.[1] ?? e.answer).trim().replace(/^["“]|["”]$/g, '');
      const by = m?.[2]?.trim();
      return { text: by ? `“${words}” — ${by}` : `“${words}”`, source: e.id, stems: stemSet(e.answer) };
    });
}

interface Focus {
  /** Stems of the slot's variables (strongest signal). */
  variables: Set<string>;
  /** Stems of the request. */
  request: Set<string>;
  /** Ids the slot's variables point at: their own sentences come first. */
  ids: Set<string>;
}

function focusFor(slot: SlotRequest, context: FillContext): Focus {
  const names = slot.spec.uses.length > 0 ? slot.spec.uses : Object.keys(context.variables);
  const variables = new Set<string>();
  const ids = new Set<string>();
  for (const name of names) {
    const v = context.variables[name];
    if (!v) continue;
    if (v.source.id) ids.add(v.source.id);
    const label = v.type === 'entry' ? (v.fields.question ?? '') : v.source.label;
    for (const s of meaningful(stemSet(label))) variables.add(s);
  }
  return { variables, request: meaningful(stemSet(context.request ?? '')), ids };
}

function share(query: Set<string>, have: Set<string>): number {
  if (query.size === 0) return 0;
  let n = 0;
  for (const s of query) if (have.has(s)) n++;
  return n / query.size;
}

/** Sentences that tell the reader what to do: the stuff of tips and steps. */
const INSTRUCTION =
  /^(please|ask|order|book|call|check|use|keep|try|bring|find|drop|email|send|fill|allow|mention|choose|look|turn|visit)\b|\byou (can|should|need|'ll)\b/i;
/** A quantity: a number with a unit or a percentage, not just a year. */
const QUANTITY =
  /\d[\d,.]*\s*(%|percent|per cent|people|customers|years?|tonnes?|hours?|minutes?|days?|stars?|-star|reviews?|orders?|jobs?|projects?|buildings?|plumbers?|places|kg|mm|m\b|miles?)/i;
const YEAR_ONLY = /^[^\d]*(19|20)\d{2}[^\d]*$/;

function scoreCandidate(c: Candidate, focus: Focus, intents: readonly SkillIntent[]): number {
  let score = 0;
  if (intents.includes('how_to') && INSTRUCTION.test(c.text)) score += 1.5;
  if (intents.includes('stats')) score += QUANTITY.test(c.text) ? 2 : YEAR_ONLY.test(c.text) ? -2 : 0;
  if (focus.ids.has(c.origin)) score += 6;
  score += 4 * share(focus.variables, c.stems);
  score += 3 * share(focus.request, c.stems);
  let prior = TOPICAL.has(c.category) ? -2 : 0;
  for (const intent of intents) {
    const rank = INTENT_CATEGORIES[intent].indexOf(c.category);
    if (rank >= 0) prior = Math.max(prior, 2 - rank * 0.3);
  }
  return score + prior;
}

/** The variable fields the skill's body shows, e.g. `faq.answer`. */
function renderedFields(skill: SkillDocument): Array<{ name: string; field: string }> {
  const variables = new Map(skill.variables.map((v) => [v.name, v]));
  const out: Array<{ name: string; field: string }> = [];
  for (const section of compileBody(skill.body).sections)
    for (const { segment } of placeholdersOf(section)) {
      const v = variables.get(segment.name);
      if (v) out.push({ name: v.name, field: segment.field ?? (variableFields[v.type][0] as string) });
    }
  return out;
}

class PostWriter {
  readonly used = new Set<string>();
  readonly usedOrigins: string[] = [];
  readonly candidates: Candidate[];
  readonly quotes: Quote[];

  constructor(
    readonly context: FillContext,
    facts: SkillFacts,
  ) {
    this.candidates = candidatesOf(facts);
    this.quotes = quotesOf(facts);
    // What the body shows of the variables is not said again by a slot.
    for (const { name, field } of renderedFields(context.skill)) {
      const value = context.variables[name]?.fields[field];
      if (!value) continue;
      for (const sentence of splitSentences(value)) {
        this.used.add(sentence.text.trim());
        this.said.push(stemSet(sentence.text));
      }
    }
  }

  get platform(): Platform {
    return this.context.platform;
  }

  fits(text: string, max: number, min = 0): boolean {
    const n = textLength(this.platform, text);
    return n <= max && n >= min;
  }

  /** Candidates for a slot, best first, not yet used in this post. */
  ranked(
    slot: SlotRequest,
    filter: (c: Candidate) => boolean = (c) => PROSE_KINDS.has(c.kind),
  ): Array<{ c: Candidate; score: number }> {
    const focus = focusFor(slot, this.context);
    // A question from the site ("Old pipes?") is half of a thought; slots take statements.
    const request = focus.request;
    return this.candidates
      .filter(
        (c) =>
          !this.used.has(c.text) &&
          !c.text.endsWith('?') &&
          !this.repeats(c) &&
          !this.overuses(c, request) &&
          filter(c),
      )
      .map((c) => ({ c, score: scoreCandidate(c, focus, this.context.skill.intents) - this.offRhythm(c) }))
      .sort(
        (a, b) => b.score - a.score || a.c.text.length - b.c.text.length || (a.c.text < b.c.text ? -1 : 1),
      );
  }

  /**
   * A sentence much longer than the brand ever writes (a 20-word sentence for a bakery that writes
   * in 4-12) reads as someone else's: it is chosen only when nothing of the brand's length says as
   * much.
   */
  offRhythm(c: Candidate): number {
    const usual = this.context.facts.voice?.longSentenceWords;
    if (!usual) return 0;
    const words = c.text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    return words > usual + RHYTHM_SLACK ? RHYTHM_PENALTY : 0;
  }

  /** Stems of everything said so far, to keep near-repeats out. */
  readonly said: Set<string>[] = [];

  /** In how many of the post's sentences each word is said. */
  private readonly wordCounts = new Map<string, number>();

  take(c: Candidate): void {
    this.used.add(c.text);
    this.said.push(c.own);
    this.usedOrigins.push(c.origin);
    for (const s of meaningful(c.own)) this.wordCounts.set(s, (this.wordCounts.get(s) ?? 0) + 1);
  }

  /**
   * True when a sentence would say a word the third time in the post ("cut to length … cut every
   * order … free cutting"): readers notice a word in three sentences. The request's own words may
   * recur, since the post is about them.
   */
  overuses(c: Candidate, request: ReadonlySet<string>): boolean {
    if (this.wordCounts.size === 0) return false;
    for (const s of c.own)
      if ((this.wordCounts.get(s) ?? 0) >= 2 && !request.has(s) && s.length > 2 && !/^\d+$/.test(s))
        return true;
    return false;
  }

  /** True when a sentence mostly repeats something already in the post. */
  repeats(c: Candidate): boolean {
    return this.said.some((seen) => {
      let common = 0;
      for (const s of c.own) if (seen.has(s)) common++;
      return common / Math.max(1, c.own.size) >= 0.7;
    });
  }

  sentence(slot: SlotRequest, max: number, filter?: (c: Candidate) => boolean): Candidate | undefined {
    const floor = slot.spec.required ? Number.NEGATIVE_INFINITY : OPTIONAL_MIN_SCORE;
    let ranked = this.ranked(slot, filter);
    // An opening line says something: a label ("Stock length: 7.5 m") is a poor first line.
    if (slot.spec.kind === 'hook')
      ranked = ranked
        .map((r) => ({ ...r, score: r.score + (r.c.text.length >= 40 ? 1 : 0) }))
        .sort((a, b) => b.score - a.score || a.c.text.length - b.c.text.length);
    const pick = ranked.find(({ c, score }) => score >= floor && this.fits(c.text, max, slot.minLength));
    if (pick) this.take(pick.c);
    return pick?.c;
  }
}

const PROSE = new Set(['hook', 'text', 'stat', 'list', 'quote']);

/** Words past the brand's long sentences before a sentence counts as out of its rhythm. */
const RHYTHM_SLACK = 4;
/** What being out of rhythm costs a sentence's score (a request naming one thing: 3 for the sentence that names it). */
const RHYTHM_PENALTY = 2;

/**
 * How much room a slot may take on this attempt. In a post shown as one text, the prose slots share
 * what the locked text leaves, in proportion to their own limits; parts published separately (thread
 * posts, slides) each have a whole part. A retry after a length problem shrinks the share.
 */
function slotBudget(slot: SlotRequest, slots: SlotRequest[], context: FillContext): number {
  let max = slot.maxLength;
  if (PROSE.has(slot.spec.kind) && !context.separateParts) {
    const prose = slots.filter((s) => PROSE.has(s.spec.kind));
    const room = Math.max(0, context.budget.maxLength - context.budget.lockedLength - 40);
    const weight = (s: SlotRequest) => s.maxLength * (s.items?.max ?? 1);
    const total = prose.reduce((sum, s) => sum + weight(s), 0);
    if (total > room) max = Math.min(max, Math.floor((room * weight(slot)) / total / (slot.items?.max ?? 1)));
  }
  const retry = context.attempt > 1 && (context.feedback.length > 0 || slot.feedback.length > 0);
  if (retry) max = Math.floor(max * 0.7 ** (context.attempt - 1));
  return Math.max(slot.minLength, max);
}

/** An optional slot is only filled with something that clearly fits, not just the best there is. */
const OPTIONAL_MIN_SCORE = 3;

function fillText(w: PostWriter, slot: SlotRequest, max: number): SlotFill {
  const first = w.sentence(slot, max);
  if (!first) return {};
  let text = first.text;
  const sources = [first.source];
  if (slot.spec.kind === 'text') {
    // Up to two more sentences that say more about the same thing, while they fit.
    const focus = focusFor(slot, w.context);
    const related = (c: Candidate) =>
      PROSE_KINDS.has(c.kind) &&
      (c.origin === first.origin ||
        focus.ids.has(c.origin) ||
        share(focus.variables, c.own) > 0 ||
        share(focus.request, c.own) > 0);
    for (let k = 0; k < 2; k++) {
      const last = text.slice(text.lastIndexOf('. ') + 1);
      const next = w
        .ranked(slot, related)
        .find(({ c }) => w.fits(`${text} ${c.text}`, max) && !opensLike(last, c.text));
      if (!next) break;
      w.take(next.c);
      text = `${endSentence(text)} ${next.c.text}`;
      sources.push(next.c.source);
    }
  }
  return { text, sources };
}

function fillHook(w: PostWriter, slot: SlotRequest, max: number): SlotFill {
  const voice = w.context.facts.voice;
  const emoji = voice && voice.emojiShare >= 0.5 ? voice.emoji[0] : undefined;
  const allowEmoji = emoji !== undefined && (w.context.skill.constraints.maxEmoji ?? 3) > 0;
  const room = allowEmoji ? max - textLength(w.platform, ` ${emoji}`) : max;
  // A short opening reads best inside every platform's fold.
  const fold = Math.min(room, 110);
  const pick = w.sentence(slot, fold) ?? w.sentence(slot, room);
  if (!pick) return {};
  return { text: allowEmoji ? `${pick.text} ${emoji}` : pick.text, sources: [pick.source] };
}

function fillList(w: PostWriter, slot: SlotRequest, max: number): SlotFill {
  const want = slot.items?.max ?? 3;
  const items: string[] = [];
  const sources: string[] = [];
  const origins = new Set<string>();
  const floor = slot.spec.required ? Number.NEGATIVE_INFINITY : OPTIONAL_MIN_SCORE;
  const focus = focusFor(slot, w.context);
  let first: Candidate | undefined;
  // Items after the first stay on its subject: its entry, its category, or the request's words.
  const related = (c: Candidate) =>
    !first ||
    c.category === first.category ||
    share(focus.variables, c.own) > 0 ||
    share(focus.request, c.own) > 0;
  const collect = (strict: boolean) => {
    for (const { c, score } of w.ranked(slot)) {
      if (items.length >= want || score < floor) break;
      if (!w.fits(c.text, max) || origins.has(c.origin) || (strict && !related(c))) continue;
      first ??= c;
      w.take(c);
      origins.add(c.origin);
      items.push(c.text);
      sources.push(c.source);
    }
  };
  collect(true);
  // Too few on one subject for the list's minimum: widen to the next best facts.
  if (items.length < (slot.items?.min ?? 0)) collect(false);
  return { items, sources };
}

function fillQuote(w: PostWriter, slot: SlotRequest, max: number): SlotFill {
  const focus = focusFor(slot, w.context);
  const pick = w.quotes
    .filter((q) => !w.used.has(q.text) && w.fits(q.text, max, slot.minLength))
    .map((q) => ({
      q,
      score:
        (focus.ids.has(q.source) ? 6 : 0) +
        3 * share(focus.request, q.stems) +
        2 * share(focus.variables, q.stems),
    }))
    .sort((a, b) => b.score - a.score || a.q.text.length - b.q.text.length)[0];
  if (!pick) return {};
  w.used.add(pick.q.text);
  w.usedOrigins.push(pick.q.source);
  return { text: pick.q.text, sources: [pick.q.source] };
}

function contactPoints(
  facts: SkillFacts,
  intents: readonly SkillIntent[],
): { phone?: EntityFact; email?: EntityFact } {
  const contacts = facts.entities.filter((e) => e.type === 'contact_point');
  const value = (e: EntityFact) => String(e.data.value ?? e.name).toLowerCase();
  const phone = contacts.find((e) => e.data.kind === 'phone');
  const emails = contacts.filter((e) => e.data.kind === 'email');
  const hiring = intents.includes('hiring');
  const jobs = (e: EntityFact) => /^(jobs|careers|hr|recruit)/.test(value(e));
  const trade = (e: EntityFact) => /^(wholesale|trade|press|accounts)/.test(value(e));
  const email = hiring
    ? (emails.find(jobs) ?? emails.find((e) => !trade(e)))
    : (emails.find((e) => !jobs(e) && !trade(e)) ?? emails.find((e) => !jobs(e)));
  return { ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
}

function variableUrl(
  variables: Record<string, ResolvedValue | undefined>,
  names: readonly string[],
): string | undefined {
  for (const name of names.length > 0 ? names : Object.keys(variables)) {
    const url = variables[name]?.fields.url;
    if (url) return url;
  }
  return undefined;
}

function fillCta(w: PostWriter, slot: SlotRequest, max: number, facts: SkillFacts): SlotFill {
  const intents = w.context.skill.intents;
  const verbs = intents.map((i) => INTENT_VERBS[i]).find(Boolean) ?? DEFAULT_VERBS;
  const { phone, email } = contactPoints(facts, intents);
  const links = w.context.skill.constraints.links;
  const linkPolicy = links?.[w.platform] ?? links?.default ?? 'allowed';
  // A page this post already draws on, else one about the topic, else the business's home page.
  const usedUrl = w.usedOrigins
    .map(
      (id) => w.candidates.find((c) => c.origin === id)?.url ?? facts.products.find((p) => p.id === id)?.url,
    )
    .find((u): u is string => Boolean(u));
  const url = variableUrl(w.context.variables, slot.spec.uses) ?? usedUrl ?? homePage(facts);
  const options: SlotFill[] = [];
  if (linkPolicy !== 'none' && url) options.push({ text: `${verbs.url} ${url}`, sources: [] });
  const phoneText = phone ? String(phone.data.value ?? phone.name) : undefined;
  const emailText = email ? String(email.data.value ?? email.name) : undefined;
  if (intents.includes('hiring') && emailText)
    options.unshift({ text: `${verbs.email} ${emailText}.`, sources: [email?.id as string] });
  if (phoneText) options.push({ text: `${verbs.phone} ${phoneText}.`, sources: [phone?.id as string] });
  if (emailText) options.push({ text: `${verbs.email} ${emailText}.`, sources: [email?.id as string] });
  if (linkPolicy === 'none' && url) options.push({ text: 'Link in bio.', sources: [] });
  const fit = options.find((o) => w.fits(o.text as string, max, slot.minLength));
  return fit ?? {};
}

function homePage(facts: SkillFacts): string | undefined {
  const url = facts.entries.find((e) => e.url)?.url ?? facts.products.find((p) => p.url)?.url ?? undefined;
  if (!url) return undefined;
  try {
    return `${new URL(url).origin}/`;
  } catch {
    return undefined;
  }
}

function fillQuestion(w: PostWriter, slot: SlotRequest, max: number): SlotFill {
  const intents = w.context.skill.intents;
  const named = Object.values(w.context.variables)
    .filter((v): v is ResolvedValue => v !== undefined && v.source.kind !== 'request' && v.type !== 'contact')
    .map((v) => v.fields.name ?? v.source.label)
    .filter((n): n is string => Boolean(n));
  const bank = [
    ...(intents.includes('poll') && named.length >= 2
      ? [`${named[0]} or ${named[1]}: which one is yours?`]
      : []),
    ...intents.flatMap((i) => QUESTIONS[i] ?? []),
    'What do you think?',
  ];
  const pick = bank.find((q) => w.fits(q, max, slot.minLength));
  return pick ? { text: pick, sources: [] } : {};
}

function camel(words: string[]): string {
  return words.map((x) => x.charAt(0).toUpperCase() + x.slice(1).toLowerCase()).join('');
}

function fillHashtags(w: PostWriter, slot: SlotRequest, max: number, facts: SkillFacts): SlotFill {
  const voice = facts.voice;
  let want = slot.items?.max ?? 3;
  // The post's own limit, less the hashtags the locked text already has.
  const limit = effectiveMaxHashtags(w.context.skill, w.platform);
  if (limit !== undefined) want = Math.min(want, Math.max(0, limit - countHashtags(w.context.skill.body)));
  if (voice?.maxHashtags !== undefined) want = Math.min(want, voice.maxHashtags);
  if (voice)
    want = Math.min(
      want,
      Math.max(voice.hashtagsPerPost >= 0.3 ? Math.round(voice.hashtagsPerPost) : 0, slot.items?.min ?? 0),
    );
  const tags: string[] = [];
  const add = (tag: string) => {
    if (tags.length >= want || !/^#[\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*$/u.test(tag)) return;
    if (tags.some((t) => t.toLowerCase() === tag.toLowerCase()) || !w.fits(tag, max)) return;
    tags.push(tag);
  };
  for (const tag of voice?.hashtags ?? []) add(tag);
  for (const v of Object.values(w.context.variables)) {
    if (!v || v.source.kind === 'request' || v.type === 'contact' || v.type === 'hours') continue;
    const words = (v.fields.name ?? v.source.label)
      .split(/[^\p{L}]+/u)
      .filter((x) => x.length >= 4 && !/^(with|from|that|this|your|ours)$/i.test(x));
    if (words.length > 0) add(`#${camel(words.slice(0, 2))}`);
  }
  return { items: tags, sources: [] };
}

function fillTitle(w: PostWriter, slot: SlotRequest, max: number): SlotFill {
  for (const name of slot.spec.uses.length > 0 ? slot.spec.uses : Object.keys(w.context.variables)) {
    const v = w.context.variables[name];
    const label = v?.fields.name ?? v?.fields.question ?? v?.source.label;
    if (label && w.fits(label, max, slot.minLength))
      return { text: label, sources: v?.source.id ? [v.source.id] : [] };
  }
  const pick = w.sentence(slot, max);
  return pick ? { text: pick.text, sources: [pick.source] } : {};
}

/** Fills slots in an order that lets the call to action point at the page the post drew on. */
const ORDER = ['quote', 'hook', 'stat', 'text', 'list', 'title', 'question', 'cta', 'hashtags'];

export function fillOffline(slots: SlotRequest[], context: FillContext): Record<string, SlotFill> {
  const facts = context.facts;
  const w = new PostWriter(context, facts);
  const fills: Record<string, SlotFill> = {};
  const ordered = [...slots].sort((a, b) => ORDER.indexOf(a.spec.kind) - ORDER.indexOf(b.spec.kind));
  for (const slot of ordered) {
    const max = slotBudget(slot, slots, context);
    switch (slot.spec.kind) {
      case 'hook':
        fills[slot.name] = fillHook(w, slot, max);
        break;
      case 'text':
        fills[slot.name] = fillText(w, slot, max);
        break;
      case 'stat': {
        const numeric = (c: Candidate) => /\d/.test(c.text) && c.kind !== 'contact' && c.kind !== 'hours';
        const pick =
          w.sentence(slot, max, (c) => numeric(c) && QUANTITY.test(c.text)) ?? w.sentence(slot, max, numeric);
        fills[slot.name] = pick ? { text: pick.text, sources: [pick.source] } : {};
        break;
      }
      case 'list':
        fills[slot.name] = fillList(w, slot, max);
        break;
      case 'quote':
        fills[slot.name] = fillQuote(w, slot, max);
        break;
      case 'cta':
        fills[slot.name] = fillCta(w, slot, max, facts);
        break;
      case 'question':
        fills[slot.name] = fillQuestion(w, slot, max);
        break;
      case 'hashtags':
        fills[slot.name] = fillHashtags(w, slot, max, facts);
        break;
      case 'title':
        fills[slot.name] = fillTitle(w, slot, max);
        break;
    }
  }
  return fills;
}

export const offlineSlotFiller: SlotFiller = {
  name: 'offline',
  async fill(slots: SlotRequest[], context: FillContext): Promise<FillResult> {
    return { fills: fillOffline(slots, context), model: 'local' };
  },
};
