/**
 * Postal addresses in running text, in the formats small businesses write them around the world:
 * "180 Riverside Dr, Studio 4, Asheville, NC 28801", "3410 Tamarack Line, Wellesley, ON N0B 2T0",
 * "Brouwerssteeg 14, 3511 AB Utrecht", "Unit 3, 58 Harrington Street, District Six, Cape Town, 7925",
 * "PO Box 14021, Portland, OR 97293", "14 Gillygate, York YO31 7EQ", "12 Quay St, Galway H91 X2Y3",
 * "7 Beach Rd, Tallow Point NSW 2478". An address is a street (a number and a street word, a unit, a
 * PO box, or a Dutch/German street name with its number) followed, within a short stretch of the same
 * sentence, by a postcode the country writes that way. The country is read from the postcode where it
 * tells (US ZIP with a state, Canadian, UK, Australian, Irish, Dutch).
 */

export interface AddressMatch {
  /** The address as written, line breaks turned into ", ". */
  text: string;
  start: number;
  end: number;
  postalCode: string | null;
  /** ISO 3166 alpha-2 when the postcode's format tells, else null. */
  country: string | null;
}

const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';
const CA_PROVINCES = 'AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT';
const AU_STATES = 'NSW|VIC|QLD|SA|WA|TAS|NT|ACT';

interface Anchor {
  re: RegExp;
  country: string | null;
  /** Capture group of the postcode. */
  code: number;
}

/** States and territories written out before their ZIP or postcode ("Tucson, Arizona 85705"). */
const US_STATE_NAMES =
  'Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming';
const AU_STATE_NAMES =
  'New South Wales|Victoria|Queensland|South Australia|Western Australia|Tasmania|Northern Territory|Australian Capital Territory';

const ANCHORS: Anchor[] = [
  { re: new RegExp(String.raw`\b(?:${US_STATES})\.?,?\s+(\d{5}(?:-\d{4})?)\b`, 'g'), country: 'US', code: 1 },
  {
    re: new RegExp(String.raw`\b(?:${US_STATE_NAMES}),?\s+(\d{5}(?:-\d{4})?)\b`, 'g'),
    country: 'US',
    code: 1,
  },
  { re: new RegExp(String.raw`\b(?:${AU_STATE_NAMES}),?\s+(\d{4})\b`, 'g'), country: 'AU', code: 1 },
  {
    re: new RegExp(String.raw`\b(?:${CA_PROVINCES}),?\s+([A-Z]\d[A-Z]\s?\d[A-Z]\d)\b`, 'g'),
    country: 'CA',
    code: 1,
  },
  { re: /\b([A-Z]\d[A-Z]\s\d[A-Z]\d)\b/g, country: 'CA', code: 1 },
  { re: new RegExp(String.raw`\b(?:${AU_STATES}),?\s+(\d{4})\b`, 'g'), country: 'AU', code: 1 },
  // Japan's "Tokyo 150-0001" or "〒150-0001", Korea's "Seoul 04781", Czechia's and Slovakia's
  // "110 00 Praha 1", Argentina's "C1414 CABA".
  { re: /(?:\b[A-Z][a-z]+(?:-(?:ku|shi|ken|fu|to))?,?\s+|〒\s?)(\d{3}-\d{4})\b/g, country: 'JP', code: 1 },
  {
    re: /\b(?:Seoul|Busan|Incheon|Daegu|Daejeon|Gwangju|Ulsan|Sejong|Suwon|Jeju)\s+(\d{5})\b/g,
    country: 'KR',
    code: 1,
  },
  { re: /(?:^|,\s*|\n)(\d{3}\s\d{2})\s+[A-Z][\p{L}'-]+(?:\s+\d{1,2}\b)?/gu, country: null, code: 1 },
  { re: /\b([A-Z]\d{4}[A-Z]{0,3})\s+(?:CABA|[A-Z][\p{L}'-]+)/gu, country: 'AR', code: 1 },
  // A city-state's six-digit code after its name: "Singapore 169369".
  { re: /\bSingapore\s+(\d{6})\b/g, country: 'SG', code: 1 },
  { re: /\b([A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b/g, country: 'GB', code: 1 },
  { re: /\b([ACDEFHKNPRTVWXY]\d{2}\s?[0-9ACDEFHKNPRTVWXY]{4})\b/g, country: 'IE', code: 1 },
  // Portuguese and Polish postcodes before the town: "4050-265 Porto", "00-950 Warszawa".
  { re: /\b(\d{4}-\d{3})\s+[A-Z][\p{L}'-]+/gu, country: 'PT', code: 1 },
  { re: /\b(\d{2}-\d{3})\s+[A-Z][\p{L}'-]+/gu, country: 'PL', code: 1 },
  // Dutch postcode with its town: "3511 AB Utrecht".
  { re: /\b(\d{4}\s?[A-Z]{2})\s+[A-Z][\p{L}'-]+/gu, country: 'NL', code: 1 },
  // A postcode before the town (Germany, France, Austria, Switzerland, Belgium, Nordics): "20457 Hamburg".
  {
    re: /(?:^|,\s*|\n|\s[·|]\s*)(\d{4,5})\s+[A-Z][\p{L}'-]+(?:[ -](?:(?:de|del|de la|di|da|do|dos|das|am|an|im|bei|sur|sous|en|lès|les)\s+)?[A-Z][\p{L}'-]+){0,2}/gu,
    country: null,
    code: 1,
  },
  // A postcode after the town, at the end: "Cape Town, 7925".
  { re: /[A-Z][\p{L}'-]+,?\s+(\d{4})(?=\s*(?:$|[\n.;)]|,\s*[A-Z]))/gu, country: null, code: 1 },
];

const STREET_WORDS =
  'Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Way|Boulevard|Blvd|Place|Pl|Court|Ct|Line|Terrace|Tce|Crescent|Cres|Parade|Pde|Highway|Hwy|Quay|Row|Square|Sq|Close|Walk|Hill|Gardens|Mews|Wharf|Esplanade|Circuit|Alley|Pike|Trail|Parkway|Pkwy|Gate|Green|Park|Market|Bridge|Broadway';
const STREET_STARTS = [
  /\b(?:Unit|Suite|Ste|Shop|Studio|Flat|Level|Floor|Building|Apt)\.?\s+\d+[A-Za-z]?\b/g,
  /\b\d+(?:st|nd|rd|th)\s+[Ff]loor\b/g,
  // A floor written "2F" or "3F" before the street (Japan, Korea), and Japan's block numbers
  // ("4-12-8 Jingumae") and Korea's roads ("17 Seongsui-ro 7-gil").
  /\b[1-9]\d?F(?=,)/g,
  /\b\d+-\d+(?:-\d+)?\s+[A-Z][\p{L}'’-]+/gu,
  /\b\d+(?:-\d+)?\s+[A-Z][\p{L}]+-(?:ro|gil|daero)\b/gu,
  // A one-word street before its number after a building's name ("Museum of Glass and Light,
  // Husova 12, 110 00 Praha 1").
  /(?<=,\s)[A-Z\u00c0-\u017e][\p{L}'’-]+\s+\d+[a-z]?(?=,)/gu,
  // A Polish street after its abbreviation ("ul. Puławska 412", "al. Jerozolimskie 65").
  /\b(?:ul|al|pl|os)\.\s+[A-ZŁŚŻŹĆ][\p{L}'’.-]+(?:\s+[A-ZŁŚŻŹĆ][\p{L}'’.-]+)?\s+\d+[a-zA-Z]?\b/gu,
  // A Nordic street written as its own word after the name ("Thorvald Meyers gate 61").
  /\b[A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+)?\s+(?:gate|gata|gatan|vei|veg|vej|gade|allé|plass|torv|tie|katu)\s+\d+[a-zA-Z]?\b/gu,
  /\bP\.?\s?O\.?\s?Box\s+\d+/gi,
  new RegExp(
    String.raw`\b\d+[A-Za-z]?(?:[-–]\d+)?\s+(?:(?:[A-Z][\p{L}'’.-]*|\d+(?:st|nd|rd|th))\s+){0,4}(?:${STREET_WORDS})\b\.?`,
    'gu',
  ),
  // "14 Gillygate", "7 The Parade": a number and capitalised words before a comma or line end.
  /\b\d+[A-Za-z]?\s+(?:The\s+)?[A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+){0,2}(?=\s*(?:,|\n))/gu,
  /\b[A-Z][\p{L}'-]*(?:straat|steeg|gracht|weg|laan|plein|kade|singel|dijk|markt|straße|strasse|gasse|platz|allee|ring|damm|gade|vej|gatan|vägen)\s+\d+[a-z]?\b/gu,
  // The number first, then a Romance street word in lower case, as in France or Belgium ("12 rue
  // Saint-Georges", "3 bis avenue Foch", "5 place du Marché").
  /\b\d+(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|chemin|all[ée]e|place|quai|impasse|route|cours|passage|square|via|viale|corso|piazza|calle|avenida|rua)\s+[\p{L}'’ .-]{2,40}/gu,
  // A Romance street word, its name and its number, after a comma in Spain ("Camino de la Almazara, 4").
  /\b(?:Rue|Avenue|Boulevard|Chemin|All[ée]e|Quai|Impasse|Via|Viale|Corso|Piazza|Largo|Strada|Calle|C\/|Camino|Avenida|Avda\.?|Plaza|Pla[çc]a|Pra[çc]a|Paseo|Passeig|Carrer|Carretera|Ctra\.?|Ronda|Traves[íi]a|Travessa|Avinguda|Rua|Estrada)\s+[\p{L}' .-]{2,40}?,?\s*\d+/gu,
  // A street named before its number on a line of its own, as in Austria, Germany or Switzerland
  // ("Hofstätten 14" above "8200 Gleisdorf"), whatever its name ends in.
  /(?<=(?:^|[\n·])\s*)[A-Z\u00c0-\u00de][\p{L}'’.-]+(?:\s+(?:[A-Z\u00c0-\u00de][\p{L}'’.-]+|[a-z]{1,3}))?\s+\d+[a-z]?(?=\s*[\n,·])/gu,
];

const WINDOW = 140;
const UNNUMBERED_STREET = new RegExp(
  String.raw`(?:^|(?<=[,\n])\s*)(?:[A-Z][\p{L}'’-]+\s+){1,3}(?:${STREET_WORDS})(?=(?:,\s*|[ \t]*\n\s*)[A-Z])`,
  'gu',
);

/** Country names written after an address ("…, Dunedin 9016, New Zealand"), with their ISO codes. */
const COUNTRY_NAMES: Record<string, string> = {
  'new zealand': 'NZ',
  'aotearoa new zealand': 'NZ',
  australia: 'AU',
  'united states': 'US',
  'united states of america': 'US',
  usa: 'US',
  canada: 'CA',
  'united kingdom': 'GB',
  uk: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  ireland: 'IE',
  netherlands: 'NL',
  'the netherlands': 'NL',
  nederland: 'NL',
  belgium: 'BE',
  belgië: 'BE',
  belgique: 'BE',
  germany: 'DE',
  deutschland: 'DE',
  france: 'FR',
  spain: 'ES',
  españa: 'ES',
  italy: 'IT',
  italia: 'IT',
  'south africa': 'ZA',
  switzerland: 'CH',
  austria: 'AT',
  denmark: 'DK',
  sweden: 'SE',
  norway: 'NO',
  singapore: 'SG',
  japan: 'JP',
  'south korea': 'KR',
  korea: 'KR',
  czechia: 'CZ',
  'czech republic': 'CZ',
  argentina: 'AR',
  poland: 'PL',
  finland: 'FI',
  mexico: 'MX',
};
const TRAILING_COUNTRY = /^\s*(?:,\s*|\n\s*)([\p{L} ]{2,30}?)\s*(?=$|\n|[.;)]|,)/u;

/**
 * The country name right after an address, when there is one, or after one region between them
 * ("…, 23280 Beas de Segura, Jaén, Spain"): its length and ISO code.
 */
function trailingCountry(text: string, end: number): { length: number; country: string } | null {
  const at = (from: number) => {
    const m = TRAILING_COUNTRY.exec(text.slice(from, from + 40));
    const country = m ? COUNTRY_NAMES[(m[1] as string).trim().toLowerCase()] : undefined;
    return m ? { length: m[0].length, country } : null;
  };
  const next = at(end);
  if (next?.country) return { length: next.length, country: next.country };
  const after = next ? at(end + next.length) : null;
  return next && after?.country ? { length: next.length + after.length, country: after.country } : null;
}

/** A building's name on the line (or before the comma) above a street: "The Net Loft", "Hazelmere Barn". */
const BUILDING =
  /(?:^|\n|,\s*)((?:The\s+)?(?:[A-Z][\p{L}'’-]+\s+){0,3}(?:Loft|Barn|House|Mill|Lodge|Cottage|Farm|Farmhouse|Building|Buildings|Centre|Center|Works|Studios?|Hall|Boathouse|Boatshed|Chambers|Stables|Granary|Warehouse|Arcade|Pavilion|Creamery|Forge|Smithy|Depot)(?:\s+[1-9]\d?F)?)[ \t]*(?:\n|,)\s*$/u;

/** `start`, or the start of the building's name written just before the street there. */
function withBuilding(text: string, start: number): number {
  const before = text.slice(Math.max(0, start - 60), start);
  const m = BUILDING.exec(before);
  if (!m) return start;
  return start - before.length + (m.index + m[0].indexOf(m[1] as string));
}

/** Abbreviations whose full stop ends no sentence: "Co. Cork", "St. Mary's Rd.", "Apt. 4". */
const ABBREVIATION = /\b(?:co|st|rd|ave|mt|ft|no|nr|apt|ste|dr|ln|blvd|hwy|pl|sq|tce|cres|pde|ct|ul|al|os)$/i;

/** Where the last sentence of `text` ends (the index of its ". "), or -1. */
function sentenceEnd(text: string): number {
  for (let i = text.lastIndexOf('. '); i >= 0; i = text.lastIndexOf('. ', i - 1)) {
    if (!ABBREVIATION.test(text.slice(Math.max(0, i - 6), i))) return i;
    if (i === 0) break;
  }
  return -1;
}

/** A line of an address block: short, capitalised, no sentence in it. */
const ADDRESS_LINE = /^[A-Z\d][\p{L}\d'’&.,\s-]{1,38}$/u;

/**
 * Irish and British addresses often have no house number ("The Wood" / "Dingle, Co. Kerry" / "V92
 * E7T3"): where the postcode starts a line, the two lines above it that read as address lines are
 * its street and town.
 */
function lineBlockStart(text: string, codeAt: number): number {
  const lineStart = text.lastIndexOf('\n', codeAt - 1) + 1;
  if (
    text.slice(lineStart, codeAt).trim() !== '' &&
    !/^[A-Z][\p{L}' -]+,?\s*$/u.test(text.slice(lineStart, codeAt))
  )
    return -1;
  let start = -1;
  let end = lineStart - 1;
  for (let k = 0; k < 2 && end > 0; k++) {
    const from = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(from, end).trim();
    const sentence = line.replace(/\b(?:Co|St|Rd|Mt|Ave|Nr|Upr|Lwr)\.\s/g, ' ');
    if (!ADDRESS_LINE.test(line) || /\.\s|[:!?]/.test(sentence)) break;
    start = from;
    end = from - 1;
  }
  return start;
}

/** Every postal address in `text`, in order. */
export function findAddresses(text: string): AddressMatch[] {
  const found: AddressMatch[] = [];
  for (const anchor of ANCHORS) {
    for (const m of text.matchAll(anchor.re)) {
      const end = m.index + m[0].length;
      if (found.some((f) => m.index < f.end && end > f.start)) continue;
      // The stretch before the postcode, within its sentence and paragraph.
      let from = Math.max(0, m.index - WINDOW);
      const before = text.slice(from, m.index);
      const stop = Math.max(sentenceEnd(before), before.lastIndexOf('\n\n'), before.lastIndexOf(': '));
      if (stop >= 0) from += stop + 2;
      let start = -1;
      for (const re of STREET_STARTS) {
        re.lastIndex = 0;
        for (const s of text.slice(from, end).matchAll(re)) {
          if (from + s.index >= m.index + (m[0].length - m[0].trimStart().length)) break;
          if (start < 0 || from + s.index < start) start = from + s.index;
          break;
        }
      }
      if (start < 0) {
        // A street without a house number, right before the town and postcode ("Narrow Quay, Bristol
        // BS1 4QA"), at a line start or after a comma.
        const near = Math.max(from, m.index - 60);
        const street = [...text.slice(near, m.index).matchAll(UNNUMBERED_STREET)][0];
        if (street) start = near + street.index + (street[0].length - street[0].trimStart().length);
      }
      if (start < 0 && (anchor.country === 'IE' || anchor.country === 'GB'))
        start = lineBlockStart(text, m.index);
      if (start < 0) continue;
      start = withBuilding(text, start);
      const named = trailingCountry(text, end);
      const until = named ? end + named.length : end;
      const raw = text.slice(start, until);
      if (/[!?]\s/.test(raw)) continue;
      const address = raw
        .replace(/\s*\n\s*/g, ', ')
        .replace(/,\s*,/g, ',')
        .replace(/\s+/g, ' ')
        .trim();
      found.push({
        text: address,
        start,
        end: until,
        postalCode: (m[anchor.code] as string).trim(),
        country: anchor.country ?? named?.country ?? null,
      });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const CALLING_CODES: Record<string, string> = {
  '1': 'US',
  '44': 'GB',
  '353': 'IE',
  '31': 'NL',
  '32': 'BE',
  '49': 'DE',
  '33': 'FR',
  '34': 'ES',
  '39': 'IT',
  '41': 'CH',
  '43': 'AT',
  '45': 'DK',
  '46': 'SE',
  '47': 'NO',
  '61': 'AU',
  '64': 'NZ',
  '27': 'ZA',
  '65': 'SG',
  '852': 'HK',
  '91': 'IN',
  '52': 'MX',
  '55': 'BR',
};

/** The country an international phone number belongs to (`+31 …` → NL), or null. */
export function countryOfPhone(phone: string): string | null {
  const m = /^\s*(?:\+|00)\s?(\d{1,3})/.exec(phone);
  if (!m) return null;
  const digits = m[1] as string;
  for (const len of [3, 2, 1]) {
    const code = CALLING_CODES[digits.slice(0, len)];
    if (code) return code;
  }
  return null;
}
