import { describe, expect, it } from 'vitest';
import { mentionsGuard as guard } from './mentions.js';
import { runOne } from './test-support/bakery.js';

describe('mentions', () => {
  const handles = (n: number) => Array.from({ length: n }, (_, i) => `@friend${i}`).join(' ');
  it('allows up to 20 on Instagram and 5 elsewhere', () => {
    expect(runOne(guard, `Thanks ${handles(20)}`, {}, 'instagram').result.status).toBe('pass');
    expect(runOne(guard, `Thanks ${handles(21)}`, {}, 'instagram').result.status).toBe('fail');
    expect(runOne(guard, `Thanks ${handles(5)}`, {}, 'x').result.status).toBe('pass');
    const six = runOne(guard, `Thanks ${handles(6)}`, {}, 'linkedin');
    expect(six.result.status).toBe('fail');
    expect(six.defects).toEqual(['too_many_mentions']);
  });
  it('does not count e-mail addresses', () => {
    expect(
      runOne(guard, 'Mail a@b.co c@d.co e@f.co g@h.co i@j.co k@l.co', {}, 'x').result.evidence?.count,
    ).toBe(0);
  });
});
