import type { AppModule } from '../../operations/module.js';
/**
 * The skills module's face to the app and the other modules: reusable post recipes (`.skill.md`
 * files) with locked text and slots, a library of shared and tenant skills with immutable versions,
 * a matcher, a builder that learns skills from example posts, and an executor that writes a post
 * with any slot filler (generation supplies its own composer through the same interface).
 */
import './tables.js';
import { skillsMigration } from './migrations/0010_skills.js';
import { skillOperations } from './operations.js';

export const skillsModule = {
  name: 'skills',
  migrations: [skillsMigration],
  operations: skillOperations,
} satisfies AppModule;

export { type BuiltSkill, buildSkill, type ExamplePost } from './build/builder.js';
export { type PostStructure, postStructure, structureSignature } from './build/features.js';
export type { Violation, ViolationRule } from './execute/checks.js';
export { chooseFormat, type ExecuteInput, type ExecutionResult, executeSkill } from './execute/executor.js';
export { loadSkillFacts, type SkillContext, type SkillFacts, type VoiceHints } from './execute/facts.js';
export { llmSlotFiller } from './execute/llm-filler.js';
export { fillOffline, offlineSlotFiller } from './execute/offline-filler.js';
export type { FillContext, FillResult, SlotFill, SlotFiller, SlotRequest } from './execute/slot-filler.js';
export { formatPrice, type ResolvedValue } from './execute/values.js';
export { type ResolvedVariables, resolveVariables, type VariableInput } from './execute/variables.js';
export { compileBody, sectionFor } from './format/body.js';
export { type ParsedSkill, parseSkill } from './format/parse.js';
export { serializeSkill } from './format/serialize.js';
export * from './format/types.js';
export { effectiveMaxHashtags, effectiveMaxLength } from './format/validate.js';
export { analyseRequest, type RequestAnalysis } from './match/analyse.js';
export { type MatchResult, matchRequest } from './match/matcher.js';
export {
  builtinSkills,
  executeSkillFor,
  getSkill,
  type LibraryEntry,
  libraryOf,
  listSkills,
  matchSkills,
  recordSkillOutcome,
  recordSkillUse,
  skillVersion,
  slotFillerFor,
} from './service.js';
export type { SkillTables } from './tables.js';
export { skillOperations, skillsMigration };
