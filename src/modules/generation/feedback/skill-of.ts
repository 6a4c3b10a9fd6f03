import type { Executor } from '../../../db/connect.js';
import { readJson } from '../../../db/dialect.js';
import { latestRun } from '../pipeline/repository.js';
import type { Candidate, Content } from '../schemas.js';

/** What a generation run records about the skills it wrote with (pipeline/generate.ts `details`). */
interface RunSkills {
  /** Candidate id → the skill that wrote it, when the run records it. */
  candidateSkills?: Record<string, string>;
  /** Platform → the skills its candidates were written with. */
  skills?: Record<string, string[]>;
}

/**
 * Which skill wrote each candidate, so learning can credit or blame it: the candidate's own `skillId`
 * when the stored shape carries one, else the run's per-candidate record, else the run's skills for the
 * platform when there was exactly one. Anything less certain is null: a skill is never blamed by guess.
 */
export async function skillsOf(
  db: Executor,
  tenantId: string,
  content: Content,
): Promise<(candidate: Candidate) => string | null> {
  const run = content.source === 'generated' ? await latestRun(db, tenantId, content.id) : undefined;
  const details = readJson<RunSkills>(run?.details, {});
  return (candidate) => {
    const own = (candidate as Candidate & { skillId?: unknown }).skillId;
    if (typeof own === 'string' && own.length > 0) return own;
    const recorded = details.candidateSkills?.[candidate.id];
    if (recorded) return recorded;
    const forPlatform = [...new Set(details.skills?.[candidate.platform] ?? [])];
    return forPlatform.length === 1 ? (forPlatform[0] as string) : null;
  };
}
