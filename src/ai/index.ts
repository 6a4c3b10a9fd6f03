/**
 * The AI module's public surface: what other modules import. Everything else in src/ai is internal.
 */
export type { BudgetStatus } from './budget.js';
export type { EmbeddingPurpose } from './embedding-models.js';
export { type AiTask, aiTasks, type TextTask } from './models.js';
export { definePrompt, type PromptTemplate, type RenderedPrompt } from './prompts.js';
export {
  type AiResult,
  type AiService,
  type AiUsage,
  createAi,
  type EmbeddingModelInfo,
  type EmbedManyResult,
  type EmbedResult,
  type FallbackStep,
  type GenerateStructuredOptions,
  type GenerateTextOptions,
  type TenantEmbedder,
} from './service.js';
export type { UsageReport } from './usage.js';
