/**
 * Language: the text should be in the language the tenant posts in (`context.language`, BCP-47). Uses
 * the offline function-word detector (ai/offline), on the text without links, hashtags and handles.
 * A text too short to tell (under 8 words) passes and says so; no expected language means not checked.
 */
import { detectLanguage } from '../../../ai/offline/index.js';
import { languages } from '../../../core/text/stopwords.js';
import { words } from '../../../core/text/words.js';
import { hashtagsOf, mentionsOf, removeRanges, urlsOf } from './text-parts.js';
import type { GuardCheck, GuardEnv, TextGuard } from './types.js';

const MIN_WORDS = 8;

function check(text: string, env: GuardEnv): GuardCheck {
  const expected = env.context.language?.toLowerCase().split(/[-_]/)[0];
  if (!expected)
    return { status: 'pass', message: 'not checked: no expected language', evidence: { checked: false } };
  if (!(languages as readonly string[]).includes(expected))
    return {
      status: 'pass',
      message: `not checked: the offline detector does not know ${expected}`,
      evidence: { checked: false },
    };
  const plain = removeRanges(text, [...urlsOf(text), ...hashtagsOf(text), ...mentionsOf(text)]);
  const guess = detectLanguage(plain);
  const evidence = { checked: true, expected, detected: guess.language, confidence: guess.confidence };
  // Under 8 words a few shared function words decide ("LA Premiere on film" reads as French): no verdict.
  if (guess.language === 'und' || words(plain).length < MIN_WORDS)
    return { status: 'pass', message: 'too short to tell the language', evidence };
  if (guess.language !== expected)
    return {
      status: 'fail',
      message: `written in ${guess.language}; the tenant posts in ${expected}`,
      evidence,
    };
  return { status: 'pass', message: `written in ${expected}`, evidence };
}

export const languageGuard: TextGuard = { name: 'language', defect: 'wrong_language', check };
