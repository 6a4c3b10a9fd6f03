/**
 * JSON-LD (`<script type="application/ld+json">`) read into the structured facts the product
 * needs: products with their offers, FAQ pairs, the organization, local businesses with address
 * and opening hours, and article dates. Handles `@graph` documents, arrays, `@id` references and
 * nested entities; a block that is not valid JSON is repaired when the fault is a common one
 * (trailing commas, raw line breaks in strings) and otherwise skipped with a note, never thrown.
 */
import { collapseWhitespace, parseHtmlDocument, resolveHttpUrl } from './dom.js';
import { parseOpeningHoursSpecification, parseOpeningHoursText } from './opening-hours.js';
import type { FaqEntry, LocalBusiness, Offer, Organization, PostalAddress, Product } from './types.js';

type JsonObject = Record<string, unknown>;

export interface JsonLdBlocks {
  blocks: unknown[];
  notes: string[];
}

/** An article's dates and headline as JSON-LD states them. */
export interface JsonLdArticle {
  type: string;
  headline: string | null;
  datePublished: string | null;
  author: string | null;
}

export interface JsonLdFacts {
  products: Product[];
  faq: FaqEntry[];
  organizations: Organization[];
  localBusinesses: LocalBusiness[];
  articles: JsonLdArticle[];
  /** Every schema.org type seen, for deciding what kind of page this is. */
  types: Set<string>;
}

const MAX_BLOCK_CHARS = 2_000_000;

/** Parses every JSON-LD script of the document. Call before anything strips scripts. */
export function readJsonLdBlocks(doc: Document): JsonLdBlocks {
  const blocks: unknown[] = [];
  const notes: string[] = [];
  let index = 0;
  for (const script of doc.querySelectorAll('script[type]')) {
    const type = (script.getAttribute('type') ?? '').trim().toLowerCase();
    if (type !== 'application/ld+json') continue;
    index++;
    const raw = (script.textContent ?? '')
      .trim()
      .replace(/^(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, '')
      .replace(/(?:-->|\/\/\s*\]\]>|\]\]>)$/, '')
      .trim();
    if (raw === '') continue;
    if (raw.length > MAX_BLOCK_CHARS) {
      notes.push(`JSON-LD block ${index} skipped: larger than ${MAX_BLOCK_CHARS} characters`);
      continue;
    }
    try {
      blocks.push(JSON.parse(raw));
    } catch (error) {
      // Common real-world faults: trailing commas and raw control characters inside strings.
      // Replacing control characters with spaces is valid JSON both inside and outside strings.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the fault repaired here
      const repaired = raw.replace(/[\u0000-\u001f]+/g, ' ').replace(/,\s*([}\]])/g, '$1');
      try {
        blocks.push(JSON.parse(repaired));
        notes.push(
          `JSON-LD block ${index} had syntax errors (trailing commas or line breaks in strings) and was repaired`,
        );
      } catch {
        notes.push(`JSON-LD block ${index} skipped: not valid JSON (${(error as Error).message})`);
      }
    }
  }
  return { blocks, notes };
}

// ---------------------------------------------------------------------------------------------
// schema.org vocabulary

const PRODUCT_TYPES = new Set([
  'Product',
  'ProductGroup',
  'ProductModel',
  'IndividualProduct',
  'SomeProducts',
  'Vehicle',
  'Car',
  'Motorcycle',
  'Service',
  'FinancialProduct',
  'SoftwareApplication',
  'Book',
  'MenuItem',
]);

const ARTICLE_TYPES = new Set([
  'Article',
  'NewsArticle',
  'BlogPosting',
  'Report',
  'ScholarlyArticle',
  'TechArticle',
  'AnalysisNewsArticle',
  'OpinionNewsArticle',
  'ReportageNewsArticle',
  'ReviewNewsArticle',
  'LiveBlogPosting',
  'SocialMediaPosting',
]);

const ORGANIZATION_TYPES = new Set([
  'Organization',
  'Corporation',
  'NGO',
  'OnlineBusiness',
  'OnlineStore',
  'NewsMediaOrganization',
  'EducationalOrganization',
  'GovernmentOrganization',
  'MedicalOrganization',
  'SportsOrganization',
  'PerformingGroup',
  'Airline',
  'Consortium',
  'Cooperative',
  'ResearchOrganization',
  'WorkersUnion',
  'LibrarySystem',
  'PoliticalParty',
  'FundingScheme',
]);

/** LocalBusiness and its common subtypes (schema.org has ~150; these cover most sites). */
const LOCAL_BUSINESS_TYPES = new Set(
  `LocalBusiness AnimalShelter ArchiveOrganization AutomotiveBusiness ChildCare Dentist DryCleaningOrLaundry
  EmergencyService EmploymentAgency EntertainmentBusiness FinancialService FoodEstablishment GovernmentOffice
  HealthAndBeautyBusiness HomeAndConstructionBusiness InternetCafe LegalService Library LodgingBusiness
  MedicalBusiness ProfessionalService RadioStation RealEstateAgent RecyclingCenter SelfStorage ShoppingCenter
  SportsActivityLocation Store TelevisionStation TouristInformationCenter TravelAgency
  Bakery BarOrPub Brewery CafeOrCoffeeShop Distillery FastFoodRestaurant IceCreamShop Restaurant Winery
  AutoPartsStore BikeStore BookStore ClothingStore ComputerStore ConvenienceStore DepartmentStore ElectronicsStore
  Florist FurnitureStore GardenStore GroceryStore HardwareStore HobbyShop HomeGoodsStore JewelryStore LiquorStore
  MensClothingStore MobilePhoneStore MovieRentalStore MusicStore OfficeEquipmentStore OutletStore PawnShop PetStore
  ShoeStore SportingGoodsStore TireShop ToyStore WholesaleStore
  AutoBodyShop AutoDealer AutoRental AutoRepair AutoWash GasStation MotorcycleDealer MotorcycleRepair
  BeautySalon DaySpa HairSalon HealthClub NailSalon TattooParlor
  Electrician GeneralContractor HVACBusiness HousePainter Locksmith MovingCompany Plumber RoofingContractor
  BedAndBreakfast Campground Hostel Hotel Motel Resort VacationRental
  Optician Pharmacy Physician MedicalClinic Attorney Notary VeterinaryCare Hospital MedicalOrganization DiagnosticLab
  Physiotherapy Dermatology DietNutrition Midwifery Nursing Pediatric Podiatric PrimaryCare Psychiatric
  AccountingService AutomatedTeller BankOrCreditUnion InsuranceAgency
  AmusementPark ArtGallery Casino ComedyClub MovieTheater NightClub
  BowlingAlley ExerciseGym GolfCourse PublicSwimmingPool SkiResort SportsClub StadiumOrArena TennisComplex`
    .split(/\s+/)
    .filter(Boolean),
);

const SCHEMA_PREFIX = /^(?:https?:\/\/schema\.org\/|schema:)/i;

function typesOf(node: JsonObject): string[] {
  const raw = node['@type'];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((t): t is string => typeof t === 'string').map((t) => t.replace(SCHEMA_PREFIX, ''));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

// ---------------------------------------------------------------------------------------------
// value readers

/** Text of a JSON-LD value: strings, numbers, `{ "@value" }`, first of a list; HTML reduced to text. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') {
    const text = /[<&]/.test(value) ? htmlToText(value) : collapseWhitespace(value);
    return text === '' ? null : text;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = textOf(item);
      if (text) return text;
    }
    return null;
  }
  if (isObject(value)) {
    if ('@value' in value) return textOf(value['@value']);
    if ('name' in value) return textOf(value.name);
  }
  return null;
}

/** Plain text of an HTML snippet (answers in FAQ markup are often HTML). */
export function htmlToText(html: string): string {
  const withBreaks = html.replace(/<(br|\/p|\/li|\/div|\/h[1-6]|\/tr)\b[^>]*>/gi, '$&\n');
  const doc = parseHtmlDocument(`<!DOCTYPE html><html><head></head><body>${withBreaks}</body></html>`);
  const text = doc.body.textContent ?? '';
  return text
    .split('\n')
    .map((line) => collapseWhitespace(line))
    .filter((line) => line !== '')
    .join('\n');
}

function urlOf(value: unknown, base: string): string | null {
  if (typeof value === 'string') return resolveHttpUrl(value, base);
  if (Array.isArray(value)) {
    for (const item of value) {
      const url = urlOf(item, base);
      if (url) return url;
    }
    return null;
  }
  if (isObject(value)) return urlOf(value.url ?? value.contentUrl ?? value['@id'], base);
  return null;
}

function urlsOf(value: unknown, base: string): string[] {
  const urls: string[] = [];
  for (const item of asArray(value)) {
    const url = urlOf(item, base);
    if (url && !urls.includes(url)) urls.push(url);
  }
  return urls;
}

/**
 * A price as a number: `1299`, `"1299.00"`, `"1,299.00"`, `"1.299,00"`, `"€ 1 299"`. schema.org
 * asks for a dot as the decimal separator, so a single dot is read as decimal; a comma followed
 * by one or two digits at the end is read as a decimal comma (a common deviation).
 */
export function parsePrice(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  let s = value.replace(/[^\d.,-]/g, '');
  if (!/\d/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    s = s.split(thousands).join('').replace(decimal, '.');
  } else if (lastComma >= 0) {
    s = /,\d{1,2}$/.test(s) && s.indexOf(',') === lastComma ? s.replace(',', '.') : s.split(',').join('');
  } else if (s.indexOf('.') !== lastDot) {
    s = s.split('.').join(''); // several dots: thousands separators
  }
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function addressOf(value: unknown): PostalAddress | null {
  const item = asArray(value)[0];
  if (typeof item === 'string') {
    const text = collapseWhitespace(item);
    return text === ''
      ? null
      : { streetAddress: text, locality: null, region: null, postalCode: null, country: null, text };
  }
  if (!isObject(item)) return null;
  const streetAddress = textOf(item.streetAddress);
  const locality = textOf(item.addressLocality);
  const region = textOf(item.addressRegion);
  const postalCode = textOf(item.postalCode);
  const country = textOf(item.addressCountry);
  // North American and Australian addresses end "City, ST 12345"; most others "12345 City".
  const regionFirst =
    /^(?:US|USA|United States|CA|Canada|AU|Australia)$/i.test(country ?? '') ||
    (!country && !!region && /^[A-Z]{2,3}$/.test(region) && /^\d{5}(?:-\d{4})?$/.test(postalCode ?? ''));
  const text = regionFirst
    ? [streetAddress, locality, [region, postalCode].filter(Boolean).join(' '), country]
        .filter(Boolean)
        .join(', ')
    : [streetAddress, [postalCode, locality].filter(Boolean).join(' '), region, country]
        .filter(Boolean)
        .join(', ');
  if (text === '') return null;
  return { streetAddress, locality, region, postalCode, country, text };
}

// ---------------------------------------------------------------------------------------------
// graph walking

/** Every object node in the blocks, depth first, with `@graph` unpacked; `@id` references resolved. */
function collectNodes(blocks: unknown[]): { nodes: JsonObject[]; byId: Map<string, JsonObject> } {
  const nodes: JsonObject[] = [];
  const byId = new Map<string, JsonObject>();
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 32 || value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const node = value as JsonObject;
    if (typeof node['@id'] === 'string' && Object.keys(node).length > 1) {
      const existing = byId.get(node['@id']);
      byId.set(node['@id'], existing ? { ...node, ...existing } : node);
    }
    if (node['@type'] !== undefined) nodes.push(node);
    for (const [key, child] of Object.entries(node)) {
      if (key !== '@context') visit(child, depth + 1);
    }
  };
  visit(blocks, 0);
  return { nodes, byId };
}

function resolver(byId: Map<string, JsonObject>): (value: unknown) => unknown {
  const deref = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(deref);
    if (isObject(value) && typeof value['@id'] === 'string' && Object.keys(value).length <= 2) {
      return byId.get(value['@id']) ?? value;
    }
    return value;
  };
  return deref;
}

// ---------------------------------------------------------------------------------------------
// entity readers

function firstObject(value: unknown, deref: (v: unknown) => unknown): JsonObject | undefined {
  return asArray(deref(value)).map(deref).find(isObject);
}

function offersOf(value: unknown, base: string, deref: (v: unknown) => unknown): Offer[] {
  const offers: Offer[] = [];
  for (const raw of asArray(deref(value))) {
    const item = deref(raw);
    if (!isObject(item)) continue;
    const types = typesOf(item);
    const isAggregate = types.includes('AggregateOffer') || 'lowPrice' in item || 'highPrice' in item;
    const spec = isObject(item.priceSpecification)
      ? item.priceSpecification
      : (asArray(item.priceSpecification).find(isObject) as JsonObject | undefined);
    const priceValue = item.price ?? spec?.price;
    const priceText = textOf(priceValue);
    const offer: Offer = {
      type: isAggregate ? 'AggregateOffer' : 'Offer',
      price: parsePrice(priceValue),
      priceText,
      currency: textOf(item.priceCurrency ?? spec?.priceCurrency),
      lowPrice: parsePrice(item.lowPrice),
      highPrice: parsePrice(item.highPrice),
      offerCount: numberOf(item.offerCount),
      availability: textOf(item.availability)?.replace(SCHEMA_PREFIX, '') ?? null,
      url: urlOf(item.url, base),
      validUntil: textOf(item.priceValidUntil),
      name: textOf(item.name),
    };
    if (offer.price === null && offer.lowPrice === null && offer.highPrice === null && !offer.priceText) {
      // An AggregateOffer may nest its individual offers.
      offers.push(...offersOf(item.offers, base, deref));
      continue;
    }
    offers.push(offer);
  }
  return offers;
}

/** The members of a ProductGroup (`hasVariant`): each a Product with its own offers. */
function variantsOf(node: JsonObject, deref: (v: unknown) => unknown): JsonObject[] {
  return asArray(deref(node.hasVariant)).map(deref).filter(isObject);
}

/**
 * A ProductGroup's variants as offers of the group (Shopify and others publish one Product per
 * variant, each with its own price and stock): named by the properties the group varies by
 * (`color`, `size`), else by the variant's name without the group's ("Tide Pool Mug - Storm" → "Storm").
 */
function variantOffers(
  node: JsonObject,
  groupName: string,
  base: string,
  deref: (v: unknown) => unknown,
): Offer[] {
  const varies = asArray(node.variesBy)
    .map((v) => textOf(v)?.replace(SCHEMA_PREFIX, ''))
    .filter((v): v is string => !!v);
  const out: Offer[] = [];
  for (const variant of variantsOf(node, deref)) {
    const byProperty = varies
      .map((property) => textOf(deref(variant[property.charAt(0).toLowerCase() + property.slice(1)])))
      .filter((v): v is string => !!v)
      .join(' / ');
    const own = textOf(variant.name) ?? '';
    const stripped = own.toLowerCase().startsWith(groupName.toLowerCase())
      ? own.slice(groupName.length).replace(/^[\s\-–—:|/,]+/, '')
      : own;
    const name = byProperty || stripped || null;
    for (const offer of offersOf(variant.offers, base, deref))
      out.push({ ...offer, name: name ?? offer.name });
  }
  return out;
}

function productOf(
  node: JsonObject,
  type: string,
  base: string,
  deref: (v: unknown) => unknown,
): Product | null {
  const name = textOf(node.name);
  if (!name) return null;
  const rating = deref(node.aggregateRating);
  const ratingValue = isObject(rating) ? numberOf(rating.ratingValue) : null;
  return {
    type,
    name,
    description: textOf(node.description),
    sku: textOf(node.sku ?? node.mpn),
    gtin: textOf(node.gtin ?? node.gtin13 ?? node.gtin12 ?? node.gtin14 ?? node.gtin8),
    brand: textOf(deref(node.brand) ?? deref(node.manufacturer)),
    url: urlOf(node.url, base),
    images: urlsOf(deref(node.image), base),
    offers: [...offersOf(node.offers, base, deref), ...variantOffers(node, name, base, deref)],
    rating:
      ratingValue === null || !isObject(rating)
        ? null
        : { value: ratingValue, count: numberOf(rating.reviewCount ?? rating.ratingCount) },
  };
}

function organizationOf(
  node: JsonObject,
  type: string,
  base: string,
  deref: (v: unknown) => unknown,
): Organization | null {
  const name = textOf(node.name ?? node.legalName);
  if (!name) return null;
  return {
    type,
    name,
    url: urlOf(node.url, base),
    logo: urlOf(deref(node.logo), base),
    description: textOf(node.description),
    telephone: textOf(node.telephone ?? firstObject(node.contactPoint, deref)?.telephone),
    email: textOf(node.email)?.replace(/^mailto:/i, '') ?? null,
    address: addressOf(deref(node.address) ?? deref(firstObject(node.location, deref)?.address)),
    sameAs: urlsOf(node.sameAs, base),
  };
}

function localBusinessOf(
  node: JsonObject,
  type: string,
  base: string,
  deref: (v: unknown) => unknown,
): LocalBusiness | null {
  const org = organizationOf(node, type, base, deref);
  if (!org) return null;
  const geo = deref(node.geo);
  const latitude = isObject(geo) ? numberOf(geo.latitude) : null;
  const longitude = isObject(geo) ? numberOf(geo.longitude) : null;
  const specs = asArray(deref(node.openingHoursSpecification)).map(deref);
  return {
    ...org,
    priceRange: textOf(node.priceRange),
    openingHours: [...parseOpeningHoursSpecification(specs), ...parseOpeningHoursText(node.openingHours)],
    geo: latitude !== null && longitude !== null ? { latitude, longitude } : null,
  };
}

function faqEntryOf(node: JsonObject, deref: (v: unknown) => unknown): FaqEntry | null {
  const question = textOf(node.name) ?? textOf(node.text);
  const answerNode = asArray(deref(node.acceptedAnswer ?? node.suggestedAnswer))
    .map(deref)
    .find(isObject);
  const answer = answerNode ? textOf(answerNode.text) : null;
  return question && answer ? { question, answer } : null;
}

/** Reads the facts out of parsed JSON-LD blocks. Relative URLs resolve against `baseUrl`. */
export function interpretJsonLd(blocks: unknown[], baseUrl: string): JsonLdFacts {
  const { nodes, byId } = collectNodes(blocks);
  const deref = resolver(byId);
  const facts: JsonLdFacts = {
    products: [],
    faq: [],
    organizations: [],
    localBusinesses: [],
    articles: [],
    types: new Set(),
  };
  const seenKeys = new Set<string>();
  const once = (key: string): boolean => {
    if (seenKeys.has(key)) return false;
    seenKeys.add(key);
    return true;
  };
  // A group's variants are read as its offers, not as products of their own.
  const variantNodes = new Set(nodes.flatMap((n) => variantsOf(n, deref)));
  for (const node of nodes) {
    const types = typesOf(node);
    for (const t of types) facts.types.add(t);
    if (variantNodes.has(node)) continue;
    const localType = types.find((t) => LOCAL_BUSINESS_TYPES.has(t));
    const productType = types.find((t) => PRODUCT_TYPES.has(t));
    const orgType = types.find((t) => ORGANIZATION_TYPES.has(t));
    const articleType = types.find((t) => ARTICLE_TYPES.has(t));
    const hasHours = node.openingHoursSpecification !== undefined || node.openingHours !== undefined;
    // A business type this list lacks (schema.org has some 150: VeterinaryCare, Physiotherapy, …)
    // still says it is one by an address and opening hours of its own.
    const otherType =
      !localType && !orgType && !productType && !articleType && hasHours && node.address !== undefined
        ? types[0]
        : undefined;
    if (localType || otherType || (orgType && hasHours)) {
      const business = localBusinessOf(node, localType ?? otherType ?? (orgType as string), baseUrl, deref);
      if (business && once(`lb|${business.name}|${business.address?.text ?? ''}`))
        facts.localBusinesses.push(business);
    } else if (orgType) {
      const org = organizationOf(node, orgType, baseUrl, deref);
      if (org && once(`org|${org.name}|${org.url ?? ''}`)) facts.organizations.push(org);
    }
    if (productType) {
      const product = productOf(node, productType, baseUrl, deref);
      if (product && once(`p|${product.name}|${product.sku ?? ''}|${product.url ?? ''}`))
        facts.products.push(product);
    }
    if (types.includes('Question')) {
      const entry = faqEntryOf(node, deref);
      if (entry && once(`q|${entry.question}`)) facts.faq.push(entry);
    }
    if (articleType) {
      const author = asArray(deref(node.author)).map(deref)[0];
      facts.articles.push({
        type: articleType,
        headline: textOf(node.headline ?? node.name),
        datePublished: textOf(node.datePublished ?? node.dateCreated),
        author: textOf(author),
      });
    }
  }
  return facts;
}
