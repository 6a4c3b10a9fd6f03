/**
 * The page's products (JSON-LD, microdata and what the page's markup lists; see
 * extract/page-offers.ts) as product and service entities, with their variants, sale and range
 * prices and stock, each supported by the Markdown that shows it (or the structured data when it is
 * not shown). Each product gets a price entry named for it ("How much is the Birria Quesadilla?"),
 * each shown variant its own ("How much is the 500 ml glass bottle of Amber Rich Maple Syrup?"), and a
 * product that is out of stock or on pre-order a stock entry.
 */
import { dateLabel } from '../extract/dated-sessions.js';
import type { Offer, Product } from '../extract/types.js';
import type { Entity, ProductEntity, ProductVariant } from './entities.js';
import { locateInSource, normalizeText } from './normalize.js';
import type { PageContext } from './offline-page-context.js';
import { formatPrice } from './patterns.js';
import { questionForPrice } from './questions.js';
import { checkSupport, type SupportSpan } from './support.js';
import { productKind } from './text-entities.js';

const STATE_ORDER = ['in_stock', 'preorder', 'coming_soon', 'out_of_stock'];

/**
 * A product's stock from its variants: in stock if any variant is; otherwise the first stated only
 * when every variant states one. Sizes the page leaves unmarked beside two sold-out ones ("Large
 * (Sold out)", "XL (Sold out)", plain "Small") do not make the product sold out.
 */
export function combinedStock(variants: ProductVariant[]): ProductVariant | null {
  const stated = variants.filter((v) => v.availability);
  stated.sort(
    (a, b) => STATE_ORDER.indexOf(a.availability as string) - STATE_ORDER.indexOf(b.availability as string),
  );
  const first = stated[0] ?? null;
  return first?.availability === 'in_stock' || stated.length === variants.length ? first : null;
}

function variantOf(o: Offer): ProductVariant | null {
  const price = o.price ?? o.lowPrice ?? null;
  if (!o.name) return null;
  return {
    name: o.name,
    price,
    priceText: o.priceText ?? null,
    referencePrice: o.referencePrice ?? null,
    availability: o.availability ?? null,
    availabilityText: o.availabilityText ?? null,
    availableFrom: o.availableFrom ?? null,
    sku: o.sku ?? null,
  };
}

interface Located {
  start: number;
  end: number;
}

/** The Markdown line around `[start, end)`. */
function lineAround(md: string, at: Located): Located {
  const start = md.lastIndexOf('\n', at.start - 1) + 1;
  const nl = md.indexOf('\n', at.end);
  return { start, end: nl < 0 ? md.length : nl };
}

/** Where the Markdown shows `amount` (as any currency amount), nearest after `near` (else before). */
function findAmount(ctx: PageContext, amount: number, near: number, hint: string | null): Located | null {
  let best: Located | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const p of ctx.prices(hint)) {
    if (Math.abs(p.amount - amount) >= 0.005) continue;
    // After the name is much likelier to be its price than before it.
    const distance = p.start >= near ? p.start - near : (near - p.start) * 4;
    if (distance < bestDistance) {
      best = { start: p.start, end: p.end };
      bestDistance = distance;
    }
  }
  return best;
}

function structuredSpan(ctx: PageContext, product: Product): SupportSpan | null {
  const text = ctx.page.structuredText;
  const nameJson = JSON.stringify(product.name);
  const at = text.indexOf(nameJson);
  if (at < 0) return null;
  return { field: 'structured', start: at, end: at + nameJson.length, text: nameJson };
}

const DISPLAY_LIMIT = 1500;

/** Reads the page's structured products into entities and price entries. */
export function readStructuredProducts(ctx: PageContext, products: Product[]): void {
  const hint = products.flatMap((p) => p.offers).find((o) => o.currency)?.currency ?? null;
  for (const p of products) {
    const base = p.offers.find((o) => !o.name) ?? null;
    const variants = p.offers.map(variantOf).filter((v): v is ProductVariant => v !== null);
    const variantPrices = variants.map((v) => v.price).filter((x): x is number => x !== null);
    const price = base?.price ?? base?.lowPrice ?? (variantPrices.length ? Math.min(...variantPrices) : null);
    const high = base?.highPrice ?? (variantPrices.length > 1 ? Math.max(...variantPrices) : null);
    const priceMax = high !== null && price !== null && high > price ? high : null;
    const currency = base?.currency ?? p.offers.find((o) => o.currency)?.currency ?? hint;
    const stockFrom = base?.availability ? null : combinedStock(variants);
    const availability = base?.availability ?? stockFrom?.availability ?? null;

    // Support: the name as shown, and the price shown after it.
    const nameAt = locateInSource({ ...ctx.normalized, original: ctx.md }, p.name);
    let support: SupportSpan | null = null;
    let priceShown: string | null = null;
    if (price !== null) {
      const priceAt = findAmount(ctx, price, nameAt?.start ?? 0, currency);
      if (priceAt) {
        priceShown = ctx.md.slice(priceAt.start, priceAt.end);
        const priceLine = lineAround(ctx.md, priceAt);
        let start = priceLine.start;
        let end = priceLine.end;
        if (nameAt && nameAt.start < priceLine.start && priceLine.start - nameAt.end < DISPLAY_LIMIT)
          start = lineAround(ctx.md, nameAt).start;
        // Variants shown below the price (a size table) belong to the support.
        for (const v of variants) {
          if (v.price === null) continue;
          const vAt = findAmount(ctx, v.price, priceAt.start, currency);
          if (vAt && vAt.start >= start && vAt.start - end < 600)
            end = Math.max(end, lineAround(ctx.md, vAt).end);
        }
        support = ctx.span(start, end);
      }
    }
    if (!support && nameAt) {
      // No price shown: the name's line and the one after it ("Enquire for pricing").
      const line = lineAround(ctx.md, nameAt);
      const after = ctx.md.slice(line.end + 1).match(/^\s*[^\n]*/)?.[0] ?? '';
      support = ctx.span(line.start, Math.min(ctx.md.length, line.end + 1 + after.length));
    }
    support ??= structuredSpan(ctx, p);
    if (!support) continue;

    const kind = p.type === 'Service' ? 'service' : productKind(`${p.name} ${p.section ?? ''}`, false);
    const entity: ProductEntity = {
      type: kind,
      name: p.name,
      sku: p.sku,
      price,
      priceText: priceShown ?? base?.priceText ?? null,
      currency,
      unit: base?.unit ?? p.offers.find((o) => o.unit)?.unit ?? null,
      priceFrom: base?.from ?? (base?.type === 'AggregateOffer' && priceMax === null && price !== null),
      priceMax,
      referencePrice: base?.referencePrice ?? null,
      availability,
      availabilityText: base?.availabilityText ?? stockFrom?.availabilityText ?? null,
      availableFrom: base?.availableFrom ?? stockFrom?.availableFrom ?? null,
      variants,
      section: p.section ?? null,
      url: base?.url ?? p.url ?? ctx.page.url,
      description: p.description,
      confidence: support.field === 'markdown' ? (p.source === 'page' ? 0.9 : 0.95) : 0.8,
      support,
    };
    ctx.entities.push(entity as Entity);
    if (support.field === 'markdown') pushProductEntries(ctx, entity, hint);
  }
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? `${s[0]?.toLowerCase()}${s.slice(1)}` : s);

/** The shown form of a price of this product, or a formatted one. */
function shownPrice(ctx: PageContext, amount: number, near: number, currency: string | null): string {
  const at = findAmount(ctx, amount, near, currency);
  return at
    ? ctx.md.slice(at.start, at.end).replace(/\s+/g, ' ')
    : currency
      ? formatPrice(amount, currency)
      : String(amount);
}

function pushProductEntries(ctx: PageContext, e: ProductEntity, hint: string | null): void {
  const spanText = normalizeText(e.support.text);
  const visible = (s: string) => spanText.includes(normalizeText(s));
  const parts: string[] = [];
  if (e.price !== null) {
    const low = shownPrice(ctx, e.price, e.support.start, e.currency ?? hint);
    const high = e.priceMax ? shownPrice(ctx, e.priceMax, e.support.start, e.currency ?? hint) : null;
    parts.push(high ? `${low} – ${high}` : low);
    if (e.referencePrice && visible(String(Math.trunc(e.referencePrice))))
      parts.push(`on sale, was ${shownPrice(ctx, e.referencePrice, e.support.start, e.currency ?? hint)}`);
  }
  const shownVariants = (e.variants ?? []).filter((v) => visible(v.name) && v.price !== null);
  if (shownVariants.length > 0)
    parts.push(
      shownVariants
        .map((v) => `${v.name} ${shownPrice(ctx, v.price as number, e.support.start, e.currency ?? hint)}`)
        .join(', '),
    );
  if (e.availabilityText && visible(e.availabilityText)) parts.push(e.availabilityText);
  if (parts.length === 0) return;
  const answer = `${e.name}: ${parts.join('; ')}`;
  const pageText = { markdown: ctx.md, structured: ctx.page.structuredText };
  const checked = checkSupport(pageText, answer, e.support).status !== 'unsupported';
  const simple = e.price !== null ? `${e.name}: ${parts[0]}` : null;
  const finalAnswer = checked ? answer : simple;
  if (!finalAnswer) return;
  const context = e.section ? ` (${e.section})` : '';
  ctx.drafts.push({
    question: questionForPrice(e.name, false),
    answer: finalAnswer,
    kind: 'table_row',
    support: e.support,
    headingPath: e.section ? [e.section] : [],
    confidence: 0.9,
    classifyText: `${finalAnswer}${context}`,
    // What a priced item costs is a pricing fact, whatever the section around it is about.
    fixedCategory: { category: 'pricing', confidence: 0.9 },
  });
  if (shownVariants.length >= 2) {
    for (const v of shownVariants) {
      const at = locateInSource({ ...ctx.normalized, original: ctx.md }, v.name, e.support.start);
      if (!at) continue;
      const line = lineAround(ctx.md, at);
      const price = shownPrice(ctx, v.price as number, line.start, e.currency ?? hint);
      const stock =
        v.availabilityText &&
        normalizeText(ctx.md.slice(line.start, line.end)).includes(normalizeText(v.availabilityText))
          ? `; ${v.availabilityText}`
          : '';
      ctx.drafts.push({
        // A dated variant is a session, asked about by its day ("… on 16 Oct – 4 Dec?").
        question: dateLabel(v.name)
          ? `How much is ${e.name} on ${v.name}?`
          : `How much is the ${lowerFirst(v.name)} of ${e.name}?`,
        answer: `${e.name}, ${v.name}: ${price}${stock}`,
        kind: 'table_row',
        support: ctx.span(Math.min(line.start, e.support.start), line.end),
        headingPath: e.section ? [e.section] : [],
        confidence: 0.85,
        classifyText: `${v.name} ${price}`,
        fixedCategory: { category: 'pricing', confidence: 0.9 },
      });
    }
  }
  if (e.availability && e.availability !== 'in_stock' && e.availabilityText) {
    const at = locateInSource({ ...ctx.normalized, original: ctx.md }, e.availabilityText, e.support.start);
    if (at) {
      const question =
        e.availability === 'preorder'
          ? `Can I pre-order ${e.name}, and when does it ship?`
          : e.availability === 'coming_soon'
            ? `When will ${e.name} be available?`
            : `Is ${e.name} in stock, and when is it back?`;
      ctx.drafts.push({
        question,
        answer: `${e.name}: ${e.availabilityText}`,
        kind: 'table_row',
        support: ctx.span(Math.min(at.start, e.support.start), Math.max(at.end, e.support.end)),
        headingPath: e.section ? [e.section] : [],
        confidence: 0.85,
        classifyText: `${e.name} ${e.availabilityText}`,
        fixedCategory: { category: 'products', confidence: 0.9 },
      });
    }
  }
}
