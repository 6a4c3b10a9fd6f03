import { describe, expect, it } from 'vitest';
import { bakeryFacts as facts, runOne } from './test-support/bakery.js';
import { unsupportedClaimsGuard as guard } from './unsupported-claims.js';

const unsupported = (text: string) =>
  (runOne(guard, text, { facts }).result.evidence?.unsupported as { claim: string }[] | undefined)?.map(
    (u) => u.claim,
  );

describe('unsupported claims', () => {
  it('says it did not check when no facts were given, and passes', () => {
    const r = runOne(guard, 'Our loaf is €99 and 90% cheaper than anywhere.', {});
    expect(r.result.status).toBe('pass');
    expect(r.result.message).toMatch(/not checked/);
    expect(r.result.evidence?.checked).toBe(false);
  });

  it('accepts the facts written in other formats', () => {
    const text =
      'Our Rye Sourdough is 4.50 EUR. We open at 07:00 and close at 6:30 pm. ' +
      'Free delivery over 25 euros within 5km. Organic flour, 100 percent, since 1998. ' +
      'See us at the market on December 5th from 10am, or for the Saturday 12 Dec bake.';
    const r = runOne(guard, text, { facts });
    expect(r.result.evidence?.unsupported).toEqual([]);
    expect(r.result.status).toBe('pass');
  });

  it('flags numbers, prices, percentages, dates and times that no fact gives', () => {
    expect(unsupported('Rye Sourdough now €3.99.')).toEqual(['€3.99']);
    expect(unsupported('Everything 30% off.')).toEqual(['30%']);
    expect(unsupported('Open on 6 December.')).toEqual(['6 December']);
    expect(unsupported('We open at 8am.')).toEqual(['8am']);
    expect(unsupported('Baking since 1999 with 12 ovens.')).toEqual(['1999', '12']);
    expect(unsupported('Open 24/7.')).toEqual(['24/7']);
  });

  it('reads an hour range against the times the facts give', () => {
    expect(unsupported('Saturday: 7–6:30 pm.')).toEqual([]);
    expect(unsupported('Saturday: 8–6:30 pm.')).toEqual(['8']);
  });

  it('does not let a price in another currency stand for the fact', () => {
    expect(unsupported('Rye Sourdough: $4.50.')).toEqual(['$4.50']);
  });

  it('finds catalogue names in case and plural variants and flags invented product names', () => {
    const ok = runOne(guard, 'Two rye sourdoughs and a BAGUETTE, please.', { facts });
    expect(ok.citations).toContainEqual({
      sentence: 'Two rye sourdoughs and a BAGUETTE, please.',
      entryId: 'prd_rye',
    });
    expect(ok.citations).toContainEqual({
      sentence: 'Two rye sourdoughs and a BAGUETTE, please.',
      entryId: 'prd_baguette',
    });
    expect(unsupported('Try our new Walnut Sourdough today.')).toEqual(['Walnut Sourdough']);
    // A capitalised phrase with no catalogue word is not a product name.
    expect(unsupported('Good Morning from the whole team.')).toEqual([]);
    // A greeting sharing a name's modifier, not its head word, is not a product ("Christmas Stollen").
    expect(unsupported('Merry Christmas Everyone, from the bakery.')).toEqual([]);
    expect(unsupported('Our Christmas Loaf is here.')).toEqual(['Christmas Loaf']);
  });

  it('cites the entry, product or request behind each supported sentence', () => {
    const r = runOne(guard, 'Rye Sourdough for €4.50. Open at 7am. Saturday 12 December is the day.', {
      facts,
    });
    expect(r.citations).toEqual(
      expect.arrayContaining([
        { sentence: 'Rye Sourdough for €4.50.', entryId: 'prd_rye' },
        { sentence: 'Open at 7am.', entryId: 'ent_hours' },
        { sentence: 'Saturday 12 December is the day.', entryId: 'request' },
      ]),
    );
  });

  it('prefers an entry over the request when both support a claim', () => {
    const r = runOne(guard, 'Market on 5 December.', {
      facts: { ...facts, request: 'post about the market on 5 December' },
    });
    expect(r.citations).toEqual([{ sentence: 'Market on 5 December.', entryId: 'ent_market' }]);
  });

  it('fixes by dropping the sentence with the unsupported claim, keeping the rest word for word', () => {
    const text = 'Our Rye Sourdough is back. Now 30% off for members! We open at 7am.';
    const r = runOne(guard, text, { facts });
    expect(r.result.status).toBe('fixed');
    expect(r.text).toBe('Our Rye Sourdough is back. We open at 7am.');
  });

  it('does not fix when most of the post would go', () => {
    const r = runOne(guard, 'Now 30% off. Only €2 a loaf. We bake daily.', { facts });
    expect(r.result.status).toBe('fail');
    expect(r.text).toBe('Now 30% off. Only €2 a loaf. We bake daily.');
  });
});
