/**
 * Fact selection: which of the business's sentences a post for this request may use. The request's
 * subject (its words, less the words that only say what kind of post it is) decides: a sentence is on
 * topic when it shares a subject word or belongs to an entry or product about the subject, so a bread
 * spotlight does not wander into a workshop date or an award. Sentences no post should carry are
 * dropped whatever the request: signatures and bylines, navigation and cookie text, and safety,
 * emergency or policy instructions unless the request is about them. When the knowledge base does not
 * cover the subject at all, the topic says so (`absent`), and the composer writes an honest "we don't
 * list it; here's what we do" post instead of a post about something else.
 *
 * Sentences are kept verbatim (a leading "Yes," or "No." of an FAQ answer is dropped), so every fact
 * still traces to its entry.
 */
import { splitSentences } from '../../../core/text/sentences.js';
import type { SkillFacts } from '../pipeline/deps.js';
import { contentStems, subjectStemOf } from './text.js';

export interface Topic {
  /** The request's subject as content stems. */
  stems: Set<string>;
  /** Subject stems no sentence, product or entity of the business uses. */
  missing: string[];
  /** The subject in the request's own words ("boiler service"), for saying it is not listed. */
  phrase: string;
  /** The knowledge base does not cover the subject: most of its words, or its head word, are missing. */
  absent: boolean;
  /** The request is about safety, emergencies or rules, so such sentences may be used. */
  asksRules: boolean;
  /** The request as written. */
  request: string;
}

/**
 * Words of a request that say what kind of post to write, or name the offering generically, not what
 * it is about ("Promote our boiler service" is about boilers).
 */
const FRAMING = new Set(
  [
    'post',
    'posts',
    'promote',
    'promotion',
    'promoting',
    'spotlight',
    'feature',
    'featuring',
    'highlight',
    'showcase',
    'tell',
    'people',
    'everyone',
    'share',
    'announce',
    'announcement',
    'remind',
    'reminder',
    'explain',
    'write',
    'advertise',
    'advert',
    'sell',
    'introduce',
    'celebrate',
    'caption',
    'tweet',
    'thread',
    'update',
    'quick',
    'please',
    'our',
    'new',
    'service',
    'services',
    'product',
    'products',
    'offer',
    'offering',
    'range',
    'business',
    'linkedin',
    'instagram',
    'facebook',
    'twitter',
    // Words that name a kind of post, not its subject: "behind the scenes", "answer a common question",
    // "our best seller", "a quick tip", "a customer story" leave the subject open (every fact may serve).
    'behind',
    'scenes',
    'answer',
    'common',
    'question',
    'questions',
    'faq',
    'best',
    'seller',
    'sellers',
    'bestseller',
    'popular',
    'favourite',
    'favorite',
    'tip',
    'tips',
    'story',
    'stories',
    'fact',
    'facts',
    'today',
    'week',
    'weekend',
    // Quantifiers say how much, not what: "mill certificates with every batch" is not about "free
    // cutting on every beam".
    'every',
    'each',
    'all',
    'any',
  ].flatMap((w) => contentStems(w)),
);

const ASKS_RULES =
  /\b(safety|safe|emergenc\w*|gas|danger\w*|warning|polic(y|ies)|terms|conditions|returns?|refunds?|cancel\w*|privacy|rules?)\b/i;

/** Instructions about danger and emergencies: out of place in a post that did not ask for them. */
const SAFETY =
  /\b(get out|leave the (house|building|property|premises)|evacuate|smell gas|gas leak|emergency line|call (911|999|112)|turn off the (gas|water|electricity|mains)|do not (use|touch|enter|attempt)|don't (use|touch|enter|attempt))\b/i;
/** Legal and policy wording: terms pages, not posts. */
const POLICY =
  /\b(we reserve the right|terms and conditions|liab(le|ility)|remain the property|restocking charge|cannot be returned|non-refundable|privacy (policy|notice)|third parties|personal data|responsible for return|cancel or reschedule|governed by)\b/i;
/** Page furniture. */
const FURNITURE =
  /©|\b(all rights reserved|cookies?|skip to (main )?content|back to top|read more|privacy policy|sign up for our newsletter)\b|(\s[|·]\s.*){2,}/i;
/** Words that make a run of words a sentence rather than a name, a label or a heading. */
const FUNCTION_WORD =
  /\b(the|a|an|we|our|you|your|is|are|was|were|be|has|have|had|to|for|with|and|or|of|in|on|at|by|from|it|its|this|that|every|all|can|will|no|not)\b/;

/** A sentence a post may carry at all (before relevance). */
export function usableSentence(text: string, asksRules: boolean): boolean {
  const t = text.trim();
  if (t.length < 12 || FURNITURE.test(t)) return false;
  // "Derek Yoon, Service Manager." or "Stock length: 7.5 m": no lowercase function word, no sentence.
  if (!FUNCTION_WORD.test(t)) return false;
  // A label and a short value ("Grade: S355J2H to EN 10210") is a spec-sheet line, not a sentence.
  if (/^[\p{L}-]+(?: [\p{L}-]+){0,5}:\s*[^.!?]{0,40}\.?$/u.test(t)) return false;
  if (!asksRules && (SAFETY.test(t) || POLICY.test(t))) return false;
  return true;
}

/** An FAQ answer's leading "Yes," / "No." says nothing without the question. */
export function withoutAnswerWord(text: string): string {
  const m = /^(yes|no|yep|nope)[,.!]\s+(\S)/i.exec(text);
  if (!m) return text;
  const rest = text.slice(m[0].length - 1);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** The subject in the request's words: the request less its leading framing words. */
function subjectPhrase(request: string): string {
  const words = request.replace(/[.!?]+$/, '').split(/\s+/);
  let i = 0;
  const lead = /^(a|an|the|our|my|about|on|for|of|to|we|us|some|new|and)$/i;
  while (i < words.length) {
    const w = (words[i] as string).replace(/[^\p{L}\p{N}-]/gu, '');
    const framing = contentStems(w).every((s) => FRAMING.has(s));
    if (lead.test(w) || framing) i++;
    else break;
  }
  const phrase = words
    .slice(i)
    .join(' ')
    .replace(/[,;:].*$/, '');
  return phrase || request;
}

/** Stems of what the business offers: its products and services, and its services and products entries. */
function offeringVocabulary(facts: SkillFacts): Set<string> {
  const out = new Set<string>();
  const add = (text: string | null | undefined) => {
    if (text) for (const s of contentStems(text)) out.add(s);
  };
  for (const p of facts.products) {
    add(p.name);
    add(p.description);
  }
  for (const e of facts.entries)
    if (e.category === 'services' || e.category === 'products') {
      add(e.question);
      add(e.answer);
    }
  return out;
}

/** Every stem the business's knowledge uses. */
function vocabulary(facts: SkillFacts): Set<string> {
  const out = new Set<string>();
  const add = (text: string | null | undefined) => {
    if (text) for (const s of contentStems(text)) out.add(s);
  };
  for (const e of facts.entries) {
    add(e.question);
    add(e.answer);
  }
  for (const p of facts.products) {
    add(p.name);
    add(p.description);
  }
  for (const e of facts.entities) add(e.name);
  return out;
}

/** Words that grade an offering rather than name a kind of it ("fast delivery" is still delivery). */
const QUALITY = new Set(
  [
    'good',
    'great',
    'best',
    'better',
    'fast',
    'faster',
    'quick',
    'cheap',
    'affordable',
    'friendly',
    'reliable',
    'local',
    'fresh',
    'professional',
    'expert',
    'trusted',
    'same-day',
    'free',
    'easy',
    'simple',
    'honest',
  ].flatMap((w) => contentStems(w)),
);

/**
 * A short subject whose head word the business uses but whose modifier it never does: "roof repairs"
 * for a plumber is not covered by its leak repairs, and "boiler fitting" not by its tap fitting. Only
 * for a two-word subject at the request's end whose head names something the business offers, the
 * modifier naming a kind of thing rather than grading it.
 */
function missingModifier(
  request: string,
  ordered: readonly string[],
  missing: readonly string[],
  facts: SkillFacts,
): boolean {
  if (ordered.length !== 2) return false;
  const head = ordered.at(-1) as string;
  const modifier = ordered.at(-2) as string;
  if (missing.includes(head) || !missing.includes(modifier) || QUALITY.has(modifier)) return false;
  // The head names something the business offers ("repairs" among a plumber's services), not a kind
  // of post ("customer review", "best seller", "behind the scenes").
  if (!offeringVocabulary(facts).has(head)) return false;
  // The request's last two words ("… roof repairs"; not "history since 1987", not "roof and repairs").
  const words = request
    .toLowerCase()
    .split(/[^\p{L}\p{N}'-]+/u)
    .filter(Boolean);
  const last = contentStems(words.at(-1) ?? '');
  const before = contentStems(words.at(-2) ?? '');
  return last.length === 1 && last[0] === head && before.length === 1 && before[0] === modifier;
}

export function topicOf(request: string, facts: SkillFacts): Topic {
  const ordered = contentStems(request).filter((s) => !FRAMING.has(s) && !/^\d+$/.test(s));
  const stems = new Set(ordered);
  const known = vocabulary(facts);
  const missing = [...stems].filter((s) => !known.has(s));
  const head = ordered.at(-1);
  const absent =
    stems.size > 0 &&
    (missing.length * 2 > stems.size ||
      (missing.length * 2 === stems.size && head !== undefined && missing.includes(head)) ||
      missingModifier(request, ordered, missing, facts));
  return {
    stems,
    missing,
    phrase: subjectPhrase(request),
    absent,
    asksRules: ASKS_RULES.test(request),
    request,
  };
}

/**
 * The stems that tell the subject apart: those in at most a third of the business's entries. When
 * every subject word is that common, they are all the subject has.
 */
function distinctive(stems: Set<string>, facts: SkillFacts): Set<string> {
  if (stems.size === 0) return stems;
  const docs = [
    ...facts.entries.map((e) => `${e.question} ${e.answer}`),
    ...facts.products.map((p) => `${p.name} ${p.description ?? ''}`),
  ];
  if (docs.length < 5) return stems;
  const df = new Map<string, number>();
  for (const d of docs)
    for (const s of new Set(contentStems(d).map((x) => subjectStemOf(x, stems))))
      if (s) df.set(s, (df.get(s) ?? 0) + 1);
  const rare = new Set([...stems].filter((s) => (df.get(s) ?? 0) / docs.length <= COMMON_SHARE));
  return rare.size > 0 ? rare : stems;
}

/** Sentences of an entry or product to keep, or null when none is left. */
function keptText(text: string, keep: (sentence: string) => boolean): string | null {
  const kept: string[] = [];
  for (const s of splitSentences(text)) {
    const t = withoutAnswerWord(s.text.trim());
    if (keep(t)) kept.push(t);
  }
  return kept.length > 0 ? kept.join(' ') : null;
}

/** How many of the subject's stems a text uses. */
function sharedStems(text: string, stems: ReadonlySet<string>): number {
  const found = new Set<string>();
  for (const s of contentStems(text)) {
    const match = subjectStemOf(s, stems);
    if (match) found.add(match);
  }
  return found.size;
}

function sharesStem(text: string, stems: ReadonlySet<string>): boolean {
  if (stems.size === 0) return false;
  return contentStems(text).some((s) => subjectStemOf(s, stems) !== undefined);
}

/**
 * Knowledge tied to one occasion or kind of post (an event, a job, a person, an award, an offer, a
 * policy): on topic only when the request is about that kind of thing, so a bread spotlight does not
 * pick up the workshop date or the award that also mention the bread.
 */
const OCCASIONS: Record<string, RegExp> = {
  news_events:
    /\b(events?|workshops?|class(es)?|courses?|news|fairs?|markets?|festivals?|christmas|easter|holidays?|season\w*|open\w*|clos\w*|launch\w*)\b/i,
  careers: /\b(hir\w*|jobs?|careers?|vacanc\w*|recruit\w*|apprentic\w*|roles?|join)\b/i,
  team_people: /\b(team|staff|meet|people|who|founders?|owners?|crew|colleagues?)\b/i,
  certifications_awards:
    /\b(awards?|won|winners?|certif\w*|accredit\w*|licen[cs]\w*|iso|prizes?|recogni\w*)\b/i,
  promotions_offers:
    /\b(offers?|discounts?|sales?|deals?|promo(tion)?s?|codes?|save|saving|off|voucher\w*|loyalty)\b/i,
  policies_legal: /\b(polic(y|ies)|terms|returns?|refunds?|privacy|cancel\w*|warrant\w*|guarantee\w*)\b/i,
};

/** Stems found in more than this share of the business's entries say nothing about a topic ("steel"). */
const COMMON_SHARE = 0.3;

/**
 * The facts a post on this topic may draw on. With a subject the business covers, only on-topic
 * sentences, however few: a short post on the subject reads better than one padded with the rest of
 * its category (a gift-voucher post with the allergen policy). Without a subject (e.g. "behind the
 * scenes"), every usable sentence. Entities (contact points, hours) stay. `mentioned` are the ids the
 * request names (a product): all of their own sentences are on topic.
 */
export function selectFacts(
  facts: SkillFacts,
  topic: Topic,
  mentioned: ReadonlySet<string> = new Set(),
): SkillFacts {
  const usable = (s: string) => usableSentence(s, topic.asksRules);
  const present = distinctive(new Set([...topic.stems].filter((s) => !topic.missing.includes(s))), facts);
  const focused = present.size > 0;
  // An entry's question speaks for its whole answer only when it names the subject, not one of its
  // words: "How much does the sourdough workshop cost?" is not about a country sourdough loaf.
  const titleNeeds = Math.min(2, present.size);
  const owned = (id: string, title: string) =>
    mentioned.has(id) || (focused && sharedStems(title, present) >= titleNeeds);
  const onTopic = (s: string) => sharesStem(s, present);
  const request = topic.request;

  const entries: SkillFacts['entries'] = [];
  const products: SkillFacts['products'] = [];
  for (const e of facts.entries) {
    const occasion = OCCASIONS[e.category];
    if (focused && occasion && !occasion.test(request) && !mentioned.has(e.id)) continue;
    const own = focused && owned(e.id, e.question);
    const answer = keptText(e.answer, (s) => usable(s) && (!focused || own || onTopic(s)));
    if (!answer) continue;
    entries.push(answer === e.answer ? e : { ...e, answer });
  }
  for (const p of facts.products) {
    const own = focused && owned(p.id, p.name);
    if (focused && !own && !(p.description && onTopic(p.description))) continue;
    const description = p.description
      ? keptText(p.description, (s) => usable(s) && (!focused || own || onTopic(s)))
      : null;
    products.push(description === p.description ? p : { ...p, description });
  }
  return { ...facts, entries, products };
}

/** Sentences that tell the reader to do something ("Order by 2pm …", "Call …"): a second call to action in a post's body. */
const CALL =
  /^(order|call|book|visit|find|email|e-mail|contact|shop|phone|message|pop|come|apply|grab|join|reserve|sign up|head|drop|ask|ring|get in touch)\b/i;

/**
 * The facts without imperative sentences, for posts whose skill has its own call to action and is not
 * a tip or an answer (where instructions are the content).
 */
export function withoutCalls(facts: SkillFacts): SkillFacts {
  const entries: SkillFacts['entries'] = [];
  for (const e of facts.entries) {
    const answer = keptText(e.answer, (s) => !CALL.test(s));
    if (answer) entries.push(answer === e.answer ? e : { ...e, answer });
  }
  const products = facts.products.map((p) => {
    const description = p.description ? keptText(p.description, (s) => !CALL.test(s)) : null;
    return description === p.description ? p : { ...p, description };
  });
  return { ...facts, entries, products };
}
