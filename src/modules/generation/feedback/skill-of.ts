import type { Candidate } from '../schemas.js';

/**
 * The skill that wrote a candidate, when the candidate says (generated candidates carry it; a person's
 * own text has none). Read defensively: the stored shape may name it `skillId` or `skill`.
 */
export function skillOf(candidate: Candidate): string | null {
  const c = candidate as Candidate & { skillId?: unknown; skill?: unknown };
  const value = c.skillId ?? c.skill;
  return typeof value === 'string' && value.length > 0 ? value : null;
}
