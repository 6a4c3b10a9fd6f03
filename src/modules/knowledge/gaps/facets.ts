/**
 * What a complete knowledge base says about each category: the facets a customer expects, how to
 * recognise each in an entry's question and answer, and what to suggest when one is missing.
 */
import type { KnowledgeCategory } from '../entries/categories.js';

export interface Facet {
  id: string;
  label: string;
  test: RegExp;
  /** Shown when no entry covers the facet. */
  suggestion: string;
}

const PRICE = /[£$€]\s?\d|\b\d+(?:[.,]\d{2})?\s?(?:GBP|EUR|USD)\b/;

export const categoryFacets: Record<KnowledgeCategory, Facet[]> = {
  company_overview: [
    {
      id: 'what',
      label: 'what the business does',
      test: /\b(?:is an?|we are|we're|supplying|specialis|family-run|independent)\b/i,
      suggestion:
        'no description of what the business does: add an About page that says what you sell, to whom and where',
    },
    {
      id: 'history',
      label: 'history',
      test: /\b(?:founded|established|since (?:19|20)\d{2}|started in|opened in)\b/i,
      suggestion: 'no history found: say when and how the business started',
    },
    {
      id: 'size',
      label: 'size',
      test: /\b(?:\d+ (?:people|staff|employees|plumbers|bakers)|team of \d+|employ)\b/i,
      suggestion: 'no size found: say how many people work for you or how big your premises are',
    },
  ],
  mission_values: [
    {
      id: 'values',
      label: 'values',
      test: /\b(?:believe|values?|promise|care|commit|mission|honest|sustainab)/i,
      suggestion: 'no values found: add a short section on what you stand for and promise customers',
    },
  ],
  products: [
    {
      id: 'range',
      label: 'range',
      test: /\w/,
      suggestion: 'no products described: add pages that describe what you sell',
    },
    {
      id: 'specs',
      label: 'specifications',
      test: /\b(?:\d+\s?(?:mm|cm|m|kg|g|inch|-inch|gallon|litre)|grade|made (?:from|with)|material|size|organic|ingredients?)\b/i,
      suggestion: 'no product specifications found: give sizes, materials or ingredients',
    },
  ],
  services: [
    {
      id: 'what',
      label: 'services offered',
      test: /\w/,
      suggestion: 'no services described: list the work you do for customers and how it is done',
    },
  ],
  pricing: [
    {
      id: 'prices',
      label: 'prices',
      test: PRICE,
      suggestion:
        'no prices found: publish a price list or typical prices for your main products and services',
    },
    {
      id: 'tax',
      label: 'VAT and tax',
      test: /\b(?:VAT|tax|incl(?:uding|\.)?|excl(?:uding|\.)?|ex VAT)\b/i,
      suggestion: 'prices do not say whether VAT or tax is included: state it next to your prices',
    },
    {
      id: 'quotes',
      label: 'quotes',
      test: /\bquot(?:e|es|ation)|estimate|waived|free\b/i,
      suggestion: 'nothing on quotes: say how customers get a quote and how long it is valid',
    },
  ],
  ordering_payment: [
    {
      id: 'how',
      label: 'how to order',
      test: /\border(?:s|ing)?\b.*\b(?:online|phone|counter|email|by \d|form)|\b(?:place an order|book)/i,
      suggestion:
        'no ordering instructions found: explain how to order (online, phone, in person) and by when',
    },
    {
      id: 'methods',
      label: 'payment methods',
      test: /\b(?:card|visa|mastercard|cash|transfer|paypal|apple pay|google pay|cheques?|checks?|credit)\b/i,
      suggestion: 'no payment methods found: list the ways customers can pay',
    },
    {
      id: 'terms',
      label: 'payment terms',
      test: /\b(?:deposit|due|within \d+ days|in full|account|minimum order|financ)/i,
      suggestion: 'no payment terms found: say when payment is due, deposits and minimum orders',
    },
  ],
  shipping_delivery: [
    {
      id: 'costs',
      label: 'delivery costs',
      test: new RegExp(`${PRICE.source}|\\bfree\\b`, 'i'),
      suggestion: 'no shipping costs found: add a page or FAQ about delivery fees and areas',
    },
    {
      id: 'areas',
      label: 'delivery areas',
      test: /\b(?:miles?|areas?|postcodes?|within|across|nationwide|ring road|radius|to [A-Z][a-z]+)\b/,
      suggestion: 'no delivery areas found: say where you deliver',
    },
    {
      id: 'times',
      label: 'delivery times',
      test: /\b(?:next (?:working )?day|same day|working days?|within \d+|dispatch|between \d+\s?(?:am|pm))/i,
      suggestion: 'no delivery times found: say how fast orders arrive and the order cut-off time',
    },
  ],
  returns_warranty: [
    {
      id: 'returns',
      label: 'returns and refunds',
      test: /\b(?:return|refund|exchange|cancel)/i,
      suggestion: 'no returns policy found: explain how customers return items and get refunds',
    },
    {
      id: 'warranty',
      label: 'warranty',
      test: /\b(?:warranty|guarantee)/i,
      suggestion: 'no warranty or guarantee found: say what you guarantee and for how long',
    },
  ],
  customer_support: [
    {
      id: 'phone',
      label: 'phone number',
      test: /(?:\+?\d[\d ()-]{8,}\d)/,
      suggestion: 'no phone number found: show a phone number customers can call',
    },
    {
      id: 'email',
      label: 'e-mail address',
      test: /@[\w-]+\./,
      suggestion: 'no e-mail address found: show an address for questions',
    },
    {
      id: 'response',
      label: 'response times',
      test: /\bwithin (?:\w+ ){0,2}(?:hours?|days?|minutes?)|same day|any time|24\/7|day or night/i,
      suggestion: 'no response times found: say how quickly you answer',
    },
  ],
  locations_hours: [
    {
      id: 'address',
      label: 'address',
      test: /\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|\b[A-Z]{2}\s\d{5}\b|\d+\s\w+\s(?:Street|St|Road|Rd|Lane|Ave|Avenue)\b|\bUnit \d/,
      suggestion: 'no address found: publish your address (or the areas you serve)',
    },
    {
      id: 'hours',
      label: 'opening hours',
      test: /\b(?:mon|tue|wed|thu|fri|sat|sun)\w*\b.*\d/i,
      suggestion: 'no opening hours found: publish your opening hours, including weekends and holidays',
    },
    {
      id: 'directions',
      label: 'directions and parking',
      test: /\b(?:parking|car park|bus|junction|station|minutes?'? walk|step-free|serve|cover)\b/i,
      suggestion: 'no directions found: say how to get there and where to park',
    },
  ],
  team_people: [
    {
      id: 'people',
      label: 'named people',
      test: /\b[A-Z][a-z]+ [A-Z][a-z]+\b/,
      suggestion: 'no team members named: introduce the people customers deal with',
    },
  ],
  customers_case_studies: [
    {
      id: 'customers',
      label: 'customers or projects',
      test: /\w/,
      suggestion: 'no customers or case studies found: describe who you work for and a job you are proud of',
    },
  ],
  reviews_testimonials: [
    {
      id: 'quotes',
      label: 'testimonials',
      test: /\w/,
      suggestion: 'no testimonials found: quote a few happy customers',
    },
    {
      id: 'ratings',
      label: 'ratings',
      test: /\b(?:stars?|rating|rated|reviews?|★)/i,
      suggestion: 'no ratings found: mention your average rating and where customers review you',
    },
  ],
  certifications_awards: [
    {
      id: 'certs',
      label: 'certifications',
      test: /\b(?:iso|certified|accredit|licen[cs]|insured|registered|member)/i,
      suggestion: 'no certifications found: list accreditations, licences and memberships',
    },
    {
      id: 'awards',
      label: 'awards',
      test: /\baward/i,
      suggestion: 'no awards found: mention awards or recognition if you have any',
    },
  ],
  policies_legal: [
    {
      id: 'privacy',
      label: 'privacy',
      test: /\b(?:privacy|personal data|your details|cookies)/i,
      suggestion: 'no privacy policy found: add a privacy notice',
    },
    {
      id: 'terms',
      label: 'terms',
      test: /\b(?:terms|property of|liabilit|cancel|polic|rules|allowed|welcome)/i,
      suggestion: 'no terms or house rules found: publish your terms of sale or service',
    },
  ],
  careers: [
    {
      id: 'jobs',
      label: 'vacancies and how to apply',
      test: /\w/,
      suggestion: 'no careers information: if you hire, say how to apply',
    },
  ],
  news_events: [
    {
      id: 'news',
      label: 'dated news or events',
      test: /\b(?:\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* \d{1,2})\b/i,
      suggestion: 'no news or events found: post dated news or upcoming events',
    },
  ],
  promotions_offers: [
    {
      id: 'offers',
      label: 'offers',
      test: /\b(?:off|save|free|discount|loyalty|code)\b/i,
      suggestion: 'no offers found: mention current promotions or loyalty schemes',
    },
    {
      id: 'dates',
      label: 'offer dates',
      test: /\b(?:until|between|ends?|valid|before)\b.*\d/i,
      suggestion: 'offers have no dates: say when each offer ends',
    },
  ],
};

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
