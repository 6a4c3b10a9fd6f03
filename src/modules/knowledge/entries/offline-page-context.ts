/**
 * What the offline engine's readers share while they walk one page: the page, its parsed Markdown
 * blocks, the business's name, and the drafts and entities found so far. A draft is an entry before
 * its category is judged and its support checked (see offline-engine.ts).
 */
import type { KnowledgeCategory } from './categories.js';
import type { Entity } from './entities.js';
import { type Block, parseBlocks } from './markdown-blocks.js';
import { normalizeForMatch } from './normalize.js';
import { findPrices, type PriceMatch } from './patterns.js';
import type { SupportSpan } from './support.js';
import type { TextScanContext } from './text-entities.js';
import type { EntryKind, PageInput } from './types.js';

export interface Draft {
  question: string;
  answer: string;
  kind: EntryKind;
  support: SupportSpan;
  headingPath: string[];
  confidence: number;
  /** Text the category is judged from (the answer, or question and answer for real questions). */
  classifyText: string;
  fixedCategory?: { category: KnowledgeCategory; confidence: number };
}

const CAREERS = /\b(?:jobs?|careers?|vacanc|hiring|join (?:the|our) team|work(?:ing)? (?:for|with) us)\b/i;
const DELIVERY = /\b(?:deliver\w*|shipping|postage|carriage|dispatch)\b/i;

/** The business's name: site name, JSON-LD organisation, or the title's last part ("… | Next Day Steel"). */
export function businessName(page: PageInput): string | null {
  const s = page.structured;
  const fromLd = s.organizations[0]?.name ?? s.localBusinesses[0]?.name;
  const parts = page.title.split(/\s+[|–—-]\s+/);
  const fromTitle = parts.length > 1 ? (parts[parts.length - 1] as string).trim() : null;
  const name = page.siteName ?? fromLd ?? fromTitle ?? page.tenantName ?? null;
  return name ? name.replace(/,?\s+(?:Ltd|LLC|Limited|Inc|GmbH)\.?$/i, '') : null;
}

export class PageContext {
  readonly md: string;
  readonly blocks: Block[];
  readonly business: string | null;
  readonly drafts: Draft[] = [];
  readonly entities: Entity[] = [];
  readonly normalized: ReturnType<typeof normalizeForMatch>;
  readonly scanBase: Omit<TextScanContext, 'careers' | 'delivery' | 'pageProducts'>;

  constructor(readonly page: PageInput) {
    this.md = page.markdown;
    this.blocks = parseBlocks(this.md);
    this.business = businessName(page);
    this.normalized = normalizeForMatch(this.md);
    this.scanBase = {
      markdown: this.md,
      url: page.url,
      businessWords: new Set(
        (this.business ?? '')
          .toLowerCase()
          .split(/[^\p{L}]+/u)
          .filter((w) => w.length > 1),
      ),
    };
  }

  /** The page's own markup was read for products (structured.products covers them). */
  get pageProducts(): boolean {
    return this.page.structured.pageProducts === true;
  }

  private priceCache: { hint: string | null; prices: PriceMatch[] } | null = null;

  /** Every price in the page Markdown (read once per page). */
  prices(hint: string | null): PriceMatch[] {
    if (this.priceCache?.hint !== hint) this.priceCache = { hint, prices: findPrices(this.md, hint) };
    return this.priceCache.prices;
  }

  span(start: number, end: number): SupportSpan {
    return { field: 'markdown', start, end, text: this.md.slice(start, end) };
  }

  /** What the text readers need to know about a block under `path` (`start`: the block's offset). */
  scan(path: readonly string[], start?: number): TextScanContext {
    const context = [this.page.title, ...path].join(' ');
    const nearest = [this.page.title, ...path].slice(-2).join(' ');
    return {
      ...this.scanBase,
      careers: CAREERS.test(nearest),
      delivery: DELIVERY.test(context),
      pageProducts: this.pageProducts,
      hoursLabel: path[path.length - 1] ?? null,
      group: start === undefined ? null : `md:${start}`,
    };
  }

  heading(path: readonly string[]): string | null {
    return path[path.length - 1] ?? this.page.title.split(/\s+[|–—]\s+/)[0] ?? null;
  }

  /** The part of the page title before " | Site name", for questions about the page's subject. */
  subject(path: readonly string[]): string {
    return path[0] ?? this.page.title.split(/\s+[|–—]\s+/)[0] ?? this.page.title;
  }
}

export const isQuestion = (text: string) => /\?\s*$/.test(text) && text.length <= 200;

/** A table or list that is mostly opening hours becomes one "when is it open?" entry. */
export function pushHoursDraft(
  ctx: PageContext,
  b: Extract<Block, { kind: 'table' | 'list' }>,
  answer: string,
): void {
  ctx.drafts.push({
    question: `When is ${ctx.business ?? 'the business'} open?`,
    answer,
    kind: 'hours',
    support: ctx.span(b.start, b.end),
    headingPath: b.path,
    confidence: 0.9,
    classifyText: answer,
    fixedCategory: { category: 'locations_hours', confidence: 0.95 },
  });
}
