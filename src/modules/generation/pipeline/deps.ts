/**
 * Everything generation's pipeline uses from other modules, in one place, each through that module's
 * index.ts: the skills (matcher, executor, facts), the knowledge base (search, catalog) and the voice.
 */

export { listProducts, type ProductView, runSearch } from '../../knowledge/index.js';
export {
  type ExecutionResult,
  executeSkill,
  type FillContext,
  type FillResult,
  fillOffline,
  formatPrice,
  libraryOf,
  loadSkillFacts,
  type MatchResult,
  matchSkills,
  type ResolvedValue,
  resolveVariables,
  type SkillDocument,
  type SkillFacts,
  type SlotFill,
  type SlotFiller,
  type SlotRequest,
  skillVersion,
} from '../../skills/index.js';
export {
  type BrandVoiceProfile,
  type LoadedVoice,
  loadVoice,
  type PinnedRule,
  scoreVoiceMatch,
} from '../../voice/index.js';

import type { PerformanceSource } from '../rerank/performance.js';
import type { WeightsSource } from '../rerank/weights.js';

declare module '../../../operations/services.js' {
  interface ModuleServices {
    /** Per-tenant learned reranker and skill weights (learning supplies it; the app wires it). */
    generationWeights?: WeightsSource;
    /** Predicted performance per skill and platform (analytics, once it exists). */
    generationPerformance?: PerformanceSource;
  }
}
