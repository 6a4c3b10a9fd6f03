/**
 * The AI settings a tenant sees: which models run each task, what the calls cost, and the budget. The
 * engine itself (providers, fallbacks, the usage ledger) is the ai layer below the modules (src/ai), whose
 * table has its own migration there.
 */
import type { AppModule } from '../../operations/module.js';
import { aiOperations } from './operations.js';

export const aiModule = {
  name: 'ai',
  migrations: [],
  operations: aiOperations,
} satisfies AppModule;
