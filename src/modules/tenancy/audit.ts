import { newId } from '../../core/ids.js';
import type { Executor } from '../../db/connect.js';
import { readJson, writeJson } from '../../db/dialect.js';
import { keysetPage } from '../../db/paging.js';
import type { Actor, OperationContext } from '../../operations/define.js';
import type { AppServices } from '../../operations/services.js';
import * as repo from './repository.js';
import type { AuditEntry, OperatorAuditEntry } from './schemas.js';

export interface AuditRecord {
  tenantId: string;
  actor: Actor;
  operation: string;
  target: string | null;
  requestId: string | null;
  outcome: 'success' | 'error' | 'denied';
  errorCode?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(app: AppServices, record: AuditRecord): Promise<void> {
  // The tenant may be gone (this call erased it): its log went with it, so the record is kept at
  // operator level, unless the erasure already wrote its own there.
  if (!(await app.db.systemRead((db) => repo.tenantExists(db, record.tenantId)))) {
    await recordOperatorAudit(app, record);
    return;
  }
  await app.db.tenant(record.tenantId, (tx) =>
    repo.insertAudit(tx, {
      id: newId(),
      tenant_id: record.tenantId,
      actor_type: record.actor.type,
      actor_id: record.actor.id,
      operation: record.operation,
      target: record.target,
      request_id: record.requestId,
      outcome: record.outcome,
      error_code: record.errorCode ?? null,
      details: writeJson(record.details ?? {}),
      created_at: app.clock.iso(),
    }),
  );
}

export async function listAudit(
  ctx: OperationContext,
  q: repo.AuditQuery,
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const rows = await ctx.app.db.read(ctx.tenantId, (db) =>
    repo.listAudit(db, ctx.tenantId, { ...q, limit: q.limit + 1 }),
  );
  const { page, nextCursor } = keysetPage(rows, q.limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      actorType: r.actor_type,
      actorId: r.actor_id,
      operation: r.operation,
      target: r.target,
      requestId: r.request_id,
      outcome: r.outcome as AuditEntry['outcome'],
      errorCode: r.error_code,
      details: readJson<Record<string, unknown>>(r.details, {}),
      createdAt: r.created_at,
    })),
    nextCursor,
  };
}

/**
 * An installation-level audit record (operator_audit), kept after the tenant's rows are gone. Holds ids,
 * codes and counts only: the caller passes no tenant data in `details`.
 */
export async function recordOperatorAudit(
  app: AppServices,
  record: AuditRecord,
  tx?: Executor,
): Promise<void> {
  const write = async (db: Executor) => {
    if (record.requestId && (await repo.hasOperatorAudit(db, record.requestId, record.operation))) return;
    await repo.insertOperatorAudit(db, {
      id: newId(),
      operation: record.operation,
      subject_tenant_id: record.tenantId,
      actor_type: record.actor.type,
      actor_id: record.actor.id,
      request_id: record.requestId,
      outcome: record.outcome,
      error_code: record.errorCode ?? null,
      details: writeJson(record.details ?? {}),
      created_at: app.clock.iso(),
    });
  };
  if (tx) await write(tx);
  else await app.db.system(write);
}

/** The installation's own audit (operator actions such as erasures), newest first; operators only. */
export async function listOperatorAudit(
  app: AppServices,
  q: repo.OperatorAuditQuery,
): Promise<{ entries: OperatorAuditEntry[]; nextCursor: string | null }> {
  const rows = await app.db.system((db) => repo.listOperatorAudit(db, { ...q, limit: q.limit + 1 }));
  const { page, nextCursor } = keysetPage(rows, q.limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      operation: r.operation,
      subjectTenantId: r.subject_tenant_id,
      actorType: r.actor_type,
      actorId: r.actor_id,
      requestId: r.request_id,
      outcome: r.outcome as OperatorAuditEntry['outcome'],
      errorCode: r.error_code,
      details: readJson<Record<string, unknown>>(r.details, {}),
      createdAt: r.created_at,
    })),
    nextCursor,
  };
}
