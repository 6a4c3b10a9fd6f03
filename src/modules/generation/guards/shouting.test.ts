import { describe, expect, it } from 'vitest';
import { shoutingGuard as guard } from './shouting.js';
import { runOne } from './test-support/bakery.js';

describe('shouting', () => {
  it('lower-cases shouted words and keeps acronyms', () => {
    const r = runOne(guard, 'HUGE SALE TODAY at our NYC shop, HTML menu online.');
    expect(r.result.status).toBe('fixed');
    expect(r.text).toBe('Huge sale today at our NYC shop, HTML menu online.');
  });

  it('keeps a brand the facts write in capitals', () => {
    const facts = { entries: [{ id: 'e', text: 'We stock IKEA shelving and LEGO sets.' }], products: [] };
    const r = runOne(guard, 'IKEA shelving and LEGO sets, FRESH STOCK NOW.', { facts });
    expect(r.text).toBe('IKEA shelving and LEGO sets, fresh stock now.');
  });

  it('passes one capitalised word for emphasis', () => {
    expect(runOne(guard, 'Our rye is back, and it is GOOD.').result.status).toBe('pass');
  });

  it('fails when fixing is not possible because the capitals are acronyms the guard keeps', () => {
    // All acronyms (no vowels) never shout: nothing to fix and nothing to fail.
    expect(runOne(guard, 'HTML CSS SQL PHP').result.status).toBe('pass');
  });
});
