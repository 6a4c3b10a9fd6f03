/**
 * The generation module's face to other modules and the app. Today: the content store (content.create,
 * content.get, content.list); generation ([G1]) builds its pipeline on it.
 */
import type { AppModule } from '../../operations/module.js';
import { generationContentMigration } from './migrations/0011_generation_content.js';
import { generationOperations } from './operations.js';

export { loadContent } from './content.js';
export { type GraphicText, graphicTextFor } from './graphic-text.js';
export type { Candidate, Content, ContentStatus, GuardResult, MediaRef } from './schemas.js';

export const generationModule = {
  name: 'generation',
  migrations: [generationContentMigration],
  operations: generationOperations,
} satisfies AppModule;
