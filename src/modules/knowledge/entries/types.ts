import type { StructuredData } from '../extract/types.js';
import type { KnowledgeCategory } from './categories.js';
import type { Entity } from './entities.js';
import type { SupportSpan } from './support.js';

/** How an entry was found on its page. */
export type EntryKind =
  | 'faq'
  | 'definition'
  | 'table_row'
  | 'list_item'
  | 'statement'
  | 'testimonial'
  | 'hours'
  | 'contact'
  | 'structured_data'
  | 'llm';

/** One question-and-answer pair extracted from a page, before storage. */
export interface ExtractedEntry {
  question: string;
  answer: string;
  category: KnowledgeCategory;
  categoryConfidence: number;
  /** How sure the engine is that the answer is a correct, supported answer to the question (0-1). */
  confidence: number;
  kind: EntryKind;
  support: SupportSpan;
  headingPath: string[];
  entities: Entity[];
}

/** What extraction needs of a stored page. */
export interface PageInput {
  url: string;
  title: string;
  markdown: string;
  structured: StructuredData;
  /** The stored JSON text of `structured`, which `structured` support spans point into. */
  structuredText: string;
  siteName?: string | null;
  /** The tenant's own name: the business name of last resort, when the site names none. */
  tenantName?: string | null;
  language?: string | null;
}

export interface PageExtraction {
  entries: ExtractedEntry[];
  /** Every entity of the page (also those not attached to an entry). */
  entities: Entity[];
  pageCategory: { category: KnowledgeCategory; confidence: number };
  /** `offline` or `llm`. */
  engine: 'offline' | 'llm';
  /** `local`, or the `provider:model` that answered. */
  model: string;
  /** Entries dropped or downgraded by the support check, for the extraction record. */
  dropped: { question: string; reason: string }[];
}

export interface ExtractionSummary {
  pageId: string;
  engine: 'offline' | 'llm';
  model: string;
  entries: number;
  entities: number;
  /** Entries the support check refused. */
  dropped: number;
  category: KnowledgeCategory;
  /** Set when nothing was written: the page was already extracted at this content, or changed meanwhile. */
  skipped?: 'unchanged' | 'page_changed';
}

/** A stored page as extraction reads it and page-knowledge.ts writes from it. */
export interface StoredPage {
  id: string;
  url: string;
  title: string;
  markdown: string;
  structured: string;
  content_hash: string;
  site_name: string | null;
  language: string | null;
  changed_at: string;
}
