import type { Config } from '../config/load.js';
import { AppError } from '../core/errors.js';

/** What a model call is for. Each task can have its own model (`AI_MODEL_<TASK>`), else `AI_MODEL`. */
export const aiTasks = ['default', 'extraction', 'generation', 'judge', 'embedding'] as const;
export type AiTask = (typeof aiTasks)[number];
/** Tasks answered by a language model (everything but embeddings). */
export type TextTask = Exclude<AiTask, 'embedding'>;
export const textTasks: readonly TextTask[] = ['default', 'extraction', 'generation', 'judge'];

export const providerIds = ['local', 'openai', 'anthropic', 'google', 'openai-compatible'] as const;
export type ProviderId = (typeof providerIds)[number];

/** The offline engine's model id. */
export const LOCAL_MODEL = 'local';

/** A parsed `provider:model` reference. */
export interface ModelRef {
  /** The reference as written in config and recorded in the ledger, e.g. `openai:gpt-4o-mini`. */
  id: string;
  provider: ProviderId;
  /** Model name as the provider knows it, e.g. `gpt-4o-mini` (`local` for the offline engine). */
  modelId: string;
  /** For `openai-compatible:<server>:<model>`: the server's name from OPENAI_COMPATIBLE. */
  server?: string;
  /**
   * The unit a circuit breaker and the provider status track: `openai`, `anthropic`, `google`,
   * `openai-compatible:<server>` or `local`.
   */
  providerKey: string;
}

/**
 * Parses `local`, `openai:<model>`, `anthropic:<model>`, `google:<model>` or
 * `openai-compatible:<server>:<model>`. Throws `ai.invalid_model` naming what is wrong.
 */
export function parseModelRef(value: string): ModelRef {
  const id = value.trim();
  if (id === LOCAL_MODEL) return { id, provider: 'local', modelId: LOCAL_MODEL, providerKey: 'local' };
  const colon = id.indexOf(':');
  const provider = colon > 0 ? id.slice(0, colon) : '';
  const rest = colon > 0 ? id.slice(colon + 1) : '';
  if (!(providerIds as readonly string[]).includes(provider) || provider === 'local') {
    throw new AppError(
      'ai.invalid_model',
      400,
      `"${id}" is not a model reference; use local, openai:<model>, anthropic:<model>, google:<model> or openai-compatible:<server>:<model>`,
      { model: id },
    );
  }
  if (provider === 'openai-compatible') {
    const sep = rest.indexOf(':');
    const server = sep > 0 ? rest.slice(0, sep) : '';
    const modelId = sep > 0 ? rest.slice(sep + 1) : '';
    if (!server || !modelId) {
      throw new AppError(
        'ai.invalid_model',
        400,
        `"${id}" needs a server name and a model, e.g. openai-compatible:ollama:llama3.1`,
        { model: id },
      );
    }
    return { id, provider, modelId, server, providerKey: `openai-compatible:${server}` };
  }
  if (!rest) {
    throw new AppError('ai.invalid_model', 400, `"${id}" names no model after "${provider}:"`, { model: id });
  }
  return { id, provider: provider as ProviderId, modelId: rest, providerKey: provider };
}

/** The model configured for a task: `AI_MODEL_<TASK>` when set, else `AI_MODEL` (`EMBEDDING_MODEL` for embeddings). */
export function modelForTask(ai: Config['ai'], task: AiTask): string {
  if (task === 'embedding') return ai.embeddingModel;
  if (task === 'default') return ai.model;
  return ai.taskModels[task] ?? ai.model;
}

/**
 * The models a text task tries in order: its configured model, then AI_FALLBACK_MODELS (without
 * duplicates), and always the offline engine last. A task configured as `local` goes straight to the
 * offline engine: paid fallbacks behind a free default would only spend money.
 */
export function fallbackChain(ai: Config['ai'], task: TextTask): ModelRef[] {
  const primary = parseModelRef(modelForTask(ai, task));
  if (primary.provider === 'local') return [primary];
  const seen = new Set<string>([primary.id]);
  const chain = [primary];
  for (const raw of ai.fallbackModels) {
    const ref = parseModelRef(raw);
    if (ref.provider === 'local' || seen.has(ref.id)) continue;
    seen.add(ref.id);
    chain.push(ref);
  }
  chain.push(parseModelRef(LOCAL_MODEL));
  return chain;
}
