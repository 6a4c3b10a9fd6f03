import type { Platform } from '../../../core/platforms.js';
import { readJson } from '../../../db/dialect.js';
import type { PreparedPost, PublishedPart } from '../platforms/types.js';
import type * as repo from '../repository.js';
import { formatLocal } from '../schedule/time-zone.js';
import type { Publication, PublicationStatus } from '../schemas.js';

export function bodyOf(row: repo.PublicationRow): PreparedPost {
  return readJson<PreparedPost>(row.body, { parts: [], media: [], notes: [] });
}

export function partsOf(row: repo.PublicationRow): PublishedPart[] {
  return readJson<PublishedPart[]>(row.platform_parts, []);
}

export function toPublication(row: repo.PublicationRow, timeZone: string): Publication {
  const body = bodyOf(row);
  const parts = partsOf(row);
  return {
    id: row.id,
    contentId: row.content_id,
    candidateId: row.candidate_id,
    accountId: row.account_id,
    platform: row.platform as Platform,
    status: row.status as PublicationStatus,
    text: body.parts[0]?.text ?? '',
    parts: body.parts.length,
    notes: body.notes,
    scheduledAt: row.scheduled_at,
    scheduledAtLocal: row.scheduled_at ? formatLocal(Date.parse(row.scheduled_at), timeZone) : null,
    nextAttemptAt: row.next_attempt_at,
    attempts: row.attempts,
    platformPostId: row.platform_post_id,
    platformPostIds: parts.map((p) => p.id),
    url: row.url,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toAttempt(row: repo.AttemptRow) {
  return {
    number: row.number,
    kind: row.kind as 'publish' | 'reconcile',
    startedAt: row.started_at,
    sentAt: row.sent_at,
    finishedAt: row.finished_at,
    outcome: row.outcome,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    httpStatus: row.http_status,
    retryAt: row.retry_at,
  };
}
