import { newId } from '../../core/ids.js';
import type { Executor } from '../../db/connect.js';
import { readJson, writeJson } from '../../db/dialect.js';

/**
 * Domain events (the `events` table): what happened to a tenant's objects, written in the same
 * transaction as the change itself, so an event exists exactly when its change does.
 */
export interface DomainEvent {
  id: string;
  tenantId: string;
  type: string;
  subjectId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export async function recordEvent(
  db: Executor,
  event: {
    tenantId: string;
    type: string;
    subjectId?: string | null;
    data?: Record<string, unknown>;
    at: string;
  },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('events')
    .values({
      id,
      tenant_id: event.tenantId,
      type: event.type,
      subject_id: event.subjectId ?? null,
      data: writeJson(event.data ?? {}),
      created_at: event.at,
    })
    .execute();
  return id;
}

/** Events of a tenant after `afterId` (ids sort by time), oldest first. */
export async function listEvents(
  db: Executor,
  tenantId: string,
  options: { afterId?: string; subjectId?: string; limit: number },
): Promise<DomainEvent[]> {
  let q = db
    .selectFrom('events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .limit(options.limit);
  if (options.afterId) q = q.where('id', '>', options.afterId);
  if (options.subjectId) q = q.where('subject_id', '=', options.subjectId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    type: r.type,
    subjectId: r.subject_id,
    data: readJson<Record<string, unknown>>(r.data, {}),
    createdAt: r.created_at,
  }));
}
