/**
 * The words around a price and what they make of it (offers reader, page-offers.ts): labels that name
 * nothing ("Regular price", "from"), variants and servings ("12 oz", "Cup"), charges that are not
 * things to buy (shipping, deposits, corkage, "an extra $10"), headings that name a category, and a
 * price label cleaned and classed as none, a name, a variant or prose.
 */
import { dateLabel, ledByDate, TIME_ONLY } from './dated-sessions.js';
import { PRICE_LABEL } from './page-lines.js';
import { readStock } from './stock.js';

const GENERIC_LABEL =
  /^(?:price|prices|pricing|cost|costs|fee|total|subtotal|from|only|just|now|sale|on sale|sale price|regular price|our price|your price|price range|current price(?: is)?|original price(?: was)?|rrp|each|starting at|starts at|starting from|was|is|are|at|for|special|special price|offer|deal|per person|pp|price per person|unit price|price:?|msrp|srp|list price|through|thru|to|and|or|till|until|bis|tot|à)$/i;
/** Words that lead into a price and name nothing ("from", "only", "starting at"), beside price labels. */
const LEAD_IN = /^(?:from|only|just|now|at|for|starting at|starts at|starting from|was|is)\s*$/i;
export const VARIANT =
  /^(?:(?:case|pack|box|set|crate|carton|tray|bundle)s? of \d+\b|\d+(?:[.,]\d+)?\s?(?:x\s?)?(?:oz|fl\.? oz|lb|lbs|g|gr|kg|ml|cl|dl|l|ltr|litre|liter|liters|litres|gal|gallons?|pcs?|pieces?|pack|packs|ct|count|bags?|bottles?|jars?|tins?|boxe?s?|cans?|cases?|loa(?:f|ves)|inch(?:es)?|in|"|cm|mm|m|hours?|hrs?|h|minutes?|mins?|min|days?|nights?|weeks?|months?|sessions?|classes|lessons?|people|persons?|guests?|pax|visits?|slices?|servings?|portions?|cups?|pints?)\b|(?:small|medium|large|regular|mini|standard|single|double|twin|king|queen|family|xs|s|m|l|xl|xxl|kids?|child|children|adults?|seniors?|students?|concessions?|members?|non-members?|under \d+|ages? \d+|infants?|toddlers?|youth|junior|juniors|monthly|weekly|annual|yearly|one-off|trial|half|full|whole|quarter|per month|per year|a month|a year|one|two|three|four|five|six)\b)/i;
/** How a dish or a drink is served, alone as a label ("Cup $9 · Bowl $14", "Bottle $46"): a variant. */
const SERVING =
  /^(?:cup|bowl|glass|bottle|half bottle|carafe|half carafe|pint|half pint|schooner|jug|pitcher|can|shot|taster|flight|slice|whole|plate|half dozen|dozen)$/i;
/**
 * Charges that are not things to buy. A bare "fee" is not one of them: a dentist's or a lawyer's fee
 * schedule is its price list; a booking, delivery or cancellation fee is.
 */
export const FEE =
  /\b(?:shipping|ship(?:s|ped)?|delivery|deliver(?:ed|ies|ing)?|postage|we post\b|post(?:s|ed)? (?:within|to|anywhere|worldwide|out)|per order|courier|freight|pick-?up(?: and| &)? (?:and )?(?:delivery|drop-?off)|collection fee|call-?out|travel(?:l?ing)?|mileage|per (?:mile|km|kilometre|kilometer)|surcharge|(?:joining|registration|enrol(?:l)?ment|sign-?up|set-?up|key|booking|delivery|cancellation|call-?out|service|admin|administration|card|late|travel|pick-?up|collection|handling|no-show|corkage|cleaning|change|amendment|rebooking|transfer) fees?|corkage|cakeage|parking|(?:changes?|amendments?|transfers?)\b[^.!?]{0,40}\b(?:less than|within|inside) \d+\s*(?:hours?|days?|h)|deposits?|(?:security|damage|refundable|rental|hire|key) bonds?|bonds? of|handling|service charge|tips?(?= (?:are|is|jar|pool|included|optional|welcome|not)\b)|tipping|gratuity|donat(?:e|es|ed|ion|ions)|(?:from|of|on) (?:every|each) [^.!?]{0,30}\b(?:goes|go|is given|are given|is donated|are donated) to\b|vat|gst|sales tax|taxes?|(?:tourist|city|local|municipal|visitor|occupancy|bed|room|hotel|tourism) tax|ortstaxe|kurtaxe|threshold|minimum (?:[\w&-]+ ){0,4}?(?:order|spend|charge|purchase|booking)|flat rate|cancell?ations?|late (?:arrivals?|payments?|collections?|pick-?ups?)|charged at|no[- ]shows?|missed (?:appointments?|sessions?|classes)|co-?pays?|co-?payments?|penalt(?:y|ies)|restocking|contributions?|lev(?:y|ies)|round(?:ing)?[- ]up|(?:theft|damage|breakage|loss)(?: and (?:theft|damage|breakage|loss))? (?:cover|protection|waiver|insurance)|refund(?:s|ed)?|we(?:'ll| will)? pay you|gift[- ]?wrap(?:ping|ped)?|prizes?|winn(?:ers?|ing \w+) (?:takes?|gets?|wins?|receives?)\b|costs? us\b|big[- ]box\b|\w+ (?:fee|charge|surcharge) of|add (?!to (?:cart|bag|basket)\b)[^.!?]{0,60}\bfor\b|throw(?:s|ing)? in\b[^.!?]{0,40}\bfor\b|extend (?:it|them|this|your|the|a|an)\b[^.!?]{0,40}\bfor\b|(?:swap|sub|switch) (?:in|out)\b|(?:swap|switch|change|upgrade|substitute) (?:your |the |any )?[^.!?]{0,40}\b(?:for|to)\b[^.!?]{0,30}\bfor\b|(?:is|are|costs?|for|at) an? (?:extra|additional)|(?:earn|collect|get)\s+\d+\s+(?:points?|stamps?|miles)|\d+\s+points?\s+(?:for|=))\b/i;
/** A price's label that says it is the price with or without tax ("Ex Tax: R169.57"): the item's price is beside it. */
export const TAX_LABEL =
  /^(?:ex|excl\.?|excluding|incl\.?|including|plus|before|after|without|with)\s*(?:vat|gst|tax(?:es)?|mva|moms|btw|mwst)\b/i;
/** A price named a fee or a charge by the words right after it ("a $10 pause fee", "€5 surcharge"). */
export const FEE_AFTER = /^\s*(?:[\p{L}-]+\s+)?(?:fee|fees|surcharge|charge)\b|^\s*(?:[.–-]+\s*)?extra\b/iu;
/** An option picker's label ("Pot size", "Colour", "Choose a size"): what varies, not what is sold. */
export const OPTION_LABEL =
  /^(?:(?:choose|select|pick)\s+(?:a|an|your)?\s*)?(?:(?:[\p{L}-]+\s+)?(?:sizes?|options?|quantity|qty|formats?)|colou?rs?|weights?|styles?|flavou?rs?|volumes?)\s*:?$/iu;
/** Headings that name a page or a category, never one item. */
export const GENERIC_HEADING =
  /^(?:our\s+|the\s+)?(?:prices?|pricing|price ?list|rates?|tariffs?|fees|packages?|plans?|menus?|shop|store|products?|services?|treatments?|options?|extras?|add-?ons?|catalogu?e|collections?|range|specials?|offers?|deals?|drinks|food|tickets?|classes|courses|lessons|memberships?|bundles|gift ideas|new arrivals|best ?sellers?|featured|all products|home|about(?: us)?|our story|contact(?: us)?|faqs?|frequently asked questions|hours|opening hours|visit(?: us)?|location|find us|shipping(?: (?:and|&) returns)?|delivery|returns|policies|terms|testimonials|reviews|news|blog|journal|welcome|team|careers|jobs|gallery)$/i;
/** Headings about prices in general ("Sizes and prices", "Hourly rates") name no single item. */
export const PRICE_HEADING = /\b(?:prices?|pricing|rates|tariffs?|fees|costs)\b/i;
export const PREPOSITION_START =
  /^(?:during|for|with|in|on|to|by|within|over|under|after|before|including|per|from|at|of|if|when|up|between)\b/i;
/** Words that say "a place on it", not what it is. */
/** Some customers, not an item: "School groups pay €18 per pupil". */
export const AUDIENCE =
  /^(?:school groups?|groups? of \d+(?: or more)?|children|kids|students|seniors|members|non-members|adults|families|pupils|under[- ]\d+s?|over[- ]\d+s?|concessions?)$/i;
export const LEAD_STOP =
  /^(?:for|with|in|on|at|of|from|to|by|is|are|was|were|last|lasts|cost|costs|run|runs|take|takes|start|starts|pay|pays|include|includes|and|or|can|will|must|need|needs)$/i;

export const COUNTABLE =
  /^(?:places?|spaces?|seats?|spots?|tickets?|entry|admission|sessions?|classes|lessons)$/i;
/**
 * A kind of visit or class, not what it is: "Your first visit – … – is $79", "Drop-in classes are $28
 * each" under the heading that names it ("New patient special", "Reformer Pilates").
 */
export const KIND_OF_VISIT =
  /^(?:your |the |our )?(?:first|initial|next|single|drop-?in|one-?off|casual|trial|taster|follow-?up|return|group|private)\s+(?:visits?|appointments?|sessions?|classes|class|lessons?)$/i;
/** "The course is $220", "This workshop costs €65": the item of the page or section, by its kind. */
export const THE_ITEM =
  /^(?:the|this|each|our)\s+(?:course|class|workshop|programme|program|camp|event|tour|retreat|experience|session|lesson)\s+(?:is|costs?|comes to)\s/i;
export const CAREERS =
  /\b(?:jobs?|careers?|vacanc\w*|hiring|join (?:the|our) team|work(?:ing)? (?:for|with) us|recruit\w*)\b/i;
export const WAGE = /^(?:pay|salary|salaries|wages?|rates? of pay|hourly pay|starting pay)$/i;

/** A sentence about other sellers: "Most studios charge …", "Other shops ask …", "A typical service runs …". */
export const OTHERS_PRICE =
  /^(?:most|many|other|some|typical|average|the average|a typical|competitors?|chains?|big[- ]box|national)\b/i;
/**
 * A price paid to an authority, not to the business: "Non-residents pay the province $32.70 for a
 * licence", "payable to the council", "It goes to the town's marine sanctuaries".
 */
const AUTHORITY = String.raw`(?:local\s+|regional\s+|district\s+)?(?:province|provincial government|state|council|government|city|town|village|county|municipality|shire|ministry|department|(?:national\s+)?parks?(?: service| authority)?|authorit(?:y|ies)|harbou?r master|port authority)(?:['’]s)?`;
export const PAID_TO_AUTHORITY = new RegExp(
  String.raw`\b(?:(?:pay|pays|paid|payable)\s+(?:directly\s+|separately\s+)?(?:to\s+)?|(?:goes|go|going)\s+(?:straight\s+|directly\s+)?to\s+)(?:the|your)\s+${AUTHORITY}\b`,
  'i',
);
/**
 * Something the price does not include, said of what it names: "Entry to Kennin-ji (¥800) is not
 * included", a heading "Not included" over a lift pass's price.
 */
export const NOT_INCLUDED = /\b(?:is|are)\s+not\s+included\b|^\s*not included\b|\bexcluded from the price\b/i;

/** A section on how to reach the place ("Getting here", "Directions"): its prices are fares. */
export const TRAVEL_HEADING =
  /^(?:getting (?:here|there)|how to (?:get|find) (?:here|there|us)|directions|travel(?:ling)? (?:here|to us)|parking(?: and transport)?|transport)\s*:?$/i;

/**
 * Words of a sentence taken for a name: a quotation ("“I looked at a course in Stockholm that"), a
 * clause led by a pronoun ("You’ll see it", "Anything you throw beyond that") or cut off at a word
 * that needs more after it ("… dropper post, hence", "unlocked one", "Dogs still", "instead of") or at
 * a verb of paying ("Restaurants on 100 Feet Road charge", "Hotel banquet halls quote"), an
 * open bracket, or a bare currency code ("NZD").
 */
export const CLAUSE_FRAGMENT =
  /^[“"‘„«]|^(?:if|when|after|before|unless|while|since|once|because|although)\s|\s(?:we|they|i)\s|\b(?:it|that|there)[’']s$|\b(?:saves?|gives?|buy|buys|get|gets)(?:\s+\w+)?$|^(?:anything|everything|something|nothing|someone|anyone|i|i[’']m|i[’']ve|we|we[’'](?:ll|re|ve)|you[’'](?:ll|re|ve|d)|it[’']s|they|they[’'](?:ll|re|ve)|he|she|each|every|per)\b|\b(?:that|hence|thus|so|than|which|who|whom|whose|because|although|though|if|unless|whether|one|ones|you|we|they|it|still|instead of|of|to|the|a|an|and|or|but|charge|charges|charged|quote|quotes|quoted|ask|asks|asked|pay|pays|paid|costs|spend|spends|spent)$|\($|^(?:free|[A-Z]{3})$/iu;

/** A fee said not to be charged: "no joining fee", "without a booking fee", "free delivery". */
export const NO_FEE =
  /\b(?:no|without(?:\s+an?|\s+any)?|zero)\s+(?:[\p{L}-]+\s+){0,2}?(?:fees?|charges?|surcharges?|deposits?)\b/giu;

/** A price's history, not an offer: "went from $20 to $22", "rose from", "was raised from". */
export const PRICE_CHANGE =
  /\b(?:went|goes|go|rose|rise|rises|risen|increased|increases|raised|changed|moved|dropped|fell)\s+(?:up\s+|down\s+)?from\b/i;

/** A clause verb: the text is a sentence, not a name. */
const SENTENCE =
  /\b(?:is|are|was|were|be|been|costs?|charged?|charges|run|runs|served|serves|includes?|including|get|gets|pay|pays|we|you|our|your|they|it|this|that|these|those|there|will|can|would|should|may|must|has|have|had|do|does|did)\b/i;

export function cleanLabel(raw: string): string {
  let s = raw.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 4; i++) {
    const before = s;
    s = s
      .replace(/^[\s·•|/,;:–—\-=@.…*]+/, '')
      // The price inside a parenthesis ("27–29 Jan (3 days, A$330)"): what is open is a note on it.
      .replace(/\s*\([^()]*$/, '')
      .replace(/[\s·•|/,;:–—\-=@…*.]+$/, '')
      .replace(/\s*\.{3,}\s*$/, '')
      .trim();
    s = s.replace(
      /\s*\b(?:(?:sale|regular|current|original|our|your|unit|special|list)\s+)?(?:price|prices|cost)(?:\s+(?:is|was|from|range))?\s*:?$/i,
      '',
    );
    s = s.replace(
      /\s*\b(?:from|only|just|now|at|for|starting at|starts at|starting from|was|is|costs?|priced at)$/i,
      '',
    );
    s = s.replace(/^(?:a|an|the|our|and|or|plus|also)\s+/i, '').replace(/^(?:yes|no)\b[,.!]?\s*/i, '');
    // When it is served ("Weekdays 3–5 pm: Fanny Bay oysters") is no part of its name.
    s = s.replace(
      /^(?:weekdays|weekends|daily|every day|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*s?)?[\s,&–-]*(?:\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?\s*[–—-]\s*\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)|from \d{1,2}\s*(?:am|pm)|until \d{1,2}\s*(?:am|pm))\s*:\s+/i,
      '',
    );
    // A list's introduction ("Pot sizes and prices: 2 gal") names the list, not its first option.
    s = s.replace(
      /^[^:]{0,40}\b(?:sizes?|options?|prices?|pricing|rates?|variants?|formats?|choices?)\b[^:]{0,20}:\s+/i,
      '',
    );
    if (s === before) break;
  }
  return s.trim();
}

export type LabelKind = 'none' | 'name' | 'variant' | 'prose';

/** Words themes put around a price ("Regular price", "Sale price", "Unit price", "From"). */
const PRICE_LABEL_WORDS =
  /\b(?:regular|sale|current|original|unit|special|list|our|your|now|was|is|from|only|just|price|prices|pricing|cost|per|each|starting|at)\b/gi;

/** A row's button after its stock ("… Available Book", "… Waitlist Join waitlist"): not stock words. */
export const TRAILING_CTA =
  /\s*\b(?:book(?: now)?|buy(?: now)?|request|enquire|inquire|reserve|select|add to (?:cart|basket|bag)|join(?: the)? wait-?list|get tickets)\s*$/i;
/** A button's words before a price ("Get Tickets $95.00", "Book now from $40"): they name nothing. */
const CTA_LABEL =
  /^(?:get|buy|book|reserve|register|rsvp|order|enrol|enroll|sign up|join|choose|select|pick)(?:\s+(?:tickets?|now|here|online|a (?:place|seat|spot)|your (?:place|seat|spot)))?$/i;
/** A promotion's label, not a name: "Spring offer:", "Summer sale", "Launch deal". */
const PROMO_LABEL = /^(?:[\p{L}-]+\s+){0,2}(?:offer|deal|special|promo|promotion|sale|discount)s?$/iu;

export function labelKind(label: string): LabelKind {
  // A date, or facts led by one ("4–7 Jan · ages 8–12"): a session of the item named above.
  if (label !== '' && (dateLabel(label) || ledByDate(label))) return 'variant';
  // A portion before its price ("Full €17.00") is a variant, though "Full" alone can be a booking's stock.
  if (/^\p{L}+$/u.test(label) && (VARIANT.test(label) || SERVING.test(label))) return 'variant';
  // A stock badge before the price ("Sold out $95.00"), not a sentence that mentions stock.
  if (
    PROMO_LABEL.test(label) ||
    CTA_LABEL.test(label) ||
    (label.split(/\s+/).length <= 4 && readStock(label))
  )
    return 'none';
  if (TIME_ONLY.test(label.trim())) return 'none';
  if (
    label === '' ||
    GENERIC_LABEL.test(label) ||
    PRICE_LABEL.test(label) ||
    LEAD_IN.test(label) ||
    !/\p{L}{2,}/u.test(label)
  )
    return 'none';
  if (!/\p{L}{2,}/u.test(label.replace(PRICE_LABEL_WORDS, ' '))) return 'none';
  const words = label.split(/\s+/).length;
  if (words > 10 || label.length > 90) return 'prose';
  // Words in parentheses qualify a name ("6-inch cake (serves 10)"); they do not make it a sentence.
  const bare = label.replace(/\([^)]*\)/g, ' ').replace(/\byour own\b/gi, '');
  if (SENTENCE.test(bare) && words >= 3) return 'prose';
  // A dish with what comes with it ("Whole lemon sole, brown shrimp and caper butter") is named, though
  // it opens with a portion word.
  if ((VARIANT.test(label) || SERVING.test(label)) && !(label.includes(',') && words >= 4)) return 'variant';
  return 'name';
}
