/**
 * Scores what the knowledge module made of a labelled business site (a `SiteRun`) against its labels:
 * the catalogue (name + price F1, availability, no fees or competitors' prices), the business profile
 * (address, phone, e-mail, hours per day), fact coverage by entries, customer questions (page and
 * answer in the search top 5; Dify retrieval at score threshold 0.5), gaps that call a labelled fact
 * missing, and Q&A hygiene (repeated catch-all questions).
 *
 * Matching rules (stated once, used everywhere):
 * - names: lower case, accents, punctuation and a few stop words dropped, `&` = `and`, plurals made
 *   singular; one name's words contain the other's and the shorter has at least half the words of the
 *   longer (with or without what is in parentheses);
 * - a label with a `variant` needs a catalogue product of that name with a variant of that name (or a
 *   product named "<name> <variant>"); prices equal to the cent;
 * - a catalogue product counts once for precision, however many labels (variants) it matches.
 */
import {
  locateInSource,
  normalizeForMatch,
  normalizeText,
} from '../../src/modules/knowledge/entries/normalize.js';
import type { CatalogItem, SiteRun } from './business-sites.js';
import type { LabelledItem, SiteLabels } from './business-sites-labels.js';

const STOP = new Set(['the', 'a', 'an', 'of', 'and', 'with', 'our']);

/** Words of a name: lower case, no accents or punctuation, singular ("tours" = "tour"). */
export function nameWords(s: string): string[] {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !STOP.has(w))
    .map((w) => (w.length > 3 && /[^s]s$/.test(w) ? w.slice(0, -1) : w));
}

function wordsMatch(a: string, b: string): boolean {
  const x = new Set(nameWords(a));
  const y = new Set(nameWords(b));
  if (x.size === 0 || y.size === 0) return false;
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  for (const w of small) if (!large.has(w)) return false;
  return small.size / large.size >= 0.5;
}

/** Names match by their words, or by their words outside parentheses ("Second photographer (Half Day)"). */
export function namesMatch(a: string, b: string): boolean {
  const bare = (s: string) => s.replace(/\([^)]*\)/g, ' ');
  return wordsMatch(a, b) || wordsMatch(bare(a), bare(b));
}

const samePrice = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined
    ? (a ?? null) === (b ?? null)
    : Math.abs(a - b) < 0.005;

/** A URL of the run as a site path (`product/x.html`, `menu/index.html`, `index.html`). */
export function sitePath(url: string | null | undefined, origin: string): string {
  if (!url) return '';
  let p = url.startsWith(origin) ? url.slice(origin.length) : url;
  p = p.replace(/[?#].*$/, '').replace(/^\//, '');
  if (p === '' || p.endsWith('/')) p += 'index.html';
  return p;
}

export type AvailabilityClass = 'in_stock' | 'out_of_stock' | 'preorder' | 'unknown';

export function availabilityClass(value: string | null | undefined): AvailabilityClass {
  const v = (value ?? '').toLowerCase().replace(/[^a-z]/g, '');
  if (v === '') return 'unknown';
  if (/preorder|backorder|presale/.test(v)) return 'preorder';
  if (/outofstock|soldout|discontinued|unavailable|sold$|^sold/.test(v)) return 'out_of_stock';
  if (/instock|available|limitedavailability|onlineonly|instoreonly/.test(v)) return 'in_stock';
  return 'unknown';
}

/** One priced thing a catalogue product offers: the product itself, or one of its variants. */
interface Offer {
  product: CatalogItem;
  variant: string | null;
  price: number | null;
  availability: string | null;
}

function offersOf(p: CatalogItem): Offer[] {
  const base: Offer = { product: p, variant: null, price: p.price, availability: p.availability };
  const variants = (p.variants ?? []).map((v) => ({
    product: p,
    variant: v.name,
    price: v.price,
    availability: v.availability ?? p.availability,
  }));
  return [base, ...variants];
}

/**
 * The offer of `p` that a label names (price not considered), or null. `offers` are `p`'s offers as
 * the caller keeps them, so that an offer used by one label is the same object everywhere.
 */
function offerFor(g: LabelledItem, p: CatalogItem, offers: Offer[] = offersOf(p)): Offer | null {
  const base = offers[0] as Offer;
  if (!g.variant) return namesMatch(g.name, p.name) ? base : null;
  // One product per variant ("Amber Rich Maple Syrup 500 ml").
  const words = new Set(nameWords(p.name));
  if (nameWords(g.variant).every((w) => words.has(w)) && namesMatch(`${g.name} ${g.variant}`, p.name))
    return base;
  if (!namesMatch(g.name, p.name)) return null;
  // The variant of the very same name first: "X-Large" is not "Large", though its words hold it.
  const same = (o: Offer) =>
    o.variant !== null && nameWords(o.variant).join(' ') === nameWords(g.variant as string).join(' ');
  return (
    offers.find(same) ??
    offers.find((o) => o.variant !== null && namesMatch(g.variant as string, o.variant)) ??
    null
  );
}

export interface CatalogScore {
  gold: number;
  found: number;
  matched: number;
  predicted: number;
  predictedRight: number;
  precision: number;
  recall: number;
  f1: number;
  misses: string[];
  extras: string[];
  availability: { stated: number; right: number; wrong: string[] };
  leaks: string[];
  attributes: { checked: number; right: number; wrong: string[] };
}

export const r3 = (n: number) => Math.round(n * 1000) / 1000;
/** a / b to three places; 1 when there is nothing to count. */
export const ratio = (a: number, b: number) => (b === 0 ? 1 : r3(a / b));

function describe(p: CatalogItem): string {
  const variants = (p.variants ?? []).map((v) => `${v.name} ${v.price}`).join(', ');
  return `${p.kind} "${p.name}" ${p.price ?? 'no price'}${p.priceMax ? `–${p.priceMax}` : ''}${variants ? ` [${variants}]` : ''}${p.availability ? ` (${p.availability})` : ''}`;
}

export function scoreCatalog(labels: SiteLabels, catalog: CatalogItem[]): CatalogScore {
  const gold = [...labels.products, ...labels.services];
  const usedProducts = new Set<string>();
  const usedOffers = new Set<Offer>();
  const allOffers = new Map(catalog.map((p) => [p.id, offersOf(p)]));
  const misses: string[] = [];
  let matched = 0;
  const attributes = { checked: 0, right: 0, wrong: [] as string[] };
  const hits = new Map<LabelledItem, Offer>();
  for (const g of gold) {
    let hit: Offer | null = null;
    for (const p of catalog) {
      const named = offerFor(g, p, allOffers.get(p.id));
      if (!named) continue;
      // The named offer, or for a labelled range/variant list the product's base price.
      const candidates = [named, ...(g.variant ? [] : (allOffers.get(p.id) ?? []).slice(1))];
      hit = candidates.find((o) => !usedOffers.has(o) && samePrice(o.price, g.price)) ?? null;
      if (hit) break;
    }
    if (!hit) {
      misses.push(`${g.name}${g.variant ? ` (${g.variant})` : ''} ${g.price ?? 'no price'} on ${g.path}`);
      continue;
    }
    matched++;
    hits.set(g, hit);
    usedOffers.add(hit);
    usedProducts.add(hit.product.id);
    const p = hit.product;
    const check = (what: string, ok: boolean) => {
      attributes.checked++;
      if (ok) attributes.right++;
      else attributes.wrong.push(`${g.name}: ${what}`);
    };
    if (g.from) check('"from" price', p.priceFrom);
    if (g.referencePrice !== undefined && hit.variant === null)
      check(
        `reference price ${g.referencePrice} (got ${p.referencePrice ?? 'none'})`,
        samePrice(p.referencePrice ?? null, g.referencePrice),
      );
    if (g.priceMax !== undefined)
      check(
        `price range up to ${g.priceMax} (got ${p.priceMax ?? 'none'})`,
        samePrice(p.priceMax ?? null, g.priceMax),
      );
    if (g.unit) {
      const unitWords = nameWords(g.unit).filter((w) => w !== 'per');
      check(
        `unit ${g.unit} (got ${p.unit ?? 'none'})`,
        !!p.unit &&
          unitWords.some((w) => nameWords(p.unit as string).some((u) => u.startsWith(w.replace(/s$/, '')))),
      );
    }
  }
  const extras = catalog.filter((p) => !usedProducts.has(p.id)).map(describe);

  // Availability: every label that states it, on the offer the catalogue matched it to, or else the
  // product found by name (price not needed), the closest name first ("Gorge Haze IPA 4-pack (16 oz
  // cans)" before "Gorge Haze IPA").
  const availability = { stated: 0, right: 0, wrong: [] as string[] };
  const closeness = (g: LabelledItem, p: CatalogItem) => {
    const a = new Set(nameWords(g.name));
    const b = new Set(nameWords(p.name));
    const shared = [...a].filter((w) => b.has(w)).length;
    return shared / Math.max(1, new Set([...a, ...b]).size);
  };
  for (const g of gold) {
    if (g.availability === 'unknown') continue;
    availability.stated++;
    const byName = [...catalog].sort((a, b) => closeness(g, b) - closeness(g, a));
    const offer = hits.get(g) ?? byName.map((p) => offerFor(g, p)).find((o) => o !== null) ?? null;
    const got = availabilityClass(offer?.availability);
    if (got === g.availability) availability.right++;
    else
      availability.wrong.push(
        `${g.name}${g.variant ? ` (${g.variant})` : ''}: ${g.availability}, got ${offer ? (offer.availability ?? 'none') : 'no product'}`,
      );
  }

  // Fees, thresholds, competitors' and old prices: a catalogue price equal to one that is not a
  // product, on an offer that matched no label.
  const leaks: string[] = [];
  for (const np of labels.not_products) {
    for (const offers of allOffers.values()) {
      for (const o of offers) {
        if (usedOffers.has(o) || o.price === null || !samePrice(o.price, np.price)) continue;
        // A product's own offer at the price of one of its matched variants is that variant's price
        // shown at product level ("from CHF 95"), not a fee that got in; likewise a variant at the
        // price of its matched product ("Group Surf Lesson" 89 and its "2 hours" 89).
        if (offers.some((v) => v !== o && usedOffers.has(v) && samePrice(v.price, o.price))) continue;
        leaks.push(`"${np.text}" (${np.reason}) → ${describe(o.product)}`);
      }
    }
  }
  const predicted = catalog.length;
  const predictedRight = usedProducts.size;
  const precision = ratio(predictedRight, predicted);
  const recall = ratio(matched, gold.length);
  return {
    gold: gold.length,
    found: matched,
    matched,
    predicted,
    predictedRight,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : r3((2 * precision * recall) / (precision + recall)),
    misses,
    extras,
    availability,
    leaks: [...new Set(leaks)],
    attributes,
  };
}

// ---------------------------------------------------------------------------------------------
// Contact and hours

const digits = (s: string) => s.replace(/\D/g, '');

/** Phones are the same number when their last 9 digits agree (country code and trunk 0 ignored). */
export function samePhone(a: string, b: string): boolean {
  const x = digits(a);
  const y = digits(b);
  return x.length >= 9 && y.length >= 9 && x.slice(-9) === y.slice(-9);
}

/**
 * An address is right when it has every number of the labelled one (house, unit, postcode, box) and
 * at least 80% of its other words, and no house number the label lacks.
 */
export function sameAddress(label: string, got: string): boolean {
  const w = (s: string) => nameWords(s.replace(/\b([A-Z]\d[A-Z])\s?(\d[A-Z]\d)\b/g, '$1$2'));
  const want = w(label);
  const have = new Set(w(got));
  const numbers = want.filter((x) => /\d/.test(x));
  if (!numbers.every((n) => have.has(n))) return false;
  const words = want.filter((x) => !/\d/.test(x));
  const found = words.filter((x) => have.has(x)).length;
  const extraNumbers = [...have].filter((x) => /^\d+$/.test(x) && !numbers.includes(x));
  return found >= Math.ceil(words.length * 0.8) && extraNumbers.length === 0;
}

export interface ContactScore {
  address: boolean;
  phone: boolean;
  email: boolean;
  got: { address: string | null; phone: string | null; email: string | null };
}

export function scoreContact(labels: SiteLabels, run: Pick<SiteRun, 'profile'>): ContactScore {
  const got = {
    address: run.profile?.address?.value ?? null,
    phone: run.profile?.phone?.value ?? null,
    email: run.profile?.email?.value ?? null,
  };
  return {
    address: !!got.address && sameAddress(labels.contact.address, got.address),
    phone: !!got.phone && samePhone(labels.contact.phone, got.phone),
    email: !!got.email && got.email.toLowerCase() === labels.contact.email.toLowerCase(),
    got,
  };
}

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export interface HoursScore {
  days: number;
  right: number;
  wrong: string[];
}

export function scoreHours(labels: SiteLabels, run: Pick<SiteRun, 'profile'>): HoursScore {
  const wrong: string[] = [];
  let right = 0;
  for (const day of DAYS) {
    const want = labels.hours[day] ?? 'closed';
    const rule = run.profile?.hours.find((h) => h.day.toLowerCase() === day);
    // A day with a break is labelled with its periods ("09:00-12:30,14:00-18:00").
    const periods = rule?.periods ?? [];
    const got = !rule
      ? 'unknown'
      : rule.closed
        ? 'closed'
        : periods.length > 1
          ? periods.map((p) => `${p.opens}-${p.closes}`).join(',')
          : `${rule.opens}-${rule.closes}`;
    if (got === want) right++;
    else wrong.push(`${day}: ${want}, got ${got}`);
  }
  return { days: DAYS.length, right, wrong };
}

// ---------------------------------------------------------------------------------------------
// Facts, questions, gaps, Q&A hygiene

export interface FactScore {
  facts: number;
  covered: number;
  missed: string[];
}

/** A labelled fact is covered when an entry's support span on its page overlaps half of its text. */
export function scoreFacts(
  labels: SiteLabels,
  run: Pick<SiteRun, 'pages' | 'entries' | 'origin'>,
): FactScore {
  const missed: string[] = [];
  let covered = 0;
  for (const f of labels.facts) {
    const page = run.pages.find((p) => sitePath(p.url, run.origin) === f.path);
    const at = page
      ? locateInSource({ ...normalizeForMatch(page.markdown), original: page.markdown }, f.text)
      : null;
    if (!page || !at) {
      missed.push(`${f.path}: "${f.text}" (${page ? 'not in the page Markdown' : 'page not stored'})`);
      continue;
    }
    const length = at.end - at.start;
    const hit = run.entries.some((e) =>
      e.provenance.sources.some(
        (s) =>
          sitePath(s.url, run.origin) === f.path &&
          s.support.field === 'markdown' &&
          Math.min(s.support.end, at.end) - Math.max(s.support.start, at.start) >= length / 2,
      ),
    );
    if (hit) covered++;
    else missed.push(`${f.path}: "${f.text}"`);
  }
  return { facts: labels.facts.length, covered, missed };
}

export interface QueryScore {
  queries: number;
  pageHit5: number;
  factHit5: number;
  difyRight: number;
  difyAnswered: number;
  misses: string[];
}

const containsAnswer = (text: string, answer: string) => normalizeText(text).includes(normalizeText(answer));

export function scoreQueries(
  labels: SiteLabels,
  run: Pick<SiteRun, 'search' | 'dify' | 'origin'>,
): QueryScore {
  let pageHit5 = 0;
  let factHit5 = 0;
  let difyRight = 0;
  let difyAnswered = 0;
  const misses: string[] = [];
  labels.queries.forEach((q, i) => {
    const hits = run.search[i] ?? [];
    const page = hits.some((h) => sitePath(h.url, run.origin) === q.path);
    const fact = hits.some((h) => containsAnswer(h.text, q.answer));
    if (page) pageHit5++;
    if (fact) factHit5++;
    const records = run.dify[i] ?? [];
    if (records.length > 0) difyAnswered++;
    if (
      records.some(
        (r) => sitePath(r.metadata.url, run.origin) === q.path || containsAnswer(r.content, q.answer),
      )
    )
      difyRight++;
    if (!page || !fact)
      misses.push(
        `"${q.query}" → ${q.path} "${q.answer}": ${page ? 'page ok' : 'page missed'}, ${fact ? 'fact ok' : 'fact missed'}; top: ${hits
          .slice(0, 3)
          .map((h) => sitePath(h.url, run.origin))
          .join(', ')}`,
      );
  });
  return { queries: labels.queries.length, pageHit5, factHit5, difyRight, difyAnswered, misses };
}

/**
 * The facets the labels say the site states, by (category, facet label) as the gap report names them.
 * Contact, hours and prices come from their labels; other facets from a fact's text, read with a
 * deliberately narrow keyword table (this is the test's own reading of the labels, not the module's).
 */
export function labelledFacets(labels: SiteLabels): { category: string; facet: string; because: string }[] {
  const out: { category: string; facet: string; because: string }[] = [];
  const add = (category: string, facet: string, because: string) => {
    if (!out.some((o) => o.category === category && o.facet === facet))
      out.push({ category, facet, because });
  };
  if (labels.contact.address) add('locations_hours', 'address', labels.contact.address);
  if (labels.contact.phone) add('customer_support', 'phone number', labels.contact.phone);
  if (labels.contact.email) add('customer_support', 'e-mail address', labels.contact.email);
  if (Object.values(labels.hours).some((h) => h !== 'closed'))
    add('locations_hours', 'opening hours', 'labelled hours');
  const priced = [...labels.products, ...labels.services].find((p) => p.price !== null);
  if (priced) add('pricing', 'prices', `${priced.name} ${priced.price}`);
  if (labels.products[0]) add('products', 'range', labels.products[0].name);
  if (labels.services[0]) add('services', 'services offered', labels.services[0].name);
  const table: [RegExp, string, string][] = [
    [/\b(?:founded|established|started in|opened in|since (?:19|20)\d\d)\b/i, 'company_overview', 'history'],
    [/\bteam of\b|\b\d+\s+(?:people|staff|employees)\b/i, 'company_overview', 'size'],
    [/\bawards?\b|\bbest in show\b|\bof the year\b|\bwinners?\b/i, 'certifications_awards', 'awards'],
    [/\bcertified\b|\baccredited\b|\blicensed\b|\bB Corp/i, 'certifications_awards', 'certifications'],
    [/\breturn(?:s|ed)?\b|\brefund/i, 'returns_warranty', 'returns and refunds'],
    [/\bwarrant(?:y|ies)\b|\bguarantee/i, 'returns_warranty', 'warranty'],
  ];
  for (const f of labels.facts) {
    for (const [re, category, facet] of table) if (re.test(f.text)) add(category, facet, f.text);
  }
  return out;
}

export function scoreGaps(
  labels: SiteLabels,
  run: Pick<SiteRun, 'gaps'>,
): { checked: number; falseMissing: string[] } {
  const expected = labelledFacets(labels);
  const falseMissing = expected
    .filter((e) => run.gaps.categories.find((c) => c.category === e.category)?.missing.includes(e.facet))
    .map((e) => `${e.category}/${e.facet} reported missing, but the site states: ${e.because}`);
  return { checked: expected.length, falseMissing };
}

export interface EntryHygiene {
  entries: number;
  distinctQuestions: number;
  /** The most entries sharing one question, and that question. */
  mostRepeated: { question: string; count: number } | null;
  /** Questions asked by three or more entries (catch-alls). */
  catchAll: string[];
}

export function scoreEntries(run: Pick<SiteRun, 'entries'>): EntryHygiene {
  const counts = new Map<string, number>();
  for (const e of run.entries) counts.set(e.question, (counts.get(e.question) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const top = sorted[0];
  return {
    entries: run.entries.length,
    distinctQuestions: counts.size,
    mostRepeated: top ? { question: top[0], count: top[1] } : null,
    catchAll: sorted.filter(([, n]) => n >= 3).map(([q, n]) => `${q} ×${n}`),
  };
}

export interface SiteScore {
  site: string;
  split: string;
  source: string;
  seconds: number;
  pages: number;
  catalog: CatalogScore;
  contact: ContactScore;
  hours: HoursScore;
  facts: FactScore;
  queries: QueryScore;
  gaps: { checked: number; falseMissing: string[] };
  entries: EntryHygiene;
  /** Robots-disallowed pages or their secret lines that reached the knowledge base (must be none). */
  forbidden: string[];
}

export function scoreSite(run: SiteRun): SiteScore {
  const labels = run.site.labels;
  const forbidden = [
    ...run.pages
      .filter((p) => labels.forbidden_paths.includes(sitePath(p.url, run.origin)))
      .map((p) => p.url),
    ...labels.forbidden_text.filter((t) => run.pages.some((p) => containsAnswer(p.markdown, t))),
  ];
  return {
    site: run.site.slug,
    split: run.site.split,
    source: run.site.source,
    seconds: run.seconds,
    pages: run.pages.length,
    catalog: scoreCatalog(labels, run.catalog),
    contact: scoreContact(labels, run),
    hours: scoreHours(labels, run),
    facts: scoreFacts(labels, run),
    queries: scoreQueries(labels, run),
    gaps: scoreGaps(labels, run),
    entries: scoreEntries(run),
    forbidden,
  };
}

/** Sums of several sites' scores: the figures reported per split. */
export function summarise(scores: SiteScore[]) {
  const sum = (f: (s: SiteScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const predicted = sum((s) => s.catalog.predicted);
  const predictedRight = sum((s) => s.catalog.predictedRight);
  const gold = sum((s) => s.catalog.gold);
  const matched = sum((s) => s.catalog.matched);
  const precision = ratio(predictedRight, predicted);
  const recall = ratio(matched, gold);
  const queries = sum((s) => s.queries.queries);
  return {
    sites: scores.map((s) => s.site),
    catalog: {
      gold,
      predicted,
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : r3((2 * precision * recall) / (precision + recall)),
      availability: ratio(
        sum((s) => s.catalog.availability.right),
        sum((s) => s.catalog.availability.stated),
      ),
      availabilityStated: sum((s) => s.catalog.availability.stated),
      leaks: sum((s) => s.catalog.leaks.length),
      attributes: ratio(
        sum((s) => s.catalog.attributes.right),
        sum((s) => s.catalog.attributes.checked),
      ),
    },
    contact: {
      address: `${sum((s) => Number(s.contact.address))}/${scores.length}`,
      phone: `${sum((s) => Number(s.contact.phone))}/${scores.length}`,
      email: `${sum((s) => Number(s.contact.email))}/${scores.length}`,
    },
    hoursDays: ratio(
      sum((s) => s.hours.right),
      sum((s) => s.hours.days),
    ),
    factRecall: ratio(
      sum((s) => s.facts.covered),
      sum((s) => s.facts.facts),
    ),
    queries,
    pageHit5: ratio(
      sum((s) => s.queries.pageHit5),
      queries,
    ),
    factHit5: ratio(
      sum((s) => s.queries.factHit5),
      queries,
    ),
    difyAt05: ratio(
      sum((s) => s.queries.difyRight),
      queries,
    ),
    gapFalseMissing: sum((s) => s.gaps.falseMissing.length),
    entries: sum((s) => s.entries.entries),
    catchAllQuestions: sum((s) => s.entries.catchAll.length),
    forbidden: sum((s) => s.forbidden.length),
  };
}
