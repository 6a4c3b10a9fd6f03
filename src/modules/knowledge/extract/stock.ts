/**
 * Stock and availability as pages state it: schema.org values (`InStock`, `https://schema.org/PreOrder`),
 * theme classes (`outofstock`, `sold-out`, `onbackorder`) and the words on the page ("Sold", "Currently
 * out of stock — next bottling in June", "Back in October", "Available on backorder", "Pre-order now –
 * kits ship in February"), with the date the item is expected back or ships when the words give one.
 */

import { MONTH } from '../entries/patterns.js';

export type StockState = 'in_stock' | 'out_of_stock' | 'preorder' | 'coming_soon';

export interface StockReading {
  state: StockState;
  /** The words that said so, as written. */
  text: string;
  /** ISO 8601, possibly without a year: `2027-03-01`, `2027-03`, `--06`, `--11-18`. */
  availableFrom: string | null;
}

const SCHEMA: Record<string, StockState> = {
  instock: 'in_stock',
  limitedavailability: 'in_stock',
  onlineonly: 'in_stock',
  instoreonly: 'in_stock',
  instorepickup: 'in_stock',
  outofstock: 'out_of_stock',
  soldout: 'out_of_stock',
  discontinued: 'out_of_stock',
  preorder: 'preorder',
  presale: 'preorder',
  backorder: 'preorder',
};

/** A schema.org availability value (with or without its URL) as a stock state, or null. */
export function schemaStock(value: string | null | undefined): StockState | null {
  const v = (value ?? '')
    .replace(/^.*[/#:]/, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return SCHEMA[v] ?? null;
}

/** Theme classes and data attributes that carry stock (`outofstock`, `status-sold`, `sold-out`). */
export function classStock(classes: string): StockState | null {
  const c = ` ${classes.toLowerCase()} `;
  if (/[\s_-](?:onbackorder|on-backorder|backorder|preorder|pre-order)[\s_]/.test(c)) return 'preorder';
  if (/[\s_-](?:out[-_]?of[-_]?stock|sold[-_]?out|status-sold|is-sold|unavailable)[\s_]/.test(c))
    return 'out_of_stock';
  if (/[\s_-](?:in[-_]?stock|status-available|is-available)[\s_]/.test(c)) return 'in_stock';
  return null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const BACK_DATE = new RegExp(
  String.raw`\b(?:in|on|from|by|after|until|till|mid|early|late|end of|the week of|week of|from the|opens?|starts?)(?:\s+|-)(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(${MONTH})\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+((?:19|20)\d{2}))?\b`,
  'i',
);

/** The date in "back in October", "ships the week of November 18", "until 3 March 2027" (ISO, maybe yearless). */
export function backDate(text: string): string | null {
  const m = BACK_DATE.exec(text);
  if (!m) return null;
  const month = MONTHS.indexOf((m[2] as string).toLowerCase().slice(0, 3)) + 1;
  if (month < 1) return null;
  const day = Number(m[1] ?? m[3] ?? 0);
  const mm = String(month).padStart(2, '0');
  const dd = day >= 1 && day <= 31 ? `-${String(day).padStart(2, '0')}` : '';
  return m[4] ? `${m[4]}-${mm}${dd}` : `--${mm}${dd}`;
}

const PREORDER = new RegExp(
  String.raw`\bpre-?orders?\b|\bpre-?sale\b|\bon back-?order\b|\bavailable (?:on|for) back-?order\b|\bback-?order(?:ed|s)?\b|\bships? (?:in|on|from|the week of|week of|by) (?:early |mid |late )?${MONTH}\b`,
  'i',
);
const COMING_SOON =
  /\bcoming soon\b|\blaunch(?:es|ing)? (?:soon|in|on)\b|\bnot yet available\b|\b(?:registration|registrations|bookings?|enrol(?:l)?ments?|sign-?ups?|tickets?|ticket sales) (?:opens?|open on|go(?:es)? on sale)\b/i;
/** "Back in stock" is news that it can be had again, unless a time follows ("… in May", "… mid-June"). */
const BACK_IN_STOCK = String.raw`\bback in stock\b`;
const BACK_WHEN = String.raw`[\s:–—-]*(?:soon|shortly|in|on|from|by|early|mid|late|next|when|${MONTH}|\d)\b`;
const BACK_NOW = new RegExp(`${BACK_IN_STOCK}(?!${BACK_WHEN})`, 'i');
const OUT = new RegExp(
  String.raw`\bout[- ]of[- ]stock\b|\bnotify me when\b|\b(?:e-?mail|tell|let) me when (?:it(?:'s| is) )?(?:available|back|in stock|restocked)\b|\bjoin the wait-?list\b|\bwaiting list\b|\bout of season\b|\btemporarily out\b|\bnot currently available\b|\bdiscontinued\b|^\s*full\s*$|^\s*(?:cancell?ed|postponed)\s*$|[–—]\s*full\s*(?:[.!]?\s*$|[–—(])|\b(?:registration|registrations|bookings?|enrol(?:l)?ments?|sign-?ups?|ticket sales) (?:is |are )?(?:now )?closed\b|\bclosed for (?:bookings?|registrations?|enrol(?:l)?ments?|orders|sign-?ups?)\b|\b(?:0|no|none)\s+(?:\w+\s+)?left\b|\bno (?:places|spaces|spots|seats|tickets) (?:left|available)\b|\bsold[- ]?out\b|^\s*sold\s*$|\bcurrently (?:unavailable|not available)\b|\b(?:temporarily )?unavailable\b|\bno longer available\b|\bnot available (?:until|till|before|now|at the moment|this (?:week|month|season))\b|\bback (?:in(?! stock\b)|on|from|by|soon|next)\b|\bback (?:early|mid|late)[- ]?(?:${MONTH}|spring|summer|autumn|fall|winter)\b|\bback when\b[^.]*\b(?:in|from|by) (?:early |mid-?|late )?${MONTH}\b|\bgone for the (?:season|year|summer|winter|day|night)\b|\bfinished for (?:tonight|today|the (?:day|night|season))\b|\breturns? (?:in|on|from|next|soon)\b|\boff the menu\b|\bout on (?:hire|loan|rental|rent)\b|\bout for (?:repairs?|servicing|service|maintenance)\b|\bnext (?:bottling|batch|harvest|delivery|restock|roast|bake|run)\b|\brestocking\b|${BACK_IN_STOCK}(?=${BACK_WHEN})|\bfully booked\b|\b(?:ticket )?sales (?:have |has )?(?:ended|closed)\b|\b(?:class|course|session|event|workshop|tour|trip|camp|clinic|programme|program|date|week) (?:is )?(?:now )?full\b|\bbooked out\b|\bwait-?list\b|\b(?:spots?|places?|spaces?|seats?|tickets?)\s+(?:left|remaining|available)\s*:\s*0\b|\b86(?:'|’)?(?:d|ed)\b|^\s*\(86\)\s*$`,
  'i',
);
/**
 * Explicit words that it can be bought now, low-stock notes included ("Only 2 left!", "3 spots left",
 * "Low stock", "Places available"): a shop that says how many are left is saying it has some.
 */
const IN_WORDS =
  /\bin[- ]stock\b|\b\d+\s+(?:left )?in stock\b|\bavailable now\b|\bready to ship\b|^\s*(?:[1-9]\d*\s+)?available\s*$|\b(?:only|just)\s+(?:[1-9]\d*|one|two|three|four|five|a few)\s+(?:\w+\s+)?(?:left|remaining)\b|(?:^|[.!?]\s+)(?:[1-9]\d*|one|two|three|four|five|a few|few)\s+(?:\w+\s+)?(?:left|remaining)\b|\blow (?:in )?stock\b|\blimited stock\b|\blast (?:one|few|ones) (?:left|in stock|available)\b|\bselling fast\b|\bfilling (?:up )?fast\b|\blast (?:few |[1-9]\d* |one |two |three |four |five )?(?:places|spaces|spots|seats|tickets)\b|\blimited (?:availability|places|spaces|spots|seats|numbers)\b|\b(?:places|spaces|spots|seats|tickets) (?:still )?available\b|\bavailable to (?:order|buy|book)\b|\bsales end soon\b|\bnext available\b|\b(?:spots?|places?|spaces?|seats?|tickets?)\s+(?:left|remaining|available)\s*:\s*[1-9]\d*\b|\b(?:tickets )?on sale now\b|(?:^|[.!?]\s+)limited\b\s*(?:[–—:-]|\.?$)|\bonly \d+ (?:a|per) (?:night|day|evening|service|sitting|week)\b|\blast (?:few )?(?:bottles?|kegs?|casks?|cans?|jars?|tins?|bags?|boxes|loaves|portions?|pieces?|pairs?|copies|prints)\b|\bwhen (?:it(?:'|’)?s|they(?:'|’)?re|it is|they are) gone\b|\bopen to (?:new )?(?:members|bookings|enrol(?:l)?ments|registrations|sign-?ups)\b|\b(?:bookings?|registrations?|enrol(?:l)?ments?|sign-?ups?) (?:is|are) (?:now )?open\b|^\s*(?:the )?last (?:few|one|two|three|[1-9]\d*)\s*!?\s*$/i;
const IN = new RegExp(`${IN_WORDS.source}|${BACK_NOW.source}`, 'i');
/** "Almost sold out", "nearly full": a place can still be had, whatever words of being out follow. */
const NEARLY =
  /\b(?:almost|nearly|close to) (?:full|sold[- ]?out|gone|booked(?: out| up)?|fully booked)\b|\b(?:going|selling) (?:fast|quickly)\b/i;

/**
 * A booking widget's count: "14 / 16 booked" (places left), "20 / 20 booked" (none), "Spots: 4",
 * "Seats: 0".
 */
function countedStock(t: string): StockState | null {
  const booked =
    /^(\d{1,4})\s*(?:\/|of)\s*(\d{1,4})\s+(?:booked|taken|sold|filled|registered|enrolled|reserved)\.?$/i.exec(
      t,
    );
  if (booked) return Number(booked[1]) >= Number(booked[2]) ? 'out_of_stock' : 'in_stock';
  const left =
    /^(?:spots?|places?|spaces?|seats?|tickets?)(?: left| remaining| available)?\s*:\s*(\d{1,4})\.?$/i.exec(
      t,
    );
  if (left) return Number(left[1]) > 0 ? 'in_stock' : 'out_of_stock';
  return null;
}

/**
 * What a short text says about stock, or null. "Pre-order" and "backorder" come before "out of
 * stock" (a back-ordered item can be bought); "in stock" is read last and only from explicit words.
 */
export function readStock(text: string): StockReading | null {
  const t = text
    .replace(/\s+/g, ' ')
    .replace(/^[\s·•|,;:–—-]+/, '')
    .trim();
  if (t === '' || t.length > 200) return null;
  const counted = countedStock(t);
  if (counted) return { state: counted, text: t, availableFrom: null };
  const state: StockState | null = PREORDER.test(t)
    ? 'preorder'
    : COMING_SOON.test(t)
      ? 'coming_soon'
      : NEARLY.test(t)
        ? 'in_stock'
        : OUT.test(t)
          ? 'out_of_stock'
          : IN.test(t)
            ? 'in_stock'
            : null;
  if (!state) return null;
  // The sentence that says it, not the description around it.
  const re =
    state === 'preorder'
      ? PREORDER
      : state === 'coming_soon'
        ? COMING_SOON
        : state === 'out_of_stock'
          ? OUT
          : IN;
  const sentences = t.split(/(?<=[.!?])\s+(?=\S)/);
  const said = sentences.find((x) => re.test(x) || (state === 'in_stock' && NEARLY.test(x))) ?? t;
  const from = sentences.slice(sentences.indexOf(said)).join(' ');
  return { state, text: said, availableFrom: state === 'in_stock' ? null : backDate(from) };
}

/** A name ending in a stock mark ("Puppy Preschool Sold Out"), split into the name and the stock. */
export function splitTrailingStock(name: string): { name: string; stock: StockReading } | null {
  // In brackets at the end, any stock words ("Oysters (sold out tonight)").
  const bracketed = /^(.*\p{L}.*?)\s*\(([^()]+)\)$/u.exec(name);
  const inside = bracketed ? readStock(bracketed[2] as string) : null;
  if (bracketed && inside && /\p{L}{2,}/u.test(bracketed[1] as string))
    return { name: (bracketed[1] as string).trim(), stock: inside };
  // After a dash, any stock words ("Asparagus, crispy hen's egg — returns in spring").
  const dashed = /^(.*\p{L}.*?)\s+[—–]\s+([^—–]+)$/u.exec(name);
  const after = dashed ? readStock(dashed[2] as string) : null;
  if (dashed && after) return { name: (dashed[1] as string).trim(), stock: after };
  const words = name.split(/\s+/);
  for (let k = Math.max(1, words.length - 4); k < words.length; k++) {
    const tail = words.slice(k).join(' ');
    const stock = readStock(tail);
    if (!stock || !STOCK_MARK.test(tail)) continue;
    const rest = words
      .slice(0, k)
      .join(' ')
      .replace(/[\s·•|,–—-]+$/, '');
    return /\p{L}{2,}/u.test(rest) ? { name: rest, stock } : null;
  }
  return null;
}
const STOCK_MARK =
  /^(?:[-–—·|(]\s*)?(?:86|sold out|out of stock|fully booked|booked out|waitlist|wait list|pre-?order|coming soon|(?:only )?\d+ (?:places?|spots?|seats?|tickets?) left)\)?$/i;
