/**
 * Keeps the search index in step with entries: each visible entry is one `entry` chunk (its question
 * and answer), so search finds a fact whether or not its page is still indexed.
 */
import { countTokens } from '../../../core/text/tokens.js';
import type { Executor } from '../../../db/connect.js';
import { readJson } from '../../../db/dialect.js';
import type { AppServices } from '../../../operations/services.js';
import type { IndexChunk } from '../search/types.js';
import * as repo from './repository.js';

/** Puts entries into the search index as `entry` chunks (hidden or deleted ones are removed). */
export async function syncEntryIndex(
  app: AppServices,
  tx: Executor,
  tenantId: string,
  ids: readonly string[],
): Promise<void> {
  const rows = await repo.findEntries(tx, tenantId, ids);
  const chunks: IndexChunk[] = [];
  for (const id of ids) await app.knowledgeIndex.removeBySource(tx, tenantId, 'entry', id);
  for (const row of rows) {
    if (row.hidden === 1) continue;
    const text = `${row.question}\n${row.answer}`;
    chunks.push({
      id: `entry:${row.id}`,
      sourceType: 'entry',
      sourceId: row.id,
      url: row.source_url,
      title: row.question,
      headingPath: readJson<string[]>(row.heading_path, []),
      category: row.category,
      position: 0,
      text,
      tokenCount: countTokens(text),
    });
  }
  if (chunks.length > 0) await app.knowledgeIndex.indexChunks(tx, tenantId, chunks);
}
