/**
 * What an entry is about, for telling apart questions that would otherwise be asked twice: a sentence's
 * key phrase and the headings that name no topic.
 */
import { extractKeywords } from '../../../ai/offline/index.js';
import { datePart } from '../extract/dated-sessions.js';

/** Headings that say where on the page, not what about. */
export const GENERIC_TOPIC =
  /^(?:description|product description|details|product details|overview|additional information|more (?:info|information)|information|info|about|about us|our story|shop|store|home|welcome|faqs?|frequently asked questions|contact(?: us)?|summary|features|reviews|specifications?|specs|highlights|why us|why choose us|news|blog|menu|prices?|pricing|questions|common questions|good to know)$/i;

/**
 * Words that say when or in which currency, never what a sentence is about: a key phrase made only of
 * them ("mar", "pm recurring", "euros", "kr") would ask "What does … say about kr?" of every price line.
 */
const NO_TOPIC = new Set(
  (
    'jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october ' +
    'nov november dec december mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat ' +
    'saturday sun sunday am pm noon midnight daily weekly recurring starts start ends end from until today tomorrow ' +
    'euro euros eur dollar dollars usd cad aud nzd pound pounds gbp kr kroner krone kronor krona dkk sek nok rand zar ' +
    'yen jpy peso pesos php franc francs chf cent cents pence'
  ).split(' '),
);

/** The answer's key phrase, a topic rather than a date, time or currency; null when it has none. */
export function keyphrase(answer: string): string | null {
  const phrases = extractKeywords(answer, { max: 3, maxWords: 3, language: 'en' });
  const topical = phrases.find((k) => !k.normal.split(/\s+/).every((w) => NO_TOPIC.has(w)));
  return topical?.phrase ?? null;
}

/**
 * What tells this answer apart from others asked the same: its key phrase, else the date it is about
 * ("Sat 13 – Sun 14 March — 4 places left" is about 13–14 March), else null.
 */
export function topicOf(answer: string): string | null {
  return keyphrase(answer) ?? datePart(answer) ?? datePart(answer.split(/\s+—\s+/)[0] as string);
}

/**
 * `question`, or when another entry of the business asks it already (`taken`, normalised), the same
 * question qualified by what this answer is about: its heading when that names a topic ("How can I
 * contact Snowberry Clayworks (Weekend Raku Workshop)?"), else its key phrase or date. Generic questions
 * ("How does delivery work at …?") are asked on many pages; each answer keeps one question of its own.
 */
export function distinctQuestion(
  entry: { question: string; answer: string; headingPath: readonly string[] },
  taken: ReadonlySet<string>,
  normalize: (text: string) => string,
): string {
  const { question } = entry;
  if (!taken.has(normalize(question))) return question;
  const heading = entry.headingPath
    .at(-1)
    ?.replace(/[.!:]+$/, '')
    .trim();
  const named =
    heading && heading.length <= 60 && !/[?]/.test(heading) && !GENERIC_TOPIC.test(heading) ? heading : null;
  const candidates = [named, topicOf(entry.answer)].filter(
    (q): q is string => !!q && !question.toLowerCase().includes(q.toLowerCase()),
  );
  const qualified = candidates.map((q) => `${question.replace(/\?$/, '')} (${q})?`);
  return qualified.find((q) => !taken.has(normalize(q))) ?? qualified[0] ?? question;
}
