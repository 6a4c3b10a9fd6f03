/**
 * The generation module's face to other modules and the app. Today: the content store (content.create,
 * content.get, content.list); generation ([G1]) builds its pipeline on it.
 */
import type { AppModule } from '../../operations/module.js';
import './feedback/tables.js';
import { feedbackOperations } from './feedback/operations.js';
import { learningOperations } from './learning/operations.js';
import { generationContentMigration } from './migrations/0011_generation_content.js';
import { generationFeedbackLearningMigration } from './migrations/0015_generation_feedback_learning.js';
import { generationOperations } from './operations.js';

export { loadContent } from './content.js';
export { type OutcomeInput, type OutcomeResult, recordOutcome } from './feedback/outcome.js';
export { type GraphicText, graphicTextFor } from './graphic-text.js';
export type { Candidate, Content, ContentStatus, GuardResult, MediaRef } from './schemas.js';

export const generationModule = {
  name: 'generation',
  migrations: [generationContentMigration, generationFeedbackLearningMigration],
  operations: [...generationOperations, ...feedbackOperations, ...learningOperations],
} satisfies AppModule;
