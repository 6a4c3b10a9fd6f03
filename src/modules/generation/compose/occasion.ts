/**
 * Skills whose locked text speaks for one occasion: "Thank you to everyone who has been part of it."
 * (a milestone), "Tell us in the comments; we'll share what people chose." (a poll), "Meet the team.",
 * "We're hiring.". Written into a
 * post of another kind — next-day delivery, a new focaccia, leak detection — that line is off topic
 * and nobody can edit it out, so such a skill writes only when the request is of its own kind (its
 * first intent); otherwise it falls behind the others and serves only when nothing else can write.
 */
import type { SkillDocument } from '../pipeline/deps.js';

/** Fit kept by an occasion skill for a request of another kind. */
export const OFF_OCCASION_FIT = 0.3;

const occasionCache = new WeakMap<SkillDocument, boolean>();

/** True when the skill's body has a locked sentence of its own ("Meet the team.", "We're hiring."), no slot in it. */
export function hasOccasionText(skill: SkillDocument): boolean {
  const cached = occasionCache.get(skill);
  if (cached !== undefined) return cached;
  const found = skill.body
    .split('\n')
    .map((l) => l.trim())
    .some(
      (l) =>
        l !== '' && !l.startsWith('#') && !l.includes('{{') && /[.!]$/.test(l) && l.split(/\s+/).length >= 2,
    );
  occasionCache.set(skill, found);
  return found;
}

/** The skill suits the request's kind of post: it has no occasion text, or the request is its occasion. */
export function suitsOccasion(skill: SkillDocument, intent: string | null): boolean {
  return !hasOccasionText(skill) || (intent !== null && skill.intents[0] === intent);
}
