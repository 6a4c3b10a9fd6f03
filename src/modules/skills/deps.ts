/**
 * Everything the skills module uses from other modules, in one place: the knowledge base (catalog,
 * entries, entities) and the brand voice. After the module refactor these come from each module's
 * index.ts; only this file changes.
 */
import { knowledgeCategories } from '../knowledge/entries/categories.js';
import type { EntryKind } from '../knowledge/entries/types.js';

export { listEntityViews, listProducts, type ProductView } from '../knowledge/catalog/products.js';
export type { EntryView } from '../knowledge/entries/schemas.js';
export { type EntryContext, listEntryViews } from '../knowledge/entries/service.js';
export { type ExampleObject, parseVoiceExamples } from '../voice/examples/parse.js';
export { loadVoice } from '../voice/service.js';
export type { BrandVoiceProfile, PinnedRule, VoiceExample } from '../voice/types.js';

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
