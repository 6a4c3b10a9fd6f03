/**
 * When two entries from different pages state one fact, so storage merges them into one entry with
 * two sources instead of keeping twins.
 */
import { contentWords, normalizeText } from './normalize.js';
import { findHours } from './patterns.js';

function jaccard(a: readonly string[], b: readonly string[]): number {
  const x = new Set(a);
  const y = new Set(b);
  if (x.size === 0 && y.size === 0) return 1;
  let inter = 0;
  for (const w of x) if (y.has(w)) inter++;
  return inter / (x.size + y.size - inter);
}

/**
 * Two entries say the same thing: the same answer once normalised, or answers sharing at least 85% of
 * their content words with questions sharing at least half. (Near-duplicates within one page, such as
 * a price asked from a price list and from a sentence, are merged by the engine: see
 * `mergeNearDuplicates`.)
 */
/** Phone numbers written with their digits joined, so "+41 41 637 05 12" and "+41416370512" agree. */
function joinedNumbers(text: string): string {
  return text.replace(/\+?\d[\d\s().-]{6,}\d/g, (n) => n.replace(/[^\d+]/g, ''));
}

export function sameEntry(
  a: { question: string; answer: string },
  b: { question: string; answer: string },
): boolean {
  if (normalizeText(a.answer) === normalizeText(b.answer)) return true;
  if (normalizeText(joinedNumbers(a.answer)) === normalizeText(joinedNumbers(b.answer))) return true;
  // The same question, one answer saying part of the other ("Phone 03 555 0147" and "Phone 03 555
  // 0147, e-mail …" from two pages' footers): one fact, not two entries.
  const qa = contentWords(a.question);
  const qb = contentWords(b.question);
  if (qa.length > 0 && jaccard(qa, qb) === 1) {
    const [short, long] = a.answer.length <= b.answer.length ? [a.answer, b.answer] : [b.answer, a.answer];
    const longWords = new Set(contentWords(long));
    const shortWords = contentWords(short);
    if (shortWords.length > 0 && shortWords.every((w) => longWords.has(w))) return true;
    // The same opening hours written two ways ("Monday–Friday 07:00–18:00" and "Mon–Fri: 7am–6pm;
    // …; Sun: emergency calls only"): every day and time of one is in the other.
    const ha = dayTimes(a.answer);
    const hb = dayTimes(b.answer);
    const [few, many] = ha.size <= hb.size ? [ha, hb] : [hb, ha];
    if (few.size > 0 && [...few].every((d) => many.has(d))) return true;
  }
  return (
    jaccard(contentWords(a.answer), contentWords(b.answer)) >= 0.85 &&
    jaccard(contentWords(a.question), contentWords(b.question)) >= 0.5
  );
}

/** A text's opening hours as "day opens–closes" strings, one per day ("mon 07:00–18:00"). */
function dayTimes(text: string): Set<string> {
  return new Set(
    findHours(text).flatMap((h) =>
      h.days.map((d) => `${d} ${h.closed ? 'closed' : `${h.opens}–${h.closes}`}`),
    ),
  );
}
