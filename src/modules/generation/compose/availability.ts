/**
 * Honest availability. A request to promote a product the catalogue marks out of stock never gets a
 * plain promotion: the composer writes that it is sold out, says when it is back if the site says so,
 * and points to an in-stock alternative when the catalogue has one. Every name, price, date and link
 * in these posts is the catalogue's; the connecting words state nothing checkable.
 */
import { type Platform, textLength, textLimits } from '../../../core/platforms.js';
import { splitSentences } from '../../../core/text/sentences.js';
import type { ProductView } from '../pipeline/deps.js';
import type { ComposedSegment } from './composer.js';
import { emojiFits } from './emoji-fit.js';
import type { Rng } from './rng.js';
import type { ComposeStyle } from './style.js';
import { jaccard, stemSet } from './text.js';

const OUT = /out[\s_-]?of[\s_-]?stock|sold[\s_-]?out|discontinued|unavailable|no longer available/i;
const IN = /^(in[\s_-]?stock|instock|available|limited[\s_-]?availability)$/i;

/** True when the catalogue says the product cannot be bought now. */
export function isOutOfStock(p: Pick<ProductView, 'availability' | 'availabilityText'>): boolean {
  const a = (p.availability ?? '').replace(/^https?:\/\/schema\.org\//i, '');
  if (IN.test(a)) return false;
  return OUT.test(a) || (!a && OUT.test(p.availabilityText ?? ''));
}

/** True when the catalogue positively says it is in stock (an unknown stock is not an alternative). */
export function isInStock(p: Pick<ProductView, 'availability'>): boolean {
  return IN.test((p.availability ?? '').replace(/^https?:\/\/schema\.org\//i, ''));
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** When it is back, in words, from the catalogue's date (`2027-03-14`, `2027-03`, `--06`); else null. */
export function backOnText(availableFrom: string | null | undefined): string | null {
  if (!availableFrom) return null;
  const full = /^(\d{4})-(\d{2})-(\d{2})/.exec(availableFrom);
  if (full) {
    const d = new Date(Date.UTC(Number(full[1]), Number(full[2]) - 1, Number(full[3])));
    if (Number.isNaN(d.getTime())) return null;
    return `on ${new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d)}`;
  }
  const month = /^(?:(\d{4})-|--)(\d{2})$/.exec(availableFrom);
  const name = month ? MONTHS[Number(month[2]) - 1] : undefined;
  if (month && name) return `in ${name}${month[1] ? ` ${month[1]}` : ''}`;
  return null;
}

/** The page's own stock words when they say more than "sold out" (when it returns, the next batch). */
function stockWords(p: ProductView): string | null {
  const t = p.availabilityText?.trim();
  if (!t) return null;
  return /\b(back|next|restock|expected|return|again|from|until|batch|bottling|harvest|roast|week|month|january|february|march|april|may|june|july|august|september|october|november|december|\d)/i.test(
    t,
  )
    ? t
    : null;
}

/** In-stock products that could stand in for the sold-out one, best first. */
export function alternativesFor(product: ProductView, catalogue: readonly ProductView[]): ProductView[] {
  const own = stemSet(`${product.name} ${product.description ?? ''} ${product.section ?? ''}`);
  return catalogue
    .filter((p) => p.id !== product.id && !p.hidden && isInStock(p))
    .map((p) => ({
      p,
      score:
        (p.kind === product.kind ? 1 : 0) +
        (p.section && p.section === product.section ? 1 : 0) +
        2 * jaccard(own, stemSet(`${p.name} ${p.description ?? ''} ${p.section ?? ''}`)) +
        (p.priceText || p.price !== null ? 0.2 : 0),
    }))
    .sort((a, b) => b.score - a.score || (a.p.name < b.p.name ? -1 : 1))
    .map((x) => x.p);
}

export interface SoldOutPost {
  text: string;
  segments: ComposedSegment[];
  /** The product written about, and the alternative offered (if any). */
  productId: string;
  alternativeId: string | null;
  /** Frames used, so the reranker can tell the candidates' structures apart. */
  structure: string;
}

function possessive(style: ComposeStyle): string {
  return style.person === 'i' ? 'my' : style.person === 'we' ? 'our' : 'the';
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface SoldOutInput {
  product: ProductView;
  price: (p: ProductView) => string | null;
  alternatives: readonly ProductView[];
  platform: Platform;
  style: ComposeStyle;
  rng: Rng;
  variant: number;
  hashtags: readonly string[];
  /** A phone number or e-mail to ask, when links do not suit the platform. */
  contact: { text: string; source: string } | null;
}

/**
 * A post saying the product is sold out, when it is back if known, and what to have instead. Variants
 * differ in opening, in which alternative they offer, and in whether they give its detail.
 */
export function soldOutPost(input: SoldOutInput): SoldOutPost {
  const { product, platform, style, rng, variant } = input;
  const our = possessive(style);
  const segments: ComposedSegment[] = [];
  const lines: string[] = [];
  const say = (text: string, source?: string) => {
    if (source) segments.push({ text, source });
    return text;
  };
  const openers = [
    `${cap(our)} ${product.name} has sold out.`,
    `${product.name}: sold out for now.`,
    `Sorry, ${our} ${product.name} is sold out at the moment.`,
    `A quick update on ${our} ${product.name}: it is out of stock.`,
  ];
  const opener = openers[variant % openers.length] as string;
  const back = backOnText(product.availableFrom);
  const words = stockWords(product);
  const first = [say(opener, product.id)];
  if (back) first.push(say(`It is back ${back}.`, product.id));
  else if (words) first.push(say(/[.!?]$/.test(words) ? words : `${words}.`, product.id));
  lines.push(first.join(' '));

  const alternative = input.alternatives[variant % Math.max(1, Math.min(2, input.alternatives.length))];
  let structure = `sold_out.${variant % openers.length}`;
  if (alternative) {
    const price = input.price(alternative);
    const frames = [
      `In the meantime, ${our} ${alternative.name} is in stock${price ? ` at ${price}` : ''}.`,
      `Looking for something similar? ${cap(our)} ${alternative.name} is in stock${price ? `, ${price}` : ''}.`,
    ];
    lines.push(say(frames[variant % frames.length] as string, alternative.id));
    const detail = alternative.description
      ? splitSentences(alternative.description)[0]?.text.trim()
      : undefined;
    if (detail && variant % 2 === 0 && detail.length <= 220) lines.push(say(detail, alternative.id));
    structure += `.alt${variant % frames.length}`;
  } else if (!back && !words) {
    lines.push('We will post here as soon as it is back.');
  }
  const linkOk = platform !== 'instagram' && !style.modifiers.noLinks;
  const url = alternative?.url ?? product.url;
  if (linkOk && url)
    lines.push(say(`${alternative ? 'See it at' : 'Keep an eye on'} ${url}`, alternative?.id ?? product.id));
  else if (input.contact) lines.push(say(`Questions? ${input.contact.text}`, input.contact.source));
  const emoji = style.emoji.find((e) => emojiFits(e, lines[0] ?? ''));
  if (emoji && rng() < style.emojiShare * 0.5) lines[0] = `${lines[0]} ${emoji}`;
  const tags = style.maxHashtags === 0 ? [] : input.hashtags.slice(0, Math.min(style.maxHashtags ?? 2, 2));
  if (tags.length > 0) lines.push(tags.join(' '));

  // Fit the platform: drop the detail, then the tags, then the link, never the sold-out line.
  let text = lines.join('\n\n');
  const limit = textLimits[platform].maxLength;
  const dropOrder = [2, lines.length - 1, lines.length - 2];
  for (const i of dropOrder) {
    if (textLength(platform, text) <= limit || lines.length <= 1) break;
    if (i > 0 && i < lines.length) lines.splice(i, 1);
    text = lines.join('\n\n');
  }
  return { text, segments, productId: product.id, alternativeId: alternative?.id ?? null, structure };
}
