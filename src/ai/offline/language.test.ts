import { describe, expect, it } from 'vitest';
import { isStopword, languages, stopwordsFor } from '../../core/text/stopwords.js';
import { detectLanguage } from './language.js';

describe('stop words', () => {
  it('has a list for every supported language, lower case', () => {
    for (const lang of languages) {
      const list = stopwordsFor(lang);
      expect(list.size).toBeGreaterThan(60);
      for (const w of list) expect(w).toBe(w.toLowerCase());
    }
    expect(isStopword('the')).toBe(true);
    expect(isStopword('beam')).toBe(false);
    expect(isStopword('und', 'de')).toBe(true);
    expect(stopwordsFor('xx')).toBe(stopwordsFor('en'));
  });
});

describe('detectLanguage', () => {
  const samples: Array<[string, string]> = [
    ['en', 'We cut every beam to the length you need and deliver it to your site within two days.'],
    [
      'de',
      'Wir schneiden jeden Träger auf die Länge, die Sie brauchen, und liefern ihn in zwei Tagen auf Ihre Baustelle.',
    ],
    [
      'fr',
      'Nous coupons chaque poutre à la longueur dont vous avez besoin et nous la livrons sur votre chantier en deux jours.',
    ],
    ['es', 'Cortamos cada viga a la longitud que necesita y la entregamos en su obra en dos días.'],
    ['it', 'Tagliamo ogni trave alla lunghezza che ti serve e la consegniamo al tuo cantiere in due giorni.'],
    [
      'nl',
      'Wij zagen elke balk op de lengte die u nodig heeft en leveren hem binnen twee dagen op uw bouwplaats.',
    ],
    ['pt', 'Cortamos cada viga no comprimento de que você precisa e a entregamos na sua obra em dois dias.'],
  ];
  it.each(samples)('recognises %s', (lang, text) => {
    const guess = detectLanguage(text);
    expect(guess.language).toBe(lang);
    expect(guess.confidence).toBeGreaterThan(0.15);
  });

  it('says und when there is too little to go on', () => {
    expect(detectLanguage('HEA 200')).toEqual({ language: 'und', confidence: 0 });
    expect(detectLanguage('Steel beams, columns, angles, bolts.')).toEqual({
      language: 'und',
      confidence: 0,
    });
  });
});
