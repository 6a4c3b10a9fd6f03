import { generationContentMigration } from '../../modules/generation/migrations/0011_generation_content.js';
import { publishingMigration } from '../../modules/publishing/migrations/0012_publishing.js';
import type { AppMigration } from '../migration.js';
import { coreMigration } from './0001_core.js';
import { jobsMigration } from './0002_jobs.js';
import { aiMigration } from './0003_ai.js';
import { knowledgePagesMigration } from './0004_knowledge_pages.js';
import { knowledgeIndexMigration } from './0005_knowledge_index.js';
import { voiceMigration } from './0006_voice.js';
import { knowledgeEntriesMigration } from './0007_knowledge_entries.js';

/** Every migration in order. Add new ones at the end; never edit one that has shipped. */
export const migrations: readonly AppMigration[] = [
  coreMigration,
  jobsMigration,
  aiMigration,
  knowledgePagesMigration,
  knowledgeIndexMigration,
  voiceMigration,
  knowledgeEntriesMigration,
  generationContentMigration,
  publishingMigration,
];
