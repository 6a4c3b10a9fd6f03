/**
 * Money amounts in text as sites write them around the world: `$4.50`, `€ 1.350`, `€12,50`,
 * `3,90 €`, `R18 500`, `A$129.00`, `CA$ 24.00`, `CHF 1'250.–`, `1 299 kr`, `USD 40`. Each match keeps
 * its offsets, the amount as a number and an ISO 4217 currency.
 *
 * Separators: a `.` or `,` followed by exactly three digits groups thousands (`€ 1.350` = 1350,
 * `$1,350` = 1350); followed by one or two digits it is the decimal mark (`€12,50`, `$4.50`); with
 * both present the last one is the decimal mark. A space (or thin space) groups thousands only for
 * currencies written that way (not `$` or `£`). A bare `$` takes the page's currency hint (from its
 * language region or its structured data), else USD; `R`, `kr` need a hint that names their currency.
 */

export interface MoneyMatch {
  /** The amount as written, currency included (`€ 1.350`, `CA$14.00`). */
  text: string;
  start: number;
  end: number;
  amount: number;
  /** ISO 4217 code. */
  currency: string;
  /** The text names its currency (`A$`, `€`, `EUR`) rather than a bare `$` resolved by the hint. */
  explicit: boolean;
}

export interface MoneyContext {
  /** The page's currency when known (its structured data, or its language region), e.g. `AUD`. */
  currencyHint?: string | null;
}

const PREFIX_DOLLARS: Record<string, string> = {
  A$: 'AUD',
  AU$: 'AUD',
  C$: 'CAD',
  CA$: 'CAD',
  CAN$: 'CAD',
  NZ$: 'NZD',
  US$: 'USD',
  HK$: 'HKD',
  S$: 'SGD',
  SG$: 'SGD',
  MX$: 'MXN',
  R$: 'BRL',
};

const SYMBOLS: Record<string, string> = {
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₹': 'INR',
  '₩': 'KRW',
  '₽': 'RUB',
  '₪': 'ILS',
  '฿': 'THB',
  '₫': 'VND',
  '₱': 'PHP',
  '₺': 'TRY',
};

export const CURRENCY_CODES = [
  'USD',
  'EUR',
  'GBP',
  'CHF',
  'CAD',
  'AUD',
  'NZD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'ZAR',
  'JPY',
  'INR',
  'MXN',
  'BRL',
  'SGD',
  'HKD',
  'ISK',
  'KRW',
  'THB',
  'VND',
  'TRY',
  'ILS',
  'MYR',
  'IDR',
  'TWD',
  'CNY',
  'AED',
  'KES',
] as const;

/** Currencies whose amounts are commonly grouped with spaces (`R18 500`, `1 299 kr`, `€ 1 350`). */
const SPACE_GROUPED = new Set(['EUR', 'ZAR', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'CHF', 'ISK']);

/** Language regions and the currency their sites price in. */
const REGION_CURRENCY: Record<string, string> = {
  US: 'USD',
  CA: 'CAD',
  AU: 'AUD',
  NZ: 'NZD',
  GB: 'GBP',
  UK: 'GBP',
  IE: 'EUR',
  ZA: 'ZAR',
  SG: 'SGD',
  HK: 'HKD',
  MX: 'MXN',
  IN: 'INR',
  SE: 'SEK',
  NO: 'NOK',
  DK: 'DKK',
  CH: 'CHF',
  PL: 'PLN',
  CZ: 'CZK',
  JP: 'JPY',
  DE: 'EUR',
  AT: 'EUR',
  NL: 'EUR',
  BE: 'EUR',
  FR: 'EUR',
  ES: 'EUR',
  IT: 'EUR',
  PT: 'EUR',
  FI: 'EUR',
  LU: 'EUR',
};

/**
 * The currency a site's country domain suggests (`vildros.se` → SEK, `shop.com.au` → AUD), or null:
 * English pages of a Swedish shop say `lang="en"`, and "kr" alone then names no currency.
 */
export function currencyOfHost(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  const tld = /\.([a-z]{2})$/.exec(host)?.[1]?.toUpperCase();
  if (!tld) return null;
  return currencyOfRegion(tld === 'UK' ? 'GB' : tld);
}

/** The currency of a country (ISO 3166 alpha-2, `SE` → SEK), or null. */
export function currencyOfRegion(region: string | null | undefined): string | null {
  return region ? (REGION_CURRENCY[region.toUpperCase()] ?? null) : null;
}

/** The currency a page's language tag suggests (`en-AU` → AUD), or null. */
export function currencyOfLanguage(language: string | null | undefined): string | null {
  const region = /^[a-z]{2,3}[-_]([a-z]{2})\b/i.exec(language ?? '')?.[1]?.toUpperCase();
  return region ? (REGION_CURRENCY[region] ?? null) : null;
}

const DIGITS = String.raw`\d{1,3}(?:(?:[.,]|['’\u00a0\u202f\u2009 ])\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const TAIL = '(?:[.,](?:-|–|—))?';
const CODES = CURRENCY_CODES.join('|');
const PREFIX = String.raw`(?:A|AU|C|CA|CAN|NZ|US|HK|S|SG|MX|R)\$|\$|[€£¥₹₩₽₪฿₫₱₺]|\b(?:${CODES})(?!\p{L})|\bPHP(?=\s?\d{2})|\bR(?=\s?\d)|\bRs\.?|\bS?Fr\.|\bkr\.?`;
const SUFFIX = String.raw`[€£¥₹₩₽₪฿₫₱₺]|\b(?:${CODES})\b|\bkr\b\.?|zł|Kč|Ft\b|\bFr\.|\$`;
const BEFORE = new RegExp(String.raw`(?<![\p{L}\p{N}])(${PREFIX})\s?(${DIGITS})${TAIL}(?![\d])`, 'gu');
const DASHED = new RegExp(String.raw`(?<![\p{L}\p{N}.,])(${DIGITS})[.,](?:-|–|—)(?![\p{L}\p{N}])`, 'gu');
const AFTER = new RegExp(String.raw`(?<![\p{L}\p{N}.,])(${DIGITS})${TAIL}\s?(${SUFFIX})`, 'gu');

function currencyOf(
  token: string,
  hint: string | null | undefined,
): { code: string; explicit: boolean } | null {
  const t = token.trim();
  if (PREFIX_DOLLARS[t]) return { code: PREFIX_DOLLARS[t], explicit: true };
  if (t === '$') {
    const dollar = hint && /D$/.test(hint) ? hint : null;
    return { code: dollar ?? 'USD', explicit: false };
  }
  if (SYMBOLS[t]) return { code: SYMBOLS[t], explicit: true };
  if ((CURRENCY_CODES as readonly string[]).includes(t.toUpperCase()) && t === t.toUpperCase())
    return { code: t, explicit: true };
  if (t === 'PHP') return { code: 'PHP', explicit: true };
  if (t === 'R') return hint === 'ZAR' ? { code: 'ZAR', explicit: true } : null;
  if (/^Rs\.?$/.test(t)) return { code: 'INR', explicit: true };
  if (t === 'Fr.' || t === 'SFr.') return { code: 'CHF', explicit: true };
  if (/^kr\.?$/.test(t))
    return hint && ['SEK', 'NOK', 'DKK', 'ISK'].includes(hint) ? { code: hint, explicit: true } : null;
  if (t === 'zł') return { code: 'PLN', explicit: true };
  if (t === 'Kč') return { code: 'CZK', explicit: true };
  if (t === 'Ft') return { code: 'HUF', explicit: true };
  return null;
}

/**
 * The number an amount string stands for, or null when its separators do not read as a price in
 * `currency` (space grouping only where that currency uses it).
 */
export function parseAmount(raw: string, currency: string): number | null {
  const s = raw.replace(/[.,](?:-|–|—)$/, '');
  const spaced = /['’\u00a0\u202f\u2009 ]/.test(s);
  if (spaced && !SPACE_GROUPED.has(currency) && !/['’]/.test(s)) return null;
  const compact = s.replace(/['’\u00a0\u202f\u2009 ]/g, '');
  const lastDot = compact.lastIndexOf('.');
  const lastComma = compact.lastIndexOf(',');
  let normal: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    normal = compact.split(group).join('').replace(decimal, '.');
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = compact.split(sep);
    const last = parts[parts.length - 1] as string;
    normal = parts.length === 2 && last.length <= 2 ? `${parts[0]}.${last}` : parts.join('');
  } else normal = compact;
  const n = Number(normal);
  return Number.isFinite(n) ? n : null;
}

/** Every money amount in `text`, in order, without overlaps. */
export function findMoney(text: string, context: MoneyContext = {}): MoneyMatch[] {
  const found: MoneyMatch[] = [];
  const add = (start: number, endAt: number, token: string, digits: string) => {
    let end = endAt;
    if (found.some((f) => start < f.end && end > f.start)) return;
    const currency = currencyOf(token, context.currencyHint);
    if (!currency) return;
    let amount = parseAmount(digits, currency.code);
    if (amount === null) {
      // "$18 500" in a currency not grouped by spaces: the amount is the part before the space.
      const head = /^\d+(?:[.,]\d{1,2})?/.exec(digits)?.[0];
      if (!head || !text.startsWith(digits, end - digits.length)) return;
      amount = parseAmount(head, currency.code);
      end = end - digits.length + head.length;
      if (amount === null) return;
    }
    found.push({
      text: text.slice(start, end),
      start,
      end,
      amount,
      currency: currency.code,
      explicit: currency.explicit,
    });
  };
  // "890 kr 1 100 kr": kronor are written after the amount, so "kr 1 100" is not read first.
  for (const m of text.matchAll(AFTER))
    if (/^kr\b/i.test(m[2] as string)) add(m.index, m.index + m[0].length, m[2] as string, m[1] as string);
  for (const m of text.matchAll(BEFORE)) add(m.index, m.index + m[0].length, m[1] as string, m[2] as string);
  for (const m of text.matchAll(AFTER)) {
    // "18 500" before a suffix would also read "500 €" alone: the longest match was tried first.
    add(m.index, m.index + m[0].length, m[2] as string, m[1] as string);
  }
  // "79,-" and "5.–" with no currency sign: a price in Nordic, German, Dutch and Swiss notation, in
  // the page's currency.
  const hint = context.currencyHint;
  if (hint) {
    for (const m of text.matchAll(DASHED)) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      const amount = parseAmount(m[1] as string, hint);
      if (amount !== null) found.push({ text: m[0], start, end, amount, currency: hint, explicit: false });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
