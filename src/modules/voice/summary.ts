/**
 * The voice in plain words, and do/don't rules a writer (person or model) can follow. The offline
 * version is written from the statistical profile alone, deterministically; a configured language
 * model can write it instead (analysis.ts), always on top of the same profile.
 */
import { z } from 'zod';
import { describeRule } from './rules.js';
import type { BrandVoiceProfile, PinnedRule } from './types.js';

export const VoiceAnalysis = z.object({
  summary: z.string().min(1).max(2000).describe('The voice in two to four plain sentences'),
  traits: z.array(z.string().min(1).max(80)).max(12).describe('Short adjectives or phrases, e.g. "formal"'),
  do: z.array(z.string().min(1).max(200)).max(12).describe('Rules to follow'),
  dont: z.array(z.string().min(1).max(200)).max(12).describe('Things to avoid'),
});
export type VoiceAnalysis = z.infer<typeof VoiceAnalysis>;

const pct = (v: number): string => `${Math.round(v * 100)}%`;

function range(spread: { p10: number; p90: number } | undefined): string {
  if (!spread) return 'varied';
  return `${Math.round(spread.p10)}–${Math.round(spread.p90)}`;
}

/** Writes the analysis from the (rule-amended) profile. */
export function summariseVoiceOffline(
  profile: BrandVoiceProfile,
  rules: readonly PinnedRule[] = [],
): VoiceAnalysis {
  const t = profile.tone;
  const traits = [
    t.formalCasual.label,
    t.seriousPlayful.label,
    t.reservedEnthusiastic.label,
    t.plainTechnical.label,
  ].filter((l) => !['neutral', 'balanced', 'moderate'].includes(l));
  const p = profile.person;
  const personText =
    p.dominant === 'we'
      ? "speaks as 'we'"
      : p.dominant === 'i'
        ? "speaks as 'I', one person"
        : 'speaks impersonally, without we or I';
  if (p.dominant !== 'impersonal') traits.push(p.dominant === 'we' ? 'we-voice' : 'first person');
  if (p.addressesReader) traits.push('talks to the reader');
  const lowerCase = profile.capitalisation.allLowercasePosts >= 0.6;
  const titleCase = !lowerCase && (profile.capitalisation.titleCasePosts ?? 0) >= 0.6;
  if (lowerCase) traits.push('all lower case');
  if (titleCase) traits.push('Title Case');
  const wps = profile.sentences.wordsPerSentence;
  const allChars = profile.length.chars.all;
  const e = profile.emoji;
  const h = profile.hashtags;
  const emojiText =
    e.postsWithEmoji < 0.1
      ? 'almost never uses emoji'
      : `uses emoji in ${pct(e.postsWithEmoji)} of posts${
          e.favourites.length
            ? ` (favourites ${e.favourites
                .slice(0, 3)
                .map((f) => f.value)
                .join(' ')})`
            : ''
        }`;
  const tagsText =
    h.perPost < 0.2
      ? 'rarely uses hashtags'
      : `uses about ${h.perPost.toFixed(1)} hashtags per post${h.atEndShare >= 0.6 ? ', at the end' : ''}${
          h.recurring.length
            ? ` (often ${h.recurring
                .slice(0, 2)
                .map((r) => r.value)
                .join(', ')})`
            : ''
        }`;
  const summary = [
    `The brand writes in a ${t.formalCasual.label}, ${t.seriousPlayful.label}, ${t.reservedEnthusiastic.label} and ${t.plainTechnical.label} voice and ${personText}${p.addressesReader ? ", addressing the reader as 'you'" : ''}.`,
    `Posts are usually ${range(allChars)} characters, with sentences of about ${Math.round(wps.p50)} words (reading ease ${Math.round(profile.readingLevel.fleschReadingEase)}).`,
    `It ${emojiText} and ${tagsText}.`,
    lowerCase
      ? `It writes in all lower case (${pct(profile.capitalisation.allLowercasePosts)} of posts have no capital letter).`
      : titleCase
        ? `It writes In Title Case (${pct(profile.capitalisation.titleCasePosts ?? 0)} of posts capitalise every main word).`
        : '',
    profile.vocabulary.signaturePhrases.length
      ? `Recurring phrases: ${profile.vocabulary.signaturePhrases
          .slice(0, 3)
          .map((s) => `"${s.value}"`)
          .join(', ')}.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');

  const dos: string[] = [];
  const donts: string[] = [];
  if (p.dominant === 'we') dos.push("Speak as 'we' for the business.");
  if (p.dominant === 'i') dos.push("Write in the first person singular ('I').");
  if (p.addressesReader) dos.push("Address the reader directly as 'you'.");
  dos.push(
    `Keep sentences around ${Math.round(wps.p50)} words and posts around ${range(allChars)} characters.`,
  );
  const contractions = profile.capitalisation.contractionsPer100Words;
  if (contractions >= 1) dos.push("Use contractions (we're, don't, it's).");
  else if (t.formalCasual.score < 40) donts.push("Don't use contractions; write 'we are', 'do not'.");
  if (e.postsWithEmoji >= 0.5 && e.favourites.length)
    dos.push(
      `Use an emoji or two, such as ${e.favourites
        .slice(0, 3)
        .map((f) => f.value)
        .join(' ')}.`,
    );
  if (e.postsWithEmoji < 0.1) donts.push("Don't use emoji.");
  if (h.perPost >= 0.5)
    dos.push(
      `Add ${Math.max(1, Math.round(h.perPost))} hashtag${Math.round(h.perPost) > 1 ? 's' : ''}${h.atEndShare >= 0.6 ? ' at the end' : ''}${h.recurring[0] ? `, e.g. ${h.recurring[0].value}` : ''}.`,
    );
  if (h.perPost < 0.2) donts.push("Don't add hashtags.");
  const excl = profile.punctuation.exclamation.postsWith;
  if (excl < 0.1) donts.push("Don't use exclamation marks.");
  else if (excl > 0.5) dos.push('Show energy: exclamation marks are part of the voice.');
  if (lowerCase) dos.push('Write everything in lower case, even the first word of a sentence and names.');
  if (titleCase) dos.push('Write In Title Case: Capitalise Every Main Word.');
  const ctaSentence = profile.cta.sentences?.[0]?.value;
  if (ctaSentence && profile.cta.postsWithCta >= 0.2)
    dos.push(`End with a call to action in the brand's words, e.g. "${ctaSentence}"`);
  if (profile.vocabulary.signaturePhrases[0])
    dos.push(`Reuse the brand's phrases, e.g. "${profile.vocabulary.signaturePhrases[0].value}".`);
  // The generic marketing words a brand never uses are not listed here: nearly every brand avoids all
  // of them, so the line would be the same boilerplate for everyone. The scorer still flags them.
  // Pinned rules come first so they are never cut off by the length limit.
  const pinned = pinnedRuleLines(rules);
  return {
    summary,
    traits: [...new Set(traits)].slice(0, 12),
    do: [...pinned.do, ...dos].slice(0, 12),
    dont: [...pinned.dont, ...donts].slice(0, 12),
  };
}

/** Pinned rules as do/don't sentences. */
export function pinnedRuleLines(rules: readonly PinnedRule[]): { do: string[]; dont: string[] } {
  const out = { do: [] as string[], dont: [] as string[] };
  for (const rule of rules) {
    const text = describeRule(rule);
    const sentence = `${text.charAt(0).toUpperCase()}${text.slice(1)} (pinned rule).`;
    if (rule.kind === 'banned_phrase' || rule.kind === 'banned_emoji' || rule.kind === 'no_emoji')
      out.dont.push(sentence);
    else out.do.push(sentence);
  }
  return out;
}
