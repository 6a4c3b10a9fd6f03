/**
 * A person's feedback on candidates ("shorter", "more playful", "mention the price", "no emoji", or
 * their own words) read into modifiers the composer applies. Words it does not recognise are kept as
 * `focus`: they steer which facts are chosen (and go to a model as they are).
 */

export interface RefineModifiers {
  shorter?: boolean;
  longer?: boolean;
  playful?: boolean;
  formal?: boolean;
  mentionPrice?: boolean;
  noEmoji?: boolean;
  noHashtags?: boolean;
  moreHashtags?: boolean;
  noLinks?: boolean;
  /** What is left of the feedback once the recognised asks are taken out: words to steer by. */
  focus?: string;
  /** The feedback as the person wrote it. */
  text?: string;
}

const ASKS: Array<{ key: keyof RefineModifiers; pattern: RegExp }> = [
  {
    key: 'shorter',
    pattern:
      /\b(shorter|more concise|too long|trim( it)?|cut( it)? down|tighten( it)?( up)?|less text|brief(er)?)\b/gi,
  },
  { key: 'longer', pattern: /\b(longer|more detail(ed|s)?|too short|expand( on)?( it)?|say more)\b/gi },
  {
    key: 'playful',
    pattern:
      /\b(more )?(playful|fun(nier)?|light(er|-hearted)?|cheerful|casual|friendl(y|ier)|upbeat|warmer)\b/gi,
  },
  { key: 'formal', pattern: /\b(more )?(formal|professional|serious|corporate|sober)\b/gi },
  {
    key: 'mentionPrice',
    pattern:
      /\b(mention|add|include|show|state|say|with)( the)? (price|cost)s?\b|\bhow much (it|they) costs?\b/gi,
  },
  {
    key: 'noEmoji',
    pattern: /\b(no|without|remove|drop|lose|fewer|less|skip)( the)? (emoji|emojis|emoticons|smileys)\b/gi,
  },
  { key: 'noHashtags', pattern: /\b(no|without|remove|drop|lose|skip)( the)? (hashtags?|tags)\b/gi },
  { key: 'moreHashtags', pattern: /\b(more|add( some)?)( the)? hashtags?\b/gi },
  { key: 'noLinks', pattern: /\b(no|without|remove|drop)( the)? (links?|urls?)\b/gi },
];

export function readFeedback(feedback: string): RefineModifiers {
  const out: RefineModifiers = { text: feedback };
  let rest = feedback;
  for (const { key, pattern } of ASKS) {
    if (pattern.test(rest)) {
      (out as Record<string, unknown>)[key] = true;
      rest = rest.replace(pattern, ' ');
    }
    pattern.lastIndex = 0;
  }
  if (out.formal && out.playful) delete out.playful;
  if (out.shorter && out.longer) delete out.longer;
  const focus = rest
    .replace(
      /\b(please|make( it)?|can you|could you|a bit|a little|and|but|the|it|more|less|too|very)\b/gi,
      ' ',
    )
    .replace(/[^\p{L}\p{N}'’ -]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (focus.length >= 3) out.focus = focus;
  return out;
}
