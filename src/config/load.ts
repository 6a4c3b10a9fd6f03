import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { LogLevel } from '../core/logger.js';
import { ConfigError } from './errors.js';
import { decodeKey, type VariableName, variables } from './variables.js';

export type DatabaseDialect = 'sqlite' | 'postgres';

export interface OpenAICompatibleServer {
  name: string;
  baseUrl: string;
  apiKey?: string;
  /** The server accepts JSON-schema response formats (default true: Ollama, vLLM, LM Studio do). */
  structuredOutputs?: boolean;
}

export interface ModelPrice {
  /** USD per million input tokens. */
  input: number;
  /** USD per million output tokens. */
  output: number;
}

export interface Config {
  dataDir: string;
  database: { url: string; dialect: DatabaseDialect; sqlitePath?: string; poolMax: number; appRole: string };
  redisUrl?: string;
  /** Start and stop of a server process: waiting for Redis at start, the shutdown grace period. */
  lifecycle: { redisStartWaitMs: number; shutdownGraceMs: number };
  /** What start does with a DATA_DIR that group or others may enter. */
  dataDirPermissions: 'warn' | 'refuse';
  server: {
    host: string;
    port: number;
    publicUrl: string;
    corsOrigins: string[];
    bodyLimitBytes: number;
    trustProxy: boolean;
    webDistDir?: string;
  };
  logLevel: LogLevel;
  security: {
    masterKey?: Buffer;
    masterKeyFile: string;
    previousMasterKeys?: Buffer[];
    operatorApiKey?: string;
    /** The local operator key of this server run (DATA_DIR/server.json); set at start, never configured. */
    localOperatorKey?: string;
  };
  fetch: { allowHosts: string[]; timeoutMs: number; maxBytes: number; userAgent: string };
  jobs: { concurrency: number; leaseMs: number; pollMs: number };
  rateLimits: Record<'content' | 'publishing' | 'analytics' | 'knowledge' | 'admin', number>;
  ai: {
    model: string;
    taskModels: { extraction?: string; generation?: string; judge?: string };
    fallbackModels: string[];
    embeddingModel: string;
    timeoutMs: number;
    maxRetries: number;
    /** Consecutive failures that open a provider's circuit breaker. */
    circuitFailures: number;
    /** Milliseconds an open circuit waits before letting one probe through. */
    circuitCooldownMs: number;
    monthlyBudgetUsd?: number;
    prices: Record<string, ModelPrice>;
    keys: { openai?: string; anthropic?: string; google?: string };
    baseUrls: { openai?: string; anthropic?: string; google?: string };
    openaiCompatible: OpenAICompatibleServer[];
  };
  media: {
    storage: 'local' | 's3';
    dir: string;
    maxUploadBytes: number;
    s3?: {
      endpoint: string;
      bucket: string;
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
      forcePathStyle: boolean;
      prefix: string;
    };
    imageModel: string;
  };
  knowledge: {
    crawlConcurrency: number;
    hostDelayMs: number;
    maxPages: number;
    searchCacheTtlMs: number;
    firecrawlApiKey?: string;
    jinaApiKey?: string;
  };
  publishing: PublishingConfig;
}

export interface OAuthAppConfig {
  clientId?: string;
  clientSecret?: string;
}

export interface PublishingConfig {
  endpoints: {
    x: { apiBaseUrl: string; authorizeUrl: string };
    linkedin: { apiBaseUrl: string; oauthBaseUrl: string; version: string; scopes: string[] };
    facebook: { graphBaseUrl: string; graphVersion: string; dialogBaseUrl: string };
  };
  apps: { x: OAuthAppConfig; linkedin: OAuthAppConfig; facebook: OAuthAppConfig };
  redirectUrl: string;
  concurrency: number;
  dailyCaps: Record<'linkedin' | 'x' | 'facebook' | 'instagram', number>;
  maxAttempts: number;
  retryBaseMs: number;
  reconcileDelayMs: number;
  requestTimeoutMs: number;
  mediaPollMs: number;
  mediaTimeoutMs: number;
  mediaMaxBytes: number;
}

export { ConfigError };

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  /** Path of a JSON file whose keys are variable names; defaults to `CONFIG_FILE` or ./dify-agent.config.json. */
  configFile?: string;
  cwd?: string;
}

type Parsed = { [K in VariableName]: z.output<(typeof variables)[K]['schema']> | undefined };

function readConfigFile(file: string): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError('CONFIG_FILE', `${file} is not valid JSON (${(error as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError('CONFIG_FILE', `${file} must hold one JSON object of settings`);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in variables)) throw new ConfigError(key, `unknown setting in ${file}`);
    if (value === null || value === undefined) continue;
    out[key] =
      typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

function parseJson<T>(name: string, text: string | undefined, check: (v: unknown) => v is T): T | undefined {
  if (text === undefined || text === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError(name, 'is not valid JSON');
  }
  if (!check(value)) throw new ConfigError(name, 'does not have the documented shape');
  return value;
}

const isPrices = (v: unknown): v is Record<string, ModelPrice> =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  Object.values(v).every(
    (p) =>
      p !== null &&
      typeof p === 'object' &&
      typeof (p as ModelPrice).input === 'number' &&
      typeof (p as ModelPrice).output === 'number',
  );

const isServers = (v: unknown): v is OpenAICompatibleServer[] =>
  Array.isArray(v) &&
  v.every(
    (s) =>
      s !== null &&
      typeof s === 'object' &&
      typeof (s as OpenAICompatibleServer).name === 'string' &&
      /^[a-z0-9-]+$/.test((s as OpenAICompatibleServer).name) &&
      typeof (s as OpenAICompatibleServer).baseUrl === 'string' &&
      ['string', 'undefined'].includes(typeof (s as OpenAICompatibleServer).apiKey) &&
      ['boolean', 'undefined'].includes(typeof (s as OpenAICompatibleServer).structuredOutputs),
  );

function mediaConfig(v: Parsed, expand: (s: string) => string, cwd: string): Config['media'] {
  const storage = v.MEDIA_STORAGE as 'local' | 's3';
  const base = {
    storage,
    dir: path.resolve(cwd, expand(v.MEDIA_DIR as string)),
    maxUploadBytes: v.MEDIA_MAX_UPLOAD_BYTES as number,
    imageModel: v.IMAGE_MODEL as string,
  };
  if (storage !== 's3') return base;
  for (const name of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
    if (!v[name]) throw new ConfigError(name, 'is required when MEDIA_STORAGE=s3');
  }
  return {
    ...base,
    s3: {
      endpoint: (v.S3_ENDPOINT as string).replace(/\/$/, ''),
      bucket: v.S3_BUCKET as string,
      region: v.S3_REGION as string,
      accessKeyId: v.S3_ACCESS_KEY_ID as string,
      secretAccessKey: v.S3_SECRET_ACCESS_KEY as string,
      forcePathStyle: v.S3_FORCE_PATH_STYLE as boolean,
      prefix: v.S3_PREFIX as string,
    },
  };
}

/** Reads and checks the whole configuration. Throws `ConfigError` naming the first bad setting. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const fileName = options.configFile ?? env.CONFIG_FILE ?? path.join(cwd, 'dify-agent.config.json');
  const fromFile = existsSync(fileName) ? readConfigFile(fileName) : {};
  if (env.CONFIG_FILE && !existsSync(env.CONFIG_FILE)) {
    throw new ConfigError('CONFIG_FILE', `${env.CONFIG_FILE} does not exist`);
  }

  const parsed = {} as Record<string, unknown>;
  for (const [name, spec] of Object.entries(variables)) {
    const given = env[name] ?? fromFile[name];
    const raw = given === undefined || given === '' ? spec.default : given;
    if (raw === undefined) {
      parsed[name] = undefined;
      continue;
    }
    const result = (spec.schema as z.ZodType).safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      const shown = spec.secret ? '' : ` (got "${raw}")`;
      throw new ConfigError(name, `${issue?.message ?? 'invalid value'}${shown}`);
    }
    parsed[name] = result.data;
  }
  const v = parsed as Parsed;

  const dataDir = path.resolve(cwd, v.DATA_DIR as string);
  const expand = (s: string) => s.replace(/\$DATA_DIR/g, dataDir);
  const databaseUrl = expand(v.DATABASE_URL as string);
  const dialect: DatabaseDialect = /^postgres(ql)?:\/\//i.test(databaseUrl) ? 'postgres' : 'sqlite';
  const sqlitePath =
    dialect === 'sqlite' ? path.resolve(cwd, databaseUrl.replace(/^(sqlite|file):(\/\/)?/i, '')) : undefined;
  const host = v.HOST as string;
  const port = v.PORT as number;
  const publicUrl = (v.PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(
    /\/$/,
    '',
  );

  return {
    dataDir,
    database: {
      url: databaseUrl,
      dialect,
      ...(sqlitePath ? { sqlitePath } : {}),
      poolMax: v.DATABASE_POOL_MAX as number,
      appRole: v.DATABASE_APP_ROLE as string,
    },
    ...(v.REDIS_URL ? { redisUrl: v.REDIS_URL } : {}),
    lifecycle: {
      redisStartWaitMs: v.REDIS_START_WAIT_MS as number,
      shutdownGraceMs: v.SHUTDOWN_GRACE_MS as number,
    },
    dataDirPermissions: v.DATA_DIR_PERMISSIONS as 'warn' | 'refuse',
    server: {
      host,
      port,
      publicUrl,
      corsOrigins: v.CORS_ORIGINS ?? [],
      bodyLimitBytes: v.BODY_LIMIT_BYTES as number,
      trustProxy: v.TRUST_PROXY ?? false,
      ...(v.WEB_DIST_DIR ? { webDistDir: path.resolve(cwd, v.WEB_DIST_DIR) } : {}),
    },
    logLevel: v.LOG_LEVEL as LogLevel,
    security: {
      ...(v.MASTER_KEY ? { masterKey: decodeKey(v.MASTER_KEY) as Buffer } : {}),
      masterKeyFile: path.resolve(cwd, expand(v.MASTER_KEY_FILE as string)),
      ...(v.MASTER_KEY_PREVIOUS?.length ? { previousMasterKeys: v.MASTER_KEY_PREVIOUS } : {}),
      ...(v.OPERATOR_API_KEY ? { operatorApiKey: v.OPERATOR_API_KEY } : {}),
    },
    fetch: {
      allowHosts: v.FETCH_ALLOW_HOSTS ?? [],
      timeoutMs: v.FETCH_TIMEOUT_MS as number,
      maxBytes: v.FETCH_MAX_BYTES as number,
      userAgent: v.FETCH_USER_AGENT as string,
    },
    jobs: {
      concurrency: v.WORKER_CONCURRENCY as number,
      leaseMs: v.JOB_LEASE_MS as number,
      pollMs: v.JOB_POLL_MS as number,
    },
    rateLimits: {
      content: v.RATE_LIMIT_CONTENT as number,
      publishing: v.RATE_LIMIT_PUBLISHING as number,
      analytics: v.RATE_LIMIT_ANALYTICS as number,
      knowledge: v.RATE_LIMIT_KNOWLEDGE as number,
      admin: v.RATE_LIMIT_ADMIN as number,
    },
    ai: {
      model: v.AI_MODEL as string,
      taskModels: {
        ...(v.AI_MODEL_EXTRACTION ? { extraction: v.AI_MODEL_EXTRACTION } : {}),
        ...(v.AI_MODEL_GENERATION ? { generation: v.AI_MODEL_GENERATION } : {}),
        ...(v.AI_MODEL_JUDGE ? { judge: v.AI_MODEL_JUDGE } : {}),
      },
      fallbackModels: v.AI_FALLBACK_MODELS ?? [],
      embeddingModel: v.EMBEDDING_MODEL as string,
      timeoutMs: v.AI_TIMEOUT_MS as number,
      maxRetries: v.AI_MAX_RETRIES as number,
      circuitFailures: v.AI_CIRCUIT_FAILURES as number,
      circuitCooldownMs: v.AI_CIRCUIT_COOLDOWN_MS as number,
      ...(v.AI_MONTHLY_BUDGET_USD !== undefined ? { monthlyBudgetUsd: v.AI_MONTHLY_BUDGET_USD } : {}),
      prices: parseJson('AI_PRICES', v.AI_PRICES, isPrices) ?? {},
      keys: {
        ...(v.OPENAI_API_KEY ? { openai: v.OPENAI_API_KEY } : {}),
        ...(v.ANTHROPIC_API_KEY ? { anthropic: v.ANTHROPIC_API_KEY } : {}),
        ...(v.GOOGLE_GENERATIVE_AI_API_KEY ? { google: v.GOOGLE_GENERATIVE_AI_API_KEY } : {}),
      },
      baseUrls: {
        ...(v.OPENAI_BASE_URL ? { openai: v.OPENAI_BASE_URL } : {}),
        ...(v.ANTHROPIC_BASE_URL ? { anthropic: v.ANTHROPIC_BASE_URL } : {}),
        ...(v.GOOGLE_BASE_URL ? { google: v.GOOGLE_BASE_URL } : {}),
      },
      openaiCompatible: parseJson('OPENAI_COMPATIBLE', v.OPENAI_COMPATIBLE, isServers) ?? [],
    },
    media: mediaConfig(v, expand, cwd),
    knowledge: {
      crawlConcurrency: v.CRAWL_CONCURRENCY as number,
      hostDelayMs: v.CRAWL_HOST_DELAY_MS as number,
      maxPages: v.CRAWL_MAX_PAGES as number,
      searchCacheTtlMs: v.SEARCH_CACHE_TTL_MS as number,
      ...(v.FIRECRAWL_API_KEY ? { firecrawlApiKey: v.FIRECRAWL_API_KEY } : {}),
      ...(v.JINA_API_KEY ? { jinaApiKey: v.JINA_API_KEY } : {}),
    },
    publishing: publishingConfig(v, publicUrl),
  };
}

function app(clientId: string | undefined, clientSecret: string | undefined): OAuthAppConfig {
  return { ...(clientId ? { clientId } : {}), ...(clientSecret ? { clientSecret } : {}) };
}

function publishingConfig(v: Parsed, publicUrl: string): PublishingConfig {
  const caps = { linkedin: 100, x: 100, facebook: 100, instagram: 50 };
  for (const pair of (v.PUBLISHING_DAILY_CAPS as string).split(',')) {
    const [platform, n] = pair.split('=') as [keyof typeof caps, string];
    caps[platform] = Number(n);
  }
  return {
    endpoints: {
      x: { apiBaseUrl: v.X_API_BASE_URL as string, authorizeUrl: v.X_OAUTH_AUTHORIZE_URL as string },
      linkedin: {
        apiBaseUrl: v.LINKEDIN_API_BASE_URL as string,
        oauthBaseUrl: v.LINKEDIN_OAUTH_BASE_URL as string,
        version: v.LINKEDIN_VERSION as string,
        scopes: v.LINKEDIN_SCOPES as string[],
      },
      facebook: {
        graphBaseUrl: v.FACEBOOK_GRAPH_BASE_URL as string,
        graphVersion: v.FACEBOOK_GRAPH_VERSION as string,
        dialogBaseUrl: v.FACEBOOK_DIALOG_BASE_URL as string,
      },
    },
    apps: {
      x: app(v.X_CLIENT_ID, v.X_CLIENT_SECRET),
      linkedin: app(v.LINKEDIN_CLIENT_ID, v.LINKEDIN_CLIENT_SECRET),
      facebook: app(v.FACEBOOK_APP_ID, v.FACEBOOK_APP_SECRET),
    },
    redirectUrl: v.PUBLISHING_REDIRECT_URL ?? `${publicUrl}/connect/callback`,
    concurrency: v.PUBLISHING_CONCURRENCY as number,
    dailyCaps: caps,
    maxAttempts: v.PUBLISHING_MAX_ATTEMPTS as number,
    retryBaseMs: v.PUBLISHING_RETRY_BASE_MS as number,
    reconcileDelayMs: v.PUBLISHING_RECONCILE_DELAY_MS as number,
    requestTimeoutMs: v.PUBLISHING_REQUEST_TIMEOUT_MS as number,
    mediaPollMs: v.PUBLISHING_MEDIA_POLL_MS as number,
    mediaTimeoutMs: v.PUBLISHING_MEDIA_TIMEOUT_MS as number,
    mediaMaxBytes: v.PUBLISHING_MEDIA_MAX_BYTES as number,
  };
}
