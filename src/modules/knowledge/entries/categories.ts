/**
 * The fixed knowledge categories. Entries, pages and gap scores use exactly these; the list is part
 * of the API (docs/knowledge-entries.md) and changes only with a migration of stored entries.
 */
export const knowledgeCategories = [
  'company_overview',
  'mission_values',
  'products',
  'services',
  'pricing',
  'ordering_payment',
  'shipping_delivery',
  'returns_warranty',
  'customer_support',
  'locations_hours',
  'team_people',
  'customers_case_studies',
  'reviews_testimonials',
  'certifications_awards',
  'policies_legal',
  'careers',
  'news_events',
  'promotions_offers',
] as const;

export type KnowledgeCategory = (typeof knowledgeCategories)[number];

export function isKnowledgeCategory(value: unknown): value is KnowledgeCategory {
  return typeof value === 'string' && (knowledgeCategories as readonly string[]).includes(value);
}

/**
 * How much a category matters to a typical small business's knowledge base: `core` ones every
 * business should cover, `recommended` most should, `optional` only some (not every business hires
 * or runs events). Weights the overall completeness score.
 */
export type CategoryImportance = 'core' | 'recommended' | 'optional';

export interface CategoryInfo {
  label: string;
  description: string;
  importance: CategoryImportance;
}

export const categoryInfo: Record<KnowledgeCategory, CategoryInfo> = {
  company_overview: {
    label: 'Company overview',
    description: 'Who the business is, what it does, where and since when.',
    importance: 'core',
  },
  mission_values: {
    label: 'Mission and values',
    description: 'What the business stands for, promises and cares about.',
    importance: 'recommended',
  },
  products: {
    label: 'Products',
    description: 'What it sells: ranges, specifications, materials, uses.',
    importance: 'core',
  },
  services: {
    label: 'Services',
    description: 'Work it does for customers: what, how, how fast.',
    importance: 'recommended',
  },
  pricing: {
    label: 'Pricing',
    description: 'Prices of products and services, rates, VAT, quotes.',
    importance: 'core',
  },
  ordering_payment: {
    label: 'Ordering and payment',
    description: 'How to order, minimum orders, accounts, payment methods and terms.',
    importance: 'core',
  },
  shipping_delivery: {
    label: 'Shipping and delivery',
    description: 'Delivery areas, costs, times, collection.',
    importance: 'core',
  },
  returns_warranty: {
    label: 'Returns and warranty',
    description: 'Returns, refunds, cancellations of orders, guarantees and warranties.',
    importance: 'core',
  },
  customer_support: {
    label: 'Customer support',
    description: 'How to get help or a quote: phone, email, response times.',
    importance: 'core',
  },
  locations_hours: {
    label: 'Locations and hours',
    description: 'Addresses, opening hours, directions, parking, areas served.',
    importance: 'core',
  },
  team_people: {
    label: 'Team',
    description: 'The people behind the business and their roles.',
    importance: 'recommended',
  },
  customers_case_studies: {
    label: 'Customers and case studies',
    description: 'Who buys from the business and what it did for them.',
    importance: 'optional',
  },
  reviews_testimonials: {
    label: 'Reviews and testimonials',
    description: 'What customers say; ratings.',
    importance: 'recommended',
  },
  certifications_awards: {
    label: 'Certifications and awards',
    description: 'Accreditations, licences, memberships, awards.',
    importance: 'recommended',
  },
  policies_legal: {
    label: 'Policies and legal',
    description: 'Terms, privacy, house rules, cancellation of appointments.',
    importance: 'recommended',
  },
  careers: { label: 'Careers', description: 'Jobs, pay and how to apply.', importance: 'optional' },
  news_events: {
    label: 'News and events',
    description: 'Announcements, events, seasonal news with dates.',
    importance: 'optional',
  },
  promotions_offers: {
    label: 'Promotions and offers',
    description: 'Discounts, codes, loyalty schemes, with their dates.',
    importance: 'optional',
  },
};
