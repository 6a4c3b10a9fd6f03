/**
 * The generation module's face to other modules and the app. Today: the content store (content.create,
 * content.get, content.list); generation ([G1]) builds its pipeline on it.
 */
import type { AppModule } from '../../operations/module.js';
import './conversation/tables.js';
import './feedback/tables.js';
import { conversationOperations } from './conversation/operations.js';
import { feedbackOperations } from './feedback/operations.js';
import { learningOperations } from './learning/operations.js';
import { generationContentMigration } from './migrations/0011_generation_content.js';
import { generationRunsMigration } from './migrations/0014_generation_runs.js';
import { generationFeedbackLearningMigration } from './migrations/0015_generation_feedback_learning.js';
import { conversationsMigration } from './migrations/0016_conversations.js';
import { generationOperations } from './operations.js';
import { pipelineOperations } from './pipeline/operations.js';

export { loadContent } from './content.js';
export { type OutcomeInput, type OutcomeResult, recordOutcome } from './feedback/outcome.js';
export { type GraphicText, graphicTextFor } from './graphic-text.js';
export { learnedWeights } from './learning/weights.js';
export { generateContent, refineContent } from './pipeline/generate.js';
export type { GenerateInput, GenerateResult, RefineInput } from './pipeline/schemas.js';
export type { PerformanceSource } from './rerank/performance.js';
export { defaultRerankWeights, type RerankWeights, type WeightsSource } from './rerank/weights.js';
export type { Candidate, Content, ContentStatus, GuardResult, MediaRef } from './schemas.js';

export const generationModule = {
  name: 'generation',
  migrations: [
    generationContentMigration,
    generationRunsMigration,
    generationFeedbackLearningMigration,
    conversationsMigration,
  ],
  operations: [
    ...generationOperations,
    ...pipelineOperations,
    ...feedbackOperations,
    ...learningOperations,
    ...conversationOperations,
  ],
} satisfies AppModule;
