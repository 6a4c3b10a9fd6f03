/**
 * Questions for statements: the offline engine turns an informative sentence into the question a
 * customer would ask to get it as the answer. Cue patterns come first (a founding year, a delivery
 * time, a payment method …); otherwise the sentence's category and heading give the question.
 */
import type { KnowledgeCategory } from './categories.js';

export interface QuestionContext {
  /** The business's name as the site gives it, or null. */
  business: string | null;
  /** The nearest heading above the sentence, or the page title. */
  heading: string | null;
  category: KnowledgeCategory;
  /**
   * What the sentence is about when the page says: a product or service it names or the page is
   * about ("Blue Ridge Fir"), or a specific heading ("Storage"). Null when only generic headings
   * ("Description", "Shop") are above it.
   */
  subject?: string | null;
  /** The subject is a product or service of the catalogue. */
  subjectIsItem?: boolean;
  /**
   * The sentence's key phrase ("coconut-soy wax blend"), to tell apart questions that would repeat;
   * a function, called only when no cue names the question (key phrases take a few milliseconds).
   */
  keyphrase?: (() => string | null) | null;
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]?.toLowerCase() + s.slice(1) : s);

interface Cue {
  /** The category the question belongs to; a cue is used only for sentences of that category. */
  category: KnowledgeCategory;
  test: RegExp;
  question: (ctx: QuestionContext, match: RegExpExecArray) => string;
}

const you = (ctx: QuestionContext) => ctx.business ?? 'the business';
/** The item a product sentence is about, or the business's products. */
const item = (ctx: QuestionContext) =>
  ctx.subject && ctx.subjectIsItem ? ctx.subject : `${you(ctx)}'s products`;

const CUES: Cue[] = [
  {
    category: 'company_overview',
    test: /\b(?:founded|established|started|set up|opened)\b.*\b(?:19|20)\d{2}\b/i,
    question: (c) => `When was ${you(c)} founded?`,
  },
  {
    category: 'company_overview',
    test: /\bsince (?:19|20)\d{2}\b/i,
    question: (c) => `How long has ${you(c)} been in business?`,
  },
  {
    category: 'company_overview',
    test: /\b(?:employ|team of|staff of|crew of|people)\b.*(?:\d+|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\b)|\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+(?:\w+\s)?(?:people|staff|employees|mechanics|bakers|chefs|photographers|instructors|dentists)\b/i,
    question: (c) => `How big is ${you(c)}?`,
  },
  {
    category: 'careers',
    test: /\b(?:hiring|vacanc\w*|recruit\w*|looking for an? [\w -]+(?:barista|driver|plumber|baker|assistant|operative|apprentice))/i,
    question: (c) => `Is ${you(c)} hiring?`,
  },
  { category: 'careers', test: /\b(?:cv|resume|apply)\b/i, question: () => 'How do I apply for a job?' },
  {
    category: 'careers',
    test: /\bpay starts\b|\bsalary\b|\bbenefits\b/i,
    question: () => 'What do jobs pay?',
  },
  {
    category: 'promotions_offers',
    test: /\b(?:save|get)\s+(?:\d+%|[£$€]\d+)|\d+%\s+off|\bcode\s+[A-Z0-9]{4,}/i,
    question: () => 'Are there any offers or discount codes?',
  },
  {
    category: 'promotions_offers',
    test: /\bloyalty|stamp card|\bfree\b.*\b(?:tenth|sixth|fifth)|\b(?:tenth|sixth|fifth)\b.*\bfree\b/i,
    question: () => 'Is there a loyalty scheme?',
  },
  {
    category: 'ordering_payment',
    test: /\b(?:accept|take|pay(?:ment)? by|pay with|paid over)\b.*\b(?:card|cash|visa|mastercard|apple pay|transfer|cheques?|checks?|credit|paypal|instalments?|financ\w*)/i,
    question: () => 'How can I pay?',
  },
  {
    category: 'ordering_payment',
    test: /\bpayment is due|\bpay in full|\bpay within|\bbalance is due|\bdeposit\b/i,
    question: () => 'When do I have to pay?',
  },
  {
    category: 'ordering_payment',
    test: /\bminimum order|\bno minimum\b|single length|single item/i,
    question: () => 'Is there a minimum order?',
  },
  {
    category: 'ordering_payment',
    test: /\border\b.*\b(?:online|by \d|at least|in advance|by phone|at the counter)|\bphone the\b/i,
    question: () => 'How and when can I order?',
  },
  {
    category: 'shipping_delivery',
    test: /\bdeliver\w*\b.*(?:[£$€]\d|\bfree\b)|\bdelivery (?:costs?|charges?|is free)/i,
    question: () => 'How much does delivery cost?',
  },
  {
    category: 'shipping_delivery',
    test: /\b(?:deliver|ship|dispatch)\w*\b[^.;]{0,40}\b(?:next|same|working|business|days?|within|hours?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week)\b/i,
    question: () => 'When will my order be delivered?',
  },
  {
    category: 'shipping_delivery',
    test: /\bdeliver\w*\s+(?:\w+\s+){0,3}(?:to|within|across|throughout)\b|\bdelivery (?:area|zone|radius)|\b(?:postcodes?|miles) (?:we deliver|around)/i,
    question: () => 'Where do you deliver?',
  },
  { category: 'shipping_delivery', test: /\bcollect\w*\b/i, question: () => 'Can I collect my order?' },
  {
    category: 'returns_warranty',
    test: /\b(?:refund|returned|return|exchange)\b/i,
    question: () => 'Can I return something?',
  },
  {
    category: 'returns_warranty',
    test: /\b(?:warranty|guarantee|guaranteed)\b/i,
    question: () => 'What warranty or guarantee do you give?',
  },
  { category: 'returns_warranty', test: /\bcancel\w*\b/i, question: () => 'Can I cancel?' },
  {
    category: 'returns_warranty',
    test: /\b(?:damage|damaged|faulty|shortage)\b/i,
    question: () => 'What if something arrives damaged or wrong?',
  },
  {
    category: 'certifications_awards',
    test: /\b(?:iso \d+|certified|accredit\w*|licen[cs]e\w*|insured|bonded|members? of)\b/i,
    question: (c) => `What certifications and memberships does ${you(c)} have?`,
  },
  {
    category: 'certifications_awards',
    test: /\b(?:award|awards|won|winners?|named best|best in show|of the year|finalist|medal|voted)\b/i,
    question: (c) => `What awards has ${you(c)} won?`,
  },
  {
    category: 'locations_hours',
    // A schedule line: "**Tuesday** — 11am–2:30pm · Downtown, SW 5th & Oak food pod".
    test: /^\W*(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b/i,
    question: (c, m) =>
      `Where and when is ${you(c)} on ${(m[1] as string).replace(/^./, (x) => x.toUpperCase())}?`,
  },
  {
    category: 'locations_hours',
    test: /\b(?:open|closed?)\b.*\b(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|christmas|holidays?)\b/i,
    question: () => 'When are you open?',
  },
  {
    category: 'locations_hours',
    test: /\b(?:parking|car park|bus|tram|train|station|junction|step-free|accessible|wheelchair)\b/i,
    question: () => 'How do I get there?',
  },
  {
    category: 'locations_hours',
    test: /\b(?:we serve|areas? we|we cover|serving)\b/i,
    question: () => 'Which areas do you cover?',
  },
  {
    category: 'locations_hours',
    test: /\b(?:find us|located|our address|you'll find us)\b/i,
    question: (c) => `Where is ${you(c)}?`,
  },
  {
    category: 'customer_support',
    // A way to reach the business: "call us", "email studio@…", a number. Not "we will email you".
    test: /\b(?:call|phone|email|e-mail|ring|text|message|contact)\s+(?:us|the (?:shop|studio|office|team|store|clinic))\b|\b(?:call|phone|ring|text|email|e-mail)\s*:?\s*(?:\+?\d|[\w.+-]+@)|[\w.+-]+@[\w-]+\.[\w.]+|\bgive us a (?:call|ring)\b/i,
    question: (c) => `How can I contact ${you(c)}?`,
  },
  {
    category: 'customer_support',
    test: /\b(?:reply|respond|answer)\w*\b.*\bwithin\b/i,
    question: () => 'How quickly do you reply?',
  },
  {
    category: 'reviews_testimonials',
    test: /\b(?:reviews?|rating|stars?)\b/i,
    question: (c) => `How do customers rate ${you(c)}?`,
  },
  {
    category: 'policies_legal',
    test: /\b(?:privacy|personal data|your details|third parties)\b/i,
    question: () => 'How do you handle my personal data?',
  },
  { category: 'pricing', test: /\bVAT\b/, question: () => 'Do prices include VAT?' },
  { category: 'pricing', test: /\bquot(?:e|es|ation|ations)\b/i, question: () => 'How do quotes work?' },
  { category: 'products', test: /\ballergen/i, question: () => 'Where can I find allergen information?' },
  {
    category: 'products',
    test: /\bburns? (?:for|about|up to)\b|\bburn time\b/i,
    question: (c) => `How long does ${item(c)} burn?`,
  },
  {
    category: 'products',
    test: /\b(?:keeps? for|stor(?:e|age|ed)|refrigerat\w*|use (?:it )?within|shelf life|best before|once opened)\b/i,
    question: (c) => `How long does ${item(c)} keep, and how should I store it?`,
  },
  {
    category: 'products',
    test: /\b(?:trim|clean|wash|care for|look after|maintain)\b/i,
    question: (c) => `How do I look after ${item(c)}?`,
  },
  {
    category: 'products',
    test: /\b(?:made (?:from|with|of|by hand)|ingredients?|contains?|notes? of|blend|hand-?(?:poured|made|crafted))\b/i,
    question: (c) => `What is ${item(c)} made of?`,
  },
  {
    category: 'products',
    test: /\bgluten-free|\bvegan\b/i,
    question: () => 'Do you have gluten-free or vegan options?',
  },
];

/** "the" before a topic, unless it already has a determiner ("this season's favourites", "our teas"). */
const the = (s: string) =>
  /^[A-Z]/.test(s) ||
  /^(?:the|a|an|our|your|my|their|his|her|its|this|these|that|those|some|every|each|all|any|no)\s/i.test(s)
    ? s
    : `the ${s}`;

/** " (key phrase)": tells apart two answers that would otherwise share one question. */
/** The sentence's key phrase, lower case, or null. */
const phrase = (c: QuestionContext): string | null => c.keyphrase?.()?.toLowerCase() ?? null;
const kp = (c: QuestionContext) => (phrase(c) ? ` (${phrase(c)})` : '');

function about(c: QuestionContext, what: string): string {
  if (c.subject) return `What should I know about ${the(c.subject)}${what ? ` ${what}` : ''}?`;
  if (phrase(c)) return `What does ${you(c)} say about ${phrase(c)}${what ? ` ${what}` : ''}?`;
  return `What should I know about ${you(c)}?`;
}

/**
 * Questions by category when no cue matched. Every one names its subject: the item or topic the
 * sentence is about, else the business with the sentence's key phrase, so two different answers do
 * not share one catch-all question.
 */
const BY_CATEGORY: Record<KnowledgeCategory, (ctx: QuestionContext) => string> = {
  company_overview: (c) => about(c, ''),
  mission_values: (c) =>
    phrase(c) ? `What does ${you(c)} believe about ${phrase(c)}?` : `What does ${you(c)} stand for?`,
  products: (c) =>
    c.subject && c.subjectIsItem
      ? `What is ${c.subject} like?`
      : c.subject
        ? `What should I know about ${the(c.subject)}?`
        : about(c, ''),
  services: (c) =>
    c.subject && c.subjectIsItem
      ? `What does ${c.subject} include?`
      : c.subject
        ? about(c, '')
        : about(c, ''),
  pricing: (c) =>
    c.subject && c.subjectIsItem
      ? questionForPrice(c.subject, false)
      : c.subject
        ? `How much does ${the(c.subject)} cost?`
        : `What are ${you(c)}'s prices${phrase(c) ? ` for ${phrase(c)}` : ''}?`,
  ordering_payment: (c) =>
    c.subject && c.subjectIsItem
      ? `How do I order ${c.subject}?`
      : `How does ordering and payment work at ${you(c)}?`,
  shipping_delivery: (c) =>
    c.subject && c.subjectIsItem ? `How is ${c.subject} delivered?` : `How does delivery work at ${you(c)}?`,
  returns_warranty: (c) =>
    c.subject && c.subjectIsItem
      ? `Can I return ${c.subject}?`
      : `What is ${you(c)}'s returns and warranty policy?`,
  customer_support: (c) =>
    phrase(c) ? `How can I get help from ${you(c)} with ${phrase(c)}?` : `How can I get help from ${you(c)}?`,
  locations_hours: (c) =>
    phrase(c)
      ? `Where and when can I visit ${you(c)}: ${phrase(c)}?`
      : `Where and when can I visit ${you(c)}?`,
  team_people: (c) => `Who works at ${you(c)}${kp(c)}?`,
  customers_case_studies: (c) => `Who does ${you(c)} work for${kp(c)}?`,
  reviews_testimonials: (c) =>
    c.subject && c.subjectIsItem
      ? `What do customers say about ${c.subject}?`
      : `What do customers say about ${you(c)}?`,
  certifications_awards: (c) => `What certifications and awards does ${you(c)} have${kp(c)}?`,
  policies_legal: (c) =>
    c.subject
      ? `What is ${you(c)}'s policy on ${c.subject.toLowerCase()}?`
      : `What are ${you(c)}'s terms and policies?`,
  careers: (c) => `Is ${you(c)} hiring?`,
  news_events: (c) =>
    c.subject && c.subject !== c.business ? `What is new at ${you(c)}: ${c.subject}?` : about(c, ''),
  promotions_offers: (c) =>
    c.subject && c.subjectIsItem
      ? `Is there an offer on ${c.subject}?`
      : `What offers does ${you(c)} have${phrase(c) ? ` on ${phrase(c)}` : ''}?`,
};

/** A question whose answer is `sentence`. */
export function questionForStatement(sentence: string, ctx: QuestionContext): string {
  for (const cue of CUES) {
    if (cue.category !== ctx.category) continue;
    const m = cue.test.exec(sentence);
    if (m) return cue.question(ctx, m);
  }
  return BY_CATEGORY[ctx.category](ctx);
}

/** A question for a priced item: "How much is Porch Swing Lemonade?", "How much does the flat white cost?" */
export function questionForPrice(name: string, delivery: boolean): string {
  if (delivery)
    return `How much is delivery (${lowerFirst(name.replace(/^delivery\s*/i, '')) || 'standard'})?`;
  // A name written with capitals is a proper name: keep it as written, without an article.
  if (/^[A-Z0-9][^\s]*\s+(?:[^\s]+\s+)*[A-Z]/.test(name) || /^[A-Z][a-z]+$/.test(name))
    return `How much is ${name}?`;
  return `How much does ${/^(?:the|a|an)\s/i.test(name) ? lowerFirst(name) : `the ${lowerFirst(name)}`} cost?`;
}
