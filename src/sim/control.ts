import { Hono } from 'hono';
import { z } from 'zod';
import { isPlatform, type Platform, platforms } from '../core/platforms.js';
import type { EngagementCounts } from './engagement.js';
import { type FaultRule, type FaultRuleInput, faultKinds } from './faults.js';
import { json } from './http.js';
import { revokeGrant } from './oauth.js';
import { engagementOf } from './posts.js';
import type { HeldAnswers } from './server.js';
import {
  addAccounts,
  type CallRecord,
  type NewAccountInput,
  type NewAccountResult,
  type Provider,
  providerOf,
  type SimAccount,
  type SimConfig,
  type SimLimits,
  type SimPost,
  type SimWorld,
} from './world.js';

/**
 * The control API tests use: faults, settings, clock, accounts, tokens, inspection and reset. The same
 * object serves the in-process API (`startSimulator().control`) and the HTTP routes under `/__sim`.
 */

export interface PostSummary {
  id: string;
  platform: Platform;
  accountId: string;
  text: string;
  /** As readers see it (LinkedIn little text rendered, X links shortened to t.co). */
  renderedText: string;
  media: Array<{ kind: string; mimeType: string; bytes: number }>;
  link?: string;
  replyToId?: string;
  createdAt: string;
  publishAt: string;
  deleted: boolean;
  duplicateOf?: string;
  permalink: string;
}

export interface AccountSummary {
  platform: Platform;
  kind: SimAccount['kind'];
  id: string;
  name: string;
  username?: string;
  urn?: string;
  linkedId?: string;
  followers: number;
  timeZone: string;
  managers: string[];
  posts: number;
}

export interface SimState {
  now: string;
  seed: number;
  /** Identical content published twice to the same account (creations, not refusals). */
  duplicates: number;
  /** Publish attempts the platforms refused as duplicate content (their own rule, not injected). */
  duplicateRejections: number;
  accounts: AccountSummary[];
  /** Live and deleted posts by `platform:accountId`, newest first. */
  postsByAccount: Record<string, PostSummary[]>;
  identities: Array<{ provider: Provider; id: string; name: string; username?: string }>;
  faults: FaultRule[];
  callCount: number;
  /** The last calls (up to `calls` asked, default 200). */
  calls: CallRecord[];
}

export interface ConfigPatch {
  latencyMs?: number;
  rejectDuplicates?: Partial<Record<Platform, boolean>>;
  duplicateWindowMs?: number;
  processing?: Partial<SimConfig['processing']>;
  mediaFetch?: SimConfig['mediaFetch'];
  linkedinVersions?: { oldest: string; newest: string } | null;
  limits?: Partial<Omit<SimLimits, 'x'>> & { x?: Record<string, { limit: number; windowSec?: number }> };
  callLogSize?: number;
}

export interface MintTokenInput {
  platform: Platform;
  /** The person (X user, LinkedIn member, Meta user); the provider's first person when absent. */
  identityId?: string;
  /** Facebook: a Page token for this page instead of a user token. */
  pageId?: string;
  scopes?: string[];
  /** Lifetime in seconds; null never expires; default the platform's usual lifetime. */
  expiresInSec?: number | null;
  /** X and LinkedIn: also issue a refresh token. */
  withRefreshToken?: boolean;
  /** Meta: issue a long-lived user token. */
  longLived?: boolean;
}

export interface MintedToken {
  access_token: string;
  refresh_token?: string;
  expires_in: number | null;
  identityId: string;
  scopes: string[];
}

const allScopes: Record<Provider, string[]> = {
  x: ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'],
  linkedin: [
    'openid',
    'profile',
    'email',
    'w_member_social',
    'r_member_social',
    'w_organization_social',
    'r_organization_social',
    'rw_organization_admin',
    'r_member_postAnalytics',
  ],
  meta: [
    'public_profile',
    'pages_show_list',
    'pages_read_engagement',
    'pages_manage_posts',
    'pages_read_user_content',
    'read_insights',
    'publish_video',
    'instagram_basic',
    'instagram_content_publish',
    'instagram_manage_insights',
    'business_management',
  ],
};

const defaultLifetimeSec: Record<Provider, number> = { x: 7200, linkedin: 60 * 86_400, meta: 3600 };

function summarizePost(p: SimPost): PostSummary {
  return {
    id: p.id,
    platform: p.platform,
    accountId: p.accountId,
    text: p.text,
    renderedText: p.renderedText,
    media: p.media.map((m) => ({ kind: m.kind, mimeType: m.mimeType, bytes: m.bytes })),
    ...(p.link ? { link: p.link } : {}),
    ...(p.replyToId ? { replyToId: p.replyToId } : {}),
    createdAt: new Date(p.createdAtMs).toISOString(),
    publishAt: new Date(p.publishAtMs).toISOString(),
    deleted: p.deletedAtMs !== undefined,
    ...(p.duplicateOf ? { duplicateOf: p.duplicateOf } : {}),
    permalink: p.permalink,
  };
}

export class SimControl {
  constructor(
    private readonly world: SimWorld,
    private readonly held: HeldAnswers,
    private readonly baseUrl: () => string,
  ) {}

  /** Environment settings that point the app's adapters at this simulator (see docs/simulator.md). */
  env(): Record<string, string> {
    const url = this.baseUrl();
    return {
      X_API_BASE_URL: `${url}/x`,
      X_OAUTH_AUTHORIZE_URL: `${url}/x/i/oauth2/authorize`,
      LINKEDIN_API_BASE_URL: `${url}/linkedin`,
      LINKEDIN_OAUTH_BASE_URL: `${url}/linkedin/oauth/v2`,
      FACEBOOK_GRAPH_BASE_URL: `${url}/meta`,
      FACEBOOK_DIALOG_BASE_URL: `${url}/meta`,
    };
  }

  state(opts: { calls?: number } = {}): SimState {
    const w = this.world;
    const postsByAccount: Record<string, PostSummary[]> = {};
    const sorted = [...w.posts.values()].sort((a, b) => b.createdAtMs - a.createdAtMs || b.seq - a.seq);
    for (const p of sorted) {
      const key = `${p.platform}:${p.accountId}`;
      const list = postsByAccount[key] ?? [];
      list.push(summarizePost(p));
      postsByAccount[key] = list;
    }
    const n = opts.calls ?? 200;
    return {
      now: w.clock.iso(),
      seed: w.seed,
      duplicates: w.duplicates,
      duplicateRejections: w.duplicateRejections,
      accounts: [...w.accounts.values()].map((a) => ({
        platform: a.platform,
        kind: a.kind,
        id: a.id,
        name: a.name,
        ...(a.username ? { username: a.username } : {}),
        ...(a.urn ? { urn: a.urn } : {}),
        ...(a.linkedId ? { linkedId: a.linkedId } : {}),
        followers: a.followers,
        timeZone: a.timeZone,
        managers: a.managers,
        posts: (postsByAccount[`${a.platform}:${a.id}`] ?? []).filter((p) => !p.deleted).length,
      })),
      postsByAccount,
      identities: [...w.identities.values()].map((i) => ({
        provider: i.provider,
        id: i.id,
        name: i.name,
        ...(i.username ? { username: i.username } : {}),
      })),
      faults: w.faults.list(),
      callCount: w.callSeq,
      calls: n > 0 ? w.calls.slice(-n) : [],
    };
  }

  /** Live posts of an account, newest first. */
  posts(platform: Platform, accountId: string): PostSummary[] {
    return this.world.postsOf(platform, accountId, { includeScheduled: true }).map(summarizePost);
  }

  accounts(platform?: Platform): AccountSummary[] {
    return this.state({ calls: 0 }).accounts.filter((a) => platform === undefined || a.platform === platform);
  }

  /** The first seeded account of a platform (handy in tests). */
  account(platform: Platform): AccountSummary {
    const a = this.accounts(platform)[0];
    if (!a) throw new Error(`the simulator has no ${platform} account`);
    return a;
  }

  get duplicates(): number {
    return this.world.duplicates;
  }

  /** Back to the state right after start (seeded world, the start options' latency, no faults, no posts). */
  reset(): void {
    this.held.releaseAll();
    this.world.reset();
    if (this.startPatch) this.configure(this.startPatch);
  }

  private startPatch: ConfigPatch | undefined;

  /** Settings given at start; `reset` restores them. */
  startWith(patch: ConfigPatch): void {
    this.startPatch = patch;
    this.configure(patch);
  }

  addFault(rule: FaultRuleInput): FaultRule {
    return this.world.faults.add(rule);
  }

  removeFault(id: string): boolean {
    return this.world.faults.remove(id);
  }

  clearFaults(): void {
    this.world.faults.clear();
  }

  faults(): FaultRule[] {
    return this.world.faults.list();
  }

  /** Releases answers held by timeout faults (their connections are closed). */
  releaseHeld(): void {
    this.held.releaseAll();
  }

  config(): SimConfig {
    return structuredClone(this.world.config);
  }

  configure(patch: ConfigPatch): SimConfig {
    const c = this.world.config;
    if (patch.latencyMs !== undefined) c.latencyMs = Math.max(0, patch.latencyMs);
    if (patch.rejectDuplicates) Object.assign(c.rejectDuplicates, patch.rejectDuplicates);
    if (patch.duplicateWindowMs !== undefined) c.duplicateWindowMs = patch.duplicateWindowMs;
    if (patch.processing) Object.assign(c.processing, patch.processing);
    if (patch.mediaFetch) c.mediaFetch = patch.mediaFetch;
    if (patch.linkedinVersions === null) delete c.linkedinVersions;
    else if (patch.linkedinVersions) c.linkedinVersions = patch.linkedinVersions;
    if (patch.callLogSize !== undefined) c.callLogSize = patch.callLogSize;
    if (patch.limits) {
      const { x, ...rest } = patch.limits;
      Object.assign(c.limits, rest);
      for (const [endpoint, l] of Object.entries(x ?? {})) {
        c.limits.x[endpoint] = {
          limit: l.limit,
          windowSec: l.windowSec ?? c.limits.x[endpoint]?.windowSec ?? 900,
        };
      }
    }
    return this.config();
  }

  now(): string {
    return this.world.clock.iso();
  }

  advanceClock(ms: number): string {
    this.world.clock.advance(ms);
    return this.now();
  }

  setClock(to: string | number, frozen = false): string {
    const ms = typeof to === 'number' ? to : Date.parse(to);
    if (Number.isNaN(ms)) throw new Error(`not a time: ${to}`);
    this.world.clock.set(ms, frozen);
    return this.now();
  }

  addAccount(input: NewAccountInput): NewAccountResult {
    return addAccounts(this.world, input);
  }

  /** Changes an account's audience (followers, time zone) or X Premium status; future metrics follow. */
  updateAccount(
    id: string,
    patch: { followers?: number; timeZone?: string; premium?: boolean },
  ): AccountSummary {
    const account = this.world.accounts.get(id);
    if (!account) throw new Error(`no account ${id}`);
    if (patch.followers !== undefined) account.followers = Math.max(0, Math.round(patch.followers));
    if (patch.timeZone !== undefined) account.timeZone = patch.timeZone;
    if (patch.premium !== undefined) account.premium = patch.premium;
    const summary = this.accounts().find((a) => a.id === id);
    if (!summary) throw new Error(`no account ${id}`);
    return summary;
  }

  /**
   * What the engagement model gives a post at `at` (default now): the numbers behind every platform's
   * metrics endpoints, for analytics tests that need expected values.
   */
  engagement(postId: string, at?: string | number): EngagementCounts {
    const post = this.world.posts.get(postId);
    if (!post) throw new Error(`no post ${postId}`);
    const ms = at === undefined ? this.world.now() : typeof at === 'number' ? at : Date.parse(at);
    return engagementOf(this.world, post, ms);
  }

  /** Who logs in on the next authorize request of a platform's provider, and whether they consent. */
  setLogin(
    platform: Platform,
    choice: { identityId?: string; decision?: 'allow' | 'deny'; declineScopes?: string[] },
  ): void {
    const provider = providerOf[platform];
    const current = this.world.loginChoice(provider);
    this.world.login.set(provider, {
      identityId: choice.identityId ?? current.identityId,
      decision: choice.decision ?? 'allow',
      declineScopes: choice.declineScopes ?? [],
    });
  }

  registerApp(input: {
    platform: Platform;
    clientId: string;
    clientSecret: string;
    redirectUris?: string[];
    refreshTokens?: boolean;
  }): void {
    this.world.addApp({
      provider: providerOf[input.platform],
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      redirectUris: input.redirectUris ?? [],
      refreshTokens: input.refreshTokens ?? true,
    });
  }

  /** A token as if a person had connected, without the browser dance (for `accounts.connect_token` tests). */
  mintToken(input: MintTokenInput): MintedToken {
    const w = this.world;
    const provider = providerOf[input.platform];
    const identityId =
      input.identityId ?? [...w.identities.values()].find((i) => i.provider === provider)?.id;
    if (!identityId || w.identities.get(identityId)?.provider !== provider)
      throw new Error(`no ${provider} person ${input.identityId ?? ''}`);
    const scopes = input.scopes ?? allScopes[provider];
    const clientId = `sim-${provider}-client`;
    const grantId = w.secret('grant-');
    let lifetime = input.expiresInSec === undefined ? defaultLifetimeSec[provider] : input.expiresInSec;
    if (provider === 'meta' && input.longLived && input.expiresInSec === undefined) lifetime = 5_183_944;
    if (input.pageId) {
      const page = w.accounts.get(input.pageId);
      if (page?.platform !== 'facebook' || !page.managers.includes(identityId))
        throw new Error(`person ${identityId} does not manage page ${input.pageId}`);
      const t = w.issueToken({
        prefix: 'EAAP',
        provider,
        kind: 'page',
        identityId,
        accountId: page.id,
        clientId,
        scopes,
        expiresAtMs: lifetime === null ? null : w.now() + lifetime * 1000,
        grantId,
      });
      return { access_token: t.value, expires_in: lifetime, identityId, scopes };
    }
    const prefix = provider === 'x' ? 'x-at-' : provider === 'linkedin' ? 'AQV' : 'EAAU';
    const t = w.issueToken({
      prefix,
      provider,
      kind: 'user',
      identityId,
      clientId,
      scopes,
      expiresAtMs: lifetime === null ? null : w.now() + lifetime * 1000,
      grantId,
      ...(provider === 'meta' && input.longLived ? { longLived: true } : {}),
    });
    const out: MintedToken = { access_token: t.value, expires_in: lifetime, identityId, scopes };
    if (input.withRefreshToken && provider !== 'meta') {
      const r = w.issueToken({
        prefix: provider === 'x' ? 'x-rt-' : 'AQX',
        provider,
        kind: 'refresh',
        identityId,
        clientId,
        scopes,
        expiresAtMs: provider === 'linkedin' ? w.now() + 365 * 86_400_000 : null,
        grantId,
        ...(provider === 'linkedin' ? { firstAuthAtMs: w.now() } : {}),
      });
      out.refresh_token = r.value;
    }
    return out;
  }

  /** Makes a token expire now (an access token: the platform's "expired token" answers follow). */
  expireToken(value: string): boolean {
    const t = this.world.tokens.get(value);
    if (!t) return false;
    t.expiresAtMs = this.world.now();
    return true;
  }

  /** Revokes a token and its grant (as when the person removes the app). */
  revokeToken(value: string): boolean {
    const t = this.world.tokens.get(value);
    if (!t) return false;
    revokeGrant(this.world, t.grantId);
    return true;
  }

  /** Tokens the platform still honours for a person (inspection: did disconnect revoke?). */
  liveTokens(
    platform: Platform,
    identityId?: string,
  ): Array<{ kind: string; expiresAt: string | null; scopes: string[] }> {
    const provider = providerOf[platform];
    return [...this.world.tokens.values()]
      .filter(
        (t) =>
          t.provider === provider &&
          (!identityId || t.identityId === identityId) &&
          this.world.tokenState(t) === 'valid',
      )
      .map((t) => ({
        kind: t.kind,
        expiresAt: t.expiresAtMs === null ? null : new Date(t.expiresAtMs).toISOString(),
        scopes: t.scopes,
      }));
  }

  calls(filter: { platform?: Platform; method?: string; path?: string } = {}): CallRecord[] {
    return this.world.calls.filter(
      (c) =>
        (!filter.platform || c.platform === filter.platform) &&
        (!filter.method || c.method === filter.method.toUpperCase()) &&
        (!filter.path || c.path.includes(filter.path)),
    );
  }
}

// ---- HTTP -------------------------------------------------------------------------------------------------

const platformSchema = z
  .string()
  .refine(isPlatform, { message: `one of ${platforms.join(', ')}` }) as unknown as z.ZodType<Platform>;

const faultSchema = z.object({
  kind: z.enum(faultKinds),
  platform: z.union([platformSchema, z.array(platformSchema)]).optional(),
  method: z.string().optional(),
  path: z.string().optional(),
  probability: z.number().min(0).max(1).optional(),
  count: z.number().int().min(0).optional(),
  skip: z.number().int().min(0).optional(),
  seed: z.number().int().optional(),
  status: z.number().int().min(500).max(599).optional(),
  delayMs: z.number().min(0).optional(),
  holdMs: z.number().min(0).optional(),
  lostMode: z.enum(['drop', 'error', 'hold']).optional(),
});

const configSchema = z.object({
  latencyMs: z.number().min(0).optional(),
  rejectDuplicates: z.record(z.string(), z.boolean()).optional(),
  duplicateWindowMs: z.number().min(0).optional(),
  processing: z
    .object({ polls: z.number().int().min(0).optional(), ms: z.number().min(0).optional() })
    .optional(),
  mediaFetch: z.enum(['loopback', 'never']).optional(),
  linkedinVersions: z
    .object({ oldest: z.string().regex(/^\d{6}$/), newest: z.string().regex(/^\d{6}$/) })
    .nullable()
    .optional(),
  limits: z.record(z.string(), z.unknown()).optional(),
  callLogSize: z.number().int().min(0).optional(),
});

const accountSchema = z.object({
  platform: platformSchema,
  name: z.string().optional(),
  username: z.string().optional(),
  followers: z.number().int().min(0).optional(),
  timeZone: z.string().optional(),
  premium: z.boolean().optional(),
  identityId: z.string().optional(),
  organizations: z
    .array(
      z.object({
        name: z.string(),
        followers: z.number().int().min(0).optional(),
        timeZone: z.string().optional(),
        role: z.string().optional(),
      }),
    )
    .optional(),
  pages: z
    .array(
      z.object({
        name: z.string(),
        followers: z.number().int().min(0).optional(),
        timeZone: z.string().optional(),
        instagram: z
          .object({ username: z.string(), followers: z.number().int().min(0).optional() })
          .optional(),
      }),
    )
    .optional(),
});

const tokenSchema = z.object({
  platform: platformSchema,
  identityId: z.string().optional(),
  pageId: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  expiresInSec: z.number().nullable().optional(),
  withRefreshToken: z.boolean().optional(),
  longLived: z.boolean().optional(),
});

async function body<T>(req: Request, schema: z.ZodType<T>): Promise<T | Response> {
  let raw: unknown;
  try {
    const text = await req.text();
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return json({ error: 'bad_request', message: 'the body must be JSON' }, 400);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return json({ error: 'bad_request', message: z.prettifyError(parsed.error) }, 400);
  return parsed.data;
}

export function controlRoutes(control: SimControl): Hono {
  const app = new Hono();
  app.get('/state', (c) => json(control.state({ calls: Number(c.req.query('calls') ?? 200) })));
  app.get('/env', () => json(control.env()));
  app.post('/reset', () => {
    control.reset();
    return json({ reset: true });
  });
  app.get('/faults', () => json({ faults: control.faults() }));
  app.post('/faults', async (c) => {
    const input = await body(c.req.raw, z.union([faultSchema, z.object({ rules: z.array(faultSchema) })]));
    if (input instanceof Response) return input;
    const rules = 'rules' in input ? input.rules : [input];
    return json({ faults: rules.map((r) => control.addFault(r as FaultRuleInput)) }, 201);
  });
  app.delete('/faults', () => {
    control.clearFaults();
    return json({ cleared: true });
  });
  app.delete('/faults/:id', (c) =>
    control.removeFault(c.req.param('id')) ? json({ removed: true }) : json({ error: 'not_found' }, 404),
  );
  app.post('/release', () => {
    control.releaseHeld();
    return json({ released: true });
  });
  app.get('/config', () => json(control.config()));
  app.post('/config', async (c) => {
    const input = await body(c.req.raw, configSchema);
    if (input instanceof Response) return input;
    return json(control.configure(input as ConfigPatch));
  });
  app.post('/clock', async (c) => {
    const input = await body(
      c.req.raw,
      z.object({
        advanceMs: z.number().optional(),
        set: z.union([z.string(), z.number()]).optional(),
        frozen: z.boolean().optional(),
      }),
    );
    if (input instanceof Response) return input;
    if (input.set !== undefined) control.setClock(input.set, input.frozen ?? false);
    if (input.advanceMs !== undefined) control.advanceClock(input.advanceMs);
    return json({ now: control.now() });
  });
  app.post('/accounts', async (c) => {
    const input = await body(c.req.raw, accountSchema);
    if (input instanceof Response) return input;
    return json(control.addAccount(input as NewAccountInput), 201);
  });
  app.patch('/accounts/:id', async (c) => {
    const input = await body(
      c.req.raw,
      z.object({
        followers: z.number().int().min(0).optional(),
        timeZone: z.string().optional(),
        premium: z.boolean().optional(),
      }),
    );
    if (input instanceof Response) return input;
    try {
      return json(control.updateAccount(c.req.param('id'), input));
    } catch (error) {
      return json({ error: 'not_found', message: (error as Error).message }, 404);
    }
  });
  app.get('/posts/:id/engagement', (c) => {
    try {
      return json(control.engagement(c.req.param('id'), c.req.query('at')));
    } catch (error) {
      return json({ error: 'not_found', message: (error as Error).message }, 404);
    }
  });
  app.post('/login', async (c) => {
    const input = await body(
      c.req.raw,
      z.object({
        platform: platformSchema,
        identityId: z.string().optional(),
        decision: z.enum(['allow', 'deny']).optional(),
        declineScopes: z.array(z.string()).optional(),
      }),
    );
    if (input instanceof Response) return input;
    const { platform, ...choice } = input;
    control.setLogin(platform, choice);
    return json({ ok: true });
  });
  app.post('/apps', async (c) => {
    const input = await body(
      c.req.raw,
      z.object({
        platform: platformSchema,
        clientId: z.string().min(1),
        clientSecret: z.string().min(1),
        redirectUris: z.array(z.string()).optional(),
        refreshTokens: z.boolean().optional(),
      }),
    );
    if (input instanceof Response) return input;
    control.registerApp(input);
    return json({ ok: true }, 201);
  });
  app.post('/tokens', async (c) => {
    const input = await body(c.req.raw, tokenSchema);
    if (input instanceof Response) return input;
    try {
      return json(control.mintToken(input as MintTokenInput), 201);
    } catch (error) {
      return json({ error: 'bad_request', message: (error as Error).message }, 400);
    }
  });
  app.post('/tokens/expire', async (c) => {
    const input = await body(c.req.raw, z.object({ token: z.string() }));
    if (input instanceof Response) return input;
    return control.expireToken(input.token) ? json({ expired: true }) : json({ error: 'not_found' }, 404);
  });
  app.post('/tokens/revoke', async (c) => {
    const input = await body(c.req.raw, z.object({ token: z.string() }));
    if (input instanceof Response) return input;
    return control.revokeToken(input.token) ? json({ revoked: true }) : json({ error: 'not_found' }, 404);
  });
  app.get('/calls', (c) => {
    const p = c.req.query('platform');
    return json({
      calls: control.calls({
        ...(p && isPlatform(p) ? { platform: p } : {}),
        ...(c.req.query('method') ? { method: c.req.query('method') as string } : {}),
        ...(c.req.query('path') ? { path: c.req.query('path') as string } : {}),
      }),
    });
  });
  return app;
}
