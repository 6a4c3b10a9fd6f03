import { describe, expect, it } from 'vitest';
import { promotionGuard as guard } from './promotion.js';
import { bakeryFacts as facts, runOne } from './test-support/bakery.js';

describe('promotion rules', () => {
  it('fails share-to-enter on Facebook only', () => {
    const text = 'Win a hamper! Share this post and tag two friends to enter.';
    const fb = runOne(guard, text, {}, 'facebook');
    expect(fb.result.status).toBe('fail');
    expect(fb.defects).toEqual(['promotion_rule']);
    expect(runOne(guard, text, {}, 'instagram').result.status).toBe('pass');
  });

  it('fails a customer quote no testimonial supports and passes one that is in the facts', () => {
    const invented = runOne(guard, '"Best bread I have ever eaten in my life" says one happy customer.', {
      facts,
    });
    expect(invented.result.status).toBe('fail');
    const real = runOne(guard, '“The best rye bread in town, with a crust like a dream.” — Anna', { facts });
    expect(real.result.status).toBe('pass');
    // A quotation with no customer cue is not a testimonial ("a loaf you can call 'proper bread'").
    expect(runOne(guard, 'We call it "proper bread, baked slowly".', { facts }).result.status).toBe('pass');
  });

  it('fails a sale price stated without its reference price, passes it with', () => {
    const bare = runOne(guard, 'Spelt Loaf now €5.20.', { facts });
    expect(bare.result.status).toBe('fail');
    expect(bare.result.message).toMatch(/reference price/);
    expect(runOne(guard, 'Spelt Loaf now €5.20 (was €6.00).', { facts }).result.status).toBe('pass');
    // No reference price in the catalogue: nothing to add.
    expect(runOne(guard, 'Rye Sourdough, €4.50.', { facts }).result.status).toBe('pass');
  });

  it('says what it could not check without facts', () => {
    expect(runOne(guard, '"Lovely" says a customer.', {}).result.message).toMatch(/not checked/);
  });
});
