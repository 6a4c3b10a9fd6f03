/**
 * What a reader would object to in a generated post, checked automatically: each check reads the
 * finished text only (plus the request, the business's knowledge and its voice profile), never the
 * composer's internals, so it measures the composer rather than agreeing with it. Used by the
 * `generation-quality` bench (tuned and held-out requests) and unit-tested in
 * test/generation-quality.test.ts.
 */
import { type Platform, textLength } from '../../src/core/platforms.js';
import { splitSentences } from '../../src/core/text/sentences.js';
import { stem, stemSet, wordsOf } from '../../src/modules/skills/text/terms.js';

export type CheckName =
  | 'relevance'
  | 'safety'
  | 'pasted'
  | 'labels'
  | 'emoji'
  | 'hook'
  | 'cta'
  | 'rhythm'
  | 'repetition'
  | 'platform'
  | 'absent';

export const checkNames: readonly CheckName[] = [
  'relevance',
  'safety',
  'pasted',
  'labels',
  'emoji',
  'hook',
  'cta',
  'rhythm',
  'repetition',
  'platform',
  'absent',
];

export interface CheckResult {
  check: CheckName;
  ok: boolean;
  /** What failed, quoted from the post. */
  evidence?: string;
}

/** A request of the evaluation, with what a reader takes its subject to be. */
export interface QualityRequest {
  request: string;
  /** More words an on-topic sentence may use (synonyms, the product's own words). */
  about?: readonly string[];
  /** The business has nothing on this: the post must say so honestly, or nothing is written. */
  absent?: boolean;
}

export interface QualityInput {
  platform: Platform;
  text: string;
  request: QualityRequest;
  /** The business's knowledge as sentences (entries, product descriptions). */
  knowledge: readonly string[];
  /** The brand's usual words per sentence (voice profile p10/p50/p90); null without a voice. */
  wordsPerSentence: { p10: number; p50: number; p90: number } | null;
  /** "Label:" prefixes the skills' own layouts use (e.g. "Price"), allowed as lines. */
  layoutLabels: ReadonlySet<string>;
}

/** Words of a request that say what kind of post it is, not what it is about. */
const REQUEST_FILLER = new Set(
  [
    'post',
    'promote',
    'promotion',
    'spotlight',
    'feature',
    'tell',
    'people',
    'share',
    'announce',
    'remind',
    'explain',
    'write',
    'about',
    'our',
    'we',
    'the',
    'a',
    'an',
    'for',
    'new',
    'with',
    'every',
    'advertise',
    'sell',
    'why',
    'how',
    'customers',
    'service',
  ].map((w) => stem(w)),
);

/** The request's subject as stems. */
export function subjectStems(request: QualityRequest): Set<string> {
  const out = new Set<string>();
  for (const s of stemSet([request.request, ...(request.about ?? [])].join(' ')))
    if (!REQUEST_FILLER.has(s) && s.length > 1 && !/^\d+$/.test(s)) out.add(s);
  return out;
}

const URL = /https?:\/\/\S+/;
const PHONE = /\+?\(?\d{2,4}\)?[\s-]?\d{3}[\s-]?\d{3,4}/;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;
const CTA_VERB =
  /^(?:questions\?\s*)?(call|book|order|visit|find|see|shop|message|dm|email|e-mail|get in touch|contact|apply|ring|pop in|come|grab|reserve|join|read|learn|try|ask|details|more at|link in bio|to order|to book|to apply|to claim)\b/i;

/** A sentence that tells the reader what to do next (a link, a number, an address or a verb). */
export function isCtaSentence(sentence: string): boolean {
  const s = sentence.trim();
  if (/link in bio/i.test(s)) return true;
  if (URL.test(s) || EMAIL.test(s)) return true;
  if (PHONE.test(s) && /\b(call|ring|phone|text|whatsapp|order|book)\b/i.test(s)) return true;
  return CTA_VERB.test(s) && s.length < 160;
}

function isHashtagLine(line: string): boolean {
  return /^(#[\p{L}\p{N}_]+\s*)+$/u.test(line.trim());
}

/** The post's lines and sentences, without hashtag lines. */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const l = line.trim();
    if (!l || isHashtagLine(l)) continue;
    let lead = '';
    for (const s of splitSentences(l.replace(/(^|\s)#[\p{L}\p{N}_]+/gu, ' ').trim())) {
      const t = s.text.trim();
      if (!t) continue;
      // "Questions? Call 01904 555123." is one call to action (isCtaSentence reads it so), not a
      // one-word sentence and a call.
      if (/^questions\?$/i.test(t)) {
        lead = `${t} `;
        continue;
      }
      out.push(`${lead}${t}`);
      lead = '';
    }
    if (lead) out.push(lead.trim());
  }
  return out;
}

const EMOJI = /\p{Extended_Pictographic}/gu;

/**
 * Sentences from the business's knowledge that are about the subject: they name it. A sentence of
 * the post taken from one of them (or sharing its words) stays on topic even without the name
 * ("Fermented for 36 hours" in a sourdough post).
 */
function subjectKnowledge(knowledge: readonly string[], subject: Set<string>): Set<string>[] {
  const out: Set<string>[] = [];
  for (const k of knowledge) {
    const stems = stemSet(k);
    if ([...subject].some((s) => stems.has(s))) out.push(stems);
  }
  return out;
}

function onTopic(sentence: string, subject: Set<string>, about: readonly Set<string>[]): boolean {
  const stems = stemSet(sentence);
  if ([...subject].some((s) => stems.has(s))) return true;
  const content = [...stems].filter((s) => s.length > 2);
  if (content.length === 0) return true;
  // Most of its words come from one sentence about the subject.
  return about.some((k) => content.filter((s) => k.has(s)).length / content.length >= 0.6);
}

function checkRelevance(input: QualityInput, sentences: string[]): CheckResult {
  const subject = subjectStems(input.request);
  const about = subjectKnowledge(input.knowledge, subject);
  // A line of the skill's own layout with its value ("Price: £5.20" under a loaf's spotlight) belongs
  // to the post's subject like the line it follows; the labels check judges such lines.
  const layoutLine = (s: string) => {
    const m = /^([\p{L} ]{2,30}):\s*\S/u.exec(s.trim());
    return m !== null && input.layoutLabels.has((m[1] as string).trim().toLowerCase());
  };
  const off = sentences
    .slice(1)
    .filter((s) => !isCtaSentence(s) && !isQuestion(s) && !layoutLine(s) && !onTopic(s, subject, about));
  return off.length === 0
    ? { check: 'relevance', ok: true }
    : { check: 'relevance', ok: false, evidence: off.join(' | ') };
}

function isQuestion(s: string): boolean {
  return /\?\s*\p{Extended_Pictographic}?$/u.test(s.trim());
}

/** Instructions about danger, emergencies or rules: wrong in a promotional post nobody asked for. */
const SAFETY =
  /\b(get out|leave the (house|building|property)|evacuate|smell gas|gas leak|emergency line|call 911|call 999|turn off the (gas|water|electricity)|do not (use|touch|enter)|don't (use|touch|enter)|warning)\b/i;
const POLICY =
  /\b(we reserve the right|terms and conditions|liable|liability|remain the property|restocking charge|cannot be returned|non-refundable|privacy (policy|notice)|third parties|cancel or reschedule|responsible for return)\b/i;
const ASKS_SAFETY =
  /\b(safety|safe|emergenc\w*|gas|leak|warning|danger|polic(y|ies)|terms|returns?|refunds?|cancel\w*|privacy)\b/i;

function checkSafety(input: QualityInput, sentences: string[]): CheckResult {
  if (ASKS_SAFETY.test(input.request.request)) return { check: 'safety', ok: true };
  const bad = sentences.filter((s) => SAFETY.test(s) || POLICY.test(s));
  return bad.length === 0
    ? { check: 'safety', ok: true }
    : { check: 'safety', ok: false, evidence: bad.join(' | ') };
}

/** Signatures and bylines, navigation, cookie banners, copyright lines pasted into the post. */
const PASTED = [
  /^[A-Z][a-z]+ [A-Z][a-z]+(?:-[A-Z][a-z]+)?,\s*(?:[A-Z][a-z]+\s?){1,4}\.?$/, // "Derek Yoon, Service Manager."
  /^[A-Z][a-z]+ [A-Z][a-z]+\s+[–—-]\s+(?:[A-Z][a-z]+\s?(?:and\s)?){1,4}$/, // "Emma Walsh – Managing Director"
  /\b(skip to (main )?content|all rights reserved|cookie|accept all|privacy policy|back to top|read more|home \| |menu \|)/i,
  /©/,
  /^(home|menu|about|contact|faq|services|pricing|reviews)(\s+(home|menu|about|contact|faq|services|pricing|reviews|us)){2,}/i,
];

function checkPasted(_input: QualityInput, sentences: string[]): CheckResult {
  const bad = sentences.filter((s) => PASTED.some((re) => re.test(s.trim())));
  return bad.length === 0
    ? { check: 'pasted', ok: true }
    : { check: 'pasted', ok: false, evidence: bad.join(' | ') };
}

/** A line that is only a label, or a label and a bare value ("Price: £5.20", "Sizes:"). */
function checkLabels(input: QualityInput): CheckResult {
  const bad: string[] = [];
  const lines = input.text.split(/\n+/);
  for (const [i, line] of lines.entries()) {
    const m = /^([\p{L} ]{2,30}):\s*(.*)$/u.exec(line.trim());
    if (!m) continue;
    const label = (m[1] as string).trim();
    const value = (m[2] as string).trim();
    if (/https?$/i.test(label)) continue;
    // A lead-in to a list ("How it works:" then "1. …") is not dangling.
    if (value === '' && /^\s*(\d+[.)]|[-•*])\s/.test(lines[i + 1] ?? '')) continue;
    const bare = value === '' || wordsOf(value).length <= 3 || !/\s\p{Ll}+\s/u.test(` ${value} `);
    if (!bare) continue;
    if (value !== '' && input.layoutLabels.has(label.toLowerCase())) continue;
    bad.push(line.trim());
  }
  return bad.length === 0
    ? { check: 'labels', ok: true }
    : { check: 'labels', ok: false, evidence: bad.join(' | ') };
}

/** Emoji read as nervous, sad or alarmed: wrong next to good news. */
const UNEASY = new Set([
  '😅',
  '😬',
  '😢',
  '😭',
  '😱',
  '😰',
  '😥',
  '🙈',
  '💀',
  '😡',
  '😤',
  '😓',
  '😟',
  '😞',
  '🥲',
  '😳',
  '🤦',
]);
/** Emoji that celebrate: wrong next to bad news. */
const CHEERFUL = new Set(['🎉', '🥳', '🙌', '😍', '🤩', '🎊', '😋', '🔥', '💃', '🥂', '😁', '😄', '😃']);
const BAD_NEWS =
  /\b(sorry|sold out|out of stock|closed|delay\w*|cancel\w*|burst|leak\w*|flood\w*|broken|emergenc\w*|frozen|damage\w*|fault\w*|oops|unfortunately|can't|cannot|won't|no longer)\b/i;

function checkEmoji(_input: QualityInput, sentences: string[]): CheckResult {
  const bad: string[] = [];
  for (const s of sentences) {
    const emoji = s.match(EMOJI) ?? [];
    if (emoji.length === 0) continue;
    const negative = BAD_NEWS.test(s);
    for (const e of emoji) {
      if (!negative && UNEASY.has(e)) bad.push(s);
      else if (negative && CHEERFUL.has(e)) bad.push(s);
    }
  }
  return bad.length === 0
    ? { check: 'emoji', ok: true }
    : { check: 'emoji', ok: false, evidence: bad.join(' | ') };
}

/** A first line that opens the post: a sentence or question, inside the fold, not a label or a link. */
function checkHook(input: QualityInput): CheckResult {
  const first = input.text.split(/\n/)[0]?.trim() ?? '';
  const plain = first.replace(EMOJI, '').trim();
  const problems: string[] = [];
  if (!plain) problems.push('no first line');
  else {
    if (isHashtagLine(plain) || URL.test(plain) || isCtaSentence(plain))
      problems.push('opens with a call to action or tags');
    if (/^[\p{L} ]{2,30}:\s*\S{0,20}$/u.test(plain)) problems.push('opens with a label');
    if (/^(it|this|these|they|however|also|and|but|so)\b/i.test(plain)) problems.push('opens mid-thought');
    const firstSentence = splitSentences(plain)[0]?.text.trim() ?? plain;
    if (textLength(input.platform, firstSentence) > 150) problems.push('first sentence over 150 characters');
    if (wordsOf(firstSentence).length < 3) problems.push('first sentence under 3 words');
  }
  return problems.length === 0
    ? { check: 'hook', ok: true }
    : { check: 'hook', ok: false, evidence: `${problems.join('; ')}: ${first}` };
}

function checkCta(_input: QualityInput, sentences: string[]): CheckResult {
  const ctas = sentences.filter(isCtaSentence);
  // A closing question to the reader is a call to action too ("Where do you land on this?").
  const last = sentences.at(-1);
  if (ctas.length === 0 && last && isQuestion(last)) return { check: 'cta', ok: true };
  if (ctas.length === 1) return { check: 'cta', ok: true };
  return {
    check: 'cta',
    ok: false,
    evidence: ctas.length === 0 ? 'no call to action' : `${ctas.length} calls to action: ${ctas.join(' | ')}`,
  };
}

/** Words per sentence near the brand's own: the median sentence within the brand's p10-p90 (widened). */
function checkRhythm(input: QualityInput, sentences: string[]): CheckResult {
  const voice = input.wordsPerSentence;
  const prose = sentences
    .filter((s) => !isCtaSentence(s))
    .map((s) => wordsOf(s).length)
    .filter((n) => n > 0);
  if (!voice || prose.length === 0) return { check: 'rhythm', ok: true };
  const sorted = [...prose].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as number;
  const low = Math.max(2, voice.p10 - 2);
  const high = voice.p90 + 4;
  const longest = sorted.at(-1) as number;
  const ok = median >= low && median <= high && longest <= Math.max(high * 1.6, 30);
  return ok
    ? { check: 'rhythm', ok: true }
    : {
        check: 'rhythm',
        ok: false,
        evidence: `median ${median} words (brand ${voice.p10}-${voice.p90}), longest ${longest}`,
      };
}

/** Content stems said three times or more (the subject's own name excepted), or openers repeated. */
function checkRepetition(input: QualityInput, sentences: string[]): CheckResult {
  const subject = subjectStems(input.request);
  const counts = new Map<string, number>();
  for (const s of sentences.filter((x) => !isCtaSentence(x)))
    for (const st of stemSet(s))
      if (st.length > 2 && !subject.has(st) && !/^\d/.test(st)) counts.set(st, (counts.get(st) ?? 0) + 1);
  const repeated = [...counts].filter(([, n]) => n >= 3).map(([s]) => s);
  const openers = sentences.map((s) => wordsOf(s)[0] ?? '');
  const sameOpener = openers.some((o, i) => i > 0 && o !== '' && o === openers[i - 1] && !/^(we|i)$/.test(o));
  if (repeated.length === 0 && !sameOpener) return { check: 'repetition', ok: true };
  return {
    check: 'repetition',
    ok: false,
    evidence: [repeated.length ? `stems ${repeated.join(', ')}` : '', sameOpener ? 'same opener twice' : '']
      .filter(Boolean)
      .join('; '),
  };
}

/**
 * Platform norms: X within 280 weighted and punchy (at most 3 sentences); LinkedIn 600-1,300
 * characters when the business has that much to say on the subject; Instagram with line breaks, at
 * most 5 hashtags and no link.
 */
function checkPlatform(input: QualityInput, sentences: string[], subjectChars: number): CheckResult {
  const { platform, text } = input;
  const problems: string[] = [];
  const hashtags = (text.match(/(^|\s)#[\p{L}\p{N}_]+/gu) ?? []).length;
  if (platform === 'x') {
    const n = textLength('x', text);
    if (n > 280) problems.push(`${n} weighted characters`);
    if (sentences.length > 3) problems.push(`${sentences.length} sentences`);
    if (hashtags > 2) problems.push(`${hashtags} hashtags`);
  } else if (platform === 'linkedin') {
    const n = textLength('linkedin', text);
    if (n > 1300) problems.push(`${n} characters`);
    if (n < 600 && subjectChars >= 600)
      problems.push(`${n} characters though the business has ${subjectChars} on it`);
    if (hashtags > 3) problems.push(`${hashtags} hashtags`);
  } else if (platform === 'instagram') {
    if (!/\n/.test(text.trim())) problems.push('no line breaks');
    if (hashtags > 5) problems.push(`${hashtags} hashtags`);
    if (URL.test(text)) problems.push('a link in the caption');
  }
  return problems.length === 0
    ? { check: 'platform', ok: true }
    : { check: 'platform', ok: false, evidence: problems.join('; ') };
}

/** A post on a subject the business never mentions says so, rather than writing about something else. */
const HONEST =
  /\b(don't|do not|doesn't|does not|aren't|isn't|not)\b[^.]*\b(list|offer|sell|stock|carry|do|cover|make|bake|fit|supply)\b/i;
function checkAbsent(input: QualityInput): CheckResult {
  if (!input.request.absent) return { check: 'absent', ok: true };
  return HONEST.test(input.text)
    ? { check: 'absent', ok: true }
    : { check: 'absent', ok: false, evidence: 'writes on without saying the subject is not offered' };
}

/** Characters of the business's knowledge about the request's subject. */
export function subjectChars(request: QualityRequest, knowledge: readonly string[]): number {
  const subject = subjectStems(request);
  let n = 0;
  for (const k of knowledge) {
    const stems = stemSet(k);
    if ([...subject].some((s) => stems.has(s))) n += k.length;
  }
  return n;
}

export function checkPost(input: QualityInput): CheckResult[] {
  const sentences = sentencesOf(input.text);
  return [
    checkRelevance(input, sentences),
    checkSafety(input, sentences),
    checkPasted(input, sentences),
    checkLabels(input),
    checkEmoji(input, sentences),
    checkHook(input),
    checkCta(input, sentences),
    checkRhythm(input, sentences),
    checkRepetition(input, sentences),
    checkPlatform(input, sentences, subjectChars(input.request, input.knowledge)),
    checkAbsent(input),
  ];
}
