import { createHash } from 'node:crypto';
import type { Platform } from '../core/platforms.js';
import { SimClock } from './clock.js';
import { FaultSet } from './faults.js';
import { FixedWindows, RollingWindows } from './limits.js';
import { hashParts, SeededRandom } from './random.js';

/**
 * Everything the simulator knows: apps, people, accounts, tokens, posts, media, the clock, settings, faults
 * and the call log. One instance per simulator; the routes receive it (no module-global state).
 */

/** Who runs an OAuth login: X and LinkedIn have their own; Facebook and Instagram share Meta's. */
export type Provider = 'x' | 'linkedin' | 'meta';

export const providerOf: Readonly<Record<Platform, Provider>> = {
  x: 'x',
  linkedin: 'linkedin',
  facebook: 'meta',
  instagram: 'meta',
};

export interface SimApp {
  provider: Provider;
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs (exact match); any URI is accepted when empty. */
  redirectUris: string[];
  /** LinkedIn only: the app is an approved partner that receives refresh tokens. */
  refreshTokens: boolean;
}

/** A person who logs in. */
export interface SimIdentity {
  provider: Provider;
  id: string;
  name: string;
  givenName: string;
  familyName: string;
  email: string;
  /** X handle (X identities are also accounts). */
  username?: string;
}

export type AccountKind =
  | 'x_user'
  | 'linkedin_member'
  | 'linkedin_organization'
  | 'facebook_page'
  | 'instagram_account';

/** Something posts are published as. */
export interface SimAccount {
  platform: Platform;
  kind: AccountKind;
  id: string;
  name: string;
  username?: string;
  followers: number;
  /** IANA zone of the audience (hour-of-day effect). */
  timeZone: string;
  /** Identities allowed to publish as this account (X users and LinkedIn members: themselves). */
  managers: string[];
  /** LinkedIn: the URN (`urn:li:person:…`, `urn:li:organization:…`). */
  urn?: string;
  /** Facebook page: its linked Instagram account; Instagram account: its page. */
  linkedId?: string;
  /** X: Premium authors may post up to 25,000 characters. */
  premium?: boolean;
  /** LinkedIn organization: the managers' role (ADMINISTRATOR, CONTENT_ADMIN, …). */
  role?: string;
}

export interface SimToken {
  value: string;
  provider: Provider;
  /** `user`: a person's token; `page`: a Facebook Page token; `refresh`: an X/LinkedIn refresh token. */
  kind: 'user' | 'page' | 'refresh';
  identityId: string;
  /** Page tokens: the page. */
  accountId?: string;
  clientId: string;
  scopes: string[];
  issuedAtMs: number;
  /** Never expires when null. */
  expiresAtMs: number | null;
  revoked: boolean;
  /** Meta user tokens: exchanged for a long-lived one. */
  longLived?: boolean;
  /** LinkedIn refresh tokens keep the first authorisation's date (their 365 days never extend). */
  firstAuthAtMs?: number;
  /** Tokens of one authorisation share a grant; revoking one revokes the grant. */
  grantId: string;
}

export interface AuthCode {
  code: string;
  provider: Provider;
  clientId: string;
  redirectUri: string;
  identityId: string;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: string;
  issuedAtMs: number;
  ttlMs: number;
  used: boolean;
}

export type MediaKind = 'image' | 'video' | 'gif';

/** Media as the simulator saw it (uploaded bytes or a fetched or named URL). */
export interface MediaInfo {
  kind: MediaKind;
  mimeType: string;
  bytes: number;
  /** SHA-256 of the bytes, or of the URL when the URL was not fetched. */
  hash: string;
  width?: number;
  height?: number;
  /** Why the simulator considers it unusable, when it does. */
  invalid?: string;
}

export interface SimPost {
  id: string;
  /** Creation order in this simulator (ties of the same millisecond sort by it). */
  seq: number;
  platform: Platform;
  accountId: string;
  /** The text as sent. */
  text: string;
  /** The text as readers see it (LinkedIn little text rendered, X links shortened). */
  renderedText: string;
  media: MediaInfo[];
  link?: string;
  replyToId?: string;
  createdAtMs: number;
  /** Facebook scheduled posts become visible then. */
  publishAtMs: number;
  deletedAtMs?: number;
  /** Hash of account + text + media: identical content on the same account has the same one. */
  fingerprint: string;
  /** Set when identical content was already published to the same account. */
  duplicateOf?: string;
  permalink: string;
  /** Platform-specific fields (Instagram product type, Facebook photo id, LinkedIn visibility, …). */
  extra: Record<string, unknown>;
}

/** An upload in progress or done (X media, LinkedIn image/video, Facebook unpublished photo, Instagram container). */
export interface SimUpload {
  id: string;
  platform: Platform;
  /** Who may use it: X user id, LinkedIn owner URN, Facebook page id, Instagram account id. */
  ownerId: string;
  state: 'uploading' | 'processing' | 'ready' | 'failed' | 'expired' | 'published';
  media?: MediaInfo;
  createdAtMs: number;
  expiresAtMs: number;
  /** When processing ends (sim time); also ends after `processing.polls` status reads. */
  readyAtMs?: number;
  polls: number;
  failure?: string;
  /** Chunks received (X APPEND, LinkedIn video parts), by index. */
  chunks: Map<number, Buffer>;
  extra: Record<string, unknown>;
}

export interface CallRecord {
  seq: number;
  at: string;
  platform: Platform;
  method: string;
  path: string;
  status: number;
  /** Faults that hit the call. */
  faults: string[];
  /** Rate-limit answer (not a fault). */
  rateLimited?: boolean;
  /** The post created by the call, if any. */
  postId?: string;
}

export interface XEndpointLimit {
  limit: number;
  windowSec: number;
}

export interface SimLimits {
  /** X per-user 15-minute limits by endpoint (`POST /2/tweets`), documented values by default. */
  x: Record<string, XEndpointLimit>;
  /** X posts per app per 24 h. */
  xAppPostsPerDay: number;
  /** LinkedIn calls per member per UTC day to one resource (unpublished by LinkedIn; 150 posts is folklore). */
  linkedinMemberPostsPerDay: number;
  linkedinMemberCallsPerDay: number;
  linkedinAppCallsPerDay: number;
  /** Meta platform limit for user/app tokens: calls per rolling hour. */
  metaAppCallsPerHour: number;
  /** Meta Business Use Case budgets per page / Instagram account per rolling 24 h. */
  metaPageCallsPerDay: number;
  metaInstagramCallsPerDay: number;
  /** Instagram content publishing quota per 24 h (moving window), read by content_publishing_limit. */
  instagramPublishPerDay: number;
}

export interface SimConfig {
  /** Added to every platform call (the publishing bench uses 50). */
  latencyMs: number;
  /** Whether each platform refuses identical content already posted to the account within the window. */
  rejectDuplicates: Record<Platform, boolean>;
  duplicateWindowMs: number;
  /** Video/container processing ends after this many status reads or this much sim time. */
  processing: { polls: number; ms: number };
  /** `loopback`: fetch image_url/video_url/file_url only from 127.0.0.1/::1/localhost; `never`: never fetch. */
  mediaFetch: 'loopback' | 'never';
  /** LinkedIn-Version values accepted: YYYYMM, oldest..newest. Default: the 12 months up to the sim's month. */
  linkedinVersions?: { oldest: string; newest: string };
  limits: SimLimits;
  callLogSize: number;
}

export const defaultXLimits: Readonly<Record<string, XEndpointLimit>> = {
  // docs.x.com rate-limits page (PLATFORM-APIS.md §1.3), per user per 15 minutes.
  'POST /2/tweets': { limit: 100, windowSec: 900 },
  'DELETE /2/tweets/:id': { limit: 50, windowSec: 900 },
  'GET /2/tweets': { limit: 5000, windowSec: 900 },
  'GET /2/tweets/:id': { limit: 900, windowSec: 900 },
  'GET /2/tweets/analytics': { limit: 300, windowSec: 900 },
  'GET /2/users/me': { limit: 75, windowSec: 900 },
  'GET /2/users/:id/tweets': { limit: 900, windowSec: 900 },
  'POST /2/media/upload': { limit: 500, windowSec: 900 },
  'POST /2/media/upload/initialize': { limit: 1875, windowSec: 900 },
  'POST /2/media/upload/:id/append': { limit: 1875, windowSec: 900 },
  'POST /2/media/upload/:id/finalize': { limit: 1875, windowSec: 900 },
  'GET /2/media/upload': { limit: 1000, windowSec: 900 },
  'POST /2/media/metadata': { limit: 500, windowSec: 900 },
};

export function defaultConfig(): SimConfig {
  return {
    latencyMs: 0,
    rejectDuplicates: { x: true, linkedin: true, facebook: true, instagram: false },
    duplicateWindowMs: 24 * 3600_000,
    processing: { polls: 2, ms: 5_000 },
    mediaFetch: 'loopback',
    limits: {
      x: { ...defaultXLimits },
      xAppPostsPerDay: 10_000,
      linkedinMemberPostsPerDay: 150,
      linkedinMemberCallsPerDay: 100_000,
      linkedinAppCallsPerDay: 1_000_000,
      metaAppCallsPerHour: 20_000,
      metaPageCallsPerDay: 480_000,
      metaInstagramCallsPerDay: 480_000,
      instagramPublishPerDay: 100,
    },
    callLogSize: 20_000,
  };
}

export interface LoginChoice {
  identityId: string;
  decision: 'allow' | 'deny';
  /** Scopes the person unticks on the consent screen (Meta lets people decline permissions). */
  declineScopes: string[];
}

const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export class SimWorld {
  readonly clock = new SimClock();
  config: SimConfig = defaultConfig();
  faults: FaultSet;
  readonly windows = new FixedWindows();
  readonly usage = new RollingWindows();
  rng: SeededRandom;

  apps = new Map<string, SimApp>();
  identities = new Map<string, SimIdentity>();
  accounts = new Map<string, SimAccount>();
  tokens = new Map<string, SimToken>();
  codes = new Map<string, AuthCode>();
  posts = new Map<string, SimPost>();
  uploads = new Map<string, SimUpload>();
  login = new Map<Provider, LoginChoice>();
  calls: CallRecord[] = [];
  callSeq = 0;
  /** Identical content published twice to the same account (the fault test's zero-duplicates check). */
  duplicates = 0;
  /** Publish attempts refused as duplicates by the platform rule (not faults). */
  duplicateRejections = 0;
  private xSequence = 0;
  private postSeq = 0;
  private usedIds = new Set<string>();

  constructor(readonly seed: number) {
    this.faults = new FaultSet(seed);
    this.rng = new SeededRandom(hashParts(seed, 'world'));
    seedWorld(this);
  }

  /** Back to the state right after start: seeded people and accounts, nothing posted, no faults. */
  reset(): void {
    this.clock.reset();
    this.config = defaultConfig();
    this.faults = new FaultSet(this.seed);
    this.windows.clear();
    this.usage.clear();
    this.rng = new SeededRandom(hashParts(this.seed, 'world'));
    for (const map of [
      this.apps,
      this.identities,
      this.accounts,
      this.tokens,
      this.codes,
      this.posts,
      this.uploads,
    ]) {
      map.clear();
    }
    this.login.clear();
    this.calls = [];
    this.callSeq = 0;
    this.duplicates = 0;
    this.duplicateRejections = 0;
    this.xSequence = 0;
    this.postSeq = 0;
    this.usedIds.clear();
    seedWorld(this);
  }

  now(): number {
    return this.clock.nowMs();
  }

  // ---- ids ---------------------------------------------------------------------------------------------

  private unique(make: () => string): string {
    for (;;) {
      const id = make();
      if (!this.usedIds.has(id)) {
        this.usedIds.add(id);
        return id;
      }
    }
  }

  /** An X snowflake id: milliseconds since X's epoch, shifted, plus a sequence (sorts by time). */
  xId(): string {
    this.xSequence = (this.xSequence + 1) & 0x3fffff;
    const ms = BigInt(Math.max(0, this.now() - 1288834974657));
    return this.unique(() => ((ms << 22n) | BigInt(this.xSequence++ & 0x3fffff)).toString());
  }

  /** A Graph API numeric id. */
  metaId(length = 17): string {
    return this.unique(() => this.rng.digits(length));
  }

  digits(length: number): string {
    return this.unique(() => this.rng.digits(length));
  }

  alnum(length: number): string {
    return this.unique(() => this.rng.chars(length, alnum));
  }

  /** An opaque token value with a recognisable prefix. */
  secret(prefix: string): string {
    return this.unique(() => `${prefix}${this.rng.chars(40, alnum)}`);
  }

  // ---- apps, people, tokens ----------------------------------------------------------------------------

  app(provider: Provider, clientId: string): SimApp | undefined {
    return this.apps.get(`${provider}:${clientId}`);
  }

  addApp(app: SimApp): SimApp {
    this.apps.set(`${app.provider}:${app.clientId}`, app);
    return app;
  }

  issueToken(t: Omit<SimToken, 'value' | 'revoked' | 'issuedAtMs'> & { prefix: string }): SimToken {
    const { prefix, ...rest } = t;
    const token: SimToken = { ...rest, value: this.secret(prefix), revoked: false, issuedAtMs: this.now() };
    this.tokens.set(token.value, token);
    return token;
  }

  /** The token when it exists for this provider, whatever its state. */
  token(provider: Provider, value: string | undefined): SimToken | undefined {
    if (!value) return undefined;
    const t = this.tokens.get(value);
    return t && t.provider === provider ? t : undefined;
  }

  tokenState(t: SimToken | undefined): 'missing' | 'revoked' | 'expired' | 'valid' {
    if (!t) return 'missing';
    if (t.revoked) return 'revoked';
    if (t.expiresAtMs !== null && this.now() >= t.expiresAtMs) return 'expired';
    return 'valid';
  }

  loginChoice(provider: Provider): LoginChoice {
    const choice = this.login.get(provider);
    if (choice) return choice;
    const first = [...this.identities.values()].find((i) => i.provider === provider);
    return { identityId: first?.id ?? '', decision: 'allow', declineScopes: [] };
  }

  accountsManagedBy(identityId: string, platform?: Platform): SimAccount[] {
    return [...this.accounts.values()].filter(
      (a) => a.managers.includes(identityId) && (platform === undefined || a.platform === platform),
    );
  }

  // ---- posts -------------------------------------------------------------------------------------------

  fingerprint(platform: Platform, accountId: string, text: string, media: MediaInfo[]): string {
    return createHash('sha256')
      .update(JSON.stringify([platform, accountId, text.normalize('NFC').trim(), media.map((m) => m.hash)]))
      .digest('hex');
  }

  /** A live post of the account with this fingerprint inside the duplicate window, if any. */
  recentDuplicate(platform: Platform, accountId: string, fingerprint: string): SimPost | undefined {
    const since = this.now() - this.config.duplicateWindowMs;
    for (const p of this.posts.values()) {
      if (
        p.platform === platform &&
        p.accountId === accountId &&
        p.fingerprint === fingerprint &&
        !p.deletedAtMs &&
        p.createdAtMs >= since
      ) {
        return p;
      }
    }
    return undefined;
  }

  /** True when the platform would refuse this content as a duplicate (and counts the refusal). */
  refusesDuplicate(platform: Platform, accountId: string, fingerprint: string): SimPost | undefined {
    if (!this.config.rejectDuplicates[platform]) return undefined;
    const dup = this.recentDuplicate(platform, accountId, fingerprint);
    if (dup) this.duplicateRejections += 1;
    return dup;
  }

  /** Stores a published post, counting it when identical content was already published to the account. */
  addPost(post: SimPost): SimPost {
    this.postSeq += 1;
    post.seq = this.postSeq;
    for (const p of this.posts.values()) {
      if (
        p.platform === post.platform &&
        p.accountId === post.accountId &&
        p.fingerprint === post.fingerprint
      ) {
        post.duplicateOf = p.id;
        this.duplicates += 1;
        break;
      }
    }
    this.posts.set(post.id, post);
    return post;
  }

  /** Live posts of an account, newest first. */
  postsOf(platform: Platform, accountId: string, opts: { includeScheduled?: boolean } = {}): SimPost[] {
    const now = this.now();
    return [...this.posts.values()]
      .filter(
        (p) =>
          p.platform === platform &&
          p.accountId === accountId &&
          !p.deletedAtMs &&
          (opts.includeScheduled || p.publishAtMs <= now),
      )
      .sort((a, b) => b.createdAtMs - a.createdAtMs || b.seq - a.seq);
  }

  // ---- call log ----------------------------------------------------------------------------------------

  logCall(record: Omit<CallRecord, 'seq' | 'at'>): CallRecord {
    this.callSeq += 1;
    const full: CallRecord = { ...record, seq: this.callSeq, at: this.clock.iso() };
    this.calls.push(full);
    if (this.calls.length > this.config.callLogSize)
      this.calls.splice(0, this.calls.length - this.config.callLogSize);
    return full;
  }
}

// ---- the seeded world ----------------------------------------------------------------------------------

export interface NewAccountInput {
  platform: Platform;
  /** Person's display name (the login identity). */
  name?: string;
  /** X handle, Instagram username. */
  username?: string;
  followers?: number;
  timeZone?: string;
  premium?: boolean;
  /** LinkedIn: organizations the member administers. */
  organizations?: Array<{ name: string; followers?: number; timeZone?: string; role?: string }>;
  /** Facebook: pages the person manages, each optionally linked to an Instagram professional account. */
  pages?: Array<{
    name: string;
    followers?: number;
    timeZone?: string;
    instagram?: { username: string; followers?: number };
  }>;
  /** Add to this existing identity instead of creating a person (Facebook pages, LinkedIn organizations). */
  identityId?: string;
}

export interface NewAccountResult {
  identity: SimIdentity;
  accounts: SimAccount[];
}

function splitName(name: string): [string, string] {
  const [given = name, ...rest] = name.split(' ');
  return [given, rest.join(' ')];
}

/** Adds a person and the accounts they manage; see NewAccountInput. */
export function addAccounts(world: SimWorld, input: NewAccountInput): NewAccountResult {
  const provider = providerOf[input.platform];
  const name = input.name ?? 'Sam Sim';
  let identity = input.identityId ? world.identities.get(input.identityId) : undefined;
  if (!identity) {
    const [givenName, familyName] = splitName(name);
    const id = provider === 'x' ? world.xId() : provider === 'linkedin' ? world.alnum(10) : world.metaId(16);
    identity = {
      provider,
      id,
      name,
      givenName,
      familyName,
      email: `${givenName.toLowerCase()}.${id.slice(-4).toLowerCase()}@example.test`,
      ...(provider === 'x' ? { username: input.username ?? `sim_${id.slice(-6)}` } : {}),
    };
    world.identities.set(identity.id, identity);
  }
  const tz = input.timeZone ?? 'UTC';
  const accounts: SimAccount[] = [];
  const add = (a: SimAccount) => {
    world.accounts.set(a.id, a);
    accounts.push(a);
  };
  if (input.platform === 'x') {
    if (!world.accounts.has(identity.id)) {
      add({
        platform: 'x',
        kind: 'x_user',
        id: identity.id,
        name: identity.name,
        username: identity.username ?? `sim_${identity.id.slice(-6)}`,
        followers: input.followers ?? 5000,
        timeZone: tz,
        managers: [identity.id],
        premium: input.premium ?? false,
      });
    }
  } else if (input.platform === 'linkedin') {
    if (!world.accounts.has(identity.id)) {
      add({
        platform: 'linkedin',
        kind: 'linkedin_member',
        id: identity.id,
        name: identity.name,
        followers: input.followers ?? 1500,
        timeZone: tz,
        managers: [identity.id],
        urn: `urn:li:person:${identity.id}`,
      });
    }
    for (const org of input.organizations ?? []) {
      const id = world.digits(8);
      add({
        platform: 'linkedin',
        kind: 'linkedin_organization',
        id,
        name: org.name,
        username: org.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        followers: org.followers ?? 3000,
        timeZone: org.timeZone ?? tz,
        managers: [identity.id],
        urn: `urn:li:organization:${id}`,
        role: org.role ?? 'ADMINISTRATOR',
      });
    }
  } else {
    for (const page of input.pages ?? []) {
      const pageId = world.metaId(15);
      const pageAccount: SimAccount = {
        platform: 'facebook',
        kind: 'facebook_page',
        id: pageId,
        name: page.name,
        followers: page.followers ?? 2000,
        timeZone: page.timeZone ?? tz,
        managers: [identity.id],
      };
      add(pageAccount);
      if (page.instagram) {
        const igId = world.metaId(17);
        pageAccount.linkedId = igId;
        add({
          platform: 'instagram',
          kind: 'instagram_account',
          id: igId,
          name: page.name,
          username: page.instagram.username,
          followers: page.instagram.followers ?? 4000,
          timeZone: page.timeZone ?? tz,
          managers: [identity.id],
          linkedId: pageId,
        });
      }
    }
  }
  return { identity, accounts };
}

/** The people every simulator starts with, one per provider; documented in docs/simulator.md. */
function seedWorld(world: SimWorld): void {
  for (const provider of ['x', 'linkedin', 'meta'] as const) {
    world.addApp({
      provider,
      clientId: `sim-${provider}-client`,
      clientSecret: `sim-${provider}-secret`,
      redirectUris: [],
      refreshTokens: true,
    });
  }
  addAccounts(world, { platform: 'x', name: 'Sim Steel', username: 'simsteel', followers: 5000 });
  addAccounts(world, {
    platform: 'linkedin',
    name: 'Sam Sim',
    followers: 1500,
    organizations: [{ name: 'Sim Steel GmbH', followers: 3000 }],
  });
  addAccounts(world, {
    platform: 'facebook',
    name: 'Sam Sim',
    pages: [
      { name: 'Sim Steel', followers: 2000, instagram: { username: 'simsteel', followers: 4000 } },
      { name: 'Sim Bakery', followers: 800 },
    ],
  });
}
