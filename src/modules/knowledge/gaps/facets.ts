/**
 * What a complete knowledge base says about each category: the facets a customer expects, how to
 * recognise each, and what to suggest when one is missing.
 *
 * A facet is covered by an entry of its category whose question and answer pass its test; a facet
 * marked `anywhere` also by an entry of any category (a founding year is a founding year wherever the
 * classifier filed it); a facet with `entity` also by a stored entity (an address, a phone number, a
 * priced product). No test accepts "any text": a facet is never covered without something that
 * states it. Facets depend on the business's country where customers' expectations do (whether
 * prices include VAT or GST; nothing to ask of a US or Canadian shop, whose prices exclude sales tax).
 */
import type { KnowledgeCategory } from '../entries/categories.js';
import type { EntityType } from '../entries/entities.js';

export interface Facet {
  id: string;
  label: string;
  test: RegExp;
  /** Entries of any category that pass the test cover it too. */
  anywhere?: boolean;
  /** Entities that cover it (an address, a phone number, a priced product …). */
  entity?: (e: GapEntity) => boolean;
  /** Shown when nothing covers the facet. */
  suggestion: string;
}

/** What the gap report needs of a stored entity. */
export interface GapEntity {
  id: string;
  type: EntityType;
  /** Products and services: their price (null when shown without one). */
  price?: number | null;
  /** Contact points: phone or email. */
  kind?: string;
}

const PRICE =
  /(?:[£$€¥₹]|\b(?:A|AU|C|CA|NZ|US|R)\$|\bR(?=\d)|\b(?:USD|EUR|GBP|CAD|AUD|NZD|ZAR|CHF|SEK|NOK|DKK)\b)\s?\d|\d(?:[.,]\d{2})?\s?(?:€|\b(?:USD|EUR|GBP|CAD|AUD|NZD|ZAR|CHF)\b|kr\b)/;
const NUMBER_WORDS =
  '(?:\\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)';
const ROLES =
  'people|staff|employees|members|mechanics|bakers|chefs|cooks|plumbers|electricians|photographers|instructors|coaches|teachers|dentists|hygienists|nurses|therapists|stylists|roasters|makers|designers|engineers|technicians|drivers|brewers|baristas|carpenters|builders|gardeners|cleaners|volunteers|surfers|guides';

const isProduct = (e: GapEntity) => e.type === 'product';
const isService = (e: GapEntity) => e.type === 'service';
const isPriced = (e: GapEntity) => (e.type === 'product' || e.type === 'service') && e.price != null;

/** The consumer tax a country's prices are expected to say they include, or null (US, CA: none). */
export function consumerTax(country: string | null): string | null {
  if (country === 'US' || country === 'CA') return null;
  if (country && ['AU', 'NZ', 'SG', 'IN', 'MY'].includes(country)) return 'GST';
  if (country && ['CH'].includes(country)) return 'VAT (MWST/TVA)';
  return country ? 'VAT' : 'tax';
}

/** The facets of every category for a business in `country` (ISO 3166, or null when unknown). */
export function categoryFacets(country: string | null): Record<KnowledgeCategory, Facet[]> {
  const tax = consumerTax(country);
  return {
    company_overview: [
      {
        id: 'what',
        label: 'what the business does',
        test: /\b(?:is an?|we are|we're|supplying|specialis|specializ|family-run|family-owned|independent|makes?|bakes?|roasts?|sells?|offers?|runs?)\b/i,
        suggestion:
          'no description of what the business does: add an About page that says what you sell, to whom and where',
      },
      {
        id: 'history',
        label: 'history',
        test: /\b(?:founded|established|est\.|since (?:19|20)\d{2}|started (?:in|out|as)|opened (?:in|our)|began|has been \w+ing (?:for|since)|(?:19|20)\d{2}\b.*\b(?:started|opened|founded|began|moved))/i,
        anywhere: true,
        suggestion: 'no history found: say when and how the business started',
      },
      {
        id: 'size',
        label: 'size',
        test: new RegExp(
          `\\b(?:(?:team|staff|crew|family) of ${NUMBER_WORDS}|${NUMBER_WORDS} (?:\\w+ )?(?:${ROLES})\\b|employ(?:s|ing)? (?:over |around |about )?${NUMBER_WORDS}|\\d[\\d,]* (?:square (?:feet|metres|meters)|sq ?ft|m²|acres|hectares|seats|covers|tables))`,
          'i',
        ),
        anywhere: true,
        suggestion: 'no size found: say how many people work for you or how big your premises are',
      },
    ],
    mission_values: [
      {
        id: 'values',
        label: 'values',
        test: /\b(?:believe|values?|promise|care about|commit\w*|mission|honest|sustainab\w*|ethic\w*|local(?:ly)? sourced|fair(?: ?trade)?|b corp\w*|carbon|planet|community)\b/i,
        suggestion: 'no values found: add a short section on what you stand for and promise customers',
      },
    ],
    products: [
      {
        id: 'range',
        label: 'range',
        test: /\b(?:we (?:sell|stock|make|bake|roast|brew|carry)|our (?:range|collection|menu|products?|selection)|available in|comes? in|made (?:from|with|by hand)|hand-?(?:made|poured|crafted))\b/i,
        entity: isProduct,
        suggestion: 'no products described: add pages that describe what you sell',
      },
      {
        id: 'specs',
        label: 'specifications',
        test: /\b(?:\d+\s?(?:mm|cm|m|kg|g|oz|lb|ml|l|inch|-inch|gallon|litre|liter)|grade|made (?:from|with)|materials?|sizes?|organic|ingredients?|allergens?|vegan|gluten-free|dimensions|weight|burns? for|origin)\b/i,
        anywhere: true,
        suggestion: 'no product specifications found: give sizes, materials or ingredients',
      },
    ],
    services: [
      {
        id: 'what',
        label: 'services offered',
        test: /\b(?:we (?:offer|provide|repair|fix|install|service|clean|teach|run|photograph|cater|design|build)|our (?:services?|treatments?|lessons?|classes|packages?|workshops?|tours?)|book (?:a|an|your)|appointments?)\b/i,
        entity: isService,
        suggestion: 'no services described: list the work you do for customers and how it is done',
      },
    ],
    pricing: [
      {
        id: 'prices',
        label: 'prices',
        test: PRICE,
        anywhere: true,
        entity: isPriced,
        suggestion:
          'no prices found: publish a price list or typical prices for your main products and services',
      },
      ...(tax
        ? [
            {
              id: 'tax',
              label: `${tax} included or not`,
              test: /\b(?:VAT|GST|BTW|MwSt|sales tax|tax|taxes)\b/i,
              anywhere: true,
              suggestion: `prices do not say whether ${tax} is included: state it next to your prices`,
            },
          ]
        : []),
      {
        id: 'quotes',
        label: 'quotes',
        test: /\bquot(?:e|es|ation)|\bestimate|\bprice guide|\benquire for pricing|\bon request\b/i,
        anywhere: true,
        suggestion: 'nothing on quotes: say how customers get a quote and how long it is valid',
      },
    ],
    ordering_payment: [
      {
        id: 'how',
        label: 'how to order',
        test: /\border(?:s|ing)?\b.*\b(?:online|phone|counter|email|by \d|form|ahead|in advance)|\b(?:place an order|book (?:online|now|a|your)|pre-?order|add to (?:cart|basket)|checkout)\b/i,
        anywhere: true,
        suggestion:
          'no ordering instructions found: explain how to order (online, phone, in person) and by when',
      },
      {
        id: 'methods',
        label: 'payment methods',
        test: /\b(?:(?:credit|debit|bank) cards?|cards? (?:payments?|accepted)|visa|mastercard|amex|american express|cash|bank transfer|paypal|apple pay|google pay|cheques?|(?:by|personal) checks?|eft|pin|ideal|afterpay|klarna|contactless)\b/i,
        anywhere: true,
        suggestion: 'no payment methods found: list the ways customers can pay',
      },
      {
        id: 'terms',
        label: 'payment terms',
        test: /\b(?:deposit|balance (?:is )?due|payment is due|due (?:on|at|when|before)|pay(?:ment)? within \d+ days|in full|trade accounts?|minimum (?:order|first order|spend)|financ\w*|instal?lments?|pay (?:later|monthly))\b/i,
        anywhere: true,
        suggestion: 'no payment terms found: say when payment is due, deposits and minimum orders',
      },
    ],
    shipping_delivery: [
      {
        id: 'costs',
        label: 'delivery costs',
        test: new RegExp(
          `(?:\\b(?:ship\\w*|deliver\\w*|postage|courier|pick-?up|collection)\\b[^.;]{0,60}(?:${PRICE.source}|\\bfree\\b)|(?:${PRICE.source}|\\bfree\\b)[^.;]{0,40}\\b(?:ship\\w*|deliver\\w*|postage|pick-?up)\\b)`,
          'i',
        ),
        anywhere: true,
        suggestion: 'no shipping costs found: add a page or FAQ about delivery fees and areas',
      },
      {
        id: 'areas',
        label: 'delivery areas',
        test: /\b(?:ship|deliver|post)\w*\s+(?:\w+\s+){0,3}(?:to|within|across|throughout|anywhere in|nationwide|internationally|worldwide|overseas|abroad)\b|\b(?:we (?:don't|do not|only|also) (?:ship|deliver))\b|\bdelivery (?:area|zone|radius)s?\b/i,
        anywhere: true,
        suggestion: 'no delivery areas found: say where you deliver',
      },
      {
        id: 'times',
        label: 'delivery times',
        test: /\b(?:ship|deliver|dispatch|post)\w*\b[^.;]{0,40}\b(?:next (?:working |business )?day|same day|within \d+|in \d+[-–]?\d* (?:working |business )?days?|\d+[-–]\d+ (?:working |business )?days|by \d+\s?(?:am|pm)|the (?:following|next) day|week of)|\b(?:next|same)[- ](?:working |business )?day (?:delivery|dispatch|shipping)\b/i,
        anywhere: true,
        suggestion: 'no delivery times found: say how fast orders arrive and the order cut-off time',
      },
    ],
    returns_warranty: [
      {
        id: 'returns',
        label: 'returns and refunds',
        test: /\b(?:returns?|returned|refund\w*|exchange (?:it|them|items?|products?|for)|money back|cancel\w* (?:your|an?|the) (?:order|booking|appointment|reservation))\b/i,
        anywhere: true,
        suggestion: 'no returns policy found: explain how customers return items and get refunds',
      },
      {
        id: 'warranty',
        label: 'warranty',
        test: /\b(?:warrant(?:y|ies|ied)|guarantee\w*)\b/i,
        anywhere: true,
        suggestion: 'no warranty or guarantee found: say what you guarantee and for how long',
      },
    ],
    customer_support: [
      {
        id: 'phone',
        label: 'phone number',
        test: /(?:\+?\d[\d ()-]{8,}\d)/,
        anywhere: true,
        entity: (e) => e.type === 'contact_point' && e.kind === 'phone',
        suggestion: 'no phone number found: show a phone number customers can call',
      },
      {
        id: 'email',
        label: 'e-mail address',
        test: /@[\w-]+\./,
        anywhere: true,
        entity: (e) => e.type === 'contact_point' && e.kind === 'email',
        suggestion: 'no e-mail address found: show an address for questions',
      },
      {
        id: 'response',
        label: 'response times',
        test: /\b(?:reply|replies|respond|answer|get back to you|call you back)\w*\b[^.]{0,40}\b(?:within|in) (?:\w+ ){0,2}(?:hours?|days?|minutes?)|\bsame[- ]day (?:reply|response)|\b24\/7\b|\bday or night\b/i,
        anywhere: true,
        suggestion: 'no response times found: say how quickly you answer',
      },
    ],
    locations_hours: [
      {
        id: 'address',
        label: 'address',
        test: /\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|\b[A-Z]{2}\s\d{5}\b|\b\d+\s\w+\s(?:Street|St|Road|Rd|Lane|Ave|Avenue|Drive|Dr|Way|Line)\b|\bUnit \d|\bP\.?O\.? Box\b|\b\d{4}\s?[A-Z]{2}\b/,
        anywhere: true,
        entity: (e) => e.type === 'location',
        suggestion: 'no address found: publish your address (or the areas you serve)',
      },
      {
        id: 'hours',
        label: 'opening hours',
        test: /\b(?:mon|tue|wed|thu|fri|sat|sun)\w*\b.*\d/i,
        entity: (e) => e.type === 'opening_hours',
        suggestion: 'no opening hours found: publish your opening hours, including weekends and holidays',
      },
      {
        id: 'directions',
        label: 'directions and parking',
        test: /\b(?:parking|car park|bus (?:stop|route)|tram|train station|station|junction|minutes?'? (?:walk|drive)|step-free|wheelchair|directions|find us|located (?:at|in|on|near)|next to|opposite|corner of|areas? we (?:serve|cover)|we (?:serve|cover) [A-Z])/i,
        anywhere: true,
        suggestion: 'no directions found: say how to get there and where to park',
      },
    ],
    team_people: [
      {
        id: 'people',
        label: 'named people',
        test: /\b(?:owner|founder|co-founder|manager|director|chef|head \w+|baker|photographer|dentist|dr\.?|instructor|coach|our team|meet the)\b/i,
        entity: (e) => e.type === 'person',
        suggestion: 'no team members named: introduce the people customers deal with',
      },
    ],
    customers_case_studies: [
      {
        id: 'customers',
        label: 'customers or projects',
        test: /\b(?:clients?|customers include|projects?|case stud\w*|we (?:worked|built|supplied|installed|photographed|catered|designed) (?:for|with|at)|portfolio|trusted by|stockists?|wholesale (?:to|partners))\b/i,
        suggestion:
          'no customers or case studies found: describe who you work for and a job you are proud of',
      },
    ],
    reviews_testimonials: [
      {
        id: 'quotes',
        label: 'testimonials',
        // A quoted customer: a quotation with an attribution, or a testimonial entry.
        test: /["“][^"”]{12,}["”]\s*(?:[—–-]|$)|\b(?:testimonials?|said|says|writes|review(?:ed)? by)\b/i,
        suggestion: 'no testimonials found: quote a few happy customers',
      },
      {
        id: 'ratings',
        label: 'ratings',
        test: /\b(?:\d(?:\.\d+)? ?(?:stars?|\/ ?5|out of 5)|rated|reviews? on|google reviews|tripadvisor|trustpilot|yelp|★)/i,
        anywhere: true,
        suggestion: 'no ratings found: mention your average rating and where customers review you',
      },
    ],
    certifications_awards: [
      {
        id: 'certs',
        label: 'certifications',
        test: /\b(?:iso \d+|certified|certification|accredit\w*|licen[cs]ed|insured|bonded|member(?:s|ship)? of|b corp\w*|chartered)\b/i,
        anywhere: true,
        entity: (e) => e.type === 'certification',
        suggestion: 'no certifications found: list accreditations, licences and memberships',
      },
      {
        id: 'awards',
        label: 'awards',
        test: /\b(?:awards?|award-winning|winners?|won|best in show|best (?:of|in) \w+|of the year|finalist|shortlisted|gold medal|silver medal|voted|named (?:the )?best)\b/i,
        anywhere: true,
        suggestion: 'no awards found: mention awards or recognition if you have any',
      },
    ],
    policies_legal: [
      {
        id: 'privacy',
        label: 'privacy',
        test: /\b(?:privacy|personal data|your details|cookies|gdpr|data protection)\b/i,
        anywhere: true,
        suggestion: 'no privacy policy found: add a privacy notice',
      },
      {
        id: 'terms',
        label: 'terms',
        test: /\b(?:terms|conditions|property of|liabilit\w*|cancel\w*|polic(?:y|ies)|house rules|rules|not allowed|no-show|late (?:fee|arrival))\b/i,
        anywhere: true,
        suggestion: 'no terms or house rules found: publish your terms of sale or service',
      },
    ],
    careers: [
      {
        id: 'jobs',
        label: 'vacancies and how to apply',
        test: /\b(?:hiring|vacanc\w*|apply|jobs?|careers?|positions?|join (?:the|our) team|cv|resume|recruit\w*)\b/i,
        suggestion: 'no careers information: if you hire, say how to apply',
      },
    ],
    news_events: [
      {
        id: 'news',
        label: 'dated news or events',
        test: /\b(?:\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* \d{1,2}|every (?:mon|tue|wed|thu|fri|sat|sun)\w*|(?:first|second|third|last) (?:mon|tue|wed|thu|fri|sat|sun)\w*)\b/i,
        anywhere: true,
        suggestion: 'no news or events found: post dated news or upcoming events',
      },
    ],
    promotions_offers: [
      {
        id: 'offers',
        label: 'offers',
        test: /\b(?:\d+% off|off your next|save \d|discount\w*|loyalty|code [A-Z0-9]{4,}|special offers?|promo(?:tion)?s?|free (?:\w+ )?(?:with|when you|on orders)|buy one)\b/i,
        anywhere: true,
        entity: (e) => e.type === 'offer',
        suggestion: 'no offers found: mention current promotions or loyalty schemes',
      },
      {
        id: 'dates',
        label: 'offer dates',
        test: /\b(?:until|between|ends?|valid|before|expires?|never expire)\b.*\d|\bnever expire/i,
        suggestion: 'offers have no dates: say when each offer ends',
      },
    ],
  };
}

/** Entries needed for full depth in a category. */
export const depthTarget: Partial<Record<KnowledgeCategory, number>> = {
  products: 8,
  pricing: 6,
  services: 4,
  shipping_delivery: 4,
  locations_hours: 3,
  customer_support: 2,
  ordering_payment: 3,
  returns_warranty: 3,
};
