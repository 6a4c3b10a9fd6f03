import { describe, expect, it } from 'vitest';
import { currencyOfLanguage, findMoney, parseAmount } from './money.js';

const read = (text: string, hint: string | null = null) =>
  findMoney(text, { currencyHint: hint }).map((m) => [m.amount, m.currency]);

describe('findMoney', () => {
  it('reads decimal commas, dot and space thousands and split currency marks', () => {
    expect(read('from €12,50 and € 1.350 or €34,95')).toEqual([
      [12.5, 'EUR'],
      [1350, 'EUR'],
      [34.95, 'EUR'],
    ]);
    expect(read('3,90 € und 1.299,00 EUR')).toEqual([
      [3.9, 'EUR'],
      [1299, 'EUR'],
    ]);
    expect(read('$1,850.00 or $4.50')).toEqual([
      [1850, 'USD'],
      [4.5, 'USD'],
    ]);
    expect(read("CHF 1'250.– per year")).toEqual([[1250, 'CHF']]);
    // Codes written against the amount, as split price spans read (`CHF``3'290``.00`), and "SFr.".
    expect(read("CHF3'290.00")).toEqual([[3290, 'CHF']]);
    expect(read('SFr. 24.90')).toEqual([[24.9, 'CHF']]);
    expect(read('CA$ 14.00')).toEqual([[14, 'CAD']]);
  });

  it('names dollars by their prefix, or by the page currency for a bare $', () => {
    expect(read('A$129 and NZ$25 and C$9')).toEqual([
      [129, 'AUD'],
      [25, 'NZD'],
      [9, 'CAD'],
    ]);
    expect(read('$4.50', 'AUD')).toEqual([[4.5, 'AUD']]);
    expect(read('$4.50', 'EUR')).toEqual([[4.5, 'USD']]);
  });

  it('reads "79,-" and "5.–" without a sign as prices in the page currency, and only with one', () => {
    expect(read('Guinness 45,- 79,-', 'DKK')).toEqual([
      [45, 'DKK'],
      [79, 'DKK'],
    ]);
    expect(read('1.350,- per bike', 'EUR')).toEqual([[1350, 'EUR']]);
    expect(read('Guinness 45,- 79,-', null)).toEqual([]);
  });

  it('reads rand and kronor only where the page says that currency', () => {
    expect(read('R18 500 and R6 per km', 'ZAR')).toEqual([
      [18500, 'ZAR'],
      [6, 'ZAR'],
    ]);
    expect(read('R2 road')).toEqual([]);
    expect(read('1 299 kr', 'SEK')).toEqual([[1299, 'SEK']]);
  });

  it('groups thousands with spaces only in currencies written that way', () => {
    expect(parseAmount('18 500', 'ZAR')).toBe(18500);
    expect(parseAmount('18 500', 'USD')).toBeNull();
    // "$18 500 guests": the amount is $18.
    expect(read('$18 500 guests')).toEqual([[18, 'USD']]);
  });

  it('is no price without a currency: ratings, years, counts', () => {
    expect(read('Rated 4.83 out of 5, since 2019, 12 reviews')).toEqual([]);
  });

  it('maps a language region to its currency', () => {
    expect(currencyOfLanguage('en-AU')).toBe('AUD');
    expect(currencyOfLanguage('en-ZA')).toBe('ZAR');
    expect(currencyOfLanguage('en')).toBeNull();
  });
});

describe('findMoney: kronor after their amounts', () => {
  it('reads "890 kr 1 100 kr" as two amounts, and "kr 1 295,-" before its amount', () => {
    expect(findMoney('890 kr 1 100 kr', { currencyHint: 'SEK' }).map((m) => m.amount)).toEqual([890, 1100]);
    expect(findMoney('kr 1 295,-', { currencyHint: 'NOK' }).map((m) => m.amount)).toEqual([1295]);
  });
});
