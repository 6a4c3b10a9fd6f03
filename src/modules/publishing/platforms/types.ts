/**
 * What every platform adapter offers the publisher and the account service. Adapters are plain objects
 * built from the settings (`createAdapter`); they hold no state between calls.
 */
import type { Platform } from '../../../core/platforms.js';
import type { MediaRef } from '../../generation/index.js';
import type { PlatformHttp } from './http.js';

/** The text and media of one candidate, as the content store holds them. */
export interface PostDraft {
  text: string;
  media: MediaRef[];
}

export interface PreparedPart {
  text: string;
}

/** A post transformed for one platform: what will be sent, and what had to change. */
export interface PreparedPost {
  /** Posted in order; more than one only for an X thread (each part replies to the one before). */
  parts: PreparedPart[];
  /** The media that go with it (the first part's), after the platform's caps. */
  media: MediaRef[];
  /** What the transformation changed, for people to read (e.g. "2 of 6 images left out: X takes 4"). */
  notes: string[];
  /** A link shown as a preview card (Facebook: the first URL of a post without media). */
  link?: string;
}

export interface PublishedPart {
  id: string;
  url: string | null;
}

export interface PublishResult {
  /** The post's id on the platform (the first part of a thread). */
  id: string;
  url: string | null;
  parts: PublishedPart[];
}

export interface PublishHooks {
  /** Parts an earlier attempt already published (a thread resumed after a crash): they are skipped. */
  done: readonly PublishedPart[];
  /**
   * Called just before the request that makes part `index` visible. It must have recorded the fact
   * durably when it returns: after a crash, that record says the outcome has to be reconciled.
   */
  beforeSend(index: number): Promise<void>;
  /** Called as soon as part `index` exists on the platform. */
  published(index: number, part: PublishedPart): Promise<void>;
}

/** A post read back from the account, to reconcile an unknown outcome. */
export interface RemotePost {
  id: string;
  text: string;
  createdAt: string | null;
  url: string | null;
}

export interface PostMetrics {
  impressions: number | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  clicks: number | null;
  /** The platform's own figures as read. */
  raw: Record<string, unknown>;
}

/** Media bytes fetched for platforms that take uploads (X, LinkedIn). */
export interface MediaBytes {
  bytes: Buffer;
  contentType: string;
}

export interface AccountSession {
  accessToken: string;
  /** The account's id on the platform (X user id, LinkedIn person/organization URN, Page id, IG user id). */
  externalId: string;
  handle: string | null;
  details: Readonly<Record<string, string>>;
  http: PlatformHttp;
  loadMedia(url: string): Promise<MediaBytes>;
  /** Waits between status polls (media processing); tests make it short. */
  wait(ms: number): Promise<void>;
  /** How often and how long to poll media processing. */
  poll: { intervalMs: number; timeoutMs: number };
}

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** UTC ISO; absent when the token does not expire. */
  expiresAt?: string;
  refreshExpiresAt?: string;
  scopes?: string[];
}

export type AccountKind = 'person' | 'organization' | 'page' | 'instagram_business' | 'user';

/** An account a token gives access to, read from the platform. */
export interface AccountIdentity {
  externalId: string;
  kind: AccountKind;
  name: string;
  handle: string | null;
  url: string | null;
  /** The token to store for this account (a Facebook Page's own token, for instance). */
  token: TokenSet;
  details: Record<string, string>;
}

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface PlatformAdapter {
  readonly platform: Platform;
  /** Pure: transforms text and media for the platform; throws a permanent `PlatformError` when it cannot. */
  prepare(draft: PostDraft): PreparedPost;
  /** Uploads media and publishes every part not yet done, calling the hooks around each visible call. */
  publish(session: AccountSession, post: PreparedPost, hooks: PublishHooks): Promise<PublishResult>;
  /** The account's posts created at or after `sinceIso`, newest first. */
  recentPosts(session: AccountSession, sinceIso: string): Promise<RemotePost[]>;
  metrics(session: AccountSession, postId: string): Promise<PostMetrics>;

  /** True when the authorization code flow needs PKCE. */
  readonly pkce: boolean;
  authorizationUrl(app: OAuthApp, params: { state: string; codeChallenge?: string }): string;
  exchangeCode(
    http: PlatformHttp,
    app: OAuthApp,
    params: { code: string; codeVerifier?: string },
  ): Promise<TokenSet>;
  /** Absent when the platform's tokens cannot be refreshed (a Facebook Page token does not expire). */
  refresh?(http: PlatformHttp, app: OAuthApp, tokens: TokenSet): Promise<TokenSet>;
  /** The accounts a token can publish to, read from the platform. */
  identities(http: PlatformHttp, tokens: TokenSet, app: OAuthApp): Promise<AccountIdentity[]>;
  /** Revokes the token at the platform, when it offers that. */
  revoke?(http: PlatformHttp, app: OAuthApp, tokens: TokenSet): Promise<void>;
  /** Maps a non-2xx answer of this platform to our error. */
  mapError: import('./http.js').ErrorMapper;
  /** Reads budget signals from an answer's headers. */
  limitSignals(endpoint: string, headers: Headers, nowMs: number): LimitSignal[];
}

export type LimitLane = 'publish' | 'read';

/** A budget the platform reported as spent: calls of this scope wait until `until`. */
export interface LimitSignal {
  scope: 'account' | 'platform';
  /** Reads (reconciliation, metrics) and writes (publishing) spend separate budgets. */
  lane: LimitLane;
  until: string;
  reason: string;
}
