import { describe, expect, it } from 'vitest';
import { languageGuard as guard } from './language.js';
import { runOne } from './test-support/bakery.js';

describe('language', () => {
  it('passes text in the expected language and fails another', () => {
    expect(
      runOne(guard, 'Our rye bread is back in the shop and it is as good as ever.', { language: 'en-GB' })
        .result.status,
    ).toBe('pass');
    const r = runOne(guard, 'Unser Roggenbrot ist wieder da und es ist so gut wie immer.', {
      language: 'en',
    });
    expect(r.result.status).toBe('fail');
    expect(r.result.evidence?.detected).toBe('de');
    expect(r.defects).toEqual(['wrong_language']);
  });

  it('passes and says so when the text is too short, no language is expected, or the detector does not know it', () => {
    expect(runOne(guard, 'Rye! #bread', { language: 'en' }).result.message).toMatch(/too short/);
    // A few shared function words decide a short text: 'ya' is Spanish, 'la' French.
    expect(runOne(guard, 'Ya love ya see it.', { language: 'en' }).result.status).toBe('pass');
    expect(runOne(guard, 'LA Premiere on film.', { language: 'en' }).result.status).toBe('pass');
    expect(runOne(guard, 'Unser Roggenbrot ist wieder da und es ist gut.', {}).result.message).toMatch(
      /not checked/,
    );
    expect(runOne(guard, 'Our rye bread is back in the shop.', { language: 'ja' }).result.message).toMatch(
      /not checked/,
    );
  });
});
