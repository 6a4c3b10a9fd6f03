import type { AiTables } from '../ai/tables.js';
import type { JobTables } from '../jobs/tables.js';
import type { KnowledgeEntryTables } from '../modules/knowledge/entries/tables.js';
import type { KnowledgeIndexTables } from '../modules/knowledge/search/tables.js';
import type { KnowledgePageTables } from '../modules/knowledge/tables.js';
import type { VoiceTables } from '../modules/voice/tables.js';
import type { CoreTables } from './tables/core.js';

/**
 * The whole typed schema: each module declares its tables in its own file and they are composed here.
 * A module's repository is the only code that writes SQL for its tables.
 */
export interface Database
  extends CoreTables,
    AiTables,
    JobTables,
    KnowledgePageTables,
    KnowledgeIndexTables,
    KnowledgeEntryTables,
    VoiceTables {}
