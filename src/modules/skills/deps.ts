/**
 * Everything the skills module uses from other modules, in one place: the knowledge base (catalog,
 * entries, entities) and the brand voice, each through that module's index.ts.
 */
import { type EntryKind, knowledgeCategories } from '../knowledge/index.js';

export {
  type EntryContext,
  type EntryView,
  listEntityViews,
  listEntryViews,
  listProducts,
  type ProductView,
} from '../knowledge/index.js';
export {
  type BrandVoiceProfile,
  type ExampleObject,
  loadVoice,
  type PinnedRule,
  parseVoiceExamples,
  type VoiceExample,
} from '../voice/index.js';

const entryKinds = [
  'faq',
  'definition',
  'table_row',
  'list_item',
  'statement',
  'testimonial',
  'hours',
  'contact',
  'structured_data',
  'llm',
] as const satisfies readonly EntryKind[];

/** What may follow `knowledge.entry:` in a variable's source: an entry kind or a knowledge category. */
export function entryFilters(): readonly string[] {
  return [...entryKinds, ...knowledgeCategories];
}
