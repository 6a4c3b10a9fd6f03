/**
 * Row types of knowledge entries, entities and page extraction records (migration 0007). JSON
 * columns are strings; flags are 0/1.
 */
export interface KnowledgeEntriesTable {
  id: string;
  tenant_id: string;
  question: string;
  answer: string;
  category: string;
  category_confidence: number;
  confidence: number;
  kind: string;
  /** extracted | manual */
  origin: string;
  /** offline | llm | manual */
  engine: string;
  model: string | null;
  /** The page of the best-supported source (null for manual entries). */
  page_id: string | null;
  source_url: string | null;
  support_field: string | null;
  support_start: number | null;
  support_end: number | null;
  support_text: string | null;
  heading_path: string;
  chunk_refs: string;
  entities: string;
  edited: number;
  edited_by: string | null;
  edited_at: string | null;
  /** A person deleted this machine-made entry: kept as a tombstone so re-extraction does not bring it back. */
  hidden: number;
  created_at: string;
  updated_at: string;
}

/** One page that supports an entry, with what extraction found there. */
export interface KnowledgeEntrySourcesTable {
  id: string;
  tenant_id: string;
  entry_id: string;
  page_id: string;
  url: string;
  question: string;
  answer: string;
  category: string;
  category_confidence: number;
  confidence: number;
  kind: string;
  engine: string;
  model: string | null;
  support_field: string;
  support_start: number;
  support_end: number;
  support_text: string;
  heading_path: string;
  chunk_refs: string;
  entities: string;
  created_at: string;
}

export interface KnowledgeEntitiesTable {
  id: string;
  tenant_id: string;
  type: string;
  /** Identity across pages (see `entityKey`). */
  key: string;
  name: string;
  /** JSON: the entity (type-specific fields) as shown. */
  data: string;
  confidence: number;
  origin: string;
  page_id: string | null;
  source_url: string | null;
  support_field: string | null;
  support_start: number | null;
  support_end: number | null;
  support_text: string | null;
  edited: number;
  edited_by: string | null;
  edited_at: string | null;
  hidden: number;
  created_at: string;
  updated_at: string;
}

export interface KnowledgeEntitySourcesTable {
  id: string;
  tenant_id: string;
  entity_id: string;
  page_id: string;
  url: string;
  data: string;
  confidence: number;
  support_field: string;
  support_start: number;
  support_end: number;
  support_text: string;
  created_at: string;
}

export interface KnowledgePageExtractionsTable {
  tenant_id: string;
  page_id: string;
  url: string;
  content_hash: string;
  engine: string;
  model: string;
  category: string;
  category_confidence: number;
  entry_count: number;
  entity_count: number;
  dropped: string;
  page_changed_at: string;
  extracted_at: string;
}

export interface KnowledgeEntryTables {
  knowledge_entries: KnowledgeEntriesTable;
  knowledge_entry_sources: KnowledgeEntrySourcesTable;
  knowledge_entities: KnowledgeEntitiesTable;
  knowledge_entity_sources: KnowledgeEntitySourcesTable;
  knowledge_page_extractions: KnowledgePageExtractionsTable;
}

declare module '../../../db/schema.js' {
  interface Database extends KnowledgeEntryTables {}
}
