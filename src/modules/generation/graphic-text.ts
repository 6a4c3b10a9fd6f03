import { splitSentences } from '../../core/text/sentences.js';
import type { OperationContext } from '../../operations/define.js';
import { getContent } from './content.js';
import type { Candidate } from './schemas.js';

/** What a post graphic says: a headline, and a subline when the post has a short second sentence. */
export interface GraphicText {
  headline: string;
  subline?: string;
  platform?: string;
  altText?: string;
}

const HEADLINE_MAX = 90;
const SUBLINE_MAX = 120;
/** Graphics are drawn once per content; the roomiest platform's wording reads best on an image. */
const PLATFORM_ORDER = ['linkedin', 'facebook', 'instagram', 'x'] as const;

/** Post text without what does not belong on an image: links, hashtags, mentions, emoji, line breaks. */
function imageText(text: string): string {
  return text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/(^|\s)[#@][\p{L}\p{N}_]+/gu, ' ')
    .replace(/\p{Extended_Pictographic}|\u{FE0F}|\u{200D}/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/ ([.,!?;:])/g, '$1')
    .trim();
}

/** `text` cut at a word boundary to `max` characters, with an ellipsis when cut. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–-]+$/, '')}…`;
}

/** The headline and subline of a candidate: its first sentence, and its second when that is short. */
export function graphicTextOf(candidate: Pick<Candidate, 'text' | 'platform'>): GraphicText {
  const sentences = splitSentences(imageText(candidate.text))
    .map((s) => s.text.trim())
    .filter((s) => s.length > 0);
  const [first = imageText(candidate.text), second] = sentences;
  const out: GraphicText = { headline: clip(first, HEADLINE_MAX), platform: candidate.platform };
  if (second && second.length <= SUBLINE_MAX) out.subline = second;
  return out;
}

/** The graphic text of stored content: its top candidate on the roomiest platform it has. */
export async function graphicTextFor(ctx: OperationContext, contentId: string): Promise<GraphicText> {
  const content = await getContent(ctx, contentId);
  const top = (platform: string) =>
    content.candidates.filter((c) => c.platform === platform).sort((a, b) => a.rank - b.rank)[0];
  const candidate = PLATFORM_ORDER.map(top).find((c) => c !== undefined);
  if (!candidate) return { headline: clip(imageText(content.request ?? ''), HEADLINE_MAX) };
  const text = graphicTextOf(candidate);
  const alt = content.media.find((m) => m.altText)?.altText;
  return alt ? { ...text, altText: alt } : text;
}
