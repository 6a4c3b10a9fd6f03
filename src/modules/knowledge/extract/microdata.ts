/**
 * schema.org microdata (`itemscope` / `itemtype` / `itemprop` attributes), read into objects shaped
 * like JSON-LD (`{ "@type": "Product", "name": …, "offers": { "@type": "Offer", … } }`) so that the
 * JSON-LD interpreter reads both the same way. Values follow the HTML microdata rules: `meta` →
 * `content`, `link`/`a` → `href`, `img` → `src`, `time` → `datetime`, nested `itemscope` → an item,
 * otherwise the element's text (or a `content` attribute, which many themes add to a visible span).
 */
import { collapseWhitespace } from './dom.js';

type JsonObject = Record<string, unknown>;

function typeOf(el: Element): string | string[] | undefined {
  const types = (el.getAttribute('itemtype') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => t.replace(/^https?:\/\/schema\.org\//i, ''));
  if (types.length === 0) return undefined;
  return types.length === 1 ? types[0] : types;
}

/** Properties that are words, never a URL, whatever element carries them. */
const TEXT_PROPERTIES = new Set(['name', 'description', 'headline', 'alternateName', 'brand']);

function propertyValue(el: Element, depth: number, name: string): unknown {
  if (el.hasAttribute('itemscope')) return itemOf(el, depth + 1);
  const tag = el.nodeName.toLowerCase();
  if (tag === 'meta') return el.getAttribute('content') ?? '';
  // A shop's product title as its own link (Odoo: `<a itemprop="name" href="/shop/…" content="…">`):
  // the name is the words, not the link's address.
  if (tag === 'a' && TEXT_PROPERTIES.has(name))
    return el.getAttribute('content') ?? collapseWhitespace(el.textContent ?? '');
  if (tag === 'link' || tag === 'a' || tag === 'area') return el.getAttribute('href') ?? '';
  if (['img', 'audio', 'video', 'source', 'embed', 'iframe', 'track'].includes(tag))
    return el.getAttribute('src') ?? '';
  if (tag === 'time') return el.getAttribute('datetime') ?? collapseWhitespace(el.textContent ?? '');
  if (tag === 'data' || tag === 'meter') return el.getAttribute('value') ?? '';
  const content = el.getAttribute('content');
  if (content !== null) return content;
  return collapseWhitespace(el.textContent ?? '');
}

function addProperty(item: JsonObject, name: string, value: unknown): void {
  const existing = item[name];
  if (existing === undefined) item[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else item[name] = [existing, value];
}

function collect(el: Element, item: JsonObject, depth: number): void {
  for (const child of Array.from(el.children)) {
    const props = (child.getAttribute('itemprop') ?? '').split(/\s+/).filter(Boolean);
    for (const p of props) addProperty(item, p, propertyValue(child, depth, p));
    // A nested item's own properties belong to it, not to this item.
    if (!child.hasAttribute('itemscope')) collect(child, item, depth);
  }
}

function itemOf(el: Element, depth: number): JsonObject {
  const item: JsonObject = {};
  const type = typeOf(el);
  if (type) item['@type'] = type;
  const id = el.getAttribute('itemid');
  if (id) item['@id'] = id;
  if (depth < 16) collect(el, item, depth);
  return item;
}

/** Every top-level microdata item under `root` (items that are not another item's property). */
export function readMicrodata(root: ParentNode): JsonObject[] {
  const items: JsonObject[] = [];
  for (const el of root.querySelectorAll('[itemscope]')) {
    if (el.hasAttribute('itemprop')) continue;
    items.push(itemOf(el, 0));
  }
  return items;
}
