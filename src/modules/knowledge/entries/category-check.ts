/**
 * A doubtful category is checked against the answer before it is kept: the categories whose wrong
 * call makes a misleading question (jobs, reviews, awards, offers, returns, people, customers, prices,
 * ordering) need an answer that mentions what they are about. "Summer in an 8 oz tin." is not a job
 * advert whatever the classifier's words say; the next category of its ranking that the answer
 * supports is taken instead.
 * Other categories are left to the classifier (on the fixture gold set a wider check cost more right
 * calls than it fixed).
 */
import type { KnowledgeCategory } from './categories.js';
import type { CategoryGuess } from './classifier/classifier.js';

const EVIDENCE: Partial<Record<KnowledgeCategory, RegExp>> = {
  careers:
    /\b(?:hiring|hire|jobs?|vacanc\w*|apply|applications?|cv|resume|careers?|salary|wages?|pay (?:starts|rate)|roles?|positions?|join (?:our|the|us)|recruit\w*|apprentice\w*|shifts?|looking for an? |part-time|full-time|benefits|training)\b/i,
  reviews_testimonials:
    /["“”]|\b(?:reviews?|rated|ratings?|stars?|testimonials?|recommend\w*|loved?|amazing|fantastic|wonderful|brilliant|thank you|thanks|happy|customers? (?:say|said)|feedback)\b/i,
  certifications_awards:
    /\b(?:awards?|won|winners?|best in show|of the year|certif\w*|accredit\w*|licen[cs]\w*|insured|members?(?:hip)? of|b corp\w*|iso \d+|registered|finalist|medal|voted|chartered|approved|standards?|qualified|trained)\b/i,
  promotions_offers:
    /\b(?:offers?|discount\w*|\d+% off|off (?:your|any)|save|sale|promo\w*|codes?|loyalty|stamp card|free|vouchers?|deals?|specials?|reward\w*|\d+ for \d+)\b/i,
  returns_warranty:
    /\b(?:returns?|returned|refund\w*|exchange\w*|warrant\w*|guarantee\w*|cancel\w*|faulty|damaged?|broken|defect\w*|not happy|unhappy|complain\w*|standards?|comply|complies|fix it|put (?:it )?right|money back)\b/i,
  team_people:
    /\b[A-Z][a-z]+ [A-Z][a-z]+\b|\b(?:[Oo]wner|[Ff]ounder|[Cc]o-founder|[Mm]anager|[Dd]irector|[Cc]hef|[Bb]aker|[Tt]eam|[Ss]taff|[Hh]ead \w+|[Pp]hotographers?|[Dd]entists?|Dr\.?|[Ii]nstructors?|[Cc]oach(?:es)?|[Mm]echanics?|[Ee]mployees?|[Cc]rew|[Pp]eople|designs|runs|leads|manages)\b/,
  // "How much is …?" answered without an amount or a word about price is the wrong question.
  pricing:
    /[$€£¥₹]|\b\d+(?:[.,]\d+)?\s?(?:dollars?|euros?|pounds?|rand|usd|eur|gbp|aud|nzd|cad|zar|chf|kr)\b|\b(?:free|complimentary|no charge|pric\w*|cost\w*|fees?|rates?|charges?|charged|pay|paid|afford\w*|budget|quotes?|cheap\w*|expensive|per (?:hour|person|night|month|week|day|session))\b/i,
  ordering_payment:
    /\b(?:order\w*|pay\w*|checkout|check out|cards?|cash|invoice\w*|accounts?|subscri\w*|buy\w*|purchas\w*|basket|cart|book\w*|reserv\w*|deposits?|instal?l?ments?|afterpay|klarna|paypal|apple pay|google pay|visa|mastercard|amex|bank transfer|eft|venmo|contactless|cheques?|checks?|financ\w*|credit)\b/i,
  customers_case_studies:
    /\b(?:clients?|customers?|homeowners|businesses|projects?|case stud\w*|worked (?:with|for)|portfolio|weddings?|couples?|stockists?|partners?|supplied|supply|installed|maintain\w*|catered|photographed|for (?:the )?[A-Z][a-z]+)\b/i,
};

/** A guess this sure is kept: the check is for the classifier's doubtful calls. */
const SURE = 0.75;

/** Categories that need no particular words (what the business is, sells, does, stands for). */
const FALLBACK: KnowledgeCategory = 'company_overview';

/** True when the answer mentions what `category` is about. */
export function answerFits(category: KnowledgeCategory, text: string): boolean {
  const test = EVIDENCE[category];
  return !test || test.test(text);
}

/** The classifier's best category that the answer supports (its confidence kept or lowered). */
export function checkedCategory(
  guess: CategoryGuess,
  text: string,
): { category: KnowledgeCategory; confidence: number } {
  if (guess.confidence >= SURE || answerFits(guess.category, text))
    return { category: guess.category, confidence: guess.confidence };
  for (const r of guess.ranking.slice(1)) {
    if (answerFits(r.category, text))
      return { category: r.category, confidence: Math.min(0.7, r.probability + 0.2) };
  }
  return { category: FALLBACK, confidence: 0.4 };
}
