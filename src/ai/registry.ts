import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { EmbeddingModelV3, LanguageModelV3 } from '@ai-sdk/provider';
import type { Config, OpenAICompatibleServer } from '../config/load.js';
import { AppError } from '../core/errors.js';
import type { ModelRef, ProviderId } from './models.js';
import { LocalEmbeddingModel } from './offline/embedding.js';

type FetchFunction = typeof globalThis.fetch;

/** Whether a provider can be called, and if not, what setting is missing. */
export interface ProviderStatus {
  /** `openai`, `anthropic`, `google`, `openai-compatible:<server>` or `local`. */
  providerKey: string;
  provider: ProviderId;
  configured: boolean;
  /** The setting to add when not configured, e.g. `OPENAI_API_KEY`. */
  missing?: string;
  /** The API base URL calls go to (absent for the offline engine). */
  baseUrl?: string;
}

/**
 * Turns model references into AI SDK model instances. Never hands out a plain string: the SDK would
 * route a string id through the Vercel AI Gateway, which this product must not do.
 */
export interface ModelRegistry {
  languageModel(ref: ModelRef): LanguageModelV3;
  embeddingModel(ref: ModelRef): EmbeddingModelV3;
  /** Status of one provider (by `ref.providerKey`). */
  status(ref: ModelRef): ProviderStatus;
  /** Status of every provider the configuration knows of. */
  providers(): ProviderStatus[];
}

export interface ModelRegistryOptions {
  /** Used by every provider client instead of the global fetch (proxies, the contract tests). */
  fetch?: FetchFunction;
  /** The offline embedding; defaults to the built-in lexical model. */
  localEmbedding?: EmbeddingModelV3;
  /**
   * Model instances to use for given reference ids instead of building provider clients, e.g. the AI
   * SDK's mock models in tests. Such a model counts as configured.
   */
  models?: Record<string, LanguageModelV3 | EmbeddingModelV3>;
}

const DEFAULT_BASE_URLS = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
  google: 'https://generativelanguage.googleapis.com/v1beta',
} as const;

const KEY_SETTINGS = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  google: 'GOOGLE_GENERATIVE_AI_API_KEY',
} as const;

type CloudProvider = keyof typeof KEY_SETTINGS;

function isLanguageModel(m: LanguageModelV3 | EmbeddingModelV3): m is LanguageModelV3 {
  return 'doGenerate' in m;
}

/** Builds the registry for the configured providers. Provider clients are created on first use. */
export function createModelRegistry(ai: Config['ai'], options: ModelRegistryOptions = {}): ModelRegistry {
  const localEmbedding = options.localEmbedding ?? new LocalEmbeddingModel();
  const overrides = options.models ?? {};
  const servers = new Map<string, OpenAICompatibleServer>(ai.openaiCompatible.map((s) => [s.name, s]));
  const fetchOption = options.fetch ? { fetch: options.fetch } : {};

  // One client per provider, made lazily so an unused provider costs nothing.
  let openai: ReturnType<typeof createOpenAI> | undefined;
  let anthropic: ReturnType<typeof createAnthropic> | undefined;
  let google: ReturnType<typeof createGoogleGenerativeAI> | undefined;
  const compatible = new Map<string, ReturnType<typeof createOpenAICompatible>>();

  function cloudStatus(provider: CloudProvider): ProviderStatus {
    const configured = ai.keys[provider] !== undefined;
    return {
      providerKey: provider,
      provider,
      configured,
      ...(configured ? {} : { missing: KEY_SETTINGS[provider] }),
      baseUrl: ai.baseUrls[provider] ?? DEFAULT_BASE_URLS[provider],
    };
  }

  function compatibleStatus(name: string): ProviderStatus {
    const server = servers.get(name);
    return {
      providerKey: `openai-compatible:${name}`,
      provider: 'openai-compatible',
      configured: server !== undefined,
      ...(server ? { baseUrl: server.baseUrl } : { missing: `OPENAI_COMPATIBLE entry named "${name}"` }),
    };
  }

  function status(ref: ModelRef): ProviderStatus {
    if (overrides[ref.id]) return { providerKey: ref.providerKey, provider: ref.provider, configured: true };
    switch (ref.provider) {
      case 'local':
        return { providerKey: 'local', provider: 'local', configured: true };
      case 'openai-compatible':
        return compatibleStatus(ref.server as string);
      default:
        return cloudStatus(ref.provider);
    }
  }

  /** Throws `ai.provider_not_configured` naming the setting to add. */
  function requireConfigured(ref: ModelRef): void {
    const s = status(ref);
    if (s.configured) return;
    const what =
      ref.provider === 'openai-compatible'
        ? `OPENAI_COMPATIBLE has no server named "${ref.server}"; add {"name":"${ref.server}","baseUrl":"http://…/v1"} to it`
        : `${s.missing} is not set`;
    throw new AppError(
      'ai.provider_not_configured',
      503,
      `model ${ref.id} is selected but its provider is not configured: ${what}`,
      { model: ref.id, provider: ref.providerKey, missing: s.missing },
    );
  }

  function compatibleClient(name: string): ReturnType<typeof createOpenAICompatible> {
    let client = compatible.get(name);
    if (!client) {
      const server = servers.get(name) as OpenAICompatibleServer;
      client = createOpenAICompatible({
        name,
        baseURL: server.baseUrl,
        ...(server.apiKey ? { apiKey: server.apiKey } : {}),
        // Ollama, vLLM and LM Studio accept json_schema response formats; without this the SDK would
        // send json_object and the model would never see the schema.
        supportsStructuredOutputs: server.structuredOutputs ?? true,
        ...fetchOption,
      });
      compatible.set(name, client);
    }
    return client;
  }

  function openaiClient() {
    openai ??= createOpenAI({
      apiKey: ai.keys.openai as string,
      ...(ai.baseUrls.openai ? { baseURL: ai.baseUrls.openai } : {}),
      ...fetchOption,
    });
    return openai;
  }
  function anthropicClient() {
    anthropic ??= createAnthropic({
      apiKey: ai.keys.anthropic as string,
      ...(ai.baseUrls.anthropic ? { baseURL: ai.baseUrls.anthropic } : {}),
      ...fetchOption,
    });
    return anthropic;
  }
  function googleClient() {
    google ??= createGoogleGenerativeAI({
      apiKey: ai.keys.google as string,
      ...(ai.baseUrls.google ? { baseURL: ai.baseUrls.google } : {}),
      ...fetchOption,
    });
    return google;
  }

  return {
    status,
    providers() {
      const list: ProviderStatus[] = [
        { providerKey: 'local', provider: 'local', configured: true },
        cloudStatus('openai'),
        cloudStatus('anthropic'),
        cloudStatus('google'),
      ];
      for (const name of servers.keys()) list.push(compatibleStatus(name));
      return list;
    },
    languageModel(ref) {
      const override = overrides[ref.id];
      if (override) {
        if (!isLanguageModel(override)) {
          throw new AppError(
            'ai.invalid_model',
            400,
            `${ref.id} is an embedding model, not a language model`,
          );
        }
        return override;
      }
      if (ref.provider === 'local') {
        // The offline engine answers through each call's own `offline` function, not a model instance.
        throw new AppError('ai.invalid_model', 400, 'the offline engine is not a language model instance');
      }
      requireConfigured(ref);
      switch (ref.provider) {
        case 'openai':
          return openaiClient().responses(ref.modelId);
        case 'anthropic':
          return anthropicClient().messages(ref.modelId);
        case 'google':
          return googleClient().chat(ref.modelId);
        case 'openai-compatible':
          return compatibleClient(ref.server as string).chatModel(ref.modelId);
      }
    },
    embeddingModel(ref) {
      const override = overrides[ref.id];
      if (override) {
        if (isLanguageModel(override)) {
          throw new AppError(
            'ai.invalid_model',
            400,
            `${ref.id} is a language model, not an embedding model`,
          );
        }
        return override;
      }
      if (ref.provider === 'local') return localEmbedding;
      if (ref.provider === 'anthropic') {
        throw new AppError(
          'ai.embedding_unsupported',
          400,
          `Anthropic offers no embedding models; set EMBEDDING_MODEL to local, openai:…, google:… or openai-compatible:…`,
          { model: ref.id },
        );
      }
      requireConfigured(ref);
      switch (ref.provider) {
        case 'openai':
          return openaiClient().embedding(ref.modelId);
        case 'google':
          return googleClient().embedding(ref.modelId);
        case 'openai-compatible':
          return compatibleClient(ref.server as string).embeddingModel(ref.modelId);
      }
    },
  };
}
