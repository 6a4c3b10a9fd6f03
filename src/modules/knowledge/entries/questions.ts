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
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]?.toLowerCase() + s.slice(1) : s);

/** "Our values" → "values", "Delivery charges" → "delivery charges". */
function topic(heading: string | null): string | null {
  if (!heading) return null;
  const t = heading
    .replace(/[?!.:]+$/, '')
    .replace(/^(?:our|your|the|about|a)\s+/i, '')
    .trim();
  return t.length > 0 && t.length <= 60 ? lowerFirst(t) : null;
}

interface Cue {
  /** The category the question belongs to; a cue is used only for sentences of that category. */
  category: KnowledgeCategory;
  test: RegExp;
  question: (ctx: QuestionContext, match: RegExpExecArray) => string;
}

const you = (ctx: QuestionContext) => ctx.business ?? 'the business';

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
    test: /\b(?:employ|team of|staff of|people)\b.*\d+|\d+\s+(?:people|staff|employees)\b/i,
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
    test: /\bdeliver\w*\b.*\b(?:next|same|working|days?|within|hours?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i,
    question: () => 'When will my order be delivered?',
  },
  {
    category: 'shipping_delivery',
    test: /\bdeliver\w*\b.*\b(?:to|within|across|postcodes?|area|miles)\b/i,
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
    test: /\b(?:award|awards|won|winner|named best)\b/i,
    question: (c) => `What awards has ${you(c)} won?`,
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
    test: /\b(?:call|phone|email|e-mail|ring)\b/i,
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
    test: /\bgluten-free|\bvegan\b/i,
    question: () => 'Do you have gluten-free or vegan options?',
  },
];

const BY_CATEGORY: Record<KnowledgeCategory, (ctx: QuestionContext, t: string | null) => string> = {
  company_overview: (c) => `What is ${you(c)}?`,
  mission_values: (c) => `What does ${you(c)} stand for?`,
  products: (c, t) => (t ? `What should I know about ${t}?` : `What does ${you(c)} sell?`),
  services: (c, t) => (t ? `What does ${you(c)} offer for ${t}?` : `What services does ${you(c)} offer?`),
  pricing: (_c, t) => (t ? `How much does ${t} cost?` : 'What are your prices?'),
  ordering_payment: () => 'How does ordering and payment work?',
  shipping_delivery: () => 'How does delivery work?',
  returns_warranty: () => 'What is your returns and warranty policy?',
  customer_support: (c) => `How can I get help from ${you(c)}?`,
  locations_hours: (c) => `Where and when can I visit ${you(c)}?`,
  team_people: (c) => `Who works at ${you(c)}?`,
  customers_case_studies: (c) => `Who does ${you(c)} work for?`,
  reviews_testimonials: (c) => `What do customers say about ${you(c)}?`,
  certifications_awards: (c) => `What certifications and awards does ${you(c)} have?`,
  policies_legal: (_c, t) => (t ? `What is the policy on ${t}?` : 'What are your terms and policies?'),
  careers: (c) => `Is ${you(c)} hiring?`,
  news_events: (c, t) => (t ? `What is new: ${t}?` : `What's new at ${you(c)}?`),
  promotions_offers: () => 'Are there any offers?',
};

/** A question whose answer is `sentence`. */
export function questionForStatement(sentence: string, ctx: QuestionContext): string {
  for (const cue of CUES) {
    if (cue.category !== ctx.category) continue;
    const m = cue.test.exec(sentence);
    if (m) return cue.question(ctx, m);
  }
  return BY_CATEGORY[ctx.category](ctx, topic(ctx.heading));
}

/** A question for a priced item: "How much is the Country sourdough loaf?" */
export function questionForPrice(name: string, delivery: boolean): string {
  if (delivery)
    return `How much is delivery (${lowerFirst(name.replace(/^delivery\s*/i, '')) || 'standard'})?`;
  return `How much does ${/^(?:the|a|an)\s/i.test(name) ? lowerFirst(name) : `the ${lowerFirst(name)}`} cost?`;
}
