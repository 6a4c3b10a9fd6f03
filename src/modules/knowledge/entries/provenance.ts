/**
 * Where an entry or entity comes from, as both kinds of row store it: the support span columns, the
 * page sources merged into one row (the best one gives the row its face), and the stamp a person's
 * change leaves. Entries (service.ts) and products (catalog/products.ts) share these rules.
 */
import type { Actor } from '../../../operations/define.js';
import type { SupportField, SupportSpan } from './support.js';

/** The support span columns of an entry or entity row; null on rows a person made. */
export interface SupportColumns {
  support_field: string | null;
  support_start: number | null;
  support_end: number | null;
  support_text: string | null;
}

/** The columns of a source row: a page that states the fact, always with its span. */
export interface SourceColumns {
  id: string;
  page_id: string;
  url: string;
  confidence: number;
  support_field: string;
  support_start: number;
  support_end: number;
  support_text: string;
}

/** The span as row columns. */
export function supportColumns(
  span: SupportSpan,
): Pick<SourceColumns, 'support_field' | 'support_start' | 'support_end' | 'support_text'> {
  return {
    support_field: span.field,
    support_start: span.start,
    support_end: span.end,
    support_text: span.text,
  };
}

/** The span columns of a row a person made, which needs no span. */
export const noSupport = {
  support_field: null,
  support_start: null,
  support_end: null,
  support_text: null,
} as const satisfies SupportColumns;

/** A row's span, or null when any of its span columns is empty. */
export function storedSupport(row: SupportColumns): SupportSpan | null {
  return row.support_text !== null &&
    row.support_start !== null &&
    row.support_end !== null &&
    row.support_field !== null
    ? sourceSupport({
        support_field: row.support_field,
        support_start: row.support_start,
        support_end: row.support_end,
        support_text: row.support_text,
      })
    : null;
}

/** A source row's span. */
export function sourceSupport(
  source: Pick<SourceColumns, 'support_field' | 'support_start' | 'support_end' | 'support_text'>,
): SupportSpan {
  return {
    field: source.support_field as SupportField,
    start: source.support_start,
    end: source.support_end,
    text: source.support_text,
  };
}

/** The source that gives a merged row its face: the most confident, then the lowest id. */
export function bestSource<S extends SourceColumns>(sources: readonly S[]): S | undefined {
  return [...sources].sort((a, b) => b.confidence - a.confidence || a.id.localeCompare(b.id))[0];
}

/** A merged row's confidence: its best source's, raised by 0.02 for every other page stating it. */
export function mergedConfidence(best: SourceColumns, sourceCount: number): number {
  return Math.min(1, best.confidence + 0.02 * (sourceCount - 1));
}

/** The columns a row takes from its best source (person-edited rows take only these). */
export function faceOf(best: SourceColumns, now: string) {
  return {
    page_id: best.page_id,
    source_url: best.url,
    support_field: best.support_field,
    support_start: best.support_start,
    support_end: best.support_end,
    support_text: best.support_text,
    updated_at: now,
  };
}

/** Who a person's change is recorded as: the signed-in user, else the actor's type (and key id). */
export function editorName(actor: Actor): string {
  return actor.userId ?? (actor.id ? `${actor.type}:${actor.id}` : actor.type);
}

/** The columns that mark a row as changed by a person, so re-extraction keeps what they set. */
export function personEdit(actor: Actor, now: string): { edited: 1; edited_by: string; edited_at: string } {
  return { edited: 1, edited_by: editorName(actor), edited_at: now };
}

/** The edit columns of a row no person has touched. */
export const machineMade = { edited: 0, edited_by: null, edited_at: null } as const;
