/**
 * Reads what a person means by one turn of a conversation, offline and deterministically: choosing an
 * option ("go with B", "the second one", "B looks great"), asking for a change to one or all of them
 * ("make B shorter", "shorter please", "C but mention the price"), turning them all down ("none of these,
 * too salesy"), or asking for a post (anything else). Options are letters A, B, C and their ordinals.
 */
import { readFeedback } from '../compose/feedback.js';
import type { RejectReason } from '../feedback/schemas.js';

export type TurnIntent =
  | { kind: 'choose'; option: number }
  | { kind: 'refine'; option: number | null; feedback: string }
  | { kind: 'reject'; reasons: RejectReason[]; note: string }
  | { kind: 'request'; text: string }
  /** The person named an option that was not offered ("go with C" when there were two). */
  | { kind: 'missing_option'; option: number };

const LETTERS = ['a', 'b', 'c'] as const;
const ORDINALS: Record<string, number> = {
  first: 0,
  '1st': 0,
  one: 0,
  '1': 0,
  second: 1,
  '2nd': 1,
  two: 1,
  '2': 1,
  third: 2,
  '3rd': 2,
  three: 2,
  '3': 2,
};

/**
 * Where an option is named, and which: its index (0 = A), the matched text, and whether it was offered
 * (`optionCount` options were); null when none is named.
 */
export function findOption(
  message: string,
  optionCount: number,
): { option: number; match: string; offered: boolean } | null {
  const found = (option: number, match: string) => ({ option, match, offered: option < optionCount });
  const text = message.trim();
  // The whole message is the letter: "B", "b.", "(c)".
  const alone = /^\(?\s*([abc])\s*\)?[.!]*$/i.exec(text);
  if (alone) return found(LETTERS.indexOf((alone[1] as string).toLowerCase() as 'a'), alone[0]);
  // "option b", "option 2", "variant C", "version two", "#2", "number 3".
  const named =
    /\b(?:option|variant|version|draft|choice|candidate|number|no\.?)\s*#?\s*([abc]|[123]|one|two|three)\b|#([123])\b/i.exec(
      text,
    );
  if (named) {
    const v = ((named[1] ?? named[2]) as string).toLowerCase();
    const i = v.length === 1 && /[abc]/.test(v) ? LETTERS.indexOf(v as 'a') : (ORDINALS[v] as number);
    return found(i, named[0]);
  }
  // "the second one", "the 3rd", "the last one", "first option".
  const ordinal =
    /\b(?:the\s+)?(first|second|third|1st|2nd|3rd|last|middle)\b(?:\s+(?:one|option|version|draft))?/i.exec(
      text,
    );
  if (ordinal) {
    const v = (ordinal[1] as string).toLowerCase();
    const i =
      v === 'last'
        ? optionCount - 1
        : v === 'middle'
          ? Math.floor((optionCount - 1) / 2)
          : (ORDINALS[v] as number);
    return found(i, ordinal[0]);
  }
  // B or C standing alone anywhere ("go with B", "make c shorter", "I like b best"): not English words.
  const bc = /(?<![\p{L}\p{N}'’/-])([bcBC])(?![\p{L}\p{N}'’/-])/u.exec(text);
  if (bc) return found(LETTERS.indexOf((bc[1] as string).toLowerCase() as 'b'), bc[0]);
  // A is also the article: only a capital A not opening a phrase ("go with A", "A please", "A is best"),
  // or a lower-case a after a verb of choosing and at the end of a clause ("go with a", "pick a!").
  const capital =
    /(?<![\p{L}\p{N}'’/-])A(?![\p{L}\p{N}'’/-])(?=\s*(?:$|[.,!?;:]|please\b|is\b|looks\b|it\b|but\b|and\b|then\b|for\b|one\b|shorter\b|longer\b|more\b|less\b))/u.exec(
      text,
    );
  if (capital) return found(0, capital[0]);
  const afterVerb =
    /\b(?:with|pick|choose|take|use|prefer|like|love|approve)\s+(a)\s*(?=$|[.,!?;:]|please\b)/i.exec(text);
  if (afterVerb) return found(0, afterVerb[0].replace(/\s+a\s*$/i, ' a'));
  return null;
}

const CHOOSE =
  /\b(go(ing)? with|let'?s (do|go|use|take)|pick|choose|chose|take|use|prefer|like|love|approve|publish|ship( it)?|post (it|that|this)|that one|this one|perfect|great|good|fine|ok(ay)?|yes|yep|sure|looks? (good|great|right|fine)|works|best|winner|sold)\b/i;
const REJECT =
  /^\s*(no|nah|nope)\b|\b(none of (these|them|those)|not? (any|one) of (these|them|those)|don'?t like (any|them|these|those)|neither|all (bad|wrong|terrible|awful)|start over|scrap (it|them|these)|no good|not (good|right|it|quite it|great)|nope|hate (them|these|it)|bin (them|these|it))\b/i;
const REGENERATE =
  /\b(try again|other (options|ideas|versions|ones)|different (ones|options|versions|angle|take)|something else|another (go|try|take|version|option)|regenerate|new (options|versions|ones))\b/i;
const CHANGE =
  /\b(make|change|rewrite|reword|tweak|edit|adjust|add|mention|include|remove|drop|without|but|less|more|fewer|shorter|longer|punchier|simpler|softer|bolder|tone down)\b/i;

const REASONS: Array<[RejectReason, RegExp]> = [
  [
    'too_salesy',
    /\b(salesy|pushy|sales ?pitch|too (much )?(hype|promotional)|hard sell|ad-like|like an ad)\b/i,
  ],
  ['too_long', /\b(too long|wordy|long-winded|rambl\w*)\b/i],
  ['too_short', /\b(too short|thin|not enough)\b/i],
  [
    'off_voice',
    /\b(not (us|our (voice|style|brand))|off[- ]brand|off[- ]voice|(doesn'?t|does not|don'?t|do not) sound like us|not how we (talk|write|speak))\b/i,
  ],
  ['wrong_tone', /\b(tone|cheesy|cringe|too (formal|casual|stiff|serious|silly))\b/i],
  ['wrong_facts', /\b(wrong|incorrect|not true|untrue|inaccurate|false|made up|we don'?t (sell|have|do))\b/i],
  ['off_topic', /\b(off[- ]topic|not what i (asked|meant|wanted)|irrelevant|missed the point)\b/i],
  ['repetitive', /\b(repetitive|same as (before|last)|boring|samey|again and again)\b/i],
];

function reasonsOf(message: string): RejectReason[] {
  const out = REASONS.filter(([, p]) => p.test(message)).map(([r]) => r);
  return out.length ? out : ['other'];
}

/** True when the feedback reader recognises an ask in the text (shorter, playful, price, no emoji …). */
function hasAsk(text: string): boolean {
  const m = readFeedback(text);
  return Boolean(
    m.shorter ||
      m.longer ||
      m.playful ||
      m.formal ||
      m.mentionPrice ||
      m.noEmoji ||
      m.noHashtags ||
      m.moreHashtags ||
      m.noLinks,
  );
}

/** The message with the option reference taken out, as feedback for a refinement. */
function feedbackWithout(message: string, match: string | undefined): string {
  const rest = (match ? message.replace(match, ' ') : message)
    .replace(/\b(option|version|variant)\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return rest.length >= 2 ? rest : message.trim();
}

/**
 * `optionCount`: how many options the assistant last offered (0 when none are on the table);
 * `rejected`: the last offered content was turned down (a bare "more playful" then refines it).
 */
export function parseTurn(message: string, optionCount: number, rejected = false): TurnIntent {
  const text = message.trim();
  if (optionCount === 0 && !rejected) return { kind: 'request', text };
  const option = optionCount > 0 ? findOption(text, optionCount) : null;
  const ask = hasAsk(text);
  if (REJECT.test(text) && !option) {
    // "None of these, make them shorter" is a change of all of them; "none of these, too salesy" a no.
    if (ask) return { kind: 'refine', option: null, feedback: text };
    return { kind: 'reject', reasons: reasonsOf(text), note: text };
  }
  if (option && !option.offered) return { kind: 'missing_option', option: option.option };
  if (option) {
    const before = text.slice(0, text.indexOf(option.match));
    if (/\b(not|don'?t|do not|never|no to|anything but)\b[^.!?]{0,24}$/i.test(before))
      return { kind: 'reject', reasons: reasonsOf(text), note: text };
    if (ask || (CHANGE.test(text.replace(option.match, ' ')) && !CHOOSE.test(text)))
      return { kind: 'refine', option: option.option, feedback: feedbackWithout(text, option.match) };
    return { kind: 'choose', option: option.option };
  }
  if (ask || REGENERATE.test(text)) return { kind: 'refine', option: null, feedback: text };
  // A short yes ("perfect", "looks good, ship it") with options on the table takes the top one.
  if (optionCount > 0 && CHOOSE.test(text) && text.split(/\s+/).length <= 5)
    return { kind: 'choose', option: 0 };
  return { kind: 'request', text };
}
