/**
 * Row types of the publishing module (migration 0012). Tokens are stored encrypted with the tenant's
 * data key (src/core/crypto.ts), bound to the account they belong to. `publishing_limits` and
 * `publishing_slots` are installation-wide (a platform's budget and concurrency are shared by every
 * tenant of this app), so they have no tenant_id and hold only opaque keys.
 */
export interface SocialAccountsTable {
  id: string;
  tenant_id: string;
  platform: string;
  /** The account's id on the platform (X user id, LinkedIn URN, Page id, Instagram user id). */
  external_id: string;
  /** person | organization | page | instagram_business | user */
  kind: string;
  name: string;
  handle: string | null;
  url: string | null;
  /** active | reconnect_needed | disconnected */
  status: string;
  access_token: Buffer | null;
  refresh_token: Buffer | null;
  token_expires_at: string | null;
  refresh_expires_at: string | null;
  /** JSON: string[] granted scopes, when the platform says. */
  scopes: string;
  /** JSON: Record<string, string> platform details (LinkedIn author URN, the Page behind an IG account). */
  details: string;
  /** JSON: PostingSchedule, or null. */
  schedule: string | null;
  /** Why the account needs reconnecting, or the last refresh problem. */
  status_reason: string | null;
  connected_by: string | null;
  connected_at: string;
  token_refreshed_at: string | null;
  updated_at: string;
}

export interface OAuthConnectionsTable {
  id: string;
  tenant_id: string;
  platform: string;
  /** SHA-256 of the `state` sent to the platform (the state itself is not kept). */
  state_hash: string;
  /** Encrypted PKCE code verifier, when the platform needs PKCE. */
  code_verifier: Buffer | null;
  redirect_uri: string;
  /** pending | awaiting_selection | done */
  status: string;
  /** Encrypted JSON: the accounts found (with their tokens) while the person chooses. */
  found: Buffer | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
}

export interface PublicationsTable {
  id: string;
  tenant_id: string;
  content_id: string;
  candidate_id: string;
  account_id: string;
  platform: string;
  /** scheduled | queued | publishing | published | failed | unconfirmed | cancelled */
  status: string;
  /** `content:account`, unique per tenant: one content is published once per account. */
  idempotency_key: string;
  /** JSON: PreparedPost (parts, media, notes) as sent. */
  body: string;
  scheduled_at: string | null;
  /** Earliest time the next attempt or check may run. */
  next_attempt_at: string | null;
  attempts: number;
  reconcile_checks: number;
  platform_post_id: string | null;
  /** JSON: PublishedPart[] (every part of a thread). */
  platform_parts: string;
  url: string | null;
  error_code: string | null;
  error_message: string | null;
  /** The job that will run the next step. */
  job_id: string | null;
  requested_by: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface PublicationAttemptsTable {
  id: string;
  tenant_id: string;
  publication_id: string;
  number: number;
  /** publish | reconcile */
  kind: string;
  started_at: string;
  /** Set just before the call that makes the post visible; an attempt with it and no outcome is unknown. */
  sent_at: string | null;
  /** The thread part being sent. */
  sent_part: number | null;
  finished_at: string | null;
  /** published | retry | rate_limited | failed | unconfirmed | found | absent | interrupted */
  outcome: string | null;
  error_code: string | null;
  error_message: string | null;
  http_status: number | null;
  retry_at: string | null;
}

export interface PublishingLimitsTable {
  /** `platform:account-id:lane` or `platform:app:lane`. */
  key: string;
  blocked_until: string;
  reason: string;
  updated_at: string;
}

export interface PublishingSlotsTable {
  platform: string;
  slot: number;
  holder: string | null;
  expires_at: string | null;
}

export interface PublishingTables {
  social_accounts: SocialAccountsTable;
  oauth_connections: OAuthConnectionsTable;
  publications: PublicationsTable;
  publication_attempts: PublicationAttemptsTable;
  publishing_limits: PublishingLimitsTable;
  publishing_slots: PublishingSlotsTable;
}

declare module '../../db/schema.js' {
  interface Database extends PublishingTables {}
}
