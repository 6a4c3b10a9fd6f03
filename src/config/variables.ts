import { z } from 'zod';
import { allowEntryProblem } from '../core/net/allow-list.js';
import { DEFAULT_DATA_DIR } from './data-dir.js';

/**
 * Every setting the product reads, declared once: the name (an environment variable, and the key in
 * `dify-agent.config.json`), how it is checked, its default and what it does. The README's
 * configuration table is generated from this list (`npm run docs:config`) and a test keeps them equal.
 */
export interface Variable<T> {
  schema: z.ZodType<T>;
  /** Default as written in docs; `undefined` means "not set". */
  default: string | undefined;
  description: string;
  secret?: boolean;
}

function variable<T>(
  schema: z.ZodType<T>,
  def: string | undefined,
  description: string,
  secret = false,
): Variable<T> {
  return { schema, default: def, description, secret };
}

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, { message: `expected a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, { message: `must be at least ${min}` })
        .max(max, { message: `must be at most ${max}` }),
    );

const decimal = (min: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, { message: 'expected a number such as 10 or 2.5' })
    .transform(Number)
    .pipe(z.number().min(min));

const boolean = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(v), {
    message: 'expected true or false',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

const databaseUrl = z
  .string()
  .trim()
  .min(1)
  .refine((v) => /^(sqlite:|file:|postgres:\/\/|postgresql:\/\/)/i.test(v), {
    message: 'unsupported database; use sqlite:<file> or postgres://user@host:5432/db',
  });

const httpUrl = z
  .string()
  .trim()
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    },
    { message: 'expected an http(s) URL' },
  );

const redisUrl = z
  .string()
  .trim()
  .refine((v) => /^rediss?:\/\//i.test(v), { message: 'expected redis://host:6379 or rediss://…' });

const modelRef = z
  .string()
  .trim()
  .regex(/^(local|[a-z][a-z0-9-]*:.+)$/, {
    message:
      'expected "local" or provider:model, e.g. openai:gpt-4o-mini or openai-compatible:ollama:llama3.1',
  });

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const variables = {
  DATA_DIR: variable(
    z.string().trim().min(1),
    DEFAULT_DATA_DIR,
    'Directory for the SQLite database, the key file and media.',
  ),
  DATA_DIR_PERMISSIONS: variable(
    z.enum(['warn', 'refuse']),
    'warn',
    'What start does when DATA_DIR already exists and group or others may enter it: `warn` (log how to fix it) or `refuse` (exit). Files it creates are 0600 and directories 0700 either way.',
  ),
  DATABASE_URL: variable(
    databaseUrl,
    'sqlite:$DATA_DIR/dify-agent.db',
    'Database: `sqlite:<file>` or `postgres://user:pass@host:5432/db`.',
    true,
  ),
  DATABASE_POOL_MAX: variable(integer(1, 200), '10', 'PostgreSQL connection pool size per process.'),
  DATABASE_APP_ROLE: variable(
    z
      .string()
      .trim()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/),
    'dify_agent_app',
    'PostgreSQL role the app switches to when it connects as a superuser, so row-level security applies.',
  ),
  REDIS_URL: variable(
    redisUrl,
    undefined,
    'When set, jobs run on BullMQ and rate limits and locks are shared through Redis.',
    true,
  ),
  REDIS_START_WAIT_MS: variable(
    integer(0, 86_400_000),
    '0',
    'How long start waits for an unreachable REDIS_URL before giving up; 0 exits at once with one line, as a bad DATABASE_URL does.',
  ),
  SHUTDOWN_GRACE_MS: variable(
    integer(0, 3_600_000),
    '10000',
    'On SIGTERM or SIGINT: time to finish requests and jobs in flight; then the process exits whatever is left, an unreachable Redis included.',
  ),
  HOST: variable(z.string().trim().min(1), '127.0.0.1', 'Interface the HTTP server listens on.'),
  PORT: variable(integer(0, 65535), '3000', 'HTTP port (0 picks a free one and logs it).'),
  PUBLIC_URL: variable(
    httpUrl,
    undefined,
    'Absolute URL clients use to reach this server (OpenAPI `servers[0].url`); defaults to http://HOST:PORT.',
  ),
  CORS_ORIGINS: variable(list, '', 'Comma-separated origins allowed by CORS; empty allows none.'),
  BODY_LIMIT_BYTES: variable(integer(1024, 100 * 1024 * 1024), '1048576', 'Largest accepted request body.'),
  LOG_LEVEL: variable(z.enum(logLevels), 'info', 'fatal, error, warn, info, debug, trace or silent.'),
  MASTER_KEY: variable(
    z
      .string()
      .trim()
      .refine((v) => decodeKey(v) !== undefined, {
        message: 'expected 32 bytes as 64 hex characters or base64',
      }),
    undefined,
    'Master key (32 bytes, hex or base64) that wraps per-tenant data keys; without it a key file is created in DATA_DIR.',
    true,
  ),
  MASTER_KEY_FILE: variable(
    z.string().trim().min(1),
    '$DATA_DIR/master.key',
    'Key file used (and created with mode 0600) when MASTER_KEY is not set.',
  ),
  MASTER_KEY_PREVIOUS: variable(
    list
      .superRefine((keys, ctx) => {
        keys.forEach((key, i) => {
          if (!decodeKey(key))
            ctx.addIssue({
              code: 'custom',
              message: `key ${i + 1} is not 32 bytes as 64 hex characters or base64`,
            });
        });
      })
      .transform((keys) => keys.map((key) => decodeKey(key) as Buffer)),
    undefined,
    'Previous master keys (comma-separated, hex or base64), still accepted for reading while `rotateMasterKey` re-wraps every data key with MASTER_KEY; remove once it reports nothing left.',
    true,
  ),
  OPERATOR_API_KEY: variable(
    z.string().trim().min(24, { message: 'must be at least 24 characters of random text' }),
    undefined,
    'Key of the operator: may create and list tenants over the API (the local CLI needs no key for that).',
    true,
  ),
  FETCH_ALLOW_HOSTS: variable(
    list.superRefine((entries, ctx) => {
      for (const entry of entries) {
        const problem = allowEntryProblem(entry);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    }),
    '',
    'Hosts and CIDRs outbound fetches may reach even though they are private (e.g. `127.0.0.1,10.0.0.0/8,intranet.local`).',
  ),
  FETCH_TIMEOUT_MS: variable(integer(100, 600_000), '15000', 'Time limit of one outbound request.'),
  FETCH_MAX_BYTES: variable(
    integer(1024, 1024 * 1024 * 1024),
    '10485760',
    'Largest outbound response body read.',
  ),
  FETCH_USER_AGENT: variable(
    z.string().trim().min(1),
    'dify-agent/0.1 (+https://github.com/dify-agent/dify-agent)',
    'User agent sent on outbound requests (and matched against robots.txt).',
  ),
  WORKER_CONCURRENCY: variable(integer(1, 256), '4', 'Jobs one worker process runs at once.'),
  JOB_LEASE_MS: variable(
    integer(1000, 3_600_000),
    '30000',
    'How long a job stays claimed without a heartbeat before another worker takes it over.',
  ),
  JOB_POLL_MS: variable(
    integer(10, 60_000),
    '500',
    'How often an idle database-queue worker looks for work.',
  ),
  RATE_LIMIT_CONTENT: variable(
    integer(1, 1_000_000),
    '100',
    'Requests per hour per tenant for content operations.',
  ),
  RATE_LIMIT_PUBLISHING: variable(
    integer(1, 1_000_000),
    '100',
    'Requests per hour per tenant for publishing operations.',
  ),
  RATE_LIMIT_ANALYTICS: variable(
    integer(1, 1_000_000),
    '500',
    'Requests per hour per tenant for analytics operations.',
  ),
  RATE_LIMIT_KNOWLEDGE: variable(
    integer(1, 1_000_000),
    '1000',
    'Requests per hour per tenant for knowledge operations.',
  ),
  RATE_LIMIT_ADMIN: variable(
    integer(1, 1_000_000),
    '1000',
    'Requests per hour per tenant for account and key operations.',
  ),
  AI_MODEL: variable(modelRef, 'local', 'Default model: `local` (offline engine) or `provider:model`.'),
  AI_MODEL_EXTRACTION: variable(
    modelRef,
    undefined,
    'Model for knowledge extraction (defaults to AI_MODEL).',
  ),
  AI_MODEL_GENERATION: variable(modelRef, undefined, 'Model for writing posts (defaults to AI_MODEL).'),
  AI_MODEL_JUDGE: variable(modelRef, undefined, 'Model for judging and reranking (defaults to AI_MODEL).'),
  AI_FALLBACK_MODELS: variable(list, '', 'Comma-separated models tried in order when the chosen one fails.'),
  AI_TIMEOUT_MS: variable(integer(1000, 600_000), '60000', 'Time limit of one model call.'),
  AI_MAX_RETRIES: variable(integer(0, 10), '2', 'Retries of a model call on retryable errors.'),
  AI_CIRCUIT_FAILURES: variable(
    integer(1, 100),
    '5',
    'Consecutive failures of a provider that open its circuit breaker (calls then skip it).',
  ),
  AI_CIRCUIT_COOLDOWN_MS: variable(
    integer(1000, 3_600_000),
    '30000',
    'How long an open circuit stays open before one probe call is let through.',
  ),
  AI_MONTHLY_BUDGET_USD: variable(
    decimal(0),
    undefined,
    'Default monthly spend limit per tenant on paid models; unset means no limit.',
  ),
  AI_PRICES: variable(
    z.string().trim(),
    undefined,
    'JSON object of prices in USD per million tokens, e.g. {"openai:gpt-4o-mini":{"input":0.15,"output":0.6}}.',
  ),
  EMBEDDING_MODEL: variable(
    modelRef,
    'local',
    'Embedding model: `local` (lexical, offline) or `provider:model`.',
  ),
  OPENAI_API_KEY: variable(z.string().trim().min(1), undefined, 'Key for openai:* models.', true),
  OPENAI_BASE_URL: variable(httpUrl, undefined, 'Alternative base URL for the OpenAI API.'),
  ANTHROPIC_API_KEY: variable(z.string().trim().min(1), undefined, 'Key for anthropic:* models.', true),
  ANTHROPIC_BASE_URL: variable(httpUrl, undefined, 'Alternative base URL for the Anthropic API.'),
  GOOGLE_GENERATIVE_AI_API_KEY: variable(
    z.string().trim().min(1),
    undefined,
    'Key for google:* models.',
    true,
  ),
  GOOGLE_BASE_URL: variable(httpUrl, undefined, 'Alternative base URL for the Google Generative AI API.'),
  OPENAI_COMPATIBLE: variable(
    z.string().trim(),
    undefined,
    'JSON list of OpenAI-compatible servers, e.g. [{"name":"ollama","baseUrl":"http://127.0.0.1:11434/v1"}] (optional "apiKey", and "structuredOutputs": false for servers without JSON-schema output).',
  ),
  FIRECRAWL_API_KEY: variable(
    z.string().trim().min(1),
    undefined,
    'Enables the Firecrawl extraction adapter for crawls.',
    true,
  ),
  JINA_API_KEY: variable(
    z.string().trim().min(1),
    undefined,
    'Enables the Jina Reader extraction adapter.',
    true,
  ),
  CRAWL_CONCURRENCY: variable(integer(1, 64), '10', 'Pages fetched at once by one crawl.'),
  CRAWL_HOST_DELAY_MS: variable(
    integer(0, 60_000),
    '250',
    'Politeness delay between requests to the same host.',
  ),
  CRAWL_MAX_PAGES: variable(integer(1, 100_000), '500', 'Default page limit of a crawl.'),
  SEARCH_CACHE_TTL_MS: variable(integer(0, 86_400_000), '3600000', 'How long search results stay cached.'),
  MEDIA_STORAGE: variable(
    z.enum(['local', 's3']),
    'local',
    'Where media files live: `local` (MEDIA_DIR) or `s3` (an S3-compatible bucket, S3_* settings).',
  ),
  MEDIA_DIR: variable(
    z.string().trim().min(1),
    '$DATA_DIR/media',
    'Directory of media files when MEDIA_STORAGE=local (directories 0700, files 0600).',
  ),
  MEDIA_MAX_UPLOAD_BYTES: variable(
    integer(1024, 2_000_000_000),
    '536870912',
    'Largest media file accepted by media.upload (images, video, GIF, fonts).',
  ),
  S3_ENDPOINT: variable(
    httpUrl,
    undefined,
    'S3-compatible endpoint, e.g. https://s3.eu-central-1.amazonaws.com or http://127.0.0.1:9000 (MinIO).',
  ),
  S3_BUCKET: variable(z.string().trim().min(3).max(63), undefined, 'Bucket for media files.'),
  S3_REGION: variable(z.string().trim().min(1), 'us-east-1', 'Region used to sign S3 requests.'),
  S3_ACCESS_KEY_ID: variable(z.string().trim().min(1), undefined, 'Access key id for the S3 bucket.', true),
  S3_SECRET_ACCESS_KEY: variable(
    z.string().trim().min(1),
    undefined,
    'Secret access key for the S3 bucket.',
    true,
  ),
  S3_FORCE_PATH_STYLE: variable(
    boolean,
    'true',
    'Address the bucket as ENDPOINT/BUCKET/key (MinIO, most self-hosted servers) instead of BUCKET.ENDPOINT/key.',
  ),
  S3_PREFIX: variable(z.string().trim(), '', 'Key prefix inside the bucket, e.g. `dify-agent/`.'),
  IMAGE_MODEL: variable(
    modelRef,
    'local',
    'Image model for media.generate_image: `local` (the designed graphic), `openai:gpt-image-1` or `openai-compatible:<server>:<model>`.',
  ),
  X_API_BASE_URL: variable(
    httpUrl,
    'https://api.x.com',
    'X API host (posts, media, OAuth tokens); the simulator in tests.',
  ),
  X_OAUTH_AUTHORIZE_URL: variable(
    httpUrl,
    'https://x.com/i/oauth2/authorize',
    'X OAuth 2.0 consent page people are sent to when connecting an account.',
  ),
  X_CLIENT_ID: variable(
    z.string().trim().min(1),
    undefined,
    'OAuth 2.0 client id of your X app (connect flow).',
  ),
  X_CLIENT_SECRET: variable(
    z.string().trim().min(1),
    undefined,
    'OAuth 2.0 client secret of your X app (confidential client); leave unset for a public client.',
    true,
  ),
  LINKEDIN_API_BASE_URL: variable(
    httpUrl,
    'https://api.linkedin.com',
    'LinkedIn API host (/rest/posts, /rest/images, /rest/videos, /v2/userinfo).',
  ),
  LINKEDIN_OAUTH_BASE_URL: variable(
    httpUrl,
    'https://www.linkedin.com/oauth/v2',
    'LinkedIn OAuth base: {base}/authorization, {base}/accessToken, {base}/revoke.',
  ),
  LINKEDIN_VERSION: variable(
    z
      .string()
      .trim()
      .regex(/^\d{6}$/, { message: 'expected YYYYMM, e.g. 202603' }),
    '202603',
    'LinkedIn-Version header of the versioned /rest API (YYYYMM).',
  ),
  LINKEDIN_SCOPES: variable(
    list,
    'openid,profile,w_member_social,r_member_social,w_organization_social,r_organization_social,rw_organization_admin',
    'Scopes asked when connecting LinkedIn. The default needs the Community Management API product (posting as a Page, reading posts back); a self-serve "Share on LinkedIn" app sets openid,profile,w_member_social.',
  ),
  LINKEDIN_CLIENT_ID: variable(z.string().trim().min(1), undefined, 'Client id of your LinkedIn app.'),
  LINKEDIN_CLIENT_SECRET: variable(
    z.string().trim().min(1),
    undefined,
    'Client secret of your LinkedIn app.',
    true,
  ),
  FACEBOOK_GRAPH_BASE_URL: variable(
    httpUrl,
    'https://graph.facebook.com',
    'Graph API host for Facebook Pages and Instagram: {base}/{FACEBOOK_GRAPH_VERSION}/….',
  ),
  FACEBOOK_GRAPH_VERSION: variable(
    z
      .string()
      .trim()
      .regex(/^v\d+\.\d+$/, { message: 'expected vNN.N, e.g. v25.0' }),
    'v25.0',
    'Graph API version in every Facebook and Instagram call.',
  ),
  FACEBOOK_DIALOG_BASE_URL: variable(
    httpUrl,
    'https://www.facebook.com',
    'Host of the Facebook Login dialog ({base}/{version}/dialog/oauth), for Facebook and Instagram.',
  ),
  FACEBOOK_APP_ID: variable(
    z.string().trim().min(1),
    undefined,
    'App id of your Meta app (Facebook and Instagram).',
  ),
  FACEBOOK_APP_SECRET: variable(z.string().trim().min(1), undefined, 'App secret of your Meta app.', true),
  PUBLISHING_REDIRECT_URL: variable(
    httpUrl,
    undefined,
    'Where platforms send people back after consent (registered with each app); defaults to PUBLIC_URL/connect/callback.',
  ),
  PUBLISHING_CONCURRENCY: variable(
    integer(1, 100),
    '4',
    'Publications in flight at once per platform, across all workers (shared through Redis or the database).',
  ),
  PUBLISHING_DAILY_CAPS: variable(
    z
      .string()
      .trim()
      .regex(/^((linkedin|x|facebook|instagram)=\d+)(,(linkedin|x|facebook|instagram)=\d+)*$/, {
        message: 'expected platform=number pairs, e.g. x=100,instagram=50',
      }),
    'linkedin=100,x=100,facebook=100,instagram=50',
    'Most posts per account in any 24 hours, per platform; more wait for the window.',
  ),
  PUBLISHING_MAX_ATTEMPTS: variable(
    integer(1, 20),
    '5',
    'Attempts to publish one post where a retry is safe (backoff with jitter between them).',
  ),
  PUBLISHING_RETRY_BASE_MS: variable(
    integer(10, 3_600_000),
    '30000',
    'First retry delay; doubles per attempt.',
  ),
  PUBLISHING_RECONCILE_DELAY_MS: variable(
    integer(10, 3_600_000),
    '60000',
    'Wait before reading an account to settle an unconfirmed publication (platforms list new posts late).',
  ),
  PUBLISHING_REQUEST_TIMEOUT_MS: variable(
    integer(100, 600_000),
    '30000',
    'Time limit of one platform call; a create call past it is unconfirmed, never re-sent blindly.',
  ),
  PUBLISHING_MEDIA_POLL_MS: variable(
    integer(10, 600_000),
    '5000',
    'How often media processing (videos, Instagram containers) is polled.',
  ),
  PUBLISHING_MEDIA_TIMEOUT_MS: variable(
    integer(1000, 3_600_000),
    '300000',
    'How long media processing may take before the attempt fails (and is retried).',
  ),
  PUBLISHING_MEDIA_MAX_BYTES: variable(
    integer(1024, 2 * 1024 * 1024 * 1024),
    '104857600',
    'Largest media file fetched for upload to X or LinkedIn.',
  ),
  WEB_DIST_DIR: variable(
    z.string().trim().min(1),
    undefined,
    'Directory of the built web app (defaults to dist/web).',
  ),
  TRUST_PROXY: variable(
    boolean,
    'false',
    'Trust X-Forwarded-For for client addresses (behind a reverse proxy).',
  ),
} as const;

export type VariableName = keyof typeof variables;

/** Decodes a 32-byte key given as 64 hex characters or base64; undefined when it is neither. */
export function decodeKey(value: string): Buffer | undefined {
  const v = value.trim();
  if (/^[0-9a-f]{64}$/i.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) {
    const bytes = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return bytes;
  }
  return undefined;
}
