/**
 * Image models by configuration (IMAGE_MODEL): OpenAI Images (`openai:gpt-image-1`, key OPENAI_API_KEY,
 * base URL OPENAI_BASE_URL) or any OpenAI-compatible server from OPENAI_COMPATIBLE
 * (`openai-compatible:<server>:<model>`), both through the AI SDK's image models. `local` has no image
 * model: callers fall back to the designed graphic.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { ImageModelV3 } from '@ai-sdk/provider';
import { generateImage } from 'ai';
import type { Config } from '../../../config/load.js';
import { AppError, describeError } from '../../../core/errors.js';

export interface ImageModelChoice {
  ref: string;
  model: ImageModelV3 | null;
}

export function imageModelFor(config: Config, fetchImpl?: typeof fetch): ImageModelChoice {
  const ref = config.media.imageModel;
  if (ref === 'local') return { ref, model: null };
  const fetchOption = fetchImpl ? { fetch: fetchImpl } : {};
  if (ref.startsWith('openai:')) {
    const key = config.ai.keys.openai;
    if (!key)
      throw new AppError('media.image_model_unconfigured', 409, `IMAGE_MODEL=${ref} needs OPENAI_API_KEY`);
    const openai = createOpenAI({
      apiKey: key,
      ...(config.ai.baseUrls.openai ? { baseURL: config.ai.baseUrls.openai } : {}),
      ...fetchOption,
    });
    return { ref, model: openai.image(ref.slice('openai:'.length)) };
  }
  if (ref.startsWith('openai-compatible:')) {
    const [, server, ...rest] = ref.split(':');
    const entry = config.ai.openaiCompatible.find((s) => s.name === server);
    if (!entry || rest.length === 0) {
      throw new AppError(
        'media.image_model_unconfigured',
        409,
        `IMAGE_MODEL=${ref} names server "${server}", which OPENAI_COMPATIBLE does not list`,
      );
    }
    const provider = createOpenAICompatible({
      name: entry.name,
      baseURL: entry.baseUrl,
      ...(entry.apiKey ? { apiKey: entry.apiKey } : {}),
      ...fetchOption,
    });
    return { ref, model: provider.imageModel(rest.join(':')) };
  }
  throw new AppError(
    'media.image_model_unsupported',
    409,
    `IMAGE_MODEL=${ref}: use local, openai:<model> or openai-compatible:<server>:<model>`,
  );
}

export async function generateWithModel(
  model: ImageModelV3,
  prompt: { prompt: string; negativePrompt: string; modelSize: string },
  signal?: AbortSignal,
): Promise<{ data: Buffer; mediaType: string; warnings: string[] }> {
  try {
    const result = await generateImage({
      model,
      // OpenAI's images API has no negative prompt; say it in words.
      prompt: `${prompt.prompt} Avoid: ${prompt.negativePrompt}.`,
      size: prompt.modelSize as `${number}x${number}`,
      n: 1,
      maxRetries: 1,
      ...(signal ? { abortSignal: signal } : {}),
    });
    const image = result.image;
    return {
      data: Buffer.from(image.uint8Array),
      mediaType: image.mediaType,
      warnings: result.warnings.map((w) => JSON.stringify(w)),
    };
  } catch (error) {
    throw new AppError('media.image_model_failed', 502, `the image model failed: ${describeError(error)}`);
  }
}
