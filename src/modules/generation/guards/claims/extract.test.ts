import { describe, expect, it } from 'vitest';
import { extractClaims, sameCurrency } from './extract.js';
import { numeralValues } from './numbers.js';

const kinds = (text: string) => extractClaims(text).map((c) => `${c.kind}:${c.raw}`);

describe('numeralValues', () => {
  it('reads a numeral in every convention it may be written in', () => {
    expect(numeralValues('19.50')).toEqual([19.5]);
    expect(numeralValues('3,50')).toEqual([3.5]);
    expect(numeralValues('1,200').sort()).toEqual([1.2, 1200].sort());
    expect(numeralValues('1.200,50')).toEqual([1200.5]);
    expect(numeralValues('1,200.50')).toEqual([1200.5]);
    expect(numeralValues('12 000')).toEqual([12000]);
  });
});

describe('extractClaims', () => {
  it('reads money before and after the figure, by symbol, code or word', () => {
    const c = extractClaims('Now $19.50, or 19.50 USD; € 3,50 / 3,50 € / EUR 1.200,50 / 12 dollars.');
    expect(c.map((x) => [x.kind, x.values, x.currency])).toEqual([
      ['money', [19.5], '$'],
      ['money', [19.5], 'USD'],
      ['money', [3.5], 'EUR'],
      ['money', [3.5], 'EUR'],
      ['money', [1200.5], 'EUR'],
      ['money', [12], '$'],
    ]);
    expect(extractClaims('R 9 500 or US$5 or NZ$7').map((x) => [x.values, x.currency])).toEqual([
      [[9500], 'ZAR'],
      [[5], 'USD'],
      [[7], 'NZD'],
    ]);
    // A code written against its figure, as price widgets render it.
    expect(extractClaims('Now CHF649.00.').map((x) => [x.kind, x.values, x.currency])).toEqual([
      ['money', [649], 'CHF'],
    ]);
    // Pesos by sign and by code; the language PHP is no money.
    expect(
      extractClaims('₱520 or PHP520.00; built on PHP 8.')
        .filter((x) => x.kind === 'money')
        .map((x) => [x.values, x.currency]),
    ).toEqual([
      [[520], 'PHP'],
      [[520], 'PHP'],
    ]);
    // A code is written in capitals: a word that spells one names no currency.
    expect(extractClaims('since 1998\nTry our new Walnut Sourdough.').map((x) => [x.kind, x.raw])).toEqual([
      ['number', '1998'],
    ]);
    expect(extractClaims('Tickets 20 try').filter((x) => x.kind === 'money')).toEqual([]);
  });

  it('reads a date before a colon, and a time after one', () => {
    expect(extractClaims('Sound bath, Friday, April 9: $35.').map((x) => [x.kind, x.raw])).toEqual([
      ['date', 'April 9'],
      ['money', '$35'],
    ]);
  });

  it('treats $ as any dollar and ¥ as yen or yuan, never as euros', () => {
    expect(sameCurrency('$', 'AUD')).toBe(true);
    expect(sameCurrency('USD', '$')).toBe(true);
    expect(sameCurrency('$', 'EUR')).toBe(false);
    expect(sameCurrency('USD', 'CAD')).toBe(false);
  });

  it('reads percentages however they are spelt', () => {
    expect(extractClaims('20% off, 20 percent, 15 per cent, 7 pct').map((c) => [c.kind, c.values])).toEqual([
      ['percent', [20]],
      ['percent', [20]],
      ['percent', [15]],
      ['percent', [7]],
    ]);
  });

  it('reads dates in several spellings to the same month and day', () => {
    const text = 'On 5 December, December 5th 2026, Dec 5, 2026-12-05, 05/12/2026 and the 5th of December.';
    const dates = extractClaims(text).filter((c) => c.kind === 'date');
    expect(dates).toHaveLength(6);
    for (const d of dates) expect(d.dates?.some((r) => r.month === 12 && r.day === 5)).toBe(true);
  });

  it('reads a month alone as a month, but not "May" or "March" used as words', () => {
    expect(kinds('Back in October.')).toEqual(['date:October']);
    expect(kinds('May we help? March on.')).toEqual([]);
    expect(kinds('Open 3 May 2027')).toEqual(['date:3 May 2027']);
  });

  it('reads clock times in 12 and 24 hour forms', () => {
    const t = extractClaims('Open 7am, 9:30 pm and 18:00.').map((c) => c.minutes);
    expect(t).toEqual([7 * 60, 21 * 60 + 30, 18 * 60]);
  });

  it('finds plain numbers, numbers with units, codes, 24/7 and handles', () => {
    expect(kinds('Since 1998: IPE200 beams, 120kg, 3 sizes, open 24/7, ask @rye_co')).toEqual([
      'number:1998',
      'code:IPE200',
      'number:120kg',
      'number:3',
      'always_open:24/7',
      'handle:@rye_co',
    ]);
  });

  it('does not take list markers, thread counters, URLs, hashtags or e-mail digits for claims', () => {
    const text =
      '1. Mix the flour\n2) Bake it\nsee https://shop.example/p/123 #Top10 mail info2@shop.example\n1/3';
    expect(kinds(text)).toEqual([]);
    expect(kinds('3️⃣ reasons to visit')).toEqual([]);
  });
});
