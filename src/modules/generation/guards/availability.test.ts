import { describe, expect, it } from 'vitest';
import { availabilityGuard as guard } from './availability.js';
import { bakeryFacts as facts, runOne } from './test-support/bakery.js';

describe('availability', () => {
  it('fails a plain promotion of an out-of-stock product and names in-stock alternatives', () => {
    const r = runOne(guard, 'Our Christmas Stollen is here: order yours now!', { facts });
    expect(r.result.status).toBe('fail');
    expect(r.defects).toEqual(['out_of_stock']);
    const alts = r.result.evidence?.alternatives as { id: string }[];
    expect(alts.length).toBeGreaterThan(0);
    expect(alts.every((a) => ['prd_rye', 'prd_spelt', 'prd_baguette'].includes(a.id))).toBe(true);
  });

  it('passes an honest sentence, with the supported back-on date in any spelling', () => {
    for (const text of [
      'Our Christmas Stollen is sold out, sorry!',
      'Christmas Stollen is out of stock until 1 December.',
      'The Christmas stollen is back on Dec 1st: the Rye Sourdough is here meanwhile.',
    ]) {
      expect(runOne(guard, text, { facts }).result.status, text).toBe('pass');
    }
  });

  it('fails an honest-sounding sentence with a back-on date the facts do not give', () => {
    const r = runOne(guard, 'Christmas Stollen is sold out, back on 20 December.', { facts });
    expect(r.result.status).toBe('fail');
    expect(r.result.message).toMatch(/20 December/);
  });

  it('needs a pre-order product to be called a pre-order', () => {
    expect(runOne(guard, 'Carrot Cake, fresh today!', { facts }).result.status).toBe('fail');
    expect(runOne(guard, 'Pre-order your Carrot Cake now.', { facts }).result.status).toBe('pass');
  });

  it('passes in-stock products and says when it had no catalogue', () => {
    expect(runOne(guard, 'Rye Sourdough, fresh today!', { facts }).result.status).toBe('pass');
    const r = runOne(guard, 'Christmas Stollen, fresh today!', {});
    expect(r.result.status).toBe('pass');
    expect(r.result.message).toMatch(/not checked/);
  });
});
