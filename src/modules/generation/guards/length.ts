/**
 * Platform length, counted as the platform counts it (X: twitter-text's weighted length, URLs 23,
 * CJK and emoji 2; elsewhere code points). The fixer shortens at a sentence boundary (then a clause
 * boundary) and keeps the trailing hashtag line and sign-off; it never cuts inside a word and never
 * adds anything.
 */
import { textLength, textLimits } from '../../../core/platforms.js';
import { hashtagsOf, sentencesOf } from './text-parts.js';
import type { GuardCheck, GuardEnv, GuardFix, TextGuard } from './types.js';

function check(text: string, env: GuardEnv): GuardCheck {
  const limit = textLimits[env.platform].maxLength;
  const length = textLength(env.platform, text);
  return length > limit
    ? {
        status: 'fail',
        message: `${length} characters as ${env.platform} counts them; the limit is ${limit}`,
        evidence: { length, limit },
      }
    : { status: 'pass', message: `${length} of ${limit} characters`, evidence: { length, limit } };
}

/** Splits off the tail a cut must keep: trailing lines made only of hashtags. */
function splitTail(text: string): { body: string; tail: string } {
  const lines = text.split('\n');
  let i = lines.length;
  while (i > 0) {
    const line = (lines[i - 1] as string).trim();
    if (line === '' || line.replace(/#[\p{L}\p{N}_]+/gu, '').trim() === '') i--;
    else break;
  }
  const tail = lines.slice(i).join('\n').trim();
  return { body: lines.slice(0, i).join('\n'), tail: hashtagsOf(tail).length > 0 ? tail : '' };
}

function join(body: string, tail: string): string {
  return tail ? `${body.trimEnd()}\n\n${tail}` : body.trimEnd();
}

function fix(text: string, env: GuardEnv): GuardFix | null {
  const limit = textLimits[env.platform].maxLength;
  const fits = (t: string) => textLength(env.platform, t) <= limit;
  const signOff = env.context.voice?.pinnedRules.find((r) => r.kind === 'sign_off');
  let { body, tail } = splitTail(text);
  // Keep a pinned sign-off at the end: cut before it.
  let end = '';
  if (signOff && signOff.kind === 'sign_off') {
    const at = body.toLowerCase().lastIndexOf(signOff.text.toLowerCase());
    if (at > 0) {
      end = body.slice(at).trim();
      body = body.slice(0, at);
    }
  }
  const assemble = (b: string, t: string) => join(end ? `${b.trimEnd()}\n${end}` : b, t);
  // Drop whole sentences from the end of the body (keeping at least one); the hashtags go only when
  // even the shortest body does not fit with them.
  const sentences = sentencesOf(body);
  for (const t of tail ? [tail, ''] : ['']) {
    const prefix = (n: number) =>
      assemble(body.slice(0, (sentences[n - 1] as { end: number }).end).trimEnd(), t);
    // The longest prefix that fits, by binary search: a longer prefix is never shorter as counted, and
    // a 100,000-character text must not be measured once per sentence.
    let lo = 1;
    let hi = sentences.length - (t === tail ? 1 : 0);
    if (hi < 1 || !fits(prefix(1))) continue;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(prefix(mid))) lo = mid;
      else hi = mid - 1;
    }
    const dropped = t === tail ? '' : ', hashtags dropped';
    return { text: prefix(lo), note: `cut to ${lo} of ${sentences.length} sentences${dropped}` };
  }
  // One sentence left: cut at the last clause boundary (comma, semicolon, dash) that fits.
  const first = sentences[0];
  if (!first) return null;
  const clauseEnds = [...first.text.matchAll(/[,;:–—]\s/g)].map((m) => m.index);
  for (let i = clauseEnds.length - 1; i >= 0; i--) {
    const cut = `${first.text.slice(0, clauseEnds[i]).trimEnd()}.`;
    for (const t of [tail, '']) {
      const candidate = assemble(cut, t);
      if (fits(candidate))
        return { text: candidate, note: `cut to the first clause${t || !tail ? '' : ', hashtags dropped'}` };
    }
  }
  return null;
}

export const lengthGuard: TextGuard = { name: 'length', defect: 'too_long', check, fix };
