import { describe, expect, it } from 'vitest';
import { ctaGuard as guard } from './cta.js';
import { passed } from './defects.js';
import { runOne } from './test-support/bakery.js';

describe('call to action (soft)', () => {
  it('is only checked when a CTA is expected', () => {
    expect(runOne(guard, 'Our rye is back.').result.message).toMatch(/no call to action expected/);
  });

  it.each([
    'Our rye is back. Order yours online.',
    'Rye is back! Link in bio.',
    'Rye is back: shop.com/rye',
    'Rye is back, see you Saturday!',
  ])('finds a call to action: %s', (text) => {
    expect(runOne(guard, text, { expectCta: true }).result.status).toBe('pass');
  });

  it('labels its absence missing_cta without blocking the post', () => {
    const r = runOne(guard, 'Our rye is back on the shelf.', { expectCta: true });
    expect(r.result.status).toBe('fail');
    expect(r.defects).toEqual(['missing_cta']);
    expect(r.result.evidence?.soft).toBe(true);
    expect(passed(r)).toBe(true);
  });
});
