/**
 * The structure of a post, as the skill builder reads it: how it opens (hook type), its form (a list,
 * a story, a question, a statement), where its call to action sits, whether hashtags come as a block
 * at the end, list markers (numbers, bullets, emoji bullets) and length. Two posts with the same
 * signature are built the same way, whatever they say.
 */
import { splitSentences } from '../../../core/text/sentences.js';
import { countEmoji, hashtagsOf, linksOf } from '../format/text-features.js';

export const hookTypes = [
  'question',
  'number',
  'list_promise',
  'news',
  'quote',
  'how_to',
  'exclamation',
  'imperative',
  'statement',
] as const;
export type HookType = (typeof hookTypes)[number];

export type PostForm = 'list' | 'story' | 'question' | 'statement';
export type CtaPosition = 'end' | 'middle' | 'none';
export type HashtagPosition = 'end_block' | 'inline' | 'none';

export interface PostStructure {
  hook: HookType;
  hookText: string;
  form: PostForm;
  /** The marker list lines start with (`1.`, `•`, `-`, an emoji), when the post has a list. */
  listMarker: string | null;
  listItems: string[];
  /** The text between the hook and the closing lines (not counting list items). */
  body: string;
  cta: { position: CtaPosition; text: string | null };
  hashtags: { position: HashtagPosition; tags: string[] };
  emojiBullets: boolean;
  emoji: number;
  links: number;
  mentions: number;
  length: number;
  paragraphs: number;
  /** The last line that is not hashtags or the call to action (a sign-off, when there is one). */
  closing: string | null;
}

const NEWS = /^(new|now|introducing|announcing|just|coming soon|back|launching|out now|meet)\b/i;
const IMPERATIVE =
  /^(grab|try|get|check|join|don'?t|swing|come|order|book|save|stop|find|visit|call|shop|tag|share|watch|read|learn|discover|pop|treat|make|take|give|remember|think|look|ask|tell|see|use|keep|enjoy|celebrate|say)\b/i;
const CTA =
  /\b(visit|call|ring|order|book|shop|grab|swing by|pop in|come (in|and|down|by)|dm|message us|comment|tell us|let us know|link in (bio|profile)|tap|click|check out|sign up|register|apply|head (to|over)|get yours|find out more|learn more|read more|details at|more at|see it at|email)\b/i;
const LIST_LINE = /^\s*(\d{1,2}[.)/]|[•\-*–▪►✅✔☑👉➡🔹🔸⭐]\uFE0F?)\s+/u;
const EMOJI_START = /^\s*(\p{Extended_Pictographic}\uFE0F?)\s*/u;

function markerOf(line: string): string | null {
  const m = LIST_LINE.exec(line);
  if (m) return /^\d/.test(m[1] as string) ? `1${(m[1] as string).replace(/^\d+/, '')}` : (m[1] as string);
  const e = EMOJI_START.exec(line);
  return e ? (e[1] as string) : null;
}

function hookType(first: string): HookType {
  // A label before a colon ("Quick tip:", "New:") says what the post is, not how it opens.
  const t = first
    .trim()
    .replace(/^(\S+(?:\s+\S+){0,2}):\s+(?=\S)/u, (label, _w, _offset, whole) =>
      /^(new|now)\b/i.test(label) ? label : whole.length > label.length ? '' : label,
    );
  if (/^["“‘']/.test(t)) return 'quote';
  if (/^how (to|we|i)\b/i.test(t)) return 'how_to';
  if (/\?\s*(\p{Extended_Pictographic}\uFE0F?\s*)*$/u.test(t)) return 'question';
  if (/^\d[\d,.]*\s+\p{L}+.*:\s*$/u.test(t)) return 'list_promise';
  if (/\d/.test(t)) return 'number';
  if (NEWS.test(t)) return 'news';
  if (IMPERATIVE.test(t)) return 'imperative';
  if (/!\s*(\p{Extended_Pictographic}\uFE0F?\s*)*$/u.test(t)) return 'exclamation';
  return 'statement';
}

function onlyHashtags(line: string): boolean {
  const rest = line.replace(/#[\p{L}\p{N}_]+/gu, '').trim();
  return hashtagsOf(line).length > 0 && rest === '';
}

/** Reads the structure of one post. */
export function postStructure(text: string): PostStructure {
  const clean = text.replace(/\r\n?/g, '\n').trim();
  const lines = clean.split('\n').map((l) => l.trim());
  const content = lines.filter((l) => l !== '');
  const paragraphs = clean.split(/\n\s*\n/).filter((p) => p.trim() !== '').length;
  const tags = hashtagsOf(clean).map((t) => `#${t}`);
  // Hashtags that close the post: trailing lines of only tags, or tags after the last sentence.
  const trailingTagLines: string[] = [];
  while (content.length > 0 && onlyHashtags(content.at(-1) as string))
    trailingTagLines.unshift(content.pop() as string);
  let hashtagPosition: HashtagPosition =
    tags.length === 0 ? 'none' : trailingTagLines.length > 0 ? 'end_block' : 'inline';
  if (hashtagPosition === 'inline' && content.length > 0) {
    const last = content.at(-1) as string;
    const trimmed = last.replace(/(\s+#[\p{L}\p{N}_]+)+\s*$/u, '');
    if (trimmed !== last && trimmed.trim() !== '') {
      content[content.length - 1] = trimmed.trim();
      hashtagPosition = 'end_block';
    }
  }
  // The hook is the first sentence; the rest of its line belongs to the body.
  const first = content[0] ?? '';
  const firstSentences = splitSentences(first).map((s) => s.text.trim());
  const firstSentence = firstSentences[0] ?? first;
  const listLines = content.slice(1).filter((l) => markerOf(l) !== null);
  const isList = listLines.length >= 2;
  const markers = listLines.map(markerOf).filter((m): m is string => m !== null);
  const marker = isList ? (mode(markers) ?? null) : null;
  const rest = [...firstSentences.slice(1), ...content.slice(1)];
  // The call to action: the last sentence that reads like one.
  const sentences = rest.flatMap((l) =>
    markerOf(l) !== null && isList ? [] : splitSentences(l).map((s) => s.text.trim()),
  );
  // A link makes a call to action only when the sentence is little more than the link; a sentence
  // that says something and links to it is content.
  const bareLink = (s: string) =>
    linksOf(s).length > 0 &&
    linksOf(s)
      .reduce((rest, l) => rest.replace(l, ''), s)
      .trim().length < 25;
  const ctaIndex = findLastIndex(sentences, (s) => CTA.test(s) || bareLink(s));
  const ctaText = ctaIndex >= 0 ? (sentences[ctaIndex] as string) : null;
  const ctaPosition: CtaPosition =
    ctaIndex < 0 ? 'none' : ctaIndex >= sentences.length - 2 ? 'end' : 'middle';
  const body = sentences.filter((s, i) => i !== ctaIndex && s !== '').join(' ');
  const lastLine = content.at(-1) ?? null;
  const closing =
    content.length > 2 && lastLine && lastLine !== ctaText && !(isList && markerOf(lastLine) !== null)
      ? lastLine
      : null;
  const narrative = (body.match(/\b(we|i)\s+\w+ed\b|\b(yesterday|today|this morning|last week)\b/gi) ?? [])
    .length;
  const hook = hookType(firstSentence);
  const form: PostForm = isList
    ? 'list'
    : /\?\s*$/.test(sentences.at(-1) ?? '') || (hook === 'question' && sentences.length <= 1)
      ? 'question'
      : narrative >= 2
        ? 'story'
        : 'statement';
  return {
    hook,
    hookText: firstSentence,
    form,
    listMarker: marker,
    listItems: isList ? listLines.map((l) => l.replace(LIST_LINE, '').replace(EMOJI_START, '').trim()) : [],
    body,
    cta: { position: ctaPosition, text: ctaText },
    hashtags: { position: hashtagPosition, tags },
    emojiBullets: isList && marker !== null && /\p{Extended_Pictographic}/u.test(marker),
    emoji: countEmoji(clean),
    links: linksOf(clean).length,
    mentions: (clean.match(/(^|\s)@\w+/g) ?? []).length,
    length: [...clean].length,
    paragraphs,
    closing,
  };
}

/** What two posts must share to count as built the same way. */
export function structureSignature(s: PostStructure): string {
  const hook = s.hook === 'list_promise' ? 'number' : s.hook;
  return [
    s.form,
    hook,
    s.cta.position,
    s.hashtags.position,
    s.form === 'list' ? markerClass(s.listMarker) : '-',
  ].join('|');
}

export function markerClass(marker: string | null): string {
  if (!marker) return 'none';
  if (/^1/.test(marker)) return 'numbered';
  if (/\p{Extended_Pictographic}/u.test(marker)) return 'emoji';
  return 'bullet';
}

export function mode<T>(values: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  let n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return best;
}

function findLastIndex<T>(items: readonly T[], test: (t: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return i;
  return -1;
}
