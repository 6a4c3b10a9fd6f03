import { describe, expect, it } from 'vitest';
import { countryOfPhone, findAddresses } from './addresses.js';

describe('postal addresses', () => {
  it('does not take a sentence with a year for a street', () => {
    expect(findAddresses('We opened in 2014\n8200 Gleisdorf')).toEqual([]);
  });

  it.each([
    [
      '180 Riverside Dr, Studio 4\nAsheville, NC 28801',
      '180 Riverside Dr, Studio 4, Asheville, NC 28801',
      'US',
    ],
    ['3410 Tamarack Line\nWellesley, ON N0B 2T0', '3410 Tamarack Line, Wellesley, ON N0B 2T0', 'CA'],
    ['Brouwerssteeg 14\n3511 AB Utrecht', 'Brouwerssteeg 14, 3511 AB Utrecht', 'NL'],
    // A street named before its number, whatever its ending; a postcode after a middle dot.
    ['Imkerei Pölzl\nHofstätten 14\n8200 Gleisdorf', 'Hofstätten 14, 8200 Gleisdorf', null],
    ['Hollerhof Honey\nHofstätten 14 · 8200 Gleisdorf\n+43 664', 'Hofstätten 14 · 8200 Gleisdorf', null],
    ['Especiaria Ribeira\nRua das Flores 112\n4050-265 Porto', 'Rua das Flores 112, 4050-265 Porto', 'PT'],
    [
      'Visits: Unit 3, 58 Harrington Street, District Six, Cape Town, 7925',
      'Unit 3, 58 Harrington Street, District Six, Cape Town, 7925',
      null,
    ],
    [
      'Mailing address: PO Box 14021, Portland, OR 97293. No storefront.',
      'PO Box 14021, Portland, OR 97293',
      'US',
    ],
    ['Crumb & Co, 14 Gillygate, York YO31 7EQ', '14 Gillygate, York YO31 7EQ', 'GB'],
    ['Find us at 12 Quay Street, Galway H91 X2Y3.', '12 Quay Street, Galway H91 X2Y3', 'IE'],
    ['Shop 2, 7 Beach Rd, Tallow Point NSW 2478', 'Shop 2, 7 Beach Rd, Tallow Point NSW 2478', 'AU'],
    ['2214 SE 11th Ave\nPortland, OR 97214', '2214 SE 11th Ave, Portland, OR 97214', 'US'],
    ['Korenmarkt 12\n9000 Gent', 'Korenmarkt 12, 9000 Gent', null],
    // A quay or square with no house number, right before the town and postcode.
    ['The Ferryman’s Rest\nNarrow Quay, Bristol BS1 4QA', 'Narrow Quay, Bristol BS1 4QA', 'GB'],
  ])('%j', (text, address, country) => {
    expect(findAddresses(text).map((a) => [a.text, a.country])).toEqual([[address, country]]);
  });

  it('keeps a country name written after the address', () => {
    expect(
      findAddresses('Tidemark Pottery\n58 Vogel Street\nDunedin 9016\nNew Zealand\n03 555 0147'),
    ).toMatchObject([{ text: '58 Vogel Street, Dunedin 9016, New Zealand', country: 'NZ' }]);
    expect(findAddresses('14 Raeburn Place, Edinburgh EH4 1HN. Open daily.')[0]?.text).toBe(
      '14 Raeburn Place, Edinburgh EH4 1HN',
    );
  });

  it("reads a city-state's address: a unit number and the six-digit code after the city's name", () => {
    expect(
      findAddresses('Visit the studio\n61 Kampong Bahru Road, #01-02\nSingapore 169369\n+65 6555 0142'),
    ).toMatchObject([
      { text: '61 Kampong Bahru Road, #01-02, Singapore 169369', postalCode: '169369', country: 'SG' },
    ]);
  });

  it('needs a street word, a comma and the postcode close by for a street without a number', () => {
    expect(findAddresses('We are on Narrow Quay, opposite the Arnolfini, Bristol BS1 4QA')).toEqual([]);
    expect(findAddresses('Welcome to the Market, Bristol BS1 4QA')).toEqual([]);
    // A footer's two lines: the street, then the town and postcode.
    expect(
      findAddresses('The Boathouse, Staithe Road\nHaddow, Norfolk NR12 8XQ\n01632 960512'),
    ).toMatchObject([
      { text: 'The Boathouse, Staithe Road, Haddow, Norfolk NR12 8XQ', postalCode: 'NR12 8XQ' },
    ]);
  });

  it('reads past an abbreviation\'s full stop: a county ("Co. Cork"), a saint or a road', () => {
    expect(findAddresses('9 Harbour Hill Steps\nCobh, Co. Cork P24 K8R3')).toMatchObject([
      { text: '9 Harbour Hill Steps, Cobh, Co. Cork P24 K8R3', postalCode: 'P24 K8R3', country: 'IE' },
    ]);
    // A real sentence end still bounds the address.
    expect(findAddresses('We moved in 2019. Find us at 4 Quay St., Galway H91 X2K7')).toMatchObject([
      { text: '4 Quay St., Galway H91 X2K7' },
    ]);
  });

  it('reads a Spanish street with its number after a comma, a town of several words, a region and the country', () => {
    expect(
      findAddresses('Almazara Olivar de Segura\nCamino de la Almazara, 4\n23280 Beas de Segura\nJaén\nSpain'),
    ).toMatchObject([
      {
        text: 'Camino de la Almazara, 4, 23280 Beas de Segura, Jaén, Spain',
        postalCode: '23280',
        country: 'ES',
      },
    ]);
  });

  it("keeps a building's name written on the line above its street", () => {
    expect(
      findAddresses('Saltmarsh Supper Club\nThe Net Loft\n7 Saltings Yard\nWhitstable, Kent CT5 1BQ'),
    ).toMatchObject([{ text: 'The Net Loft, 7 Saltings Yard, Whitstable, Kent CT5 1BQ' }]);
    // A sentence is no building's name.
    expect(findAddresses('Call us at the House\n12 Main Street, Dublin D02 X285')).toMatchObject([
      { text: '12 Main Street, Dublin D02 X285' },
    ]);
  });

  it('reads French numbers before the street word, states written out, floors and unnumbered Irish lines', () => {
    const read = (t: string) => findAddresses(t).map((a) => [a.text, a.country]);
    expect(read('12 rue Saint-Georges\n69005 Lyon\nFrance')).toEqual([
      ['12 rue Saint-Georges, 69005 Lyon, France', 'FR'],
    ]);
    expect(read('2215 N Stone Ave, Tucson, Arizona 85705')).toEqual([
      ['2215 N Stone Ave, Tucson, Arizona 85705', 'US'],
    ]);
    expect(read('41 Forest Street, Castlemaine, Victoria 3450')).toEqual([
      ['41 Forest Street, Castlemaine, Victoria 3450', 'AU'],
    ]);
    expect(read('2nd floor, 231 James St N\nHamilton, ON L8R 2L2')).toEqual([
      ['2nd floor, 231 James St N, Hamilton, ON L8R 2L2', 'CA'],
    ]);
    // No number and no street word: the two address lines above an Eircode, not the name above them.
    expect(read('Gannet & Gorse Café\nThe Wood\nDingle, Co. Kerry\nV92 E7T3')).toEqual([
      ['The Wood, Dingle, Co. Kerry, V92 E7T3', 'IE'],
    ]);
    // A sentence above a postcode is no address line.
    expect(read('We moved. Call us today!\nV92 E7T3')).toEqual([]);
  });

  it('reads Japanese, Korean, Czech, Norwegian and Argentine addresses', () => {
    const read = (t: string) => findAddresses(t).map((a) => [a.text, a.country]);
    expect(read('2F, 17 Seongsui-ro 7-gil, Seongdong-gu, Seoul 04781')).toEqual([
      ['2F, 17 Seongsui-ro 7-gil, Seongdong-gu, Seoul 04781', 'KR'],
    ]);
    expect(read('4-12-8 Jingumae, Shibuya-ku, Tokyo 150-0001')).toEqual([
      ['4-12-8 Jingumae, Shibuya-ku, Tokyo 150-0001', 'JP'],
    ]);
    expect(read('Museum of Glass and Light, Husova 12, 110 00 Praha 1 – enter through the gate')).toEqual([
      ['Husova 12, 110 00 Praha 1', null],
    ]);
    expect(read('Husova 12\n110 00 Praha 1\nCzech Republic')).toEqual([
      ['Husova 12, 110 00 Praha 1, Czech Republic', 'CZ'],
    ]);
    expect(read('Thorvald Meyers gate 61, 0552 Oslo')).toEqual([
      ['Thorvald Meyers gate 61, 0552 Oslo', null],
    ]);
    expect(read('ul. Puławska 412, 02-801 Warszawa')).toEqual([['ul. Puławska 412, 02-801 Warszawa', 'PL']]);
    expect(read('Gurruchaga 1782, Palermo Soho, C1414 CABA')).toEqual([
      ['Gurruchaga 1782, Palermo Soho, C1414 CABA', 'AR'],
    ]);
    expect(read('Call 555-0147 or 123-4567 today; we sold 120 00 units')).toEqual([]);
  });

  it('finds no address in numbers that only look like one', () => {
    expect(findAddresses('We opened in 2012 with 250 ml bottles, ON 2024 we moved.')).toEqual([]);
    expect(findAddresses('Bring five jars in 2024 to NC 28801')).toEqual([]);
  });

  it('reads the country of an international number', () => {
    expect(countryOfPhone('+31 30 231 4477')).toBe('NL');
    expect(countryOfPhone('+353 91 555 012')).toBe('IE');
    expect(countryOfPhone('+1-503-555-0177')).toBe('US');
    expect(countryOfPhone('030 231 4477')).toBeNull();
  });
});
